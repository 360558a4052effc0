package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gainguard/ingest"
	"gainguard/report/tables"
)

// writeFile writes data to dir/name, creating folders.
func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// copyCorpus copies a file of ../shared/corpus into dir.
func copyCorpus(t *testing.T, rel, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", rel))
	if err != nil {
		t.Skipf("corpus file %s: %v", rel, err)
	}
	return writeFile(t, dir, filepath.Base(rel), string(b))
}

// TestFailedCountsAgree: a profile whose tuning Build rejects, beside
// files given on the command line (so the import made no row for it),
// used to be a failed row in files.parquet only: the summary line, the
// JSON and --strict read the import result and said 0 failed, exit 0.
func TestFailedCountsAgree(t *testing.T) {
	in := t.TempDir()
	fit := copyCorpus(t, "fit/Activity.fit", in)
	writeFile(t, in, "athlete.json", `{"name": "Kim", "tuning": {"rest_one": -1}}`)
	for _, format := range []string{"text", "json"} {
		out := t.TempDir()
		code, stdout, stderr := runCmd(t, "analyze", "--strict", "--format", format, "--out", out, fit)
		rows := readTable[tables.FileRow](t, filepath.Join(out, "files.parquet"))
		failed := 0
		for _, r := range rows {
			if r.Status == string(ingest.StatusFailed) {
				failed++
			}
		}
		if failed != 1 {
			t.Fatalf("%s: files.parquet has %d failed rows, want 1: %+v", format, failed, rows)
		}
		if code != exitStrict {
			t.Errorf("%s: exit %d, want %d (--strict, one failed file)\n%s", format, code, exitStrict, stderr)
		}
		switch format {
		case "text":
			if !strings.Contains(stdout, "1 failed") {
				t.Errorf("summary line does not count the failed profile:\n%s", stdout)
			}
		case "json":
			var s jsonSummary
			if err := json.Unmarshal([]byte(stdout), &s); err != nil {
				t.Fatal(err)
			}
			if s.Files.Failed != 1 || len(s.Files.Failures) != 1 || s.Files.Total != len(rows) {
				t.Errorf("JSON files %+v disagree with files.parquet (%d rows, 1 failed)", s.Files, len(rows))
			}
		}
	}
}

// TestProfileTypoKept: one typo used to discard the whole profile (the
// athlete renamed, its settings back to defaults, exit 0). The known keys
// must apply, the typo be reported with a did-you-mean on stderr, in the
// profile's files.parquet row and in the report's assumptions, and
// --strict must exit 3.
func TestProfileTypoKept(t *testing.T) {
	in := filepath.Join(t.TempDir(), "exports")
	copyCorpus(t, "fit/Activity.fit", in)
	writeFile(t, in, "athlete.json", `{"name": "Kim", "hr_mx": 191, "sex": "female"}`)
	const note = `unknown key "hr_mx" ignored (did you mean "hr_max"?)`
	for _, strict := range []bool{false, true} {
		out := t.TempDir()
		args := []string{"analyze", "--no-cache", "--out", out, in}
		want := exitOK
		if strict {
			args, want = append(args, "--strict"), exitStrict
		}
		code, _, stderr := runCmd(t, args...)
		if code != want {
			t.Fatalf("strict %v: exit %d, want %d\n%s", strict, code, want, stderr)
		}
		if !strings.Contains(stderr, `hr_mx`) || !strings.Contains(stderr, `did you mean`) {
			t.Errorf("stderr does not report the typo:\n%s", stderr)
		}
		acts := readTable[tables.ActivityRow](t, filepath.Join(out, "activities.parquet"))
		if len(acts) == 0 || acts[0].Athlete != "Kim" {
			t.Errorf("profile thrown away: activities %+v", acts)
		}
		found := false
		for _, r := range readTable[tables.FileRow](t, filepath.Join(out, "files.parquet")) {
			if r.Format == "profile" {
				found = true
				if r.Status != string(ingest.StatusImported) || !strings.Contains(r.Reason, note) {
					t.Errorf("profile row %+v, want imported with %q", r, note)
				}
			}
		}
		if !found {
			t.Error("no profile row in files.parquet")
		}
		html, err := os.ReadFile(filepath.Join(out, "report.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(html), "hr_mx") {
			t.Error("report.html does not list the unknown key")
		}
	}
}

// TestProfileTimeZoneRefused: a bad time_zone used to be accepted and UTC
// used, while --tz with the same value is a usage error.
func TestProfileTimeZoneRefused(t *testing.T) {
	in := t.TempDir()
	copyCorpus(t, "fit/Activity.fit", in)
	prof := writeFile(t, t.TempDir(), "p.json", `{"time_zone": "Europe/Berlln"}`)
	code, _, stderr := runCmd(t, "analyze", "--out", t.TempDir(), "--profile", prof, in)
	if code != exitUsage || !strings.Contains(stderr, `time_zone "Europe/Berlln"`) {
		t.Errorf("--profile with a bad time_zone: exit %d\n%s", code, stderr)
	}
	writeFile(t, in, "athlete.json", `{"time_zone": "Europe/Berlln"}`)
	out := t.TempDir()
	code, _, stderr = runCmd(t, "analyze", "--strict", "--out", out, in)
	if code != exitStrict {
		t.Errorf("folder profile with a bad time_zone: exit %d, want %d\n%s", code, exitStrict, stderr)
	}
	for _, r := range readTable[tables.FileRow](t, filepath.Join(out, "files.parquet")) {
		if r.Format == "profile" && (r.Status != string(ingest.StatusFailed) || !strings.Contains(r.Reason, "athlete.json") ||
			!strings.Contains(r.Reason, `time_zone "Europe/Berlln"`)) {
			t.Errorf("profile row %+v: want failed, naming the file, key and value", r)
		}
	}
}

// hostileName has what a hostile athlete.json or folder name can carry:
// an OSC sequence setting the window title, a screen clear, a newline,
// a right-to-left override and a C1 CSI.
const hostileName = "Eve\x1b]0;pwned\x07\x1b[2J\nX\u202eY\u0085Z\u009b"

// TestTerminalEscapes: names reached stdout and stderr raw, so a profile
// could set the window title, clear the screen or reverse the summary
// table. No terminal line, text or JSON, may carry a control or bidi
// character.
func TestTerminalEscapes(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in")
	copyCorpus(t, "fit/Activity.fit", in)
	b, err := json.Marshal(map[string]any{"name": hostileName})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, in, "athlete.json", string(b))
	bad := func(s string) string {
		for _, r := range s {
			if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u202e' {
				return fmt.Sprintf("%U", r)
			}
		}
		return ""
	}
	for _, args := range [][]string{
		{"--format", "text", "--log-format", "text", "--log-level", "debug"},
		{"--format", "json", "--log-format", "json", "--log-level", "debug"},
	} {
		out := t.TempDir()
		code, stdout, stderr := runCmd(t, append(append([]string{"analyze", "--out", out}, args...), in)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		if r := bad(stdout); r != "" {
			t.Errorf("%v: stdout carries %s:\n%q", args, r, stdout)
		}
		if r := bad(stderr); r != "" {
			t.Errorf("%v: stderr carries %s:\n%q", args, r, stderr)
		}
		if !strings.Contains(stdout+stderr, `Eve\x1b]0;pwned`) && !strings.Contains(stdout+stderr, `Eve\u001b]0;pwned`) {
			t.Errorf("%v: the name is not shown escaped:\n%s\n%s", args, stdout, stderr)
		}
		// The data keeps the name as it is (cut to MaxNameBytes only).
		acts := readTable[tables.ActivityRow](t, filepath.Join(out, "activities.parquet"))
		if len(acts) == 0 || acts[0].Athlete != hostileName {
			t.Errorf("activities.parquet athlete %q, want the name unchanged", acts[0].Athlete)
		}
	}
}

// TestNumericFlagsFinite: NaN passed every range check and Inf or a huge
// MiB count overflowed the byte caps, so such flags were accepted
// silently. They are usage errors naming the flag.
func TestNumericFlagsFinite(t *testing.T) {
	for _, tc := range []struct{ flag, value, want string }{
		{"--body-mass", "NaN", "body_mass_kg NaN is not a finite number"},
		{"--hr-max", "nan", "hr_max NaN is not a finite number"},
		{"--hr-rest", "-Inf", "hr_rest -Inf is not a finite number"},
		{"--body-mass", "1e400", "--body-mass"},
		{"--max-compression-ratio", "NaN", "--max-compression-ratio NaN"},
		{"--max-compression-ratio", "+Inf", "--max-compression-ratio +Inf"},
		{"--max-entry-mib", "9223372036854775807", "--max-entry-mib 9223372036854775807: want at most"},
		{"--max-archive-mib", "99999999999999", "--max-archive-mib"},
		{"--max-nested-zip-mib", "1e3", "--max-nested-zip-mib"},
		{"--age", "99999999999999999999", "--age"},
		{"--lift-unit", "stone", `--lift-unit "stone": want kg or lbs`},
	} {
		code, _, stderr := runCmd(t, "analyze", "--out", t.TempDir(), tc.flag, tc.value, t.TempDir())
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s %s: exit %d (want %d), stderr lacks %q:\n%s", tc.flag, tc.value, code, exitUsage, tc.want, stderr)
		}
	}
}

// TestStringCaps: a huge name in athlete.json, a workout or an exercise
// name was copied into every row of every table (a 50 MiB name gave 3 GB
// of outputs). Every string from a file is cut to ingest.MaxNameBytes,
// with a note on the file's row.
func TestStringCaps(t *testing.T) {
	in := t.TempDir()
	huge := strings.Repeat("Ü", 100<<10) // 200 KiB
	writeFile(t, in, "athlete.json", `{"name": "`+huge+`"}`)
	writeFile(t, in, "strong.csv", "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"+
		"2025-03-03 18:00:00,\""+huge+"\",1h,\""+huge+"\",1,100,5,0,0,,,\n"+
		"2025-03-03 18:00:00,\""+huge+"\",1h,\"Squat\",2,100,5,0,0,,,\n")
	out := t.TempDir()
	code, _, stderr := runCmd(t, "analyze", "--out", out, in)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, a := range readTable[tables.ActivityRow](t, filepath.Join(out, "activities.parquet")) {
		if len(a.Athlete) > ingest.MaxNameBytes || len(a.Name) > ingest.MaxNameBytes || !strings.HasPrefix(a.Name, "ÜÜ") {
			t.Errorf("activity: athlete %d bytes, name %d bytes", len(a.Athlete), len(a.Name))
		}
	}
	for _, s := range readTable[tables.SetRow](t, filepath.Join(out, "sets.parquet")) {
		if len(s.Exercise) > ingest.MaxNameBytes {
			t.Errorf("set exercise of %d bytes", len(s.Exercise))
		}
	}
	for _, f := range readTable[tables.FileRow](t, filepath.Join(out, "files.parquet")) {
		if len(f.Athlete) > ingest.MaxNameBytes {
			t.Errorf("%s: athlete of %d bytes", f.Path, len(f.Athlete))
		}
		switch f.Format {
		case "csv":
			if !strings.Contains(f.Reason, "names over 128 bytes cut") {
				t.Errorf("csv row reason %q lacks the cut note", f.Reason)
			}
		case "profile":
			if !strings.Contains(f.Reason, "name is 204800 bytes long: cut to its first 128") {
				t.Errorf("profile row reason %q lacks the cut note", f.Reason)
			}
		}
	}
	var total int64
	_ = filepath.Walk(out, func(_ string, fi os.FileInfo, _ error) error {
		if fi != nil && !fi.IsDir() {
			total += fi.Size()
		}
		return nil
	})
	if total > 4<<20 {
		t.Errorf("outputs total %d bytes for two sets", total)
	}
}
