package html

import (
	"context"
	"gainguard/report/internal/pairweek"
	"math"
	"path/filepath"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
	"gainguard/metrics"
	"gainguard/report"
)

// pairKey names a run–lift pair by its sessions' ids and geometry.
type pairKey struct {
	run, lift string
	gapH      float64
	runFirst  bool
}

// checkTimelinePairs: the pairs the report's list holds for athlete
// (athletePairs, the list INT-P scores) equal a brute-force
// metrics.PairGeometry pass over every session × lift of the athlete
// (their pairing spans); the timeline's pairs are a subset of them, are
// runs only, and are, per lift and side, the nearest run of the brute
// force. That the score reads the same pairs is report's checkPairsOnce.
func checkTimelinePairs(t *testing.T, name string, d *report.Dataset, athlete string) (nScore, nTimeline int) {
	t.Helper()
	score := map[pairKey]bool{}
	cardio := map[pairKey]bool{}
	for _, sp := range athletePairs(d, athlete) {
		k := pairKey{sp.Run.ID, sp.Lift.ID, sp.GapH, sp.RunFirst}
		score[k], cardio[k] = true, sp.Cardio
	}
	brute := map[pairKey]bool{}
	type side struct {
		lift     string
		runFirst bool
	}
	nearest := map[side]float64{}
	pairsOf := func(runs []metrics.Run, isCardio bool) {
		for i := range runs {
			if runs[i].Athlete != athlete {
				continue
			}
			r := metrics.RunSpan(&runs[i])
			for j := range d.Lifts {
				if d.Lifts[j].Athlete != athlete {
					continue
				}
				l := metrics.LiftSpan(&d.Lifts[j])
				g, rf, _ := metrics.PairGeometry(r.Start, r.End, l.Start, l.End)
				if g >= metrics.PairMaxH {
					continue
				}
				brute[pairKey{r.ID, l.ID, g, rf}] = true
				if !isCardio {
					k := side{l.ID, rf}
					if v, ok := nearest[k]; !ok || g < v {
						nearest[k] = g
					}
				}
			}
		}
	}
	pairsOf(d.Runs, false)
	pairsOf(d.Cardio, true)
	if len(score) != len(brute) {
		t.Errorf("%s/%s: the pair list has %d pairs, brute force %d", name, athlete, len(score), len(brute))
	}
	for k := range brute {
		if !score[k] {
			t.Errorf("%s/%s: brute-force pair %+v missing from the pair list", name, athlete, k)
		}
	}
	acts := map[string]*ingest.Activity{}
	for i := range d.Activities {
		acts[d.Activities[i].ID] = &d.Activities[i]
	}
	tl := sessionPairs(athleteSessions(d, athlete, acts), athletePairs(d, athlete))
	seen := map[side]bool{}
	for _, gp := range tl {
		k := pairKey{gp.Run.ID, gp.Lift.ID, gp.GapH, gp.RunFirst}
		if !score[k] {
			t.Errorf("%s/%s: timeline pair %+v is not among the score's pairs", name, athlete, k)
		}
		if cardio[k] {
			t.Errorf("%s/%s: timeline pair %+v is a cardio session", name, athlete, k)
		}
		sd := side{gp.Lift.ID, gp.RunFirst}
		if want, ok := nearest[sd]; !ok || math.Abs(want-gp.GapH) > 1e-12 {
			t.Errorf("%s/%s: timeline pair %+v; nearest run by brute force %v (found %v)", name, athlete, k, want, ok)
		}
		seen[sd] = true
	}
	if len(seen) != len(nearest) {
		t.Errorf("%s/%s: timeline has %d lift sides, brute force %d", name, athlete, len(seen), len(nearest))
	}
	return len(score), len(tl)
}

// TestTimelinePairsSamples: on the committed samples, the timeline draws
// pairs of the one pair list (checkTimelinePairs).
func TestTimelinePairsSamples(t *testing.T) {
	iopt := ingest.Options{Formats: []ingest.Format{fit.Format, gpx.Format, tcx.Format, csvlog.Format}}
	batch, err := ingest.Import(context.Background(), []string{filepath.Join("..", "..", "samples")}, iopt)
	if err != nil {
		t.Fatal(err)
	}
	d := report.Build(batch, report.BuildOptions{WeekStart: time.Monday})
	total, tl := 0, 0
	for athlete := range d.Params {
		n, m := checkTimelinePairs(t, "samples", d, athlete)
		total, tl = total+n, tl+m
	}
	if total == 0 || tl == 0 {
		t.Fatalf("samples gave %d score pairs and %d timeline pairs; the test checks nothing", total, tl)
	}
	t.Logf("samples: %d score pairs, %d timeline pairs", total, tl)
}

// TestTimelinePairsWeek: a corpus-like week with the edge cases (an overlapping
// lift starting with a run, back-to-back sessions, a run with only moving
// time, a ride paired with a lift, a date-only lift, a lift without end).
func TestTimelinePairsWeek(t *testing.T) {
	runs, cardio, lifts, p := pairweek.Week()
	d := &report.Dataset{Runs: runs, Cardio: cardio, Lifts: lifts, Params: map[string]metrics.Params{pairweek.Athlete: p}}
	d.SetPairs()
	n, m := checkTimelinePairs(t, "week", d, "kim")
	if n < 8 || m < 6 {
		t.Errorf("week: %d listed pairs, %d timeline pairs; want at least 8 and 6", n, m)
	}
	// The moving-only run ends 40 min after its start in both: it overlaps
	// the lift starting 30 min in.
	for _, sp := range athletePairs(d, "kim") {
		if d.Lifts[sp.LiftIdx].ActivityID == "l-moving" && !sp.Cardio && d.Runs[sp.RunIdx].ActivityID == "r-moving" && !sp.Overlap {
			t.Errorf("r-moving and l-moving: %+v, want overlap", sp)
		}
	}
}
