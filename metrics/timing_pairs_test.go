package metrics

import (
	"math"
	"testing"
	"time"

	"gainguard/ingest"
)

// TestTimingTieAgreesWithPairs: when a run and a lift start at the same
// instant and overlap, runs.parquet's timing columns call the run first,
// as Pairs (read by INT-P and the timeline) does. Before the timing walk
// took its order from PairGeometry it called the lift first here.
func TestTimingTieAgreesWithPairs(t *testing.T) {
	at := time.Date(2025, 3, 3, 7, 0, 0, 0, time.UTC)
	tests := []struct {
		name              string
		runMin, liftMin   float64
		liftOffset        time.Duration
		wantOrder         string
		wantPrev, wantNxt string
	}{
		{"overlap, same start", 30, 60, 0, OrderRunThenLift, "", "L"},
		{"overlap, lift starts 1 s earlier", 30, 60, -time.Second, OrderLiftThenRun, "L", ""},
		{"overlap, lift starts 1 s later", 30, 60, time.Second, OrderRunThenLift, "", "L"},
		{"back to back", 30, 60, 30 * time.Minute, OrderRunThenLift, "", "L"},
	}
	for _, tc := range tests {
		lift := newAct("L", ingest.KindLift, at.Add(tc.liftOffset), tc.liftMin)
		lift.Sets = []ingest.Set{set(at.Add(tc.liftOffset), ingest.SetActive, "squat", ingest.RegionLower, 5, 100)}
		run := newAct("R", ingest.KindRun, at, tc.runMin)
		runs, lifts := Analyze([]ingest.Activity{lift, run}, testParams())
		if len(runs) != 1 || len(lifts) != 1 {
			t.Fatalf("%s: %d runs, %d lifts", tc.name, len(runs), len(lifts))
		}
		r, l := runs[0], lifts[0]
		rs := Span{ID: r.ActivityID, Start: r.Start, End: r.Start.Add(seconds(r.ElapsedS))}
		ps := Pairs([]Span{rs}, []Span{{ID: l.ActivityID, Start: l.Start, End: l.End}})
		if len(ps) != 1 {
			t.Fatalf("%s: %d pairs", tc.name, len(ps))
		}
		p := ps[0]
		if r.SameDayOrder != tc.wantOrder || r.PrevLiftID != tc.wantPrev || r.NextLiftID != tc.wantNxt {
			t.Errorf("%s: order %s prev %q next %q, want %s %q %q", tc.name, r.SameDayOrder,
				r.PrevLiftID, r.NextLiftID, tc.wantOrder, tc.wantPrev, tc.wantNxt)
		}
		if timingRunFirst := r.NextLiftID == "L"; timingRunFirst != p.RunFirst {
			t.Errorf("%s: timing says run first %v, Pairs says %v", tc.name, timingRunFirst, p.RunFirst)
		}
		if (r.SameDayOrder == OrderRunThenLift) != p.RunFirst {
			t.Errorf("%s: same-day order %s, Pairs run first %v", tc.name, r.SameDayOrder, p.RunFirst)
		}
		gap := r.HoursSinceLift
		if p.RunFirst {
			gap = r.HoursToLift
		}
		near(t, tc.name+" gap", gap, p.GapH, 1e-12)
		near(t, tc.name+" nearest gap", r.NearestLiftGapH, p.GapH, 1e-12)
		if p.RunFirst && !math.IsNaN(r.HoursSinceLift) || !p.RunFirst && !math.IsNaN(r.HoursToLift) {
			t.Errorf("%s: since %v to %v with one lift", tc.name, r.HoursSinceLift, r.HoursToLift)
		}
	}
}
