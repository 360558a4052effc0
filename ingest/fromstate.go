package ingest

import (
	"cmp"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Outcomes returns every outcome the loaded index holds, by row path: what
// an earlier run decoded, read back without its input files. A record that
// cannot be read back intact (pack missing or damaged) is left out and
// counted in lost.
func (c *FileCache) Outcomes() (outs []Outcome, lost int) {
	c.mu.Lock()
	recs := make([]cacheRecord, 0, len(c.old))
	for _, r := range c.old {
		recs = append(recs, *r)
	}
	c.mu.Unlock()
	slices.SortFunc(recs, func(a, b cacheRecord) int { return strings.Compare(a.id(), b.id()) })
	for _, r := range recs {
		o, ok := c.Get(FileKey{Path: r.Path, Athlete: r.Athlete, Size: r.Size, ModTime: r.ModTime,
			Entry: r.Entry, CRC32: r.CRC32, EntrySize: r.EntrySize})
		if !ok {
			lost++
			continue
		}
		outs = append(outs, o)
	}
	return outs, lost
}

// BatchFromOutcomes builds the batch an import that decoded outs would
// give, as [Import] does after decoding: Strava index, sort, duplicates,
// logs in order. What the walk adds is not there: profiles (see
// [FindProfiles]), folder sport files and --sport-override, archive rows.
func BatchFromOutcomes(outs []Outcome) *Batch {
	b := &Batch{Profiles: map[string]Profile{}, ProfilePaths: map[string]string{}}
	slices.SortStableFunc(outs, func(x, y Outcome) int { return strings.Compare(x.File.Path, y.File.Path) })
	index := map[string]stravaEntry{}
	for _, o := range outs {
		for k, v := range o.StravaIndex {
			index[k] = v
		}
		b.Files = append(b.Files, o.File)
		b.Activities = append(b.Activities, o.Activities...)
		b.Intake = append(b.Intake, o.Intake...)
		b.Body = append(b.Body, o.Body...)
		b.Sleep = append(b.Sleep, o.Sleep...)
		b.Resting = append(b.Resting, o.Resting...)
	}
	applyStravaIndex(b.Activities, index)
	SortActivities(b.Activities)
	var drops []drop
	b.Activities, drops = dedupe(b.Activities)
	accountDuplicates(b.Files, drops)
	sort.SliceStable(b.Intake, func(i, j int) bool {
		x, y := &b.Intake[i], &b.Intake[j]
		return cmp.Or(strings.Compare(x.Athlete, y.Athlete), x.Date.Compare(y.Date), strings.Compare(x.Source, y.Source)) < 0
	})
	sort.SliceStable(b.Body, func(i, j int) bool {
		x, y := &b.Body[i], &b.Body[j]
		return cmp.Or(strings.Compare(x.Athlete, y.Athlete), x.Time.Compare(y.Time), strings.Compare(x.Source, y.Source)) < 0
	})
	sortSleep(b.Sleep)
	sortResting(b.Resting)
	b.validUTF8()
	sort.SliceStable(b.Files, func(i, j int) bool { return b.Files[i].Path < b.Files[j].Path })
	return b
}

// FindProfiles fills b.Profiles for a batch built by [BatchFromOutcomes]:
// for each athlete, the nearest profile file (ProfileFileName) in the
// folder of one of its files or a folder above it, up to the folder
// holding all of the batch's files — the folders a walk of those files
// would have read. A profile counts for the athlete it names, or whose
// folder it is named after when it names none (the walk's rule). It
// returns the profile files that could not be read, with why.
func FindProfiles(b *Batch) (problems []error) {
	var dirs []string
	for _, f := range b.Files {
		top, _, _ := strings.Cut(f.Path, "!")
		dirs = append(dirs, filepath.Dir(top))
	}
	if len(dirs) == 0 {
		return nil
	}
	common := dirs[0]
	for _, d := range dirs[1:] {
		for !Within(d, common) && common != filepath.Dir(common) {
			common = filepath.Dir(common)
		}
	}
	tried := map[string]bool{}
	for _, f := range b.Files {
		if f.Athlete == "" {
			continue
		}
		if _, done := b.Profiles[f.Athlete]; done {
			continue
		}
		top, _, _ := strings.Cut(f.Path, "!")
		for d := filepath.Dir(top); ; d = filepath.Dir(d) {
			if !tried[d] {
				tried[d] = true
				if _, err := os.Lstat(filepath.Join(d, ProfileFileName)); err == nil {
					if _, _, err := b.readProfile(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
						problems = append(problems, err)
					}
				}
			}
			if _, done := b.Profiles[f.Athlete]; done || d == common || d == filepath.Dir(d) {
				break
			}
		}
	}
	// Profiles read for other athletes' folders stay out.
	athletes := map[string]bool{}
	for _, f := range b.Files {
		athletes[f.Athlete] = true
	}
	for a := range b.Profiles {
		if !athletes[a] {
			delete(b.Profiles, a)
			delete(b.ProfilePaths, a)
		}
	}
	return problems
}
