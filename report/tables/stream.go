package tables

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"

	"gainguard/report"
)

// Stream spools one flat table's rows a group of athletes at a time
// (report.BuildStream hands out one athlete's rows at a time), and
// [WriteSpooled] writes the table file from the spool, so that the
// table's rows never exist all at once, nor the Parquet writers of every
// table: while athletes are scored, each group's rows go to the spool in
// a compact binary form (rowCodec: no text, nothing to parse) and are
// dropped; when the file is written, one group's rows are read back at a
// time, and the table's Parquet writer holds its row group (the column
// values of pages not yet full and the compressed pages: the file is one
// row group, as [Write] makes it). A writer per table, fed during the
// run, would hold every table's column values at once until the end:
// some 35 MB at 5,000 activities (docs/performance.md).
//
// The file is byte for byte the one [Write] writes for the dataset the
// groups make up together, provided the groups come in athlete order
// (every table is sorted by athlete first): rows reach the writer in the
// same 64-row batches as one Write of every row (see writeBatch).
type Stream struct {
	spool io.Writer
	add   func(b []byte, d *report.Dataset) []byte
	buf   []byte
	file  string
}

// NewStream starts spooling the table file (one of [Files] but
// [FilesFile], which accounts for every input and is written whole by
// [Write]) to spool.
func NewStream(spool io.Writer, file string) (*Stream, error) {
	s := &Stream{spool: spool, file: file}
	var err error
	switch file {
	case ActivitiesFile:
		s.add, err = encoderOf(ActivityRows)
	case RunsFile:
		s.add, err = encoderOf(RunRows)
	case LiftsFile:
		s.add, err = encoderOf(LiftRows)
	case SetsFile:
		s.add, err = encoderOf(SetRows)
	case WeeksFile:
		s.add, err = encoderOf(WeekRows)
	case RulesFile:
		s.add, err = encoderOf(RuleRows)
	case DaysFile:
		s.add, err = encoderOf(report.DayRows)
	case StrengthFile:
		s.add, err = encoderOf(StrengthRows)
	case ProgressFile:
		s.add, err = encoderOf(ProgressRows)
	default:
		return nil, fmt.Errorf("no streamed table file %q", file)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// encoderOf returns the function that appends the rows of a dataset,
// encoded, to a buffer.
func encoderOf[T any](rows func(*report.Dataset) []T) (func([]byte, *report.Dataset) []byte, error) {
	c, err := newRowCodec[T]()
	if err != nil {
		return nil, err
	}
	return func(b []byte, d *report.Dataset) []byte { return c.append(b, rows(d)) }, nil
}

// Add spools the rows of d, the next group of athletes: the length of
// the encoded group (uvarint), then the group.
func (s *Stream) Add(d *report.Dataset) error {
	// The group goes after room for its length, moved into place after.
	const room = binary.MaxVarintLen64
	var zeros [room]byte
	s.buf = s.add(append(s.buf[:0], zeros[:]...), d)
	var n [binary.MaxVarintLen64]byte
	k := binary.PutUvarint(n[:], uint64(len(s.buf)-room))
	start := room - k
	copy(s.buf[start:], n[:k])
	if _, err := s.spool.Write(s.buf[start:]); err != nil {
		return fmt.Errorf("%s: %w", s.file, err)
	}
	if cap(s.buf) > 1<<20 {
		s.buf = nil // a big athlete's buffer is not kept for the rest
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
	c, err := newRowCodec[T]()
	if err != nil {
		return err
	}
	pw := newTableWriter[T](w, meta, table)
	r := bufio.NewReaderSize(spool, 64<<10)
	var buf []byte
	pending := make([]T, 0, writeBatch) // fewer than writeBatch rows not yet written
	for {
		n, err := binary.ReadUvarint(r)
		if err == io.EOF {
			break
		}
		if err == nil && n > 1<<40 {
			err = fmt.Errorf("group of %d bytes", n)
		}
		if err == nil {
			if uint64(cap(buf)) < n {
				buf = make([]byte, n)
			}
			buf = buf[:n]
			_, err = io.ReadFull(r, buf)
		}
		var rows []T
		if err == nil {
			// The rows' strings are substrings of one copy of the group.
			rows, err = c.decode(pending, string(buf))
		}
		if err != nil {
			return fmt.Errorf("%s spool: %w", table, err)
		}
		n = uint64(len(rows) / writeBatch * writeBatch)
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
