package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gainguard/samples"
)

// runPlanJSON runs gainguard plan --format json on the samples history.
func runPlanJSON(t *testing.T, args ...string) planResult {
	t.Helper()
	code, stdout, stderr := runCmd(t, append([]string{"plan", "--format", "json"}, args...)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res planResult
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	return res
}

// TestPlanBadWeek: the samples' designed run-before-legs week (a tempo and
// a long run ending minutes before the leg sessions), planned for the week
// after the samples end, scores high; the what-if makes it low with at
// most two changes; the HTML page is written.
func TestPlanBadWeek(t *testing.T) {
	html := filepath.Join(t.TempDir(), "plan.html")
	res := runPlanJSON(t, "--out", html, filepath.Join("testdata", "plan-bad.csv"), samplesDir)
	if res.Athlete != "alex" || res.WeekStart != "2026-11-23" || len(res.Sessions) != 6 {
		t.Fatalf("athlete %q week %s sessions %d", res.Athlete, res.WeekStart, len(res.Sessions))
	}
	if res.History.Runs == 0 || res.History.Lifts == 0 || res.History.HRMax != 192 {
		t.Errorf("history %+v: want the samples' runs, lifts and profile HRmax", res.History)
	}
	if res.Int.Score < 50 || len(res.Int.Reasons) == 0 || res.UF.Band == "" {
		t.Errorf("interference %+v, under-fueling %+v", res.Int, res.UF)
	}
	wi := res.WhatIf
	if wi == nil || wi.Score == nil || *wi.Score >= 25 || len(wi.Changes) == 0 || len(wi.Changes) > 2 {
		t.Fatalf("what-if %+v for a week at %.1f", wi, res.Int.Score)
	}
	b, err := os.ReadFile(html)
	if err != nil || !strings.Contains(string(b), "What if:") {
		t.Errorf("HTML page: %v, what-if shown: %v", err, strings.Contains(string(b), "What if:"))
	}
}

// TestPlanGoodWeek: a seed-like week is low and needs no fix; the text
// output says so.
func TestPlanGoodWeek(t *testing.T) {
	res := runPlanJSON(t, filepath.Join("testdata", "plan-good.csv"), samplesDir)
	if res.Int.Score >= 25 || res.WhatIf != nil {
		t.Fatalf("good plan: interference %+v, what-if %+v", res.Int, res.WhatIf)
	}
	code, stdout, stderr := runCmd(t, "plan", filepath.Join("testdata", "plan-good.csv"), samplesDir)
	if code != exitOK || !strings.Contains(stdout, "Smallest fix: none needed") || !strings.Contains(stdout, "Interference: ") {
		t.Errorf("exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestPlanICS: a Google Calendar export (RRULE, TZID, all-day event) is
// scored; the ignored events are listed, not dropped.
func TestPlanICS(t *testing.T) {
	ics := filepath.Join("..", "..", "ingest", "plan", "testdata", "google-calendar.ics")
	res := runPlanJSON(t, "--week", "2026-12-09", ics, samplesDir)
	if res.WeekStart != "2026-12-07" || len(res.Sessions) != 5 || len(res.Ignored) != 2 {
		t.Fatalf("week %s, %d sessions, ignored %+v", res.WeekStart, len(res.Sessions), res.Ignored)
	}
	code, stdout, _ := runCmd(t, "plan", "--week", "2026-12-09", ics, samplesDir)
	if code != exitOK || !strings.Contains(stdout, "all-day event") || !strings.Contains(stdout, `"Dentist"`) {
		t.Errorf("exit %d, ignored events not listed:\n%s", code, stdout)
	}
	// Unparseable events are listed too.
	tp := filepath.Join("..", "..", "ingest", "plan", "testdata", "trainingpeaks.ics")
	res = runPlanJSON(t, "--week", "2026-12-09", tp, samplesDir)
	if len(res.Problems) != 2 || res.Problems[0].Line != 38 {
		t.Errorf("problems %+v", res.Problems)
	}
}

// TestPlanErrors: a broken plan file fails naming the file and line; bad
// flags are usage errors.
func TestPlanErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ics")
	os.WriteFile(bad, []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nnot a line\r\nEND:VCALENDAR\r\n"), 0o644)
	code, _, stderr := runCmd(t, "plan", bad, samplesDir)
	if code != exitFailed || !strings.Contains(stderr, bad+":3:") {
		t.Errorf("exit %d, stderr %q: want the file and line 3", code, stderr)
	}
	empty := filepath.Join(dir, "empty.csv")
	os.WriteFile(empty, []byte("date,time,sport,duration_min\n2026-11-24,10:00,swim,30\n"), 0o644)
	if code, _, stderr := runCmd(t, "plan", empty, samplesDir); code != exitFailed || !strings.Contains(stderr, "no run and no lift") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	for _, args := range [][]string{{"plan"}, {"plan", "--format", "xml", bad}, {"plan", "--week", "next", bad}} {
		if code, _, _ := runCmd(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestPlanState: with --state of an earlier analyze, the exports are not
// decoded again, and the scores are the same.
func TestPlanState(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCmd(t, "analyze", "-q", "--out", out, samplesDir); code != exitOK {
		t.Fatalf("analyze: %s", stderr)
	}
	plain := runPlanJSON(t, filepath.Join("testdata", "plan-bad.csv"), samplesDir)
	fromState := runPlanJSON(t, "--state", filepath.Join(out, StateDirName), filepath.Join("testdata", "plan-bad.csv"), samplesDir)
	if fromState.History.FromState == 0 || plain.History.FromState != 0 {
		t.Errorf("files from state: %d with --state, %d without", fromState.History.FromState, plain.History.FromState)
	}
	if fromState.Int.Score != plain.Int.Score || fromState.History.Runs != plain.History.Runs {
		t.Errorf("--state changed the result: %.2f vs %.2f", fromState.Int.Score, plain.Int.Score)
	}
	// Without EXPORTS the state alone is the history: the same athlete,
	// profile (found beside the recorded files), sessions, scores and fix.
	only := runPlanJSON(t, "--state", filepath.Join(out, StateDirName), filepath.Join("testdata", "plan-bad.csv"))
	if only.History.FromState == 0 || only.Athlete != plain.Athlete || only.History.Runs != plain.History.Runs ||
		only.History.Lifts != plain.History.Lifts || only.History.HRMax != plain.History.HRMax || only.History.HRMaxFrom != plain.History.HRMaxFrom {
		t.Errorf("state only: history %+v (%s), want %+v (%s)", only.History, only.Athlete, plain.History, plain.Athlete)
	}
	if only.Int.Score != plain.Int.Score || only.UF.Score != plain.UF.Score || !reflect.DeepEqual(only.WhatIf, plain.WhatIf) ||
		!reflect.DeepEqual(only.Defaults, plain.Defaults) {
		t.Errorf("state only: interference %.2f, under-fueling %.2f, what-if %+v, defaults %q; with the exports %.2f, %.2f, %+v, %q",
			only.Int.Score, only.UF.Score, only.WhatIf, only.Defaults, plain.Int.Score, plain.UF.Score, plain.WhatIf, plain.Defaults)
	}
	// A folder that holds no state, and a damaged state, are errors
	// naming --state (no silent empty history).
	damaged := t.TempDir()
	if err := os.WriteFile(filepath.Join(damaged, "state.gob"), []byte("GAINGUARD-STATE\nnot a state"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{t.TempDir(), damaged} {
		code, _, stderr := runCmd(t, "plan", "--state", dir, filepath.Join("testdata", "plan-bad.csv"))
		if code != exitFailed || !strings.Contains(stderr, "--state "+dir) || !strings.Contains(stderr, "EXPORTS") {
			t.Errorf("--state %s: exit %d, stderr %q", dir, code, stderr)
		}
	}
}

// TestPlanSeveralAthletes: exports of several athletes need --athlete,
// which picks that athlete's history.
func TestPlanSeveralAthletes(t *testing.T) {
	dir := t.TempDir()
	opt := samples.Default()
	opt.Athletes, opt.Weeks = 2, 2
	if err := samples.Generate(dir, opt); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join("testdata", "plan-bad.csv")
	code, _, stderr := runCmd(t, "plan", csv, dir)
	if code != exitFailed || !strings.Contains(stderr, "--athlete") || !strings.Contains(stderr, "alex, bea") {
		t.Errorf("exit %d, stderr %q: want a request for --athlete naming alex, bea", code, stderr)
	}
	res := runPlanJSON(t, "--athlete", "bea", csv, dir)
	if res.Athlete != "bea" || res.History.HRMax != 190 {
		t.Errorf("athlete %q HRmax %.0f, want bea's 190", res.Athlete, res.History.HRMax)
	}
	if code, _, stderr := runCmd(t, "plan", "--athlete", "zed", csv, dir); code != exitFailed || !strings.Contains(stderr, `no athlete "zed"`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
