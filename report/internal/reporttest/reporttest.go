// Package reporttest holds the fixtures the tests of report's writers
// (report/tables, report/html, report/output) share: a small scored
// dataset and helpers to read back a Parquet file. Only tests import it.
package reporttest

import (
	"math"
	"os"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"gainguard/ingest"
	"gainguard/metrics"
	"gainguard/report"
)

// Dataset builds a small two-athlete dataset: alex has a profile and
// two scored weeks with a run of unknown distance, a lift with sets and a
// run whose name is markup; sam has no profile and one week.
func Dataset() *report.Dataset {
	nan := math.NaN()
	berlin := time.FixedZone("CET", 3600)
	alexRun := ingest.Activity{
		ID: "a1run", Athlete: "alex", Source: "alex/2024-03-05-run.fit", Format: "fit", Index: 0,
		Kind: ingest.KindRun, Sport: "running", SubSport: "treadmill", Name: "<script>alert(1)</script>",
		// 23:30 UTC on 4 March is 00:30 on 5 March in Berlin: local_date must be 5 March.
		Start: time.Date(2024, 3, 4, 23, 30, 0, 0, time.UTC), Precision: ingest.PrecisionExact,
		TZOffsetS: 3600, HasTZ: true,
		ElapsedS: 1800, TimerS: 1750, DistanceM: nan, Calories: 310, AvgHR: 150, MaxHR: 171,
		Manufacturer: "garmin", Product: "fr255",
		Samples: []ingest.Sample{ingest.NewSample(time.Date(2024, 3, 4, 23, 30, 0, 0, time.UTC))},
	}
	alexLift := ingest.Activity{
		ID: "a2lift", Athlete: "alex", Source: "alex/2024-03-05-lift.fit", Format: "fit", Index: 0,
		Kind: ingest.KindLift, Sport: "training", SubSport: "strength_training", Name: "Leg day",
		Start: time.Date(2024, 3, 5, 17, 0, 0, 0, time.UTC), Precision: ingest.PrecisionExact,
		TZOffsetS: 3600, HasTZ: true,
		ElapsedS: 3600, TimerS: 3400, DistanceM: nan, Calories: nan, AvgHR: nan, MaxHR: nan,
		Sets: []ingest.Set{
			{Start: time.Date(2024, 3, 5, 17, 5, 0, 0, time.UTC), DurationS: 40, Type: ingest.SetActive, Reps: 5, WeightKg: 100, Exercise: "squat", Region: ingest.RegionLower},
			{Start: time.Date(2024, 3, 5, 17, 5, 40, 0, time.UTC), DurationS: 120, Type: ingest.SetRest, Reps: -1, WeightKg: nan, Region: ingest.RegionUnknown},
			{DurationS: nan, Type: ingest.SetActive, Reps: 8, WeightKg: 0, Exercise: "pull_up", Region: ingest.RegionUpper},
		},
	}
	alexRun2 := ingest.Activity{
		ID: "a3run", Athlete: "alex", Source: "alex/2024-03-12-run.gpx", Format: "gpx",
		Kind: ingest.KindRun, Sport: "running", Name: "Easy run",
		Start: time.Date(2024, 3, 11, 23, 30, 0, 0, time.UTC), Precision: ingest.PrecisionExact, // 00:30 on the 12th in the profile zone
		ElapsedS: 2400, TimerS: 2400, DistanceM: 6000, Calories: nan, AvgHR: nan, MaxHR: nan,
	}
	samRun := ingest.Activity{
		ID: "s1run", Athlete: "sam", Source: "sam/run.fit", Format: "fit",
		Kind: ingest.KindRun, Sport: "running", Name: "Lunch run",
		Start: time.Date(2024, 3, 6, 11, 0, 0, 0, time.UTC), Precision: ingest.PrecisionExact,
		ElapsedS: 1200, TimerS: 1200, DistanceM: 3000, Calories: nan, AvgHR: 140, MaxHR: 160,
	}
	localDate := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, berlin) }

	d := &report.Dataset{
		// Deliberately out of order: the writers sort.
		Activities: []ingest.Activity{samRun, alexRun2, alexLift, alexRun},
		Runs: []metrics.Run{
			{
				ActivityID: "a3run", Athlete: "alex", Name: "Easy run", Source: alexRun2.Source, Sport: "running",
				Start: alexRun2.Start, LocalDate: localDate(2024, 3, 12), ElapsedS: 2400, TimerS: 2400, MovingS: 2380,
				DistanceM: 6000, AvgHR: nan, MaxHR: nan, ZoneS: [5]float64{nan, nan, nan, nan, nan}, TRIMP: nan,
				HRSource: "none", HRTSS: nan, Class: "unknown", NetKcal: 380,
				HoursSinceLift: 158, HoursToLift: nan, PrevLiftID: "a2lift", SameDayOrder: "separate_days",
				NearestLiftID: "a2lift", NearestLiftRegion: ingest.RegionLower, NearestLiftGapH: 158,
			},
			{
				ActivityID: "a1run", Athlete: "alex", Name: alexRun.Name, Source: alexRun.Source, Sport: "running", SubSport: "treadmill",
				Start: alexRun.Start, LocalDate: localDate(2024, 3, 5), ElapsedS: 1800, TimerS: 1750, MovingS: 1750,
				DistanceM: nan, AvgHR: 150, MaxHR: 171, ZoneS: [5]float64{60, 300, 900, 400, 90}, TRIMP: 48.5,
				HRSource: "samples", HRTSS: 41, Class: "tempo", NetKcal: 250,
				HoursSinceLift: nan, HoursToLift: 16, NextLiftID: "a2lift", SameDayOrder: "run_then_lift",
				NearestLiftID: "a2lift", NearestLiftRegion: ingest.RegionLower, NearestLiftGapH: 16,
			},
			{
				ActivityID: "s1run", Athlete: "sam", Name: "Lunch run", Source: samRun.Source, Sport: "running",
				Start: samRun.Start, LocalDate: time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC), ElapsedS: 1200, TimerS: 1200, MovingS: 1200,
				DistanceM: 3000, AvgHR: 140, MaxHR: 160, ZoneS: [5]float64{0, 1200, 0, 0, 0}, TRIMP: 20,
				HRSource: "average", HRTSS: 15, Class: "liss", NetKcal: 180,
				HoursSinceLift: nan, HoursToLift: nan, SameDayOrder: "separate_days", NearestLiftGapH: nan,
			},
		},
		Lifts: []metrics.Lift{{
			ActivityID: "a2lift", Athlete: "alex", Name: "Leg day", Source: alexLift.Source,
			Start: alexLift.Start, End: alexLift.End(), LocalDate: localDate(2024, 3, 5), DurationS: 3600,
			Precision: ingest.PrecisionExact, Region: ingest.RegionFull, Sets: 2, Reps: 13, TonnageKg: 500,
			LowerSets: 1, UpperSets: 1, NetKcal: 200,
		}},
		Weeks: []report.Week{
			{
				Athlete: "alex", WeekStart: localDate(2024, 3, 11), Year: 2024, Week: 11,
				Runs: 1, RunMinutes: 40, RunDistanceKm: 6, RunTRIMP: nan, Lifts: 0, TrainingDays: 1, RestDays: 6, MaxConsecDays: 1,
				Interference: 8, InterferenceBand: "low", Proximity: 0, Dose: 0.2, Recovery: 0, Nutrition: 0.25, Spike: 0, Multiplier: 1,
				WhatIfInterference: nan,
				UnderFueling:       nan, UnderFuelingBand: "", Tier: "D", Confidence: "exposure-only", Coverage: 0.1,
				EnergyAvail: nan, Deficit: nan, Protein: nan, Carbs: nan, Exposure: 0.1, Sleep: nan,
				Defaults: []string{"hr_rest not given: 60 bpm assumed"},
			},
			{
				Athlete: "alex", WeekStart: localDate(2024, 3, 4), Year: 2024, Week: 10,
				Runs: 1, RunMinutes: 30, RunDistanceKm: nan, RunTRIMP: 48.5, Lifts: 1, LowerLifts: 1, TrainingDays: 1, RestDays: 6, MaxConsecDays: 1,
				Interference: 61.4, InterferenceBand: "high", Proximity: 0.8, Dose: 0.4, Recovery: 0.5, Nutrition: 0.25, Spike: nan, Multiplier: 1.1,
				WhatIfInterference: 18.2, WhatIfChanges: []string{"Move Tue's 29-min run to Wed 07:00", "Swap Tue's lift for Thu's"},
				UnderFueling: 27, UnderFuelingBand: "yellow", Tier: "C", Confidence: "low", Coverage: 0.35,
				EnergyAvail: nan, Deficit: nan, Protein: 0.5, Carbs: nan, Exposure: 0.4, Sleep: nan,
				Rules: []report.RuleHit{
					{Rule: "INT-P-proximity", Score: "interference", Points: 30.5, Value: 0.8, Activities: []string{"a1run", "a2lift"},
						Reason: "Tue: 30-min run 16 h before a lower-body lift, p = 0.80", Advice: "Put 24 h or more between hard runs and leg days."},
					{Rule: "INT-D-dose", Score: "interference", Points: 12, Value: 0.4, Reason: "30 run minutes & 1 lift", Advice: ""},
					{Rule: "UF-X-exposure", Score: "underfueling", Points: 9, Value: 0.4, Reason: "Exposure only", Advice: "Log food for a week."},
					{Rule: "INT-N-nutrition", Score: "interference", Points: 5, Value: nan, Reason: "No nutrition data: prior used", Advice: "Eat <enough> protein."},
				},
				Defaults: []string{"hr_rest not given: 60 bpm assumed"},
			},
			{
				Athlete: "sam", WeekStart: time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC), Year: 2024, Week: 10,
				Runs: 1, RunMinutes: 20, RunDistanceKm: 3, RunTRIMP: 20, TrainingDays: 1, RestDays: 6, MaxConsecDays: 1,
				Interference: 0, InterferenceBand: "low", Proximity: nan, Dose: 0.1, Recovery: nan, Nutrition: 0.25, Spike: nan, Multiplier: 1,
				WhatIfInterference: nan,
				UnderFueling:       80, UnderFuelingBand: "red", Tier: "D", Confidence: "exposure-only", Coverage: 0.1,
				EnergyAvail: nan, Deficit: nan, Protein: nan, Carbs: nan, Exposure: 0.2, Sleep: nan,
			},
		},
		Files: []ingest.FileResult{
			{Path: "sam/run.fit", Athlete: "sam", Format: "fit", Status: ingest.StatusImported, Activities: 1, SizeBytes: 2048},
			{Path: "alex/2024-03-05-run.fit", Athlete: "alex", Format: "fit", Status: ingest.StatusImported, Activities: 1, SizeBytes: 4096},
			{Path: "alex/2024-03-05-lift.fit", Athlete: "alex", Format: "fit", Status: ingest.StatusImported, Activities: 1, SizeBytes: 1024},
			{Path: "alex/2024-03-12-run.gpx", Athlete: "alex", Format: "gpx", Status: ingest.StatusImported, Activities: 1, SizeBytes: 9000},
			{Path: "alex/athlete.json", Athlete: "alex", Format: "profile", Status: ingest.StatusImported, SizeBytes: 120},
			{Path: "alex/monitor<1>.fit", Athlete: "alex", Format: "fit", Status: ingest.StatusSkipped, Reason: "monitoring file: no activity", SizeBytes: 300},
			{Path: "sam/broken & bad.fit", Athlete: "sam", Format: "fit", Status: ingest.StatusFailed, Reason: `fit: header: "<b>" is not a FIT file`, SizeBytes: 12},
		},
		Params: map[string]metrics.Params{
			"alex": {Athlete: "alex", Sex: "male", Age: 30, HRMax: 190, HRRest: 60, Loc: berlin,
				Defaults: []string{"hr_rest not given: 60 bpm assumed"}},
			"sam": {Athlete: "sam", Loc: time.UTC, Defaults: []string{report.NoProfile, "hr_max: 220 − age formula", "body mass: 75 kg assumed"}},
		},
		Version:   "0.1.0-test",
		Generated: time.Date(2024, 3, 18, 9, 30, 0, 0, time.UTC),
	}
	d.SetPairs() // as Build stores them
	return d
}

// RenameAthlete renames athlete old to name everywhere in d.
func RenameAthlete(d *report.Dataset, old, name string) {
	for i := range d.Activities {
		if d.Activities[i].Athlete == old {
			d.Activities[i].Athlete = name
		}
	}
	for i := range d.Runs {
		if d.Runs[i].Athlete == old {
			d.Runs[i].Athlete = name
		}
	}
	for i := range d.Lifts {
		if d.Lifts[i].Athlete == old {
			d.Lifts[i].Athlete = name
		}
	}
	for i := range d.Weeks {
		if d.Weeks[i].Athlete == old {
			d.Weeks[i].Athlete = name
		}
	}
	for i := range d.Files {
		if d.Files[i].Athlete == old {
			d.Files[i].Athlete = name
		}
	}
	if p, ok := d.Params[old]; ok {
		delete(d.Params, old)
		p.Athlete = name
		d.Params[name] = p
	}
	if ps, ok := d.Pairs[old]; ok {
		delete(d.Pairs, old)
		d.Pairs[name] = ps
	}
}

// OpenParquet opens a Parquet file written by WriteAll.
func OpenParquet(t testing.TB, path string) *parquet.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return pf
}

// LogicalType returns the logical type annotation of a top-level column.
func LogicalType(t testing.TB, pf *parquet.File, column string) string {
	t.Helper()
	for _, f := range pf.Schema().Fields() {
		if f.Name() == column {
			if lt := f.Type().LogicalType(); lt != nil {
				return lt.String()
			}
			return ""
		}
	}
	t.Fatalf("no column %q in schema:\n%s", column, pf.Schema())
	return ""
}

// Days returns the Parquet DATE value of a calendar date.
func Days(y int, m time.Month, d int) int32 {
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func ReadRows[T any](t testing.TB, path string) []T {
	t.Helper()
	rows, err := parquet.ReadFile[T](path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// RecordsDataset is [Dataset] with samples: sam's run has n samples
// (more than one write chunk of report/tables when n is), in reverse time order, with NaN values and one
// sample without a time; alex's first run keeps its one all-NaN sample.
func RecordsDataset(n int) (*report.Dataset, int) {
	d := Dataset()
	total := 0
	for i := range d.Activities {
		a := &d.Activities[i]
		if a.ID == "s1run" {
			a.Samples = make([]ingest.Sample, 0, n+1)
			for k := n - 1; k >= 0; k-- {
				s := ingest.NewSample(a.Start.Add(time.Duration(k) * time.Second))
				s.HR = 120 + float64(k%40)
				if k%2 == 0 {
					s.SpeedMS, s.DistanceM, s.Lat, s.Lon, s.AltM = 3, float64(k)*3, 52.5, 13.4, 34
				}
				a.Samples = append(a.Samples, s)
			}
			a.Samples = append(a.Samples, ingest.NewSample(time.Time{}))
		}
		total += len(a.Samples)
	}
	return d, total
}
