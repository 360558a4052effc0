package ingest_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"gainguard/ingest"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
)

// BenchmarkImportSamples imports the committed samples/ (FIT and GPX runs,
// FIT strength sessions, a profile) with every format, on all cores.
// .ci/bench.sh measures the same at scale, end to end.
func BenchmarkImportSamples(b *testing.B) {
	const dir = "../samples"
	var size int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, ierr := d.Info(); ierr == nil {
				size += info.Size()
			}
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	opt := ingest.Options{Formats: []ingest.Format{fit.Format, gpx.Format, tcx.Format, csvlog.Format}}
	b.SetBytes(size)
	b.ReportAllocs()
	acts := 0
	for b.Loop() {
		batch, err := ingest.Import(context.Background(), []string{dir}, opt)
		if err != nil {
			b.Fatal(err)
		}
		acts = len(batch.Activities)
	}
	b.ReportMetric(float64(acts)*float64(b.N)/b.Elapsed().Seconds(), "activities/s")
}
