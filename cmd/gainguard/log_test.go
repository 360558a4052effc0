package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gainguard/report/tables"
)

// logLines parses stderr as JSON lines, failing on any other line.
func logLines(t *testing.T, stderr string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("stderr line is not JSON: %v\n%s", err, l)
		}
		lines = append(lines, m)
	}
	return lines
}

func TestAnalyzeLogs(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "broken.fit"), []byte("not a fit file at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	type want struct {
		msg, level string
		keys       []string
	}
	runStart := want{"run start", "INFO", []string{"time", "inputs", "out", "workers", "version"}}
	importDone := want{"import done", "INFO", []string{"files", "imported", "duplicate", "skipped", "failed", "activities", "duration"}}
	fileFailed := want{"file failed", "WARN", []string{"path", "reason"}}
	written := want{"outputs written", "INFO", []string{"dir", "duration"}}
	runEnd := want{"run end", "INFO", []string{"duration", "exit"}}
	fileDebug := want{"file", "DEBUG", []string{"path", "format", "status", "activities"}}
	setsDropped := want{"exercise sets dropped", "WARN", []string{"path", "sets", "reason"}}
	// A watch's strength session and its Connect sets, one of which
	// (added in Connect) matches no recorded set.
	pair := []string{filepath.Join("..", "..", "..", "shared", "corpus", "fit", "20744294788_ACTIVITY.fit"),
		filepath.Join("..", "..", "ingest", "garminwellness", "testdata", "beside_fit", "20744294788_ACTIVITY_exercises.json")}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		want   []want // in order
		absent []string
	}{
		{"info", []string{"--log-format", "json", bad}, exitOK,
			[]want{runStart, fileFailed, importDone, written, runEnd}, []string{"file"}},
		{"debug lists every file", []string{"--log-format", "json", "--log-level", "debug", samplesDir}, exitOK,
			[]want{runStart, fileDebug, importDone, written, runEnd}, nil},
		{"quiet keeps warnings", []string{"-q", "--log-format", "json", bad}, exitOK,
			[]want{fileFailed}, []string{"run start", "import done", "run end"}},
		{"strict", []string{"--strict", "--log-format", "json", bad}, exitStrict,
			[]want{runStart, fileFailed, importDone, written, runEnd}, nil},
		{"dropped Connect sets warn", append([]string{"-q", "--log-format", "json"}, pair...), exitOK,
			[]want{setsDropped}, []string{"run start"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"analyze", "--out", filepath.Join(t.TempDir(), "out")}, tc.args...)
			code, stdout, stderr := runCmd(t, args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			lines := logLines(t, stderr)
			next := 0
			for _, l := range lines {
				msg, _ := l["msg"].(string)
				for _, a := range tc.absent {
					if msg == a {
						t.Errorf("unexpected %q line: %v", a, l)
					}
				}
				if next < len(tc.want) && msg == tc.want[next].msg {
					w := tc.want[next]
					if l["level"] != w.level {
						t.Errorf("%q at level %v, want %s", msg, l["level"], w.level)
					}
					for _, k := range w.keys {
						if _, ok := l[k]; !ok {
							t.Errorf("%q line lacks %q: %v", msg, k, l)
						}
					}
					next++
				}
			}
			if next < len(tc.want) {
				t.Errorf("no %q line (in order) in:\n%s", tc.want[next].msg, stderr)
			}
			if tc.code == exitStrict || tc.name == "info" {
				last := lines[len(lines)-1]
				if last["exit"] != float64(tc.code) {
					t.Errorf("run end exit = %v, want %d", last["exit"], tc.code)
				}
			}
		})
	}
}

func TestAnalyzeOpsFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		output string
	}{
		{"log format", []string{"--log-format", "xml"}, "--log-format"},
		{"log level", []string{"--log-level", "loud"}, "--log-level"},
		{"since", []string{"--since", "2024-13-01"}, "--since"},
		{"since format", []string{"--since", "1/2/2024"}, "YYYY-MM-DD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{"analyze", "--out", t.TempDir()}, tc.args...), samplesDir)
			code, stdout, stderr := runCmd(t, args...)
			if code != exitUsage || !strings.Contains(stderr, tc.output) {
				t.Errorf("exit %d (want %d), stderr lacks %q\nstdout: %s\nstderr: %s", code, exitUsage, tc.output, stdout, stderr)
			}
		})
	}
	_, _, stderr := runCmd(t, "analyze", "--help")
	for _, s := range []string{"Exit codes:", "--log-format", "--since"} {
		if !strings.Contains(stderr, s) {
			t.Errorf("analyze --help lacks %q", s)
		}
	}
}

func TestAnalyzeSince(t *testing.T) {
	all := t.TempDir()
	if code, stdout, stderr := runCmd(t, "analyze", "-q", "--out", all, samplesDir); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	full := readTable[tables.WeekRow](t, filepath.Join(all, "weeks.parquet"))
	if len(full) < 8 {
		t.Fatalf("samples give %d weeks; the test wants at least 8", len(full))
	}
	day := func(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }
	for _, tc := range []struct {
		name      string
		since     time.Time
		weekStart string
		first     int // index in full of the first week kept
	}{
		{"on a week start", day(full[5].WeekStart), "monday", 5},
		{"mid-week keeps its week", day(full[5].WeekStart).AddDate(0, 0, 3), "monday", 5},
		{"before everything", day(full[0].WeekStart).AddDate(-1, 0, 0), "monday", 0},
		{"after everything", day(full[len(full)-1].WeekStart).AddDate(0, 0, 7), "monday", len(full)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			code, stdout, stderr := runCmd(t, "analyze", "-q", "--out", out, "--since", tc.since.Format(time.DateOnly), samplesDir)
			if code != exitOK {
				t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
			}
			weeks := readTable[tables.WeekRow](t, filepath.Join(out, "weeks.parquet"))
			if len(weeks) != len(full)-tc.first {
				t.Fatalf("--since %s: %d weeks, want %d", tc.since.Format(time.DateOnly), len(weeks), len(full)-tc.first)
			}
			for i, w := range weeks {
				if w.WeekStart != full[tc.first+i].WeekStart {
					t.Errorf("week %d starts %v, want %v", i, day(w.WeekStart), day(full[tc.first+i].WeekStart))
				}
			}
			// Files are all still imported and accounted for.
			files := readTable[tables.FileRow](t, filepath.Join(out, "files.parquet"))
			allFiles := readTable[tables.FileRow](t, filepath.Join(all, "files.parquet"))
			if len(files) != len(allFiles) {
				t.Errorf("--since: %d file rows, want all %d", len(files), len(allFiles))
			}
		})
	}
}
