package metrics_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/metrics"
)

const lbKg = 0.45359237

// TestStrengthSessionsCorpus checks e1RM, best set, hard sets and tonnage
// of real lift logs against values computed by hand from the files' rows
// (quoted in each case).
func TestStrengthSessionsCorpus(t *testing.T) {
	epBr := func(w float64, r int) float64 { return (w*(1+float64(r)/30) + w*36/float64(37-r)) / 2 }
	for _, tc := range []struct {
		name, file string
		day        string // local date of the session
		exercise   string
		canonical  string
		bestKg     float64
		bestReps   int
		e1rm       float64
		method     string
		hard, warm int
		tonnage    float64
	}{
		{
			// Hevy, 30 Aug 2025 "Push // Hypertrophy": warmup 25×10 @6,
			// warmup 35×6 @6, normal 57.5×10 @9.5, normal 57.5×7 @9.5,
			// failure 52.5×8 @9.5. Best: 57.5 ÷ 72.3 % (10 reps + 0.5 RIR).
			name: "Hevy bench with RPE", file: "csv/sample_hevy.csv", day: "2025-08-30",
			exercise: "bench_press_barbell", canonical: metrics.BenchPress,
			bestKg: 57.5, bestReps: 10, e1rm: 57.5 / 0.723, method: metrics.E1RMRPETable,
			hard: 3, warm: 2, tonnage: 57.5*10 + 57.5*7 + 52.5*8,
		},
		{
			// FitNotes, 2022-09-14 "Flat Barbell Bench Press" in lbs: 45×10,
			// 65×10 (warm-ups: before the 155 lb top set and under 60 % of
			// it), 95×10, 115×10, 135×10, 155×5, 95×12, 65×15. Best: 135×10,
			// Epley = Brzycki = 180 lb.
			name: "FitNotes bench in lbs", file: "csv/FitNotes_Export_2025_05_21_08_39_11.csv", day: "2022-09-14",
			exercise: "flat_barbell_bench_press", canonical: metrics.BenchPress,
			bestKg: 135 * lbKg, bestReps: 10, e1rm: 180 * lbKg, method: metrics.E1RMEpleyBrzycki,
			hard: 6, warm: 2, tonnage: (950 + 1150 + 1350 + 775 + 1140 + 975) * lbKg,
		},
		{
			// Strong, 2025-09-19 "Fridays": Squat (Barbell) 40×7, 35×8, 35×8.
			name: "Strong squat", file: "csv/sample_strong.csv", day: "2025-09-19",
			exercise: "squat_barbell", canonical: metrics.Squat,
			bestKg: 40, bestReps: 7, e1rm: epBr(40, 7), method: metrics.E1RMEpleyBrzycki,
			hard: 3, warm: 0, tonnage: 280 + 280 + 280,
		},
		{
			// Garmin Forerunner 965 strength session (FIT set messages),
			// deadlift category: 76×6, 76×6 (warm-ups), 116×10, 126×8, 136×8.
			name: "FIT deadlift", file: "fit/20744294788_ACTIVITY.fit", day: "2025-10-20",
			exercise: "deadlift", canonical: metrics.Deadlift,
			bestKg: 136, bestReps: 8, e1rm: epBr(136, 8), method: metrics.E1RMEpleyBrzycki,
			hard: 3, warm: 2, tonnage: 1160 + 1008 + 1088,
		},
		{
			// Same file, squat category: 20×6, 20×6 (warm-ups), 131×8,
			// 0×12 (bodyweight: no e1RM, no tonnage), 60×8, 60×8.
			name: "FIT squat with a bodyweight set", file: "fit/20744294788_ACTIVITY.fit", day: "2025-10-20",
			exercise: "squat", canonical: metrics.Squat,
			bestKg: 131, bestReps: 8, e1rm: epBr(131, 8), method: metrics.E1RMEpleyBrzycki,
			hard: 4, warm: 2, tonnage: 1048 + 480 + 480,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acts := decodeCorpus(t, tc.file)
			var got *metrics.ExerciseSession
			for i := range acts {
				if acts[i].Kind != ingest.KindLift {
					continue
				}
				for _, e := range metrics.StrengthSessions(&acts[i], metrics.DefaultParams()) {
					if e.LocalDate.Format(time.DateOnly) == tc.day && e.Exercise == tc.exercise {
						got = &e
					}
				}
			}
			if got == nil {
				t.Fatalf("%s: no %s session on %s", tc.file, tc.exercise, tc.day)
			}
			if got.Canonical != tc.canonical || !near(got.BestWeightKg, tc.bestKg, 1e-6) || got.BestReps != tc.bestReps ||
				!near(got.E1RMKg, tc.e1rm, 1e-6) || got.E1RMMethod != tc.method {
				t.Errorf("%s: %s best %v × %d e1RM %v (%s), want %s best %v × %d e1RM %v (%s)", tc.file,
					got.Canonical, got.BestWeightKg, got.BestReps, got.E1RMKg, got.E1RMMethod,
					tc.canonical, tc.bestKg, tc.bestReps, tc.e1rm, tc.method)
			}
			if got.HardSets != tc.hard || got.WarmupSets != tc.warm || !near(got.TonnageKg, tc.tonnage, 1e-6) {
				t.Errorf("%s: hard %d warm-up %d tonnage %v, want %d %d %v", tc.file, got.HardSets, got.WarmupSets, got.TonnageKg,
					tc.hard, tc.warm, tc.tonnage)
			}
		})
	}
}

// Every e1RM of every real log is finite, positive, at least the set's
// weight, and no set over 12 reps or without load gives one.
func TestStrengthSessionsCorpusInvariants(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir(t), "csv", "*.csv"))
	files = append(files, filepath.Join(corpusDir(t), "fit", "20744294788_ACTIVITY.fit"), filepath.Join(corpusDir(t), "fit", "20748058539_ACTIVITY.fit"))
	n := 0
	for _, f := range files {
		rel, _ := filepath.Rel(corpusDir(t), f)
		for _, a := range decodeCorpus(t, rel) {
			for _, e := range metrics.StrengthSessions(&a, metrics.DefaultParams()) {
				switch {
				case math.IsNaN(e.E1RMKg):
					if e.E1RMMethod == metrics.E1RMRPETable || e.E1RMMethod == metrics.E1RMEpleyBrzycki {
						t.Errorf("%s %s: no e1RM but method %s", rel, e.Exercise, e.E1RMMethod)
					}
				default:
					n++
					if !(e.E1RMKg >= e.BestWeightKg && e.BestReps >= 1 && e.BestReps <= metrics.E1RMMaxReps && e.BestWeightKg > 0) {
						t.Errorf("%s %s: e1RM %v from %v kg × %d", rel, e.Exercise, e.E1RMKg, e.BestWeightKg, e.BestReps)
					}
				}
				if e.HardSets > e.WorkSets || e.DropSets > e.WorkSets {
					t.Errorf("%s %s: %d hard, %d drop of %d work sets", rel, e.Exercise, e.HardSets, e.DropSets, e.WorkSets)
				}
			}
		}
	}
	if n < 500 {
		t.Errorf("only %d exercise sessions with an e1RM in the corpus", n)
	}
}

func corpusDir(t *testing.T) string {
	dir := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found: %v", err)
	}
	return dir
}

func decodeCorpus(t *testing.T, rel string) []ingest.Activity {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var d ingest.Decoded
	if filepath.Ext(rel) == ".fit" {
		d, err = fit.Decode(f)
	} else {
		d, err = csvlog.Decode(f)
	}
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return d.Activities
}
