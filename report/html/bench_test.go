package html

import (
	"context"
	"io"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
	"gainguard/report"
	"gainguard/report/internal/reporttest"
	"gainguard/samples"
)

// BenchmarkWrite: report.html of the shared test dataset, of a year of
// daily training for one athlete (bigDataset), and of a generated year
// of one athlete through the whole pipeline (samples), per report.
func BenchmarkWrite(b *testing.B) {
	dir := b.TempDir()
	if err := samples.Generate(dir, samples.Options{Athletes: 1, Weeks: 52}); err != nil {
		b.Fatal(err)
	}
	iopt := ingest.Options{Formats: []ingest.Format{fit.Format, gpx.Format, tcx.Format, csvlog.Format}}
	batch, err := ingest.Import(context.Background(), []string{dir}, iopt)
	if err != nil {
		b.Fatal(err)
	}
	year := report.Build(batch, report.BuildOptions{WeekStart: time.Monday})
	for _, tc := range []struct {
		name string
		d    *report.Dataset
	}{
		{"testdata", reporttest.Dataset()},
		{"daily", bigDataset("ann")},
		{"samples", year},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if err := Write(io.Discard, tc.d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
