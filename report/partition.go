package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"gainguard/ingest"
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
// swapped in atomically (see swapDir).

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
func AthletePartitions(d *Dataset) map[string]string {
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

// partTable is one table of the partitioned layout: its flat file name
// and the function writing its partitions under a folder.
type partTable struct {
	file  string
	table string
	write func(dir string, d *Dataset) error
}

// partTables returns the partitioned tables by flat file name.
func partTables() map[string]partTable {
	tables := []partTable{
		{ActivitiesFile, "activities", func(dir string, d *Dataset) error {
			return writeParts(dir, d, "activities", ActivityRows(d), func(r *ActivityRow) (string, string) {
				return r.Athlete, yearOf(r.StartUTC)
			})
		}},
		{RunsFile, "runs", func(dir string, d *Dataset) error {
			return writeParts(dir, d, "runs", RunRows(d), func(r *RunRow) (string, string) {
				return r.Athlete, yearOf(r.StartUTC)
			})
		}},
		{LiftsFile, "lifts", func(dir string, d *Dataset) error {
			return writeParts(dir, d, "lifts", LiftRows(d), func(r *LiftRow) (string, string) {
				return r.Athlete, yearOf(r.StartUTC)
			})
		}},
		{SetsFile, "sets", func(dir string, d *Dataset) error {
			start := make(map[string]time.Time, len(d.Activities))
			for i := range d.Activities {
				start[d.Activities[i].ID] = d.Activities[i].Start
			}
			return writeParts(dir, d, "sets", SetRows(d), func(r *SetRow) (string, string) {
				return r.Athlete, yearOf(start[r.ActivityID])
			})
		}},
		{WeeksFile, "weeks", func(dir string, d *Dataset) error {
			return writeParts(dir, d, "weeks", WeekRows(d), func(r *WeekRow) (string, string) {
				return r.Athlete, yearOfDays(r.WeekStart)
			})
		}},
		{RulesFile, "rules", func(dir string, d *Dataset) error {
			return writeParts(dir, d, "rules", RuleRows(d), func(r *RuleRow) (string, string) {
				return r.Athlete, yearOfDays(r.WeekStart)
			})
		}},
		{DaysFile, "days", func(dir string, d *Dataset) error {
			return writeParts(dir, d, "days", DayRows(d), func(r *DayRow) (string, string) {
				return r.Athlete, yearOfDays(r.LocalDate)
			})
		}},
		{StrengthFile, "strength", func(dir string, d *Dataset) error {
			return writeParts(dir, d, "strength", StrengthRows(d), func(r *StrengthRow) (string, string) {
				return r.Athlete, yearOfDays(deref32(r.LocalDate))
			})
		}},
		{ProgressFile, "progress", func(dir string, d *Dataset) error {
			return writeParts(dir, d, "progress", ProgressRows(d), func(r *ProgressRow) (string, string) {
				return r.Athlete, yearOfDays(r.WeekStart)
			})
		}},
		{FilesFile, "files", func(dir string, d *Dataset) error {
			return writeParts(dir, d, "files", FileRows(d), func(r *FileRow) (string, string) {
				return r.Athlete, ""
			})
		}},
		{RecordsFile, "records", writeRecordParts},
	}
	m := make(map[string]partTable, len(tables))
	for _, t := range tables {
		m[t.file] = t
	}
	return m
}

// writeParts writes rows into dir/PARTITION/part-0.parquet, grouped by
// key, without the athlete column. Rows keep their order.
func writeParts[T any](dir string, d *Dataset, table string, rows []T, key func(*T) (athlete, year string)) error {
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
		if err := writePartFile(filepath.Join(dir, p, partFile), func(w io.Writer) error {
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
func writeRecordParts(dir string, d *Dataset) error {
	acts := recordActivities(d)
	for len(acts) > 0 {
		p := partitionDir(acts[0].Athlete, yearOf(acts[0].Start))
		n := 1
		for n < len(acts) && partitionDir(acts[n].Athlete, yearOf(acts[n].Start)) == p {
			n++
		}
		group := acts[:n]
		acts = acts[n:]
		if err := writePartFile(filepath.Join(dir, p, partFile), func(w io.Writer) error {
			return writeRecordGroup(w, d, group)
		}); err != nil {
			return err
		}
	}
	return nil
}

func writeRecordGroup(w io.Writer, d *Dataset, acts []*ingest.Activity) error {
	cw := newChunkWriter[recordPartRow](w, d, "records")
	for _, a := range acts {
		if err := eachRecord(a, func(r *RecordRow) error { return cw.add(r.part()) }); err != nil {
			return err
		}
	}
	return cw.close()
}

// writePartFile creates path (and its folders) and writes it through
// write, synced, mode 0644. The caller removes the staging folder on
// error.
func writePartFile(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
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

func (c *dropAthlete[T]) write(w io.Writer, d *Dataset, table string, rows []T) error {
	// A GenericWriter given a schema other than T's maps T's fields to
	// its columns by name (parquet-go's reflective path): athlete, not in
	// the reduced schema, is left out.
	pw := parquet.NewGenericWriter[T](w, append([]parquet.WriterOption{c.reduced}, tableOptions(d, table)...)...)
	if _, err := pw.Write(rows); err != nil {
		return err
	}
	return pw.Close()
}

// writeOutputSet writes the outputs of [WriteAll]: files through
// writeFiles (all-or-nothing file writes), plus records.parquet when
// asked; or, partitioned, every table as a folder (all staged first,
// swapped in after writeFiles wrote the other files, report.html). It then removes
// what an earlier run with other options left: records when not asked,
// TABLE.parquet when partitioned, the TABLE folders when not.
func writeOutputSet(dir string, d *Dataset, files []pendingWrite, writeFiles func([]pendingWrite, *commitHook) error) error {
	opt := d.Output
	if opt.Records {
		files = append(files, pendingWrite{filepath.Join(dir, RecordsFile), func(w io.Writer) error { return writeRecords(w, d) }})
	}
	tables := partTables()
	if !opt.Partition {
		if err := writeFiles(files, nil); err != nil {
			return err
		}
		var stale []string
		for _, f := range files {
			if t, ok := tables[filepath.Base(f.name)]; ok {
				stale = append(stale, t.table)
			}
		}
		if !opt.Records {
			stale = append(stale, "records")
			if err := removeFile(filepath.Join(dir, RecordsFile)); err != nil {
				return err
			}
		}
		for _, table := range stale {
			if ok, _ := isPartitionDir(filepath.Join(dir, table)); ok {
				if err := os.RemoveAll(filepath.Join(dir, table)); err != nil {
					return err
				}
			}
		}
		return nil
	}

	var parts []partTable
	var others []pendingWrite
	for _, f := range files {
		if t, ok := tables[filepath.Base(f.name)]; ok {
			parts = append(parts, t)
		} else {
			others = append(others, f)
		}
	}
	for _, t := range parts {
		if ok, err := isPartitionDir(filepath.Join(dir, t.table)); !ok {
			return err
		}
	}
	staged := make([]string, 0, len(parts))
	defer func() {
		for _, s := range staged {
			if s != "" {
				os.RemoveAll(s)
			}
		}
	}()
	hook := &commitHook{}
	for _, t := range parts {
		tmp, err := stageTable(dir, d, t)
		if err != nil {
			return err
		}
		staged = append(staged, tmp)
		items, err := manifestItems(tmp, t.table)
		if err != nil {
			return err
		}
		hook.items = append(hook.items, items...)
	}
	// The order of a partitioned commit: report.html (and the other
	// files) renamed into place, then each table folder exchanged with
	// its staged one, then manifest.json, listing every file, renamed
	// last (see docs/operations.md).
	hook.commit = func() error {
		for i, t := range parts {
			if err := swapDir(dir, t.table, staged[i]); err != nil {
				return err
			}
			staged[i] = ""
		}
		return syncDir(dir)
	}
	if err := writeFiles(others, hook); err != nil {
		return err
	}
	for _, t := range parts {
		if err := removeFile(filepath.Join(dir, t.file)); err != nil {
			return err
		}
	}
	if !opt.Records {
		if err := removeFile(filepath.Join(dir, RecordsFile)); err != nil {
			return err
		}
		if ok, _ := isPartitionDir(filepath.Join(dir, "records")); ok {
			if err := os.RemoveAll(filepath.Join(dir, "records")); err != nil {
				return err
			}
		}
	}
	return syncDir(dir)
}

// isPartitionDir reports whether path may be replaced or removed as a
// partitioned table: it does not exist, or is a folder holding only
// athlete=… folders. Anything else gives false and an error naming it,
// so that a folder that is not gainguard's is never deleted.
func isPartitionDir(path string) (bool, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.IsDir() {
		return false, fmt.Errorf("%s exists and is not a partitioned table folder; move it away", path)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "athlete=") {
			return false, fmt.Errorf("%s holds %q: not a gainguard partitioned table, left alone; move it away", path, e.Name())
		}
	}
	return true, nil
}

// stageTable writes table t's partitions into a new folder
// dir/.TABLE.tmp-XXXX and returns it; on error it is removed.
func stageTable(dir string, d *Dataset, t partTable) (_ string, err error) {
	tmp, err := os.MkdirTemp(dir, "."+t.table+".tmp-")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	if err := t.write(tmp, d); err != nil {
		return "", err
	}
	err = filepath.WalkDir(tmp, func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.IsDir() {
			err = syncDir(p)
		}
		return err
	})
	return tmp, err
}

// swapDir replaces dir/table by the staged folder tmp. Where the system
// can exchange two names atomically (Linux renameat2 RENAME_EXCHANGE),
// the two folders are exchanged, so that dir/table is at every instant
// the complete old or the complete new table, and the old one (now named
// tmp) is then removed. Elsewhere the old folder is renamed aside, tmp
// renamed in, and the old one removed (if the second rename fails, the
// old folder is put back; after a kill between the two renames,
// [RecoverPartitions] puts it back).
func swapDir(dir, table, tmp string) error {
	target := filepath.Join(dir, table)
	if err := exchange(tmp, target); err == nil {
		CrashPoint("mid-exchange")
		return os.RemoveAll(tmp)
	}
	old := filepath.Join(dir, "."+table+".old-"+strings.TrimPrefix(filepath.Base(tmp), "."+table+".tmp-"))
	hadOld := true
	if err := os.Rename(target, old); errors.Is(err, fs.ErrNotExist) {
		hadOld = false
	} else if err != nil {
		return err
	}
	if err := os.Rename(tmp, target); err != nil {
		if hadOld {
			os.Rename(old, target)
		}
		return err
	}
	if hadOld {
		return os.RemoveAll(old)
	}
	return nil
}

// removeFile removes path when it is a regular file left by an earlier
// run; a missing file is fine.
func removeFile(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return nil
	}
	return os.Remove(path)
}
