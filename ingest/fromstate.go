package ingest

import (
	"path/filepath"
	"strings"
)

// BatchFromOutcomes builds the batch an import that decoded outs would
// give (the outcomes an earlier run stored, see state.FileCache.Outcomes):
// the same gather, settle and sort as [Import]. What the walk adds is not
// there: profiles (see [FindProfiles]), folder sport files and
// SportOverrides, archive rows, the athlete rule of each row.
func BatchFromOutcomes(outs []Outcome) *Batch {
	b := &Batch{Profiles: map[string]Profile{}, ProfilePaths: map[string]string{}}
	fos := make([]fileOutcome, len(outs))
	for i, o := range outs {
		fos[i] = fromOutcome(o)
	}
	side := b.gather(fos, nil)
	b.settle(side, nil)
	b.sort()
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
				if _, _, err := b.readProfile(d); err != nil { // a missing profile file is no error
					problems = append(problems, err)
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
