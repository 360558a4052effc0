package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
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
)

// FileResult accounts for one input file: every file the batch saw gets
// exactly one, whatever happened to it.
type FileResult struct {
	Path       string // as found while walking (relative to the working directory when given so)
	Athlete    string
	Format     string // "fit", "gpx", "profile", or "" when unrecognized
	Status     string // imported | skipped | failed
	Reason     string // why it was skipped or failed; notes for imported files
	Activities int    // activities taken from the file
	Records    int    // food-log days and body measurements taken from the file
	SizeBytes  int64
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
}

// DefaultAthlete names the athlete when neither a profile nor a flag does.
const DefaultAthlete = "athlete"

// Batch is everything one import found.
type Batch struct {
	Activities []Activity        // sorted by athlete, start, id
	Intake     []DayIntake       // sorted by athlete, date, source
	Body       []BodyMeasurement // sorted by athlete, time, source
	Files      []FileResult
	// Profiles holds the profile found for each athlete (from its profile
	// file), and ProfilePaths where it came from.
	Profiles     map[string]Profile
	ProfilePaths map[string]string
}

// Summary counts files by status.
func (b *Batch) Summary() (imported, skipped, failed int) {
	for _, f := range b.Files {
		switch f.Status {
		case StatusImported:
			imported++
		case StatusSkipped:
			skipped++
		case StatusFailed:
			failed++
		}
	}
	return
}

// job is one file to decode, with the athlete it belongs to.
type job struct {
	path    string
	athlete string
	size    int64
}

// Import walks paths (files or folders, recursively), decodes every file
// with the format its extension names, and accounts for every file it saw
// in Batch.Files. One bad file never stops the batch: its error becomes the
// reason of a failed FileResult. Import returns an error only when a path
// cannot be walked at all or ctx is cancelled.
//
// A folder holding a [ProfileFileName] file belongs to the athlete that
// profile names (or, without a name, to the folder's name), and so does
// everything below it. Folders whose names start with "." are not walked.
func Import(ctx context.Context, paths []string, opt Options) (*Batch, error) {
	b := &Batch{Profiles: map[string]Profile{}, ProfilePaths: map[string]string{}}
	defAthlete := opt.Athlete
	if defAthlete == "" {
		defAthlete = DefaultAthlete
	}
	excluded := map[string]bool{}
	for _, e := range opt.Exclude {
		if abs, err := filepath.Abs(e); err == nil {
			excluded[abs] = true
		}
	}

	var jobs []job
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", root, err)
		}
		if !st.IsDir() {
			athlete, perr := b.athleteFor(filepath.Dir(root), defAthlete, opt.Athlete != "")
			if perr != nil {
				return nil, perr
			}
			jobs = append(jobs, job{path: root, athlete: athlete, size: st.Size()})
			continue
		}
		// dirAthlete caches the athlete of each folder seen so far.
		dirAthlete := map[string]string{}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				// An unreadable folder or file is accounted for, not fatal.
				b.Files = append(b.Files, FileResult{Path: path, Status: StatusFailed, Reason: err.Error()})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if abs, aerr := filepath.Abs(path); aerr == nil && excluded[abs] {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path != root && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				athlete := dirAthlete[filepath.Dir(path)]
				if path == root || athlete == "" {
					athlete = defAthlete
				}
				if a, ok, perr := b.readProfile(path); perr != nil {
					b.Files = append(b.Files, FileResult{Path: filepath.Join(path, ProfileFileName), Athlete: athlete,
						Format: "profile", Status: StatusFailed, Reason: perr.Error()})
				} else if ok && opt.Athlete == "" {
					athlete = a
				} else if ok {
					b.Profiles[opt.Athlete] = b.Profiles[a]
					b.ProfilePaths[opt.Athlete] = b.ProfilePaths[a]
				}
				dirAthlete[path] = athlete
				return nil
			}
			athlete := dirAthlete[filepath.Dir(path)]
			if d.Name() == ProfileFileName {
				if _, failed := b.profileFailed(path); !failed {
					b.Files = append(b.Files, FileResult{Path: path, Athlete: athlete, Format: "profile",
						Status: StatusImported, Reason: "athlete profile"})
				}
				return nil
			}
			info, ierr := d.Info()
			var size int64
			if ierr == nil {
				size = info.Size()
			}
			if ierr == nil && !info.Mode().IsRegular() {
				b.Files = append(b.Files, FileResult{Path: path, Athlete: athlete, Status: StatusSkipped,
					Reason: "not a regular file", SizeBytes: size})
				return nil
			}
			jobs = append(jobs, job{path: path, athlete: athlete, size: size})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", root, err)
		}
	}

	results := make([]fileOutcome, len(jobs))
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// A bounded pool: files are independent, so each worker takes the next
	// index; results land in their own slot, keeping the order stable
	// without a mutex.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(jobs)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) || ctx.Err() != nil {
					return
				}
				results[i] = decodeFile(jobs[i], opt.Formats)
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	for _, r := range results {
		b.Files = append(b.Files, r.file)
		b.Activities = append(b.Activities, r.acts...)
		b.Intake = append(b.Intake, r.intake...)
		b.Body = append(b.Body, r.body...)
	}
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
	sort.SliceStable(b.Files, func(i, j int) bool { return b.Files[i].Path < b.Files[j].Path })
	SortActivities(b.Activities)
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
	f, err := os.Open(path)
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

// profileFailed reports whether the profile at path was already recorded
// as failed while walking its folder.
func (b *Batch) profileFailed(path string) (int, bool) {
	for i, f := range b.Files {
		if f.Path == path && f.Status == StatusFailed {
			return i, true
		}
	}
	return -1, false
}

// athleteFor is the athlete of a single file given on the command line:
// its folder's profile, if any.
func (b *Batch) athleteFor(dir, def string, forced bool) (string, error) {
	a, ok, err := b.readProfile(dir)
	if err != nil {
		return "", err
	}
	if !ok || forced {
		return def, nil
	}
	return a, nil
}

type fileOutcome struct {
	file   FileResult
	acts   []Activity
	intake []DayIntake
	body   []BodyMeasurement
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

// decodeFile decodes one file, turning every error (and any panic in a
// decoder) into the file's reason.
func decodeFile(j job, formats []Format) (out fileOutcome) {
	out.file = FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size}
	format, ok := formatFor(j.path, formats)
	if !ok {
		out.file.Status = StatusSkipped
		ext := filepath.Ext(j.path)
		if ext == "" {
			ext = "(none)"
		}
		out.file.Reason = fmt.Sprintf("unsupported file type %s", ext)
		return out
	}
	out.file.Format = format.Name
	if j.size == 0 {
		out.file.Status = StatusFailed
		out.file.Reason = "empty file"
		return out
	}
	defer func() {
		if r := recover(); r != nil {
			out.acts = nil
			out.file.Status = StatusFailed
			out.file.Activities = 0
			out.file.Reason = fmt.Sprintf("internal error decoding %s: %v (please report this file)", format.Name, r)
		}
	}()
	f, err := os.Open(j.path)
	if err != nil {
		out.file.Status = StatusFailed
		out.file.Reason = err.Error()
		return out
	}
	defer f.Close()
	dec, err := format.Decode(bufio.NewReaderSize(f, 64<<10))
	switch {
	case err != nil:
		out.file.Status = StatusOf(err)
		out.file.Reason = err.Error()
		return out
	case len(dec.Activities) == 0 && len(dec.Intake) == 0 && len(dec.Body) == 0:
		out.file.Status = StatusSkipped
		out.file.Reason = "no activity in file"
		if len(dec.Notes) > 0 {
			out.file.Reason += ": " + strings.Join(dec.Notes, "; ")
		}
		return out
	}
	out.file.Status = StatusImported
	out.file.Reason = strings.Join(dec.Notes, "; ")
	out.file.Activities = len(dec.Activities)
	for i := range dec.Activities {
		a := &dec.Activities[i]
		a.Athlete = j.athlete
		a.Source = j.path
		if a.Format == "" {
			a.Format = format.Name
		}
		if a.Precision == "" {
			a.Precision = PrecisionExact
		}
		a.ID = ActivityID(a)
	}
	out.acts = dec.Activities
	for i := range dec.Intake {
		dec.Intake[i].Athlete, dec.Intake[i].Source = j.athlete, j.path
	}
	for i := range dec.Body {
		dec.Body[i].Athlete, dec.Body[i].Source = j.athlete, j.path
	}
	out.intake, out.body = dec.Intake, dec.Body
	out.file.Records = len(dec.Intake) + len(dec.Body)
	return out
}
