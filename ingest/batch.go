package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// File statuses in a [FileResult].
const (
	StatusImported = "imported"
	StatusSkipped  = "skipped"
	StatusFailed   = "failed"
	// StatusDuplicate marks a file all of whose activities were duplicates
	// of activities kept from other files (see the package doc).
	StatusDuplicate = "duplicate"
)

// FileResult accounts for one input file: every file the batch saw gets
// exactly one, whatever happened to it.
//
// Inside an archive, Path is the archive's path, "!", and the entry's name
// ("export.zip!activities/123.fit.gz"; nested: "a.zip!b.zip!c.fit"); an
// archive's own row has Format "zip", and Activities and Duplicates
// totalled over its entries.
type FileResult struct {
	Path       string // as found while walking (relative to the working directory when given so)
	Athlete    string
	Format     string // "fit", "gpx", "zip", "strava-csv", "profile", or "" when unrecognized
	Status     string // imported | duplicate | skipped | failed
	Reason     string // why it was skipped or failed; notes for imported files
	Activities int    // activities taken from the file (duplicates dropped are not counted)
	Duplicates int    // activities of this file dropped as duplicates of activities from other files
	// DuplicateOf is, for a file whose every activity was a duplicate
	// (status duplicate), the Source of the kept copy, comma-joined when
	// several.
	DuplicateOf string
	Records     int   // food-log days, body measurements, sleep nights and resting-HR days taken from the file
	SizeBytes   int64 // file size; for archive entries, the uncompressed entry size
	// AthleteRule says how Athlete was decided: RuleOneAthlete,
	// RuleProfile, RuleCoach or RuleFlag ("" for a row of no folder, such
	// as an unreadable folder's). Path is as found while walking below the
	// input's real path (see [Import]).
	AthleteRule string
}

// Options configure [Import].
type Options struct {
	// Formats are the importers to use, matched by file extension.
	Formats []Format
	// Workers bounds concurrent decoding; 0 means runtime.GOMAXPROCS(0).
	Workers int
	// Athlete names files that lie under no folder with a profile file;
	// "" means DefaultAthlete.
	Athlete string
	// Exclude lists paths (files or folders) not to walk into, such as the
	// output folder when it lies inside an input folder.
	Exclude []string
	// Coach makes each top-level sub-folder of an input folder one
	// athlete, named after the folder (RuleCoach); without it, folders
	// without a profile file of their own belong to one athlete.
	Coach bool

	// Archive guards (see [DefaultMaxEntryBytes] and the package doc);
	// zero means the default.

	// MaxEntryBytes caps the uncompressed size of one decoded file inside
	// an archive or a .gz file.
	MaxEntryBytes int64
	// MaxArchiveBytes caps the total uncompressed size of the entries of
	// one archive given or found on disk, nested archives included.
	MaxArchiveBytes int64
	// MaxNestedZipBytes caps the size of a zip inside a zip, which must be
	// held in memory (up to 16 MiB) or in a temporary file to be read.
	MaxNestedZipBytes int64
	// MaxDepth caps the nesting of zip archives: 1 reads a zip but no zip
	// inside it; the default 3 reads a.zip!b.zip!c.zip!x.fit.
	MaxDepth int
	// MaxRatio caps the compression ratio (uncompressed/compressed) of an
	// entry or .gz file over 1 MiB; above it the entry is refused as a
	// likely bomb.
	MaxRatio float64

	// Reduce, when set, is called by the decoding worker on every activity
	// as soon as its file is decoded (and before the outcome is cached),
	// after the activity's athlete, source and id are set. It may
	// summarize the samples into Activity.Digest and drop them, so that a
	// batch never holds every sample at once. ReduceID names what Reduce
	// does and is part of [Options.Fingerprint], so that a cache made with
	// another reducer is not used.
	Reduce   func(*Activity)
	ReduceID string

	// Cache, when set, keeps decoded outcomes between runs: a file (or
	// archive entry) whose key matches is not decoded again (see [Cache],
	// [FileKey]). Archives are still opened and listed.
	Cache Cache

	// SpoolDir is the folder for the temporary files of nested zips over
	// 16 MiB ("" means os.TempDir()). The command puts it inside the
	// output's state folder and removes what a killed run left there at
	// its next start (see [RemoveStaleSpools]).
	SpoolDir string

	// MaxFileBytes caps the size of a plain file on disk that is decoded
	// (0: [DefaultMaxFileBytes]); a bigger file fails with the cap in its
	// reason, before it is read.
	MaxFileBytes int64

	// SportOverrides set the sport of the activities of given files or
	// folders (analyze's --sport-override; see "Correcting a sport" in
	// sport_override.go). Their sports must parse with [ParseSport].
	SportOverrides []SportOverride

	// Progress, when set, is called by the workers after each file or
	// archive entry is done, with the number done and the number known so
	// far (entries join the total as their archives are opened). It is
	// called concurrently and must be cheap (store, don't print).
	Progress func(done, total int)
}

// DefaultAthlete names the athlete when neither a profile nor a flag does.
const DefaultAthlete = "athlete"

// Batch is everything one import found.
type Batch struct {
	Activities []Activity        // sorted by athlete, start, id
	Intake     []DayIntake       // sorted by athlete, date, source
	Body       []BodyMeasurement // sorted by athlete, time, source
	Sleep      []SleepNight      // sorted by athlete, date, source
	Resting    []RestingHR       // sorted by athlete, date, source
	Files      []FileResult
	// Profiles holds the profile found for each athlete (from its profile
	// file), and ProfilePaths where it came from.
	Profiles     map[string]Profile
	ProfilePaths map[string]string
	// UnusedSportOverrides lists the paths of [Options.SportOverrides]
	// that matched no activity.
	UnusedSportOverrides []string
}

// Summary counts files by status (archive rows and their entries each count).
func (b *Batch) Summary() (imported, duplicates, skipped, failed int) {
	return SummarizeFiles(b.Files)
}

// SummarizeFiles counts file rows by status (see [Batch.Summary]).
func SummarizeFiles(files []FileResult) (imported, duplicates, skipped, failed int) {
	for _, f := range files {
		switch f.Status {
		case StatusImported:
			imported++
		case StatusDuplicate:
			duplicates++
		case StatusSkipped:
			skipped++
		case StatusFailed:
			failed++
		}
	}
	return
}

// job is one file (or archive entry) to decode, with the athlete it
// belongs to.
type job struct {
	path    string // the row's path: a file's path, or container + "!" + entry name
	name    string // the name whose extension picks the format (the path, or the entry name)
	athlete string
	rule    string // how athlete was decided (a Rule constant); files on disk only
	size    int64  // file size, or declared uncompressed entry size
	// Archive entries only: the open archive (released when the entry is
	// done) and the entry.
	arc       *archiveHandle
	zf        *zip.File
	zr        *zip.Reader // the archive zf belongs to (for [Format.DecodeWith])
	container string      // the archive's row path
}

// Import walks paths (files or folders, recursively), decodes every file
// with the format its extension names, and accounts for every file it saw
// in Batch.Files. One bad file never stops the batch: its error becomes the
// reason of a failed FileResult. Import returns an error only when a path
// cannot be walked at all or ctx is cancelled.
//
// Athletes: one run is one athlete unless the folders say otherwise. A
// folder holding a [ProfileFileName] file belongs to the athlete that
// profile names (or, without a name, to the folder's name), and so does
// everything below it. With Options.Coach, each top-level sub-folder of an
// input folder is one athlete named after the folder, unless a profile
// inside names another. Options.Athlete forces one athlete for
// everything; files under no profile otherwise belong to [DefaultAthlete],
// whatever sub-folder they lie in. Every row records the rule that applied
// (FileResult.AthleteRule). A profile that cannot be read is a failed row,
// whether its folder or files in it were given.
//
// Paths: each input is resolved to its real path (symbolic links
// followed), so that "DIR", "DIR/", "./DIR", DIR's absolute path and a
// link to DIR give the same rows; rows name files below it, relative to
// the working directory when it lies below it. Folders whose names start
// with "." are not walked; a link to a file is that file; a link to a
// folder is followed once (see walker), with a FormatFolderLink row.
//
// Compressed and bundled exports are read in place, never unpacked to
// disk: "x.fit.gz" (any format's extension + ".gz") is decompressed while
// decoding; a ".zip" is opened with random access and each entry becomes
// its own job on the same worker pool, and its own FileResult (see
// [FileResult] for the paths). The guards in [Options] apply. Strava's
// activities.csv (in an archive or a folder) names and types the
// activities of the files it lists. Duplicates across files are dropped
// after decoding (see the package doc).
func Import(ctx context.Context, paths []string, opt Options) (*Batch, error) {
	b := &Batch{Profiles: map[string]Profile{}, ProfilePaths: map[string]string{}}
	defAthlete := opt.Athlete
	if defAthlete == "" {
		defAthlete = DefaultAthlete
	}
	roots, err := resolveRoots(paths)
	if err != nil {
		return nil, err
	}
	w := &walkState{b: b, opt: opt, def: defAthlete, dirs: map[string]dirAthlete{},
		profiles: map[string]profileRead{}, rows: map[string]bool{}}
	var jobs []job
	walk := newWalker(roots, opt.Exclude, walkFuncs{
		dir: w.enterDir,
		file: func(path string, info fs.FileInfo) {
			if j, ok := w.file(path, info); ok {
				jobs = append(jobs, j)
			}
		},
		fail: func(path string, err error) {
			// An unreadable folder or file is accounted for, not fatal.
			b.Files = append(b.Files, FileResult{Path: path, Status: StatusFailed, Reason: err.Error()})
		},
		link: func(path string, followed bool, reason string) {
			at := w.dirs[filepath.Dir(path)]
			status := StatusSkipped
			if followed {
				status = StatusImported
			}
			b.Files = append(b.Files, FileResult{Path: path, Athlete: at.athlete, AthleteRule: at.rule,
				Format: FormatFolderLink, Status: status, Reason: reason})
		},
	})
	for _, r := range roots {
		if !r.dir {
			// A single file: its folder's profile applies, as when the
			// folder is given (a bad profile is a failed row, not the
			// end of the batch).
			dir := filepath.Dir(r.path)
			if _, seen := w.dirs[dir]; !seen {
				_, err := os.Lstat(filepath.Join(dir, ProfileFileName))
				w.enterDir(dir, 0, err == nil)
			}
			if j, ok := w.file(r.path, r.info); ok {
				jobs = append(jobs, j)
			}
			continue
		}
		walk.walk(r)
	}
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}

	outs, err := runJobs(ctx, jobs, opt)
	if err != nil {
		return nil, err
	}
	// Outcomes arrive in completion order; sorting them by path makes
	// everything below independent of the worker count.
	sort.SliceStable(outs, func(i, j int) bool { return outs[i].file.Path < outs[j].file.Path })
	rules := make(map[string]string, len(jobs))
	for _, j := range jobs {
		rules[j.path] = j.rule
	}
	index := map[string]stravaEntry{}
	var archives []int // indexes into b.Files of archive rows
	var folders []folderSport
	for _, r := range outs {
		if r.folderSport != nil {
			folders = append(folders, *r.folderSport)
		}
		for k, v := range r.index {
			index[k] = v
		}
		if r.archive {
			archives = append(archives, len(b.Files))
		}
		top, _, _ := strings.Cut(r.file.Path, "!")
		r.file.AthleteRule = rules[top]
		b.Files = append(b.Files, r.file)
		b.Activities = append(b.Activities, r.acts...)
		b.Intake = append(b.Intake, r.intake...)
		b.Body = append(b.Body, r.body...)
		b.Sleep = append(b.Sleep, r.sleep...)
		b.Resting = append(b.Resting, r.resting...)
	}
	applyStravaIndex(b.Activities, index)
	b.UnusedSportOverrides = applySportSettings(b.Activities, b.Files, folders, opt.SportOverrides)
	SortActivities(b.Activities)
	var drops []drop
	b.Activities, drops = dedupe(b.Activities)
	accountDuplicates(b.Files, drops)
	totalArchives(b.Files, archives)
	sort.SliceStable(b.Intake, func(i, j int) bool {
		x, y := &b.Intake[i], &b.Intake[j]
		if x.Athlete != y.Athlete {
			return x.Athlete < y.Athlete
		}
		if !x.Date.Equal(y.Date) {
			return x.Date.Before(y.Date)
		}
		return x.Source < y.Source
	})
	sort.SliceStable(b.Body, func(i, j int) bool {
		x, y := &b.Body[i], &b.Body[j]
		if x.Athlete != y.Athlete {
			return x.Athlete < y.Athlete
		}
		if !x.Time.Equal(y.Time) {
			return x.Time.Before(y.Time)
		}
		return x.Source < y.Source
	})
	sortSleep(b.Sleep)
	sortResting(b.Resting)
	b.validUTF8()
	sort.SliceStable(b.Files, func(i, j int) bool { return b.Files[i].Path < b.Files[j].Path })
	return b, nil
}

// SortActivities orders activities by athlete, start, then id.
func SortActivities(as []Activity) {
	sort.SliceStable(as, func(i, j int) bool {
		a, c := &as[i], &as[j]
		if a.Athlete != c.Athlete {
			return a.Athlete < c.Athlete
		}
		if !a.Start.Equal(c.Start) {
			return a.Start.Before(c.Start)
		}
		return a.ID < c.ID
	})
}

// readProfile loads dir's profile file if there is one and returns the
// athlete it names.
func (b *Batch) readProfile(dir string) (athlete string, ok bool, err error) {
	path := filepath.Join(dir, ProfileFileName)
	f, err := OpenRegular(path, true)
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	p, err := ReadProfile(f)
	if err != nil {
		return "", false, fmt.Errorf("%s: %w", path, err)
	}
	athlete = p.Name
	if athlete == "" {
		abs, _ := filepath.Abs(dir)
		athlete = filepath.Base(abs)
	}
	if p.Name == "" {
		p.Name = athlete
	}
	b.Profiles[athlete] = p
	b.ProfilePaths[athlete] = path
	return athlete, true, nil
}

// profileReason is the files row reason of the profile read from path:
// "athlete profile", and what reading it noted (unknown keys, cut names).
func (b *Batch) profileReason(path string) string {
	for a, p := range b.ProfilePaths {
		if p == path && len(b.Profiles[a].Notes) > 0 {
			return "athlete profile; " + strings.Join(b.Profiles[a].Notes, "; ")
		}
	}
	return "athlete profile"
}

type fileOutcome struct {
	file    FileResult
	acts    []Activity
	intake  []DayIntake
	body    []BodyMeasurement
	sleep   []SleepNight
	resting []RestingHR
	archive bool                   // file is an archive's own row
	index   map[string]stravaEntry // a Strava activities.csv: Source → entry
	// folderSport is set for a SportFileName file.
	folderSport *folderSport
}

// formatFor picks the format claiming path's extension.
func formatFor(path string, formats []Format) (Format, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	for _, f := range formats {
		for _, e := range f.Exts {
			if e == ext {
				return f, true
			}
		}
	}
	return Format{}, false
}

// queue is the bounded pool's work list: the files found while walking,
// in order, and a stack of archive entries. Workers take entries first, so
// an archive's entries are decoded (and the archive closed) before the
// next archive is opened: at most about one open archive per worker.
type queue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	files   []job
	next    int
	entries []job
	active  int
	outs    []fileOutcome
	// progress counters for Options.Progress
	progress      func(done, total int)
	ndone, ntotal atomic.Int64
}

func (q *queue) push(j job) {
	q.mu.Lock()
	q.entries = append(q.entries, j)
	q.mu.Unlock()
	q.ntotal.Add(1)
	q.cond.Signal()
}

func (q *queue) emit(o fileOutcome) {
	q.mu.Lock()
	q.outs = append(q.outs, o)
	q.mu.Unlock()
}

// take returns the next job, waiting while other workers may still push
// entries; ok is false when all work is done.
func (q *queue) take() (j job, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if n := len(q.entries); n > 0 {
			j = q.entries[n-1]
			q.entries = q.entries[:n-1]
			q.active++
			return j, true
		}
		if q.next < len(q.files) {
			j = q.files[q.next]
			q.next++
			q.active++
			return j, true
		}
		if q.active == 0 {
			return job{}, false
		}
		q.cond.Wait()
	}
}

func (q *queue) done() {
	q.mu.Lock()
	q.active--
	q.mu.Unlock()
	q.cond.Broadcast()
	if q.progress != nil {
		q.progress(int(q.ndone.Add(1)), int(q.ntotal.Load()))
	}
}

// runJobs decodes jobs on a pool of opt.Workers goroutines; archive
// entries join the same pool as they are found.
func runJobs(ctx context.Context, jobs []job, opt Options) ([]fileOutcome, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	q := &queue{files: jobs, progress: opt.Progress}
	q.ntotal.Store(int64(len(jobs)))
	q.cond = sync.NewCond(&q.mu)
	im := &importer{opt: opt, lim: opt.limits(), q: q, arcKeys: &archiveKeys{}}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				j, ok := q.take()
				if !ok {
					return
				}
				if ctx.Err() == nil {
					im.run(j)
				} else if j.arc != nil {
					j.arc.release()
				}
				q.done()
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		// The cause says why (a signal, for the command), not just
		// "context canceled".
		return nil, context.Cause(ctx)
	}
	return q.outs, nil
}

// importer decodes jobs.
type importer struct {
	opt     Options
	lim     limits
	q       *queue
	arcKeys *archiveKeys // keys of the archives whose entries are cached
}

// run decodes one job and emits its outcomes. Decoder panics are caught
// closer to the decoder; this catches the rest, so that one file never
// stops the batch.
func (im *importer) run(j job) {
	defer func() {
		if r := recover(); r != nil {
			im.q.emit(fileOutcome{file: FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size,
				Status: StatusFailed, Reason: fmt.Sprintf("internal error: %v (please report this file)", r)},
				archive: isZipName(j.name) && j.arc == nil})
		}
	}()
	switch {
	case j.arc != nil:
		defer j.arc.release()
		im.q.emit(im.decodeEntry(j))
	case baseName(j.name) == SportFileName:
		im.q.emit(readSportFile(j))
	case isZipName(j.name):
		im.importZip(j)
	default:
		im.q.emit(im.decodeFile(j))
	}
}

// decodeFile decodes one file on disk.
func (im *importer) decodeFile(j job) fileOutcome {
	p, ok := im.pick(j.name)
	if !ok || j.size == 0 {
		return im.decodeStream(j, nil) // the row without opening the file
	}
	if j.size > im.lim.file {
		return fileOutcome{file: FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size, Format: p.format.Name,
			Status: StatusFailed, Reason: fmt.Sprintf("file size %s over the %s cap for one file (--max-file-mib); not read",
				fmtBytes(j.size), fmtBytes(im.lim.file))}}
	}
	f, err := OpenRegular(j.path, true)
	if err != nil {
		return fileOutcome{file: FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size,
			Status: StatusFailed, Reason: err.Error()}}
	}
	defer f.Close()
	if im.opt.Cache == nil {
		return im.decodeStream(j, f)
	}
	st, err := f.Stat()
	if err != nil || st.Size() != j.size {
		return im.decodeStream(j, f)
	}
	// The content hash the cache stores is taken while the file is read
	// for decoding; only when the decoder stopped short of the end (or the
	// cache asks before decoding) is the file read again for it.
	tee := &hashingReader{r: f, h: sha256.New()}
	key := FileKey{Path: j.path, Athlete: j.athlete, Size: st.Size(), ModTime: st.ModTime().UnixNano(),
		Hash: func() ([sha256.Size]byte, error) {
			if sum, ok := tee.sum(st.Size()); ok {
				return sum, nil
			}
			return hashReader(io.NewSectionReader(f, 0, st.Size()))
		}}
	if o, ok := im.opt.Cache.Get(key); ok {
		return fromOutcome(o)
	}
	out := im.decodeStream(j, tee)
	im.opt.Cache.Put(key, toOutcome(out))
	return out
}

// hashingReader hashes what is read through it.
type hashingReader struct {
	r   io.Reader
	h   hash.Hash
	n   int64
	err error
}

func (t *hashingReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.h.Write(p[:n])
	t.n += int64(n)
	if err != nil && err != io.EOF && t.err == nil {
		t.err = err
	}
	return n, err
}

// sum returns the SHA-256 of what was read, when that was exactly size
// bytes without a read error.
func (t *hashingReader) sum(size int64) (s [sha256.Size]byte, ok bool) {
	if t.n != size || t.err != nil {
		return s, false
	}
	copy(s[:], t.h.Sum(nil))
	return s, true
}

// decodeEntry decodes one file inside an archive.
func (im *importer) decodeEntry(j job) fileOutcome {
	if _, ok := im.pick(j.name); !ok || j.size == 0 {
		return im.decodeStream(j, nil)
	}
	rc, err := j.zf.Open()
	if err != nil {
		return fileOutcome{file: FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size,
			Status: StatusFailed, Reason: err.Error()}}
	}
	defer rc.Close()
	top, _, _ := strings.Cut(j.path, "!")
	var ak *archiveKey
	if im.opt.Cache != nil {
		ak = im.arcKeys.get(top)
	}
	if ak == nil || !ak.ok {
		return im.decodeStream(j, rc)
	}
	key := FileKey{Path: top, Athlete: j.athlete, Size: ak.size, ModTime: ak.mtime,
		Entry: j.path, CRC32: j.zf.CRC32, EntrySize: int64(j.zf.UncompressedSize64),
		Hash: func() ([sha256.Size]byte, error) { return ak.hash(top) }}
	if o, ok := im.opt.Cache.Get(key); ok {
		return fromOutcome(o)
	}
	out := im.decodeStream(j, rc)
	im.opt.Cache.Put(key, toOutcome(out))
	return out
}

// picked is what a file's name says about how to read it.
type picked struct {
	format Format
	gz     bool // name ends in .gz: decompress first
	strava bool // may be Strava's activities.csv (confirmed from its header)
}

// pick chooses how to read a file from its name: the format its extension
// (under a ".gz") names, or Strava's activity index.
func (im *importer) pick(name string) (picked, bool) {
	inner := name
	var p picked
	if strings.EqualFold(filepath.Ext(name), ".gz") {
		inner, p.gz = name[:len(name)-3], true
	}
	p.strava = strings.EqualFold(baseName(inner), stravaIndexName)
	f, ok := formatFor(inner, im.opt.Formats)
	p.format = f
	return p, ok || p.strava
}

// decodeStream decodes r as j's format, turning every error (and any panic
// in a decoder) into the file's reason. r is nil when the name alone
// decides (unsupported type, empty file).
func (im *importer) decodeStream(j job, r io.Reader) (out fileOutcome) {
	out.file = FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size}
	p, ok := im.pick(j.name)
	if !ok {
		out.file.Status = StatusSkipped
		out.file.Reason = fmt.Sprintf("unsupported file type %s", extOf(j.name))
		return out
	}
	out.file.Format = p.format.Name
	if j.size == 0 || r == nil {
		out.file.Status = StatusFailed
		out.file.Reason = "empty file"
		return out
	}
	defer func() {
		if rec := recover(); rec != nil {
			out = fileOutcome{file: out.file}
			out.file.Status = StatusFailed
			out.file.Activities, out.file.Records = 0, 0
			out.file.Reason = fmt.Sprintf("internal error decoding %s: %v (please report this file)", out.file.Format, rec)
		}
	}()
	var notes []string
	// The per-entry cap applies to what comes out of an archive or a
	// decompressor; the per-file cap to a plain file on disk (checked
	// against its size before it is opened, and here should it grow).
	g := &guard{max: im.lim.file, ratio: im.lim.ratio}
	if j.arc != nil {
		g.max = im.entryCap(p.format)
	}
	br := getReader(r)
	defer putReader(br)
	if !p.gz {
		// A file compressed but not named so is read all the same.
		if head, _ := br.Peek(3); bytes.Equal(head, gzipMagic) {
			p.gz = true
			notes = append(notes, fmt.Sprintf("gzip-compressed although named %s", extOf(j.name)))
		}
	}
	if p.gz {
		g.max = im.lim.entry
		g.in = &countReader{r: br}
		zr, err := gzipReader(g.in)
		if err != nil {
			out.file.Status = StatusFailed
			out.file.Reason = "gzip: " + strings.TrimPrefix(err.Error(), "gzip: ")
			return out
		}
		g.r = zr
	} else {
		g.r = br
	}
	src := getReader(g)
	defer putReader(src)
	if head, _ := src.Peek(4); bytes.Equal(head, zipMagic) {
		out.file.Status = StatusFailed
		out.file.Reason = fmt.Sprintf("content is a zip archive, not %s: name it .zip", formatLabel(p))
		return out
	}
	if p.strava {
		if head, _ := src.Peek(len(stravaHeader) + 3); isStravaHeader(head) {
			return im.readStravaIndex(j, src, g)
		}
		if p.format.Decode == nil {
			out.file.Status = StatusSkipped
			out.file.Reason = fmt.Sprintf("unsupported file type %s", extOf(j.name))
			return out
		}
	}
	// A format that knows its header checks it before the decoder reads
	// (perhaps all of) the file: a big file of something else fails here.
	if p.format.Header != nil {
		head, _ := src.Peek(HeaderBytes)
		if err := p.format.Header(head); err != nil {
			if p.gz || j.arc != nil {
				// A bomb or a broken stream is the better reason; the
				// guard bounds what this reads, and it streams.
				_, _ = io.Copy(io.Discard, src)
			}
			if gerr := g.failure(); gerr != nil {
				err = gerr
			}
			out.file.Status = StatusFailed
			out.file.Reason = err.Error()
			return out
		}
	}
	// A plain file's size comes from the file system; an archive entry's
	// is declared by the archive, which may lie, so it is not a hint.
	var in io.Reader = src
	if !p.gz && j.arc == nil {
		in = sizedReader{src, j.size}
	}
	var dec Decoded
	var err error
	if p.format.DecodeWith != nil {
		dec, err = p.format.DecodeWith(in, im.siblings(j))
	} else {
		dec, err = p.format.Decode(in)
	}
	if err == nil {
		// Read what the decoder left, so that the zip and gzip checksums
		// at the end of the stream are verified (bounded by the guard).
		_, _ = io.Copy(io.Discard, src)
	}
	if gerr := g.failure(); gerr != nil {
		// A cap, a bomb or a broken stream beats whatever the decoder made of it.
		out.file.Status = StatusFailed
		out.file.Reason = gerr.Error()
		return out
	}
	switch {
	case err != nil:
		out.file.Status = StatusOf(err)
		out.file.Reason = err.Error()
		return out
	case len(dec.Activities) == 0 && len(dec.Intake) == 0 && len(dec.Body) == 0 && len(dec.Sleep) == 0 && len(dec.Resting) == 0:
		out.file.Status = StatusSkipped
		out.file.Reason = "no activity in file"
		if notes = append(notes, dec.Notes...); len(notes) > 0 {
			out.file.Reason += ": " + strings.Join(notes, "; ")
		}
		return out
	}
	out.file.Status = StatusImported
	if n := capStrings(dec.Activities); n != "" {
		notes = append(notes, n)
	}
	notes = append(notes, dec.Notes...)
	for i := range dec.Activities {
		// Every format gets the same heart-rate rule and sport inference
		// (hr.go, sport.go), before the samples are reduced.
		a := &dec.Activities[i]
		for _, note := range []string{SanitizeHR(a), settleSport(a)} {
			if note != "" && len(dec.Activities) > 1 {
				note = fmt.Sprintf("activity %d: %s", a.Index+1, note)
			}
			if note != "" {
				notes = append(notes, note)
			}
		}
	}
	out.file.Reason = strings.Join(notes, "; ")
	out.file.Activities = len(dec.Activities)
	for i := range dec.Activities {
		a := &dec.Activities[i]
		a.Athlete = j.athlete
		a.Source = j.path
		if a.Format == "" {
			a.Format = p.format.Name
		}
		if a.Precision == "" {
			a.Precision = PrecisionExact
		}
		a.ID = ActivityID(a)
		a.countSamples()
		if im.opt.Reduce != nil {
			im.opt.Reduce(a)
		}
	}
	releaseSamples(dec)
	out.acts = dec.Activities
	for i := range dec.Intake {
		dec.Intake[i].Athlete, dec.Intake[i].Source = j.athlete, j.path
	}
	for i := range dec.Body {
		dec.Body[i].Athlete, dec.Body[i].Source = j.athlete, j.path
	}
	for i := range dec.Sleep {
		dec.Sleep[i].Athlete, dec.Sleep[i].Source = j.athlete, j.path
	}
	for i := range dec.Resting {
		dec.Resting[i].Athlete, dec.Resting[i].Source = j.athlete, j.path
	}
	out.intake, out.body, out.sleep, out.resting = dec.Intake, dec.Body, dec.Sleep, dec.Resting
	out.file.Records = len(dec.Intake) + len(dec.Body) + len(dec.Sleep) + len(dec.Resting)
	return out
}

// formatLabel names what a file was expected to hold.
func formatLabel(p picked) string {
	if p.format.Name != "" {
		return p.format.Name
	}
	return "csv"
}

// extOf is a name's extension for messages: ".fit", ".fit.gz", or "(none)".
func extOf(name string) string {
	ext := filepath.Ext(name)
	if strings.EqualFold(ext, ".gz") {
		if inner := filepath.Ext(name[:len(name)-len(ext)]); inner != "" {
			ext = inner + ext
		}
	}
	if ext == "" {
		return "(none)"
	}
	return ext
}

// baseName is the last element of a slash- or OS-separated name.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}
