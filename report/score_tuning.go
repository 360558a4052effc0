package report

// Tuning holds the parameters that science.md marks [HEUR] (design choices
// with no direct trial behind them), plus the few fallbacks this package
// adds. Evidence-based steps (the g(h) table, dose ranges, weights, bands,
// caps) are named constants instead. Start from [DefaultTuning] and change
// fields; a zero Tuning in [ScoreOptions] means DefaultTuning.
type Tuning struct {
	// Context multiplier C = status × sex (R1).
	MultTrained, MultModerate, MultUntrained float64 // 1.2, 1.0, 0.7
	MultMale, MultFemale, MultSexUnknown     float64 // 1.0, 0.8, 0.9

	// Modality factor m of a run (R2).
	ModalityRun float64 // 1.0

	// Same-session order factor when the lift came first (R4).
	OrderLiftFirst float64 // 0.75

	// Muscle-overlap factor o and P weights of lifts (R5).
	OverlapUpper    float64 // 0.3
	OverlapUnknown  float64 // 0.6
	UpperLiftWeight float64 // 0.3 (lower, full and unknown lifts weigh 1.0)

	// Run duration factor d(t) = clamp((t − DurFloorMin)/(DurFullMin − DurFloorMin)) (R6).
	DurFloorMin, DurFullMin float64 // 20, 60

	// Weekly running TRIMP that maps to 0 and 1 in the dose (R7).
	TRIMPFloor, TRIMPFull float64 // 150, 500

	// Recovery R by full rest days (R7): 0 → RestNone, 1 → RestOne, ≥2 → 0;
	// plus StreakAdd when a streak of ≥ StreakDays training days touches the week.
	RestNone, RestOne float64 // 1.0, 0.4
	StreakDays        int     // 6
	StreakAdd         float64 // 0.3

	// Neutral prior for the nutrition-and-sleep component N and each of its
	// parts when it cannot be computed (section 4).
	NutritionPrior float64 // 0.25

	// Daily load proxies for the spike S (M2): lift load = minutes ×
	// LiftLoadPerMin (sRPE 5 assumed, no sRPE logged yet); a run without HR
	// = minutes × RunLoadPerMin TRIMP-equivalents.
	LiftLoadPerMin float64 // 5
	RunLoadPerMin  float64 // 1.5

	// Date-only lifts: g is capped at this value for same-day pairs (section 6).
	DateOnlyGapCap float64 // 0.45, the 3–6 h step

	// Under-fueling.
	DefaultBodyMassKg    float64 // 70, used when Params.BodyMassKg is not positive
	ProteinTarget        float64 // 1.6 g/kg/day (F3)
	ProteinTargetDeficit float64 // 2.0 g/kg/day in a deficit or cut (F3)
	NonExercisePAL       float64 // 1.4: TDEE = RMR × this + net exercise kcal (intake deficit, F2)
	SustainedDeficitKcal float64 // 100: mean deficit above this counts as "sustained" (bulk floor, protein target)
	WeightStablePct      float64 // 0.1: weekly loss ≤ this % of mass counts as stable (F2 proxy)
	MinLogDays           int     // 4: food-log days in a week needed for tiers A/B
	BodyFatRangePts      float64 // 5: tier B reports EA over BF% ± this
}

// DefaultTuning returns the values of science.md (and the documented
// fallbacks of docs/scoring.md).
func DefaultTuning() Tuning {
	return Tuning{
		MultTrained: 1.2, MultModerate: 1.0, MultUntrained: 0.7,
		MultMale: 1.0, MultFemale: 0.8, MultSexUnknown: 0.9,
		ModalityRun:    1.0,
		OrderLiftFirst: 0.75,
		OverlapUpper:   0.3, OverlapUnknown: 0.6, UpperLiftWeight: 0.3,
		DurFloorMin: 20, DurFullMin: 60,
		TRIMPFloor: 150, TRIMPFull: 500,
		RestNone: 1.0, RestOne: 0.4, StreakDays: 6, StreakAdd: 0.3,
		NutritionPrior: 0.25,
		LiftLoadPerMin: 5, RunLoadPerMin: 1.5,
		DateOnlyGapCap: GMid,

		DefaultBodyMassKg:    70,
		ProteinTarget:        1.6,
		ProteinTargetDeficit: 2.0,
		NonExercisePAL:       1.4,
		SustainedDeficitKcal: 100,
		WeightStablePct:      0.1,
		MinLogDays:           4,
		BodyFatRangePts:      5,
	}
}
