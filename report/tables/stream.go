package tables

import (
	"fmt"
	"io"

	"gainguard/report"
)

// Stream writes one flat table file a group of athletes at a time
// (report.BuildStream hands out one athlete's rows at a time), so that
// the table's rows never exist all at once: each group's rows go straight
// to the table's Parquet writer and are dropped. The writer holds the
// file's one row group until [Stream.Close] (the column values of pages
// not yet full and the compressed pages, as in [Write]) and then writes
// the file to w.
//
// The file is byte for byte the one [Write] writes for the dataset the
// groups make up together, provided the groups come in athlete order
// (every table is sorted by athlete first): rows reach the writer in the
// same 64-row batches as one Write of every row (see writeBatch), the
// rows short of a batch carried over to the next group.
type Stream struct {
	file  string
	add   func(d *report.Dataset) error
	close func() error
}

// NewStream starts the table file (one of [Files] but [FilesFile], which
// accounts for every input and is written whole by [Write]) on w; meta
// gives the version and time recorded in the file.
func NewStream(w io.Writer, meta *report.Dataset, file string) (*Stream, error) {
	switch file {
	case ActivitiesFile:
		return newStream(w, meta, file, "activities", ActivityRows), nil
	case RunsFile:
		return newStream(w, meta, file, "runs", RunRows), nil
	case LiftsFile:
		return newStream(w, meta, file, "lifts", LiftRows), nil
	case SetsFile:
		return newStream(w, meta, file, "sets", SetRows), nil
	case WeeksFile:
		return newStream(w, meta, file, "weeks", WeekRows), nil
	case RulesFile:
		return newStream(w, meta, file, "rules", RuleRows), nil
	case DaysFile:
		return newStream(w, meta, file, "days", report.DayRows), nil
	case StrengthFile:
		return newStream(w, meta, file, "strength", StrengthRows), nil
	case ProgressFile:
		return newStream(w, meta, file, "progress", ProgressRows), nil
	}
	return nil, fmt.Errorf("no streamed table file %q", file)
}

// writeBatch is how many rows parquet-go's GenericWriter.Write hands its
// column writers at a time (maxRowsPerWrite in v0.32.0's writer.go); a
// page is cut only between batches, when a column's buffer is full. The
// groups are therefore passed on in whole batches, the rest kept for the
// next group, so that pages are cut where one Write of every row cuts
// them. TestStreamMatchesWrite holds the bytes equal.
const writeBatch = 64

func newStream[T any](w io.Writer, meta *report.Dataset, file, table string, rowsOf func(*report.Dataset) []T) *Stream {
	pw := newTableWriter[T](w, meta, table)
	pending := make([]T, 0, writeBatch) // fewer than writeBatch rows not yet written
	return &Stream{
		file: file,
		add: func(d *report.Dataset) error {
			rows := rowsOf(d)
			if len(pending) > 0 {
				rows = append(pending, rows...)
			}
			n := len(rows) / writeBatch * writeBatch
			if n > 0 {
				if _, err := pw.Write(rows[:n]); err != nil {
					return err
				}
			}
			// pending's own array, whatever rows is (a big group's, or
			// pending's when the rows fitted).
			pending = append(pending[:0], rows[n:]...)
			return nil
		},
		close: func() error {
			if len(pending) > 0 {
				if _, err := pw.Write(pending); err != nil {
					return err
				}
			}
			return pw.Close()
		},
	}
}

// Add writes the rows of d, the next group of athletes.
func (s *Stream) Add(d *report.Dataset) error {
	if err := s.add(d); err != nil {
		return fmt.Errorf("%s: %w", s.file, err)
	}
	return nil
}

// Close writes the rows held back and the file's row group and footer.
func (s *Stream) Close() error {
	if err := s.close(); err != nil {
		return fmt.Errorf("%s: %w", s.file, err)
	}
	return nil
}
