package report

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
	"gainguard/metrics"
)

// TestWhatIfWorkersSameResult: the what-ifs of every week of the
// samples' athletes are the same searched one week at a time and by
// several workers at once.
func TestWhatIfWorkersSameResult(t *testing.T) {
	opt := ingest.Options{Formats: []ingest.Format{fit.Format, gpx.Format, tcx.Format, csvlog.Format}}
	batch, err := ingest.Import(context.Background(), []string{filepath.Join("..", "samples")}, opt)
	if err != nil {
		t.Fatal(err)
	}
	ds := Build(batch, BuildOptions{WeekStart: time.Monday, SkipWhatIf: true})
	searched := 0
	for name, p := range ds.Params {
		var runs, cardio []metrics.Run
		var lifts []metrics.Lift
		for _, r := range ds.Runs {
			if r.Athlete == name {
				runs = append(runs, r)
			}
		}
		for _, r := range ds.Cardio {
			if r.Athlete == name {
				cardio = append(cardio, r)
			}
		}
		for _, l := range ds.Lifts {
			if l.Athlete == name {
				lifts = append(lifts, l)
			}
		}
		sopt := ScoreOptions{Cardio: cardio, WeekStart: time.Monday, Tuning: DefaultTuning()}
		weeks := Score(runs, lifts, p, sopt)
		one, many := slices.Clone(weeks), slices.Clone(weeks)
		addWhatIfs(one, runs, lifts, p, sopt, time.Time{}, 1, nil)
		addWhatIfs(many, runs, lifts, p, sopt, time.Time{}, 4, nil)
		for i := range one {
			if !math.IsNaN(one[i].WhatIfInterference) {
				searched++
			}
			a := fmt.Sprint(one[i].WhatIfInterference, one[i].WhatIfChanges)
			b := fmt.Sprint(many[i].WhatIfInterference, many[i].WhatIfChanges)
			if a != b {
				t.Errorf("%s week %s: 1 worker %s, 4 workers %s", name, one[i].WeekStart.Format(time.DateOnly), a, b)
			}
		}
	}
	if searched < 4 {
		t.Fatalf("only %d weeks searched: the samples no longer exercise the search", searched)
	}
	t.Logf("%d weeks searched", searched)
}
