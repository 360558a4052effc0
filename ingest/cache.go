package ingest

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

// Outcome is what decoding one file (or archive entry) produced: its row
// and what it held, before duplicates are dropped. It is what a [Cache]
// keeps.
type Outcome struct {
	File       FileResult
	Activities []Activity
	Intake     []DayIntake
	Body       []BodyMeasurement
	Sleep      []SleepNight
	Resting    []RestingHR
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

// ID is the key's identity in a cache: one outcome per row path (the
// entry's for archive entries, else the file's).
func (k FileKey) ID() string {
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

// Fingerprint names what, besides the gainguard version and a file's
// content, decides how files decode: the formats and their extensions,
// and the archive guards. A cache made with another fingerprint is not
// used.
func (o Options) Fingerprint() string {
	var b strings.Builder
	for _, f := range o.Formats {
		fmt.Fprintf(&b, "%s%v;", f.Name, f.Exts)
		if f.Config != "" {
			fmt.Fprintf(&b, "%s;", f.Config)
		}
	}
	l := o.limits()
	fmt.Fprintf(&b, "%+v;reduce=%s", l, o.ReduceID)
	return b.String()
}

// hashFile returns the SHA-256 of the file at path.
func hashFile(path string) ([sha256.Size]byte, error) {
	f, err := OpenRegular(path, true)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	defer f.Close()
	return hashReader(f)
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
	return Outcome{File: o.file, Activities: o.acts, Intake: o.intake, Body: o.body, Sleep: o.sleep, Resting: o.resting, StravaIndex: o.index}
}

func fromOutcome(o Outcome) fileOutcome {
	return fileOutcome{file: o.File, acts: o.Activities, intake: o.Intake, body: o.Body, sleep: o.Sleep, resting: o.Resting, index: o.StravaIndex}
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
