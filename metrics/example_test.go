package metrics_test

import (
	"fmt"
	"math"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// The science.md M2 test vector: 45 min at 150 bpm with HRrest 60 and
// HRmax 190, one sample a second.
func ExampleTRIMP() {
	start := time.Date(2025, 3, 3, 7, 0, 0, 0, time.UTC)
	samples := make([]ingest.Sample, 45*60+1)
	for i := range samples {
		samples[i] = ingest.NewSample(start.Add(time.Duration(i) * time.Second))
		samples[i].HR = 150
	}
	p := metrics.Params{Sex: "male", HRRest: 60, HRMax: 190, LTHR: 60 + 0.85*130}
	male := metrics.TRIMP(samples, p)
	fmt.Printf("male   %.1f (hrTSS %.1f)\n", male, metrics.HRTSS(male, p))
	p.Sex = "female"
	fmt.Printf("female %.1f\n", metrics.TRIMP(samples, p))
	// Output:
	// male   75.3 (hrTSS 45.1)
	// female 85.1
}

// A Monday with squats in the morning and a run at lunch, in Berlin.
func ExampleAnalyze() {
	prof := ingest.Profile{Name: "alex", Sex: "male", Age: 30, HRRest: 50, HRMax: 190, BodyMassKg: 80,
		HeightCm: 180, Goal: "hypertrophy", TrainingStatus: "trained", Phase: "bulk", TimeZone: "Europe/Berlin"}
	berlin := func(h, m int) time.Time {
		loc, _ := time.LoadLocation("Europe/Berlin")
		return time.Date(2025, 3, 3, h, m, 0, 0, loc).UTC()
	}
	lift := ingest.Activity{ID: "lift-1", Kind: ingest.KindLift, Start: berlin(7, 0), ElapsedS: 3600,
		Calories: math.NaN(), Precision: ingest.PrecisionExact,
		Sets: []ingest.Set{
			{Start: berlin(7, 5), DurationS: 45, Type: ingest.SetActive, Reps: 5, WeightKg: 120, Exercise: "squat", Region: ingest.RegionLower},
			{Start: berlin(7, 10), DurationS: 45, Type: ingest.SetActive, Reps: 8, WeightKg: 80, Exercise: "bench_press", Region: ingest.RegionUpper},
		}}
	run := ingest.Activity{ID: "run-1", Kind: ingest.KindRun, Start: berlin(12, 30), ElapsedS: 2400, TimerS: 2400,
		DistanceM: 7000, Calories: math.NaN(), AvgHR: 145, MaxHR: math.NaN()}

	p := metrics.Resolve(prof, nil, berlin(0, 0))
	runs, lifts := metrics.Analyze([]ingest.Activity{run, lift}, p)
	l, r := lifts[0], runs[0]
	fmt.Printf("lift %s: %s body, %d sets, %d reps, %.0f kg\n", l.ActivityID, l.Region, l.Sets, l.Reps, l.TonnageKg)
	fmt.Printf("run %s: %s, %.1f h after %s (%s), TRIMP %.1f from %s HR, %.0f kcal (%s)\n", r.ActivityID,
		r.SameDayOrder, r.HoursSinceLift, r.PrevLiftID, r.NearestLiftRegion, r.TRIMP, r.HRSource, r.NetKcal, r.KcalSource)
	for _, d := range p.Defaults {
		fmt.Println("default:", d)
	}
	// Output:
	// lift lift-1: full body, 2 sets, 13 reps, 1240 kg
	// run run-1: lift_then_run, 4.5 h after lift-1 (full), TRIMP 63.9 from average HR, 560 kcal (distance)
	// default: lthr not given: hr_rest + 0.85·(hr_max − hr_rest) = 169 bpm
	// default: body fat not given: 15 % assumed
}
