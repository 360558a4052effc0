package report

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// The direction tests of docs/scoring.md ("Directions"): a base week, one
// change, and which way the score moves. Each case logs its figures (run
// with -v) so that a model change shows its before and after.

// dirParams is a trained male with a strength goal and a full profile.
func dirParams(goal string) metrics.Params {
	p := scoreParams("trained", "male", goal)
	p.Age, p.HeightCm = 30, 180
	p.HRMax, p.HRRest, p.LTHR = 190, 60, 170.5
	return p
}

// dirAct is one timed watch activity: a run, a ride, a walk... avgHR NaN
// means no heart rate at all.
func dirAct(id string, kind ingest.Kind, sport string, start time.Time, min, avgHR float64) ingest.Activity {
	dist := math.NaN()
	if kind == ingest.KindRun {
		dist = min * 170
	}
	return ingest.Activity{
		ID: id, Athlete: "tess", Format: "fit", Kind: kind, Sport: sport,
		Start: start.UTC(), Precision: ingest.PrecisionExact,
		ElapsedS: min * 60, TimerS: min * 60, DistanceM: dist,
		Calories: math.NaN(), AvgHR: avgHR, MaxHR: math.NaN(),
	}
}

func dirRun(id string, start time.Time, min, avgHR float64) ingest.Activity {
	return dirAct(id, ingest.KindRun, "running", start, min, avgHR)
}

// dirLift is a lift of sets of one exercise (5 × 100 kg each). min ≤ 0
// leaves the duration out, as a CSV log without a duration column does.
func dirLift(id string, start time.Time, min float64, exercise string, sets int) ingest.Activity {
	a := ingest.Activity{
		ID: id, Athlete: "tess", Format: "csv", Kind: ingest.KindLift, Sport: "training", SubSport: "strength_training",
		Start: start.UTC(), Precision: ingest.PrecisionExact,
		DistanceM: math.NaN(), Calories: math.NaN(), AvgHR: math.NaN(), MaxHR: math.NaN(),
	}
	if min > 0 {
		a.ElapsedS, a.TimerS = min*60, min*60
	}
	for range sets {
		a.Sets = append(a.Sets, ingest.Set{Start: start.UTC(), DurationS: math.NaN(), Type: ingest.SetActive,
			Reps: 5, WeightKg: 100, Exercise: exercise})
	}
	return a
}

// dirBase is the base week (Mon 15 – Sun 21 September 2025): squats Mon,
// bench Wed, deadlifts Fri at 17:00 for an hour; runs Tue morning, Thu
// evening (the evening before deadlifts) and Sat; Sunday rest.
func dirBase() []ingest.Activity {
	return []ingest.Activity{
		dirLift("squat", when(15, 17, 0), 60, "squat", 15),
		dirRun("tue", when(16, 7, 0), 45, 145),
		dirLift("bench", when(17, 17, 0), 60, "bench_press", 15),
		dirRun("thu", when(18, 18, 0), 40, 150),
		dirLift("dead", when(19, 17, 0), 60, "deadlift", 15),
		dirRun("sat", when(20, 9, 0), 60, 150),
	}
}

// dirScore scores acts and returns the base week.
func dirScore(t *testing.T, acts []ingest.Activity, p metrics.Params, opt ScoreOptions) Week {
	t.Helper()
	_, _, weeks := ScoreActivities(acts, p, opt)
	return weekOf(t, weeks, when(15, 0, 0))
}

func with(acts []ingest.Activity, more ...ingest.Activity) []ingest.Activity {
	return append(slices.Clone(acts), more...)
}

// foodLog is a food log of kcal every day of the week and the one
// before, with protein 2 g/kg and carbohydrate 7 g/kg of 80 kg.
func foodLog(kcal float64) []DayIntake {
	var out []DayIntake
	for d := 8; d <= 21; d++ {
		out = append(out, DayIntake{Date: time.Date(2025, 9, d, 0, 0, 0, 0, time.UTC), Kcal: kcal,
			ProteinG: 160, CarbsG: 560, RunCarbsG: math.NaN()})
	}
	return out
}

// dirWeighIns is one weigh-in a day: prev kg the week before, cur kg the base week.
func dirWeighIns(prev, cur float64) []WeighIn {
	var out []WeighIn
	for d := 8; d <= 21; d++ {
		kg := prev
		if d >= 15 {
			kg = cur
		}
		out = append(out, WeighIn{Time: when(d, 7, 0), Kg: kg})
	}
	return out
}

func logf(t *testing.T, format string, args ...any) {
	t.Helper()
	t.Logf("FIGURES %s: %s", t.Name(), fmt.Sprintf(format, args...))
}

// 1. Other cardio counts, less than running: walking < cycling < running
// for the same sessions, and each above no cardio at all.
func TestDirectionCardio(t *testing.T) {
	p := dirParams("strength")
	base := dirScore(t, dirBase(), p, isoOpts())
	score := map[string]Week{}
	for _, sport := range []string{"walking", "cycling", "rowing", "running"} {
		kind := ingest.KindCardio
		if sport == "running" {
			kind = ingest.KindRun
		}
		acts := with(dirBase(),
			dirAct("c-mon-"+sport, kind, sport, when(15, 18, 5), 60, 130),
			dirAct("c-fri-"+sport, kind, sport, when(19, 18, 5), 60, 130))
		score[sport] = dirScore(t, acts, p, isoOpts())
	}
	logf(t, "none %.1f walking %.1f cycling %.1f rowing %.1f running %.1f", base.Interference,
		score["walking"].Interference, score["cycling"].Interference, score["rowing"].Interference, score["running"].Interference)
	order := []float64{base.Interference, score["walking"].Interference, score["cycling"].Interference,
		score["rowing"].Interference, score["running"].Interference}
	for i := 1; i < len(order); i++ {
		if !(order[i] > order[i-1]) {
			t.Errorf("none < walking < cycling < rowing < running broken at %d: %v", i, order)
		}
	}
	// The reasons name the ride.
	if !slices.ContainsFunc(score["cycling"].Rules, func(h RuleHit) bool { return strings.Contains(h.Reason, "ride") }) {
		t.Errorf("no reason names the ride: %+v", score["cycling"].Rules)
	}
}

// 2. Hard and short is not free: a 20-min HIIT right after squats scores
// above the same HIIT away from leg day, while a short easy post-lift run
// adds (almost) no proximity risk.
func TestDirectionHardShort(t *testing.T) {
	p := dirParams("strength")
	base := dirScore(t, dirBase(), p, isoOpts())
	near := dirScore(t, with(dirBase(), dirRun("hiit", when(15, 18, 5), 20, 175)), p, isoOpts())
	away := dirScore(t, with(dirBase(), dirRun("hiit", when(16, 19, 0), 20, 175)), p, isoOpts())
	easy := dirScore(t, with(dirBase(), dirRun("easy", when(15, 18, 5), 20, 115)), p, isoOpts())
	logf(t, "base %.1f (P %.3f); HIIT after squats %.1f (P %.3f); HIIT on Tue evening %.1f (P %.3f); easy 20 min after squats %.1f (P %.3f)",
		base.Interference, base.Proximity, near.Interference, near.Proximity, away.Interference, away.Proximity, easy.Interference, easy.Proximity)
	if !(near.Interference > away.Interference+1) {
		t.Errorf("HIIT right after squats %.2f should score above the same HIIT on another day %.2f", near.Interference, away.Interference)
	}
	if !(easy.Proximity-base.Proximity < 0.02) {
		t.Errorf("a short easy post-lift run raised P from %.3f to %.3f", base.Proximity, easy.Proximity)
	}
	if !(near.Proximity > easy.Proximity+0.05) {
		t.Errorf("HIIT P %.3f should exceed the easy run's P %.3f", near.Proximity, easy.Proximity)
	}
}

// 3. Running first hurts beyond the same session: for one 45-min run and
// one squat session, run-first scores above lift-first at every gap band
// up to 24 h, and the difference is largest where the evidence is (< 8 h).
func TestDirectionRunFirst(t *testing.T) {
	p := dirParams("strength")
	liftStart := when(17, 17, 0)
	lift := dirLift("squat", liftStart, 60, "squat", 15)
	liftEnd := liftStart.Add(time.Hour)
	var diffs []float64
	for _, gapH := range []float64{0.1, 1.5, 4, 7, 12} {
		gap := time.Duration(gapH * float64(time.Hour))
		runFirst := dirScore(t, []ingest.Activity{lift, dirRun("r", liftStart.Add(-gap-45*time.Minute), 45, 150)}, p, isoOpts())
		liftFirst := dirScore(t, []ingest.Activity{lift, dirRun("r", liftEnd.Add(gap), 45, 150)}, p, isoOpts())
		logf(t, "gap %.1f h: run first %.1f, lift first %.1f", gapH, runFirst.Interference, liftFirst.Interference)
		if !(runFirst.Interference > liftFirst.Interference) {
			t.Errorf("gap %.1f h: run first %.2f should score above lift first %.2f", gapH, runFirst.Interference, liftFirst.Interference)
		}
		diffs = append(diffs, runFirst.Interference-liftFirst.Interference)
	}
	if last := diffs[len(diffs)-1]; slices.Min(diffs[:len(diffs)-1]) < last {
		t.Errorf("order differences %v: the 8–24 h band should differ least", diffs)
	}
}

// 4. A missing heart-rate stream does not raise risk: the same week with
// one run recorded without heart rate scores no higher, and the fallback
// names the run.
func TestDirectionMissingHR(t *testing.T) {
	p := dirParams("strength")
	base := dirScore(t, dirBase(), p, isoOpts())
	acts := dirBase()
	acts[5].AvgHR = math.NaN() // Saturday's run
	noHR := dirScore(t, acts, p, isoOpts())
	logf(t, "all HR %.1f (D %.3f); Saturday without HR %.1f (D %.3f)", base.Interference, base.Dose, noHR.Interference, noHR.Dose)
	if noHR.Interference > base.Interference+0.5 {
		t.Errorf("one run without HR raised the score from %.2f to %.2f", base.Interference, noHR.Interference)
	}
	if !hasNote(noHR.Defaults, "estimated") {
		t.Errorf("no default says which run's TRIMP was estimated: %q", noHR.Defaults)
	}
}

// 5. Longer is worse past 60 min: a 150-min run the evening before leg day
// has more proximity risk than a 60-min one.
func TestDirectionLonger(t *testing.T) {
	p := dirParams("strength")
	lift := dirLift("squat", when(17, 17, 0), 60, "squat", 15)
	var ps []float64
	for _, min := range []float64{60, 90, 150} {
		w := dirScore(t, []ingest.Activity{lift, dirRun("r", when(16, 18, 0), min, 140)}, p, isoOpts())
		logf(t, "%.0f-min run the evening before: P %.3f, score %.1f", min, w.Proximity, w.Interference)
		ps = append(ps, w.Proximity)
	}
	if !(ps[0] < ps[1] && ps[1] < ps[2]) {
		t.Errorf("P for 60, 90, 150 min = %v, want increasing", ps)
	}
}

// 6. The scale beats the food log: with the log at maintenance, weigh-ins
// falling 1.5 %/week raise under-fueling and the reason says so.
func TestDirectionScaleBeatsLog(t *testing.T) {
	p := dirParams("strength")
	opt := isoOpts()
	opt.Intake = foodLog(3400)
	opt.WeighIns = dirWeighIns(80, 80)
	stable := dirScore(t, dirBase(), p, opt)
	opt.WeighIns = dirWeighIns(80, 80*(1-0.015))
	falling := dirScore(t, dirBase(), p, opt)
	logf(t, "log at maintenance: weight stable %.1f (B %.2f), weight −1.5 %%/week %.1f (B %.2f)",
		stable.UnderFueling, stable.Deficit, falling.UnderFueling, falling.Deficit)
	if !(falling.UnderFueling > stable.UnderFueling+3) {
		t.Errorf("falling weight %.2f should raise under-fueling above %.2f", falling.UnderFueling, stable.UnderFueling)
	}
	if !slices.ContainsFunc(falling.Rules, func(h RuleHit) bool { return strings.Contains(h.Reason, "your scale says") }) {
		t.Errorf("no reason names the conflict between log and scale")
	}
}

// 7. No data is not more alarming than a measured deficit: tier D stays
// below a logged moderate deficit for the same (hard) training, and its
// band says "unknown".
func TestDirectionNoData(t *testing.T) {
	p := dirParams("strength")
	hard := with(dirBase(),
		dirRun("mon2", when(15, 7, 0), 90, 150), dirRun("wed2", when(17, 7, 0), 90, 150),
		dirRun("sun", when(21, 9, 0), 120, 150))
	none := dirScore(t, hard, p, isoOpts())
	opt := isoOpts()
	opt.Intake = foodLog(3450)
	logged := dirScore(t, hard, p, opt)
	logf(t, "hard week: no food log, no weigh-ins %.1f (%s, tier %s); logged moderate deficit %.1f (%s, tier %s, B %.2f)",
		none.UnderFueling, none.UnderFuelingBand, none.Tier, logged.UnderFueling, logged.UnderFuelingBand, logged.Tier, logged.Deficit)
	if !(none.UnderFueling < logged.UnderFueling) {
		t.Errorf("no data %.2f should score below a measured moderate deficit %.2f", none.UnderFueling, logged.UnderFueling)
	}
	if none.UnderFuelingBand != "unknown" {
		t.Errorf("tier D band = %q, want unknown", none.UnderFuelingBand)
	}
}

// 8. Goals differ where the evidence says: strength (explosive and maximal
// strength, Schumann 2022) scores above hypertrophy (whole-muscle SMD ≈ 0)
// and above hybrid, which scores above endurance.
func TestDirectionGoals(t *testing.T) {
	s := map[string]float64{}
	for _, g := range []string{"strength", "hypertrophy", "hybrid", "endurance"} {
		s[g] = dirScore(t, dirBase(), dirParams(g), isoOpts()).Interference
	}
	logf(t, "strength %.1f hypertrophy %.1f hybrid %.1f endurance %.1f", s["strength"], s["hypertrophy"], s["hybrid"], s["endurance"])
	if !(s["strength"] > s["hypertrophy"] && s["strength"] > s["hybrid"] && s["hybrid"] > s["endurance"]) {
		t.Errorf("want strength > hypertrophy, strength > hybrid > endurance: %v", s)
	}
}

// 9. Lifts from logs have a length: a timed lift logged without a
// duration gets one from its sets (flagged), so it has energy and the gap
// to a following run is measured from its estimated end.
func TestDirectionLiftLength(t *testing.T) {
	p := dirParams("strength")
	run := dirRun("r", when(17, 17, 50), 45, 150)
	logged := dirScore(t, []ingest.Activity{dirLift("squat", when(17, 17, 0), 40, "squat", 15), run}, p, isoOpts())
	acts := []ingest.Activity{dirLift("squat", when(17, 17, 0), 0, "squat", 15), run}
	_, lifts, weeks := ScoreActivities(acts, p, isoOpts())
	unlogged := weekOf(t, weeks, when(15, 0, 0))
	logf(t, "15 sets logged with 40 min: score %.1f (P %.3f, X %.3f); without a duration: lift %.0f min, score %.1f (P %.3f, X %.3f)",
		logged.Interference, logged.Proximity, logged.Exposure, lifts[0].DurationS/60, unlogged.Interference, unlogged.Proximity, unlogged.Exposure)
	if !(lifts[0].DurationS > 0 && lifts[0].NetKcal > 0) {
		t.Errorf("lift without duration: %v s, %v kcal", lifts[0].DurationS, lifts[0].NetKcal)
	}
	if !hasNote(lifts[0].Notes, "estimated") {
		t.Errorf("estimated duration not flagged: %q", lifts[0].Notes)
	}
	if math.Abs(unlogged.Proximity-logged.Proximity) > 0.1 {
		t.Errorf("P without a duration %.3f, with 40 min %.3f: the estimate should place the gap like the log", unlogged.Proximity, logged.Proximity)
	}
}

// 10. In-run fuelling follows F4: from 60 min, 30 g/h; beyond 150 min,
// 60 g/h. A 75-min run without carbohydrate scores above one with 40 g/h;
// a 180-min run with 40 g/h above one with 70 g/h.
func TestDirectionInRunFuel(t *testing.T) {
	p := dirParams("strength")
	for _, c := range []struct {
		min       float64
		low, high float64 // g/h
	}{{75, 0, 40}, {180, 40, 70}} {
		acts := with(dirBase(), dirRun("long", when(21, 9, 0), c.min, 140))
		score := func(gph float64) Week {
			opt := isoOpts()
			opt.Intake = foodLog(3600)
			opt.RunCarbsGPerH = map[string]float64{"long": gph}
			return dirScore(t, acts, p, opt)
		}
		lo, hi := score(c.low), score(c.high)
		logf(t, "%.0f-min run: %.0f g/h → %.1f (C %.3f), %.0f g/h → %.1f (C %.3f)", c.min, c.low, lo.UnderFueling, lo.Carbs, c.high, hi.UnderFueling, hi.Carbs)
		if !(lo.UnderFueling > hi.UnderFueling) {
			t.Errorf("%.0f-min run: %.0f g/h scores %.2f, not above %.0f g/h's %.2f", c.min, c.low, lo.UnderFueling, c.high, hi.UnderFueling)
		}
	}
}

// TestRuleActivityIDs: cardio sessions and the recovery and energy rules
// carry their activity ids (rules.parquet's activity_ids).
func TestRuleActivityIDs(t *testing.T) {
	p := dirParams("strength")
	opt := isoOpts()
	opt.Intake = foodLog(2600)
	acts := with(dirBase(), dirAct("ride", ingest.KindCardio, "cycling", when(15, 18, 5), 60, 130),
		dirAct("walk", ingest.KindCardio, "walking", when(21, 10, 0), 40, 100))
	w := dirScore(t, acts, p, opt)
	for _, c := range []struct {
		rule        RuleID
		has, hasNot []string // some hit of the rule has all of has and none of hasNot
	}{
		{RuleIntProximity, []string{"ride", "squat"}, nil},
		{RuleIntDose, []string{"ride", "walk", "tue"}, nil},
		{RuleIntRecovery, []string{"ride", "squat", "tue"}, []string{"walk"}},
		{RuleUFEnergy, []string{"ride", "squat"}, nil},
		{RuleUFDeficit, []string{"ride", "squat"}, nil},
	} {
		hits := rulesOf(w, c.rule)
		ok := false
		for _, h := range hits {
			good := true
			for _, id := range c.has {
				good = good && slices.Contains(h.Activities, id)
			}
			for _, id := range c.hasNot {
				good = good && !slices.Contains(h.Activities, id)
			}
			ok = ok || good
		}
		if !ok {
			t.Errorf("%s hits %+v lack %v (or hold %v)", c.rule, hits, c.has, c.hasNot)
		}
	}
	if w.RestDays != 1 {
		t.Errorf("a Sunday walk broke the rest day: %d rest days", w.RestDays)
	}
}
