package report

import (
	"testing"
	"time"

	"gainguard/metrics"
)

// TestTrainingBlocks: a gap of more than BlockGapWeeks whole weeks without
// a training day ends a block; a gap of exactly BlockGapWeeks does not.
func TestTrainingBlocks(t *testing.T) {
	mon := dayOf(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)) // a Monday
	for _, tc := range []struct {
		name   string
		days   []day
		blocks int
	}{
		{"one day", []day{mon}, 1},
		{"same week", []day{mon, mon + 6}, 1},
		{"4 empty weeks between", []day{mon, mon + 7*5}, 1},
		{"5 empty weeks between", []day{mon, mon + 7*6}, 2},
		{"Monday then Sunday 5 weeks later", []day{mon, mon + 7*5 + 6}, 1},
		{"Sunday then Monday 6 weeks later", []day{mon + 6, mon + 7*6}, 2},
		{"14 years apart", []day{mon - 14*365, mon, mon + 1}, 2},
		{"three blocks", []day{mon, mon + 7*10, mon + 7*11, mon + 7*30}, 3},
	} {
		training := map[day]bool{}
		for _, d := range tc.days {
			training[d] = true
		}
		if got := trainingBlocks(training, time.Monday); len(got) != tc.blocks {
			t.Errorf("%s: %d blocks %v, want %d", tc.name, len(got), got, tc.blocks)
		}
	}
}

// sparseHistory is a 2026 training block of 8 weeks plus one old run,
// years before (as when one 2012 file sits in a 2026 folder).
func sparseHistory(old time.Time) ([]metrics.Run, []metrics.Lift) {
	runs := []metrics.Run{mkRun("old", old, 40)}
	var lifts []metrics.Lift
	start := time.Date(2026, 1, 5, 7, 0, 0, 0, testLoc)
	for w := range 8 {
		runs = append(runs, mkRun("r", start.AddDate(0, 0, 7*w), 45))
		lifts = append(lifts, mkLift("l", start.AddDate(0, 0, 7*w+2), 60, "lower", "legs"))
	}
	return runs, lifts
}

// TestScoreSparseHistory: one old file adds one short block, not the
// ~700 empty weeks up to the recent data (which each got a rest-week row
// before); moving it within BlockGapWeeks of the recent block joins the
// blocks and fills the gap with rest weeks.
func TestScoreSparseHistory(t *testing.T) {
	p := scoreParams("trained", "male", "hypertrophy")
	runs, lifts := sparseHistory(time.Date(2012, 6, 6, 7, 0, 0, 0, testLoc))
	weeks := Score(runs, lifts, p, isoOpts())
	if len(weeks) != 9 {
		t.Fatalf("%d weeks, want 9 (1 in 2012, 8 in 2026)", len(weeks))
	}
	if weeks[0].Block != 1 || weeks[1].Block != 2 || weeks[8].Block != 2 {
		t.Errorf("blocks %d, %d … %d; want 1, then 2 for the 2026 weeks", weeks[0].Block, weeks[1].Block, weeks[8].Block)
	}
	for _, w := range weeks {
		if y := w.WeekStart.Year(); y != 2012 && y != 2026 {
			t.Errorf("a week of the gap was scored: %s", w.WeekStart.Format(time.DateOnly))
		}
	}
	// The 2026 weeks are the weeks scored without the old run (their
	// scores too: TestDirectionOldFileLeavesLatestBlock).
	alone := Score(runs[1:], lifts, p, isoOpts())
	for i, w := range alone {
		if got := weeks[i+1]; !got.WeekStart.Equal(w.WeekStart) || got.Runs != w.Runs || got.Lifts != w.Lifts {
			t.Errorf("week %d: %s with %d runs, %d lifts; without the old run %s with %d, %d", i,
				got.WeekStart.Format(time.DateOnly), got.Runs, got.Lifts, w.WeekStart.Format(time.DateOnly), w.Runs, w.Lifts)
		}
	}
	// Four empty weeks before the block: one block, the gap scored as rest.
	runs, lifts = sparseHistory(time.Date(2025, 12, 1, 7, 0, 0, 0, testLoc))
	weeks = Score(runs, lifts, p, isoOpts())
	if len(weeks) != 1+4+8 || weeks[len(weeks)-1].Block != 1 {
		t.Errorf("a 4-week gap: %d weeks, last block %d; want 13 weeks in one block", len(weeks), weeks[len(weeks)-1].Block)
	}
}

// TestDaysSparseHistory: days.parquet has no rows for the years between
// an old run and the recent block (one row per day from 2012 before), and
// keeps the rest days inside a block.
func TestDaysSparseHistory(t *testing.T) {
	p := scoreParams("trained", "male", "hypertrophy")
	runs, lifts := sparseHistory(time.Date(2012, 6, 6, 7, 0, 0, 0, testLoc))
	d := &Dataset{Runs: runs, Lifts: lifts, Params: map[string]metrics.Params{"tess": p}}
	rows := DayRows(d)
	// 1 day in 2012; 2026-01-05 (Mon) to 2026-02-25 (the 8th week's lift): 52 days.
	if len(rows) != 1+52 {
		t.Errorf("%d day rows, want 53", len(rows))
	}
	rest := 0
	for _, r := range rows {
		if r.RestDay {
			rest++
		}
	}
	if rest != 52-16 {
		t.Errorf("%d rest days, want the block's 36", rest)
	}
}
