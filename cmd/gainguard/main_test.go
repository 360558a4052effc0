package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"gainguard/ingest"
	"gainguard/report/tables"
	"gainguard/samples"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

const samplesDir = "../../samples"

// runCmd runs gainguard in-process with the environment's hooks, as main
// does, but with buffers for stdout and stderr.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runMain(t, NewMain(), args...)
}

// runMain runs m with buffers for stdout and stderr.
func runMain(t *testing.T, m *Main, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m.Stdout, m.Stderr = &out, &errb
	code = m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func readTable[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := parquet.Read[T](f, st.Size())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func f2(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprintf("%.2f", *p)
}

// TestAnalyzeSamples is the end-to-end test: analyze on samples/ writes
// every output, the weeks table matches its golden file, and the designed
// good and bad weeks land where the design says.
func TestAnalyzeSamples(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCmd(t, "analyze", "--out", out, samplesDir)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, name := range []string{"activities.parquet", "runs.parquet", "lifts.parquet", "sets.parquet",
		"weeks.parquet", "files.parquet", "report.html"} {
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", name, err)
		}
	}
	if !strings.Contains(stdout, "0 failed") {
		t.Errorf("summary line should report no failed file:\n%s", stdout)
	}

	weeks := readTable[tables.WeekRow](t, filepath.Join(out, "weeks.parquet"))
	plan := samples.Plan(samples.Default())
	if len(weeks) != len(plan) || len(weeks) != 12 {
		t.Fatalf("weeks.parquet has %d rows, the sample plan %d; want 12", len(weeks), len(plan))
	}
	var dump strings.Builder
	for i, w := range weeks {
		p := plan[i]
		start := time.Unix(int64(w.WeekStart)*86400, 0).UTC().Format("2006-01-02")
		if start != p.Start.Format("2006-01-02") {
			t.Errorf("row %d: week %s, plan week %s", i, start, p.Start.Format("2006-01-02"))
		}
		score := *w.InterferenceScore
		switch p.Design {
		case "good":
			if score >= 30 {
				t.Errorf("week %s was designed good but scores %.1f (want < 30): %v", start, score, w.RuleReasons)
			}
		case "bad":
			if score < 50 || !slices.Contains(w.RuleIDs, "INT-P") {
				t.Errorf("week %s was designed bad but scores %.1f (want high, ≥ 50, with proximity hits): %v", start, score, w.RuleReasons)
			}
		case "underfed":
			if w.UnderFuelingBand != "orange" && w.UnderFuelingBand != "red" {
				t.Errorf("week %s was designed short of food but its under-fueling is %s (%s)", start, w.UnderFuelingBand, f2(w.UnderFuelingScore))
			}
		}
		fmt.Fprintf(&dump, "%s %s %-5s interference=%s %s P=%s D=%s R=%s N=%s S=%s C=%s underfueling=%s %s tier=%s runs=%d run_min=%s lifts=%d rest=%d rules=%s whatif=%s %q\n",
			w.Athlete, start, p.Design, f2(w.InterferenceScore), w.InterferenceBand, f2(w.Proximity), f2(w.Dose),
			f2(w.Recovery), f2(w.Nutrition), f2(w.Spike), f2(w.Multiplier), f2(w.UnderFuelingScore),
			w.UnderFuelingBand, w.Tier, w.Runs, f2(w.RunMinutes), w.Lifts, w.RestDays, strings.Join(w.RuleIDs, ","),
			f2(w.WhatIfInterferenceScore), w.WhatIfChanges)
	}
	golden := filepath.Join("testdata", "weeks.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(dump.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/gainguard -run TestAnalyzeSamples -update)", err)
	}
	if got := dump.String(); got != string(want) {
		t.Errorf("weeks differ from %s (rerun with -update if intended):\n--- got\n%s--- want\n%s", golden, got, want)
	}

	// Every file under samples/ is accounted for exactly once.
	files := readTable[tables.FileRow](t, filepath.Join(out, "files.parquet"))
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f.Path] {
			t.Errorf("%s listed twice", f.Path)
		}
		seen[f.Path] = true
		if f.Status == string(ingest.StatusFailed) {
			t.Errorf("sample file failed: %s: %s", f.Path, f.Reason)
		}
	}
	err = filepath.WalkDir(samplesDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !seen[path] {
			t.Errorf("%s is not accounted for in files.parquet", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Runs carry their timing relative to lifts.
	runs := readTable[tables.RunRow](t, filepath.Join(out, "runs.parquet"))
	if len(runs) == 0 {
		t.Fatal("no runs")
	}
	sets := readTable[tables.SetRow](t, filepath.Join(out, "sets.parquet"))
	if len(sets) == 0 {
		t.Error("the samples' strength sessions should give sets")
	}
}

func TestCLIExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "in")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "broken.fit"), []byte("not a fit file at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		output string
	}{
		{"no command", nil, exitUsage, "Usage"},
		{"unknown command", []string{"frobnicate"}, exitUsage, "unknown command"},
		{"version", []string{"version"}, exitOK, "gainguard " + version},
		{"--version", []string{"--version"}, exitOK, "gainguard " + version},
		{"analyze --version", []string{"analyze", "--version"}, exitOK, "gainguard " + version},
		{"help", []string{"analyze", "--help"}, exitOK, "Usage: gainguard analyze"},
		{"no path", []string{"analyze"}, exitUsage, "no PATH given"},
		{"bad flag", []string{"analyze", "--nope", "x"}, exitUsage, "unknown flag"},
		{"bad goal", []string{"analyze", "--goal", "speed", "x"}, exitUsage, `goal "speed"`},
		{"bad week start", []string{"analyze", "--week-start", "friday", "x"}, exitUsage, "want monday or sunday"},
		{"missing path", []string{"analyze", "--out", filepath.Join(dir, "o1"), filepath.Join(dir, "nope")}, exitFailed, "nope"},
		{"failed file is accounted for", []string{"analyze", "--out", filepath.Join(dir, "o2"), bad}, exitOK, "1 failed"},
		{"strict", []string{"analyze", "--strict", "--out", filepath.Join(dir, "o3"), bad}, exitStrict, "1 failed"},
		{"missing profile", []string{"analyze", "--profile", filepath.Join(dir, "nope.json"), bad}, exitUsage, "nope.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			if !strings.Contains(stdout+stderr, tc.output) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", tc.output, stdout, stderr)
			}
		})
	}
}

func TestAnalyzeQuiet(t *testing.T) {
	code, stdout, _ := runCmd(t, "analyze", "-q", "--out", t.TempDir(), samplesDir)
	if code != exitOK || stdout != "" {
		t.Errorf("quiet run: exit %d, stdout %q", code, stdout)
	}
}
