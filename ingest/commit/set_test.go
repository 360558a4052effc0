package commit

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// writeJSON is a WriteManifest that encodes the items.
func writeJSON(w io.Writer, items []Item) error { return json.NewEncoder(w).Encode(items) }

func readItems(t *testing.T, path string) []Item {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var items []Item
	if err := json.Unmarshal(b, &items); err != nil {
		t.Fatal(err)
	}
	return items
}

// TestSetManifestLast: the files are in place (and the manifest still the
// old one) when BeforeManifest runs; the manifest lists every file with
// its size and hash, extras after, and verifies; the crash points are
// reached in order.
func TestSetManifestLast(t *testing.T) {
	dir := t.TempDir()
	a, b, m := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"), filepath.Join(dir, "m.json")
	if err := os.WriteFile(m, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	var points []string
	extra := Item{Name: "x/y", Size: 1, SHA256: "00"}
	s := Set{Dir: dir, Files: []File{{Path: a, Write: writeString("aaa")}, {Path: b, Write: writeString("b")}},
		Manifest: "m.json", WriteManifest: writeJSON, Extra: []Item{extra},
		Hooks: &Hooks{Crash: func(p string) { points = append(points, p) }}}
	s.BeforeManifest = func() error {
		for path, want := range map[string]string{a: "aaa", b: "b", m: "old"} {
			if got, _ := os.ReadFile(path); string(got) != want {
				t.Errorf("before the manifest: %s = %q, want %q", filepath.Base(path), got, want)
			}
		}
		points = append(points, "before-manifest")
		return nil
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	items := readItems(t, m)
	if len(items) != 3 || items[0].Name != "a.txt" || items[0].Size != 3 || items[1].Name != "b.txt" || items[2] != extra {
		t.Fatalf("manifest %+v", items)
	}
	if err := Verify(dir, "m.json", items[:2]); err != nil {
		t.Error(err)
	}
	if want := []string{"before-rename", "mid-rename", "before-manifest"}; !slices.Equal(points, want) {
		t.Errorf("points %v, want %v", points, want)
	}
	// A file changed after the commit no longer verifies.
	os.WriteFile(a, []byte("aab"), 0o644)
	if err := Verify(dir, "m.json", items[:2]); err == nil || !strings.Contains(err.Error(), "a.txt does not match m.json") {
		t.Errorf("Verify after a change: %v", err)
	}
}

// TestSetFailureTouchesNothing: a failing writer, a failing
// BeforeManifest or the fault hook leave the previous manifest and no
// temporary file.
func TestSetFailureTouchesNothing(t *testing.T) {
	boom := errors.New("boom")
	full := &Hooks{Fault: func(p string) error { return &os.PathError{Op: "write", Path: p, Err: syscall.ENOSPC} }}
	for name, tc := range map[string]struct {
		files  []File
		before func() error
		hooks  *Hooks
		want   error
	}{
		"writer fails": {files: []File{{Path: "a.txt", Write: writeString("a")}, {Path: "b.txt", Write: func(io.Writer) error { return boom }}}, want: boom},
		"disk full":    {files: []File{{Path: "a.txt", Write: writeString("a")}}, hooks: full, want: syscall.ENOSPC},
		"before fails": {files: []File{{Path: "a.txt", Write: writeString("a")}}, before: func() error { return boom }, want: boom},
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "m.json"), []byte("old"), 0o644)
		for i := range tc.files {
			tc.files[i].Path = filepath.Join(dir, tc.files[i].Path)
		}
		s := Set{Dir: dir, Files: tc.files, Manifest: "m.json", WriteManifest: writeJSON, BeforeManifest: tc.before, Hooks: tc.hooks}
		if err := s.Commit(); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", name, err, tc.want)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "m.json")); string(got) != "old" {
			t.Errorf("%s: manifest replaced: %q", name, got)
		}
		for _, n := range entries(t, dir) {
			if strings.Contains(n, ".tmp-") {
				t.Errorf("%s: temporary file %s left", name, n)
			}
		}
	}
}

// TestSwapDir: a staged folder replaces the old one whole (or takes the
// place of a missing one), and nothing staged is left beside it.
func TestSwapDir(t *testing.T) {
	dir := t.TempDir()
	stage := func(content string) string {
		tmp, err := StageDir(dir, "table", func(staged string) error {
			return CreateSynced(filepath.Join(staged, "athlete=a", "part-0.parquet"), writeString(content))
		})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(filepath.Base(tmp), TempPrefix("table")) {
			t.Errorf("staged as %s", tmp)
		}
		return tmp
	}
	for _, content := range []string{"first", "second"} {
		var points []string
		if err := SwapDir(dir, "table", stage(content), &Hooks{Crash: func(p string) { points = append(points, p) }}); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "table", "athlete=a", "part-0.parquet")); string(got) != content {
			t.Errorf("after the swap: %q, want %q", got, content)
		}
		if names := entries(t, dir); !slices.Equal(names, []string{"table"}) {
			t.Errorf("folder holds %v, want table only", names)
		}
		// mid-exchange where the system exchanges atomically; no point
		// where SwapDir renames twice.
		if len(points) > 1 || len(points) == 1 && points[0] != "mid-exchange" {
			t.Errorf("crash points %v, want mid-exchange or none", points)
		}
	}
	// A failing fill leaves nothing.
	if _, err := StageDir(dir, "table", func(string) error { return errors.New("boom") }); err == nil {
		t.Error("no error from a failing fill")
	}
	if names := entries(t, dir); !slices.Equal(names, []string{"table"}) {
		t.Errorf("folder holds %v after a failed stage", names)
	}
}

// TestRecoverDirs: a folder missing while its previous version waits
// aside is put back (the newest aside); staged and other aside folders
// are removed; other names are left alone.
func TestRecoverDirs(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{".runs.old-1", ".runs.old-2", ".runs.tmp-3", ".weeks.tmp-4", "weeks", ".other.tmp-5"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, ".runs.old-2", "mark"), nil, 0o644)
	n, err := RecoverDirs(dir, []string{"weeks", "runs"})
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 { // runs put back, .runs.old-1, .runs.tmp-3, .weeks.tmp-4 removed
		t.Errorf("n = %d, want 4", n)
	}
	if names := entries(t, dir); !slices.Equal(names, []string{".other.tmp-5", "runs", "weeks"}) {
		t.Errorf("folder holds %v", names)
	}
	if _, err := os.Stat(filepath.Join(dir, "runs", "mark")); err != nil {
		t.Errorf("runs is not the newest aside folder: %v", err)
	}
	if n, err := RecoverDirs(filepath.Join(dir, "missing"), []string{"runs"}); n != 0 || err != nil {
		t.Errorf("missing folder: %d, %v", n, err)
	}
}

// TestRemoveStaleTemps removes only the temporary files of the names
// given.
func TestRemoveStaleTemps(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{".a.txt.tmp-1", ".a.txt.tmp-2", ".b.txt.tmp-3", "a.txt", ".a.txtx.tmp-4"} {
		os.WriteFile(filepath.Join(dir, f), nil, 0o644)
	}
	os.Mkdir(filepath.Join(dir, ".a.txt.tmp-dir"), 0o755) // a folder: not a temporary file
	n, err := RemoveStaleTemps(dir, []string{"a.txt"})
	if err != nil || n != 2 {
		t.Errorf("removed %d, %v; want 2", n, err)
	}
	if names := entries(t, dir); !slices.Equal(names, []string{".a.txt.tmp-dir", ".a.txtx.tmp-4", ".b.txt.tmp-3", "a.txt"}) {
		t.Errorf("folder holds %v", names)
	}
	if n, err := RemoveStaleTemps(filepath.Join(dir, "missing"), []string{"a.txt"}); n != 0 || err != nil {
		t.Errorf("missing folder: %d, %v", n, err)
	}
}

// TestSyncDir: a folder syncs; a missing one is an error (not ignored).
func TestSyncDir(t *testing.T) {
	if err := SyncDir(t.TempDir()); err != nil {
		t.Error(err)
	}
	if err := SyncDir(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("no error for a missing folder")
	}
}

// TestTempRoom: a write that fails for a full disk asks Room once and is
// tried again; the fault hook is asked until a write succeeds; a disk that
// stays full, or no room made, fails the write; Contents reads back what
// was written.
func TestTempRoom(t *testing.T) {
	enospc := func(p string) error { return &os.PathError{Op: "write", Path: p, Err: syscall.ENOSPC} }
	for _, tc := range []struct {
		name   string
		faults int  // how many attempts the hook fails
		room   bool // what free says
		calls  int
		ok     bool
	}{
		{"no fault", 0, true, 0, true},
		{"once, room made", 1, true, 1, true},
		{"once, no room", 1, false, 1, false},
		{"stays full", 1000, true, 1, false},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "out.txt")
		asked, calls := 0, 0
		h := &Hooks{Fault: func(p string) error {
			if asked++; asked <= tc.faults {
				return enospc(p)
			}
			return nil
		}}
		room := NewRoom(func(err error) bool {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Errorf("%s: free(%v)", tc.name, err)
			}
			calls++
			return tc.room
		})
		tmp, err := CreateSpool(path, h, room)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(tmp, "spooled")
		r, err := tmp.Contents()
		if calls != tc.calls || (err == nil) != tc.ok {
			t.Errorf("%s: Contents: %v, room asked %d times; want ok %t, %d", tc.name, err, calls, tc.ok, tc.calls)
		}
		if err == nil {
			b, _ := io.ReadAll(r)
			io.WriteString(tmp, " and more")
			if string(b) != "spooled" || tmp.Finish() != nil || tmp.Item().Size != 16 {
				t.Errorf("%s: read back %q, item %+v", tc.name, b, tmp.Item())
			}
			if asked != tc.faults+1 {
				t.Errorf("%s: fault hook asked %d times, want %d (until a write succeeds)", tc.name, asked, tc.faults+1)
			}
		}
		tmp.Remove()
		if names := entries(t, dir); len(names) != 0 {
			t.Errorf("%s: left %v", tc.name, names)
		}
	}
}
