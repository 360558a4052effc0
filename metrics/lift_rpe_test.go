package metrics

import (
	"math"
	"testing"
	"time"

	"gainguard/ingest"
)

func TestLiftSessionRPE(t *testing.T) {
	start := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	set := func(reps int, kg, rpe float64) ingest.Set {
		return ingest.Set{Type: ingest.SetActive, Reps: reps, WeightKg: kg, Exercise: "squat", Region: ingest.RegionLower, RPE: rpe, DurationS: math.NaN()}
	}
	for _, tc := range []struct {
		name     string
		session  float64
		sets     []ingest.Set
		wantRPE  float64 // NaN: none
		wantLoad float64
	}{
		{"no RPE anywhere", 0, []ingest.Set{set(5, 100, 0)}, math.NaN(), math.NaN()},
		{"logged session RPE wins", 7, []ingest.Set{set(5, 100, 9)}, 7, 7 * 60},
		{"mean of hard sets", 0, []ingest.Set{set(5, 100, 8), set(5, 100, 9)}, 8.5, 8.5 * 60},
		{"warm-up RPE ignored", 0, []ingest.Set{set(5, 40, 3), set(5, 100, 8)}, 8, 8 * 60},
		{"out-of-range session RPE ignored", 12, []ingest.Set{set(5, 100, 0)}, math.NaN(), math.NaN()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := ingest.Activity{Kind: ingest.KindLift, Start: start, ElapsedS: 3600, RPE: tc.session, Sets: tc.sets}
			l := LiftFacts(&a, DefaultParams())
			same := func(got, want float64) bool {
				return (math.IsNaN(want) && math.IsNaN(got)) || math.Abs(got-want) < 1e-9
			}
			if !same(l.SessionRPE, tc.wantRPE) || !same(l.SRPELoad, tc.wantLoad) {
				t.Errorf("session RPE %v load %v, want %v %v", l.SessionRPE, l.SRPELoad, tc.wantRPE, tc.wantLoad)
			}
		})
	}
}
