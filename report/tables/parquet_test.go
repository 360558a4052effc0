package tables

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go/format"

	"gainguard/report"
	"gainguard/report/internal/reporttest"
)

// writeTables writes every table of d as its flat file in dir (records
// too when d.Output.Records), as report/output's WriteAll does without
// the commit.
func writeTables(t *testing.T, dir string, d *report.Dataset) {
	t.Helper()
	names := Files
	if d.Output.Records {
		names = append(slices.Clone(names), RecordsFile)
	}
	for _, name := range names {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := Write(f, d, name); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestParquetRoundTrip(t *testing.T) {
	dir := t.TempDir()
	d := reporttest.Dataset()
	writeTables(t, dir, d)
	const ts = "TIMESTAMP(isAdjustedToUTC=true,unit=MICROS)"

	counts := map[string]int64{
		ActivitiesFile: 4, RunsFile: 3, LiftsFile: 1, SetsFile: 3, WeeksFile: 3, FilesFile: 7,
	}
	for name, want := range counts {
		pf := reporttest.OpenParquet(t, filepath.Join(dir, name))
		if got := pf.NumRows(); got != want {
			t.Errorf("%s: %d rows, want %d", name, got, want)
		}
		for key, want := range map[string]string{
			MetaSchemaVersion: SchemaVersion,
			MetaVersion:       "0.1.0-test",
			MetaGenerated:     "2024-03-18T09:30:00Z",
			MetaTable:         strings.TrimSuffix(name, ".parquet"),
		} {
			if got, ok := pf.Lookup(key); !ok || got != want {
				t.Errorf("%s: metadata %s = %q (%t), want %q", name, key, got, ok, want)
			}
		}
		for _, rg := range pf.Metadata().RowGroups {
			for _, c := range rg.Columns {
				if c.MetaData.Codec != format.Zstd {
					t.Errorf("%s: column %v codec %v, want ZSTD", name, c.MetaData.PathInSchema, c.MetaData.Codec)
				}
			}
		}
	}

	// Logical types a reader relies on.
	for _, c := range []struct{ file, column, want string }{
		{ActivitiesFile, "start_utc", ts},
		{ActivitiesFile, "local_date", "DATE"},
		{ActivitiesFile, "name", "STRING"},
		{RunsFile, "start_utc", ts},
		{RunsFile, "local_date", "DATE"},
		{LiftsFile, "start_utc", ts},
		{LiftsFile, "end_utc", ts},
		{LiftsFile, "local_date", "DATE"},
		{SetsFile, "start_utc", ts},
		{WeeksFile, "week_start", "DATE"},
		{WeeksFile, "rule_ids", "LIST"},
		{WeeksFile, "rule_reasons", "LIST"},
	} {
		pf := reporttest.OpenParquet(t, filepath.Join(dir, c.file))
		if got := reporttest.LogicalType(t, pf, c.column); got != c.want {
			t.Errorf("%s.%s: logical type %q, want %q", c.file, c.column, got, c.want)
		}
	}
	// The athlete enum column is dictionary-encoded.
	{
		pf := reporttest.OpenParquet(t, filepath.Join(dir, ActivitiesFile))
		leaf, _ := pf.Schema().Lookup("athlete")
		enc := pf.Metadata().RowGroups[0].Columns[leaf.ColumnIndex].MetaData.Encoding
		if !slices.Contains(enc, format.RLEDictionary) && !slices.Contains(enc, format.PlainDictionary) {
			t.Errorf("activities.athlete encodings %v: not dictionary-encoded", enc)
		}
	}

	acts := reporttest.ReadRows[ActivityRow](t, filepath.Join(dir, ActivitiesFile))
	var ids []string
	for _, a := range acts {
		ids = append(ids, a.ID)
	}
	if want := []string{"a1run", "a2lift", "a3run", "s1run"}; !slices.Equal(ids, want) {
		t.Errorf("activity order %v, want %v", ids, want)
	}
	a := acts[0]
	if a.DistanceM != nil {
		t.Errorf("a1run distance_m = %v, want NULL for NaN", *a.DistanceM)
	}
	if a.AvgHRBpm == nil || *a.AvgHRBpm != 150 {
		t.Errorf("a1run avg_hr_bpm = %v, want 150", a.AvgHRBpm)
	}
	if !a.StartUTC.Equal(time.Date(2024, 3, 4, 23, 30, 0, 0, time.UTC)) {
		t.Errorf("a1run start_utc = %v", a.StartUTC)
	}
	// 23:30 UTC + 1 h offset: local date is the next day.
	if a.LocalDate == nil || *a.LocalDate != reporttest.Days(2024, 3, 5) {
		t.Errorf("a1run local_date = %v, want %d (2024-03-05)", a.LocalDate, reporttest.Days(2024, 3, 5))
	}
	if a.Name != "<script>alert(1)</script>" || a.Kind != "run" || a.Samples != 1 || a.TZOffsetS != 3600 || !a.HasTZ {
		t.Errorf("a1run row = %+v", a)
	}
	// No file offset: the profile zone (UTC+1) gives the date.
	if a3 := acts[2]; a3.LocalDate == nil || *a3.LocalDate != reporttest.Days(2024, 3, 12) {
		t.Errorf("a3run local_date = %v", a3.LocalDate)
	}

	runs := reporttest.ReadRows[RunRow](t, filepath.Join(dir, RunsFile))
	r := runs[0]
	if r.ActivityID != "a1run" || r.DistanceM != nil || r.HoursSinceLift != nil || r.PrevLiftID != nil {
		t.Errorf("a1run run row = %+v", r)
	}
	if r.HoursToLift == nil || *r.HoursToLift != 16 || r.NextLiftID == nil || *r.NextLiftID != "a2lift" ||
		r.Zone3S == nil || *r.Zone3S != 900 || r.TRIMP == nil || *r.TRIMP != 48.5 || r.Class != "tempo" ||
		r.NearestLiftRegion == nil || *r.NearestLiftRegion != "lower" {
		t.Errorf("a1run run row = %+v", r)
	}
	if r.LocalDate == nil || *r.LocalDate != reporttest.Days(2024, 3, 5) {
		t.Errorf("a1run run local_date = %v", r.LocalDate)
	}
	if s := runs[2]; s.ActivityID != "s1run" || s.NearestLiftRegion != nil || s.NearestLiftID != nil || s.TRIMP == nil {
		t.Errorf("s1run run row = %+v", s)
	}

	lifts := reporttest.ReadRows[LiftRow](t, filepath.Join(dir, LiftsFile))
	if l := lifts[0]; l.Region != "full" || l.Reps == nil || *l.Reps != 13 || !l.EndUTC.Equal(time.Date(2024, 3, 5, 18, 0, 0, 0, time.UTC)) ||
		l.LocalDate == nil || *l.LocalDate != reporttest.Days(2024, 3, 5) {
		t.Errorf("lift row = %+v", l)
	}

	sets := reporttest.ReadRows[SetRow](t, filepath.Join(dir, SetsFile))
	if s := sets[0]; s.ActivityID != "a2lift" || s.SetIndex != 0 || s.Reps == nil || *s.Reps != 5 ||
		s.WeightKg == nil || *s.WeightKg != 100 || s.StartUTC == nil || s.Exercise != "squat" || s.Region != "lower" {
		t.Errorf("set 0 = %+v", s)
	}
	if s := sets[1]; s.Type != "rest" || s.Reps != nil || s.WeightKg != nil {
		t.Errorf("set 1 = %+v", s)
	}
	if s := sets[2]; s.StartUTC != nil || s.DurationS != nil || s.WeightKg == nil || *s.WeightKg != 0 {
		t.Errorf("set 2 = %+v (bodyweight 0 kg must stay 0, unknown start NULL)", s)
	}

	weeks := reporttest.ReadRows[WeekRow](t, filepath.Join(dir, WeeksFile))
	w := weeks[0]
	if w.Athlete != "alex" || w.WeekStart != reporttest.Days(2024, 3, 4) || w.ISOWeek != 10 || w.InterferenceBand != "high" {
		t.Errorf("week 0 = %+v", w)
	}
	if w.InterferenceScore == nil || *w.InterferenceScore != 61.4 || w.Spike != nil || w.RunDistanceKm != nil {
		t.Errorf("week 0 scores = %+v", w)
	}
	if want := []string{"INT-P-proximity", "INT-D-dose", "UF-X-exposure", "INT-N-nutrition"}; !slices.Equal(w.RuleIDs, want) {
		t.Errorf("week 0 rule_ids = %v, want %v", w.RuleIDs, want)
	}
	if len(w.RuleReasons) != 4 || w.RuleReasons[1] != "30 run minutes & 1 lift" || len(w.RuleValues) != 4 || w.RuleValues[3] != nil ||
		*w.RulePoints[0] != 30.5 || w.RuleScores[2] != "underfueling" {
		t.Errorf("week 0 rule lists = %q %v %v %v", w.RuleReasons, w.RuleValues, w.RulePoints, w.RuleScores)
	}
	if w1 := weeks[1]; w1.WeekStart != reporttest.Days(2024, 3, 11) || w1.UnderFuelingScore != nil || len(w1.RuleIDs) != 0 || len(w1.Defaults) != 1 {
		t.Errorf("week 1 = %+v", w1)
	}
	if w2 := weeks[2]; w2.Athlete != "sam" || w2.UnderFuelingScore == nil || *w2.UnderFuelingScore != 80 {
		t.Errorf("week 2 = %+v", w2)
	}

	rules := reporttest.ReadRows[RuleRow](t, filepath.Join(dir, RulesFile))
	if len(rules) != 4 {
		t.Fatalf("rules.parquet has %d rows, want 4", len(rules))
	}
	if r := rules[0]; r.Athlete != "alex" || r.WeekStart != reporttest.Days(2024, 3, 4) || r.Rank != 1 || r.Rule != "INT-P-proximity" ||
		!slices.Equal(r.ActivityIDs, []string{"a1run", "a2lift"}) || r.Points == nil || *r.Points != 30.5 {
		t.Errorf("rules[0] = %+v", r)
	}
	if r := rules[3]; r.Rank != 4 || r.Value != nil || r.ActivityIDs == nil {
		t.Errorf("rules[3] = %+v (NaN value must be NULL, no activities an empty list)", r)
	}

	files := reporttest.ReadRows[FileRow](t, filepath.Join(dir, FilesFile))
	if f := files[0]; f.Path != "alex/2024-03-05-lift.fit" || f.SizeBytes != 1024 || f.Activities != 1 {
		t.Errorf("files[0] = %+v", f)
	}
	if f := files[5]; f.Status != "failed" || f.Athlete != "sam" || !strings.Contains(f.Reason, "<b>") {
		t.Errorf("files[5] = %+v", f)
	}
}

func TestParquetEmptyTables(t *testing.T) {
	d := reporttest.Dataset()
	for i := range d.Activities {
		d.Activities[i].Sets = nil
	}
	d.Lifts = nil
	dir := t.TempDir()
	writeTables(t, dir, d)
	for _, name := range []string{SetsFile, LiftsFile} {
		pf := reporttest.OpenParquet(t, filepath.Join(dir, name))
		if pf.NumRows() != 0 {
			t.Errorf("%s: %d rows, want 0", name, pf.NumRows())
		}
		if v, ok := pf.Lookup(MetaSchemaVersion); !ok || v != SchemaVersion {
			t.Errorf("%s: schema version %q", name, v)
		}
	}
	pf := reporttest.OpenParquet(t, filepath.Join(dir, SetsFile))
	var cols []string
	for _, p := range pf.Schema().Columns() {
		cols = append(cols, strings.Join(p, "."))
	}
	want := []string{"activity_id", "athlete", "set_index", "start_utc", "duration_s", "type", "reps", "weight_kg", "exercise", "region"}
	if !slices.Equal(cols, want) {
		t.Errorf("empty sets.parquet columns %v, want %v", cols, want)
	}
	if got := reporttest.LogicalType(t, pf, "start_utc"); !strings.HasPrefix(got, "TIMESTAMP") {
		t.Errorf("empty sets.parquet start_utc type %q", got)
	}
	if rows := reporttest.ReadRows[SetRow](t, filepath.Join(dir, SetsFile)); len(rows) != 0 {
		t.Errorf("read %d set rows, want 0", len(rows))
	}

	// A completely empty dataset is valid too.
	empty := t.TempDir()
	writeTables(t, empty, &report.Dataset{})
	for _, name := range Files[:6] {
		if pf := reporttest.OpenParquet(t, filepath.Join(empty, name)); pf.NumRows() != 0 {
			t.Errorf("empty dataset %s: %d rows", name, pf.NumRows())
		}
	}
}
