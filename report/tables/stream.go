package tables

import (
	"encoding/json"
	"fmt"
	"io"

	"gainguard/report"
)

// Stream spools one flat table's rows a group of athletes at a time
// (report.BuildStream hands out one athlete's rows at a time), and
// [WriteSpooled] writes the table file from the spool, so that the
// table's rows never exist all at once, nor the Parquet writers of every
// table: while athletes are scored, each group's rows go to the spool as
// one JSON array (a line) and are dropped; when the file is written, one
// group's rows are read back at a time, and the table's Parquet writer
// holds its row group (the column values of pages not yet full and the
// compressed pages: the file is one row group, as [Write] makes it).
//
// JSON keeps what the rows hold exactly for the values tables have:
// NULL (nil) against 0, empty lists, float64 (shortest round-tripping
// form), times (UTC, nanoseconds); strings must be valid UTF-8, as the
// batch and everything built from it are (a NaN or infinite float, which
// no column holds outside a NULL, fails the Add).
//
// The file is byte for byte the one [Write] writes for the dataset the
// groups make up together, provided the groups come in athlete order
// (every table is sorted by athlete first): rows reach the writer in the
// same 64-row batches as one Write of every row (see writeBatch).
type Stream struct {
	enc  *json.Encoder
	add  func(d *report.Dataset) any
	file string
}

// NewStream starts spooling the table file (one of [Files] but
// [FilesFile], which accounts for every input and is written whole by
// [Write]) to spool.
func NewStream(spool io.Writer, file string) (*Stream, error) {
	s := &Stream{enc: json.NewEncoder(spool), file: file}
	s.enc.SetEscapeHTML(false)
	switch file {
	case ActivitiesFile:
		s.add = rowsOf(ActivityRows)
	case RunsFile:
		s.add = rowsOf(RunRows)
	case LiftsFile:
		s.add = rowsOf(LiftRows)
	case SetsFile:
		s.add = rowsOf(SetRows)
	case WeeksFile:
		s.add = rowsOf(WeekRows)
	case RulesFile:
		s.add = rowsOf(RuleRows)
	case DaysFile:
		s.add = rowsOf(report.DayRows)
	case StrengthFile:
		s.add = rowsOf(StrengthRows)
	case ProgressFile:
		s.add = rowsOf(ProgressRows)
	default:
		return nil, fmt.Errorf("no streamed table file %q", file)
	}
	return s, nil
}

// rowsOf returns rows as a func giving any.
func rowsOf[T any](rows func(*report.Dataset) []T) func(*report.Dataset) any {
	return func(d *report.Dataset) any { return rows(d) }
}

// Add spools the rows of d, the next group of athletes.
func (s *Stream) Add(d *report.Dataset) error {
	if err := s.enc.Encode(s.add(d)); err != nil {
		return fmt.Errorf("%s: %w", s.file, err)
	}
	return nil
}

// WriteSpooled writes the table file (as [NewStream] named it) to w from
// what its [Stream] spooled, read from spool; meta gives the version and
// time recorded in the file.
func WriteSpooled(w io.Writer, meta *report.Dataset, file string, spool io.Reader) error {
	switch file {
	case ActivitiesFile:
		return writeSpooled[ActivityRow](w, meta, "activities", spool)
	case RunsFile:
		return writeSpooled[RunRow](w, meta, "runs", spool)
	case LiftsFile:
		return writeSpooled[LiftRow](w, meta, "lifts", spool)
	case SetsFile:
		return writeSpooled[SetRow](w, meta, "sets", spool)
	case WeeksFile:
		return writeSpooled[WeekRow](w, meta, "weeks", spool)
	case RulesFile:
		return writeSpooled[RuleRow](w, meta, "rules", spool)
	case DaysFile:
		return writeSpooled[report.DayRow](w, meta, "days", spool)
	case StrengthFile:
		return writeSpooled[StrengthRow](w, meta, "strength", spool)
	case ProgressFile:
		return writeSpooled[ProgressRow](w, meta, "progress", spool)
	}
	return fmt.Errorf("no streamed table file %q", file)
}

// writeBatch is how many rows parquet-go's GenericWriter.Write hands its
// column writers at a time (maxRowsPerWrite in v0.32.0's writer.go); a
// page is cut only between batches, when a column's buffer is full. The
// spooled groups are therefore passed on in whole batches, the rest kept
// for the next group, so that pages are cut where one Write of every row
// cuts them. TestStreamMatchesWrite holds the bytes equal.
const writeBatch = 64

func writeSpooled[T any](w io.Writer, meta *report.Dataset, table string, spool io.Reader) error {
	pw := newTableWriter[T](w, meta, table)
	dec := json.NewDecoder(spool)
	var pending []T // fewer than writeBatch rows not yet written
	for {
		var rows []T
		if err := dec.Decode(&rows); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("%s spool: %w", table, err)
		}
		if len(pending) > 0 {
			rows = append(pending, rows...)
		}
		n := len(rows) / writeBatch * writeBatch
		if n > 0 {
			if _, err := pw.Write(rows[:n]); err != nil {
				return err
			}
		}
		// Keep the rest in a slice of its own: rows may be a big group's.
		pending = append(make([]T, 0, writeBatch), rows[n:]...)
	}
	if len(pending) > 0 {
		if _, err := pw.Write(pending); err != nil {
			return err
		}
	}
	return pw.Close()
}
