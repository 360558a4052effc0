package ingest

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// FileStatus is what happened to one input file: the status of a
// [FileResult], the status column of files.parquet.
type FileStatus string

// File statuses in a [FileResult].
const (
	StatusImported FileStatus = "imported"
	StatusSkipped  FileStatus = "skipped"
	StatusFailed   FileStatus = "failed"
	// StatusDuplicate marks a file all of whose activities were duplicates
	// of activities kept from other files (see the package doc).
	StatusDuplicate FileStatus = "duplicate"
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
	Status     FileStatus
	Reason     string // why it was skipped or failed; notes for imported files
	Activities int    // activities taken from the file (duplicates dropped are not counted)
	Duplicates int    // activities of this file dropped as duplicates of activities from other files
	// DuplicateOf is, for a file whose every activity was a duplicate
	// (status duplicate), the Source of the kept copy, comma-joined when
	// several.
	DuplicateOf string
	Records     int // food-log days, body measurements, sleep nights and resting-HR days taken from the file
	// DroppedSets counts the Garmin Connect exercise sets of this file's
	// duplicates that matched no set of the kept activity and were
	// dropped (Reason names the kept file, the activity and the sets).
	DroppedSets int
	SizeBytes   int64 // file size; for archive entries, the uncompressed entry size
	// AthleteRule says how Athlete was decided: RuleOneAthlete,
	// RuleProfile, RuleCoach or RuleFlag ("" for a row of no folder, such
	// as an unreadable folder's). Path is as found while walking below the
	// input's real path (see [Import]).
	AthleteRule AthleteRule
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

	// Shard, when active, keeps only the athletes of one shard of a
	// sharded run (see [Shard]); the others' files are not decoded.
	Shard Shard

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
	// OtherShard counts the rows a sharded run ([Options.Shard]) left
	// out: files (and profile, link and folder rows) of other shards'
	// athletes, not decoded.
	OtherShard int

	merged int // batches added by MergeFiles
}

// sideFiles is what [Batch.gather] found beside the data, for
// [Batch.settle]: the entries of Strava activities.csv files (Source →
// entry), the sport settings, and the indexes in Files of archive rows.
type sideFiles struct {
	index    map[string]stravaEntry
	folders  []folderSport
	archives []int
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
	rule    AthleteRule // how athlete was decided (a Rule constant); files on disk only
	size    int64       // file size, or declared uncompressed entry size
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
	w, err := Walk(paths, opt)
	if err != nil {
		return nil, err
	}
	return w.Import(ctx, nil)
}

// walk walks the inputs (see walkInputs), deciding each file's athlete:
// it returns the files to decode, and adds to b the rows of what is not
// decoded (unreadable folders, links to folders, profile files...) and
// the profiles it read.
func (b *Batch) walk(paths []string, opt Options) ([]job, error) {
	defAthlete := opt.Athlete
	if defAthlete == "" {
		defAthlete = DefaultAthlete
	}
	w := &walkState{b: b, opt: opt, def: defAthlete, dirs: map[string]dirAthlete{},
		profiles: map[string]profileRead{}, rows: map[string]bool{}}
	var jobs []job
	err := walkInputs(paths, opt.Exclude, walkFuncs{
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
	return jobs, err
}

// gather adds the decoded outcomes to b, in path order, with each row's
// athlete rule, and returns what the side files said.
func (b *Batch) gather(outs []fileOutcome, jobs []job) sideFiles {
	// Outcomes arrive in completion order; sorting them by path makes
	// everything below independent of the worker count.
	sort.SliceStable(outs, func(i, j int) bool { return outs[i].file.Path < outs[j].file.Path })
	rules := make(map[string]AthleteRule, len(jobs))
	for _, j := range jobs {
		rules[j.path] = j.rule
	}
	side := sideFiles{index: map[string]stravaEntry{}}
	for _, r := range outs {
		if r.folderSport != nil {
			side.folders = append(side.folders, *r.folderSport)
		}
		for k, v := range r.index {
			side.index[k] = v
		}
		if r.archive {
			side.archives = append(side.archives, len(b.Files))
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
	return side
}

// settle applies to the gathered activities what the side files and
// overrides say (Strava's activities.csv, sport settings), drops
// duplicates and totals the archive rows.
func (b *Batch) settle(side sideFiles, overrides []SportOverride) {
	applyStravaIndex(b.Activities, side.index)
	b.UnusedSportOverrides = applySportSettings(b.Activities, b.Files, side.folders, overrides)
	SortActivities(b.Activities)
	var drops []drop
	b.Activities, drops = dedupe(b.Activities)
	accountDuplicates(b.Files, drops)
	totalArchives(b.Files, side.archives)
}

// sort puts everything but the activities (sorted by settle) in the
// order [Batch] documents, and makes the strings valid UTF-8.
func (b *Batch) sort() {
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
