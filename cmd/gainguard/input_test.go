package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gainguard/ingest"
	"gainguard/report"
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
		rows := readTable[report.FileRow](t, filepath.Join(out, "files.parquet"))
		failed := 0
		for _, r := range rows {
			if r.Status == ingest.StatusFailed {
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
