package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"gainguard/ingest"
)

// TestImportHugeFiles: a multi-GB file named .fit (sparse, so the test
// is fast) fails on its size before it is read; a large one under the cap
// that is not FIT fails on its header without being read into memory; the
// batch goes on with the good file beside them.
func TestImportHugeFiles(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "run.fit"), sample(t, runA))
	sparse := func(name string, size int64) {
		t.Helper()
		f, err := os.Create(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if err := os.Truncate(f.Name(), size); err != nil {
			t.Fatal(err)
		}
	}
	sparse("video.fit", 3<<30)
	sparse("disk.fit", 200<<20)
	sparse("small.gpx", 2<<20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	b, err := ingest.Import(context.Background(), []string{root}, ingest.Options{Formats: formats, Workers: 2,
		MaxFileBytes: 16 << 20}) // small.gpx is under the cap (read, and fails), disk.fit over it
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	checkRows(t, root, b, map[string]wantRow{
		"run.fit":   {ingest.StatusImported, "fit", 1, 0, "", ""},
		"video.fit": {ingest.StatusFailed, "fit", 0, 0, "", "file size 3 GiB over the 16 MiB cap for one file (--max-file-mib); not read"},
		"disk.fit":  {ingest.StatusFailed, "fit", 0, 0, "", "file size 200 MiB over the 16 MiB cap"},
		"small.gpx": {ingest.StatusFailed, "gpx", 0, 0, "", ""},
	})
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("import took %v", d)
	}

	// Under the default cap, a 200 MiB file of zeros named .fit fails on
	// its header: it is never read whole.
	runtime.GC()
	runtime.ReadMemStats(&before)
	b, err = ingest.Import(context.Background(), []string{filepath.Join(root, "disk.fit"), filepath.Join(root, "run.fit")},
		ingest.Options{Formats: formats, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	for _, f := range b.Files {
		if filepath.Base(f.Path) == "disk.fit" && (f.Status != ingest.StatusFailed || !strings.Contains(f.Reason, "not a FIT file")) {
			t.Errorf("disk.fit: %s %q, want failed: not a FIT file", f.Status, f.Reason)
		}
		if filepath.Base(f.Path) == "run.fit" && f.Status != ingest.StatusImported {
			t.Errorf("run.fit: %s %q", f.Status, f.Reason)
		}
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("importing a 200 MiB non-FIT file allocated %d MiB; want it refused from its header", alloc>>20)
	}
}

// TestImportSpoolDir: a nested zip over 16 MiB is spooled in
// Options.SpoolDir, never in $TMPDIR, and removed afterwards;
// RemoveStaleSpools removes what a killed run left.
func TestImportSpoolDir(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 17 MiB archive")
	}
	tmp, spool, root := t.TempDir(), t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp)
	inner := zipBytes(t, entry{name: "run.fit", data: sample(t, runA), store: true},
		entry{name: "filler.bin", data: make([]byte, 17<<20), store: true})
	write(t, filepath.Join(root, "outer.zip"), zipBytes(t, entry{name: "inner.zip", data: inner, store: true}))
	var mu sync.Mutex
	seen := map[string]int{}
	look := func() {
		mu.Lock()
		defer mu.Unlock()
		for _, d := range []string{tmp, spool} {
			m, _ := filepath.Glob(filepath.Join(d, "gainguard-nested-*"))
			seen[d] += len(m)
		}
	}
	b, err := ingest.Import(context.Background(), []string{root}, ingest.Options{Formats: formats, Workers: 1,
		SpoolDir: spool, Progress: func(int, int) { look() }})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Activities) != 1 {
		t.Errorf("%d activities, want 1", len(b.Activities))
	}
	if seen[tmp] != 0 || seen[spool] == 0 {
		t.Errorf("spool files seen: %d in $TMPDIR, %d in the spool folder; want 0 and some", seen[tmp], seen[spool])
	}
	for _, d := range []string{tmp, spool} {
		if left, _ := os.ReadDir(d); len(left) != 0 {
			t.Errorf("%s: files left behind: %v", d, left)
		}
	}

	write(t, filepath.Join(spool, "gainguard-nested-123.zip"), []byte("left by kill -9"))
	write(t, filepath.Join(spool, "keep.txt"), []byte("not ours"))
	if n, err := ingest.RemoveStaleSpools(spool); n != 1 || err != nil {
		t.Errorf("RemoveStaleSpools = %d, %v; want 1", n, err)
	}
	if _, err := os.Stat(filepath.Join(spool, "keep.txt")); err != nil {
		t.Error("RemoveStaleSpools removed a file that is not a spool")
	}
}
