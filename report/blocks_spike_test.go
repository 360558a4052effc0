package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gainguard/metrics"
)

// TestDirectionOldFileLeavesLatestBlock: adding one old run months or
// years before a training block (a gap of more than BlockGapWeeks) must
// not change any score of the block. The load-spike rule (INT-S) used to
// see the empty months as history: chronic load near zero, so the block's
// first weeks scored a spike.
func TestDirectionOldFileLeavesLatestBlock(t *testing.T) {
	p := scoreParams("trained", "male", "hypertrophy")
	runs, lifts := sparseHistory(time.Date(2026, 1, 5, 7, 0, 0, 0, testLoc)) // the old run is the block's first
	alone := Score(runs[1:], lifts, p, isoOpts())
	for _, old := range []time.Time{
		time.Date(2025, 8, 6, 7, 0, 0, 0, testLoc),   // 5 months before
		time.Date(2025, 11, 19, 7, 0, 0, 0, testLoc), // 6 weeks before: a gap of 6 empty weeks
		time.Date(2012, 6, 6, 7, 0, 0, 0, testLoc),
	} {
		runs[0] = mkRun("old", old, 40)
		weeks := Score(runs, lifts, p, isoOpts())
		if len(weeks) != len(alone)+1 || weeks[1].Block != 2 {
			t.Fatalf("old run %s: %d weeks, second in block %d; want %d, block 2", old.Format(time.DateOnly), len(weeks), weeks[1].Block, len(alone)+1)
		}
		for i, w := range alone {
			got := weeks[i+1]
			got.Block = w.Block
			if g, want := fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", w); g != want {
				t.Errorf("old run %s, week %s: interference %.1f (spike %v), under-fueling %.1f; without it %.1f (spike %v), %.1f",
					old.Format(time.DateOnly), w.WeekStart.Format(time.DateOnly),
					got.Interference, got.Spike, got.UnderFueling, w.Interference, w.Spike, w.UnderFueling)
			}
		}
	}
}

// A block of other cardio only (a ride: a training day, not a run or a
// lift) is listed with its training days, not as "0 runs, 0 lifts" alone.
func TestEarlierBlockCountsCardio(t *testing.T) {
	p := scoreParams("trained", "male", "hypertrophy")
	runs, lifts := sparseHistory(time.Date(2026, 1, 5, 7, 0, 0, 0, testLoc))
	ride := mkRun("ride", time.Date(2025, 6, 4, 7, 0, 0, 0, testLoc), 60)
	ride.Sport = "cycling"
	opt := isoOpts()
	opt.Cardio = []metrics.Run{ride}
	weeks := Score(runs[1:], lifts, p, opt)
	_, earlier := LatestBlock(weeks)
	if len(earlier) != 1 || !strings.HasSuffix(earlier[0], "1 week, 0 runs, 0 lifts, 1 training day") {
		t.Errorf("earlier blocks %q, want one ending \"1 week, 0 runs, 0 lifts, 1 training day\"", earlier)
	}
}
