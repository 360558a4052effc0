package metrics

import (
	"math"
	"testing"
	"time"

	"gainguard/ingest"
)

// FuzzStrengthSessions builds a lift from fuzz bytes (4 bytes a set:
// exercise, reps, weight, RPE/mark; 255 reps or weight means unknown) and
// checks that nothing panics and the facts hold: an e1RM, when given, is
// finite, at least the best set's weight and from 1–12 reps; hard and drop
// sets never exceed the work sets; tonnage is never negative.
func FuzzStrengthSessions(f *testing.F) {
	f.Add([]byte{0, 5, 100, 80, 0, 5, 40, 0, 1, 15, 60, 0, 2, 1, 140, 100})
	f.Add([]byte{3, 0, 0, 0, 3, 255, 255, 255, 0, 12, 1, 61})
	f.Fuzz(func(t *testing.T, data []byte) {
		names := []string{"squat_barbell", "bench_press", "pull_up", "deadlift"}
		marks := []ingest.SetMark{"", ingest.MarkWarmup, ingest.MarkDrop, ingest.MarkFailure}
		a := ingest.Activity{Kind: ingest.KindLift, Start: time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC), ElapsedS: 3600}
		for i := 0; i+3 < len(data) && len(a.Sets) < 64; i += 4 {
			s := ingest.Set{Type: ingest.SetActive, Exercise: names[int(data[i])%len(names)], Reps: int(data[i+1]),
				WeightKg: float64(data[i+2]) * 1.5, RPE: float64(data[i+3]%41) / 4, Mark: marks[int(data[i+3])/64], DurationS: math.NaN()}
			if data[i+1] == 255 {
				s.Reps = -1
			}
			if data[i+2] == 255 {
				s.WeightKg = math.NaN()
			}
			if data[i]%7 == 6 {
				s.Type = ingest.SetRest
			}
			a.Sets = append(a.Sets, s)
		}
		for _, e := range StrengthSessions(&a, DefaultParams()) {
			if !math.IsNaN(e.E1RMKg) {
				if math.IsInf(e.E1RMKg, 0) || e.E1RMKg < e.BestWeightKg || e.BestReps < 1 || e.BestReps > E1RMMaxReps {
					t.Fatalf("%s: e1RM %v from %v kg × %d", e.Exercise, e.E1RMKg, e.BestWeightKg, e.BestReps)
				}
			}
			if e.HardSets > e.WorkSets || e.DropSets > e.WorkSets || e.TonnageKg < 0 {
				t.Fatalf("%s: %+v", e.Exercise, e)
			}
		}
		xs, ys := make([]float64, 0, len(data)), make([]float64, 0, len(data))
		for i, b := range data {
			xs, ys = append(xs, float64(i%6)), append(ys, float64(b))
		}
		if v := TrendPct4Wk(xs, ys); math.IsInf(v, 0) {
			t.Fatalf("trend %v", v)
		}
		acute, chronic, ratio := LoadSeries(ys)
		for i := range ys {
			if acute[i] < 0 || chronic[i] < 0 || math.IsInf(ratio[i], 0) {
				t.Fatalf("day %d: %v %v %v", i, acute[i], chronic[i], ratio[i])
			}
		}
	})
}
