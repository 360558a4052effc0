// Package tables writes a [report.Dataset] as Parquet tables: the row type
// and rows of each table (activities, runs, lifts, sets, weeks, rules,
// days, strength, progress, files and the optional per-sample records),
// one flat TABLE.parquet file each ([Write]) or, partitioned, a
// Hive-partitioned TABLE/athlete=A/year=Y/ folder each ([PartTables]).
// Columns are documented in docs/data-dictionary.md. The output folder
// (which files, committed how, with its manifest) is report/output's.
package tables

import (
	"fmt"
	"io"

	"gainguard/report"
)

// Flat file names of the tables.
const (
	ActivitiesFile = "activities.parquet"
	RunsFile       = "runs.parquet"
	LiftsFile      = "lifts.parquet"
	SetsFile       = "sets.parquet"
	WeeksFile      = "weeks.parquet"
	FilesFile      = "files.parquet"
	// DaysFile is the per athlete-day table ([report.DayRows]).
	DaysFile = "days.parquet"
)

// Files lists the tables every run writes, in the order they are
// written; records.parquet ([RecordsFile]) is optional.
var Files = []string{ActivitiesFile, RunsFile, LiftsFile, SetsFile, WeeksFile, RulesFile, DaysFile, StrengthFile, ProgressFile, FilesFile}

// flatTable is one flat table file: its name in the file's metadata, and
// how it is written whole ([Write]) and, for the tables of row type T
// that [Stream] spools, encoded to a spool and written from it
// ([WriteSpooled]). files.parquet (every input, written whole at the end)
// and records.parquet (per-sample rows, in chunks) are not spooled.
type flatTable struct {
	name      string
	write     func(w io.Writer, d *report.Dataset) error
	encoder   func() (func(*Stream, *report.Dataset) error, error) // nil: not spooled
	fromSpool func(w io.Writer, meta *report.Dataset, spool io.Reader) error
}

// rowTable is the flatTable of the rows rows(d), of type T.
func rowTable[T any](name string, rows func(*report.Dataset) []T) flatTable {
	return flatTable{
		name:    name,
		write:   func(w io.Writer, d *report.Dataset) error { return writeTable(w, d, name, rows(d)) },
		encoder: func() (func(*Stream, *report.Dataset) error, error) { return encoderOf(rows) },
		fromSpool: func(w io.Writer, meta *report.Dataset, spool io.Reader) error {
			return writeSpooled[T](w, meta, name, spool)
		},
	}
}

// flatTables are the table files by flat file name.
var flatTables = map[string]flatTable{
	ActivitiesFile: rowTable("activities", ActivityRows),
	RunsFile:       rowTable("runs", RunRows),
	LiftsFile:      rowTable("lifts", LiftRows),
	SetsFile:       rowTable("sets", SetRows),
	WeeksFile:      rowTable("weeks", WeekRows),
	RulesFile:      rowTable("rules", RuleRows),
	DaysFile:       rowTable("days", report.DayRows),
	StrengthFile:   rowTable("strength", StrengthRows),
	ProgressFile:   rowTable("progress", ProgressRows),
	FilesFile: {name: "files", write: func(w io.Writer, d *report.Dataset) error {
		return writeTable(w, d, "files", FileRows(d))
	}},
	RecordsFile: {name: "records", write: writeRecords},
}

// Write writes the flat table file (one of [Files], or [RecordsFile]) of
// d to w.
func Write(w io.Writer, d *report.Dataset, file string) error {
	t, ok := flatTables[file]
	if !ok {
		return fmt.Errorf("no table file %q", file)
	}
	return t.write(w, d)
}
