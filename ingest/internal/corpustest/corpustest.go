// Package corpustest finds the shared corpus of real watch files
// (../shared/corpus beside the repository, described by its MANIFEST.tsv)
// for the importers' tests (ingest/fit, ingest/gpx, ingest/tcx), so that
// each lists files, reads the manifest, seeds its fuzz targets and checks
// a file's outcome against its table row the same way.
package corpustest

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"gainguard/ingest"
)

// Dir is the corpus folder: ../shared/corpus next to the repository.
var Dir = func() string {
	_, file, _, _ := runtime.Caller(0) // …/ingest/internal/corpustest/corpustest.go
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "shared", "corpus")
}()

// Require skips the test when the corpus is absent.
func Require(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(Dir, "MANIFEST.tsv")); err != nil {
		tb.Skipf("shared corpus not found at %s: %v", Dir, err)
	}
}

// Files returns the corpus files matching the patterns (relative to Dir,
// as for filepath.Glob: "gpx/*", "bad/*.gpx"), keyed by their slash path
// relative to Dir ("gpx/run.gpx"); it skips the test when the corpus is
// absent.
func Files(tb testing.TB, patterns ...string) map[string]string {
	tb.Helper()
	Require(tb)
	files := map[string]string{}
	for _, pat := range patterns {
		m, err := filepath.Glob(filepath.Join(Dir, pat))
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range m {
			rel, _ := filepath.Rel(Dir, p)
			files[filepath.ToSlash(rel)] = p
		}
	}
	return files
}

// Counts are the "name=N" counts of a MANIFEST.tsv row's "what" column.
type Counts map[string]int

var countRE = regexp.MustCompile(`\b([a-z_]+)=(\d+)\b`)

// Manifest returns the counts of every MANIFEST.tsv row of the given kind
// ("fit", "gpx", "tcx"), keyed by path; nil (with a log line) when there
// is no manifest.
func Manifest(tb testing.TB, kind string) map[string]Counts {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(Dir, "MANIFEST.tsv"))
	if err != nil {
		tb.Logf("no MANIFEST.tsv, skipping manifest cross-checks: %v", err)
		return nil
	}
	out := map[string]Counts{}
	for _, line := range strings.Split(string(data), "\n") {
		cols := strings.Split(line, "\t")
		if len(cols) < 9 || cols[7] != kind {
			continue
		}
		c := Counts{}
		for _, m := range countRE.FindAllStringSubmatch(cols[8], -1) {
			c[m[1]], _ = strconv.Atoi(m[2])
		}
		out[cols[0]] = c
	}
	return out
}

// BenchmarkDecode benchmarks decode on the largest of files (from
// [Files]), reporting bytes/s and samples/s.
func BenchmarkDecode(b *testing.B, files map[string]string, decode func(io.Reader) (ingest.Decoded, error)) {
	var largest string
	var size int64
	for _, p := range files {
		if fi, err := os.Stat(p); err == nil && fi.Size() > size {
			largest, size = p, fi.Size()
		}
	}
	data, err := os.ReadFile(largest)
	if err != nil {
		b.Fatal(err)
	}
	d, err := decode(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	samples := 0
	for _, a := range d.Activities {
		samples += len(a.Samples)
	}
	b.Logf("%s: %d bytes, %d samples", filepath.Base(largest), size, samples)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := decode(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(samples)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}
