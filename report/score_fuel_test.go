package report

import (
	"math"
	"strings"
	"testing"

	"gainguard/ingest"
	"gainguard/metrics"
)

func TestEnergyAvailabilityRisk(t *testing.T) {
	for _, c := range []struct {
		ea   float64
		sex  string
		want float64
	}{
		{50, "female", 0}, {45, "female", 0}, {37.5, "female", 0.3}, {30, "female", 0.6},
		{25, "female", 0.8}, {20, "female", 1}, {5, "female", 1},
		{45, "male", 0}, {35, "male", 0.25}, {25, "male", 0.5}, {20, "male", 0.75}, {15, "male", 1}, {0, "male", 1},
		{30, "", 0.6}, // unknown sex: the female curve
	} {
		if got := energyAvailabilityRisk(c.ea, ingest.Sex(c.sex)); !approx(got, c.want, 1e-12) {
			t.Errorf("r_EA(%v, %q) = %v, want %v", c.ea, c.sex, got, c.want)
		}
	}
}

func TestDeficitRisk(t *testing.T) {
	for _, c := range []struct{ def, want float64 }{
		{-400, 0}, {0, 0}, {150, 0.25}, {300, 0.5}, {400, 0.75}, {500, 1}, {900, 1},
	} {
		if got := deficitRisk(c.def); !approx(got, c.want, 1e-12) {
			t.Errorf("r_def(%v) = %v, want %v", c.def, got, c.want)
		}
	}
}

func TestWeightTrendRisk(t *testing.T) {
	tu := DefaultTuning()
	for _, c := range []struct{ loss, want float64 }{
		{-1, 0}, {0, 0}, {0.1, 0}, {0.3, 0.2}, {0.5, 0.5}, {1, 0.5}, {1.01, 1}, {3, 1},
	} {
		if got := weightTrendRisk(c.loss, tu); got != c.want {
			t.Errorf("weight trend(%v %%) = %v, want %v", c.loss, got, c.want)
		}
	}
}

func TestProteinRisk(t *testing.T) {
	for _, c := range []struct{ g, target, want float64 }{
		{2.2, 1.6, 0}, {1.6, 1.6, 0}, {1.3, 1.6, 0.5}, {1.0, 1.6, 1}, {0.5, 1.6, 1}, {1.5, 2.0, 0.5},
	} {
		if got := proteinRisk(c.g, c.target); !approx(got, c.want, 1e-12) {
			t.Errorf("r_prot(%v, %v) = %v, want %v", c.g, c.target, got, c.want)
		}
	}
}

func TestCarbs(t *testing.T) {
	for _, c := range []struct{ h, want float64 }{{0, 3}, {0.9, 3}, {1, 5}, {1.9, 5}, {2, 6}, {3.9, 6}, {4, 8}} {
		if got := carbTarget(c.h); got != c.want {
			t.Errorf("carbTarget(%v h) = %v, want %v", c.h, got, c.want)
		}
	}
	nan := math.NaN()
	for _, c := range []struct {
		name        string
		day         float64
		logged, low int
		want        float64
	}{
		{"daily only", 0.5, 0, 0, 0.5},
		{"both", 0.5, 2, 1, 0.6*0.5 + 0.4*0.5},
		{"in-run only (tier C)", nan, 2, 2, 1},
		{"nothing logged", nan, 0, 0, nan},
	} {
		got, _ := carbComponent(c.day, c.logged, c.low)
		if !(approx(got, c.want, 1e-12) || (math.IsNaN(got) && math.IsNaN(c.want))) {
			t.Errorf("%s: C = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestExposureValue(t *testing.T) {
	for _, c := range []struct {
		kcal, kg float64
		unknown  bool
		want     float64
	}{
		{0, 70, false, 0}, {1400, 70, false, 0}, {2800, 70, false, 0.5}, {4200, 70, false, 1}, {9000, 70, false, 1},
		{0, 70, true, 0.5}, {2800, 70, true, 1}, {2100, 70, true, 0.75},
	} {
		if got := exposureValue(c.kcal, c.kg, c.unknown); !approx(got, c.want, 1e-12) {
			t.Errorf("X(%v kcal, %v kg, unknown=%v) = %v, want %v", c.kcal, c.kg, c.unknown, got, c.want)
		}
	}
}

func TestSleepRisk(t *testing.T) {
	for _, c := range []struct {
		hours []float64
		want  float64
	}{
		{[]float64{8, 8}, 0}, {[]float64{7}, 0}, {[]float64{6, 6}, 0.5}, {[]float64{5, 5}, 1},
		{[]float64{7, 7, 4.5, 7.5}, clamp01((7-6.5)/2) + 0.2}, {[]float64{3}, 1},
	} {
		if got := sleepRisk(c.hours); !approx(got, c.want, 1e-12) {
			t.Errorf("r_sleep(%v) = %v, want %v", c.hours, got, c.want)
		}
	}
	if !math.IsNaN(sleepRisk(nil)) {
		t.Errorf("no nights should be unavailable")
	}
}

// TestUnderFuelingCaps: the renormalized score and each tier's cap.
func TestUnderFuelingCaps(t *testing.T) {
	nan := math.NaN()
	all := fuelComponents{1, 1, 1, 1, 1, 1}
	for _, c := range []struct {
		name                string
		c                   fuelComponents
		tier                Tier
		score, raw, coverag float64
	}{
		{"A all max", all, TierA, 100, 100, 1},
		{"B all max", all, TierB, 100, 100, 1},
		{"C capped at 70", fuelComponents{nan, 1, nan, 1, 1, 1}, TierC, 70, 100, 0.45},
		// Tier D is not renormalized: X alone reaches 10, X and sleep 15.
		{"D at most X's weight", fuelComponents{nan, nan, nan, nan, 1, nan}, TierD, 10, 10, 0.10},
		{"D partial", fuelComponents{nan, nan, nan, nan, 0.3, nan}, TierD, 3, 3, 0.10},
		{"D with sleep", fuelComponents{nan, nan, nan, nan, 0.3, 0.9}, TierD, 3 + 4.5, 3 + 4.5, 0.15},
		{"D all max stays at the cap", fuelComponents{nan, nan, nan, nan, 1, 1}, TierD, CapTierD, CapTierD, 0.15},
		{"A renormalizes over available", fuelComponents{0.5, 0, 0, 0, 0, nan}, TierA, 100 * 20 / 95.0, 100 * 20 / 95.0, 0.95},
	} {
		s, raw, cov := underFuelingScore(c.c, c.tier)
		if !approx(s, c.score, 1e-9) || !approx(raw, c.raw, 1e-9) || !approx(cov, c.coverag, 1e-12) {
			t.Errorf("%s: score %.2f raw %.2f coverage %.2f, want %.2f %.2f %.2f", c.name, s, raw, cov, c.score, c.raw, c.coverag)
		}
	}
}

// intakeWeek logs the reference week's food: kcal, protein and carbs per day.
func intakeWeek(days int, kcal, protein, carbs float64) []DayIntake {
	var out []DayIntake
	for d := 0; d < days; d++ {
		out = append(out, DayIntake{Date: when(15+d, 0, 0), Kcal: kcal, ProteinG: protein, CarbsG: carbs})
	}
	return out
}

// TestTiers: which data gives which tier, confidence, coverage and cap.
func TestTiers(t *testing.T) {
	runs, lifts := anchorBWeek()
	long := mkRun("long", when(20, 8, 0), 120) // Saturday, ≥ 90 min
	runs = append(runs, long)
	nan := math.NaN()
	weighIns := []WeighIn{{Time: when(9, 7, 0), Kg: 80}, {Time: when(12, 7, 0), Kg: 80}, {Time: when(16, 7, 0), Kg: 78.9}}

	type want struct {
		tier      Tier
		conf      Confidence
		coverage  float64
		cap       float64
		available [6]bool // E B Pr C X Sl
	}
	for _, c := range []struct {
		name     string
		defaults []string
		opt      func(*ScoreOptions)
		want     want
		note     string
	}{
		{"A: food log, mass and body fat given", nil, func(o *ScoreOptions) {
			o.Intake = intakeWeek(7, 2600, 140, 350)
			o.RunCarbsGPerH = map[string]float64{"long": 20}
			o.Sleep = []SleepNight{{Date: when(16, 0, 0), Hours: 6}}
		}, want{TierA, ConfidenceHigh, 1, 100, [6]bool{true, true, true, true, true, true}}, ""},
		{"B: default body fat", []string{"body fat not given: 15 % assumed"}, func(o *ScoreOptions) {
			o.Intake = intakeWeek(5, 2600, 140, 350)
		}, want{TierB, ConfidenceMedium, 0.95, 100, [6]bool{true, true, true, true, true, false}}, "UF-SL"},
		{"B: default body mass too", []string{"body mass not given: 70 kg assumed", "body fat not given: 15 % assumed"}, func(o *ScoreOptions) {
			o.Intake = intakeWeek(4, 2600, nan, 350)
		}, want{TierB, ConfidenceLow, 0.80, 100, [6]bool{true, true, false, true, true, false}}, "without protein"},
		{"C: weigh-ins, no food log", nil, func(o *ScoreOptions) {
			o.WeighIns = weighIns
		}, want{TierC, ConfidenceLow, 0.25, CapTierC, [6]bool{false, true, false, false, true, false}}, "tier C"},
		{"C: with logged in-run fuel and sleep", nil, func(o *ScoreOptions) {
			o.WeighIns = weighIns
			o.RunCarbsGPerH = map[string]float64{"long": 60}
			o.Sleep = []SleepNight{{Date: when(16, 0, 0), Hours: 8}}
		}, want{TierC, ConfidenceLow, 0.45, CapTierC, [6]bool{false, true, false, true, true, true}}, "tier C"},
		{"D: nothing logged", nil, func(o *ScoreOptions) {},
			want{TierD, ConfidenceExposure, 0.10, CapTierD, [6]bool{false, false, false, false, true, false}}, "tier D"},
		{"D: food log too sparse", nil, func(o *ScoreOptions) {
			o.Intake = intakeWeek(3, 2600, 140, 350)
		}, want{TierD, ConfidenceExposure, 0.10, CapTierD, [6]bool{false, false, false, false, true, false}}, "food log has 3 day(s)"},
	} {
		p := scoreParams("trained", "male", "hypertrophy")
		p.Defaults = c.defaults
		for _, d := range c.defaults {
			p.BodyMassAssumed = p.BodyMassAssumed || strings.HasPrefix(d, "body mass not given")
			p.BodyFatAssumed = p.BodyFatAssumed || strings.HasPrefix(d, "body fat not given")
		}
		opt := isoOpts()
		c.opt(&opt)
		w := Score(runs, lifts, p, opt)[0]
		if w.Tier != c.want.tier || w.Confidence != c.want.conf || !approx(w.Coverage, c.want.coverage, 1e-12) {
			t.Errorf("%s: tier %s %s coverage %.2f, want %s %s %.2f", c.name, w.Tier, w.Confidence, w.Coverage, c.want.tier, c.want.conf, c.want.coverage)
		}
		if w.UnderFueling > c.want.cap || math.IsNaN(w.UnderFueling) {
			t.Errorf("%s: score %.1f above cap %.0f", c.name, w.UnderFueling, c.want.cap)
		}
		got := [6]float64{w.EnergyAvail, w.Deficit, w.Protein, w.Carbs, w.Exposure, w.Sleep}
		for i, avail := range c.want.available {
			if math.IsNaN(got[i]) == avail {
				t.Errorf("%s: component %d = %v, available want %v", c.name, i, got[i], avail)
			}
		}
		if c.note != "" && !hasNote(w.Defaults, c.note) {
			t.Errorf("%s: defaults lack %q: %v", c.name, c.note, w.Defaults)
		}
		// A UF-CAP hit appears exactly when the cap bound the score.
		_, raw, _ := underFuelingScore(fuelComponents{got[0], got[1], got[2], got[3], got[4], got[5]}, w.Tier)
		if capHits := rulesOf(w, RuleUFCap); (raw > c.want.cap) != (len(capHits) == 1) {
			t.Errorf("%s: raw %.1f cap %.0f, UF-CAP hits %d", c.name, raw, c.want.cap, len(capHits))
		}
	}
}

// TestTierAValues pins E, B, Pr and C on a hand-computed week.
func TestTierAValues(t *testing.T) {
	// One upper-body lift on Monday (240 kcal net), 80 kg at 15 % fat (FFM 68 kg).
	lifts := []metrics.Lift{mkLift("mon", when(15, 18, 0), 60, ingest.RegionUpper, "")}
	p := scoreParams("moderate", "male", "strength")
	opt := isoOpts()
	opt.Intake = intakeWeek(7, 2900, 104, 200) // above the estimated need: no deficit, protein target 1.6
	w := Score(nil, lifts, p, opt)[0]
	ffm := 68.0
	meanEA := ((2900-240)/ffm + 6*2900/ffm) / 7
	if want := energyAvailabilityRisk(meanEA, "male"); !approx(w.EnergyAvail, want, 1e-9) {
		t.Errorf("E = %.4f, want %.4f (EA %.1f)", w.EnergyAvail, want, meanEA)
	}
	need := (500+22*ffm)*1.4 + 240.0/7
	if want := deficitRisk(need - 2900); !approx(w.Deficit, want, 1e-9) || need > 2900 {
		t.Errorf("B = %.4f, want %.4f (deficit %.0f)", w.Deficit, want, need-2900)
	}
	if want := proteinRisk(104.0/80, 1.6); !approx(w.Protein, want, 1e-9) {
		t.Errorf("Pr = %.4f, want %.4f", w.Protein, want)
	}
	// 200 g vs 5 g/kg × 80 kg = 400 g on Monday (1 h of training is
	// "moderate") and 3 g/kg × 80 kg = 240 g on the six other days.
	if want := ((400.0-200)/400 + 6*(240.0-200)/240) / 7; !approx(w.Carbs, want, 1e-9) {
		t.Errorf("C = %.4f, want %.4f", w.Carbs, want)
	}
	if w.Tier != TierA {
		t.Errorf("tier %s", w.Tier)
	}
	e := rulesOf(w, RuleUFEnergy)
	if len(e) != 1 || !strings.Contains(e[0].Reason, "screening, not diagnosis") {
		t.Errorf("UF-E %+v", e)
	}
}

func TestBulkDeficitFloorAndTierBRange(t *testing.T) {
	lifts := []metrics.Lift{mkLift("mon", when(15, 18, 0), 60, ingest.RegionLower, "")}
	p := scoreParams("moderate", "male", "hypertrophy")
	p.Defaults = []string{"body fat not given: 15 % assumed"}
	p.BodyFatAssumed = true
	opt := isoOpts()
	need := (500 + 22*68.0) * 1.4
	opt.Intake = intakeWeek(7, need-120, 150, 400) // a small deficit: r_def 0.2, floored at 0.5
	w := Score(nil, lifts, p, opt)[0]
	if w.Deficit != BulkDeficitFloor {
		t.Errorf("hypertrophy goal with a sustained deficit: B = %.2f, want %.1f", w.Deficit, BulkDeficitFloor)
	}
	if e := rulesOf(w, RuleUFEnergy); len(e) == 1 && !strings.Contains(e[0].Reason, "over body fat 15±5 %") {
		t.Errorf("tier B EA range missing: %q", e[0].Reason)
	}
	p.Goal = "strength"
	if w := Score(nil, lifts, p, opt)[0]; w.Deficit >= BulkDeficitFloor {
		t.Errorf("strength goal: B = %.2f, want < 0.5", w.Deficit)
	}
}

// TestNutritionFromLogs: INT-N takes r_def, r_prot and r_sleep from the
// logs and the prior only for missing parts.
func TestNutritionFromLogs(t *testing.T) {
	if got := nutritionValue(1, 1, 1, 0.25); got != 1 {
		t.Errorf("N(1,1,1) = %v", got)
	}
	if got := nutritionValue(math.NaN(), math.NaN(), math.NaN(), 0.25); got != 0.25 {
		t.Errorf("N(all missing) = %v, want the prior", got)
	}
	if got := nutritionValue(0, math.NaN(), 1, 0.25); !approx(got, 0.35*0.25+0.25, 1e-12) {
		t.Errorf("N(0, -, 1) = %v", got)
	}
	lifts := []metrics.Lift{mkLift("mon", when(15, 18, 0), 60, ingest.RegionLower, "")}
	opt := isoOpts()
	for d := 15; d <= 21; d++ {
		opt.Sleep = append(opt.Sleep, SleepNight{Date: when(d, 0, 0), Hours: 5})
	}
	w := Score(nil, lifts, scoreParams("moderate", "male", "strength"), opt)[0]
	if want := 0.4*0.25 + 0.35*0.25 + 0.25*1; !approx(w.Nutrition, want, 1e-12) || !hasNote(w.Defaults, "INT-N: deficit, protein unavailable") {
		t.Errorf("N = %.4f want %.4f; defaults %v", w.Nutrition, want, w.Defaults)
	}
	if w.Tier != TierD || !approx(w.Coverage, 0.15, 1e-12) || len(rulesOf(w, RuleUFSleep)) != 1 {
		t.Errorf("sleep-only week: tier %s coverage %.2f rules %+v", w.Tier, w.Coverage, w.Rules)
	}
}

// TestInRunFuellingUnknownFlag: a ≥90-min run without logged fuelling adds
// 0.5 to X and is flagged; logging it removes the flag.
func TestInRunFuellingUnknownFlag(t *testing.T) {
	runs := []metrics.Run{mkRun("long", when(20, 8, 0), 95)}
	runs[0].NetKcal = 0
	w := Score(runs, nil, scoreParams("moderate", "male", "strength"), isoOpts())[0]
	if w.Exposure != 0.5 || !hasNote(w.Defaults, "in-run fuelling not logged for 1 run") {
		t.Errorf("X = %v, defaults %v", w.Exposure, w.Defaults)
	}
	if x := rulesOf(w, RuleUFExposure); len(x) != 1 || !strings.Contains(x[0].Reason, "unknown fuelling") {
		t.Errorf("UF-X %+v", x)
	}
	opt := isoOpts()
	opt.RunCarbsGPerH = map[string]float64{"long": 45}
	if w := Score(runs, nil, scoreParams("moderate", "male", "strength"), opt)[0]; w.Exposure != 0 {
		t.Errorf("logged fuelling: X = %v, want 0", w.Exposure)
	}
}

func TestRedBandAdvice(t *testing.T) {
	runs, lifts := anchorBWeek()
	opt := isoOpts()
	opt.Intake = intakeWeek(7, 900, 40, 60)
	opt.Sleep = []SleepNight{{Date: when(16, 0, 0), Hours: 4}}
	w := Score(runs, lifts, scoreParams("trained", "female", "hypertrophy"), opt)[0]
	if w.UnderFuelingBand != "red" {
		t.Fatalf("starvation week: %.1f %s", w.UnderFueling, w.UnderFuelingBand)
	}
	for _, r := range w.Rules {
		if r.Score == ScoreUnderFueling && !strings.Contains(r.Advice, "clinician") {
			t.Errorf("red week rule %s advice %q lacks the clinician prompt", r.Rule, r.Advice)
		}
	}
}
