// Package fit imports Garmin FIT activity files (as written by Garmin,
// COROS, Suunto, Wahoo, Polar, Zwift... watches and apps) into gainguard's
// shared [ingest.Activity] vocabulary, in the manner of image/png: one
// Decode function, a [Format] value for the caller's format table, and typed
// errors naming what is wrong.
//
// Decoding streams the file through github.com/muktihari/fit's decoder with
// a synchronous message listener that copies only the fields gainguard
// needs; no whole-file message structures are built. When the file is in
// memory and its checksums pass, record messages are decoded straight
// from its bytes and the library decodes the rest (rawrecord.go), with the
// same result. Chained FIT files (several FIT files back to back) are read
// to the end.
//
// Each session message becomes one Activity (multisport and triathlon files
// yield one per leg); records, laps and strength sets go to the session whose
// time span contains them. A file whose recording was cut short before its
// session message still yields one Activity derived from its records, with
// a note saying so. A smart scale's weight file yields no activity and one
// [ingest.BodyMeasurement] per weight_scale message (weight, body fat and
// muscle mass, at the message's UTC timestamp, precision exact). Files that
// hold no activity (monitoring, settings, workouts, courses, weight files
// without a usable reading) are reported with [ingest.Skip].
package fit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"gainguard/ingest"

	"github.com/muktihari/fit/decoder"
)

// Format is the FIT entry for an [ingest.Format] table.
var Format = ingest.Format{Name: "fit", Exts: []string{".fit"}, Decode: Decode, Header: Header}

// A FormatError reports that the input is not a well-formed FIT file, or
// that it is damaged before any complete session could be read: an
// [ingest.FormatError] with Format "fit". What says what is wrong in a
// few words ("empty file", "not a FIT file", "truncated", "corrupt data",
// "checksum mismatch"); Err, when set, is the underlying decoder error,
// which carries the byte position.
type FormatError = ingest.FormatError

// A ReadError reports that reading the input failed (an I/O error, not a
// problem with the file's contents).
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return "fit: read: " + e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// recoverPanics turns a panic inside the FIT library into an error so one
// hostile file cannot take a whole batch down. The fuzz test switches it off
// so that panics surface as crashers.
var recoverPanics = true

// Decode reads one FIT file (possibly several chained FIT files) from r and
// returns one Activity per session found in it.
//
// Non-activity files give an error for which [ingest.IsSkip] is true.
// Files with a bad checksum are decoded again with checksum verification
// off, with a note. When the data is damaged part way, the complete sessions
// read before the damage are returned with a note; if there are none, the
// error is a *[FormatError].
//
// If r is an [io.ReadSeeker], Decode reads it from its current offset and
// seeks back there when it must decode again; otherwise it reads the input
// into memory first.
func Decode(r io.Reader) (dec ingest.Decoded, err error) {
	if recoverPanics {
		defer func() {
			if p := recover(); p != nil {
				dec = ingest.Decoded{}
				err = &FormatError{Format: "fit", What: "corrupt data", Err: fmt.Errorf("decoder panic: %v", p)}
			}
		}()
	}

	rs, start, size, buf, err := rewindable(r)
	if err != nil {
		return ingest.Decoded{}, err
	}
	defer putBytes(buf)

	res := decodeChecked(buf, rs, start, size)
	if res.readErr != nil {
		return ingest.Decoded{}, &ReadError{Err: res.readErr}
	}
	if res.bytesRead == 0 {
		return ingest.Decoded{}, &FormatError{Format: "fit", What: "empty file"}
	}
	var notes []string
	if res.err != nil && (errors.Is(res.err, decoder.ErrCRCChecksumMismatch) || isInvalidBaseType(res.err)) {
		// Decode again as the FIT SDK reads the file: base type bytes
		// without their endian bit mean the base type they number, and
		// checksums are checked the SDK's way (a zero header CRC means
		// "not computed"; the file CRC covers header and data), which
		// github.com/muktihari/fit does not do for 14-byte headers with
		// a zero CRC. Some devices (older Garmin firmware among them)
		// also write a wrong file CRC on otherwise sound files.
		data := buf // already in memory (normalizeBaseTypes copies before it changes a byte)
		if data == nil {
			if _, serr := rs.Seek(start, io.SeekStart); serr != nil {
				return ingest.Decoded{}, &ReadError{Err: serr}
			}
			var rerr error
			if data, rerr = ingest.ReadAll(rs); rerr != nil {
				return ingest.Decoded{}, &ReadError{Err: rerr}
			}
		}
		fixed, nfixed := normalizeBaseTypes(data)
		res.release() // the first attempt's samples
		res = decodeStream(bytes.NewReader(fixed), int64(len(fixed)), true)
		if res.readErr != nil {
			return ingest.Decoded{}, &ReadError{Err: res.readErr}
		}
		if nfixed > 0 {
			notes = append(notes, fmt.Sprintf("%d field definition(s) with a base type byte lacking its endian bit read as the FIT SDK reads them", nfixed))
		}
		if !checksumsOK(data) {
			notes = append(notes, "file checksum mismatch ignored")
		}
	}
	dec, err = res.build(notes)
	if err == nil {
		dec.Release = res.release
	}
	return dec, err
}

// rewindable returns a ReadSeeker over r's data, the offset at which the
// data starts, and its size in bytes when known (-1 otherwise). When it had
// to read r into memory, buf is that pooled storage (see putBytes), to be
// given back once the data is no longer read.
func rewindable(r io.Reader) (rs io.ReadSeeker, start, size int64, buf []byte, err error) {
	if rs, ok := r.(io.ReadSeeker); ok {
		if start, err := rs.Seek(0, io.SeekCurrent); err == nil {
			size := int64(-1)
			if end, err := rs.Seek(0, io.SeekEnd); err == nil {
				size = end - start
			}
			if _, err := rs.Seek(start, io.SeekStart); err != nil {
				return nil, 0, 0, nil, &ReadError{Err: err}
			}
			return rs, start, size, nil, nil
		}
	}
	data, err := readAllPooled(r)
	if err != nil {
		putBytes(data)
		return nil, 0, 0, nil, &ReadError{Err: err}
	}
	return bytes.NewReader(data), 0, int64(len(data)), data, nil
}

// countingReader counts the bytes read and remembers a read error other
// than io.EOF, so that I/O failures are not mistaken for damaged data.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}

// decodeStream runs the decoder over every chained FIT file in r and
// collects what the listener copied out.
func decodeStream(r io.Reader, size int64, ignoreChecksum bool) *collector {
	cr := &countingReader{r: r}
	c := newCollector(size)
	opts := []decoder.Option{
		decoder.WithMesgListener(c),
		decoder.WithBroadcastOnly(),
		decoder.WithFactory(decoderFactory()),
	}
	if ignoreChecksum {
		opts = append(opts, decoder.WithIgnoreChecksum())
	}
	d := getDecoder(cr, opts...)
	defer putDecoder(d)
	for d.Next() {
		c.startSegment()
		f, err := d.Decode()
		if err != nil {
			c.err = err
			break
		}
		c.seqs = append(c.seqs, sequence{headerSize: f.FileHeader.Size, dataSize: f.FileHeader.DataSize, crc: f.CRC})
	}
	c.bytesRead, c.readErr = cr.n, cr.err
	return c
}

// decoderFactory returns the decoder's field factory; tests swap in the
// standard factory to check that fieldFactory changes no result.
var decoderFactory = func() decoder.Factory { return newFieldFactory() }

// isInvalidBaseType reports whether err is the decoder's complaint about
// a base type byte it does not know (its error value is unexported).
func isInvalidBaseType(err error) bool {
	return err != nil && strings.Contains(err.Error(), "invalid basetype")
}

// reasonOf names, in a few words, what a decoder error says is wrong.
func reasonOf(err error) string {
	switch {
	case errors.Is(err, decoder.ErrNotFITFile):
		return "not a FIT file"
	case errors.Is(err, decoder.ErrCRCChecksumMismatch):
		return "checksum mismatch"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated"
	case errors.Is(err, decoder.ErrMesgDefMissing):
		return "corrupt data (message without definition)"
	case isInvalidBaseType(err):
		return "corrupt data (invalid base type)"
	}
	return "corrupt data"
}
