package ingest

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// countingFormat wraps fakeFormat, counting decoder calls, and gives each
// activity a few samples (with NaN) so the object encoding is exercised.
func countingFormat(n *atomic.Int64) Format {
	f := fakeFormat
	f.Decode = func(r io.Reader) (Decoded, error) {
		n.Add(1)
		d, err := fakeFormat.Decode(r)
		for i := range d.Activities {
			a := &d.Activities[i]
			for k := range 3 {
				s := NewSample(a.Start.Add(time.Duration(k) * time.Second))
				s.HR = 120 + float64(k)
				a.Samples = append(a.Samples, s)
			}
			a.DistanceM, a.AvgHR = math.NaN(), 130
		}
		return d, err
	}
	return f
}

// importCached runs Import over root with a FileCache kept in state,
// saves it, and returns the batch, the decoder calls and the load problem.
func importCached(t *testing.T, root, state string) (*Batch, int64, string) {
	t.Helper()
	var n atomic.Int64
	c, problem, err := LoadFileCache(state, "v1", "fp")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Import(context.Background(), []string{root}, Options{Formats: []Format{countingFormat(&n)}, Workers: 2, Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	return b, n.Load(), problem
}

// importFresh is Import without a cache.
func importFresh(t *testing.T, root string) *Batch {
	t.Helper()
	var n atomic.Int64
	b, err := Import(context.Background(), []string{root}, Options{Formats: []Format{countingFormat(&n)}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dump prints a batch so that NaN compares equal.
func dump(b *Batch) string {
	return fmt.Sprintf("%+v\n%+v\n%+v\n%+v", b.Activities, b.Files, b.Intake, b.Body)
}

func writeZip(t *testing.T, path string, files map[string]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func TestFileCacheIncremental(t *testing.T) {
	root, state := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{
		"a.fake":     "2024-03-04T10:00:00Z run\n",
		"b.fake":     "2024-03-05T10:00:00Z lift\n",
		"c.fake":     "skip\n",
		"sub/d.fake": "2024-03-06T10:00:00Z run\n2024-03-06T18:00:00Z lift\n",
	})
	writeZip(t, filepath.Join(root, "e.zip"), map[string]string{"x.fake": "2024-03-07T10:00:00Z run\n", "y.fake": "fail\n"})
	check := func(step string, wantDecodes int64) {
		t.Helper()
		b, n, problem := importCached(t, root, state)
		if problem != "" {
			t.Errorf("%s: problem %q", step, problem)
		}
		if n != wantDecodes {
			t.Errorf("%s: %d decoder calls, want %d", step, n, wantDecodes)
		}
		if got, want := dump(b), dump(importFresh(t, root)); got != want {
			t.Errorf("%s: cached batch differs from a fresh import\ngot  %s\nwant %s", step, got, want)
		}
	}
	check("first run", 6)
	check("unchanged", 0)

	// Touched but identical: same size, new mtime → hashed, not decoded.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(root, "a.fake"), later, later); err != nil {
		t.Fatal(err)
	}
	check("touched", 0)
	check("touched again", 0)

	// Same size, other content, new mtime → decoded.
	writeFiles(t, root, map[string]string{"b.fake": "2024-03-05T11:00:00Z lift\n"})
	os.Chtimes(filepath.Join(root, "b.fake"), later.Add(time.Hour), later.Add(time.Hour))
	check("modified", 1)

	writeFiles(t, root, map[string]string{"f.fake": "2024-03-08T10:00:00Z run\n"})
	check("added", 1)

	if err := os.Remove(filepath.Join(root, "sub/d.fake")); err != nil {
		t.Fatal(err)
	}
	check("deleted", 0)
	c, _, _ := LoadFileCache(state, "v1", "fp")
	if c.Len() != 6 { // a b c f e.zip!x e.zip!y
		t.Errorf("state holds %d entries after a delete, want 6", c.Len())
	}
	objs := 0
	filepath.WalkDir(filepath.Join(state, ObjectsDirName), func(_ string, d os.DirEntry, _ error) error {
		if d != nil && !d.IsDir() {
			objs++
		}
		return nil
	})
	if objs != 6 {
		t.Errorf("%d object files after a delete, want 6", objs)
	}

	// A rewritten archive (other size): entries are keyed on the archive's
	// key too, so all of them are decoded again.
	writeZip(t, filepath.Join(root, "e.zip"), map[string]string{"x.fake": "2024-03-07T10:00:00Z run\n", "y.fake": "2024-03-09T10:00:00Z lift\n"})
	check("archive rewritten", 2)
	check("archive unchanged", 0)
}

func TestFileCacheDamaged(t *testing.T) {
	root, state := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{
		"a.fake": "2024-03-04T10:00:00Z run\n",
		"b.fake": "2024-03-05T10:00:00Z lift\n",
	})
	index := filepath.Join(state, IndexFileName)
	for _, tc := range []struct {
		name    string
		damage  func(t *testing.T)
		problem bool
		decodes int64
	}{
		{"truncated", func(t *testing.T) {
			data, _ := os.ReadFile(index)
			os.WriteFile(index, data[:len(data)/2], 0o644)
		}, true, 2},
		{"flipped byte", func(t *testing.T) {
			data, _ := os.ReadFile(index)
			data[len(data)/2] ^= 0xff
			os.WriteFile(index, data, 0o644)
		}, true, 2},
		{"empty", func(t *testing.T) { os.WriteFile(index, nil, 0o644) }, true, 2},
		{"object damaged", func(t *testing.T) {
			filepath.WalkDir(filepath.Join(state, ObjectsDirName), func(p string, d os.DirEntry, _ error) error {
				if d != nil && !d.IsDir() {
					data, _ := os.ReadFile(p)
					data[len(data)-1] ^= 1
					os.WriteFile(p, data, 0o644)
					return filepath.SkipAll
				}
				return nil
			})
		}, false, 1},
		{"object missing", func(t *testing.T) { os.RemoveAll(filepath.Join(state, ObjectsDirName)) }, false, 2},
		{"index missing", func(t *testing.T) { os.Remove(index) }, false, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, n, _ := importCached(t, root, state); n != 0 && tc.name != "truncated" {
				t.Fatalf("priming run decoded %d files", n)
			}
			tc.damage(t)
			b, n, problem := importCached(t, root, state)
			if (problem != "") != tc.problem {
				t.Errorf("problem = %q, want one: %v", problem, tc.problem)
			}
			if n != tc.decodes {
				t.Errorf("%d decoder calls, want %d", n, tc.decodes)
			}
			if got, want := dump(b), dump(importFresh(t, root)); got != want {
				t.Errorf("batch differs from a fresh import")
			}
			if _, n, problem := importCached(t, root, state); n != 0 || problem != "" {
				t.Errorf("after the rebuild: %d decoder calls, problem %q", n, problem)
			}
		})
	}

	// Another version or fingerprint: outdated, rebuilt.
	for _, v := range [][2]string{{"v2", "fp"}, {"v1", "other"}} {
		c, problem, err := LoadFileCache(state, v[0], v[1])
		if err != nil || problem == "" || c.Len() != 0 {
			t.Errorf("%v: problem %q, %d entries, err %v; want outdated and empty", v, problem, c.Len(), err)
		}
	}
}
