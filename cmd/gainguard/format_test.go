package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAnalyzeJSON runs analyze --format json on samples/: stdout is one
// JSON document with every week of alex, scores in 0–100, Monday weeks
// and reasons that name their activities.
func TestAnalyzeJSON(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCmd(t, "analyze", "--format", "json", "--out", t.TempDir(), samplesDir)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	var s jsonSummary
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("stdout is not the JSON summary: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Errorf("stdout holds more than one JSON document:\n%s", stdout)
	}
	// The document as a generic map too: the documented keys are there.
	var generic map[string]any
	if err := json.Unmarshal([]byte(stdout), &generic); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"version", "out", "files", "athletes"} {
		if _, ok := generic[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if s.Version != version {
		t.Errorf("version %q, want %q", s.Version, version)
	}
	f := s.Files
	if f.Total == 0 || f.Imported+f.Duplicates+f.Skipped+f.Failed != f.Total || f.Failed != 0 || len(f.Failures) != 0 || f.Activities == 0 {
		t.Errorf("files: %+v", f)
	}
	if len(s.Athletes) != 1 || s.Athletes[0].Athlete != "alex" {
		t.Fatalf("athletes: %+v", s.Athletes)
	}
	weeks := s.Athletes[0].Weeks
	if len(weeks) != 12 {
		t.Fatalf("alex has %d weeks in the JSON, want all 12", len(weeks))
	}
	var prev time.Time
	reasons := 0
	for _, w := range weeks {
		d, err := time.Parse(time.DateOnly, w.WeekStart)
		if err != nil {
			t.Errorf("week_start %q: %v", w.WeekStart, err)
			continue
		}
		if d.Weekday() != time.Monday || !d.After(prev) {
			t.Errorf("week_start %s: want Mondays in increasing order", w.WeekStart)
		}
		prev = d
		for name, sc := range map[string]*float64{"interference": w.Interference.Score, "under_fueling": w.UnderFueling.Score} {
			if sc == nil || *sc < 0 || *sc > 100 {
				t.Errorf("week %s: %s score %v, want 0–100", w.WeekStart, name, sc)
			}
		}
		if w.Interference.Band == "" || w.UnderFueling.Band == "" || w.UnderFueling.Tier == "" || w.UnderFueling.Confidence == "" {
			t.Errorf("week %s: empty band, tier or confidence: %+v", w.WeekStart, w)
		}
		if len(w.TopReasons) > jsonTopReasons {
			t.Errorf("week %s: %d top reasons, want at most %d", w.WeekStart, len(w.TopReasons), jsonTopReasons)
		}
		for _, r := range w.TopReasons {
			reasons++
			if r.Rule == "" || r.Reason == "" || r.Points == nil || r.ActivityIDs == nil {
				t.Errorf("week %s: incomplete reason %+v", w.WeekStart, r)
			}
		}
	}
	if reasons == 0 {
		t.Error("no week has a reason")
	}
}

// smallSamples copies the first five weeks of samples/ (and the
// profile) into a temporary folder: enough for the flag tests, and a
// fraction of the full run's time under -race.
func smallSamples(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.MkdirAll(filepath.Join(dir, "activities"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile := func(rel string) {
		b, err := os.ReadFile(filepath.Join(samplesDir, rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, rel), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile("athlete.json")
	entries, err := os.ReadDir(filepath.Join(samplesDir, "activities"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() < "2026-10-05" { // the five weeks from 08-31 to 09-28
			copyFile(filepath.Join("activities", e.Name()))
		}
	}
	return dir
}

func TestAnalyzeFormatFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := smallSamples(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string // substrings of stdout+stderr
		not  []string
		json int // when > 0: stdout is the JSON summary with this many weeks per athlete
	}{
		{"text default: latest 4 weeks", []string{"analyze", "--out", filepath.Join(dir, "a"), in}, exitOK,
			[]string{"0 failed", "latest 4 weeks", "INTERFERENCE"}, []string{"{"}, 0},
		{"text --weeks 2", []string{"analyze", "--format", "text", "--weeks", "2", "--out", filepath.Join(dir, "b"), in}, exitOK,
			[]string{"latest 2 weeks"}, nil, 0},
		{"json --weeks 2", []string{"analyze", "--format", "json", "--weeks", "2", "--out", filepath.Join(dir, "c"), in}, exitOK,
			[]string{`"week_start"`}, []string{"latest"}, 2},
		{"bad format", []string{"analyze", "--format", "xml", "x"}, exitUsage, []string{`--format "xml"`}, nil, 0},
		{"bad weeks", []string{"analyze", "--weeks", "-1", "x"}, exitUsage, []string{"--weeks -1"}, nil, 0},
		{"help lists the flags", []string{"analyze", "--help"}, exitOK, []string{"--format", "--weeks"}, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout+stderr, w) {
					t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", w, stdout, stderr)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(stdout, w) {
					t.Errorf("stdout has %q:\n%s", w, stdout)
				}
			}
			if tc.json > 0 {
				var s jsonSummary
				if err := json.Unmarshal([]byte(stdout), &s); err != nil || len(s.Athletes) != 1 || len(s.Athletes[0].Weeks) != tc.json {
					t.Errorf("want %d weeks in the JSON: err %v, %+v", tc.json, err, s.Athletes)
				}
			}
		})
	}
	// -q wins over --format json.
	if code, stdout, _ := runCmd(t, "analyze", "-q", "--format", "json", "--out", filepath.Join(dir, "e"), in); code != exitOK || stdout != "" {
		t.Errorf("-q --format json: exit %d, stdout %q", code, stdout)
	}
}
