package ingest

import (
	"crypto/sha256"
	"fmt"
	"os"
	"testing"
	"time"
)

// BenchmarkLoadFileCache loads the index of a state of 5,000 files (the
// objects are read only when used, so their size does not matter here).
// GAINGUARD_BENCH_STATE=DIR loads a real state folder instead.
func BenchmarkLoadFileCache(b *testing.B) {
	dir := os.Getenv("GAINGUARD_BENCH_STATE")
	if dir == "" {
		dir = b.TempDir()
		c := NewFileCache(dir, "v", "fp")
		hash := func() ([sha256.Size]byte, error) { return [sha256.Size]byte{1}, nil }
		start := time.Date(2026, 1, 1, 7, 0, 0, 0, time.UTC)
		for i := range 5000 {
			a := Activity{Athlete: "athlete", Start: start.Add(time.Duration(i) * time.Hour), Kind: KindRun}
			a.Samples = []Sample{NewSample(a.Start)}
			key := FileKey{Path: fmt.Sprintf("exports/athlete/activities/%05d-run.fit", i), Athlete: "athlete",
				Size: 100_000 + int64(i), ModTime: start.UnixNano() + int64(i), Hash: hash}
			c.Put(key, Outcome{File: FileResult{Path: key.Path, Status: StatusImported, Activities: 1}, Activities: []Activity{a}})
		}
		if err := c.Save(); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		c, problem, err := LoadFileCache(dir, "v", "fp")
		if err != nil || (problem != "" && os.Getenv("GAINGUARD_BENCH_STATE") == "") || (c.Len() != 5000 && os.Getenv("GAINGUARD_BENCH_STATE") == "") {
			b.Fatalf("%d entries, problem %q, err %v", c.Len(), problem, err)
		}
	}
}
