package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/fit"
	"gainguard/report/tables"
)

// exportsLayout builds, from the samples' FIT files, an exports folder as
// people have it: the watch's FIT runs in garmin/, the same runs again as
// GPX (as Strava exports them) in strava/, the lifts as a Strong CSV in
// strong/, and no profile. It returns the files by folder.
func exportsLayout(t *testing.T) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(samplesDir, "activities", "*.fit"))
	if err != nil || len(names) < 20 {
		t.Fatalf("samples: %d FIT files (%v)", len(names), err)
	}
	files := map[string][]byte{}
	var csv strings.Builder
	csv.WriteString(`"Workout #","Date","Workout Name","Duration (sec)","Exercise Name","Set Order","Weight (kg)","Reps","RPE","Distance (meters)","Seconds","Notes","Workout Notes"` + "\n")
	workout := 0
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		dec, err := fit.Decode(bytes.NewReader(data))
		if err != nil || len(dec.Activities) != 1 {
			t.Fatalf("%s: %v (%d activities)", name, err, len(dec.Activities))
		}
		a := dec.Activities[0]
		switch a.Kind {
		case ingest.KindRun:
			files["garmin/"+filepath.Base(name)] = data
			files["strava/"+strings.TrimSuffix(filepath.Base(name), ".fit")+".gpx"] = gpxOf(t, &a)
		case ingest.KindLift:
			workout++
			for i, s := range a.Sets {
				if s.Type != ingest.SetActive || s.Reps <= 0 || math.IsNaN(s.WeightKg) {
					continue
				}
				// Strong logs the workout's start as local wall-clock
				// time; the samples' athlete is in Berlin.
				berlin, _ := time.LoadLocation("Europe/Berlin")
				fmt.Fprintf(&csv, "%q,%q,%q,%q,%q,%q,%q,%q,\"\",\"\",\"\",\"\",\"\"\n",
					fmt.Sprint(workout), a.Start.In(berlin).Format("2006-01-02 15:04:05"), "Gym",
					fmt.Sprint(int(a.ElapsedS)), strongName(s.Exercise), fmt.Sprint(i+1),
					fmt.Sprint(s.WeightKg), fmt.Sprint(s.Reps))
			}
		}
	}
	files["strong/strong_workouts.csv"] = []byte(csv.String())
	return files
}

// strongName turns a normalized exercise name back into a Strong one.
func strongName(ex string) string {
	words := strings.Fields(strings.ReplaceAll(ex, "_", " "))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ") + " (Barbell)"
}

// gpxOf writes a run as a Strava-style GPX track.
func gpxOf(t *testing.T, a *ingest.Activity) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="StravaGPX" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
<trk><name>Run</name><type>running</type><trkseg>
`)
	n := 0
	for _, s := range a.Samples {
		if math.IsNaN(s.Lat) || math.IsNaN(s.Lon) {
			continue
		}
		n++
		fmt.Fprintf(&b, `<trkpt lat="%.7f" lon="%.7f"><time>%s</time>`, s.Lat, s.Lon, s.Time.UTC().Format(time.RFC3339))
		if !math.IsNaN(s.HR) {
			fmt.Fprintf(&b, `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>%d</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>`, int(s.HR))
		}
		b.WriteString("</trkpt>\n")
	}
	b.WriteString("</trkseg></trk></gpx>\n")
	if n == 0 {
		t.Fatalf("%s: no positions to write as GPX", a.Source)
	}
	return []byte(b.String())
}

func writeTree(t *testing.T, root string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// weekScores is weeks.parquet without what names the layout.
func weekScores(t *testing.T, out string) []tables.WeekRow {
	t.Helper()
	return readTable[tables.WeekRow](t, filepath.Join(out, "weeks.parquet"))
}

// TestExportsFolderIsOneAthlete (issue 10, "Must show"): an exports
// folder laid out as people have it — watch FIT in one sub-folder, the
// same runs as GPX in another, a lift-app CSV in a third, no profile —
// is one athlete whose weekly scores equal those of the same files in one
// folder: every run is scored against the lifts, and the GPX copies are
// dropped as duplicates instead of counting each run twice. (Before, the
// sub-folders were three athletes: garmin, strava and strong.)
func TestExportsFolderIsOneAthlete(t *testing.T) {
	t.Parallel()
	files := exportsLayout(t)
	dir := t.TempDir()
	exports, flat := filepath.Join(dir, "Exports"), filepath.Join(dir, "flat")
	writeTree(t, exports, files)
	flatFiles := map[string][]byte{}
	for name, data := range files {
		flatFiles[filepath.Base(name)] = data
	}
	writeTree(t, flat, flatFiles)
	run := func(out string, args ...string) {
		t.Helper()
		args = append([]string{"analyze", "-q", "--strict", "--out", out}, args...)
		if code, stdout, stderr := runCmd(t, args...); code != exitOK {
			t.Fatalf("%q: exit %d\n%s%s", args, code, stdout, stderr)
		}
	}
	run(filepath.Join(dir, "out-exports"), exports)
	run(filepath.Join(dir, "out-flat"), flat)

	got, want := weekScores(t, filepath.Join(dir, "out-exports")), weekScores(t, filepath.Join(dir, "out-flat"))
	if len(want) < 8 {
		t.Fatalf("the flat folder scores %d weeks; want the samples' weeks", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("weeks of the exports folder differ from the flat folder's:\n%+v\nwant\n%+v", got, want)
	}
	lifts := 0
	for _, w := range got {
		if w.Athlete != ingest.DefaultAthlete {
			t.Errorf("week %d: athlete %q, want the one athlete %q", w.WeekStart, w.Athlete, ingest.DefaultAthlete)
		}
		lifts += int(w.Lifts)
	}
	if lifts == 0 {
		t.Error("no lifts scored: the Strong CSV's sessions never met the runs")
	}
	acts := readTable[tables.ActivityRow](t, filepath.Join(dir, "out-exports", "activities.parquet"))
	runs, gpx := 0, 0
	for _, a := range acts {
		if a.Kind == string(ingest.KindRun) {
			runs++
			if strings.HasSuffix(a.Source, ".gpx") {
				gpx++
			}
		}
	}
	fitRuns := 0
	for name := range files {
		if strings.HasPrefix(name, "garmin/") {
			fitRuns++
		}
	}
	if runs != fitRuns || gpx != 0 {
		t.Errorf("%d runs (%d from GPX); want each of the %d runs once, from its FIT file", runs, gpx, fitRuns)
	}
	rows := readTable[tables.FileRow](t, filepath.Join(dir, "out-exports", "files.parquet"))
	for _, f := range rows {
		if f.AthleteRule != string(ingest.RuleOneAthlete) {
			t.Errorf("%s: athlete_rule %q, want %q", f.Path, f.AthleteRule, ingest.RuleOneAthlete)
		}
	}
	html, err := os.ReadFile(filepath.Join(dir, "out-exports", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "Athlete rule — one athlete per run") {
		t.Error("report.html does not say which athlete rule applied")
	}

	// --coach makes each top-level sub-folder one athlete.
	run(filepath.Join(dir, "out-coach"), "--coach", exports)
	athletes := map[string]bool{}
	for _, f := range readTable[tables.FileRow](t, filepath.Join(dir, "out-coach", "files.parquet")) {
		athletes[f.Athlete] = true
		if f.AthleteRule != string(ingest.RuleCoach) {
			t.Errorf("--coach: %s: athlete_rule %q, want %q", f.Path, f.AthleteRule, ingest.RuleCoach)
		}
	}
	if want := map[string]bool{"garmin": true, "strava": true, "strong": true}; !reflect.DeepEqual(athletes, want) {
		t.Errorf("--coach: athletes %v, want %v", athletes, want)
	}
}
