package report

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
)

// tuningWorld is a five-week history (so the load spike runs) that gives
// every tuning key something to act on: runs with and without heart rate,
// a hard short run after squats, long runs, rides, rows, walks and swims,
// lower, upper, unknown-region and date-only lifts, a 6-day streak, weeks
// with 0 and 1 rest days, a food log (4 days in the last week), weigh-ins.
func tuningWorld(kcal float64, body bool) *ingest.Batch {
	var acts []ingest.Activity
	hr := func(a ingest.Activity, bpm float64) ingest.Activity { a.AvgHR = bpm; return a }
	cardio := func(id, sport string, start time.Time, min float64) ingest.Activity {
		a := bRun(id, start, min)
		a.Kind, a.Sport, a.DistanceM = ingest.KindCardio, sport, math.NaN()
		return a
	}
	for wk := 0; wk < 5; wk++ {
		d := 15 - 28 + 7*wk // Mondays from 18 Aug 2025 (negative days roll back a month)
		f := 1.0
		if wk == 4 {
			f = 2 // a load jump in the last week
		}
		acts = append(acts,
			bLift(fmt.Sprintf("squat%d", wk), bWhen(d, 17, 0), 60, "squat"),
			hr(bRun(fmt.Sprintf("hiit%d", wk), bWhen(d, 18, 5), 20), 175),
			hr(bRun(fmt.Sprintf("tue%d", wk), bWhen(d+1, 7, 0), 45*f), 150),
			bLift(fmt.Sprintf("bench%d", wk), bWhen(d+2, 17, 0), 60, "bench_press"),
			bRun(fmt.Sprintf("wed%d", wk), bWhen(d+2, 10, 0), 35),
			cardio(fmt.Sprintf("ride%d", wk), "cycling", bWhen(d+3, 7, 0), 50*f),
			bLift(fmt.Sprintf("dead%d", wk), bWhen(d+4, 17, 0), 60, "deadlift"),
			cardio(fmt.Sprintf("row%d", wk), "rowing", bWhen(d+4, 6, 0), 30),
			hr(bRun(fmt.Sprintf("long%d", wk), bWhen(d+5, 9, 0), 100*f), 145),
			cardio(fmt.Sprintf("walk%d", wk), "walking", bWhen(d+6, 10, 0), 60),
		)
		if wk%2 == 0 {
			acts = append(acts, cardio(fmt.Sprintf("swim%d", wk), "swimming", bWhen(d+6, 18, 0), 40))
		}
		u := bLift(fmt.Sprintf("misc%d", wk), bWhen(d+3, 12, 0), 45)
		u.Precision = ingest.PrecisionDate // date-only, region unknown
		acts = append(acts, u)
	}
	b := bBatch(bProfile(), acts)
	for d := 15; d <= 18; d++ {
		b.Intake = append(b.Intake, ingest.DayIntake{Athlete: bAthlete, Source: "food.csv", Date: time.Date(2025, 9, d, 0, 0, 0, 0, time.UTC),
			Kcal: kcal, ProteinG: 120, CarbsG: 300, RunCarbsG: math.NaN()})
	}
	b.Intake = append(b.Intake, ingest.DayIntake{Athlete: bAthlete, Source: "food.csv", Date: time.Date(2025, 9, 20, 0, 0, 0, 0, time.UTC),
		Kcal: kcal, ProteinG: 120, CarbsG: 300, RunCarbsG: 20})
	for d := 8; body && d <= 21; d += 2 {
		b.Body = append(b.Body, ingest.BodyMeasurement{Athlete: bAthlete, Source: "scale.csv", Time: bWhen(d, 7, 0).UTC(),
			MassKg: 80 - 0.02*float64(d-8), FatPct: math.NaN()})
	}
	return b
}

// fingerprint is every number the scoring writes, for one build.
func fingerprint(ds *Dataset) string {
	var b strings.Builder
	for _, w := range ds.Weeks {
		fmt.Fprintf(&b, "%.6f %.6f %.6f %.6f %.6f %.6f %.6f %.6f %s %s|", w.Interference, w.Proximity, w.Dose, w.Recovery,
			w.Nutrition, w.Spike, w.Multiplier, w.UnderFueling, w.UnderFuelingBand, w.Tier)
		for _, r := range w.Rules {
			fmt.Fprintf(&b, "%s %.6f %.6f %s|", r.Rule, r.Points, r.Value, r.Reason)
		}
		fmt.Fprintf(&b, "%q\n", w.Defaults)
	}
	for _, r := range DayRows(ds) {
		if r.EnergyNeedKcal != nil {
			fmt.Fprintf(&b, "%.6f ", *r.EnergyNeedKcal)
		}
	}
	return b.String()
}

// TestEveryTuningKeyChangesResult: each documented tuning key, changed
// alone, changes the outputs of at least one world: three profiles (a full
// trained male; a female untrained athlete without body fat; an athlete
// with no sex, status, body mass or body fat) × food logs of 2500, 3300
// and 4200 kcal/day × with and without weigh-ins. A key is tried at a few
// values (scaled down and up), since a value can sit on a clamp.
func TestEveryTuningKeyChangesResult(t *testing.T) {
	full := bProfile()
	full.Goal = "strength"
	female := bProfile()
	female.Sex, female.TrainingStatus, female.BodyFatPct = "female", "untrained", 0
	bare := ingest.Profile{Name: bAthlete, HRMax: 190, HRRest: 55, TimeZone: "Europe/Berlin"}
	type world struct {
		p    ingest.Profile
		kcal float64
		body bool
	}
	var worlds []world
	for _, p := range []ingest.Profile{full, female, bare} {
		for _, kcal := range []float64{2500, 3300, 4200} {
			for _, body := range []bool{true, false} {
				worlds = append(worlds, world{p, kcal, body})
			}
		}
	}
	run := func(w world, tuning map[string]float64) string {
		b := tuningWorld(w.kcal, w.body)
		w.p.Tuning = tuning
		b.Profiles[bAthlete] = w.p
		return fingerprint(Build(b, BuildOptions{WeekStart: time.Monday}))
	}
	base := make([]string, len(worlds))
	for i, w := range worlds {
		base[i] = run(w, nil)
	}
	def := DefaultTuning()
	for _, f := range tuningFields {
		var tries []float64
		if f.i != nil {
			d := float64(*f.i(&def))
			tries = []float64{d - 1, d + 1, d + 2, 3 * d}
		} else {
			d := *f.f(&def)
			tries = []float64{0.6 * d, 1.5*d + 0.05, 3*d + 0.1, 6*d + 0.1}
		}
		changed := false
		for _, v := range tries {
			if ValidateTuning(map[string]float64{f.name: v}) != nil {
				continue
			}
			for j, w := range worlds {
				if run(w, map[string]float64{f.name: v}) != base[j] {
					changed = true
					break
				}
			}
			if changed {
				break
			}
		}
		if !changed {
			t.Errorf("tuning %s changes nothing at %v", f.name, tries)
		}
	}
}
