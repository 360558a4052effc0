package report

import (
	"fmt"
	"maps"
	"math"
	"strings"
	"time"

	"gainguard/ingest"
)

// Energy availability thresholds, kcal·kg FFM⁻¹·day⁻¹ (science.md F1).
const (
	EAReplete        = 45.0 // ≥ → r_EA = 0
	EALowFemale      = 30.0 // female low threshold (Loucks)
	EALowMale        = 25.0 // male low threshold (Jurov, Fagerberg)
	EARiskAtLowF     = 0.6  // r_EA at the female low threshold
	EARiskAtLowM     = 0.5  // r_EA at the male low threshold
	EABelowSpan      = 10.0 // kcal/kg FFM below the low threshold to reach r_EA = 1
	EALowDaysForFlag = 3    // ≥ this many days below the low threshold → +EALowDaysAdd
	EALowDaysAdd     = 0.1
)

// Deficit and weight trend (F2).
const (
	DeficitHalfKcal    = 300.0 // kcal/day deficit → r_def 0.5
	DeficitFullKcal    = 500.0 // kcal/day deficit → r_def 1.0
	BulkDeficitFloor   = 0.5   // bulk phase or hypertrophy goal: a sustained deficit scores ≥ this
	WeightLossHighPct  = 1.0   // weekly loss > this % of mass → 1.0
	WeightLossMidPct   = 0.5   // weekly loss ≥ this % → 0.5 (smaller losses above stable → WeightLossLowRisk)
	WeightLossLowRisk  = 0.2
	CunninghamIntercep = 500.0 // RMR = 500 + 22·FFM (Cunningham 1980), kcal/day
	CunninghamSlope    = 22.0
)

// Protein floor (F3): r_prot = 1 at or below this intake, g/kg/day.
const ProteinFloor = 1.0

// Carbohydrate (F4): daily lower targets by training hours, g/kg, and the
// in-run minimum for runs ≥ LongRunMin.
const (
	CarbLight         = 3.0 // < 1 h of training
	CarbModerate      = 5.0 // 1–2 h ("≈1 h/day")
	CarbHigh          = 6.0 // 2–4 h ("1–3 h/day")
	CarbVeryHigh      = 8.0 // ≥ 4 h
	CarbDayWeight     = 0.6
	CarbRunWeight     = 0.4
	InRunCarbsGPH     = 30.0  // g/h below which a run of LongRunMin–VeryLongRunMin counts as under-fuelled
	LongRunMin        = 60.0  // minutes: in-run fuelling matters from here (F4 sharpened rule)
	VeryLongRunMin    = 150.0 // minutes: beyond, the floor is InRunCarbsLongGPH
	InRunCarbsLongGPH = 60.0  // g/h floor for runs > VeryLongRunMin (F4: 60–90 g/h)
	ExposureLoKgKc    = 20.0  // weekly net EEE per kg mapping to X = 0
	ExposureHiKgKc    = 60.0  // … and to X = 1
	ExposureLongUF    = 0.5   // X add for a run ≥ ExposureUnknownRunMin with unknown fuelling
	// ExposureUnknownRunMin: X's unknown-fuelling flag keeps science.md
	// section 5's 90 min; logged fuelling is judged from LongRunMin.
	ExposureUnknownRunMin = 90.0
)

// Sleep (F5).
const (
	SleepTargetH  = 7.0
	SleepSpanH    = 2.0 // 5 h → r_sleep = 1
	SleepShortH   = 5.0 // any night below → +SleepShortAdd
	SleepShortAdd = 0.2
)

// Tier is the data tier of a week's under-fueling score (section 6): what
// the week has logged decides how far the score can be trusted and its cap.
type Tier string

// Under-fueling tiers.
const (
	TierA Tier = "A" // food log, measured body mass and composition
	TierB Tier = "B" // food log
	TierC Tier = "C" // weight trend, no food log (capped at CapTierC)
	TierD Tier = "D" // exposure only (capped at CapTierD)
)

// Confidence is how far a week's under-fueling score can be trusted.
type Confidence string

// Under-fueling confidences.
const (
	ConfidenceHigh     Confidence = "high"
	ConfidenceMedium   Confidence = "medium"
	ConfidenceLow      Confidence = "low"
	ConfidenceExposure Confidence = "exposure-only"
)

// energyAvailabilityRisk is r_EA of F1 for a 7-day mean EA. Unknown sex
// uses the female curve (the more cautious one for a screening).
func energyAvailabilityRisk(ea float64, sex ingest.Sex) float64 {
	if ea >= EAReplete {
		return 0
	}
	low, atLow := EALowFemale, EARiskAtLowF
	if sex == ingest.SexMale {
		low, atLow = EALowMale, EARiskAtLowM
	}
	if ea >= low {
		return atLow * (EAReplete - ea) / (EAReplete - low)
	}
	return atLow + (1-atLow)*math.Min(1, (low-ea)/EABelowSpan)
}

// eaLowThreshold is the sex-specific low EA threshold.
func eaLowThreshold(sex ingest.Sex) float64 {
	if sex == ingest.SexMale {
		return EALowMale
	}
	return EALowFemale
}

// deficitRisk is r_def of F2 for a mean daily deficit (kcal/day, > 0 is a deficit).
func deficitRisk(deficit float64) float64 {
	switch {
	case deficit <= 0:
		return 0
	case deficit < DeficitHalfKcal:
		return 0.5 * deficit / DeficitHalfKcal
	case deficit < DeficitFullKcal:
		return 0.5 + 0.5*(deficit-DeficitHalfKcal)/(DeficitFullKcal-DeficitHalfKcal)
	}
	return 1
}

// weightTrendRisk is the F2 body-mass proxy for a weekly loss in % of mass.
func weightTrendRisk(lossPct float64, t Tuning) float64 {
	switch {
	case lossPct > WeightLossHighPct:
		return 1
	case lossPct >= WeightLossMidPct:
		return 0.5
	case lossPct > t.WeightStablePct:
		return WeightLossLowRisk
	}
	return 0
}

// proteinRisk is r_prot of F3 for an intake in g/kg/day.
func proteinRisk(gPerKg, target float64) float64 {
	switch {
	case gPerKg >= target:
		return 0
	case gPerKg <= ProteinFloor:
		return 1
	}
	return (target - gPerKg) / (target - ProteinFloor)
}

// carbTarget is the day's lower carbohydrate target, g/kg (F4).
func carbTarget(trainingHours float64) float64 {
	switch {
	case trainingHours < 1:
		return CarbLight
	case trainingHours < 2:
		return CarbModerate
	case trainingHours < 4:
		return CarbHigh
	}
	return CarbVeryHigh
}

// exposureValue is X of section 5.
func exposureValue(netKcal, massKg float64, unknownLongRun bool) float64 {
	x := ramp(netKcal/massKg, ExposureLoKgKc, ExposureHiKgKc)
	if unknownLongRun {
		x += ExposureLongUF
	}
	return clamp01(x)
}

// sleepRisk is r_sleep of F5 over the week's nights (NaN with none).
func sleepRisk(hours []float64) float64 {
	if len(hours) == 0 {
		return math.NaN()
	}
	var sum float64
	short := false
	for _, h := range hours {
		sum += h
		short = short || h < SleepShortH
	}
	r := clamp01((SleepTargetH - sum/float64(len(hours))) / SleepSpanH)
	if short {
		r += SleepShortAdd
	}
	return clamp01(r)
}

// fuelComponents are the under-fueling components, NaN when unavailable.
type fuelComponents struct{ E, B, Pr, C, X, Sl float64 }

func (c fuelComponents) list() [6]struct {
	id    RuleID
	w, v  float64
	field string
} {
	type e = struct {
		id    RuleID
		w, v  float64
		field string
	}
	return [6]e{
		{RuleUFEnergy, WeightE, c.E, "E"}, {RuleUFDeficit, WeightB, c.B, "B"},
		{RuleUFProtein, WeightPr, c.Pr, "Pr"}, {RuleUFCarbs, WeightC, c.C, "C"},
		{RuleUFExposure, WeightX, c.X, "X"}, {RuleUFSleep, WeightSl, c.Sl, "Sl"},
	}
}

// tierCap is the score cap of a tier (100 for A and B).
func tierCap(tier Tier) float64 {
	switch tier {
	case TierC:
		return CapTierC
	case TierD:
		return CapTierD
	}
	return 100
}

// underFuelingScore is clampTo(100·Σwᵢcᵢ/Σw_available) capped by the tier,
// with the uncapped value and the coverage (Σ available weights / 100).
func underFuelingScore(c fuelComponents, tier Tier) (score, uncapped, coverage float64) {
	var sw, swc float64
	for _, e := range c.list() {
		if math.IsNaN(e.v) {
			continue
		}
		sw += e.w
		swc += e.w * clamp01(e.v)
	}
	if sw == 0 {
		return 0, 0, 0
	}
	coverage = sw / 100
	if tier == TierD {
		// Exposure only: missing logs must not inflate the score, so it
		// is not renormalized (like the interference N prior).
		sw = 100
	}
	uncapped = clampTo(100*swc/sw, 0, 100)
	return math.Min(uncapped, tierCap(tier)), uncapped, coverage
}

// ---- the athlete's logs, by local day ----

type fuelData struct {
	intake map[day]DayIntake
	weigh  map[day][]float64
	sleep  map[day][]float64
	carbs  map[string]float64
}

func newFuelData(opt ScoreOptions, loc *time.Location, runs []runX) fuelData {
	fd := fuelData{intake: map[day]DayIntake{}, weigh: map[day][]float64{}, sleep: map[day][]float64{}, carbs: map[string]float64{}}
	maps.Copy(fd.carbs, opt.RunCarbsGPerH)
	for _, in := range opt.Intake {
		d := dayOf(in.Date)
		if cur, ok := fd.intake[d]; ok {
			in.Kcal = addKnown(cur.Kcal, in.Kcal)
			in.ProteinG = addKnown(cur.ProteinG, in.ProteinG)
			in.CarbsG = addKnown(cur.CarbsG, in.CarbsG)
			in.RunCarbsG = addKnown(cur.RunCarbsG, in.RunCarbsG)
		}
		fd.intake[d] = in
	}
	// In-run carbohydrate logged per day → g/h of that day's long runs
	// (spread over their timer hours), unless given per run.
	longH := map[day]float64{}
	for _, r := range runs {
		if r.min >= LongRunMin && !r.cardio {
			longH[r.d] += r.min / 60
		}
	}
	for _, r := range runs {
		in, ok := fd.intake[r.d]
		if _, given := fd.carbs[r.r.ActivityID]; given || !ok || r.cardio || r.min < LongRunMin || !(in.RunCarbsG >= 0) {
			continue
		}
		fd.carbs[r.r.ActivityID] = in.RunCarbsG / longH[r.d]
	}
	for _, wi := range opt.WeighIns {
		if wi.Kg > 0 && !wi.Time.IsZero() {
			d := dayOf(wi.Time.In(loc))
			fd.weigh[d] = append(fd.weigh[d], wi.Kg)
		}
	}
	for _, sn := range opt.Sleep {
		if sn.Hours >= 0 && !math.IsNaN(sn.Hours) {
			d := dayOf(sn.Date)
			fd.sleep[d] = append(fd.sleep[d], sn.Hours)
		}
	}
	return fd
}

// meanWeight is the mean weigh-in over days [from, to].
func (fd *fuelData) meanWeight(from, to day) (float64, bool) {
	var sum float64
	n := 0
	for d := from; d <= to; d++ {
		for _, kg := range fd.weigh[d] {
			sum += kg
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// fuelWeek is one week's under-fueling assessment.
type fuelWeek struct {
	c          fuelComponents
	tier       Tier
	confidence Confidence
	notes      []string
	reasons    map[string]string
	ids        map[string][]string
	deficit    bool // a sustained deficit was measured (intake or weight trend)
}

// computeFuel assesses the week starting on ws (science.md sections 5–6):
// the week's inputs and tier, then each component. The notes keep this
// order: defaults assumed, tier, food-log components, exposure, sleep.
func (s *scorer) computeFuel(ws day, runs []*runX, lifts []*liftX) fuelWeek {
	nan := math.NaN()
	fw := fuelWeek{c: fuelComponents{nan, nan, nan, nan, nan, nan}, reasons: map[string]string{}, ids: map[string][]string{}}
	in := s.fuelInputs(&fw, ws, runs, lifts)
	fw.setTier(in)
	if in.foodLog {
		s.fuelFromLog(&fw, in) // E, B, Pr, C
	} else if fw.tier == TierC {
		s.fuelFromTrend(&fw, in) // B, and C's in-run part
	}
	s.fuelExposure(&fw, in, runs, lifts) // X
	s.fuelSleep(&fw, ws)                 // Sl
	return fw
}

// note adds a note on the defaults and data the week's assessment used.
func (fw *fuelWeek) note(format string, args ...any) {
	fw.notes = append(fw.notes, fmt.Sprintf(format, args...))
}

// fuelWeekInputs is what a week's under-fueling components are computed
// from.
type fuelWeekInputs struct {
	ws, we day

	mass      float64 // kg: the week's weigh-ins, else the profile's, else the default
	massKnown bool    // measured (weigh-ins or a profile value not assumed)
	bf        float64 // body fat %, assumed when unknown
	bfKnown   bool

	eee, hours weekDays // per day: known net exercise kcal, training hours
	weekEEE    float64

	long longRunFuel

	logDays     int  // days with logged energy intake
	foodLog     bool // logDays ≥ Tuning.MinLogDays
	prevW, curW float64
	trend       bool // weigh-ins this week and the one before
	bulk        bool // bulk phase or hypertrophy goal
}

// longRunFuel is the in-run fuelling of a week's long runs (F4).
type longRunFuel struct {
	logged, low int      // runs ≥ LongRunMin with logged fuelling, and those under the floor
	unknownIDs  []string // runs ≥ ExposureUnknownRunMin with unknown fuelling
	lowIDs      []string
	longest     float64 // minutes, of the unknown ones
}

// fuelInputs gathers the week's body, exercise energy, long runs and
// logs, noting each default it assumes.
func (s *scorer) fuelInputs(fw *fuelWeek, ws day, runs []*runX, lifts []*liftX) fuelWeekInputs {
	in := fuelWeekInputs{ws: ws, we: ws + 6}
	s.fuelBody(fw, &in)
	in.eee, in.hours, in.weekEEE = weekExercise(fw, ws, runs, lifts)
	in.long = s.fuel.longRuns(runs)

	// Which logs does this week have?
	fd, t := &s.fuel, s.t
	for d := in.ws; d <= in.we; d++ {
		if x, ok := fd.intake[d]; ok && x.Kcal > 0 {
			in.logDays++
		}
	}
	in.foodLog = in.logDays >= t.MinLogDays
	if in.logDays > 0 && !in.foodLog {
		fw.note("UF: food log has %d day(s) this week (< %d): not used", in.logDays, t.MinLogDays)
	}
	var okPrev, okCur bool
	in.prevW, okPrev = fd.meanWeight(ws-7, ws-1)
	in.curW, okCur = fd.meanWeight(ws, in.we)
	in.trend = okPrev && okCur
	in.bulk = s.p.Phase == ingest.PhaseBulk || s.p.Goal == ingest.GoalHypertrophy
	return in
}

// fuelBody sets the week's body mass and body fat: measured, else the
// profile's, else assumed (noted).
func (s *scorer) fuelBody(fw *fuelWeek, in *fuelWeekInputs) {
	mass, massKnown := s.fuel.meanWeight(in.ws, in.we)
	if !massKnown {
		mass = s.p.BodyMassKg
		massKnown = mass > 0 && !s.p.BodyMassAssumed
		if !(mass > 0) {
			mass = s.t.DefaultBodyMassKg
			fw.note("UF: body mass missing: %g kg assumed", mass)
		}
	}
	bf := s.p.BodyFatPct
	measuredFFM := s.p.FatFreeMassKg > 0 && s.p.FatFreeMassKg < mass
	in.bfKnown = measuredFFM || (bf > 0 && !s.p.BodyFatAssumed)
	if !(bf > 0) || bf >= 100 {
		bf = 15
		if s.p.Sex == ingest.SexFemale {
			bf = 25
		}
		if !measuredFFM {
			fw.note("UF: body fat missing: %g %% assumed", bf)
		}
	}
	if measuredFFM {
		bf = 100 * (1 - s.p.FatFreeMassKg/mass)
	}
	in.mass, in.massKnown, in.bf = mass, massKnown, bf
}

// weekDays holds a value per day of a week, indexed by day − week start.
type weekDays [7]float64

// weekExercise is the known net exercise energy (kcal) and the training
// hours of each day of the week's sessions (the week starting on ws),
// and the week's total energy. Unknown net kcal counts as 0 (noted in fw
// when not nil).
func weekExercise(fw *fuelWeek, ws day, runs []*runX, lifts []*liftX) (eee, hours weekDays, total float64) {
	missing := 0
	add := func(d day, min, k float64) {
		hours[d-ws] += min / 60
		if !math.IsNaN(k) && k > 0 {
			eee[d-ws] += k
			total += k
		} else if math.IsNaN(k) {
			missing++
		}
	}
	for _, r := range runs {
		add(r.d, r.min, r.r.NetKcal)
	}
	for _, l := range lifts {
		add(l.d, l.min, l.l.NetKcal)
	}
	if missing > 0 && fw != nil {
		fw.note("UF-X: net kcal unknown for %s: counted as 0", countOf(missing, "activity", "activities"))
	}
	return eee, hours, total
}

// longRuns judges the in-run fuelling of the runs ≥ LongRunMin.
func (fd *fuelData) longRuns(runs []*runX) longRunFuel {
	var lr longRunFuel
	for _, r := range runs {
		if r.min < LongRunMin || r.cardio {
			continue
		}
		g, ok := fd.carbs[r.r.ActivityID]
		if !ok || math.IsNaN(g) {
			if r.min < ExposureUnknownRunMin {
				continue // 60–90 min unlogged: not judged either way
			}
			lr.unknownIDs = append(lr.unknownIDs, r.r.ActivityID)
			lr.longest = math.Max(lr.longest, r.min)
			continue
		}
		lr.logged++
		if g < inRunFloor(r.min) {
			lr.low++
			lr.lowIDs = append(lr.lowIDs, r.r.ActivityID)
		}
	}
	return lr
}

// setTier sets the week's tier and confidence from the data it has
// (section 6).
func (fw *fuelWeek) setTier(in fuelWeekInputs) {
	switch {
	case in.foodLog && in.massKnown && in.bfKnown:
		fw.tier, fw.confidence = TierA, ConfidenceHigh
	case in.foodLog:
		fw.tier, fw.confidence = TierB, ConfidenceMedium
		if !in.massKnown {
			fw.confidence = ConfidenceLow
			fw.note("UF: tier B with default body mass: confidence low")
		}
	case in.trend:
		fw.tier, fw.confidence = TierC, ConfidenceLow
		fw.note("UF: no food log: tier C (weight trend, exposure, sleep), capped at %.0f", CapTierC)
	default:
		fw.tier, fw.confidence = TierD, ConfidenceExposure
		fw.note("UF: no food log and no weigh-ins: tier D (exposure-only), capped at %.0f", CapTierD)
	}
}

// fuelFromLog sets E, B, Pr and C from the food log (tiers A and B).
func (s *scorer) fuelFromLog(fw *fuelWeek, in fuelWeekInputs) {
	deficit := s.fuelEnergy(fw, in)
	s.fuelDeficit(fw, in, deficit)
	s.fuelProtein(fw, in)
	s.fuelCarbs(fw, in)
}

// fuelEnergy sets E, energy availability, from the logged days, each
// from the one energy model (energy_model.go) as the days table and the
// chart show it, and returns the mean daily deficit.
func (s *scorer) fuelEnergy(fw *fuelWeek, in fuelWeekInputs) (deficit float64) {
	t, fd := s.t, &s.fuel
	low := eaLowThreshold(s.p.Sex)
	var sumEA, sumFFM float64
	below := 0
	for d := in.ws; d <= in.we; d++ {
		x, ok := fd.intake[d]
		if !ok || !(x.Kcal > 0) {
			continue
		}
		_, _, ffmD, _, _ := s.body.at(d)
		sumFFM += ffmD
		ea := (x.Kcal - in.eee[d-in.ws]) / ffmD
		sumEA += ea
		if ea < low {
			below++
		}
	}
	ffm := sumFFM / float64(in.logDays)
	meanEA := sumEA / float64(in.logDays)
	fw.c.E = energyAvailabilityRisk(meanEA, s.p.Sex)
	if below >= EALowDaysForFlag {
		fw.c.E = math.Min(1, fw.c.E+EALowDaysAdd)
	}
	if s.p.Sex != ingest.SexMale && s.p.Sex != ingest.SexFemale {
		fw.note("UF-E: sex unknown: female EA thresholds (30/45) used")
	}
	reason := fmt.Sprintf("energy availability %.0f kcal/kg FFM/day (mean of %d logged days; FFM %.1f kg)", meanEA, in.logDays, ffm)
	if fw.tier == TierB {
		a, b := s.eaAt(in.ws, in.mass, in.bf+t.BodyFatRangePts, in.eee), s.eaAt(in.ws, in.mass, in.bf-t.BodyFatRangePts, in.eee)
		lo, hi := math.Min(a, b), math.Max(a, b)
		reason += fmt.Sprintf(", %.0f–%.0f over body fat %.0f±%.0f %%", lo, hi, in.bf, t.BodyFatRangePts)
	}
	reason += fmt.Sprintf("; %d day(s) below %.0f → r = %.2f (screening, not diagnosis)", below, low, fw.c.E)
	fw.reasons["E"] = reason
	return s.weekDeficit(&in, &in.eee)
}

// weekDeficit is the mean daily energy deficit of the week's logged
// days, kcal/day (> 0: a deficit): each day's need from the one energy
// model with the day's net exercise energy eee, minus its intake.
func (s *scorer) weekDeficit(in *fuelWeekInputs, eee *weekDays) float64 {
	var sumDef float64
	for d := in.ws; d <= in.we; d++ {
		x, ok := s.fuel.intake[d]
		if !ok || !(x.Kcal > 0) {
			continue
		}
		_, _, ffmD, _, _ := s.body.at(d)
		sumDef += restingNeed(ffmD, s.t) + eee[d-in.ws] - x.Kcal
	}
	return sumDef / float64(in.logDays)
}

// fuelDeficit sets B from the logged deficit, or from the weight trend
// when the scale says deficit more strongly: intake logs under-report
// (science.md sections 6–7), so B takes the stronger of the two, and the
// reason names the conflict.
func (s *scorer) fuelDeficit(fw *fuelWeek, in fuelWeekInputs, deficit float64) {
	t := s.t
	var byTrend bool
	var loss float64
	fw.c.B, fw.deficit, byTrend, loss = deficitComponent(deficit, &in, t)
	if !byTrend {
		ei := s.meanIntake(in.ws)
		fw.reasons["B"] = fmt.Sprintf("mean intake %.0f kcal/day vs estimated need %.0f ((500 + 22·FFM) × %.1f + exercise): %s → r = %.2f",
			ei, ei+deficit, t.NonExercisePAL, deficitText(deficit), fw.c.B)
		return
	}
	fw.reasons["B"] = fmt.Sprintf("your log says %s, your scale says %+.1f %%/week (weigh-in mean %.1f kg vs %.1f kg): the weight trend wins, logs under-report intake → r = %.2f",
		logText(deficit), -loss, in.curW, in.prevW, fw.c.B)
	fw.note("UF-B: food log and weight trend disagree: the weight trend is used")
}

// deficitComponent is B of a food-logged week from its mean daily deficit
// (with the bulk floor) or, when the week has a weight trend that says
// deficit more strongly, from the trend (byTrend; loss is the weekly loss
// in % of mass), and whether the week is in a sustained deficit.
func deficitComponent(deficit float64, in *fuelWeekInputs, t Tuning) (b float64, sustained, byTrend bool, loss float64) {
	b = deficitRisk(deficit)
	sustained = deficit > t.SustainedDeficitKcal
	if in.bulk && sustained {
		b = math.Max(b, BulkDeficitFloor)
	}
	if !in.trend {
		return b, sustained, false, 0
	}
	loss = (in.prevW - in.curW) / in.prevW * 100
	if rt := weightTrendRisk(loss, t); rt > b {
		if in.bulk && loss > t.WeightStablePct {
			rt = math.Max(rt, BulkDeficitFloor)
		}
		return rt, sustained || loss > t.WeightStablePct, true, loss
	}
	return b, sustained, false, loss
}

// fuelProtein sets Pr from the days with logged protein; the target is
// higher in a cut or a deficit.
func (s *scorer) fuelProtein(fw *fuelWeek, in fuelWeekInputs) {
	target := s.proteinTarget(fw.deficit)
	gkg, nP := s.weekProtein(&in)
	if nP == 0 {
		fw.note("UF-PR: food log without protein: component unavailable")
		return
	}
	fw.c.Pr = proteinRisk(gkg, target)
	fw.reasons["Pr"] = fmt.Sprintf("protein %.1f g/kg/day (mean of %d days) vs target %.1f → r = %.2f", gkg, nP, target, fw.c.Pr)
}

// proteinTarget is the week's protein target, g/kg/day: higher in a cut
// or a sustained deficit.
func (s *scorer) proteinTarget(deficit bool) float64 {
	if s.p.Phase == ingest.PhaseCut || deficit {
		return s.t.ProteinTargetDeficit
	}
	return s.t.ProteinTarget
}

// weekProtein is the mean logged protein of the week, g/kg/day, over the
// nP days that log it (0 without any).
func (s *scorer) weekProtein(in *fuelWeekInputs) (gkg float64, nP int) {
	var sumP float64
	for d := in.ws; d <= in.we; d++ {
		if x, ok := s.fuel.intake[d]; ok && !math.IsNaN(x.ProteinG) && x.ProteinG >= 0 {
			sumP += x.ProteinG
			nP++
		}
	}
	if nP == 0 {
		return 0, 0
	}
	return sumP / float64(nP) / in.mass, nP
}

// fuelCarbs sets C from the daily carbohydrate shortfall against each
// day's target and the long runs' in-run fuelling.
func (s *scorer) fuelCarbs(fw *fuelWeek, in fuelWeekInputs) {
	var sumR float64
	nC := 0
	for d := in.ws; d <= in.we; d++ {
		x, ok := s.fuel.intake[d]
		if !ok || math.IsNaN(x.CarbsG) || x.CarbsG < 0 {
			continue
		}
		tg := carbTarget(in.hours[d-in.ws]) * in.mass
		sumR += clamp01((tg - x.CarbsG) / tg)
		nC++
	}
	day := math.NaN()
	if nC > 0 {
		day = sumR / float64(nC)
	}
	fw.c.C, fw.reasons["C"] = carbComponent(day, in.long.logged, in.long.low)
}

// fuelFromTrend sets B from the weight trend and C from the in-run
// fuelling alone (tier C: no food log).
func (s *scorer) fuelFromTrend(fw *fuelWeek, in fuelWeekInputs) {
	t := s.t
	loss := (in.prevW - in.curW) / in.prevW * 100
	fw.c.B = weightTrendRisk(loss, t)
	fw.deficit = loss > t.WeightStablePct
	if in.bulk && fw.deficit {
		fw.c.B = math.Max(fw.c.B, BulkDeficitFloor)
	}
	fw.reasons["B"] = fmt.Sprintf("weigh-in mean %.1f kg vs %.1f kg the week before (%+.2f %%) → r = %.2f", in.curW, in.prevW, -loss, fw.c.B)
	fw.c.C, fw.reasons["C"] = carbComponent(math.NaN(), in.long.logged, in.long.low)
}

// fuelExposure sets X, the exposure, and the sessions behind X, E, B and
// C.
func (s *scorer) fuelExposure(fw *fuelWeek, in fuelWeekInputs, runs []*runX, lifts []*liftX) {
	mass, eee, unknown := in.mass, in.weekEEE, in.long.unknownIDs
	fw.c.X = exposureValue(eee, mass, len(unknown) > 0)
	xr := fmt.Sprintf("net exercise energy %.0f kcal = %.1f kcal/kg (%.0f kg; 0 at ≤%.0f, 1 at ≥%.0f) → %.2f",
		eee, eee/mass, mass, ExposureLoKgKc, ExposureHiKgKc, ramp(eee/mass, ExposureLoKgKc, ExposureHiKgKc))
	if len(unknown) > 0 {
		xr += fmt.Sprintf("; %s ≥%.0f min with unknown fuelling (longest %.0f min) +%.1f", countOf(len(unknown), "run", "runs"), ExposureUnknownRunMin, in.long.longest, ExposureLongUF)
		fw.note("UF-X: in-run fuelling not logged for %s ≥%.0f min: counted as unknown", countOf(len(unknown), "run", "runs"), ExposureUnknownRunMin)
	}
	fw.reasons["X"] = xr + fmt.Sprintf(" → X = %.2f", fw.c.X)
	fw.ids["X"] = s.weekIDs(runs, lifts)
	if in.foodLog {
		// E and B subtract the week's exercise energy: its sessions.
		fw.ids["E"], fw.ids["B"] = fw.ids["X"], fw.ids["X"]
	}
	fw.ids["C"] = in.long.lowIDs
}

// fuelSleep sets Sl from the week's nights.
func (s *scorer) fuelSleep(fw *fuelWeek, ws day) {
	var nights []float64
	for d := ws; d <= ws+6; d++ {
		nights = append(nights, s.fuel.sleep[d]...)
	}
	fw.c.Sl = sleepRisk(nights)
	if len(nights) == 0 {
		fw.note("UF-SL: no sleep data: sleep component unavailable")
		return
	}
	var sum, minH float64 = 0, math.Inf(1)
	for _, h := range nights {
		sum += h
		minH = math.Min(minH, h)
	}
	fw.reasons["Sl"] = fmt.Sprintf("sleep %.1f h/night over %d nights (shortest %.1f h; target ≥%.0f h) → r = %.2f",
		sum/float64(len(nights)), len(nights), minH, SleepTargetH, fw.c.Sl)
}

// eaAt is the week's mean EA at a given body-fat percentage.
func (s *scorer) eaAt(ws day, mass, bf float64, eee weekDays) float64 {
	ffm := mass * (1 - clampTo(bf, 2, 70)/100)
	var sum float64
	n := 0
	for d := ws; d <= ws+6; d++ {
		if in, ok := s.fuel.intake[d]; ok && in.Kcal > 0 {
			sum += (in.Kcal - eee[d-ws]) / ffm
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// meanIntake is the mean logged energy intake of the week, kcal/day.
func (s *scorer) meanIntake(ws day) float64 {
	var sum float64
	n := 0
	for d := ws; d <= ws+6; d++ {
		if in, ok := s.fuel.intake[d]; ok && in.Kcal > 0 {
			sum += in.Kcal
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// inRunFloor is the in-run carbohydrate below which a run of min minutes
// counts as under-fuelled (F4): 30 g/h up to 150 min, 60 g/h beyond.
func inRunFloor(min float64) float64 {
	if min > VeryLongRunMin {
		return InRunCarbsLongGPH
	}
	return InRunCarbsGPH
}

// logText is "maintenance" for a logged balance within ±100 kcal/day,
// else the deficit or surplus.
func logText(deficit float64) string {
	if math.Abs(deficit) <= 100 {
		return "maintenance"
	}
	return deficitText(deficit)
}

func deficitText(deficit float64) string {
	if deficit > 0 {
		return fmt.Sprintf("deficit %.0f kcal/day", deficit)
	}
	return fmt.Sprintf("surplus %.0f kcal/day", -deficit)
}

// carbComponent combines the daily (NaN when unavailable) and in-run parts
// of C: 0.6·day + 0.4·run, renormalized over the available parts. The run
// part exists only when at least one run ≥ 90 min has logged fuelling (a
// share of zero runs is undefined, and unknown fuelling is not zero).
func carbComponent(dayRisk float64, logged, low int) (float64, string) {
	run := math.NaN()
	if logged > 0 {
		run = float64(low) / float64(logged)
	}
	var parts []string
	var sw, swc float64
	if !math.IsNaN(dayRisk) {
		sw += CarbDayWeight
		swc += CarbDayWeight * dayRisk
		parts = append(parts, fmt.Sprintf("daily carbohydrate shortfall %.2f", dayRisk))
	}
	if !math.IsNaN(run) {
		sw += CarbRunWeight
		swc += CarbRunWeight * run
		parts = append(parts, fmt.Sprintf("%d of %d logged runs ≥%.0f min under %.0f g/h (%.0f g/h beyond %.0f min)", low, logged, LongRunMin, InRunCarbsGPH, InRunCarbsLongGPH, VeryLongRunMin))
	}
	if sw == 0 {
		return math.NaN(), ""
	}
	c := swc / sw
	return c, strings.Join(parts, "; ") + fmt.Sprintf(" → C = %.2f", c)
}

// nutritionPrior is the INT-N value: 0.4·r_def + 0.35·r_prot + 0.25·r_sleep,
// each part the neutral prior when unavailable (never renormalized).
func nutritionValue(rDef, rProt, rSleep, prior float64) float64 {
	part := func(v float64) float64 {
		if math.IsNaN(v) {
			return prior
		}
		return clamp01(v)
	}
	return 0.4*part(rDef) + 0.35*part(rProt) + 0.25*part(rSleep)
}

// nutrition returns the INT-N value, its reason and the priors used.
func (s *scorer) nutrition(fw fuelWeek) (float64, string, []string) {
	prior := s.t.NutritionPrior
	v := nutritionValue(fw.c.B, fw.c.Pr, fw.c.Sl, prior)
	var missing []string
	show := func(name string, x float64) string {
		if math.IsNaN(x) {
			missing = append(missing, name)
			return fmt.Sprintf("%s prior %.2f", name, prior)
		}
		return fmt.Sprintf("%s %.2f", name, x)
	}
	reason := fmt.Sprintf("N = 0.4·[%s] + 0.35·[%s] + 0.25·[%s] = %.2f",
		show("deficit", fw.c.B), show("protein", fw.c.Pr), show("sleep", fw.c.Sl), v)
	var notes []string
	if len(missing) == 3 {
		reason = fmt.Sprintf("no food log, weigh-ins or sleep data: neutral prior N = %.2f (not renormalized, so missing data cannot raise the score)", v)
		notes = append(notes, fmt.Sprintf("INT-N: no food log, weigh-ins or sleep data: nutrition prior %.2f used", prior))
	} else if len(missing) > 0 {
		notes = append(notes, fmt.Sprintf("INT-N: %s unavailable: prior %.2f used", strings.Join(missing, ", "), prior))
	}
	return v, reason, notes
}

// applyFuel writes the under-fueling fields and rule hits of w.
func (s *scorer) applyFuel(w *Week, fw fuelWeek) {
	c := fw.c
	w.EnergyAvail, w.Deficit, w.Protein, w.Carbs, w.Exposure, w.Sleep = c.E, c.B, c.Pr, c.C, c.X, c.Sl
	w.Tier, w.Confidence = fw.tier, fw.confidence
	score, uncapped, coverage := underFuelingScore(c, fw.tier)
	w.UnderFueling, w.Coverage = score, coverage
	w.UnderFuelingBand = UnderFuelingBand(score)
	if fw.tier == TierD {
		// Exposure only: no measurement says deficit or not.
		w.UnderFuelingBand = BandUnknown
	}
	w.Defaults = append(w.Defaults, fw.notes...)

	scale := 1.0
	if uncapped > score && uncapped > 0 {
		scale = score / uncapped
	}
	red := w.UnderFuelingBand == BandRed
	denom := coverage * 100
	if fw.tier == TierD {
		denom = 100 // not renormalized (see underFuelingScore)
	}
	for _, e := range c.list() {
		if math.IsNaN(e.v) || e.v <= 0 {
			continue
		}
		advice := fuelAdvice(e.id)
		if red {
			advice = "Red: talk to a clinician or sports dietitian before changing training. " + advice
		}
		w.Rules = append(w.Rules, RuleHit{
			Rule: e.id, Score: ScoreUnderFueling,
			Points:     scale * 100 * e.w * clamp01(e.v) / denom,
			Value:      e.v,
			Activities: fw.ids[e.field],
			Reason:     fw.reasons[e.field],
			Advice:     advice,
		})
	}
	if uncapped > score {
		w.Rules = append(w.Rules, RuleHit{
			Rule: RuleUFCap, Score: ScoreUnderFueling, Value: tierCap(fw.tier),
			Reason: fmt.Sprintf("tier %s (%s): score %.0f capped at %.0f; coverage %.0f %%; the other rules' points are scaled by %.2f",
				fw.tier, fw.confidence, uncapped, tierCap(fw.tier), coverage*100, scale),
			Advice: "Log food intake and weigh-ins to get a full under-fueling check",
		})
	}
}

func fuelAdvice(id RuleID) string {
	switch id {
	case RuleUFEnergy:
		return "Eat more on training days so intake covers the training: low energy availability costs muscle and power first"
	case RuleUFDeficit:
		return "If you want muscle, eat in a slight surplus; if cutting, keep the deficit moderate (lose ≤0.5–1 % of body mass a week)"
	case RuleUFProtein:
		return "Aim for 1.6–2.2 g protein per kg a day, spread over ≥4 meals (about 0.4 g/kg each)"
	case RuleUFCarbs:
		return "Don't neglect carbs: refuel after lifting and running, and take 30–60 g/h on runs longer than 60–90 min"
	case RuleUFExposure:
		return "Running burns calories and can put you in a deficit: eat for the extra training and log fuelling on long runs"
	case RuleUFSleep:
		return "Get 7–9 h of sleep a night; growth and repair happen then"
	}
	return ""
}
