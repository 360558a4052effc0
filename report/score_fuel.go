package report

import (
	"fmt"
	"maps"
	"math"
	"strings"
	"time"
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

// Under-fueling tiers and confidences (section 6).
const (
	TierA = "A"
	TierB = "B"
	TierC = "C"
	TierD = "D"

	ConfidenceHigh     = "high"
	ConfidenceMedium   = "medium"
	ConfidenceLow      = "low"
	ConfidenceExposure = "exposure-only"
)

// energyAvailabilityRisk is r_EA of F1 for a 7-day mean EA. Unknown sex
// uses the female curve (the more cautious one for a screening).
func energyAvailabilityRisk(ea float64, sex string) float64 {
	if ea >= EAReplete {
		return 0
	}
	low, atLow := EALowFemale, EARiskAtLowF
	if sex == "male" {
		low, atLow = EALowMale, EARiskAtLowM
	}
	if ea >= low {
		return atLow * (EAReplete - ea) / (EAReplete - low)
	}
	return atLow + (1-atLow)*math.Min(1, (low-ea)/EABelowSpan)
}

// eaLowThreshold is the sex-specific low EA threshold.
func eaLowThreshold(sex string) float64 {
	if sex == "male" {
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
	id    string
	w, v  float64
	field string
} {
	type e = struct {
		id    string
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
func tierCap(tier string) float64 {
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
func underFuelingScore(c fuelComponents, tier string) (score, uncapped, coverage float64) {
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
	tier       string
	confidence string
	notes      []string
	reasons    map[string]string
	ids        map[string][]string
	deficit    bool // a sustained deficit was measured (intake or weight trend)
}

// computeFuel assesses the week starting on ws (science.md sections 5–6).
func (s *scorer) computeFuel(ws day, runs []*runX, lifts []*liftX) fuelWeek {
	t := s.t
	fd := &s.fuel
	we := ws + 6
	nan := math.NaN()
	fw := fuelWeek{c: fuelComponents{nan, nan, nan, nan, nan, nan}, reasons: map[string]string{}, ids: map[string][]string{}}
	note := func(format string, args ...any) { fw.notes = append(fw.notes, fmt.Sprintf(format, args...)) }

	// Body mass and composition.
	mass, massKnown := fd.meanWeight(ws, we)
	if !massKnown {
		mass = s.p.BodyMassKg
		massKnown = mass > 0 && !s.p.BodyMassAssumed
		if !(mass > 0) {
			mass = t.DefaultBodyMassKg
			note("UF: body mass missing: %g kg assumed", mass)
		}
	}
	bf := s.p.BodyFatPct
	measuredFFM := s.p.FatFreeMassKg > 0 && s.p.FatFreeMassKg < mass
	bfKnown := measuredFFM || (bf > 0 && !s.p.BodyFatAssumed)
	if !(bf > 0) || bf >= 100 {
		bf = 15
		if s.p.Sex == "female" {
			bf = 25
		}
		if !measuredFFM {
			note("UF: body fat missing: %g %% assumed", bf)
		}
	}
	ffm := mass * (1 - bf/100)
	if measuredFFM {
		ffm = s.p.FatFreeMassKg
		bf = 100 * (1 - ffm/mass)
	}

	// Exercise energy and hours per day.
	eee := map[day]float64{}
	hours := map[day]float64{}
	var weekEEE float64
	missingKcal := 0
	for _, r := range runs {
		hours[r.d] += r.min / 60
		if k := r.r.NetKcal; !math.IsNaN(k) && k > 0 {
			eee[r.d] += k
			weekEEE += k
		} else if math.IsNaN(k) {
			missingKcal++
		}
	}
	for _, l := range lifts {
		hours[l.d] += l.min / 60
		if k := l.l.NetKcal; !math.IsNaN(k) && k > 0 {
			eee[l.d] += k
			weekEEE += k
		} else if math.IsNaN(k) {
			missingKcal++
		}
	}
	if missingKcal > 0 {
		note("UF-X: net kcal unknown for %s: counted as 0", countOf(missingKcal, "activity", "activities"))
	}

	// Long runs and in-run fuelling.
	var longLogged, longLow int
	var unknownIDs, lowIDs []string
	longest := 0.0
	for _, r := range runs {
		if r.min < LongRunMin || r.cardio {
			continue
		}
		g, ok := fd.carbs[r.r.ActivityID]
		if !ok || math.IsNaN(g) {
			if r.min < ExposureUnknownRunMin {
				continue // 60–90 min unlogged: not judged either way
			}
			unknownIDs = append(unknownIDs, r.r.ActivityID)
			longest = math.Max(longest, r.min)
			continue
		}
		longLogged++
		if g < inRunFloor(r.min) {
			longLow++
			lowIDs = append(lowIDs, r.r.ActivityID)
		}
	}

	// Which logs does this week have?
	logDays := 0
	for d := ws; d <= we; d++ {
		if in, ok := fd.intake[d]; ok && in.Kcal > 0 {
			logDays++
		}
	}
	foodLog := logDays >= t.MinLogDays
	if logDays > 0 && !foodLog {
		note("UF: food log has %d day(s) this week (< %d): not used", logDays, t.MinLogDays)
	}
	prevW, okPrev := fd.meanWeight(ws-7, ws-1)
	curW, okCur := fd.meanWeight(ws, we)
	trend := okPrev && okCur

	switch {
	case foodLog && massKnown && bfKnown:
		fw.tier, fw.confidence = TierA, ConfidenceHigh
	case foodLog:
		fw.tier, fw.confidence = TierB, ConfidenceMedium
		if !massKnown {
			fw.confidence = ConfidenceLow
			note("UF: tier B with default body mass: confidence low")
		}
	case trend:
		fw.tier, fw.confidence = TierC, ConfidenceLow
		note("UF: no food log: tier C (weight trend, exposure, sleep), capped at %.0f", CapTierC)
	default:
		fw.tier, fw.confidence = TierD, ConfidenceExposure
		note("UF: no food log and no weigh-ins: tier D (exposure-only), capped at %.0f", CapTierD)
	}

	bulk := s.p.Phase == "bulk" || s.p.Goal == "hypertrophy"
	if foodLog {
		// E — energy availability, from the logged days.
		// Per day from the one energy model (energy_model.go), as the
		// days table and the chart show it.
		low := eaLowThreshold(s.p.Sex)
		var sumEA, sumDef, sumFFM float64
		below := 0
		for d := ws; d <= we; d++ {
			in, ok := fd.intake[d]
			if !ok || !(in.Kcal > 0) {
				continue
			}
			_, _, ffmD, _, _ := s.body.at(d)
			sumFFM += ffmD
			ea := (in.Kcal - eee[d]) / ffmD
			sumEA += ea
			if ea < low {
				below++
			}
			sumDef += restingNeed(ffmD, t) + eee[d] - in.Kcal
		}
		ffm = sumFFM / float64(logDays)
		meanEA := sumEA / float64(logDays)
		fw.c.E = energyAvailabilityRisk(meanEA, s.p.Sex)
		if below >= EALowDaysForFlag {
			fw.c.E = math.Min(1, fw.c.E+EALowDaysAdd)
		}
		if s.p.Sex != "male" && s.p.Sex != "female" {
			note("UF-E: sex unknown: female EA thresholds (30/45) used")
		}
		reason := fmt.Sprintf("energy availability %.0f kcal/kg FFM/day (mean of %d logged days; FFM %.1f kg)", meanEA, logDays, ffm)
		if fw.tier == TierB {
			a, b := s.eaAt(ws, mass, bf+t.BodyFatRangePts, eee), s.eaAt(ws, mass, bf-t.BodyFatRangePts, eee)
			lo, hi := math.Min(a, b), math.Max(a, b)
			reason += fmt.Sprintf(", %.0f–%.0f over body fat %.0f±%.0f %%", lo, hi, bf, t.BodyFatRangePts)
		}
		reason += fmt.Sprintf("; %d day(s) below %.0f → r = %.2f (screening, not diagnosis)", below, low, fw.c.E)
		fw.reasons["E"] = reason

		// B — deficit from intake.
		deficit := sumDef / float64(logDays)
		fw.c.B = deficitRisk(deficit)
		fw.deficit = deficit > t.SustainedDeficitKcal
		if bulk && fw.deficit {
			fw.c.B = math.Max(fw.c.B, BulkDeficitFloor)
		}
		ei := s.meanIntake(ws)
		fw.reasons["B"] = fmt.Sprintf("mean intake %.0f kcal/day vs estimated need %.0f ((500 + 22·FFM) × %.1f + exercise): %s → r = %.2f",
			ei, ei+deficit, t.NonExercisePAL, deficitText(deficit), fw.c.B)
		// The scale beats the log when it says deficit (intake logs
		// under-report, science.md sections 6–7): B takes the stronger of
		// the two, and the reason names the conflict.
		if trend {
			loss := (prevW - curW) / prevW * 100
			if rt := weightTrendRisk(loss, t); rt > fw.c.B {
				if bulk && loss > t.WeightStablePct {
					rt = math.Max(rt, BulkDeficitFloor)
				}
				fw.reasons["B"] = fmt.Sprintf("your log says %s, your scale says %+.1f %%/week (weigh-in mean %.1f kg vs %.1f kg): the weight trend wins, logs under-report intake → r = %.2f",
					logText(deficit), -loss, curW, prevW, rt)
				fw.c.B = rt
				fw.deficit = fw.deficit || loss > t.WeightStablePct
				note("UF-B: food log and weight trend disagree: the weight trend is used")
			}
		}

		// Pr — protein.
		target := t.ProteinTarget
		if s.p.Phase == "cut" || fw.deficit {
			target = t.ProteinTargetDeficit
		}
		var sumP float64
		nP := 0
		for d := ws; d <= we; d++ {
			if in, ok := fd.intake[d]; ok && !math.IsNaN(in.ProteinG) && in.ProteinG >= 0 {
				sumP += in.ProteinG
				nP++
			}
		}
		if nP > 0 {
			gkg := sumP / float64(nP) / mass
			fw.c.Pr = proteinRisk(gkg, target)
			fw.reasons["Pr"] = fmt.Sprintf("protein %.1f g/kg/day (mean of %d days) vs target %.1f → r = %.2f", gkg, nP, target, fw.c.Pr)
		} else {
			note("UF-PR: food log without protein: component unavailable")
		}

		// C — daily part.
		var sumR float64
		nC := 0
		for d := ws; d <= we; d++ {
			in, ok := fd.intake[d]
			if !ok || math.IsNaN(in.CarbsG) || in.CarbsG < 0 {
				continue
			}
			tg := carbTarget(hours[d]) * mass
			sumR += clamp01((tg - in.CarbsG) / tg)
			nC++
		}
		day := math.NaN()
		if nC > 0 {
			day = sumR / float64(nC)
		}
		fw.c.C, fw.reasons["C"] = carbComponent(day, longLogged, longLow)
	} else if fw.tier == TierC {
		// B — weight trend.
		loss := (prevW - curW) / prevW * 100
		fw.c.B = weightTrendRisk(loss, t)
		fw.deficit = loss > t.WeightStablePct
		if bulk && fw.deficit {
			fw.c.B = math.Max(fw.c.B, BulkDeficitFloor)
		}
		fw.reasons["B"] = fmt.Sprintf("weigh-in mean %.1f kg vs %.1f kg the week before (%+.2f %%) → r = %.2f", curW, prevW, -loss, fw.c.B)
		// C — in-run part only.
		fw.c.C, fw.reasons["C"] = carbComponent(math.NaN(), longLogged, longLow)
	}

	// X — exposure.
	fw.c.X = exposureValue(weekEEE, mass, len(unknownIDs) > 0)
	xr := fmt.Sprintf("net exercise energy %.0f kcal = %.1f kcal/kg (%.0f kg; 0 at ≤%.0f, 1 at ≥%.0f) → %.2f",
		weekEEE, weekEEE/mass, mass, ExposureLoKgKc, ExposureHiKgKc, ramp(weekEEE/mass, ExposureLoKgKc, ExposureHiKgKc))
	if len(unknownIDs) > 0 {
		xr += fmt.Sprintf("; %s ≥%.0f min with unknown fuelling (longest %.0f min) +%.1f", countOf(len(unknownIDs), "run", "runs"), ExposureUnknownRunMin, longest, ExposureLongUF)
		note("UF-X: in-run fuelling not logged for %s ≥%.0f min: counted as unknown", countOf(len(unknownIDs), "run", "runs"), ExposureUnknownRunMin)
	}
	fw.reasons["X"] = xr + fmt.Sprintf(" → X = %.2f", fw.c.X)
	fw.ids["X"] = s.weekIDs(runs, lifts)
	if foodLog {
		// E and B subtract the week's exercise energy: its sessions.
		fw.ids["E"], fw.ids["B"] = fw.ids["X"], fw.ids["X"]
	}
	fw.ids["C"] = lowIDs

	// Sl — sleep.
	var nights []float64
	for d := ws; d <= we; d++ {
		nights = append(nights, fd.sleep[d]...)
	}
	fw.c.Sl = sleepRisk(nights)
	if len(nights) == 0 {
		note("UF-SL: no sleep data: sleep component unavailable")
	} else {
		var sum, minH float64 = 0, math.Inf(1)
		for _, h := range nights {
			sum += h
			minH = math.Min(minH, h)
		}
		fw.reasons["Sl"] = fmt.Sprintf("sleep %.1f h/night over %d nights (shortest %.1f h; target ≥%.0f h) → r = %.2f",
			sum/float64(len(nights)), len(nights), minH, SleepTargetH, fw.c.Sl)
	}
	return fw
}

// eaAt is the week's mean EA at a given body-fat percentage.
func (s *scorer) eaAt(ws day, mass, bf float64, eee map[day]float64) float64 {
	ffm := mass * (1 - clampTo(bf, 2, 70)/100)
	var sum float64
	n := 0
	for d := ws; d <= ws+6; d++ {
		if in, ok := s.fuel.intake[d]; ok && in.Kcal > 0 {
			sum += (in.Kcal - eee[d]) / ffm
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
	red := w.UnderFuelingBand == "red"
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

func fuelAdvice(id string) string {
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
