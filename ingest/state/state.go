// Package state keeps what [ingest.Import] decoded between runs: a
// [FileCache] is an [ingest.Cache] kept in a folder, as one checksummed
// index and append-only packs of encoded outcomes, compacted when they
// grow, so that a run decodes only new or changed files.
//
// The layout (see [FileCache]): IndexFileName, a gob index with a layout
// version ([LayoutVersion]), the gainguard version and the decoding
// options' fingerprint, which a state of any other value is rebuilt for;
// and PacksDirName, the packs, each record checked against the length and
// CRC-32C the index keeps.
package state

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gainguard/ingest"
)

// LayoutVersion is the version of the state layout; a state of another
// version is rebuilt. 5: sets carry their log's mark (warm-up, drop,
// failure). 6: activities carry SportSource, and FIT outcomes changed (hr
// messages merged, implausible heart rates dropped). 7: an RPE not logged
// is NaN (it was 0).
const LayoutVersion = 7

// State files: IndexFileName in the state folder, and the packs holding
// the encoded outcomes in PacksDirName (see [FileCache]).
const (
	IndexFileName = "state.gob"
	PacksDirName  = "packs"
)

const (
	// packExt ends the name of every pack.
	packExt = ".pack"
	// packBufSize is the write buffer of a run's pack.
	packBufSize = 1 << 20
	// maxRecordLen bounds the length of one record a Get reads.
	maxRecordLen = 1 << 30
	// Save compacts the packs the index references into one when they
	// hold more than compactRatio × the live bytes, or when there are
	// more than maxPacks of them.
	compactRatio = 2
	maxPacks     = 16
	// legacyObjectsDir held one file per input in state format 2; Save
	// removes it.
	legacyObjectsDir = "objects"
)

// stateMagic opens every index file.
var stateMagic = []byte("GAINGUARD-STATE\n")

// castagnoli is the CRC-32C table for record checksums.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// cacheRecord is one cached input in the index. Its outcome is the Len
// bytes at Offset in the pack Pack, with CRC-32C Sum: it is encoded when
// stored, so that later changes to the batch's activities cannot reach
// the cache, and decoded only when used, with the gob type definitions
// the index keeps for its pack (see [packTypes]).
type cacheRecord struct {
	Path      string
	Athlete   string
	Size      int64
	ModTime   int64
	Entry     string
	CRC32     uint32
	EntrySize int64
	Hash      [sha256.Size]byte // of the file at Path
	Pack      string            // file name in the packs folder
	Offset    int64
	Len       int64
	Sum       uint32
}

func (r *cacheRecord) id() string {
	if r.Entry != "" {
		return r.Entry
	}
	return r.Path
}

// packTypes holds the gob type definitions of one pack: every message
// defining a type that the pack's gob encoder sent, in order. A pack's
// records hold gob value messages only, so that each record decodes on
// its own, in any order, once a decoder has read its pack's types: the
// type information is stored (and compiled by a reader) once per pack,
// not once per record. They are kept in the index, whose checksum covers
// them, so a damaged pack loses only the records it damages.
type packTypes struct {
	Name  string // of the pack
	Types []byte
}

// stateFile is the payload of the index.
type stateFile struct {
	Format      int
	Version     string      // gainguard version that wrote it
	Fingerprint string      // decoding options (formats, guards) it was made with
	Packs       []packTypes // of the packs Records refer to, by name
	Records     []cacheRecord
}

// FileCache is a [ingest.Cache] kept in a folder: an index (one gob file with a
// layout version, the gainguard version, an options fingerprint and a
// SHA-256 checksum) and pack files holding the encoded outcomes, each
// checked against the length and CRC-32C the index records.
//
// Packs are append-only: a run that stores anything writes one new pack
// (created at its first Put, shared by all workers), and Save syncs it
// before the index that refers to it is written. Save then removes the
// packs the index does not refer to (those of killed runs, or whose
// entries are all gone), and compacts: when the packs referred to hold
// more than twice the live bytes, or are more than 16, the live records
// are encoded again into one fresh pack first. Packs are removed only
// after the new index is in place, so a crash leaves the old index with
// its packs or the new one with its pack.
//
// A pack's records are encoded by one gob encoder, so gob type
// definitions are sent once per pack: the index keeps them (see
// [packTypes]), and the records hold gob values only, each decodable on
// its own, in any order, by a decoder that has read its pack's types.
//
// Entries are valid when the key's Path, Athlete, Size and ModTime match
// (a file whose size and modification time are unchanged is trusted
// without being read); when only ModTime differs, the file's SHA-256 is
// compared with the stored one, so a touched but identical file is not
// decoded again. Entries not used (hit or stored) during a run are dropped
// when it is saved, so deleted files leave the state.
type FileCache struct {
	dir                  string
	version, fingerprint string

	mu      sync.Mutex
	old     map[string]*cacheRecord
	next    map[string]*cacheRecord
	changed bool              // next differs from old beyond the entries carried over unchanged
	types   map[string][]byte // the gob types of the packs old refers to, by name

	// wmu guards this run's pack, created at the first Put. After a
	// write error (werr) nothing more is stored until Save.
	wmu  sync.Mutex
	w    *packWriter
	werr error

	// rmu guards the packs open for reading, by name (nil: invalid name).
	rmu     sync.Mutex
	readers map[string]*packReader

	hits, misses atomic.Int64
}

// NewFileCache returns an empty cache kept in dir, for the given
// gainguard version and options fingerprint (see [ingest.Options.Fingerprint]).
func NewFileCache(dir, version, fingerprint string) *FileCache {
	return &FileCache{dir: dir, version: version, fingerprint: fingerprint,
		old: map[string]*cacheRecord{}, next: map[string]*cacheRecord{}, changed: true,
		types: map[string][]byte{}, readers: map[string]*packReader{}}
}

// LoadFileCache reads the index in dir. A missing index gives an empty
// cache and no problem. A damaged index (bad magic, bad checksum, gob
// error) or an outdated one (other layout, gainguard version or options)
// gives an empty cache and problem says why, in one line: it is rebuilt,
// never trusted. err is set only for I/O errors other than a missing
// index; the cache is then empty and usable too. A damaged or missing
// pack is found when it is used, and its inputs decoded again.
func LoadFileCache(dir, version, fingerprint string) (c *FileCache, problem string, err error) {
	c = NewFileCache(dir, version, fingerprint)
	data, err := ingest.ReadRegular(filepath.Join(dir, IndexFileName), false)
	if errors.Is(err, os.ErrNotExist) {
		return c, "", nil
	}
	if err != nil {
		return c, "", err
	}
	if len(data) < len(stateMagic)+sha256.Size || !bytes.Equal(data[:len(stateMagic)], stateMagic) {
		return c, "damaged (not a gainguard state file)", nil
	}
	payload := data[len(stateMagic) : len(data)-sha256.Size]
	if sum := sha256.Sum256(payload); !bytes.Equal(sum[:], data[len(data)-sha256.Size:]) {
		return c, "damaged (checksum mismatch)", nil
	}
	var st stateFile
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&st); err != nil {
		return c, fmt.Sprintf("damaged (%v)", err), nil
	}
	switch {
	case st.Format != LayoutVersion:
		return c, fmt.Sprintf("outdated (state format %d, want %d)", st.Format, LayoutVersion), nil
	case st.Version != version:
		return c, fmt.Sprintf("outdated (written by gainguard %s, this is %s)", st.Version, version), nil
	case st.Fingerprint != fingerprint:
		return c, "outdated (written with other formats or archive limits)", nil
	}
	for i := range st.Records {
		r := &st.Records[i]
		c.old[r.id()] = r
	}
	for _, p := range st.Packs {
		c.types[p.Name] = p.Types
	}
	c.changed = false
	return c, "", nil
}

// RemoveOrphanPacks removes the packs that the loaded index does not
// refer to (left by a run killed, or failed on a full disk, before it
// wrote its index) and returns how many. Call it right after
// [LoadFileCache], before any Put, and only while holding the lock of
// the state folder.
func (c *FileCache) RemoveOrphanPacks() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	used := map[string]bool{}
	for _, r := range c.old {
		used[r.Pack] = true
	}
	c.wmu.Lock()
	if c.w != nil {
		used[c.w.name] = true
	}
	c.wmu.Unlock()
	ents, _ := os.ReadDir(c.packDir())
	n := 0
	for _, e := range ents {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), packExt) && !used[e.Name()] &&
			os.Remove(filepath.Join(c.packDir(), e.Name())) == nil {
			n++
		}
	}
	return n
}

// Len is the number of entries loaded from the index.
func (c *FileCache) Len() int { return len(c.old) }

// Stats reports the hits and misses so far.
func (c *FileCache) Stats() (hits, misses int64) { return c.hits.Load(), c.misses.Load() }

func (c *FileCache) miss() (ingest.Outcome, bool) {
	c.misses.Add(1)
	return ingest.Outcome{}, false
}

func (c *FileCache) packDir() string { return filepath.Join(c.dir, PacksDirName) }

// Get implements [ingest.Cache]. A record that cannot be read back intact (pack
// missing, short, or failing its CRC-32C or decoding) is a miss.
func (c *FileCache) Get(key ingest.FileKey) (ingest.Outcome, bool) {
	id := key.ID()
	c.mu.Lock()
	r := c.old[id]
	var types []byte
	if r != nil {
		types = c.types[r.Pack]
	}
	c.mu.Unlock()
	if r == nil || r.Path != key.Path || r.Athlete != key.Athlete || r.Size != key.Size ||
		r.Entry != key.Entry || r.CRC32 != key.CRC32 || r.EntrySize != key.EntrySize {
		return c.miss()
	}
	touched := false
	if r.ModTime != key.ModTime {
		// Same size, other time: trust it only if the content is the same.
		if key.Hash == nil {
			return c.miss()
		}
		h, err := key.Hash()
		if err != nil || h != r.Hash {
			return c.miss()
		}
		nr := *r
		nr.ModTime = key.ModTime
		r, touched = &nr, true
	}
	p := c.pack(r.Pack, types)
	if p == nil {
		return c.miss()
	}
	data, ok := p.read(r, nil)
	if !ok {
		return c.miss()
	}
	o, tail, err := p.decodeGob(data)
	if err == nil {
		err = decodeSamples(&o, tail)
	}
	if err != nil {
		return c.miss()
	}
	c.mu.Lock()
	c.next[id] = r
	if touched {
		c.changed = true
	}
	c.mu.Unlock()
	c.hits.Add(1)
	return o, true
}

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

// Put implements [ingest.Cache]: it appends the outcome to this run's pack. The
// sample columns are encoded outside the lock, the rest with the pack's
// gob encoder, under it. An outcome whose file cannot be hashed or that
// cannot be written is not stored.
func (c *FileCache) Put(key ingest.FileKey, o ingest.Outcome) {
	if key.Hash == nil {
		return
	}
	h, err := key.Hash()
	if err != nil {
		return
	}
	tail := splitSamples(&o)

	c.wmu.Lock()
	if c.w == nil && c.werr == nil {
		c.w, c.werr = createPack(c.packDir())
	}
	var pack string
	var off int64
	var data []byte
	if c.werr == nil {
		pack = c.w.name
		data, off, c.werr = c.w.add(&o, tail)
	}
	failed := c.werr != nil
	c.wmu.Unlock()
	if failed {
		return
	}
	sum := crc32.Checksum(data, castagnoli)

	r := &cacheRecord{Path: key.Path, Athlete: key.Athlete, Size: key.Size, ModTime: key.ModTime,
		Entry: key.Entry, CRC32: key.CRC32, EntrySize: key.EntrySize, Hash: h,
		Pack: pack, Offset: off, Len: int64(len(data)), Sum: sum}
	c.mu.Lock()
	c.next[key.ID()] = r
	c.changed = true
	c.mu.Unlock()
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

// Save writes the index of the entries used this run (hits and stores):
// it syncs this run's pack, compacts the packs when they hold too much
// dead data or are too many (see [FileCache]), writes the index
// atomically (a temporary file, synced, renamed over the index), and
// only then removes the packs the index does not refer to. When nothing
// changed since the index was loaded, it writes nothing.
//
// The cache stays usable: a later run's Puts go to a new pack.
func (c *FileCache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wmu.Lock()
	w := c.w
	c.w, c.werr = nil, nil
	c.wmu.Unlock()
	packDir := c.packDir()
	types := make(map[string][]byte, len(c.types)+2)
	for name, t := range c.types {
		types[name] = t
	}
	if w != nil {
		types[w.name] = w.types
	}
	if w != nil {
		if err := w.finish(); err != nil {
			// What this run stored is lost: those inputs are decoded
			// again next time.
			c.forget(w.name)
			c.changed = true
			w = nil
		}
	}
	if !c.changed && len(c.next) == len(c.old) {
		return nil
	}
	recs, live, packs := c.records()
	compacted := ""
	if len(packs) > maxPacks || c.packBytes(packs) > compactRatio*live {
		if name, ctypes, crecs, err := c.compact(recs, types); err == nil {
			compacted, recs = name, crecs
			types[name] = ctypes
		} // else: keep the packs as they are; compaction is retried next time
	}
	if w != nil || compacted != "" {
		// The new packs' names (and the packs folder's), before an index
		// refers to them.
		syncDir(packDir)
		syncDir(c.dir)
	}

	st := c.index(recs, types)
	if err := c.writeIndex(&st); err != nil {
		// No index refers to the packs made for it: remove them, so that
		// a full disk is not made fuller by every failed run.
		if compacted != "" {
			os.Remove(filepath.Join(packDir, compacted))
		}
		if w != nil {
			os.Remove(filepath.Join(packDir, w.name))
			c.forget(w.name)
		}
		return fmt.Errorf("state: %w", err)
	}
	syncDir(c.dir) // the index rename, before its old packs go
	c.committed(&st)
	return nil
}

// forget drops the entries of this run stored in pack name (written by a
// run whose pack or index could not be committed).
func (c *FileCache) forget(name string) {
	for id, r := range c.next {
		if r.Pack == name {
			delete(c.next, id)
		}
	}
}

// records returns the entries to save, by id, with their live bytes and
// the packs they lie in.
func (c *FileCache) records() (recs []cacheRecord, live int64, packs map[string]bool) {
	ids := make([]string, 0, len(c.next))
	for id := range c.next {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	recs = make([]cacheRecord, 0, len(ids))
	packs = map[string]bool{}
	for _, id := range ids {
		r := c.next[id]
		recs = append(recs, *r)
		live += r.Len
		packs[r.Pack] = true
	}
	return recs, live, packs
}

// packBytes is the size on disk of the named packs.
func (c *FileCache) packBytes(packs map[string]bool) int64 {
	var n int64
	for p := range packs {
		if !validPackName(p) {
			continue
		}
		if st, err := os.Stat(filepath.Join(c.packDir(), p)); err == nil {
			n += st.Size()
		}
	}
	return n
}

// index is the index of recs, with the gob types of the packs they lie in
// (from types, by pack name).
func (c *FileCache) index(recs []cacheRecord, types map[string][]byte) stateFile {
	st := stateFile{Format: LayoutVersion, Version: c.version, Fingerprint: c.fingerprint, Records: recs}
	packs := map[string]bool{}
	for i := range recs {
		packs[recs[i].Pack] = true
	}
	for name := range packs {
		if t, ok := types[name]; ok {
			st.Packs = append(st.Packs, packTypes{Name: name, Types: t})
		}
	}
	slices.SortFunc(st.Packs, func(a, b packTypes) int { return strings.Compare(a.Name, b.Name) })
	return st
}

// committed makes the index st, now on disk, the cache's loaded state,
// and removes the packs nothing uses any more (emptied or compacted, or
// left by a killed run) and the per-input objects of state format 2.
func (c *FileCache) committed(st *stateFile) {
	packDir := c.packDir()
	c.old = make(map[string]*cacheRecord, len(st.Records))
	c.next = make(map[string]*cacheRecord, len(st.Records))
	c.types = make(map[string][]byte, len(st.Packs))
	for _, p := range st.Packs {
		c.types[p.Name] = p.Types
	}
	used := make(map[string]bool, len(st.Packs))
	for i := range st.Records {
		r := &st.Records[i]
		c.old[r.id()], c.next[r.id()] = r, r
		used[r.Pack] = true
	}
	c.changed = false
	c.closeReaders()
	ents, _ := os.ReadDir(packDir)
	for _, e := range ents {
		if !e.IsDir() && !used[e.Name()] {
			os.Remove(filepath.Join(packDir, e.Name()))
		}
	}
	os.RemoveAll(filepath.Join(c.dir, legacyObjectsDir))
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

// writeIndex writes st as the index, atomically: a temporary file,
// synced, renamed over it.
func (c *FileCache) writeIndex(st *stateFile) error {
	var buf bytes.Buffer
	buf.Write(stateMagic)
	if err := gob.NewEncoder(&buf).Encode(st); err != nil {
		return err
	}
	sum := sha256.Sum256(buf.Bytes()[len(stateMagic):])
	buf.Write(sum[:])

	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(c.dir, "."+IndexFileName+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err = ingest.InjectedFault("state", tmp); err == nil {
		_, err = f.Write(buf.Bytes())
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(c.dir, IndexFileName))
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Close releases the files the cache holds open. A pack this run wrote
// and no Save committed is removed, with the entries stored in it; call
// Close after Save, or instead of it when the run failed.
func (c *FileCache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wmu.Lock()
	w := c.w
	c.w, c.werr = nil, nil
	c.wmu.Unlock()
	if w != nil {
		w.abort()
		c.forget(w.name)
	}
	c.closeReaders()
	return nil
}

// syncDir syncs a folder, so that the names created or renamed in it
// last; errors are ignored (not every system can sync a folder).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Record encoding: the gob value message of the Outcome with every
// activity's Samples left out (its types are in the index, once per pack:
// see [packTypes]), then each activity's samples as fixed-width
// little-endian columns (the bulk of the data; gob is several times slower
// at it than the FIT decoder):
//
//	u32 gob length, gob, then per activity: u32 n, n × (i64 unix s, i32 ns, 8 × f64 bits)
const sampleBytes = 8 + 4 + 8*8

// splitSamples leaves the samples out of o's activities (a copy of them)
// and returns them encoded as the record's sample columns.
func splitSamples(o *ingest.Outcome) []byte {
	orig := o.Activities
	acts := make([]ingest.Activity, len(orig))
	copy(acts, orig)
	n := 0
	for i := range acts {
		n += len(acts[i].Samples)
		acts[i].Samples = nil
	}
	o.Activities = acts
	data := make([]byte, 0, 4*len(orig)+n*sampleBytes)
	le := binary.LittleEndian
	for i := range orig {
		data = le.AppendUint32(data, uint32(len(orig[i].Samples)))
		for _, s := range orig[i].Samples {
			data = le.AppendUint64(data, uint64(s.Time.Unix()))
			data = le.AppendUint32(data, uint32(s.Time.Nanosecond()))
			for _, v := range [...]float64{s.HR, s.SpeedMS, s.DistanceM, s.Cadence, s.PowerW, s.Lat, s.Lon, s.AltM} {
				data = le.AppendUint64(data, math.Float64bits(v))
			}
		}
	}
	return data
}

var errRecord = errors.New("state record damaged")

// decodeSamples sets the samples of o's activities from a record's sample
// columns, which must hold exactly one column set per activity.
func decodeSamples(o *ingest.Outcome, rest []byte) error {
	le := binary.LittleEndian
	for i := range o.Activities {
		if len(rest) < 4 {
			return errRecord
		}
		n := int(le.Uint32(rest))
		rest = rest[4:]
		if n > len(rest)/sampleBytes {
			return errRecord
		}
		if n == 0 {
			continue
		}
		ss := make([]ingest.Sample, n)
		for k := range ss {
			b := rest[k*sampleBytes : (k+1)*sampleBytes]
			ss[k] = ingest.Sample{
				Time:      time.Unix(int64(le.Uint64(b)), int64(le.Uint32(b[8:]))).UTC(),
				HR:        math.Float64frombits(le.Uint64(b[12:])),
				SpeedMS:   math.Float64frombits(le.Uint64(b[20:])),
				DistanceM: math.Float64frombits(le.Uint64(b[28:])),
				Cadence:   math.Float64frombits(le.Uint64(b[36:])),
				PowerW:    math.Float64frombits(le.Uint64(b[44:])),
				Lat:       math.Float64frombits(le.Uint64(b[52:])),
				Lon:       math.Float64frombits(le.Uint64(b[60:])),
				AltM:      math.Float64frombits(le.Uint64(b[68:])),
			}
		}
		o.Activities[i].Samples = ss
		rest = rest[n*sampleBytes:]
	}
	if len(rest) != 0 {
		return errRecord
	}
	return nil
}

// nextGobMessage parses the gob message at the start of b: a uint length,
// then the message, which opens with its int type id (negative for a type
// definition). It returns the id and the message's length in b, length
// prefix included.
func nextGobMessage(b []byte) (id int64, n int, ok bool) {
	count, k, ok := gobUint(b)
	if !ok || count == 0 || count > uint64(len(b)-k) {
		return 0, 0, false
	}
	n = k + int(count)
	u, _, ok := gobUint(b[k:n])
	if !ok {
		return 0, 0, false
	}
	id = int64(u >> 1)
	if u&1 != 0 {
		id = ^id
	}
	return id, n, true
}

// gobUint decodes a gob uint at the start of b: one byte below 0x80, else
// a byte holding minus the count of big-endian bytes that follow.
func gobUint(b []byte) (uint64, int, bool) {
	if len(b) == 0 {
		return 0, 0, false
	}
	if b[0] < 0x80 {
		return uint64(b[0]), 1, true
	}
	n := -int(int8(b[0]))
	if n > 8 || len(b) < 1+n {
		return 0, 0, false
	}
	var x uint64
	for _, c := range b[1 : 1+n] {
		x = x<<8 | uint64(c)
	}
	return x, 1 + n, true
}

// valueMessage reports whether b is exactly one gob message holding a
// value (not a type definition).
func valueMessage(b []byte) bool {
	id, n, ok := nextGobMessage(b)
	return ok && id > 0 && n == len(b)
}
