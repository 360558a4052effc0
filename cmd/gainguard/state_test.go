package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/state"
	"gainguard/report/output"
	"gainguard/report/tables"
)

// copyInputs copies the regular files under src into dst.
func copyInputs(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// smallInputs copies athlete.json and the first n activities of samples/
// (n ≥ 8: the first week and a half) into a temporary folder, which keeps
// the tests quick under -race.
func smallInputs(t *testing.T, n int) string {
	t.Helper()
	src := t.TempDir()
	copyInputs(t, samplesDir+"/activities", filepath.Join(src, "activities"))
	data, err := os.ReadFile(filepath.Join(samplesDir, ingest.ProfileFileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, ingest.ProfileFileName), data, 0o644); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(src, "activities", "*"))
	sort.Strings(names)
	for _, n := range names[n:] {
		os.Remove(n)
	}
	return src
}

// sameOutputs fails unless every output file (tables and report.html;
// SOURCE_DATE_EPOCH fixes the generated time) is byte-identical in a and b.
func sameOutputs(t *testing.T, a, b string) {
	t.Helper()
	for _, name := range output.OutputFiles {
		x, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between the incremental and the full run", name)
		}
	}
}

// TestIncrementalMatchesFull: after each change to the inputs or the
// state, an incremental run writes exactly what a full run (--no-cache,
// fresh output folder) writes.
func TestIncrementalMatchesFull(t *testing.T) {
	// One fixed clock for every run, so that the outputs compare byte
	// for byte.
	runCmd := func(t *testing.T, args ...string) (int, string, string) {
		t.Helper()
		m := NewMain()
		m.Generated = time.Unix(1767225600, 0).UTC()
		return runMain(t, m, args...)
	}
	acts := func(src string) string { return filepath.Join(src, "activities") }
	const held = "2026-09-01-1825-run-hiit.fit" // left out of the first run, added later
	stateOf := func(out string) string { return filepath.Join(out, StateDirName) }
	damageIndex := func(f func([]byte) []byte) func(t *testing.T, src, out string) {
		return func(t *testing.T, src, out string) {
			p := filepath.Join(stateOf(out), state.IndexFileName)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	damagePacks := func(f func([]byte) []byte) func(t *testing.T, src, out string) {
		return func(t *testing.T, _, out string) {
			packs, _ := filepath.Glob(filepath.Join(stateOf(out), state.PacksDirName, "*"))
			if len(packs) == 0 {
				t.Fatal("no pack in the state")
			}
			// The index is unchanged: without this the run would take
			// the up-to-date fast path and read no pack.
			clearUpToDate(stateOf(out))
			for _, p := range packs {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for _, tc := range []struct {
		name    string
		change  func(t *testing.T, src, out string)
		rebuilt bool // the run must report the state as damaged or outdated
		// redecodes: the run must decode inputs again (the state's log
		// line says decoded=N, N > 0) without reporting a rebuild.
		redecodes bool
	}{
		// First, alone: it changes the version for its duration.
		{"version bump", func(t *testing.T, _, _ string) {
			old := version
			version = "9.9.9-test"
			t.Cleanup(func() { version = old })
		}, true, false},
		{"no change", func(*testing.T, string, string) {}, false, false},
		{"one file added", func(t *testing.T, src, _ string) {
			data, err := os.ReadFile(filepath.Join(samplesDir, "activities", held))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(acts(src), held), data, 0o644)
		}, false, false},
		{"one file deleted", func(t *testing.T, src, _ string) {
			if err := os.Remove(filepath.Join(acts(src), "2026-08-31-0806-run-liss.fit")); err != nil {
				t.Fatal(err)
			}
		}, false, false},
		{"one file modified", func(t *testing.T, src, _ string) {
			data, err := os.ReadFile(filepath.Join(acts(src), "2026-09-04-0705-lift-full.fit"))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(acts(src), "2026-09-02-0715-lift-lower.fit"), data, 0o644)
		}, false, false},
		{"one file touched", func(t *testing.T, src, _ string) {
			later := time.Now().Add(time.Hour)
			os.Chtimes(filepath.Join(acts(src), "2026-09-02-0715-lift-lower.fit"), later, later)
		}, false, false},
		{"state truncated", damageIndex(func(b []byte) []byte { return b[:len(b)/3] }), true, false},
		{"state bytes flipped", damageIndex(func(b []byte) []byte {
			for i := len(b) / 4; i < len(b); i += len(b) / 4 {
				b[i] ^= 0x5a
			}
			return b
		}), true, false},
		// A damaged pack is not a damaged state: only the inputs whose
		// records it no longer holds intact are decoded again.
		{"state pack truncated", damagePacks(func(b []byte) []byte { return b[:len(b)/2] }), false, true},
		{"state pack byte flipped", damagePacks(func(b []byte) []byte { b[len(b)/3] ^= 0x01; return b }), false, true},
		{"state pack garbage", damagePacks(func([]byte) []byte { return []byte("garbage") }), false, true},
		{"state packs deleted", func(t *testing.T, _, out string) {
			clearUpToDate(stateOf(out))
			if err := os.RemoveAll(filepath.Join(stateOf(out), state.PacksDirName)); err != nil {
				t.Fatal(err)
			}
		}, false, true},
		// --records keeps the samples in the state (another reducer), so
		// records.parquet is the same from cached and decoded files.
		{"one file added, --records", func(t *testing.T, src, _ string) {
			data, err := os.ReadFile(filepath.Join(samplesDir, "activities", held))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(acts(src), held), data, 0o644)
		}, false, false},
		{"--records turned on", func(*testing.T, string, string) {}, true, false},
	} {
		// Extra flags for the first run, and for the incremental and full
		// runs.
		var first, then []string
		switch tc.name {
		case "one file added, --records":
			first, then = []string{"--records"}, []string{"--records"}
		case "--records turned on":
			then = []string{"--records"}
		}
		t.Run(tc.name, func(t *testing.T) {
			if tc.name != "version bump" {
				t.Parallel()
			}
			src, inc, full := smallInputs(t, 8), t.TempDir(), t.TempDir()
			os.Remove(filepath.Join(acts(src), held))
			if code, _, stderr := runCmd(t, append([]string{"analyze", "-q", "--out", inc, src}, first...)...); code != exitOK {
				t.Fatalf("first run: exit %d: %s", code, stderr)
			}
			tc.change(t, src, inc)
			args := append([]string{"analyze", "-q", "--out", inc, src}, then...)
			if tc.redecodes {
				args = args[:1+copy(args[1:], args[2:])] // info logs: "state saved … decoded=N"
			}
			code, _, stderr := runCmd(t, args...)
			if code != exitOK {
				t.Fatalf("incremental run: exit %d: %s", code, stderr)
			}
			if tc.redecodes {
				m := regexp.MustCompile(`state saved.* decoded=(\d+)`).FindStringSubmatch(stderr)
				if m == nil || m[1] == "0" {
					t.Errorf("the damaged pack's inputs were not decoded again\nstderr: %s", stderr)
				}
			}
			if got := strings.Contains(stderr, "rebuilding"); got != tc.rebuilt {
				t.Errorf("reported a rebuild: %v, want %v\nstderr: %s", got, tc.rebuilt, stderr)
			}
			if code, _, stderr := runCmd(t, append([]string{"analyze", "-q", "--no-cache", "--out", full, src}, then...)...); code != exitOK {
				t.Fatalf("full run: exit %d: %s", code, stderr)
			}
			sameOutputs(t, inc, full)
			if len(then) > 0 {
				x, errx := os.ReadFile(filepath.Join(inc, tables.RecordsFile))
				y, erry := os.ReadFile(filepath.Join(full, tables.RecordsFile))
				if errx != nil || erry != nil || !bytes.Equal(x, y) {
					t.Errorf("%s differs between the incremental and the full run (%v, %v)", tables.RecordsFile, errx, erry)
				}
			}
			m, err := output.ReadManifest(inc)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Verify(inc); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestUnchangedRerunDecodesNothing counts decoder calls through a wrapped
// format: a re-run over unchanged inputs calls none.
func TestUnchangedRerunDecodesNothing(t *testing.T) {
	saved := formats
	t.Cleanup(func() { formats = saved })
	var calls int
	formats = nil
	for _, f := range saved {
		dec := f.Decode
		f.Decode = func(r io.Reader) (ingest.Decoded, error) {
			calls++ // workers: use --workers 1
			return dec(r)
		}
		formats = append(formats, f)
	}
	out, src := t.TempDir(), smallInputs(t, 10)
	for i, want := range []int{10, 0, 0} {
		calls = 0
		if code, _, stderr := runCmd(t, "analyze", "-q", "--workers", "1", "--out", out, src); code != exitOK {
			t.Fatalf("run %d: exit %d: %s", i, code, stderr)
		}
		if calls != want {
			t.Errorf("run %d: %d decoder calls, want %d", i, calls, want)
		}
	}
	calls = 0
	if code, _, stderr := runCmd(t, "analyze", "-q", "--workers", "1", "--no-cache", "--out", out, src); code != exitOK {
		t.Fatalf("--no-cache: exit %d: %s", code, stderr)
	}
	if calls != 10 {
		t.Errorf("--no-cache: %d decoder calls, want 10", calls)
	}
}
