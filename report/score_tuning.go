package report

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// Tuning holds the parameters that science.md marks [HEUR] (design choices
// with no direct trial behind them), plus the few fallbacks this package
// adds. Evidence-based steps (the g(h) table, dose ranges, weights, bands,
// caps) are named constants instead. Start from [DefaultTuning] and change
// fields; a zero Tuning in [ScoreOptions] means DefaultTuning.
type Tuning struct {
	// Context multiplier C = status × sex (R1).
	MultTrained, MultModerate, MultUntrained float64 // 1.2, 1.0, 0.7
	MultMale, MultFemale, MultSexUnknown     float64 // 1.0, 0.8, 0.9

	// Modality factor m of a session (R2): running, cycling, rowing (and
	// elliptical, other machines), walking (and hiking), swimming.
	ModalityRun      float64 // 1.0
	ModalityCycling  float64 // 0.7
	ModalityRowing   float64 // 0.8
	ModalityWalking  float64 // 0.3
	ModalitySwimming float64 // 0.5 (no factor in science.md; non-weight-bearing, between cycling and walking) [HEUR]

	// Same-session order factor when the lift came first (R4).
	OrderLiftFirst float64 // 0.75

	// Muscle-overlap factor o and P weights of lifts (R5).
	OverlapUpper    float64 // 0.3
	OverlapUnknown  float64 // 0.6
	UpperLiftWeight float64 // 0.3 (lower, full and unknown lifts weigh 1.0)

	// Run duration factor d(t) = clamp((t − DurFloorMin)/(DurFullMin −
	// DurFloorMin)) + DurLongAdd·clamp((t − DurFullMin)/(DurLongMin −
	// DurFullMin)) on intensity-weighted minutes t = max(minutes, TRIMP /
	// TRIMPPerSteadyMin) (R6, R7).
	DurFloorMin, DurFullMin float64 // 20, 60
	DurLongMin, DurLongAdd  float64 // 180, 0.5
	TRIMPPerSteadyMin       float64 // 100/60: a 60-min steady run ≈ 100 TRIMP (R7)

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

	// Daily load proxies: lift load = minutes × LiftLoadPerMin (sRPE 5
	// assumed) for the spike S (M2); an unclassified session without HR
	// (and no HR-calibrated session of its modality) = minutes ×
	// RunLoadPerMin TRIMP, in the dose and the spike.
	LiftLoadPerMin float64 // 5
	RunLoadPerMin  float64 // 100/60

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
		ModalityRun: 1.0, ModalityCycling: 0.7, ModalityRowing: 0.8, ModalityWalking: 0.3, ModalitySwimming: 0.5,
		OrderLiftFirst: 0.75,
		OverlapUpper:   0.3, OverlapUnknown: 0.6, UpperLiftWeight: 0.3,
		DurFloorMin: 20, DurFullMin: 60, DurLongMin: 180, DurLongAdd: 0.5, TRIMPPerSteadyMin: 100.0 / 60,
		TRIMPFloor: 150, TRIMPFull: 500,
		RestNone: 1.0, RestOne: 0.4, StreakDays: 6, StreakAdd: 0.3,
		NutritionPrior: 0.25,
		LiftLoadPerMin: 5, RunLoadPerMin: 100.0 / 60,
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

// tuningField is one [Tuning] field by its profile name.
type tuningField struct {
	name string
	f    func(*Tuning) *float64 // float fields
	i    func(*Tuning) *int     // integer fields
	min  float64                // smallest allowed value
}

// tuningFields lists the profile names of the [Tuning] fields: the field
// name in snake_case ("OrderLiftFirst" → "order_lift_first").
var tuningFields = []tuningField{
	{name: "mult_trained", f: func(t *Tuning) *float64 { return &t.MultTrained }},
	{name: "mult_moderate", f: func(t *Tuning) *float64 { return &t.MultModerate }},
	{name: "mult_untrained", f: func(t *Tuning) *float64 { return &t.MultUntrained }},
	{name: "mult_male", f: func(t *Tuning) *float64 { return &t.MultMale }},
	{name: "mult_female", f: func(t *Tuning) *float64 { return &t.MultFemale }},
	{name: "mult_sex_unknown", f: func(t *Tuning) *float64 { return &t.MultSexUnknown }},
	{name: "modality_run", f: func(t *Tuning) *float64 { return &t.ModalityRun }},
	{name: "modality_cycling", f: func(t *Tuning) *float64 { return &t.ModalityCycling }},
	{name: "modality_rowing", f: func(t *Tuning) *float64 { return &t.ModalityRowing }},
	{name: "modality_walking", f: func(t *Tuning) *float64 { return &t.ModalityWalking }},
	{name: "modality_swimming", f: func(t *Tuning) *float64 { return &t.ModalitySwimming }},
	{name: "order_lift_first", f: func(t *Tuning) *float64 { return &t.OrderLiftFirst }},
	{name: "overlap_upper", f: func(t *Tuning) *float64 { return &t.OverlapUpper }},
	{name: "overlap_unknown", f: func(t *Tuning) *float64 { return &t.OverlapUnknown }},
	{name: "upper_lift_weight", f: func(t *Tuning) *float64 { return &t.UpperLiftWeight }},
	{name: "dur_floor_min", f: func(t *Tuning) *float64 { return &t.DurFloorMin }},
	{name: "dur_full_min", f: func(t *Tuning) *float64 { return &t.DurFullMin }},
	{name: "dur_long_min", f: func(t *Tuning) *float64 { return &t.DurLongMin }},
	{name: "dur_long_add", f: func(t *Tuning) *float64 { return &t.DurLongAdd }},
	{name: "trimp_per_steady_min", f: func(t *Tuning) *float64 { return &t.TRIMPPerSteadyMin }, min: 0.1},
	{name: "trimp_floor", f: func(t *Tuning) *float64 { return &t.TRIMPFloor }},
	{name: "trimp_full", f: func(t *Tuning) *float64 { return &t.TRIMPFull }},
	{name: "rest_none", f: func(t *Tuning) *float64 { return &t.RestNone }},
	{name: "rest_one", f: func(t *Tuning) *float64 { return &t.RestOne }},
	{name: "streak_days", i: func(t *Tuning) *int { return &t.StreakDays }, min: 2},
	{name: "streak_add", f: func(t *Tuning) *float64 { return &t.StreakAdd }},
	{name: "nutrition_prior", f: func(t *Tuning) *float64 { return &t.NutritionPrior }},
	{name: "lift_load_per_min", f: func(t *Tuning) *float64 { return &t.LiftLoadPerMin }},
	{name: "run_load_per_min", f: func(t *Tuning) *float64 { return &t.RunLoadPerMin }},
	{name: "date_only_gap_cap", f: func(t *Tuning) *float64 { return &t.DateOnlyGapCap }},
	{name: "default_body_mass_kg", f: func(t *Tuning) *float64 { return &t.DefaultBodyMassKg }, min: 25},
	{name: "protein_target", f: func(t *Tuning) *float64 { return &t.ProteinTarget }, min: ProteinFloor + 0.1},
	{name: "protein_target_deficit", f: func(t *Tuning) *float64 { return &t.ProteinTargetDeficit }, min: ProteinFloor + 0.1},
	{name: "non_exercise_pal", f: func(t *Tuning) *float64 { return &t.NonExercisePAL }, min: 1},
	{name: "sustained_deficit_kcal", f: func(t *Tuning) *float64 { return &t.SustainedDeficitKcal }},
	{name: "weight_stable_pct", f: func(t *Tuning) *float64 { return &t.WeightStablePct }},
	{name: "min_log_days", i: func(t *Tuning) *int { return &t.MinLogDays }, min: 1},
	{name: "body_fat_range_pts", f: func(t *Tuning) *float64 { return &t.BodyFatRangePts }},
}

// TuningKeys returns the names accepted in a profile's "tuning" object,
// in the order of the [Tuning] fields.
func TuningKeys() []string {
	keys := make([]string, len(tuningFields))
	for i, f := range tuningFields {
		keys[i] = f.name
	}
	return keys
}

// ApplyTuning returns t with the profile tuning m laid over it (m's keys
// are the snake_case names of [TuningKeys]). Unknown keys, negative or
// non-finite values, non-integer counts and ranges that end before they
// start (dur_floor_min ≥ dur_full_min, trimp_floor ≥ trimp_full) are
// errors naming the key; t is then returned unchanged.
func ApplyTuning(t Tuning, m map[string]float64) (Tuning, error) {
	if len(m) == 0 {
		return t, nil
	}
	out := t
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		i := slices.IndexFunc(tuningFields, func(f tuningField) bool { return f.name == k })
		if i < 0 {
			return t, fmt.Errorf("tuning %q: unknown key (known: %s)", k, strings.Join(TuningKeys(), ", "))
		}
		f := tuningFields[i]
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			return t, fmt.Errorf("tuning %q: %g is not a finite number", k, v)
		case v < f.min:
			return t, fmt.Errorf("tuning %q: %g is below %g", k, v, f.min)
		}
		if f.i != nil {
			if v != math.Trunc(v) || v > 1000 {
				return t, fmt.Errorf("tuning %q: %g is not a whole number of days", k, v)
			}
			*f.i(&out) = int(v)
			continue
		}
		*f.f(&out) = v
	}
	switch {
	case out.DurFloorMin >= out.DurFullMin:
		return t, fmt.Errorf("tuning \"dur_floor_min\": %g must be below dur_full_min %g", out.DurFloorMin, out.DurFullMin)
	case out.DurFullMin >= out.DurLongMin:
		return t, fmt.Errorf("tuning \"dur_long_min\": %g must be above dur_full_min %g", out.DurLongMin, out.DurFullMin)
	case out.TRIMPFloor >= out.TRIMPFull:
		return t, fmt.Errorf("tuning \"trimp_floor\": %g must be below trimp_full %g", out.TRIMPFloor, out.TRIMPFull)
	}
	return out, nil
}

// ValidateTuning checks a profile's tuning object (see [ApplyTuning]).
func ValidateTuning(m map[string]float64) error {
	_, err := ApplyTuning(DefaultTuning(), m)
	return err
}
