package state

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"gainguard/ingest"
	"gainguard/ingest/commit"
)

// ResultsLayoutVersion is the version of a [ResultCache] file's layout; a
// file of another version is rebuilt.
const ResultsLayoutVersion = 1

// resultsMagic opens every results file.
var resultsMagic = []byte("GAINGUARD-RESULTS\n")

// maxResultsFile bounds the size of a results file read back.
const maxResultsFile = 1 << 30

// ResultKey identifies a stored result: a SHA-256 of everything the
// result was computed from, made by the caller.
type ResultKey [sha256.Size]byte

// resultEntry is one stored result.
type resultEntry struct {
	Key   ResultKey
	Value []byte
}

// resultsFile is the payload of a results file.
type resultsFile struct {
	Format  int
	Version string // gainguard version (and build) that wrote it
	Entries []resultEntry
}

// ResultCache keeps computed results (the what-if searches) between runs,
// in one file in the state folder: a magic line, a gob payload (layout
// version, the writer's version string, the entries sorted by key) and
// its SHA-256. The caller's keys cover every input of a result, so an
// entry is either right for its key or never asked for; the version
// string covers the code that computed it.
//
// A run reads the file once ([LoadResultCache]); Get and Put are safe for
// concurrent use; [ResultCache.Save] writes the entries used (read or
// stored) during the run, so the file holds at most one run's worth, and
// writes nothing when they are exactly the ones loaded. A damaged,
// outdated or unreadable file gives an empty cache (the results are
// computed again and the file rewritten), never an error that stops a
// run.
type ResultCache struct {
	path    string
	version string

	mu      sync.Mutex
	old     map[ResultKey][]byte
	next    map[ResultKey][]byte
	changed bool // next holds an entry old does not

	hits, misses atomic.Int64
}

// NewResultCache returns an empty cache kept in the file at path, for the
// given version string.
func NewResultCache(path, version string) *ResultCache {
	return &ResultCache{path: path, version: version,
		old: map[ResultKey][]byte{}, next: map[ResultKey][]byte{}, changed: true}
}

// LoadResultCache reads the file at path. A missing file gives an empty
// cache and no problem. A damaged file (bad magic, bad checksum, gob
// error) or an outdated one (other layout or version string) gives an
// empty cache and problem says why, in one line. err is set only for I/O
// errors other than a missing file; the cache is then empty and usable.
func LoadResultCache(path, version string) (c *ResultCache, problem string, err error) {
	c = NewResultCache(path, version)
	data, err := ingest.ReadRegular(path, false)
	if errors.Is(err, os.ErrNotExist) {
		return c, "", nil
	}
	if err != nil {
		return c, "", err
	}
	if len(data) > maxResultsFile {
		return c, "damaged (too large)", nil
	}
	var f resultsFile
	if problem := unseal(data, resultsMagic, "results", &f); problem != "" {
		return c, problem, nil
	}
	switch {
	case f.Format != ResultsLayoutVersion:
		return c, fmt.Sprintf("outdated (results format %d, want %d)", f.Format, ResultsLayoutVersion), nil
	case f.Version != version:
		return c, "outdated (written by another gainguard build)", nil
	}
	for _, e := range f.Entries {
		c.old[e.Key] = e.Value
	}
	c.changed = false
	return c, "", nil
}

// Len is the number of entries loaded.
func (c *ResultCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.old)
}

// Stats reports the hits and misses of Get so far.
func (c *ResultCache) Stats() (hits, misses int64) { return c.hits.Load(), c.misses.Load() }

// Get returns the value stored under key and keeps it for the next run.
// The value must not be modified.
func (c *ResultCache) Get(key ResultKey) ([]byte, bool) {
	c.mu.Lock()
	v, ok := c.old[key]
	if !ok {
		v, ok = c.next[key]
	}
	if ok {
		c.next[key] = v
	}
	c.mu.Unlock()
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	c.hits.Add(1)
	return v, true
}

// Put stores value under key (a copy).
func (c *ResultCache) Put(key ResultKey, value []byte) {
	v := slices.Clone(value)
	if v == nil {
		v = []byte{}
	}
	c.mu.Lock()
	if old, ok := c.old[key]; !ok || !bytes.Equal(old, v) {
		c.changed = true
	}
	c.next[key] = v
	c.mu.Unlock()
}

// Save writes the entries used since the cache was loaded or last saved
// (dropping the others), atomically: a temporary file, synced, renamed
// over the file, the folder synced ([commit.WriteFile]). When they are
// exactly the entries loaded, it writes nothing. The cache stays usable;
// the saved entries are its loaded ones.
func (c *ResultCache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.changed && len(c.next) == len(c.old) {
		return nil
	}
	f := resultsFile{Format: ResultsLayoutVersion, Version: c.version, Entries: make([]resultEntry, 0, len(c.next))}
	for k, v := range c.next {
		f.Entries = append(f.Entries, resultEntry{k, v})
	}
	slices.SortFunc(f.Entries, func(a, b resultEntry) int { return bytes.Compare(a.Key[:], b.Key[:]) })
	buf, err := seal(resultsMagic, &f)
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	err = commit.WriteFile(c.path, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	}, stateHooks)
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	c.old, c.next, c.changed = c.next, make(map[ResultKey][]byte, len(c.next)), false
	return nil
}
