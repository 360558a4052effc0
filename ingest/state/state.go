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
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"gainguard/ingest"
	"gainguard/ingest/commit"
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
	var st stateFile
	if problem := unseal(data, stateMagic, "state", &st); problem != "" {
		return c, problem, nil
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
	var err error
	if w != nil || compacted != "" {
		// The new packs' names (and the packs folder's), before an index
		// refers to them.
		err = commit.SyncDir(packDir)
		if err == nil {
			err = commit.SyncDir(c.dir)
		}
	}

	st := c.index(recs, types)
	if err == nil {
		err = c.writeIndex(&st)
	}
	if err != nil {
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
	// The index rename, before its old packs go: if it may not survive a
	// crash, the old packs stay (orphans, removed by a later run).
	if err := commit.SyncDir(c.dir); err != nil {
		return fmt.Errorf("state: %w", err)
	}
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

// writeIndex writes st as the index, atomically: a temporary file,
// synced, renamed over it ([commit.WriteTemp]); the caller syncs the
// folder.
func (c *FileCache) writeIndex(st *stateFile) error {
	buf, err := seal(stateMagic, st)
	if err != nil {
		return err
	}

	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(c.dir, IndexFileName)
	tmp, err := commit.WriteTemp(path, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	}, stateHooks)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// errClosed stops Put after Close.
var errClosed = errors.New("state: closed")

// stateHooks make the state's index fail under the full-disk test fault
// ("state", [ingest.SetFault]).
var stateHooks = &commit.Hooks{
	Fault: func(path string) error { return ingest.InjectedFault("state", path) },
}

// Close releases the files the cache holds open. A pack this run wrote
// and no Save committed is removed, with the entries stored in it, and
// nothing more is stored until Save (a run that dropped its pack to make
// room on a full disk does not start another); call Close after Save, or
// instead of it when the run failed.
func (c *FileCache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wmu.Lock()
	w := c.w
	c.w, c.werr = nil, errClosed // no new pack until Save
	c.wmu.Unlock()
	if w != nil {
		w.abort()
		c.forget(w.name)
	}
	c.closeReaders()
	return nil
}
