package ingest

import (
	"io/fs"
	"path/filepath"
	"strings"
)

// FormatFolderLink is the Format of the row of a symbolic link to a folder
// found while walking (followed: status imported; not followed: skipped).
const FormatFolderLink = "folder-link"

// dirAthlete is the athlete of a folder's files and the rule that decided it.
type dirAthlete struct {
	athlete string
	rule    AthleteRule
}

// profileRead is the outcome of reading one folder's profile file.
type profileRead struct {
	athlete string
	ok      bool
	err     error
}

// walkState decides the athlete of every folder and file [Import] walks
// (see Import for the rule) and turns files into jobs.
type walkState struct {
	b        *Batch
	opt      Options
	def      string                 // the default athlete
	dirs     map[string]dirAthlete  // by folder path as walked
	profiles map[string]profileRead // by folder path: each profile file is read once
	rows     map[string]bool        // profile rows written, by path
}

// enterDir decides the athlete of the folder at path: its parent's (a
// root's: the default athlete), the folder's name for a top-level
// sub-folder under Options.Coach, or the athlete its profile file names.
// Options.Athlete overrides all of them. A profile that cannot be read is
// a failed row, and the folder keeps the athlete it had without it.
func (w *walkState) enterDir(path string, depth int, hasProfile bool) {
	cur := dirAthlete{w.def, RuleOneAthlete}
	if depth > 0 {
		if parent, ok := w.dirs[filepath.Dir(path)]; ok {
			cur = parent
		}
	}
	forced := w.opt.Athlete != ""
	switch {
	case forced:
		cur = dirAthlete{w.opt.Athlete, RuleFlag}
	case w.opt.Coach && depth == 1:
		cur = dirAthlete{filepath.Base(path), RuleCoach}
	}
	if hasProfile {
		pr, done := w.profiles[path]
		if !done {
			pr.athlete, pr.ok, pr.err = w.b.readProfile(path)
			w.profiles[path] = pr
		}
		switch {
		case pr.err != nil:
			w.profileRow(FileResult{Path: filepath.Join(path, ProfileFileName), Athlete: cur.athlete,
				AthleteRule: cur.rule, Format: "profile", Status: StatusFailed, Reason: pr.err.Error()})
		case pr.ok && !forced:
			cur = dirAthlete{pr.athlete, RuleProfile}
		case pr.ok:
			w.b.Profiles[w.opt.Athlete] = w.b.Profiles[pr.athlete]
			w.b.ProfilePaths[w.opt.Athlete] = w.b.ProfilePaths[pr.athlete]
		}
		if pr.ok {
			w.profileRow(FileResult{Path: filepath.Join(path, ProfileFileName), Athlete: cur.athlete,
				AthleteRule: cur.rule, Format: "profile", Status: StatusImported, Reason: w.b.profileReason(filepath.Join(path, ProfileFileName))})
		}
	}
	w.dirs[path] = cur
}

// profileRow adds a profile file's row, once however often its folder
// is reached.
func (w *walkState) profileRow(f FileResult) {
	if w.rows[f.Path] {
		return
	}
	w.rows[f.Path] = true
	w.b.Files = append(w.b.Files, f)
}

// file turns a file found at path into a job, or into a row when it is
// not one to decode (its folder's profile file, a FIFO or device).
func (w *walkState) file(path string, info fs.FileInfo) (job, bool) {
	at := w.dirs[filepath.Dir(path)]
	if filepath.Base(path) == ProfileFileName {
		return job{}, false // its row was written on entering the folder
	}
	size := info.Size()
	if !info.Mode().IsRegular() {
		w.b.Files = append(w.b.Files, FileResult{Path: path, Athlete: at.athlete, AthleteRule: at.rule,
			Status: StatusSkipped, Reason: "not a regular file", SizeBytes: size})
		return job{}, false
	}
	return job{path: path, name: path, athlete: at.athlete, rule: at.rule, size: size}, true
}

// IsActivityFile reports whether a file's name is claimed by a format,
// directly or under ".gz", or is a zip archive.
func IsActivityFile(name string, formats []Format) bool {
	if isZipName(name) {
		return true
	}
	if strings.EqualFold(filepath.Ext(name), ".gz") {
		name = name[:len(name)-3]
	}
	f, ok := formatFor(name, formats)
	return ok && !f.Wellness
}
