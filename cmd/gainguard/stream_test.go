package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
	"gainguard/report"
	"gainguard/report/output"
	"gainguard/samples"
)

// TestStreamMatchesWriteAll: scoring and writing one athlete at a time
// (report.BuildStream into output.Stream, what analyze does by default)
// writes every output byte for byte as scoring every athlete and then
// writing (report.Build, output.WriteAll), on a generated four-athlete
// archive with a food log alone in a fifth folder; and the summary
// dataset counts what Build's dataset holds.
func TestStreamMatchesWriteAll(t *testing.T) {
	in := t.TempDir()
	opt := samples.Default()
	opt.Athletes, opt.Weeks = 4, 5
	if err := samples.Generate(in, opt); err != nil {
		t.Fatal(err)
	}
	// Two profile files Build edits the files.parquet rows of: one with a
	// tuning value out of range (its row fails), one with an unknown
	// tuning key (its row gets the note). analyze keeps one list of file
	// rows and edits the import's into Build's (fileEdits).
	athleteDirs, err := os.ReadDir(in)
	if err != nil || len(athleteDirs) < 2 {
		t.Fatalf("generated athletes: %v, %v", athleteDirs, err)
	}
	for i, tuning := range []map[string]any{{"order_lift_first": -1}, {"no_such_key": 1}} {
		path := filepath.Join(in, athleteDirs[i].Name(), "athlete.json")
		var prof map[string]any
		if err := json.Unmarshal(mustRead(t, path), &prof); err != nil {
			t.Fatal(err)
		}
		prof["tuning"] = tuning
		data, err := json.Marshal(prof)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// An athlete with a food log and no activity: the days table has
	// rows for it, the report no section.
	logDir := filepath.Join(in, "zz-log-only")
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(logDir, "athlete.json"), []byte(`{"name": "zz-log-only"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	food := "date,kcal,protein_g,carbs_g\n2024-01-02,2500,120,300\n2024-01-03,2300,110,280\n"
	if err := os.WriteFile(filepath.Join(logDir, "food.csv"), []byte(food), 0o644); err != nil {
		t.Fatal(err)
	}
	imp := func() *ingest.Batch {
		t.Helper()
		c := &analyzeConfig{}
		o := ingest.Options{Formats: c.formats(), Coach: true}
		o.Reduce, o.ReduceID = metrics.Reducer(false)
		b, err := ingest.Import(context.Background(), []string{in}, o)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	bopt := report.BuildOptions{WeekStart: time.Monday, Version: version,
		Generated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}

	whole := report.Build(imp(), bopt)
	wantDir := t.TempDir()
	if err := output.WriteAll(wantDir, whole); err != nil {
		t.Fatal(err)
	}

	gotDir := t.TempDir()
	st, err := output.NewStream(gotDir, bopt.Version, bopt.Generated)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var athletes []string
	sum, err := report.BuildStream(imp(), bopt, func(d *report.Dataset) error {
		for a := range d.Params {
			athletes = append(athletes, a)
		}
		return st.Add(d)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(sum); err != nil {
		t.Fatal(err)
	}
	if len(athletes) != 4 {
		t.Errorf("scored athletes %v, want the 4 with activities", athletes)
	}
	if sum.NumActivities() != len(whole.Activities) || len(sum.Weeks) != len(whole.Weeks) ||
		len(sum.Files) != len(whole.Files) || len(sum.Progress) != len(whole.Progress) {
		t.Errorf("summary: %d activities, %d weeks, %d files, %d progress rows; Build: %d, %d, %d, %d",
			sum.NumActivities(), len(sum.Weeks), len(sum.Files), len(sum.Progress),
			len(whole.Activities), len(whole.Weeks), len(whole.Files), len(whole.Progress))
	}
	if len(whole.Weeks) == 0 || len(whole.Activities) == 0 {
		t.Fatal("the generated archive gave nothing to compare")
	}
	var failedProfile, notedProfile bool
	for _, f := range whole.Files {
		failedProfile = failedProfile || f.Format == "profile" && f.Status == ingest.StatusFailed && strings.Contains(f.Reason, "order_lift_first")
		notedProfile = notedProfile || f.Format == "profile" && f.Status == ingest.StatusImported && strings.Contains(f.Reason, "no_such_key")
	}
	if !failedProfile || !notedProfile {
		t.Errorf("Build failed a profile file: %v, noted one: %v; want both (files: %+v)", failedProfile, notedProfile, whole.Files)
	}
	logOnly := 0
	for _, in := range whole.Intake {
		if in.Athlete == "zz-log-only" {
			logOnly++
		}
	}
	if logOnly != 2 {
		t.Errorf("the log-only athlete has %d food-log days, want 2 (files: %+v)", logOnly, whole.Files)
	}

	// analyze itself: each athlete imported (ingest.Walked), scored and
	// written while the next is imported.
	runDir := t.TempDir()
	m := NewMain()
	m.Generated = bopt.Generated
	if code, _, stderr := runMain(t, m, "analyze", "-q", "--out", runDir, in); code != exitOK {
		t.Fatalf("analyze: exit %d: %s", code, stderr)
	}
	for _, dir := range []string{gotDir, runDir} {
		for _, name := range output.OutputFiles {
			want := mustRead(t, filepath.Join(wantDir, name))
			if got := mustRead(t, filepath.Join(dir, name)); !bytes.Equal(got, want) {
				t.Errorf("%s: streamed %d bytes differ from WriteAll's %d", filepath.Join(dir, name), len(got), len(want))
			}
		}
	}
	if !bytes.Contains(mustRead(t, filepath.Join(gotDir, "report.html")), []byte("athlete-4")) {
		t.Error("report.html has no fourth athlete section")
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(gotDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name()[0] == '.' && e.Name() != ".gainguard" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	for _, dir := range []string{gotDir, runDir} {
		man, err := output.ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := man.Verify(dir); err != nil {
			t.Error(err)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
