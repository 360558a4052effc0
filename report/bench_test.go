package report

import (
	"context"
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

// benchDataset imports and builds the committed samples/.
func benchDataset(b *testing.B) (*ingest.Batch, *Dataset) {
	b.Helper()
	opt := ingest.Options{Formats: []ingest.Format{fit.Format, gpx.Format, tcx.Format, csvlog.Format}}
	batch, err := ingest.Import(context.Background(), []string{filepath.Join("..", "samples")}, opt)
	if err != nil {
		b.Fatal(err)
	}
	return batch, Build(batch, BuildOptions{WeekStart: time.Monday, Version: "bench",
		Generated: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
}

// BenchmarkBuild resolves profiles, computes metrics and scores the
// samples (everything after import).
func BenchmarkBuild(b *testing.B) {
	batch, _ := benchDataset(b)
	b.ReportAllocs()
	for b.Loop() {
		Build(batch, BuildOptions{WeekStart: time.Monday})
	}
	b.ReportMetric(float64(len(batch.Activities))*float64(b.N)/b.Elapsed().Seconds(), "activities/s")
}

// BenchmarkScore scores every week of the samples' athletes from their
// run and lift metrics.
func BenchmarkScore(b *testing.B) {
	_, ds := benchDataset(b)
	type athlete struct {
		runs  []metrics.Run
		lifts []metrics.Lift
		p     metrics.Params
	}
	var as []athlete
	for name, p := range ds.Params {
		a := athlete{p: p}
		for _, r := range ds.Runs {
			if r.Athlete == name {
				a.runs = append(a.runs, r)
			}
		}
		for _, l := range ds.Lifts {
			if l.Athlete == name {
				a.lifts = append(a.lifts, l)
			}
		}
		as = append(as, a)
	}
	b.ReportAllocs()
	weeks := 0
	for b.Loop() {
		weeks = 0
		for _, a := range as {
			weeks += len(Score(a.runs, a.lifts, a.p, ScoreOptions{WeekStart: time.Monday, Tuning: DefaultTuning()}))
		}
	}
	b.ReportMetric(float64(weeks)*float64(b.N)/b.Elapsed().Seconds(), "weeks/s")
}

// BenchmarkBuildWhatIf builds the samples with and without the what-if
// search; the difference is the search's cost.
func BenchmarkBuildWhatIf(b *testing.B) {
	batch, _ := benchDataset(b)
	for _, skip := range []bool{false, true} {
		b.Run(map[bool]string{false: "search", true: "skip"}[skip], func(b *testing.B) {
			for b.Loop() {
				Build(batch, BuildOptions{WeekStart: time.Monday, SkipWhatIf: skip})
			}
		})
	}
}
