package report

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the scenarios use Europe/Berlin, whatever the host has

	"gainguard/ingest"
	"gainguard/metrics"
)

// Scenario tests through Build: a synthetic ingest.Batch (activities,
// food log, body readings, profile) goes through Resolve → Analyze →
// Score, so the wiring of docs/scoring.md "Inputs" is covered.

const bAthlete = "bo"

var bLoc = mustLoc("Europe/Berlin")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// bWhen is a local (Berlin) time on 2025-09-<d>; Monday 15 September 2025
// starts the reference week.
func bWhen(d, h, m int) time.Time { return time.Date(2025, 9, d, h, m, 0, 0, bLoc) }

// bProfile is a trained 30-year-old man, 80 kg at 15 % body fat.
func bProfile() ingest.Profile {
	return ingest.Profile{Name: bAthlete, Sex: "male", Age: 30, BodyMassKg: 80, BodyFatPct: 15, HeightCm: 180,
		HRMax: 190, HRRest: 55, TrainingStatus: "trained", Goal: "hypertrophy", Phase: "maintain", TimeZone: "Europe/Berlin"}
}

// bRun is a run without heart rate or device calories (distance model).
func bRun(id string, start time.Time, min float64) ingest.Activity {
	return ingest.Activity{ID: id, Athlete: bAthlete, Source: id + ".fit", Format: "fit", Kind: ingest.KindRun,
		Sport: "running", Start: start.UTC(), Precision: ingest.PrecisionExact,
		ElapsedS: min * 60, TimerS: min * 60, DistanceM: min * 170,
		Calories: math.NaN(), AvgHR: math.NaN(), MaxHR: math.NaN()}
}

// bLift is a strength session of 5 × 5 × 100 kg per exercise.
func bLift(id string, start time.Time, min float64, exercises ...string) ingest.Activity {
	a := ingest.Activity{ID: id, Athlete: bAthlete, Source: id + ".fit", Format: "fit", Kind: ingest.KindLift,
		Sport: "training", SubSport: "strength_training", Start: start.UTC(), Precision: ingest.PrecisionExact,
		ElapsedS: min * 60, TimerS: min * 60, DistanceM: math.NaN(),
		Calories: math.NaN(), AvgHR: math.NaN(), MaxHR: math.NaN()}
	at := start.UTC()
	for _, ex := range exercises {
		for range 5 {
			a.Sets = append(a.Sets, ingest.Set{Start: at, DurationS: 40, Type: ingest.SetActive, Reps: 5, WeightKg: 100,
				Exercise: ex, Region: ingest.RegionOf(ex)})
			at = at.Add(2 * time.Minute)
		}
	}
	return a
}

// bBatch is one athlete's batch with a profile file.
func bBatch(p ingest.Profile, acts []ingest.Activity) *ingest.Batch {
	b := &ingest.Batch{Activities: acts,
		Profiles:     map[string]ingest.Profile{bAthlete: p},
		ProfilePaths: map[string]string{bAthlete: "bo/athlete.json"},
		Files: []ingest.FileResult{{Path: "bo/athlete.json", Athlete: bAthlete, Format: "profile",
			Status: ingest.StatusImported, Reason: "athlete profile"}}}
	ingest.SortActivities(b.Activities)
	return b
}

// anchorBActs: a 60-min run right before squats on Mon, Wed and Fri,
// upper-body lifts on Tue, Sat and Sun evenings (6 training days).
func anchorBActs() []ingest.Activity {
	var acts []ingest.Activity
	for _, d := range []int{15, 17, 19} {
		acts = append(acts, bRun(fmt.Sprintf("run-%d", d), bWhen(d, 7, 0), 60),
			bLift(fmt.Sprintf("squat-%d", d), bWhen(d, 8, 0), 60, "squat", "leg_press"))
	}
	for _, d := range []int{16, 20, 21} {
		acts = append(acts, bLift(fmt.Sprintf("upper-%d", d), bWhen(d, 18, 0), 60, "bench_press", "row"))
	}
	return acts
}

// seedActs is the seed's example week (seeds/003) as activities.
func seedActs() []ingest.Activity {
	return []ingest.Activity{
		bLift("mon-upper", bWhen(15, 18, 0), 60, "bench_press", "row"),
		bRun("mon-liss", bWhen(15, 19, 0), 20),
		bRun("tue-hiit", bWhen(16, 18, 0), 30),
		bLift("tue-core", bWhen(16, 18, 30), 20, "plank"),
		bLift("wed-lower", bWhen(17, 18, 0), 60, "squat", "romanian_deadlift"),
		bLift("fri-full", bWhen(19, 18, 0), 60, "squat", "bench_press"),
		bRun("fri-jog", bWhen(19, 19, 0), 20),
		bRun("sat-light", bWhen(20, 10, 0), 30),
	}
}

func build(t *testing.T, b *ingest.Batch) *Dataset {
	t.Helper()
	ds := Build(b, BuildOptions{WeekStart: time.Monday})
	if len(ds.Weeks) == 0 {
		t.Fatal("no weeks")
	}
	return ds
}

// refWeek is the week of Monday 15 September 2025.
func refWeek(t *testing.T, ds *Dataset) Week {
	t.Helper()
	return weekOf(t, ds.Weeks, bWhen(15, 0, 0))
}

// deficitIntake logs, for each day of the reference week, the estimated
// need ((500 + 22·FFM)·PAL + that day's net exercise kcal, from the days
// table of a first build) minus deficit, with protein g/kg and carbs g/kg.
func deficitIntake(t *testing.T, acts []ingest.Activity, deficit, proteinGkg, carbsGkg float64) []ingest.DayIntake {
	t.Helper()
	ds := build(t, bBatch(bProfile(), cloneActs(acts)))
	need := (CunninghamIntercep + CunninghamSlope*80*0.85) * DefaultTuning().NonExercisePAL
	var out []ingest.DayIntake
	for _, r := range DayRows(ds) {
		date := time.Unix(int64(r.LocalDate)*86400, 0).UTC()
		out = append(out, ingest.DayIntake{Athlete: bAthlete, Source: "food.csv", Date: date,
			Kcal: need + *r.ExerciseNetKcal - deficit, ProteinG: proteinGkg * 80, CarbsG: carbsGkg * 80, RunCarbsG: math.NaN()})
	}
	return out
}

func cloneActs(acts []ingest.Activity) []ingest.Activity {
	out := make([]ingest.Activity, len(acts))
	copy(out, acts)
	for i := range out {
		out[i].Sets = append([]ingest.Set(nil), acts[i].Sets...)
	}
	return out
}

// (a) The seed's example week scores < 25.
func TestBuildScenarioSeedWeek(t *testing.T) {
	w := refWeek(t, build(t, bBatch(bProfile(), seedActs())))
	if w.Interference >= BandModerate || w.TrainingDays != 5 {
		t.Errorf("seed week: interference %.1f (want < 25), %d training days (want 5); rules %+v", w.Interference, w.TrainingDays, w.Rules)
	}
	t.Logf("(a) seed week: interference %.1f", w.Interference)
}

// (b) 60-min run right before squats on three days, six training days,
// trained male → ≥ 60; (e) the endurance goal scores it clearly lower.
func TestBuildScenarioAnchorBAndEndurance(t *testing.T) {
	// science.md's anchor (b) has the full P weight: a strength goal
	// (hypertrophy halves P, see TestDirectionGoals).
	str := bProfile()
	str.Goal = "strength"
	ds := build(t, bBatch(str, anchorBActs()))
	w := refWeek(t, ds)
	if w.Interference < 60 || w.TrainingDays != 6 || w.Multiplier != 1.2 {
		t.Errorf("(b): interference %.1f (want ≥ 60), %d training days, C %.2f", w.Interference, w.TrainingDays, w.Multiplier)
	}
	top := rulesOf(w, RuleIntProximity)[0]
	if want := "Mon 09-15: 60-min run right before the squat session (lower body)"; !strings.HasPrefix(top.Reason, want) {
		t.Errorf("(b) top reason %q, want prefix %q", top.Reason, want)
	}
	if !strings.HasPrefix(top.Advice, "Move the 60-min run at least 6 h after lifting, or to another day") {
		t.Errorf("(b) advice %q", top.Advice)
	}
	end := bProfile()
	end.Goal = "endurance"
	we := refWeek(t, build(t, bBatch(end, anchorBActs())))
	if we.Interference > w.Interference-15 {
		t.Errorf("(e): endurance %.1f vs strength %.1f, want ≥ 15 lower", we.Interference, w.Interference)
	}
	t.Logf("(b) %.1f (P %.2f D %.2f R %.2f N %.2f); (e) endurance %.1f", w.Interference, w.Proximity, w.Dose, w.Recovery, w.Nutrition, we.Interference)
}

// (c) The same training with a 700 kcal/day logged deficit and 1.0 g/kg
// protein → under-fueling ≥ 50 in tier A; the logs also replace the INT-N prior.
func TestBuildScenarioDeficitTierA(t *testing.T) {
	acts := anchorBActs()
	b := bBatch(bProfile(), cloneActs(acts))
	b.Intake = deficitIntake(t, acts, 700, 1.0, 4)
	ds := build(t, b)
	w := refWeek(t, ds)
	if w.Tier != TierA || w.Confidence != ConfidenceHigh || w.UnderFueling < 50 {
		t.Errorf("(c): tier %s %s, under-fueling %.1f; want A high ≥ 50", w.Tier, w.Confidence, w.UnderFueling)
	}
	if !approx(w.Deficit, 1, 1e-9) || !approx(w.Protein, 1, 1e-9) || math.IsNaN(w.EnergyAvail) {
		t.Errorf("(c): B %.2f Pr %.2f E %.2f, want 1, 1, known", w.Deficit, w.Protein, w.EnergyAvail)
	}
	if want := nutritionValue(1, 1, math.NaN(), DefaultTuning().NutritionPrior); !approx(w.Nutrition, want, 1e-9) {
		t.Errorf("(c): INT-N %.3f, want %.3f from the logs", w.Nutrition, want)
	}
	b0 := refWeek(t, build(t, bBatch(bProfile(), cloneActs(acts))))
	if w.Interference <= b0.Interference {
		t.Errorf("(c): interference %.1f not above the unlogged %.1f", w.Interference, b0.Interference)
	}
	t.Logf("(c) under-fueling %.1f (E %.2f B %.2f Pr %.2f C %.2f X %.2f), interference %.1f", w.UnderFueling,
		w.EnergyAvail, w.Deficit, w.Protein, w.Carbs, w.Exposure, w.Interference)
}

// (d) No food log and no weigh-ins → tier D, capped at 50, exposure-only.
func TestBuildScenarioTierD(t *testing.T) {
	w := refWeek(t, build(t, bBatch(bProfile(), anchorBActs())))
	if w.Tier != TierD || w.Confidence != ConfidenceExposure || w.UnderFueling > CapTierD {
		t.Errorf("(d): tier %s %s, under-fueling %.1f", w.Tier, w.Confidence, w.UnderFueling)
	}
	_, raw, _ := underFuelingScore(fuelComponents{w.EnergyAvail, w.Deficit, w.Protein, w.Carbs, w.Exposure, w.Sleep}, TierD)
	if raw > CapTierD && len(rulesOf(w, RuleUFCap)) != 1 {
		t.Errorf("(d): raw %.1f above the cap without a UF-CAP hit", raw)
	}
	if !hasNote(w.Defaults, "tier D (exposure-only)") || !hasNote(w.Defaults, "INT-N: no food log") {
		t.Errorf("(d): defaults %v", w.Defaults)
	}
	t.Logf("(d) under-fueling %.1f (uncapped %.1f)", w.UnderFueling, raw)
}

// Tier B: food log, no body fat anywhere → default body fat, EA range.
func TestBuildTierB(t *testing.T) {
	acts := anchorBActs()
	p := bProfile()
	p.BodyFatPct = 0
	b := bBatch(p, cloneActs(acts))
	b.Intake = deficitIntake(t, acts, 0, 1.8, 5)
	w := refWeek(t, build(t, b))
	if w.Tier != TierB || w.Confidence != ConfidenceMedium {
		t.Errorf("tier %s %s, want B medium", w.Tier, w.Confidence)
	}
	if e := rulesOf(w, RuleUFEnergy); len(e) == 1 && !strings.Contains(e[0].Reason, "over body fat 15±5 %") {
		t.Errorf("EA range missing: %q", e[0].Reason)
	}
}

// A body-composition reading fills the profile's missing body fat (a
// source, not a default), which makes the same log tier A; weigh-ins fill
// the mass.
func TestBuildWeighInsFillProfile(t *testing.T) {
	acts := anchorBActs()
	p := bProfile()
	p.BodyFatPct, p.BodyMassKg = 0, 0
	b := bBatch(p, cloneActs(acts))
	b.Intake = deficitIntake(t, acts, 0, 1.8, 5)
	b.Body = []ingest.BodyMeasurement{
		{Athlete: bAthlete, Source: "scale.fit", Time: bWhen(10, 7, 0).UTC(), MassKg: 80.4, FatPct: math.NaN(), MuscleKg: math.NaN()},
		{Athlete: bAthlete, Source: "scale.fit", Time: bWhen(16, 7, 0).UTC(), MassKg: 80.0, FatPct: 14, MuscleKg: math.NaN()},
		{Athlete: "someone-else", Source: "x.fit", Time: bWhen(16, 7, 0).UTC(), MassKg: 60, FatPct: 30},
	}
	ds := build(t, b)
	w := refWeek(t, ds)
	par := ds.Params[bAthlete]
	if par.BodyMassKg != 80 || par.BodyFatPct != 14 || hasNote(par.Defaults, "body mass not given") || hasNote(par.Defaults, "body fat not given") {
		t.Errorf("params mass %.1f fat %.1f defaults %v", par.BodyMassKg, par.BodyFatPct, par.Defaults)
	}
	if !hasNote(par.Sources, "body mass 80.0 kg from the latest weigh-in") || !hasNote(par.Sources, "body fat 14.0 % from the latest body-composition reading") {
		t.Errorf("sources %v", par.Sources)
	}
	if w.Tier != TierA {
		t.Errorf("tier %s, want A (body fat from the reading)", w.Tier)
	}
}

// Tier C: weigh-ins this week and the week before, no food log.
func TestBuildTierC(t *testing.T) {
	b := bBatch(bProfile(), anchorBActs())
	for i, d := range []int{9, 11, 16, 18} {
		b.Body = append(b.Body, ingest.BodyMeasurement{Athlete: bAthlete, Time: bWhen(d, 7, 0).UTC(),
			MassKg: 80 - 0.5*float64(i/2), FatPct: math.NaN(), MuscleKg: math.NaN()})
	}
	w := refWeek(t, build(t, b))
	if w.Tier != TierC || w.Confidence != ConfidenceLow || w.UnderFueling > CapTierC || !approx(w.Deficit, 0.5, 1e-9) {
		t.Errorf("tier %s %s, under-fueling %.1f, B %.2f; want C low ≤ 70, B 0.5 (0.63 %% loss)", w.Tier, w.Confidence, w.UnderFueling, w.Deficit)
	}
}

// In-run carbohydrate logged per day becomes g/h of that day's long run.
func TestBuildRunCarbsFromIntake(t *testing.T) {
	acts := append(anchorBActs(), bRun("long", bWhen(20, 8, 0), 120))
	for _, c := range []struct {
		runCarbs float64
		lowRuns  string
		unknown  bool
	}{
		{40, "1 of 1 logged runs ≥60 min under 30 g/h", false}, // 20 g/h
		{120, "0 of 1 logged runs ≥60 min under 30 g/h", false},
		{math.NaN(), "", true},
	} {
		b := bBatch(bProfile(), cloneActs(acts))
		b.Intake = deficitIntake(t, acts, 0, 1.8, 5)
		for i := range b.Intake {
			if b.Intake[i].Date.Day() == 20 {
				b.Intake[i].RunCarbsG = c.runCarbs
			}
		}
		w := refWeek(t, build(t, b))
		x := rulesOf(w, RuleUFExposure)
		gotUnknown := len(x) == 1 && strings.Contains(x[0].Reason, "unknown fuelling")
		if gotUnknown != c.unknown {
			t.Errorf("run carbs %v: unknown-fuelling flag %v, want %v", c.runCarbs, gotUnknown, c.unknown)
		}
		// UF-C fires only with a positive value; 0 of 1 with no daily shortfall is silent.
		if cr := rulesOf(w, RuleUFCarbs); c.lowRuns != "" && len(cr) == 1 && !strings.Contains(cr[0].Reason, c.lowRuns) ||
			strings.HasPrefix(c.lowRuns, "1 of") && len(cr) != 1 {
			t.Errorf("run carbs %v: UF-C %+v, want %q", c.runCarbs, cr, c.lowRuns)
		}
	}
}

// The profile's tuning reaches the scorer; an unknown key is noted (with
// a did-you-mean) and the rest applied; an invalid value fails the
// profile file like any invalid profile, naming the key.
func TestBuildProfileTuning(t *testing.T) {
	p := bProfile()
	p.Tuning = map[string]float64{"mult_trained": 1.0}
	w := refWeek(t, build(t, bBatch(p, anchorBActs())))
	if w.Multiplier != 1.0 {
		t.Errorf("tuning mult_trained 1.0: multiplier %.2f", w.Multiplier)
	}

	p.Tuning = map[string]float64{"mult_trainde": 1.0}
	ds := build(t, bBatch(p, anchorBActs()))
	f := ds.Files[0]
	if f.Status != ingest.StatusImported || !strings.Contains(f.Reason, `unknown tuning key "mult_trainde" ignored (did you mean "mult_trained"?)`) {
		t.Errorf("profile file %+v, want imported noting the key", f)
	}
	if par := ds.Params[bAthlete]; hasNote(par.Defaults, NoProfile) {
		t.Errorf("profile dropped for an unknown tuning key: defaults %v", par.Defaults)
	}

	p.Tuning = map[string]float64{"mult_trained": -1}
	ds = build(t, bBatch(p, anchorBActs()))
	if f := ds.Files[0]; f.Status != ingest.StatusFailed || !strings.Contains(f.Reason, `tuning "mult_trained": -1 is below 0`) {
		t.Errorf("profile file %+v, want failed naming the key", f)
	}
	if par := ds.Params[bAthlete]; !hasNote(par.Defaults, NoProfile) {
		t.Errorf("rejected profile still used: defaults %v", par.Defaults)
	}

	// The same from the flags: an unknown key is noted, a bad value
	// ignores the flags' tuning and is recorded.
	ds = Build(bBatch(bProfile(), anchorBActs()), BuildOptions{WeekStart: time.Monday,
		Profile: ingest.Profile{Tuning: map[string]float64{"nope": 1}}})
	if par := ds.Params[bAthlete]; !hasNote(par.Defaults, `unknown tuning key "nope" ignored`) || len(ds.Warnings) != 1 {
		t.Errorf("flag tuning key not noted: %v, warnings %q", par.Defaults, ds.Warnings)
	}
	ds = Build(bBatch(bProfile(), anchorBActs()), BuildOptions{WeekStart: time.Monday,
		Profile: ingest.Profile{Tuning: map[string]float64{"rest_one": -2}}})
	if par := ds.Params[bAthlete]; !hasNote(par.Defaults, `profile flags: tuning "rest_one": -2 is below 0`) {
		t.Errorf("flag tuning error not recorded: %v", par.Defaults)
	}
}

// A measured fat-free mass replaces mass × (1 − body fat) in EA.
func TestBuildFatFreeMass(t *testing.T) {
	acts := anchorBActs()
	p := bProfile()
	p.BodyFatPct, p.FatFreeMassKg = 0, 60
	b := bBatch(p, cloneActs(acts))
	b.Intake = deficitIntake(t, acts, 700, 1.8, 5)
	ds := build(t, b)
	w := refWeek(t, ds)
	par := ds.Params[bAthlete]
	if par.FatFreeMassKg != 60 || !approx(par.BodyFatPct, 25, 1e-9) || !hasNote(par.Sources, "from fat_free_mass_kg") {
		t.Errorf("params FFM %.1f BF %.1f sources %v", par.FatFreeMassKg, par.BodyFatPct, par.Sources)
	}
	if w.Tier != TierA {
		t.Errorf("tier %s, want A", w.Tier)
	}
	if e := rulesOf(w, RuleUFEnergy); len(e) != 1 || !strings.Contains(e[0].Reason, "FFM 60.0 kg") {
		t.Errorf("UF-E %+v, want FFM 60.0 kg", e)
	}
	for _, r := range DayRows(ds) {
		if r.FFMKg == nil || *r.FFMKg != 60 {
			t.Fatalf("day %d ffm %v, want 60", r.LocalDate, r.FFMKg)
		}
	}
}

// Lift facts reach lifts through Build: main exercise, tonnage and hard
// sets per region.
func TestBuildLiftFacts(t *testing.T) {
	ds := build(t, bBatch(bProfile(), anchorBActs()))
	var l metrics.Lift
	for _, x := range ds.Lifts {
		if x.ActivityID == "squat-15" {
			l = x
		}
	}
	if l.MainExercise != "squat" || l.LowerTonnageKg != 5000 || !math.IsNaN(l.UpperTonnageKg) || l.LowerHardSets != 10 || l.UpperHardSets != 0 || !math.IsNaN(l.SessionRPE) {
		t.Errorf("squat-15 facts %+v", l)
	}
}
