package report

import (
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// Dataset is everything one analysis produced: the imported activities,
// their metrics, the scored weeks and the accounting of every input file.
// report/output.WriteAll writes it as Parquet tables (report/tables) and
// an HTML report (report/html).
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
	Output    WriteOptions // optional records table, partitioned layout
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

	emitted      int // activities handed out by BuildStream ([Dataset.NumActivities])
	droppedWeeks int // weeks KeepLatest dropped ([Dataset.NumWeeks])
}

// WriteOptions choose optional outputs and the layout of the tables. The
// zero value is the default: no records table, one TABLE.parquet file per
// table.
type WriteOptions struct {
	// Records adds records.parquet (one row per sample of every
	// activity). Without it, a records table left by an earlier run in
	// the output folder is removed, so the folder reflects this run.
	Records bool
	// Partition writes each table as a Hive-partitioned folder,
	// TABLE/athlete=A/year=Y/part-0.parquet (files: TABLE/athlete=A/
	// part-0.parquet), instead of TABLE.parquet; the files then have no
	// athlete column (it is in the path). See partition.go.
	Partition bool
}
