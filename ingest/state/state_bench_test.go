package state

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"gainguard/ingest"
)

// benchInputs is the number of cached inputs in the benchmarks: a year or
// so of a small team's activities.
const benchInputs = 5000

// benchOutcome returns the key and a realistic small outcome for input i:
// one activity with 40 samples (about 4 KB encoded, like a short FIT
// file once summarized).
func benchOutcome(i int) (ingest.FileKey, ingest.Outcome) {
	hash := func() ([sha256.Size]byte, error) { return [sha256.Size]byte{1}, nil }
	start := time.Date(2026, 1, 1, 7, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
	key := ingest.FileKey{Path: fmt.Sprintf("exports/athlete/activities/%05d-run.fit", i), Athlete: "athlete",
		Size: 100_000 + int64(i), ModTime: start.UnixNano(), Hash: hash}
	a := ingest.Activity{Athlete: "athlete", Source: key.Path, Start: start, Kind: ingest.KindRun,
		ElapsedS: 2400, TimerS: 2350, DistanceM: 8000, AvgHR: 142}
	for k := range 40 {
		s := ingest.NewSample(start.Add(time.Duration(k) * time.Minute))
		s.HR, s.SpeedMS, s.DistanceM, s.Lat, s.Lon = 120+float64(k), 3.2, 200*float64(k), 48.1+1e-4*float64(k), 11.5
		a.Samples = append(a.Samples, s)
	}
	return key, ingest.Outcome{File: ingest.FileResult{Path: key.Path, Status: ingest.StatusImported, Activities: 1}, Activities: []ingest.Activity{a}}
}

// putAll stores every input in c from GOMAXPROCS workers, as Import does.
func putAll(c *FileCache, keys []ingest.FileKey, outs []ingest.Outcome) {
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(keys); i += workers {
				c.Put(keys[i], outs[i])
			}
		})
	}
	wg.Wait()
}

func benchSet() ([]ingest.FileKey, []ingest.Outcome) {
	keys, outs := make([]ingest.FileKey, benchInputs), make([]ingest.Outcome, benchInputs)
	for i := range keys {
		keys[i], outs[i] = benchOutcome(i)
	}
	return keys, outs
}

// BenchmarkLoadFileCache loads the index of a state of 5,000 files (the
// packs are read only when used, so their size does not matter here).
// GAINGUARD_BENCH_STATE=DIR loads a real state folder instead.
func BenchmarkLoadFileCache(b *testing.B) {
	dir := os.Getenv("GAINGUARD_BENCH_STATE")
	if dir == "" {
		dir = b.TempDir()
		c := NewFileCache(dir, "v", "fp")
		keys, outs := benchSet()
		putAll(c, keys, outs)
		if err := c.Save(); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		c, problem, err := LoadFileCache(dir, "v", "fp")
		if err != nil || (problem != "" && os.Getenv("GAINGUARD_BENCH_STATE") == "") || (c.Len() != benchInputs && os.Getenv("GAINGUARD_BENCH_STATE") == "") {
			b.Fatalf("%d entries, problem %q, err %v", c.Len(), problem, err)
		}
	}
}

// BenchmarkFileCachePut stores 5,000 outcomes of a few KB from concurrent
// workers into an empty state and saves it (a first run). ns/input is
// the whole cost per input, Put and Save; put-ns/input is Put alone.
func BenchmarkFileCachePut(b *testing.B) {
	keys, outs := benchSet()
	root := b.TempDir()
	var put, total time.Duration
	n := 0
	for b.Loop() {
		dir := filepath.Join(root, fmt.Sprint(n))
		n++
		start := time.Now()
		c := NewFileCache(dir, "v", "fp")
		putAll(c, keys, outs)
		put += time.Since(start)
		if err := c.Save(); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		b.StopTimer()
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(total.Nanoseconds())/float64(n*benchInputs), "ns/input")
	b.ReportMetric(float64(put.Nanoseconds())/float64(n*benchInputs), "put-ns/input")
}

// BenchmarkFileCacheGet loads a state of 5,000 outcomes of a few KB and
// gets every one from concurrent workers (an unchanged re-run).
func BenchmarkFileCacheGet(b *testing.B) {
	keys, outs := benchSet()
	dir := b.TempDir()
	c := NewFileCache(dir, "v", "fp")
	putAll(c, keys, outs)
	if err := c.Save(); err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		c, problem, err := LoadFileCache(dir, "v", "fp")
		if err != nil || problem != "" {
			b.Fatalf("problem %q, err %v", problem, err)
		}
		var wg sync.WaitGroup
		workers := runtime.GOMAXPROCS(0)
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(keys); i += workers {
					if _, ok := c.Get(keys[i]); !ok {
						b.Errorf("miss for %s", keys[i].Path)
						return
					}
				}
			})
		}
		wg.Wait()
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*benchInputs), "ns/input")
}
