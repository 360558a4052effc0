package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// Dataset is everything one analysis produced: the imported activities,
// their metrics, the scored weeks and the accounting of every input file.
// [WriteAll] writes it as Parquet tables and an HTML report.
type Dataset struct {
	Activities []ingest.Activity
	Runs       []metrics.Run
	Lifts      []metrics.Lift
	Weeks      []Week
	Files      []ingest.FileResult
	Intake     []ingest.DayIntake        // food-log days, by athlete and date
	Body       []ingest.BodyMeasurement  // weigh-ins, by athlete and time
	Params     map[string]metrics.Params // by athlete
	// Cardio are the athletes' other endurance sessions (rides, rows,
	// walks, swims; [metrics.Cardio]) and Tuning each athlete's scoring
	// tuning: the days table and the chart read them so that they use the
	// score's energy model. Both may be empty (then no cardio, and
	// [DefaultTuning]).
	Cardio []metrics.Run
	Tuning map[string]Tuning
	// Pairs are each athlete's run–lift pairs (runs and cardio against
	// lifts under 24 h; [metrics.AnalyzeSessions]): the one list INT-P
	// scored and runs.parquet's timing columns came from, which the
	// report's timeline reads. Indexes are into Runs, Cardio and Lifts as
	// Build left them; Run.ID and Lift.ID name the sessions.
	Pairs     map[string][]metrics.SessionPair
	Version   string       // gainguard version, recorded in every output
	Generated time.Time    // when the analysis ran, recorded in every output
	Output    WriteOptions // optional records table, partitioned layout (records.go)
	// Warnings are what Build noticed in the profiles and did not refuse
	// (unknown keys with a did-you-mean, cut names), one sentence each,
	// naming the file. Each is also in its athletes' Params.Defaults and
	// in the profile file's files.parquet reason; analyze prints them and
	// --strict fails on them.
	Warnings []string
	// ZoneSources records, by activity id, where its local time comes
	// from: ZoneFile, ZoneDevice, ZoneProfile, ZoneMachine or ZoneUTC
	// (zone.go); activities.parquet's zone_source.
	ZoneSources map[string]string

	// Strength progress (strength.go): one entry per athlete, lift session
	// and exercise; per athlete, week and tracked exercise; and the
	// evidence view's sentences.
	Strength []metrics.ExerciseSession
	Progress []ProgressWeek
	Evidence []Evidence
}

// Output file names written by [WriteAll].
const (
	ActivitiesFile = "activities.parquet"
	RunsFile       = "runs.parquet"
	LiftsFile      = "lifts.parquet"
	SetsFile       = "sets.parquet"
	WeeksFile      = "weeks.parquet"
	FilesFile      = "files.parquet"
	HTMLFile       = "report.html"
)

// OutputFiles lists the files [WriteAll] writes, in the order it writes them.
var OutputFiles = []string{ActivitiesFile, RunsFile, LiftsFile, SetsFile, WeeksFile, RulesFile, DaysFile, StrengthFile, ProgressFile, FilesFile, HTMLFile}

// WriteAll writes the Parquet tables (activities, runs, lifts, sets,
// weeks, rules, days, strength, progress, files; see docs in parquet.go and days.go for their columns) and report.html
// into dir, creating dir when needed.
//
// The set is replaced as a whole as far as a file system allows: every
// file is first written and synced under a temporary name in dir, and only
// when all of them are complete are they renamed over the previous
// outputs. If any write fails, the previous outputs are left untouched and
// the temporary files are removed. Last, manifest.json (see [Manifest])
// lists the set with sizes and SHA-256, so a reader can verify it.
func WriteAll(dir string, d *Dataset) error {
	if d == nil {
		return fmt.Errorf("report: nil dataset")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	files := outputs(dir, d)
	if err := writeOutputSet(dir, d, files, func(files []pendingWrite, c *commitHook) error {
		return writeOutputsWithManifest(dir, files, d, c)
	}); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// outputs lists the files WriteAll writes into dir, with their writers.
func outputs(dir string, d *Dataset) []pendingWrite {
	writers := map[string]func(io.Writer) error{
		ActivitiesFile: func(w io.Writer) error { return writeActivities(w, d) },
		RunsFile:       func(w io.Writer) error { return writeRuns(w, d) },
		LiftsFile:      func(w io.Writer) error { return writeLifts(w, d) },
		SetsFile:       func(w io.Writer) error { return writeSets(w, d) },
		WeeksFile:      func(w io.Writer) error { return writeWeeks(w, d) },
		RulesFile:      func(w io.Writer) error { return writeRules(w, d) },
		DaysFile:       func(w io.Writer) error { return writeDays(w, d) },
		StrengthFile:   func(w io.Writer) error { return writeStrength(w, d) },
		ProgressFile:   func(w io.Writer) error { return writeProgress(w, d) },
		FilesFile:      func(w io.Writer) error { return writeFiles(w, d) },
		HTMLFile:       func(w io.Writer) error { return WriteHTML(w, d) },
	}
	files := make([]pendingWrite, 0, len(OutputFiles))
	for _, name := range OutputFiles {
		files = append(files, pendingWrite{filepath.Join(dir, name), writers[name]})
	}
	return files
}
