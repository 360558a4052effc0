package state

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gainguard/ingest"
)

// countingFormat wraps fakeFormat, counting decoder calls, and gives each
// activity a few samples (with NaN) so the record encoding is exercised.
func countingFormat(n *atomic.Int64) ingest.Format {
	f := fakeFormat
	f.Decode = func(r io.Reader) (ingest.Decoded, error) {
		n.Add(1)
		d, err := fakeFormat.Decode(r)
		for i := range d.Activities {
			a := &d.Activities[i]
			for k := range 3 {
				s := ingest.NewSample(a.Start.Add(time.Duration(k) * time.Second))
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
func importCached(t *testing.T, root, state string) (*ingest.Batch, int64, string) {
	t.Helper()
	var n atomic.Int64
	c, problem, err := LoadFileCache(state, "v1", "fp")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ingest.Import(context.Background(), []string{root}, ingest.Options{Formats: []ingest.Format{countingFormat(&n)}, Workers: 2, Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	return b, n.Load(), problem
}

// importFresh is Import without a cache.
func importFresh(t *testing.T, root string) *ingest.Batch {
	t.Helper()
	var n atomic.Int64
	b, err := ingest.Import(context.Background(), []string{root}, ingest.Options{Formats: []ingest.Format{countingFormat(&n)}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dump prints a batch so that NaN compares equal.
func dump(b *ingest.Batch) string {
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

// packFiles returns the files in the packs folder of state: name → size.
func packFiles(t *testing.T, state string) map[string]int64 {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(state, PacksDirName))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	m := map[string]int64{}
	for _, e := range ents {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = info.Size()
	}
	return m
}

// checkPacks fails unless the packs folder holds exactly the packs the
// index refers to, each long enough for its records. It returns the
// index's live bytes and the packs' bytes.
func checkPacks(t *testing.T, state string) (live, packBytes int64) {
	t.Helper()
	c, problem, err := LoadFileCache(state, "v1", "fp")
	if err != nil || problem != "" {
		t.Fatalf("loading the state: problem %q, err %v", problem, err)
	}
	files := packFiles(t, state)
	used := map[string]bool{}
	for _, r := range c.old {
		used[r.Pack] = true
		live += r.Len
		size, ok := files[r.Pack]
		if !ok {
			t.Errorf("%s: its pack %s is missing", r.id(), r.Pack)
		} else if r.Offset+r.Len > size {
			t.Errorf("%s: record [%d,+%d) past the end of %s (%d bytes)", r.id(), r.Offset, r.Len, r.Pack, size)
		}
	}
	for name, size := range files {
		if !used[name] {
			t.Errorf("pack %s is not referenced by the index", name)
		}
		packBytes += size
	}
	return live, packBytes
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
		checkPacks(t, state)
	}
	check("first run", 6)
	if n := len(packFiles(t, state)); n != 1 {
		t.Errorf("first run wrote %d packs, want 1", n)
	}
	index, _ := os.ReadFile(filepath.Join(state, IndexFileName))
	check("unchanged", 0)
	if again, _ := os.ReadFile(filepath.Join(state, IndexFileName)); !bytes.Equal(again, index) {
		t.Error("an unchanged run rewrote the index")
	}
	if n := len(packFiles(t, state)); n != 1 {
		t.Errorf("an unchanged run left %d packs, want 1", n)
	}

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

	// A rewritten archive (other size): entries are keyed on the archive's
	// key too, so all of them are decoded again.
	writeZip(t, filepath.Join(root, "e.zip"), map[string]string{"x.fake": "2024-03-07T10:00:00Z run\n", "y.fake": "2024-03-09T10:00:00Z lift\n"})
	check("archive rewritten", 2)
	check("archive unchanged", 0)

	// Everything deleted: an empty index, no packs.
	for _, n := range []string{"a.fake", "b.fake", "c.fake", "f.fake", "e.zip"} {
		os.Remove(filepath.Join(root, n))
	}
	check("all deleted", 0)
	if n := len(packFiles(t, state)); n != 0 {
		t.Errorf("%d packs left with no entries", n)
	}
}

func TestFileCacheDamaged(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"a.fake": "2024-03-04T10:00:00Z run\n",
		"b.fake": "2024-03-05T10:00:00Z lift\n",
	})
	rewrite := func(f func([]byte) []byte) func(t *testing.T, path string) {
		return func(t *testing.T, path string) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, f(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	remove := func(t *testing.T, path string) {
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}
	flip := func(at func(n int) int) func([]byte) []byte {
		return func(b []byte) []byte { b[at(len(b))] ^= 0x01; return b }
	}
	for _, tc := range []struct {
		name    string
		pack    bool // damage the pack, not the index
		damage  func(t *testing.T, path string)
		problem bool
		decodes int64
	}{
		{"index truncated", false, rewrite(func(b []byte) []byte { return b[:len(b)/2] }), true, 2},
		{"index byte flipped", false, rewrite(flip(func(n int) int { return n / 2 })), true, 2},
		{"index empty", false, rewrite(func([]byte) []byte { return nil }), true, 2},
		{"index bad magic", false, rewrite(flip(func(int) int { return 0 })), true, 2},
		{"index bad gob", false, rewrite(func(b []byte) []byte {
			// A valid checksum over a payload that is not a state.
			payload := bytes.Repeat([]byte{0xff}, 40)
			sum := sha256.Sum256(payload)
			return append(append(append([]byte{}, stateMagic...), payload...), sum[:]...)
		}), true, 2},
		{"index missing", false, remove, false, 2},
		{"pack truncated by a byte", true, rewrite(func(b []byte) []byte { return b[:len(b)-1] }), false, 1},
		{"pack truncated to nothing", true, rewrite(func([]byte) []byte { return nil }), false, 2},
		{"pack first byte flipped", true, rewrite(flip(func(int) int { return 0 })), false, 1},
		{"pack last byte flipped", true, rewrite(flip(func(n int) int { return n - 1 })), false, 1},
		{"pack garbage", true, rewrite(func([]byte) []byte { return []byte("garbage") }), false, 2},
		{"pack deleted", true, remove, false, 2},
		{"packs folder deleted", true, func(t *testing.T, path string) { os.RemoveAll(filepath.Dir(path)) }, false, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			state := t.TempDir()
			if _, n, _ := importCached(t, root, state); n != 2 {
				t.Fatalf("priming run decoded %d files, want 2", n)
			}
			path := filepath.Join(state, IndexFileName)
			if tc.pack {
				packs := packFiles(t, state)
				if len(packs) != 1 {
					t.Fatalf("%d packs after the priming run, want 1", len(packs))
				}
				for name := range packs {
					path = filepath.Join(state, PacksDirName, name)
				}
			}
			tc.damage(t, path)
			b, n, problem := importCached(t, root, state)
			if (problem != "") != tc.problem {
				t.Errorf("problem = %q, want one: %v", problem, tc.problem)
			}
			if n != tc.decodes {
				t.Errorf("%d decoder calls, want %d", n, tc.decodes)
			}
			if got, want := dump(b), dump(importFresh(t, root)); got != want {
				t.Errorf("batch differs from a fresh import\ngot  %s\nwant %s", got, want)
			}
			if !tc.pack || tc.decodes == 2 {
				// Nothing in the damaged pack is used any more: it is gone.
				checkPacks(t, state)
			}
			if _, n, problem := importCached(t, root, state); n != 0 || problem != "" {
				t.Errorf("after the rebuild: %d decoder calls, problem %q", n, problem)
			}
		})
	}

	// Another version or fingerprint: outdated, rebuilt.
	state := t.TempDir()
	importCached(t, root, state)
	for _, v := range [][2]string{{"v2", "fp"}, {"v1", "other"}} {
		c, problem, err := LoadFileCache(state, v[0], v[1])
		if err != nil || problem == "" || c.Len() != 0 {
			t.Errorf("%v: problem %q, %d entries, err %v; want outdated and empty", v, problem, c.Len(), err)
		}
	}
}

// TestFileCacheBadRecord: a record whose pack, offset, length or sum does
// not fit what is on disk is a miss, never an error or a panic.
func TestFileCacheBadRecord(t *testing.T) {
	state := t.TempDir()
	c := NewFileCache(state, "v1", "fp")
	var keys []ingest.FileKey
	for i := range 3 {
		key, o := benchOutcome(i)
		c.Put(key, o)
		keys = append(keys, key)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(state, PacksDirName, "other.pack"), []byte("other"), 0o644)
	for _, tc := range []struct {
		name string
		bad  func(r *cacheRecord)
		hit  bool
	}{
		{"intact", func(*cacheRecord) {}, true},
		{"pack outside the folder", func(r *cacheRecord) { r.Pack = "../" + IndexFileName }, false},
		{"pack is the index", func(r *cacheRecord) { r.Pack = IndexFileName }, false},
		{"pack empty name", func(r *cacheRecord) { r.Pack = "" }, false},
		{"pack missing", func(r *cacheRecord) { r.Pack = "missing.pack" }, false},
		{"pack other", func(r *cacheRecord) { r.Pack = "other.pack" }, false},
		{"offset negative", func(r *cacheRecord) { r.Offset = -1 }, false},
		{"offset shifted", func(r *cacheRecord) { r.Offset++ }, false},
		{"offset past the end", func(r *cacheRecord) { r.Offset = 1 << 40 }, false},
		{"len negative", func(r *cacheRecord) { r.Len = -1 }, false},
		{"len zero", func(r *cacheRecord) { r.Len = 0 }, false},
		{"len longer", func(r *cacheRecord) { r.Len++ }, false},
		{"len huge", func(r *cacheRecord) { r.Len = math.MaxInt64 }, false},
		{"sum", func(r *cacheRecord) { r.Sum ^= 1 }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, problem, err := LoadFileCache(state, "v1", "fp")
			if err != nil || problem != "" {
				t.Fatalf("problem %q, err %v", problem, err)
			}
			defer c.Close()
			for _, key := range keys {
				tc.bad(c.old[key.ID()])
				o, ok := c.Get(key)
				if ok != tc.hit {
					t.Errorf("%s: hit %v, want %v", key.Path, ok, tc.hit)
				}
				if _, want := benchOutcome(0); ok && len(o.Activities) != len(want.Activities) {
					t.Errorf("%s: %d activities", key.Path, len(o.Activities))
				}
			}
		})
	}
}

// TestFileCacheOrphans: packs a killed run left (half written, never
// referenced) are removed by the next Save that writes an index; Close
// removes a pack no Save committed.
func TestFileCacheOrphans(t *testing.T) {
	root, state := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{
		"a.fake": "2024-03-04T10:00:00Z run\n",
		"b.fake": "2024-03-05T10:00:00Z lift\n",
	})
	importCached(t, root, state)
	before := packFiles(t, state)

	// A run killed before its Save: its pack is on disk, unreferenced.
	killed, _, err := LoadFileCache(state, "v1", "fp")
	if err != nil {
		t.Fatal(err)
	}
	key, o := benchOutcome(1)
	killed.Put(key, o)
	killed.wmu.Lock()
	killed.w.bw.Flush()
	killed.wmu.Unlock()
	stray := filepath.Join(state, PacksDirName, "stray.pack")
	os.WriteFile(stray, []byte("half a record"), 0o644)
	if got := len(packFiles(t, state)); got != len(before)+2 {
		t.Fatalf("%d packs, want %d", got, len(before)+2)
	}

	// An unchanged run writes nothing, and so removes nothing.
	if _, n, problem := importCached(t, root, state); n != 0 || problem != "" {
		t.Fatalf("unchanged run: %d decodes, problem %q", n, problem)
	}
	if got := len(packFiles(t, state)); got != len(before)+2 {
		t.Errorf("an unchanged run changed the packs: %d, want %d", got, len(before)+2)
	}

	// A run that changes something removes the orphans.
	writeFiles(t, root, map[string]string{"c.fake": "2024-03-06T10:00:00Z run\n"})
	b, n, problem := importCached(t, root, state)
	if n != 1 || problem != "" {
		t.Errorf("run after the kill: %d decodes, problem %q", n, problem)
	}
	if got, want := dump(b), dump(importFresh(t, root)); got != want {
		t.Errorf("batch differs from a fresh import")
	}
	checkPacks(t, state)

	// Close without Save removes the run's pack; with nothing stored it
	// touches nothing.
	c, _, _ := LoadFileCache(state, "v1", "fp")
	c.Put(key, o)
	if got := len(packFiles(t, state)); got != len(before)+2 {
		t.Errorf("after a Put: %d packs, want %d", got, len(before)+2)
	}
	c.Close()
	checkPacks(t, state)

	// After Close (a run dropping its pack to make room on a full disk
	// while its import still stores outcomes) nothing more is stored: no
	// new pack takes the room back. Save makes the cache usable again.
	n0 := len(packFiles(t, state))
	c.Put(key, o)
	if got := len(packFiles(t, state)); got != n0 {
		t.Errorf("a Put after Close: %d packs, want %d", got, n0)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	n1 := len(packFiles(t, state))
	c.Put(key, o)
	if got := len(packFiles(t, state)); got != n1+1 {
		t.Errorf("a Put after Save: %d packs, want %d", got, n1+1)
	}
	c.Close()
}

// TestFileCacheCompaction: nightly runs that each add or change a few
// files keep the packs few and small, and outcomes correct.
func TestFileCacheCompaction(t *testing.T) {
	root, state := t.TempDir(), t.TempDir()
	for i := range 12 {
		writeFiles(t, root, map[string]string{fmt.Sprintf("f%02d.fake", i): fmt.Sprintf("2024-03-%02dT10:00:00Z run\n", i+1)})
	}
	mtime := time.Now()
	run := func(step string, wantDecodes int64) int {
		t.Helper()
		b, n, problem := importCached(t, root, state)
		if n != wantDecodes || problem != "" {
			t.Errorf("%s: %d decodes, want %d; problem %q", step, n, wantDecodes, problem)
		}
		if got, want := dump(b), dump(importFresh(t, root)); got != want {
			t.Errorf("%s: batch differs from a fresh import", step)
		}
		live, packBytes := checkPacks(t, state)
		packs := len(packFiles(t, state))
		if packs > maxPacks+1 {
			t.Errorf("%s: %d packs, want at most %d", step, packs, maxPacks+1)
		}
		if packBytes > compactRatio*live {
			t.Errorf("%s: packs hold %d bytes for %d live", step, packBytes, live)
		}
		return packs
	}
	run("first", 12)

	// One file added per run: no dead bytes, so the pack count triggers.
	prev, compactions := 1, 0
	for i := range 2 * maxPacks {
		writeFiles(t, root, map[string]string{fmt.Sprintf("new%02d.fake", i): fmt.Sprintf("2024-04-%02dT10:00:00Z lift\n", i%28+1)})
		packs := run(fmt.Sprintf("add %d", i), 1)
		if packs == 1 && prev > 1 { // everything copied into one pack
			compactions++
		}
		prev = packs
	}
	if compactions == 0 {
		t.Error("adding files never compacted the packs")
	}

	// Three files changed per run, picked at random: the packs keep a
	// few live records each while dead bytes pile up, so the ratio (or
	// the count) triggers.
	names, _ := filepath.Glob(filepath.Join(root, "*.fake"))
	rnd := rand.New(rand.NewPCG(1, 2))
	compactions = 0
	for i := range 40 {
		for k, p := range rnd.Perm(len(names))[:3] {
			writeFiles(t, root, map[string]string{filepath.Base(names[p]): fmt.Sprintf("2024-05-%02dT%02d:%02d:00Z run\n", k+1, i/60, i%60)})
			mtime = mtime.Add(time.Second)
			os.Chtimes(names[p], mtime, mtime)
		}
		packs := run(fmt.Sprintf("change %d", i), 3)
		if packs == 1 && prev > 1 { // everything copied into one pack
			compactions++
		}
		prev = packs
	}
	if compactions == 0 {
		t.Error("changing files never compacted the packs")
	}
	run("unchanged", 0)
}

// TestFileCacheConcurrent: Puts and Gets from many workers, with a Save
// between them, and the cache used again after the Save.
func TestFileCacheConcurrent(t *testing.T) {
	state := t.TempDir()
	const n = 400
	keys, outs := make([]ingest.FileKey, n), make([]ingest.Outcome, n)
	for i := range keys {
		keys[i], outs[i] = benchOutcome(i)
	}
	getAll := func(c *FileCache, want int) {
		t.Helper()
		var wg sync.WaitGroup
		var hits atomic.Int64
		for w := range 8 {
			wg.Go(func() {
				for i := w; i < n; i += 8 {
					if o, ok := c.Get(keys[i]); ok {
						hits.Add(1)
						if got, want := fmt.Sprintf("%+v", o), fmt.Sprintf("%+v", outs[i]); got != want {
							t.Errorf("%s: outcome differs\ngot  %s\nwant %s", keys[i].Path, got, want)
						}
					}
				}
			})
		}
		wg.Wait()
		if hits.Load() != int64(want) {
			t.Errorf("%d hits, want %d", hits.Load(), want)
		}
	}
	c := NewFileCache(state, "v1", "fp")
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n/2; i += 8 {
				c.Put(keys[i], outs[i])
			}
		})
	}
	wg.Wait()
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	getAll(c, n/2)
	// A second round in the same cache: a new pack next to the first.
	for i := n / 2; i < n; i++ {
		c.Put(keys[i], outs[i])
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c.Close()

	c, problem, err := LoadFileCache(state, "v1", "fp")
	if err != nil || problem != "" || c.Len() != n {
		t.Fatalf("%d entries, problem %q, err %v", c.Len(), problem, err)
	}
	getAll(c, n)
	checkPacks(t, state)
	c.Close()
}

// importWith runs Import over root with c, saves c, and returns the batch
// and the decoder calls.
func importWith(t *testing.T, root string, c *FileCache) (*ingest.Batch, int64) {
	t.Helper()
	var n atomic.Int64
	b, err := ingest.Import(context.Background(), []string{root}, ingest.Options{Formats: []ingest.Format{countingFormat(&n)}, Workers: 2, Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	return b, n.Load()
}

// packOf returns, per pack of the state, the ids of its records.
func packOf(t *testing.T, state string) map[string][]string {
	t.Helper()
	c, problem, err := LoadFileCache(state, "v1", "fp")
	if err != nil || problem != "" {
		t.Fatalf("problem %q, err %v", problem, err)
	}
	m := map[string][]string{}
	for id, r := range c.old {
		m[r.Pack] = append(m[r.Pack], id)
	}
	return m
}

// TestFileCacheSeveralPacks: the records of several runs, in several
// packs each with its own gob types, all hit on the next run; then the
// types of one pack are lost or damaged: its records (and only those)
// are misses, decoded again, and the batch is that of a fresh import.
func TestFileCacheSeveralPacks(t *testing.T) {
	root, state := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{
		"a.fake": "2024-03-04T10:00:00Z run\n",
		"b.fake": "2024-03-05T10:00:00Z lift\n2024-03-05T18:00:00Z run\n",
	})
	if _, n, _ := importCached(t, root, state); n != 2 {
		t.Fatalf("run 1: %d decodes, want 2", n)
	}
	writeFiles(t, root, map[string]string{"c.fake": "2024-03-06T10:00:00Z run\n"})
	if _, n, _ := importCached(t, root, state); n != 1 {
		t.Fatalf("run 2: %d decodes, want 1", n)
	}
	writeFiles(t, root, map[string]string{"d.fake": "skip\n", "e.fake": "2024-03-07T10:00:00Z lift\n"})
	if _, n, _ := importCached(t, root, state); n != 2 {
		t.Fatalf("run 3: %d decodes, want 2", n)
	}
	packs := packOf(t, state)
	if len(packs) != 3 {
		t.Fatalf("%d packs, want 3: %v", len(packs), packs)
	}
	c, _, _ := LoadFileCache(state, "v1", "fp")
	for name := range packs {
		if len(c.types[name]) == 0 {
			t.Errorf("pack %s: no gob types in the index", name)
		}
	}
	b, n := importWith(t, root, c)
	if n != 0 {
		t.Errorf("unchanged run over 3 packs: %d decodes, want 0", n)
	}
	if hits, misses := c.Stats(); hits != 5 || misses != 0 {
		t.Errorf("unchanged run: %d hits, %d misses; want 5, 0", hits, misses)
	}
	fresh := dump(importFresh(t, root))
	if got := dump(b); got != fresh {
		t.Errorf("batch from 3 packs differs from a fresh import\ngot  %s\nwant %s", got, fresh)
	}

	var first string // the pack of run 1: a and b
	for name, ids := range packs {
		if len(ids) == 2 {
			first = name
		}
	}
	for _, tc := range []struct {
		name   string
		damage func([]byte) []byte
	}{
		{"missing", func([]byte) []byte { return nil }},
		{"empty", func([]byte) []byte { return []byte{} }},
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
		{"last message cut", func(b []byte) []byte { return b[:len(b)-1] }},
		{"garbage", func([]byte) []byte { return []byte("garbage") }},
		{"value instead", func(b []byte) []byte {
			// A pack's types hold type definitions only.
			return append(append([]byte{}, b...), 3, 2, 0, 0)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := t.TempDir()
			if err := os.CopyFS(st, os.DirFS(state)); err != nil {
				t.Fatal(err)
			}
			c, _, _ := LoadFileCache(st, "v1", "fp")
			c.types[first] = tc.damage(append([]byte{}, c.types[first]...))
			b, n := importWith(t, root, c)
			if n != 2 {
				t.Errorf("%d decodes, want the 2 of the damaged pack", n)
			}
			if hits, _ := c.Stats(); hits != 3 {
				t.Errorf("%d hits, want the 3 of the other packs", hits)
			}
			if got := dump(b); got != fresh {
				t.Errorf("batch differs from a fresh import\ngot  %s\nwant %s", got, fresh)
			}
			checkPacks(t, st)
			if _, n, problem := importCached(t, root, st); n != 0 || problem != "" {
				t.Errorf("after the rebuild: %d decodes, problem %q", n, problem)
			}
		})
	}
}

// TestFileCacheTypesOnce: a pack's gob types are sent with its first
// record only; every record holds one gob value, and a damaged first
// record costs only itself.
func TestFileCacheTypesOnce(t *testing.T) {
	state := t.TempDir()
	c := NewFileCache(state, "v1", "fp")
	const n = 20
	keys, outs := make([]ingest.FileKey, n), make([]ingest.Outcome, n)
	var types int
	for i := range keys {
		keys[i], outs[i] = benchOutcome(i)
		if i%3 == 1 { // some outcomes with intake, body and a Strava index too
			outs[i].Intake = []ingest.DayIntake{{Athlete: "athlete", Source: keys[i].Path}}
			outs[i].Body = []ingest.BodyMeasurement{{Athlete: "athlete", Source: keys[i].Path}}
			outs[i].StravaIndex = map[string]ingest.StravaEntry{"x": {Name: "Morning Run", Type: "Run"}}
		}
		c.Put(keys[i], outs[i])
		switch got := len(c.w.types); {
		case i == 0 && got == 0:
			t.Fatal("the first record sent no gob types")
		case i == 0:
			types = got
		case got != types:
			t.Errorf("record %d sent gob types again: %d bytes, then %d", i, types, got)
		}
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	pack := ""
	c, _, _ = LoadFileCache(state, "v1", "fp")
	for _, r := range c.old {
		pack = r.Pack
		p := c.pack(r.Pack, c.types[r.Pack])
		data, ok := p.read(r, nil)
		if !ok {
			t.Fatalf("%s: record not readable", r.id())
		}
		if g := int(data[0]) | int(data[1])<<8 | int(data[2])<<16 | int(data[3])<<24; !valueMessage(data[4:][:g]) {
			t.Errorf("%s: record is not one gob value message", r.id())
		}
	}
	c.Close()

	// Damage the first record (the one whose Put sent the types).
	path := filepath.Join(state, PacksDirName, pack)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[10] ^= 0x40
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c, _, _ = LoadFileCache(state, "v1", "fp")
	defer c.Close()
	for i := range keys {
		o, ok := c.Get(keys[i])
		if ok != (i != 0) {
			t.Errorf("record %d: hit %v, want %v", i, ok, i != 0)
		}
		if ok {
			if got, want := fmt.Sprintf("%+v", o), fmt.Sprintf("%+v", outs[i]); got != want {
				t.Errorf("record %d differs\ngot  %s\nwant %s", i, got, want)
			}
		}
	}
}

// TestFileCacheGetOrder: records come back the same in any order, from
// one or many workers, whatever order they were written in.
func TestFileCacheGetOrder(t *testing.T) {
	state := t.TempDir()
	const n = 60
	keys, outs := make([]ingest.FileKey, n), make([]ingest.Outcome, n)
	for i := range keys {
		keys[i], outs[i] = benchOutcome(i)
	}
	c := NewFileCache(state, "v1", "fp")
	for _, i := range rand.New(rand.NewPCG(3, 4)).Perm(n) {
		c.Put(keys[i], outs[i])
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	for _, order := range [][]int{
		rand.New(rand.NewPCG(5, 6)).Perm(n),
		func() []int { // backwards
			o := make([]int, n)
			for i := range o {
				o[i] = n - 1 - i
			}
			return o
		}(),
		{n - 1, n / 2, 0}, // a few only
	} {
		c, _, _ := LoadFileCache(state, "v1", "fp")
		for _, i := range order {
			o, ok := c.Get(keys[i])
			if !ok {
				t.Errorf("record %d: miss", i)
				continue
			}
			if got, want := fmt.Sprintf("%+v", o), fmt.Sprintf("%+v", outs[i]); got != want {
				t.Errorf("record %d differs\ngot  %s\nwant %s", i, got, want)
			}
		}
		c.Close()
	}
}

func TestGobMessage(t *testing.T) {
	for _, tc := range []struct {
		b      []byte
		id     int64
		n      int
		ok     bool
		single bool
	}{
		{[]byte{2, 4, 0}, 2, 3, true, true},
		{[]byte{2, 4, 0, 9}, 2, 3, true, false},
		{[]byte{3, 0xff, 0x83, 0}, -66, 4, true, false},
		{[]byte{3, 0xff, 0x83, 0, 2, 4, 0}, -66, 4, true, false},
		{[]byte{0xfe, 0x01, 0x00, 0x08}, 4, 259, false, false}, // 256 bytes announced, 1 there
		{[]byte{}, 0, 0, false, false},
		{[]byte{0}, 0, 0, false, false},
		{[]byte{0xf7, 1}, 0, 0, false, false}, // 9 length bytes
		{[]byte{3, 4}, 0, 0, false, false},
	} {
		id, n, ok := nextGobMessage(tc.b)
		if ok != tc.ok || ok && (id != tc.id || n != tc.n) {
			t.Errorf("%x: id %d, n %d, ok %v; want %d, %d, %v", tc.b, id, n, ok, tc.id, tc.n, tc.ok)
		}
		if got := valueMessage(tc.b); got != tc.single {
			t.Errorf("%x: valueMessage %v, want %v", tc.b, got, tc.single)
		}
	}
}
