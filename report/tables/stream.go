package tables

import (
	"bufio"
	"bytes"
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
// a compact binary form (rowCodec: no text, nothing to parse; frames of
// some 32 KiB) and are dropped; when the file is written, one frame's
// rows are read back at a time, and the table's Parquet writer holds its
// row group (the column
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
	add   func(s *Stream, d *report.Dataset) error
	buf   []byte // the frame being encoded, after frameHead bytes
	rows  int    // rows in buf
	file  string
}

// NewStream starts spooling the table file (one of [Files] but
// [FilesFile], which accounts for every input and is written whole by
// [Write]) to spool.
func NewStream(spool io.Writer, file string) (*Stream, error) {
	t, ok := flatTables[file]
	if !ok || t.encoder == nil {
		return nil, fmt.Errorf("no streamed table file %q", file)
	}
	add, err := t.encoder()
	if err != nil {
		return nil, err
	}
	return &Stream{spool: spool, file: file, add: add}, nil
}

// The spool is a sequence of frames: the frame's length (uvarint), its
// row count (uvarint), its rows (rowCodec). A frame holds the rows of one
// group, or part of them: it is written when it reaches frameBytes, so
// that neither the writing nor the reading side buffers a large
// athlete's rows whole.
const (
	frameBytes = 32 << 10
	frameHead  = 2 * binary.MaxVarintLen64
)

// encoderOf returns the function that spools the rows of a dataset.
func encoderOf[T any](rowsOf func(*report.Dataset) []T) (func(*Stream, *report.Dataset) error, error) {
	c, err := newRowCodec[T]()
	if err != nil {
		return nil, err
	}
	return func(s *Stream, d *report.Dataset) error {
		rows := rowsOf(d)
		for i := range rows {
			if s.rows == 0 {
				var head [frameHead]byte
				s.buf = append(s.buf[:0], head[:]...)
			}
			s.buf = c.appendRow(s.buf, &rows[i])
			if s.rows++; len(s.buf) >= frameBytes {
				if err := s.flush(); err != nil {
					return err
				}
			}
		}
		return s.flush()
	}, nil
}

// flush writes the frame in buf, if any.
func (s *Stream) flush() error {
	if s.rows == 0 {
		return nil
	}
	// The head, right-aligned before the rows: length, then row count.
	var count [binary.MaxVarintLen64]byte
	nc := binary.PutUvarint(count[:], uint64(s.rows))
	var length [binary.MaxVarintLen64]byte
	nl := binary.PutUvarint(length[:], uint64(len(s.buf)-frameHead+nc))
	start := frameHead - nc - nl
	copy(s.buf[start:], length[:nl])
	copy(s.buf[start+nl:], count[:nc])
	s.rows = 0
	_, err := s.spool.Write(s.buf[start:])
	if cap(s.buf) > 2*frameBytes {
		s.buf = nil // a huge row's buffer is not kept
	}
	return err
}

// Add spools the rows of d, the next group of athletes.
func (s *Stream) Add(d *report.Dataset) error {
	if err := s.add(s, d); err != nil {
		return fmt.Errorf("%s: %w", s.file, err)
	}
	return nil
}

// WriteSpooled writes the table file (as [NewStream] named it) to w from
// what its [Stream] spooled, read from spool; meta gives the version and
// time recorded in the file.
func WriteSpooled(w io.Writer, meta *report.Dataset, file string, spool io.Reader) error {
	t, ok := flatTables[file]
	if !ok || t.fromSpool == nil {
		return fmt.Errorf("no streamed table file %q", file)
	}
	return t.fromSpool(w, meta, spool)
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
			err = fmt.Errorf("frame of %d bytes", n)
		}
		if err == nil {
			if uint64(cap(buf)) < n {
				// Grown as the bytes arrive: a damaged length ends in an
				// error (too few bytes), not in one huge allocation.
				var b bytes.Buffer
				if _, err = io.CopyN(&b, r, int64(n)); err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				buf = b.Bytes()
			} else {
				buf = buf[:n]
				_, err = io.ReadFull(r, buf)
			}
		}
		var rows []T
		if err == nil {
			// The rows' strings are substrings of one copy of the frame.
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
