package tables

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"gainguard/ingest"
	"gainguard/ingest/commit"
	"gainguard/report"
)

// Partitioned layout (WriteOptions.Partition, analyze --partition):
//
//	OUT/TABLE/athlete=A/year=Y/part-0.parquet   activities runs lifts sets weeks rules days records
//	OUT/files/athlete=A/part-0.parquet
//
// so that Spark, Trino, DuckDB, pyarrow and polars read a folder as one
// Hive-partitioned dataset. The files hold every column of TABLE.parquet
// except athlete, which is in the path (Spark refuses a column present in
// both). Y is the UTC year of the activity's start_utc for activities,
// runs, lifts, sets and records (sets and records take their activity's
// start), of local_date for days and of week_start for weeks and rules.
// An unknown year or empty athlete is __HIVE_DEFAULT_PARTITION__ (NULL).
// Athlete names are escaped as Hive does (see [HivePathEscape]); a name
// whose folder would pass 255 bytes is shortened ([AthletePartition]).
// Rows
// keep the order of the flat table; a table without rows is an empty
// folder. Each TABLE folder is written complete beside the old one and
// swapped in atomically (report/output, [commit.SwapDir]).

// HiveDefaultPartition is the path value of a NULL partition key.
const HiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__"

// partFile is the name of the one file in each partition folder.
const partFile = "part-0.parquet"

// HivePathEscape escapes a partition value as Hive's
// FileUtils.escapePathName does, which Spark, Trino, DuckDB and pyarrow
// undo: control characters, DEL and "#%'*/:=?\{[]^ become %XX (upper
// case hex); so do <, > and |, which Windows forbids in names. Other
// characters, non-ASCII letters included, are kept. "" gives
// [HiveDefaultPartition].
func HivePathEscape(s string) string {
	if s == "" {
		return HiveDefaultPartition
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || strings.IndexByte("\"#%'*/:=?\\{[]^<>|", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// MaxPartitionName is the longest athlete=… folder name written, in
// bytes: file systems refuse names over 255 bytes (ENAMETOOLONG).
const MaxPartitionName = 255

// AthletePartition returns the athlete=… folder name of athlete: the
// Hive-escaped name, or, when that is longer than [MaxPartitionName], a
// readable prefix of it, "~" and the first 16 hex digits of the SHA-256
// of the full name (so that two long names sharing a prefix stay apart).
// The prefix never splits a %XX escape or a UTF-8 character. The full
// name stays in the flat tables and in manifest.json's
// athlete_partitions ([AthletePartitions]).
func AthletePartition(athlete string) string {
	name := "athlete=" + HivePathEscape(athlete)
	if len(name) <= MaxPartitionName {
		return name
	}
	sum := sha256.Sum256([]byte(athlete))
	suffix := "~" + hex.EncodeToString(sum[:8])
	cut := MaxPartitionName - len(suffix)
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	if i := strings.LastIndexByte(name[:cut], '%'); i >= 0 && i > cut-3 {
		cut = i // keep %XX whole
	}
	return name[:cut] + suffix
}

// AthletePartitions maps each shortened athlete=… folder name of d (see
// [AthletePartition]) to the athlete's full name; nil when none is.
func AthletePartitions(d *report.Dataset) map[string]string {
	var m map[string]string
	add := func(a string) {
		if p := AthletePartition(a); p != "athlete="+HivePathEscape(a) {
			if m == nil {
				m = map[string]string{}
			}
			m[p] = a
		}
	}
	for i := range d.Activities {
		add(d.Activities[i].Athlete)
	}
	for i := range d.Files {
		add(d.Files[i].Athlete)
	}
	for i := range d.Weeks {
		add(d.Weeks[i].Athlete)
	}
	return m
}

// partitionDir returns the folder, relative to the table's folder, of the
// rows of athlete in year ("" for files: no year level).
func partitionDir(athlete, year string) string {
	p := AthletePartition(athlete)
	if year != "" {
		p = filepath.Join(p, "year="+year)
	}
	return p
}

// yearOf is the partition value of the UTC year of t.
func yearOf(t time.Time) string {
	if t.IsZero() {
		return HiveDefaultPartition
	}
	return strconv.Itoa(t.UTC().Year())
}

// yearOfDays is the partition value of the year of a DATE (days since
// 1970-01-01).
func yearOfDays(days int32) string {
	return strconv.Itoa(time.Unix(int64(days)*86400, 0).UTC().Year())
}

// PartTable is one table of the partitioned layout: its flat file name,
// its folder name and the function writing its partitions under a folder.
type PartTable struct {
	File  string // flat file name, as in [Files]
	Table string // folder name
	Write func(dir string, d *report.Dataset) error
}

// PartTables returns the partitioned tables by flat file name.
func PartTables() map[string]PartTable {
	tables := []PartTable{
		{ActivitiesFile, "activities", func(dir string, d *report.Dataset) error {
			return writeParts(dir, d, "activities", ActivityRows(d), func(r *ActivityRow) (string, string) {
				return r.Athlete, yearOf(r.StartUTC)
			})
		}},
		{RunsFile, "runs", func(dir string, d *report.Dataset) error {
			return writeParts(dir, d, "runs", RunRows(d), func(r *RunRow) (string, string) {
				return r.Athlete, yearOf(r.StartUTC)
			})
		}},
		{LiftsFile, "lifts", func(dir string, d *report.Dataset) error {
			return writeParts(dir, d, "lifts", LiftRows(d), func(r *LiftRow) (string, string) {
				return r.Athlete, yearOf(r.StartUTC)
			})
		}},
		{SetsFile, "sets", func(dir string, d *report.Dataset) error {
			start := make(map[string]time.Time, len(d.Activities))
			for i := range d.Activities {
				start[d.Activities[i].ID] = d.Activities[i].Start
			}
			return writeParts(dir, d, "sets", SetRows(d), func(r *SetRow) (string, string) {
				return r.Athlete, yearOf(start[r.ActivityID])
			})
		}},
		{WeeksFile, "weeks", func(dir string, d *report.Dataset) error {
			return writeParts(dir, d, "weeks", WeekRows(d), func(r *WeekRow) (string, string) {
				return r.Athlete, yearOfDays(r.WeekStart)
			})
		}},
		{RulesFile, "rules", func(dir string, d *report.Dataset) error {
			return writeParts(dir, d, "rules", RuleRows(d), func(r *RuleRow) (string, string) {
				return r.Athlete, yearOfDays(r.WeekStart)
			})
		}},
		{DaysFile, "days", func(dir string, d *report.Dataset) error {
			return writeParts(dir, d, "days", report.DayRows(d), func(r *report.DayRow) (string, string) {
				return r.Athlete, yearOfDays(r.LocalDate)
			})
		}},
		{StrengthFile, "strength", func(dir string, d *report.Dataset) error {
			return writeParts(dir, d, "strength", StrengthRows(d), func(r *StrengthRow) (string, string) {
				return r.Athlete, yearOfDays(deref32(r.LocalDate))
			})
		}},
		{ProgressFile, "progress", func(dir string, d *report.Dataset) error {
			return writeParts(dir, d, "progress", ProgressRows(d), func(r *ProgressRow) (string, string) {
				return r.Athlete, yearOfDays(r.WeekStart)
			})
		}},
		{FilesFile, "files", func(dir string, d *report.Dataset) error {
			return writeParts(dir, d, "files", FileRows(d), func(r *FileRow) (string, string) {
				return r.Athlete, ""
			})
		}},
		{RecordsFile, "records", writeRecordParts},
	}
	m := make(map[string]PartTable, len(tables))
	for _, t := range tables {
		m[t.File] = t
	}
	return m
}

// writeParts writes rows into dir/PARTITION/part-0.parquet, grouped by
// key, without the athlete column. Rows keep their order.
func writeParts[T any](dir string, d *report.Dataset, table string, rows []T, key func(*T) (athlete, year string)) error {
	groups := map[string][]T{}
	for i := range rows {
		p := partitionDir(key(&rows[i]))
		groups[p] = append(groups[p], rows[i])
	}
	conv, err := newDropAthlete[T]()
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	for _, p := range slices.Sorted(maps.Keys(groups)) {
		g := groups[p]
		if err := commit.CreateSynced(filepath.Join(dir, p, partFile), func(w io.Writer) error {
			return conv.write(w, d, table, g)
		}); err != nil {
			return err
		}
	}
	return nil
}

// writeRecordParts streams records into dir/PARTITION/part-0.parquet.
// Activities are sorted by athlete and start, so each partition's
// activities are consecutive.
func writeRecordParts(dir string, d *report.Dataset) error {
	acts := recordActivities(d)
	for len(acts) > 0 {
		p := partitionDir(acts[0].Athlete, yearOf(acts[0].Start))
		n := 1
		for n < len(acts) && partitionDir(acts[n].Athlete, yearOf(acts[n].Start)) == p {
			n++
		}
		group := acts[:n]
		acts = acts[n:]
		if err := commit.CreateSynced(filepath.Join(dir, p, partFile), func(w io.Writer) error {
			return writeRecordGroup(w, d, group)
		}); err != nil {
			return err
		}
	}
	return nil
}

func writeRecordGroup(w io.Writer, d *report.Dataset, acts []*ingest.Activity) error {
	cw := newChunkWriter[recordPartRow](w, d, "records")
	for _, a := range acts {
		if err := eachRecord(a, func(r *RecordRow) error { return cw.add(r.part()) }); err != nil {
			return err
		}
	}
	return cw.close()
}

// dropAthlete writes rows of T without their athlete column: each row is
// deconstructed with T's schema, the athlete value dropped and the later
// column indexes shifted down, and written with the reduced schema (T's
// struct with the athlete field untagged, so every other column keeps its
// name, type, encoding and order).
type dropAthlete[T any] struct {
	full, reduced *parquet.Schema
	athlete       int // leaf column index of athlete in full
}

func newDropAthlete[T any]() (*dropAthlete[T], error) {
	t := reflect.TypeFor[T]()
	fields := make([]reflect.StructField, t.NumField())
	found := false
	for i := range fields {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("parquet"), ","); name == "athlete" {
			f.Tag = `parquet:"-"`
			found = true
		}
		fields[i] = f
	}
	if !found {
		return nil, fmt.Errorf("%v has no athlete column", t)
	}
	c := &dropAthlete[T]{
		full:    parquet.SchemaOf(reflect.Zero(t).Interface()),
		reduced: parquet.NewSchema(t.Name(), parquet.SchemaOf(reflect.Zero(reflect.StructOf(fields)).Interface())),
		athlete: -1,
	}
	fullCols, redCols := c.full.Columns(), c.reduced.Columns()
	for i, p := range fullCols {
		if len(p) == 1 && p[0] == "athlete" {
			c.athlete = i
		}
	}
	want := slices.Delete(slices.Clone(fullCols), c.athlete, c.athlete+1)
	if c.athlete < 0 || !slices.EqualFunc(want, redCols, slices.Equal[[]string]) {
		return nil, fmt.Errorf("reduced schema of %v: columns %v, want %v", t, redCols, want)
	}
	for i, p := range redCols {
		j := i
		if i >= c.athlete {
			j++
		}
		fl, _ := c.full.Lookup(fullCols[j]...)
		rl, _ := c.reduced.Lookup(p...)
		if !parquet.EqualNodes(fl.Node, rl.Node) || fl.MaxDefinitionLevel != rl.MaxDefinitionLevel ||
			fl.MaxRepetitionLevel != rl.MaxRepetitionLevel {
			return nil, fmt.Errorf("reduced schema of %v: column %v differs", t, p)
		}
	}
	return c, nil
}

func (c *dropAthlete[T]) write(w io.Writer, d *report.Dataset, table string, rows []T) error {
	// A GenericWriter given a schema other than T's maps T's fields to
	// its columns by name (parquet-go's reflective path): athlete, not in
	// the reduced schema, is left out.
	pw := parquet.NewGenericWriter[T](w, append([]parquet.WriterOption{c.reduced}, tableOptions(d, table)...)...)
	if _, err := pw.Write(rows); err != nil {
		return err
	}
	return pw.Close()
}
