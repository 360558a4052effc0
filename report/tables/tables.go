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

// Write writes the flat table file (one of [Files], or [RecordsFile]) of
// d to w.
func Write(w io.Writer, d *report.Dataset, file string) error {
	switch file {
	case ActivitiesFile:
		return writeActivities(w, d)
	case RunsFile:
		return writeRuns(w, d)
	case LiftsFile:
		return writeLifts(w, d)
	case SetsFile:
		return writeSets(w, d)
	case WeeksFile:
		return writeWeeks(w, d)
	case RulesFile:
		return writeRules(w, d)
	case DaysFile:
		return writeTable(w, d, "days", report.DayRows(d))
	case StrengthFile:
		return writeStrength(w, d)
	case ProgressFile:
		return writeProgress(w, d)
	case FilesFile:
		return writeFiles(w, d)
	case RecordsFile:
		return writeRecords(w, d)
	}
	return fmt.Errorf("no table file %q", file)
}
