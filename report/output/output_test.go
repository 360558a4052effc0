package output

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/commit"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
	"gainguard/report"
	"gainguard/report/internal/reporttest"
	"gainguard/report/tables"
)

// TestParquetDeterministic checks that writing the same dataset twice
// gives byte-identical files, whatever the input order.
func TestParquetDeterministic(t *testing.T) {
	d1, d2 := reporttest.Dataset(), reporttest.Dataset()
	slices.Reverse(d2.Activities)
	slices.Reverse(d2.Runs)
	slices.Reverse(d2.Weeks)
	slices.Reverse(d2.Files)
	dir1, dir2 := t.TempDir(), t.TempDir()
	if err := WriteAll(dir1, d1); err != nil {
		t.Fatal(err)
	}
	if err := WriteAll(dir2, d2); err != nil {
		t.Fatal(err)
	}
	for _, name := range OutputFiles {
		b1, err1 := os.ReadFile(filepath.Join(dir1, name))
		b2, err2 := os.ReadFile(filepath.Join(dir2, name))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !slices.Equal(b1, b2) {
			t.Errorf("%s differs between runs", name)
		}
	}
}

// Without --records no records file is written, and one left by an
// earlier run is removed.
func TestRecordsOffRemovesStale(t *testing.T) {
	dir := t.TempDir()
	d, _ := reporttest.RecordsDataset(64<<10 + 100)
	d.Output.Records = true
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	d.Output.Records = false
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, tables.RecordsFile)); !os.IsNotExist(err) {
		t.Errorf("records.parquet after a run without records: %v", err)
	}
}

func TestWriteAllKeepsPreviousOnFailure(t *testing.T) {
	dir := t.TempDir()
	if err := WriteAll(dir, reporttest.Dataset()); err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, name := range OutputFiles {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		before[name] = string(b)
	}
	// A new run whose last output (report.html) fails: every Parquet
	// file was written, but none may replace the previous set.
	boom := errors.New("boom")
	files := outputs(dir, &report.Dataset{Version: "other"})
	files[len(files)-1].Write = func(io.Writer) error { return boom }
	if err := commit.WriteFiles(files, nil); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	for _, name := range OutputFiles {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != before[name] {
			t.Errorf("%s changed although the set failed", name)
		}
	}
	for _, n := range entries(t, dir) {
		if strings.Contains(n, ".tmp-") {
			t.Errorf("temporary file %s left", n)
		}
	}
	if got := len(entries(t, dir)); got != len(OutputFiles)+1 { // + manifest.json
		t.Errorf("dir holds %d entries, want %d", got, len(OutputFiles)+1)
	}
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// benchDataset imports and builds the committed samples/.
func benchDataset(b *testing.B) *report.Dataset {
	b.Helper()
	opt := ingest.Options{Formats: []ingest.Format{fit.Format, gpx.Format, tcx.Format, csvlog.Format}}
	batch, err := ingest.Import(context.Background(), []string{filepath.Join("..", "..", "samples")}, opt)
	if err != nil {
		b.Fatal(err)
	}
	return report.Build(batch, report.BuildOptions{WeekStart: time.Monday, Version: "bench",
		Generated: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
}

// BenchmarkWriteAll writes every Parquet table and report.html of the
// samples into a temporary folder.
func BenchmarkWriteAll(b *testing.B) {
	ds := benchDataset(b)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteAll(dir, ds); err != nil {
			b.Fatal(err)
		}
	}
}
