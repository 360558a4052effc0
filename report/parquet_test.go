package report

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// openParquet opens a Parquet file written by WriteAll.
func openParquet(t *testing.T, path string) *parquet.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return pf
}

// logicalType returns the logical type annotation of a top-level column.
func logicalType(t *testing.T, pf *parquet.File, column string) string {
	t.Helper()
	for _, f := range pf.Schema().Fields() {
		if f.Name() == column {
			if lt := f.Type().LogicalType(); lt != nil {
				return lt.String()
			}
			return ""
		}
	}
	t.Fatalf("no column %q in schema:\n%s", column, pf.Schema())
	return ""
}

// days returns the Parquet DATE value of a calendar date.
func days(y int, m time.Month, d int) int32 {
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func readRows[T any](t *testing.T, path string) []T {
	t.Helper()
	rows, err := parquet.ReadFile[T](path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func TestParquetRoundTrip(t *testing.T) {
	dir := t.TempDir()
	d := testDataset()
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	const ts = "TIMESTAMP(isAdjustedToUTC=true,unit=MICROS)"

	counts := map[string]int64{
		ActivitiesFile: 4, RunsFile: 3, LiftsFile: 1, SetsFile: 3, WeeksFile: 3, FilesFile: 7,
	}
	for name, want := range counts {
		pf := openParquet(t, filepath.Join(dir, name))
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
		pf := openParquet(t, filepath.Join(dir, c.file))
		if got := logicalType(t, pf, c.column); got != c.want {
			t.Errorf("%s.%s: logical type %q, want %q", c.file, c.column, got, c.want)
		}
	}
	// The athlete enum column is dictionary-encoded.
	{
		pf := openParquet(t, filepath.Join(dir, ActivitiesFile))
		leaf, _ := pf.Schema().Lookup("athlete")
		enc := pf.Metadata().RowGroups[0].Columns[leaf.ColumnIndex].MetaData.Encoding
		if !slices.Contains(enc, format.RLEDictionary) && !slices.Contains(enc, format.PlainDictionary) {
			t.Errorf("activities.athlete encodings %v: not dictionary-encoded", enc)
		}
	}

	acts := readRows[ActivityRow](t, filepath.Join(dir, ActivitiesFile))
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
	if a.LocalDate == nil || *a.LocalDate != days(2024, 3, 5) {
		t.Errorf("a1run local_date = %v, want %d (2024-03-05)", a.LocalDate, days(2024, 3, 5))
	}
	if a.Name != "<script>alert(1)</script>" || a.Kind != "run" || a.Samples != 1 || a.TZOffsetS != 3600 || !a.HasTZ {
		t.Errorf("a1run row = %+v", a)
	}
	// No file offset: the profile zone (UTC+1) gives the date.
	if a3 := acts[2]; a3.LocalDate == nil || *a3.LocalDate != days(2024, 3, 12) {
		t.Errorf("a3run local_date = %v", a3.LocalDate)
	}

	runs := readRows[RunRow](t, filepath.Join(dir, RunsFile))
	r := runs[0]
	if r.ActivityID != "a1run" || r.DistanceM != nil || r.HoursSinceLift != nil || r.PrevLiftID != nil {
		t.Errorf("a1run run row = %+v", r)
	}
	if r.HoursToLift == nil || *r.HoursToLift != 16 || r.NextLiftID == nil || *r.NextLiftID != "a2lift" ||
		r.Zone3S == nil || *r.Zone3S != 900 || r.TRIMP == nil || *r.TRIMP != 48.5 || r.Class != "tempo" ||
		r.NearestLiftRegion == nil || *r.NearestLiftRegion != "lower" {
		t.Errorf("a1run run row = %+v", r)
	}
	if r.LocalDate == nil || *r.LocalDate != days(2024, 3, 5) {
		t.Errorf("a1run run local_date = %v", r.LocalDate)
	}
	if s := runs[2]; s.ActivityID != "s1run" || s.NearestLiftRegion != nil || s.NearestLiftID != nil || s.TRIMP == nil {
		t.Errorf("s1run run row = %+v", s)
	}

	lifts := readRows[LiftRow](t, filepath.Join(dir, LiftsFile))
	if l := lifts[0]; l.Region != "full" || l.Reps == nil || *l.Reps != 13 || !l.EndUTC.Equal(time.Date(2024, 3, 5, 18, 0, 0, 0, time.UTC)) ||
		l.LocalDate == nil || *l.LocalDate != days(2024, 3, 5) {
		t.Errorf("lift row = %+v", l)
	}

	sets := readRows[SetRow](t, filepath.Join(dir, SetsFile))
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

	weeks := readRows[WeekRow](t, filepath.Join(dir, WeeksFile))
	w := weeks[0]
	if w.Athlete != "alex" || w.WeekStart != days(2024, 3, 4) || w.ISOWeek != 10 || w.InterferenceBand != "high" {
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
	if w1 := weeks[1]; w1.WeekStart != days(2024, 3, 11) || w1.UnderFuelingScore != nil || len(w1.RuleIDs) != 0 || len(w1.Defaults) != 1 {
		t.Errorf("week 1 = %+v", w1)
	}
	if w2 := weeks[2]; w2.Athlete != "sam" || w2.UnderFuelingScore == nil || *w2.UnderFuelingScore != 80 {
		t.Errorf("week 2 = %+v", w2)
	}

	rules := readRows[RuleRow](t, filepath.Join(dir, RulesFile))
	if len(rules) != 4 {
		t.Fatalf("rules.parquet has %d rows, want 4", len(rules))
	}
	if r := rules[0]; r.Athlete != "alex" || r.WeekStart != days(2024, 3, 4) || r.Rank != 1 || r.Rule != "INT-P-proximity" ||
		!slices.Equal(r.ActivityIDs, []string{"a1run", "a2lift"}) || r.Points == nil || *r.Points != 30.5 {
		t.Errorf("rules[0] = %+v", r)
	}
	if r := rules[3]; r.Rank != 4 || r.Value != nil || r.ActivityIDs == nil {
		t.Errorf("rules[3] = %+v (NaN value must be NULL, no activities an empty list)", r)
	}

	files := readRows[FileRow](t, filepath.Join(dir, FilesFile))
	if f := files[0]; f.Path != "alex/2024-03-05-lift.fit" || f.SizeBytes != 1024 || f.Activities != 1 {
		t.Errorf("files[0] = %+v", f)
	}
	if f := files[5]; f.Status != "failed" || f.Athlete != "sam" || !strings.Contains(f.Reason, "<b>") {
		t.Errorf("files[5] = %+v", f)
	}
}

// TestParquetDeterministic checks that writing the same dataset twice
// gives byte-identical files, whatever the input order.
func TestParquetDeterministic(t *testing.T) {
	d1, d2 := testDataset(), testDataset()
	slices.Reverse(d2.Activities)
	slices.Reverse(d2.Runs)
	slices.Reverse(d2.Weeks)
	slices.Reverse(d2.Files)
	dir1, dir2 := t.TempDir(), t.TempDir()
	if err := WriteAll(dir1, d1); err != nil {
		t.Fatal(err)
	}
	if err := WriteAll(dir2, d2); err != nil {
		t.Fatal(err)
	}
	for _, name := range OutputFiles {
		b1, err1 := os.ReadFile(filepath.Join(dir1, name))
		b2, err2 := os.ReadFile(filepath.Join(dir2, name))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !slices.Equal(b1, b2) {
			t.Errorf("%s differs between runs", name)
		}
	}
}

func TestParquetEmptyTables(t *testing.T) {
	d := testDataset()
	for i := range d.Activities {
		d.Activities[i].Sets = nil
	}
	d.Lifts = nil
	dir := t.TempDir()
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{SetsFile, LiftsFile} {
		pf := openParquet(t, filepath.Join(dir, name))
		if pf.NumRows() != 0 {
			t.Errorf("%s: %d rows, want 0", name, pf.NumRows())
		}
		if v, ok := pf.Lookup(MetaSchemaVersion); !ok || v != SchemaVersion {
			t.Errorf("%s: schema version %q", name, v)
		}
	}
	pf := openParquet(t, filepath.Join(dir, SetsFile))
	var cols []string
	for _, p := range pf.Schema().Columns() {
		cols = append(cols, strings.Join(p, "."))
	}
	want := []string{"activity_id", "athlete", "set_index", "start_utc", "duration_s", "type", "reps", "weight_kg", "exercise", "region"}
	if !slices.Equal(cols, want) {
		t.Errorf("empty sets.parquet columns %v, want %v", cols, want)
	}
	if got := logicalType(t, pf, "start_utc"); !strings.HasPrefix(got, "TIMESTAMP") {
		t.Errorf("empty sets.parquet start_utc type %q", got)
	}
	if rows := readRows[SetRow](t, filepath.Join(dir, SetsFile)); len(rows) != 0 {
		t.Errorf("read %d set rows, want 0", len(rows))
	}

	// A completely empty dataset is valid too.
	empty := t.TempDir()
	if err := WriteAll(empty, &Dataset{}); err != nil {
		t.Fatal(err)
	}
	for _, name := range OutputFiles[:6] {
		if pf := openParquet(t, filepath.Join(empty, name)); pf.NumRows() != 0 {
			t.Errorf("empty dataset %s: %d rows", name, pf.NumRows())
		}
	}
}
