package state

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"gainguard/ingest"
)

// packReader is a pack open for reading, with the gob decoders that have
// read its types, free for use.
type packReader struct {
	f     *os.File // nil: not openable
	types []byte   // nil: unknown (no record of the pack can be decoded)
	mu    sync.Mutex
	free  []*recordDecoder
}

// recordDecoder is a gob decoder reading one record at a time (after its
// pack's types, the first time).
type recordDecoder struct {
	dec    *gob.Decoder
	in     feed
	primed bool // it has read its pack's types
}

// feed is what a recordDecoder reads: a, then b. It is an io.ByteReader,
// so that gob reads no further than it needs.
type feed struct{ a, b []byte }

func (f *feed) Read(p []byte) (int, error) {
	for len(f.a) == 0 {
		if len(f.b) == 0 {
			return 0, io.EOF
		}
		f.a, f.b = f.b, nil
	}
	n := copy(p, f.a)
	f.a = f.a[n:]
	return n, nil
}

func (f *feed) ReadByte() (byte, error) {
	var b [1]byte
	if _, err := f.Read(b[:]); err != nil {
		return 0, err
	}
	return b[0], nil
}

// read reads r's bytes from the pack (into buf when it is large enough)
// and checks their length and CRC-32C.
func (p *packReader) read(r *cacheRecord, buf []byte) ([]byte, bool) {
	if p.f == nil || r.Len < 0 || r.Len > maxRecordLen || r.Offset < 0 {
		return nil, false
	}
	if int64(cap(buf)) < r.Len {
		buf = make([]byte, r.Len)
	}
	data := buf[:r.Len]
	if n, _ := p.f.ReadAt(data, r.Offset); n != len(data) {
		return nil, false
	}
	if crc32.Checksum(data, castagnoli) != r.Sum {
		return nil, false
	}
	return data, true
}

// decodeGob decodes the gob part of a record of the pack (the Outcome
// without its samples) and returns it with the rest of the record (the
// sample columns). The record must hold one gob value message: a decoder
// only ever reads its pack's types and values. A decoder that fails is
// dropped; one that succeeds is kept for the next record.
func (p *packReader) decodeGob(data []byte) (ingest.Outcome, []byte, error) {
	var o ingest.Outcome
	if len(data) < 4 || p.types == nil {
		return o, nil, errRecord
	}
	g := int(binary.LittleEndian.Uint32(data))
	if g > len(data)-4 || !valueMessage(data[4:4+g]) {
		return o, nil, errRecord
	}
	p.mu.Lock()
	var d *recordDecoder
	if n := len(p.free); n > 0 {
		d, p.free = p.free[n-1], p.free[:n-1]
	}
	p.mu.Unlock()
	if d == nil {
		d = &recordDecoder{}
		d.dec = gob.NewDecoder(&d.in)
	}
	d.in = feed{data[4 : 4+g], nil}
	if !d.primed {
		d.in = feed{p.types, data[4 : 4+g]}
	}
	err := d.dec.Decode(&o)
	if err == nil && len(d.in.a)+len(d.in.b) != 0 {
		err = errRecord
	}
	d.in = feed{}
	if err != nil {
		return ingest.Outcome{}, nil, err
	}
	d.primed = true
	p.mu.Lock()
	p.free = append(p.free, d)
	p.mu.Unlock()
	return o, data[4+g:], nil
}

// pack returns the pack name open for reading (ReadAt is safe for
// concurrent use), opening it at first use with the given types; nil if
// name cannot be a pack.
func (c *FileCache) pack(name string, types []byte) *packReader {
	if !validPackName(name) {
		return nil
	}
	c.rmu.Lock()
	defer c.rmu.Unlock()
	p, ok := c.readers[name]
	if !ok {
		p = &packReader{types: types}
		if f, err := ingest.OpenRegular(filepath.Join(c.packDir(), name), false); err == nil {
			p.f = f
		}
		c.readers[name] = p
	}
	return p
}

// closeReaders closes the packs open for reading.
func (c *FileCache) closeReaders() {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	for name, p := range c.readers {
		if p.f != nil {
			p.f.Close()
		}
		delete(c.readers, name)
	}
}

// validPackName reports whether name can be a pack in the packs folder.
func validPackName(name string) bool {
	return len(name) > len(packExt) && strings.HasSuffix(name, packExt) &&
		!strings.ContainsAny(name, `/\`) && name == filepath.Base(name)
}

// packWriter appends records to a new pack through a buffer. Its one gob
// encoder encodes every record's gob part: the type definitions it sends
// (only with the first value of each type) go to types, the values to
// the records.
type packWriter struct {
	dir, name string
	f         *os.File
	bw        *bufio.Writer
	off       int64 // bytes appended so far
	enc       *gob.Encoder
	gbuf      bytes.Buffer // what enc wrote for the current record
	types     []byte       // the type definitions enc sent, for the index
}

// createPack creates a new, uniquely named pack in dir (O_EXCL: never an
// existing one).
func createPack(dir string) (*packWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for range 8 {
		var rnd [6]byte
		rand.Read(rnd[:])
		now := time.Now().UTC()
		name := fmt.Sprintf("%s%09d-%x%s", now.Format("20060102T150405"), now.Nanosecond(), rnd, packExt)
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		w := &packWriter{dir: dir, name: name, f: f, bw: bufio.NewWriterSize(f, packBufSize)}
		w.enc = gob.NewEncoder(&w.gbuf)
		return w, nil
	}
	return nil, errors.New("no unique pack name")
}

// add encodes o (its samples left out) with the pack's encoder, appends
// the record (u32 gob length, the gob value message, then tail) and
// returns it with its offset. Any error leaves the encoder's stream in
// doubt: the pack must take no more records.
func (w *packWriter) add(o *ingest.Outcome, tail []byte) ([]byte, int64, error) {
	w.gbuf.Reset()
	err := w.enc.Encode(o)
	// The encoder wrote one message per Write: the definitions of the
	// types it had not sent yet, then the value.
	b := w.gbuf.Bytes()
	var val []byte
	for len(b) > 0 {
		id, n, ok := nextGobMessage(b)
		switch {
		case !ok:
			return nil, 0, errors.New("state: unexpected gob stream")
		case id < 0:
			w.types = append(w.types, b[:n]...)
		case n == len(b) && err == nil:
			val = b
		default:
			return nil, 0, errors.New("state: unexpected gob message")
		}
		b = b[n:]
	}
	if err != nil {
		return nil, 0, err
	}
	if val == nil {
		return nil, 0, errors.New("state: no gob value")
	}
	data := make([]byte, 4, 4+len(val)+len(tail))
	binary.LittleEndian.PutUint32(data, uint32(len(val)))
	data = append(append(data, val...), tail...)
	off, err := w.append(data)
	if err != nil {
		return nil, 0, err
	}
	return data, off, nil
}

// append writes data at the end of the pack and returns its offset.
func (w *packWriter) append(data []byte) (int64, error) {
	off := w.off
	if err := ingest.InjectedFault("state", filepath.Join(w.dir, w.name)); err != nil {
		return 0, err
	}
	if _, err := w.bw.Write(data); err != nil {
		return 0, err
	}
	w.off += int64(len(data))
	return off, nil
}

// finish flushes, syncs and closes the pack; on error it removes it.
func (w *packWriter) finish() error {
	err := w.bw.Flush()
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(filepath.Join(w.dir, w.name))
	}
	return err
}

// abort closes and removes the pack.
func (w *packWriter) abort() {
	w.f.Close()
	os.Remove(filepath.Join(w.dir, w.name))
}

// compact copies the records, in pack and offset order, into one new
// pack, synced, and returns its name, its gob types and the records
// pointing into it. Each record's gob part is decoded and encoded again
// with the new pack's encoder (the types it needs may be defined in
// another pack); its sample columns are copied. A record that cannot be
// read back intact is left out (its input is decoded again next time).
func (c *FileCache) compact(recs []cacheRecord, types map[string][]byte) (string, []byte, []cacheRecord, error) {
	order := make([]int, len(recs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		ra, rb := &recs[order[a]], &recs[order[b]]
		if ra.Pack != rb.Pack {
			return ra.Pack < rb.Pack
		}
		return ra.Offset < rb.Offset
	})
	w, err := createPack(c.packDir())
	if err != nil {
		return "", nil, nil, err
	}
	out := make([]cacheRecord, len(recs))
	keep := make([]bool, len(recs))
	var buf []byte
	for _, i := range order {
		r := recs[i]
		p := c.pack(r.Pack, types[r.Pack])
		if p == nil {
			continue
		}
		data, ok := p.read(&r, buf)
		if !ok {
			continue
		}
		buf = data
		o, tail, err := p.decodeGob(data)
		if err != nil {
			continue
		}
		ndata, off, err := w.add(&o, tail)
		if err != nil {
			w.abort()
			return "", nil, nil, err
		}
		r.Pack, r.Offset, r.Len, r.Sum = w.name, off, int64(len(ndata)), crc32.Checksum(ndata, castagnoli)
		out[i], keep[i] = r, true
	}
	if err := w.finish(); err != nil {
		return "", nil, nil, err
	}
	kept := out[:0]
	for i := range out {
		if keep[i] {
			kept = append(kept, out[i])
		}
	}
	return w.name, w.types, kept, nil
}
