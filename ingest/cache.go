package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
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
)

// Outcome is what decoding one file (or archive entry) produced: its row
// and what it held, before duplicates are dropped. It is what a [Cache]
// keeps.
type Outcome struct {
	File       FileResult
	Activities []Activity
	Intake     []DayIntake
	Body       []BodyMeasurement
	// StravaIndex is set for a Strava activities.csv: Source → entry.
	StravaIndex map[string]StravaEntry
}

// StravaEntry is one row of a Strava activities.csv, as an [Outcome] keeps it.
type StravaEntry = stravaEntry

// FileKey identifies one decoded input for a [Cache].
//
// Plain files are keyed on Path, Size and ModTime; archive entries on the
// archive's Path, Size and ModTime plus the entry's full row path (Entry),
// its CRC-32 and uncompressed size from the zip header. Athlete is part of
// the key, since the outcome records it.
type FileKey struct {
	Path      string // the file on disk (for entries, the outermost archive)
	Athlete   string
	Size      int64
	ModTime   int64  // Unix nanoseconds
	Entry     string // archive entries: "a.zip!b.zip!x.fit"; "" for plain files
	CRC32     uint32 // archive entries: from the zip header
	EntrySize int64  // archive entries: declared uncompressed size
	// Hash returns the SHA-256 of the file at Path. A cache calls it to
	// store a content hash, and when Size matches but ModTime does not, to
	// tell a touched-but-identical file from a changed one.
	Hash func() ([sha256.Size]byte, error)
}

// id is the key's identity in a cache: one outcome per row path.
func (k FileKey) id() string {
	if k.Entry != "" {
		return k.Entry
	}
	return k.Path
}

// A Cache keeps decoded outcomes between runs, so that [Import] decodes
// only new or changed files. Get and Put are called from concurrent
// workers.
type Cache interface {
	// Get returns the outcome stored for key, if it is still valid.
	Get(key FileKey) (Outcome, bool)
	// Put stores the outcome of decoding key.
	Put(key FileKey, o Outcome)
}

// StateFormat is the version of the state layout; a state of another
// version is rebuilt.
const StateFormat = 2

// State files: IndexFileName in the state folder, and one object file per
// cached input under ObjectsDirName, sharded by the first two hex digits of
// the SHA-256 of the input's row path.
const (
	IndexFileName  = "state.gob"
	ObjectsDirName = "objects"
)

// stateMagic opens every index file.
var stateMagic = []byte("GAINGUARD-STATE\n")

// castagnoli is the CRC-32C table for object checksums.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// cacheRecord is one cached input in the index. Its outcome is in the
// object file Object, of Len bytes with CRC-32C Sum: it is encoded when
// stored, so that later changes to the batch's activities cannot reach
// the cache, and decoded only when used.
type cacheRecord struct {
	Path      string
	Athlete   string
	Size      int64
	ModTime   int64
	Entry     string
	CRC32     uint32
	EntrySize int64
	Hash      [sha256.Size]byte // of the file at Path
	Object    string            // "ab/abcdef…", relative to the objects folder
	Len       int64
	Sum       uint32
}

func (r *cacheRecord) id() string {
	if r.Entry != "" {
		return r.Entry
	}
	return r.Path
}

// stateFile is the payload of the index.
type stateFile struct {
	Format      int
	Version     string // gainguard version that wrote it
	Fingerprint string // decoding options (formats, guards) it was made with
	Records     []cacheRecord
}

// FileCache is a [Cache] kept in a folder: an index (one gob file with a
// layout version, the gainguard version, an options fingerprint and a
// SHA-256 checksum) and one object file per cached input, holding its
// encoded outcome (checked against the CRC-32C the index records).
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
	changed bool // next differs from old beyond the entries carried over unchanged

	hits, misses atomic.Int64
}

// NewFileCache returns an empty cache kept in dir, for the given
// gainguard version and options fingerprint (see [Options.Fingerprint]).
func NewFileCache(dir, version, fingerprint string) *FileCache {
	return &FileCache{dir: dir, version: version, fingerprint: fingerprint,
		old: map[string]*cacheRecord{}, next: map[string]*cacheRecord{}, changed: true}
}

// LoadFileCache reads the index in dir. A missing index gives an empty
// cache and no problem. A damaged index (bad magic, bad checksum, gob
// error) or an outdated one (other layout, gainguard version or options)
// gives an empty cache and problem says why, in one line: it is rebuilt,
// never trusted. err is set only for I/O errors other than a missing
// index; the cache is then empty and usable too. A damaged object file is
// found when it is used, and its input decoded again.
func LoadFileCache(dir, version, fingerprint string) (c *FileCache, problem string, err error) {
	c = NewFileCache(dir, version, fingerprint)
	data, err := os.ReadFile(filepath.Join(dir, IndexFileName))
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
	case st.Format != StateFormat:
		return c, fmt.Sprintf("outdated (state format %d, want %d)", st.Format, StateFormat), nil
	case st.Version != version:
		return c, fmt.Sprintf("outdated (written by gainguard %s, this is %s)", st.Version, version), nil
	case st.Fingerprint != fingerprint:
		return c, "outdated (written with other formats or archive limits)", nil
	}
	for i := range st.Records {
		r := &st.Records[i]
		c.old[r.id()] = r
	}
	c.changed = false
	return c, "", nil
}

// Len is the number of entries loaded from the index.
func (c *FileCache) Len() int { return len(c.old) }

// Stats reports the hits and misses so far.
func (c *FileCache) Stats() (hits, misses int64) { return c.hits.Load(), c.misses.Load() }

func (c *FileCache) miss() (Outcome, bool) {
	c.misses.Add(1)
	return Outcome{}, false
}

// Get implements [Cache].
func (c *FileCache) Get(key FileKey) (Outcome, bool) {
	id := key.id()
	c.mu.Lock()
	r := c.old[id]
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
	data, err := os.ReadFile(filepath.Join(c.dir, ObjectsDirName, r.Object))
	if err != nil || int64(len(data)) != r.Len || crc32.Checksum(data, castagnoli) != r.Sum {
		return c.miss()
	}
	o, err := decodeOutcome(data)
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

// Put implements [Cache]: it writes the outcome's object file (through a
// temporary file and a rename). An outcome whose file cannot be hashed or
// whose object cannot be written is not stored.
func (c *FileCache) Put(key FileKey, o Outcome) {
	if key.Hash == nil {
		return
	}
	h, err := key.Hash()
	if err != nil {
		return
	}
	data, err := encodeOutcome(o)
	if err != nil {
		return
	}
	idSum := sha256.Sum256([]byte(key.id()))
	name := hex.EncodeToString(idSum[:16])
	object := name[:2] + "/" + name
	if err := writeObject(filepath.Join(c.dir, ObjectsDirName, filepath.FromSlash(object)), data); err != nil {
		return
	}
	r := &cacheRecord{Path: key.Path, Athlete: key.Athlete, Size: key.Size, ModTime: key.ModTime,
		Entry: key.Entry, CRC32: key.CRC32, EntrySize: key.EntrySize, Hash: h,
		Object: object, Len: int64(len(data)), Sum: crc32.Checksum(data, castagnoli)}
	c.mu.Lock()
	c.next[key.id()] = r
	c.changed = true
	c.mu.Unlock()
}

// writeObject writes data to path through a temporary file and a rename.
// Objects are not synced: the index, which is, records their length and
// checksum, and a damaged object is only a cache miss.
func writeObject(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Save writes the index of the entries used this run (hits and stores),
// atomically (a temporary file, synced, renamed over the index), then
// removes the object files no entry uses any more. When nothing changed
// since the index was loaded, it writes nothing.
func (c *FileCache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.changed && len(c.next) == len(c.old) {
		return nil
	}
	ids := make([]string, 0, len(c.next))
	for id := range c.next {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	st := stateFile{Format: StateFormat, Version: c.version, Fingerprint: c.fingerprint,
		Records: make([]cacheRecord, 0, len(ids))}
	used := make(map[string]bool, len(ids))
	for _, id := range ids {
		st.Records = append(st.Records, *c.next[id])
		used[c.next[id].Object] = true
	}

	var buf bytes.Buffer
	buf.Write(stateMagic)
	if err := gob.NewEncoder(&buf).Encode(&st); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	sum := sha256.Sum256(buf.Bytes()[len(stateMagic):])
	buf.Write(sum[:])

	path := filepath.Join(c.dir, IndexFileName)
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	f, err := os.CreateTemp(c.dir, "."+IndexFileName+".tmp-*")
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(buf.Bytes())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("state: %w", err)
	}
	c.old, c.changed = c.next, false
	c.next = make(map[string]*cacheRecord, len(c.old))
	for k, v := range c.old {
		c.next[k] = v
	}
	// Remove objects nothing uses (deleted inputs, temporaries of a
	// killed run).
	objects := filepath.Join(c.dir, ObjectsDirName)
	shards, _ := os.ReadDir(objects)
	for _, sh := range shards {
		if !sh.IsDir() {
			continue
		}
		ents, _ := os.ReadDir(filepath.Join(objects, sh.Name()))
		for _, e := range ents {
			if !used[sh.Name()+"/"+e.Name()] {
				os.Remove(filepath.Join(objects, sh.Name(), e.Name()))
			}
		}
	}
	return nil
}

// Object encoding: a gob of the Outcome with every activity's Samples
// left out, then each activity's samples as fixed-width little-endian
// columns (the bulk of the data; gob is several times slower at it than
// the FIT decoder):
//
//	u32 gob length, gob, then per activity: u32 n, n × (i64 unix s, i32 ns, 8 × f64 bits)
const sampleBytes = 8 + 4 + 8*8

func encodeOutcome(o Outcome) ([]byte, error) {
	orig := o.Activities
	acts := make([]Activity, len(orig))
	copy(acts, orig)
	n := 0
	for i := range acts {
		n += len(acts[i].Samples)
		acts[i].Samples = nil
	}
	o.Activities = acts
	var buf bytes.Buffer
	buf.Write(make([]byte, 4))
	if err := gob.NewEncoder(&buf).Encode(&o); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	binary.LittleEndian.PutUint32(data[:4], uint32(len(data)-4))
	data = slices.Grow(data, 4*len(orig)+n*sampleBytes)
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
	return data, nil
}

var errObject = errors.New("state object damaged")

func decodeOutcome(data []byte) (Outcome, error) {
	var o Outcome
	le := binary.LittleEndian
	if len(data) < 4 {
		return o, errObject
	}
	g := int(le.Uint32(data))
	if g > len(data)-4 {
		return o, errObject
	}
	if err := gob.NewDecoder(bytes.NewReader(data[4 : 4+g])).Decode(&o); err != nil {
		return o, err
	}
	rest := data[4+g:]
	for i := range o.Activities {
		if len(rest) < 4 {
			return o, errObject
		}
		n := int(le.Uint32(rest))
		rest = rest[4:]
		if n > len(rest)/sampleBytes {
			return o, errObject
		}
		if n == 0 {
			continue
		}
		ss := make([]Sample, n)
		for k := range ss {
			b := rest[k*sampleBytes : (k+1)*sampleBytes]
			ss[k] = Sample{
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
		return o, errObject
	}
	return o, nil
}

// Fingerprint names what, besides the gainguard version and a file's
// content, decides how files decode: the formats and their extensions,
// and the archive guards. A cache made with another fingerprint is not
// used.
func (o Options) Fingerprint() string {
	var b strings.Builder
	for _, f := range o.Formats {
		fmt.Fprintf(&b, "%s%v;", f.Name, f.Exts)
	}
	l := o.limits()
	fmt.Fprintf(&b, "%+v", l)
	return b.String()
}

// hashFile returns the SHA-256 of the file at path.
func hashFile(path string) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := os.Open(path)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// archiveKeys memoizes, per outermost archive on disk, its stat and its
// content hash, for the keys of its entries.
type archiveKeys struct {
	m sync.Map // path → *archiveKey
}

type archiveKey struct {
	once   sync.Once
	ok     bool
	size   int64
	mtime  int64
	hashMu sync.Once
	sum    [sha256.Size]byte
	err    error
}

func (a *archiveKeys) get(path string) *archiveKey {
	v, _ := a.m.LoadOrStore(path, &archiveKey{})
	k := v.(*archiveKey)
	k.once.Do(func() {
		st, err := os.Stat(path)
		if err == nil && st.Mode().IsRegular() {
			k.ok, k.size, k.mtime = true, st.Size(), st.ModTime().UnixNano()
		}
	})
	return k
}

func (k *archiveKey) hash(path string) ([sha256.Size]byte, error) {
	k.hashMu.Do(func() { k.sum, k.err = hashFile(path) })
	return k.sum, k.err
}

// toOutcome and fromOutcome convert between the batch's per-file outcome
// and the cached one.
func toOutcome(o fileOutcome) Outcome {
	return Outcome{File: o.file, Activities: o.acts, Intake: o.intake, Body: o.body, StravaIndex: o.index}
}

func fromOutcome(o Outcome) fileOutcome {
	return fileOutcome{file: o.File, acts: o.Activities, intake: o.Intake, body: o.Body, index: o.StravaIndex}
}

// hashReader returns the SHA-256 of what r holds.
func hashReader(r io.Reader) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}
