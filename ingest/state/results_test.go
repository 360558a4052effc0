package state

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gainguard/ingest"
)

func resultKey(b byte) ResultKey { return ResultKey{b, b ^ 0xff} }

// TestResultCacheRoundTrip: what a run stores and uses is read back by
// the next; what it did not use is dropped; an unchanged run writes
// nothing.
func TestResultCacheRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "results.gob")
	c, problem, err := LoadResultCache(path, "v1 build-a")
	if err != nil || problem != "" || c.Len() != 0 {
		t.Fatalf("missing file: %d entries, problem %q, error %v", c.Len(), problem, err)
	}
	for i := range byte(3) {
		c.Put(resultKey(i), []byte{i, i})
	}
	if v, ok := c.Get(resultKey(1)); !ok || !bytes.Equal(v, []byte{1, 1}) {
		t.Fatalf("Get of a stored key in the same run: %v %v", v, ok)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	// The next run uses keys 0 and 2 only, and stores 3.
	c, problem, err = LoadResultCache(path, "v1 build-a")
	if err != nil || problem != "" || c.Len() != 3 {
		t.Fatalf("reloaded: %d entries, problem %q, error %v", c.Len(), problem, err)
	}
	for _, i := range []byte{0, 2} {
		if v, ok := c.Get(resultKey(i)); !ok || !bytes.Equal(v, []byte{i, i}) {
			t.Errorf("key %d: %v %v", i, v, ok)
		}
	}
	if _, ok := c.Get(resultKey(9)); ok {
		t.Error("a key never stored was found")
	}
	c.Put(resultKey(3), []byte{3})
	if hits, misses := c.Stats(); hits != 2 || misses != 1 {
		t.Errorf("stats %d hits, %d misses; want 2, 1", hits, misses)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c, _, _ = LoadResultCache(path, "v1 build-a")
	if c.Len() != 3 {
		t.Errorf("after a run that used 3 entries: %d saved", c.Len())
	}
	if _, ok := c.Get(resultKey(1)); ok {
		t.Error("an entry the last run did not use was kept")
	}

	// A run that uses exactly what it loaded does not rewrite the file.
	st, _ := os.Stat(path)
	c, _, _ = LoadResultCache(path, "v1 build-a")
	for _, i := range []byte{0, 2, 3} {
		c.Get(resultKey(i))
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if st2, _ := os.Stat(path); !os.SameFile(st, st2) { // a save renames a new file over it
		t.Error("unchanged cache: the file was rewritten")
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Errorf("the folder holds %d files, want the results file alone", len(ents))
	}
}

// TestResultCacheDamaged: a damaged or outdated file gives an empty cache
// and says why; nothing in it is served.
func TestResultCacheDamaged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "results.gob")
	c := NewResultCache(path, "v1 build-a")
	c.Put(resultKey(7), bytes.Repeat([]byte{7}, 100))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		data    []byte
		version string
		want    string
	}{
		{"truncated", good[:len(good)/2], "v1 build-a", "damaged"},
		{"byte flipped", func() []byte { b := bytes.Clone(good); b[len(b)/2] ^= 0x10; return b }(), "v1 build-a", "checksum"},
		{"garbage", []byte("garbage"), "v1 build-a", "not a gainguard results file"},
		{"empty", nil, "v1 build-a", "damaged"},
		{"another build", good, "v1 build-b", "outdated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			c, problem, err := LoadResultCache(path, tc.version)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(problem, tc.want) {
				t.Errorf("problem %q, want it to say %q", problem, tc.want)
			}
			if _, ok := c.Get(resultKey(7)); ok || c.Len() != 0 {
				t.Error("an entry of a damaged or outdated file was served")
			}
			// It is rebuilt: the next save writes a good file.
			c.Put(resultKey(8), []byte{8})
			if err := c.Save(); err != nil {
				t.Fatal(err)
			}
			if c, problem, _ := LoadResultCache(path, tc.version); problem != "" || c.Len() != 1 {
				t.Errorf("after the rebuild: %d entries, problem %q", c.Len(), problem)
			}
		})
	}
}

// TestResultCacheSaveFails: a failed save (the full-disk fault) leaves the
// previous file as it was, and no temporary file.
func TestResultCacheSaveFails(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "results.gob")
	c := NewResultCache(path, "v")
	c.Put(resultKey(1), []byte{1})
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	c.Put(resultKey(2), []byte{2})
	ingest.SetFault("state")
	t.Cleanup(func() { ingest.SetFault("") })
	if err := c.Save(); err == nil {
		t.Fatal("Save succeeded under the full-disk fault")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("a failed save changed the file")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("the folder holds %d files after a failed save, want 1", len(ents))
	}
}
