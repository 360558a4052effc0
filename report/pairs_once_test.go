package report

import (
	"context"
	"gainguard/report/internal/pairweek"
	"path/filepath"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
	"gainguard/metrics"
)

// pairKey names a run–lift pair by its sessions' ids and geometry.
type pairKey struct {
	run, lift string
	gapH      float64
	runFirst  bool
}

// checkPairsOnce: the score's pairs (the scorer's list, read by INT-P)
// equal a brute-force metrics.PairGeometry pass over every session × lift
// the score sees (its own start and end). That the timeline draws a
// subset of them is report/html's checkTimelinePairs.
func checkPairsOnce(t *testing.T, name string, athlete string, runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions) (nScore int) {
	t.Helper()
	loc := p.Loc
	if loc == nil {
		loc = time.UTC
	}
	s := newScorer(runs, lifts, p, opt, DefaultTuning(), loc)
	score := map[pairKey]bool{}
	for li, ps := range s.pairs {
		for _, pr := range ps {
			r, l := &s.runs[pr.Run], &s.lifts[li]
			k := pairKey{r.r.ActivityID, l.l.ActivityID, pr.GapH, pr.RunFirst}
			score[k] = true
		}
	}
	brute := map[pairKey]bool{}
	for _, r := range s.runs {
		for _, l := range s.lifts {
			g, rf, _ := metrics.PairGeometry(r.start, r.end, l.start, l.end)
			if g >= metrics.PairMaxH {
				continue
			}
			brute[pairKey{r.r.ActivityID, l.l.ActivityID, g, rf}] = true
		}
	}
	if len(score) != len(brute) {
		t.Errorf("%s/%s: score has %d pairs, brute force %d", name, athlete, len(score), len(brute))
	}
	for k := range brute {
		if !score[k] {
			t.Errorf("%s/%s: brute-force pair %+v missing from the score's pairs", name, athlete, k)
		}
	}
	return len(score)
}

// TestPairsOnceSamples: on the committed samples, the score reads every
// pair (checkPairsOnce).
func TestPairsOnceSamples(t *testing.T) {
	iopt := ingest.Options{Formats: []ingest.Format{fit.Format, gpx.Format, tcx.Format, csvlog.Format}}
	batch, err := ingest.Import(context.Background(), []string{filepath.Join("..", "samples")}, iopt)
	if err != nil {
		t.Fatal(err)
	}
	bopt := BuildOptions{WeekStart: time.Monday}
	d := Build(batch, bopt)
	total := 0
	for athlete := range d.Params {
		h, err := HistoryFromBatch(batch, bopt, athlete)
		if err != nil {
			t.Fatal(err)
		}
		total += checkPairsOnce(t, "samples", athlete, h.Runs, h.Lifts, h.Params, h.Options)
	}
	if total == 0 {
		t.Fatalf("samples gave %d score pairs; the test checks nothing", total)
	}
	t.Logf("samples: %d score pairs", total)
}

// TestPairsOnceWeek: a corpus-like week with the edge cases (an overlapping
// lift starting with a run, back-to-back sessions, a run with only moving
// time, a ride paired with a lift, a date-only lift, a lift without end).
func TestPairsOnceWeek(t *testing.T) {
	runs, cardio, lifts, p := pairweek.Week()
	if n := checkPairsOnce(t, "week", "kim", runs, lifts, p, ScoreOptions{Cardio: cardio, WeekStart: time.Monday}); n < 8 {
		t.Errorf("week: %d score pairs; want at least 8", n)
	}
	// The moving-only run ends 40 min after its start in both: it overlaps
	// the lift starting 30 min in.
	for _, sp := range metrics.AthletePairs(runs, cardio, lifts) {
		if lifts[sp.LiftIdx].ActivityID == "l-moving" && !sp.Cardio && runs[sp.RunIdx].ActivityID == "r-moving" && !sp.Overlap {
			t.Errorf("r-moving and l-moving: %+v, want overlap", sp)
		}
	}
}

// TestPairsOnceRidesOnly: an athlete who rides and lifts but never runs
// (the corpus's 20744294788_ACTIVITY.fit alone: an indoor ride, then a
// strength session) is scored, its ride–lift pairs read as with runs.
func TestPairsOnceRidesOnly(t *testing.T) {
	_, cardio, lifts, p := pairweek.Week()
	if n := checkPairsOnce(t, "rides only", "kim", nil, lifts, p, ScoreOptions{Cardio: cardio, WeekStart: time.Monday}); n == 0 {
		t.Error("no ride–lift pair scored")
	}
}
