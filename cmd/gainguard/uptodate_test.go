package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gainguard/ingest/state"
	"gainguard/report/output"
	"gainguard/report/tables"
)

// outputMtimes maps every file under out (the state folder aside) to its
// modification time.
func outputMtimes(t *testing.T, out string) map[string]time.Time {
	t.Helper()
	m := map[string]time.Time{}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == StateDirName {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			m[p] = info.ModTime()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const fastPathLine = "nothing changed since "

// TestUpToDateFastPath: a re-run with nothing changed skips the work and
// leaves the outputs alone; any change to the inputs, the options or the
// outputs makes it a normal run.
func TestUpToDateFastPath(t *testing.T) {
	later := time.Now().Add(time.Hour)
	for _, tc := range []struct {
		name     string
		first    []string // extra flags of the first run
		change   func(t *testing.T, src, out string)
		again    []string // extra flags of the re-run
		fast     bool
		code     int
		noStdout bool
		broken   bool // a failed input file in the first run
	}{
		{name: "unchanged", fast: true},
		{name: "unchanged, partitioned", first: []string{"--partition"}, again: []string{"--partition"}, fast: true},
		{name: "touched input", change: func(t *testing.T, src, out string) {
			names, _ := filepath.Glob(filepath.Join(src, "activities", "*"))
			if err := os.Chtimes(names[0], later, later); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "touched profile", change: func(t *testing.T, src, out string) {
			p := filepath.Join(src, "athlete.json")
			if err := os.Chtimes(p, later, later); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "added input", change: func(t *testing.T, src, out string) {
			names, _ := filepath.Glob(filepath.Join(samplesDir, "activities", "*"))
			data, err := os.ReadFile(names[len(names)-1])
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(src, "activities", filepath.Base(names[len(names)-1])), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "file in a hidden folder ignored", fast: true, change: func(t *testing.T, src, out string) {
			if err := os.MkdirAll(filepath.Join(src, ".trash"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(src, ".trash", "x.fit"), []byte("junk"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "--week-start sunday", again: []string{"--week-start", "sunday"}},
		{name: "--records", again: []string{"--records"}},
		{name: "--since", again: []string{"--since", "2026-01-01"}},
		{name: "--body-mass", again: []string{"--body-mass", "80"}},
		{name: "--no-cache", again: []string{"--no-cache"}},
		{name: "--format json", again: []string{"--format", "json"}},
		{name: "output deleted", change: func(t *testing.T, src, out string) {
			if err := os.Remove(filepath.Join(out, tables.WeeksFile)); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "output truncated", change: func(t *testing.T, src, out string) {
			if err := os.WriteFile(filepath.Join(out, output.HTMLFile), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "manifest deleted", change: func(t *testing.T, src, out string) {
			if err := os.Remove(filepath.Join(out, output.ManifestFile)); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "record damaged", change: func(t *testing.T, src, out string) {
			if err := os.WriteFile(filepath.Join(out, StateDirName, upToDateFile), []byte("{"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "state damaged", change: func(t *testing.T, src, out string) {
			p := filepath.Join(out, StateDirName, state.IndexFileName)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data[:len(data)/2], 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "quiet", again: []string{"-q"}, fast: true, noStdout: true},
		{name: "strict, recorded failure", first: []string{"--strict"}, again: []string{"--strict"}, fast: true, code: exitStrict, broken: true},
		{name: "recorded failure, not strict", fast: true, broken: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, src := filepath.Join(t.TempDir(), "out"), smallInputs(t, 10)
			if tc.broken {
				if err := os.WriteFile(filepath.Join(src, "activities", "broken.fit"), []byte("not a FIT file"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			firstCode := exitOK
			if tc.broken && len(tc.first) > 0 {
				firstCode = exitStrict
			}
			code, stdout1, stderr := runCmd(t, append(append([]string{"analyze", "--out", out}, tc.first...), src)...)
			if code != firstCode {
				t.Fatalf("first run: exit %d: %s", code, stderr)
			}
			if strings.Contains(stderr, fastPathLine) {
				t.Fatal("first run took the fast path")
			}
			if tc.change != nil {
				tc.change(t, src, out)
			}
			before := outputMtimes(t, out)
			again := tc.again
			if tc.first != nil && tc.again == nil {
				again = tc.first
			}
			m := NewMain()
			code, stdout2, stderr := runMain(t, m, append(append([]string{"analyze", "--out", out}, again...), src)...)
			if code != tc.code {
				t.Fatalf("re-run: exit %d, want %d: %s", code, tc.code, stderr)
			}
			if got := m.FastPaths.Load() > 0; got != tc.fast {
				t.Fatalf("re-run: fast path %t, want %t:\n%s", got, tc.fast, stderr)
			}
			if got := strings.Contains(stderr, fastPathLine); got != (tc.fast && !tc.noStdout) {
				t.Errorf("re-run: up-to-date line logged %t:\n%s", got, stderr)
			}
			if tc.fast && !tc.noStdout {
				if n := strings.Count(stderr, "level=INFO"); n != 2 {
					t.Errorf("fast path logged %d info lines, want 2 (run start and the up-to-date line):\n%s", n, stderr)
				}
			}
			if tc.fast {
				after := outputMtimes(t, out)
				if len(after) != len(before) {
					t.Errorf("fast path: %d output files, was %d", len(after), len(before))
				}
				for p, m := range before {
					if !after[p].Equal(m) {
						t.Errorf("fast path rewrote %s", p)
					}
				}
				want := stdout1
				if tc.noStdout {
					want = ""
				}
				if stdout2 != want {
					t.Errorf("fast path stdout:\n%s\nwant:\n%s", stdout2, want)
				}
			} else {
				if stdout2 == "" && !tc.noStdout {
					t.Error("normal re-run printed no summary")
				}
				m, err := output.ReadManifest(out)
				if err != nil {
					t.Fatal(err)
				}
				if err := m.Verify(out); err != nil {
					t.Errorf("outputs not restored: %v", err)
				}
				// A third run with the same flags (--no-cache aside) is a
				// no-op again.
				var third []string
				for _, a := range again {
					if a != "--no-cache" {
						third = append(third, a)
					}
				}
				code, _, stderr := runCmd(t, append(append([]string{"analyze", "--out", out}, third...), src)...)
				if code != exitOK || !strings.Contains(stderr, fastPathLine) {
					t.Errorf("third run: exit %d, fast path %t:\n%s", code, strings.Contains(stderr, fastPathLine), stderr)
				}
			}
		})
	}
}
