package main

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"gainguard/ingest"
	"gainguard/report/output"
	"gainguard/report/tables"
)

// someSamples copies n of the samples' activity files into dir.
func someSamples(t *testing.T, dir string, n int) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(samplesDir, "activities", "*.fit"))
	if err != nil || len(names) < n {
		t.Fatalf("samples: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range names[:n] {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot hashes every output file in out (gainguard's state folder aside).
func snapshot(t *testing.T, out string) map[string][32]byte {
	t.Helper()
	m := map[string][32]byte{}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == StateDirName {
				return filepath.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m[p] = sha256.Sum256(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestEmptyInputsKeepOutputs: an emptied, or missing (unmounted), exports
// folder never replaces a nightly OUT with empty outputs: exit 1, a clear
// message, OUT untouched; --allow-empty overrides. (Before, an emptied
// folder gave exit 0 and a 0-row activities.parquet.)
func TestEmptyInputsKeepOutputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "exports"), filepath.Join(dir, "out")
	someSamples(t, in, 6)
	if code, stdout, stderr := runCmd(t, "analyze", "-q", "--out", out, in); code != exitOK {
		t.Fatalf("first run: exit %d\n%s%s", code, stdout, stderr)
	}
	before := snapshot(t, out)
	if len(readTable[tables.ActivityRow](t, filepath.Join(out, tables.ActivitiesFile))) != 6 {
		t.Fatal("first run: want 6 activities")
	}
	// Emptied: only a stray note is left.
	if err := os.RemoveAll(in); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "README.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"emptied", []string{"analyze", "-q", "--out", out, in}},
		{"emptied, strict partition", []string{"analyze", "-q", "--strict", "--partition", "--out", out, in}},
		{"missing", []string{"analyze", "-q", "--out", out, filepath.Join(dir, "unmounted")}},
		{"one missing of two", []string{"analyze", "-q", "--out", out, in, filepath.Join(dir, "unmounted")}},
	} {
		code, stdout, stderr := runCmd(t, tc.args...)
		if code != exitFailed {
			t.Errorf("%s: exit %d, want %d\n%s%s", tc.name, code, exitFailed, stdout, stderr)
		}
		if tc.name[:7] == "emptied" && !strings.Contains(stderr, "--allow-empty") {
			t.Errorf("%s: stderr %q does not say how to override", tc.name, stderr)
		}
		if !strings.Contains(stderr, "unmounted") && !strings.Contains(stderr, "earlier run's outputs") {
			t.Errorf("%s: stderr %q does not say why", tc.name, stderr)
		}
		if after := snapshot(t, out); !reflect.DeepEqual(after, before) {
			t.Errorf("%s: OUT changed", tc.name)
		}
	}
	if code, stdout, stderr := runCmd(t, "analyze", "-q", "--allow-empty", "--out", out, in); code != exitOK {
		t.Fatalf("--allow-empty: exit %d\n%s%s", code, stdout, stderr)
	}
	if n := len(readTable[tables.ActivityRow](t, filepath.Join(out, tables.ActivitiesFile))); n != 0 {
		t.Errorf("--allow-empty: %d activities, want 0", n)
	}
	// Empty outputs have nothing to protect: the next empty run (a full
	// one, not the up-to-date fast path) goes through.
	if code, stdout, stderr := runCmd(t, "analyze", "-q", "--no-cache", "--out", out, in); code != exitOK {
		t.Errorf("empty run over empty outputs: exit %d\n%s%s", code, stdout, stderr)
	}
	// A first run on an empty folder has nothing to protect.
	if code, stdout, stderr := runCmd(t, "analyze", "-q", "--out", filepath.Join(dir, "fresh"), in); code != exitOK {
		t.Errorf("first run on an empty folder: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestOutInsideInputs: --out equal to an input folder, above one, or an
// athlete folder inside one is refused (before: "0 files", exit 0 even
// under --strict, an empty report in the exports); an --out of its own
// inside an input folder is left out of the walk, run after run.
func TestOutInsideInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := filepath.Join(dir, "exports")
	someSamples(t, filepath.Join(in, "alice"), 3)
	for _, tc := range []struct{ name, out string }{
		{"out is the input", in},
		{"out is the input, spelled with a slash", in + "/"},
		{"out is above the input", dir},
		{"out is an athlete folder", filepath.Join(in, "alice")},
	} {
		code, stdout, stderr := runCmd(t, "analyze", "-q", "--strict", "--out", tc.out, in)
		if code != exitUsage || !strings.Contains(stderr, "--out") {
			t.Errorf("%s: exit %d, want %d and a message naming --out\n%s%s", tc.name, code, exitUsage, stdout, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(in, output.HTMLFile)); err == nil {
		t.Error("a report was written into the exports")
	}
	out := filepath.Join(in, "gainguard-out")
	for i := range 2 {
		if code, stdout, stderr := runCmd(t, "analyze", "-q", "--strict", "--out", out, in); code != exitOK {
			t.Fatalf("run %d with --out inside the input: exit %d\n%s%s", i+1, code, stdout, stderr)
		}
		if n := len(readTable[tables.ActivityRow](t, filepath.Join(out, tables.ActivitiesFile))); n != 3 {
			t.Errorf("run %d: %d activities, want 3", i+1, n)
		}
	}
}

// TestBadProfileGivenFiles (issue 17, item 10): `analyze a/*.fit b/*.fit`
// with a malformed a/athlete.json is one failed row and the batch goes on,
// as when the folders are given (before: exit 1 and no outputs).
func TestBadProfileGivenFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	someSamples(t, a, 2)
	someSamples(t, b, 1)
	if err := os.WriteFile(filepath.Join(a, ingest.ProfileFileName), []byte(`{"name": "A",`), 0o644); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(a, "*.fit"))
	bFiles, _ := filepath.Glob(filepath.Join(b, "*.fit"))
	files = append(files, bFiles...)
	rows := map[string][]tables.FileRow{}
	for name, args := range map[string][]string{"files": files, "folders": {a, b}} {
		out := filepath.Join(dir, "out-"+name)
		code, stdout, stderr := runCmd(t, append([]string{"analyze", "-q", "--out", out}, args...)...)
		if code != exitOK {
			t.Fatalf("%s: exit %d, want %d\n%s%s", name, code, exitOK, stdout, stderr)
		}
		rows[name] = readTable[tables.FileRow](t, filepath.Join(out, tables.FilesFile))
		if code, _, _ := runCmd(t, append([]string{"analyze", "-q", "--strict", "--out", out}, args...)...); code != exitStrict {
			t.Errorf("%s --strict: exit %d, want %d", name, code, exitStrict)
		}
	}
	if !reflect.DeepEqual(rows["files"], rows["folders"]) {
		t.Errorf("rows given files:\n%+v\ngiven folders:\n%+v", rows["files"], rows["folders"])
	}
	failed := 0
	for _, f := range rows["files"] {
		if f.Status == string(ingest.StatusFailed) {
			failed++
			if filepath.Base(f.Path) != ingest.ProfileFileName || !strings.Contains(f.Reason, "profile") {
				t.Errorf("failed row %s: %s", f.Path, f.Reason)
			}
		}
	}
	if failed != 1 || len(rows["files"]) != 4 {
		t.Errorf("%d rows, %d failed; want 4 rows, the profile's failed", len(rows["files"]), failed)
	}
}

// TestPathSpellingsSameOutputs (issue 10, item 2): DIR, DIR/, ./DIR, the
// absolute path and a symbolic link to DIR give byte-identical outputs.
// (Before, DIR/ dropped the folder's athlete.json — every activity went to
// athlete "athlete" — and the link gave 0 activities.)
func TestPathSpellingsSameOutputs(t *testing.T) {
	base := t.TempDir()
	in := filepath.Join(base, "exports")
	someSamples(t, filepath.Join(in, "watch"), 4)
	if err := os.WriteFile(filepath.Join(in, ingest.ProfileFileName), []byte(`{"sex": "female", "hr_max": 188}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("exports", filepath.Join(base, "link")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	t.Chdir(base)
	var want map[string]string
	for i, p := range []string{"exports", "exports/", "./exports", in, "link", "link/", filepath.Join(base, "link")} {
		out := filepath.Join(base, "out", strconv.Itoa(i))
		if code, stdout, stderr := runCmd(t, "analyze", "-q", "--out", out, p); code != exitOK {
			t.Fatalf("%s: exit %d\n%s%s", p, code, stdout, stderr)
		}
		m, err := output.ReadManifest(out)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, it := range m.Files {
			got[it.Name] = it.SHA256
		}
		if want == nil {
			want = got
			acts := readTable[tables.ActivityRow](t, filepath.Join(out, tables.ActivitiesFile))
			if len(acts) != 4 || acts[0].Athlete != "exports" {
				t.Fatalf("%s: %d activities, athlete %q; want 4 of athlete exports (the profile's folder)", p, len(acts), acts[0].Athlete)
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: outputs differ from those of exports:\n%v\nwant\n%v", p, got, want)
		}
	}
}
