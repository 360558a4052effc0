package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// AthleteRule says how a file's athlete was decided (FileResult.AthleteRule,
// the athlete_rule column of files.parquet). README.md, "Who is the
// athlete", states the rule for users.
type AthleteRule string

// The athlete rules.
const (
	// RuleOneAthlete: no profile file and no flag names the athlete, so
	// the file belongs to the run's one default athlete. Sub-folders
	// (garmin/, strava/, ...) do not make athletes of their own.
	RuleOneAthlete AthleteRule = "one-athlete"
	// RuleProfile: an athlete.json in the file's folder or a folder above
	// it names the athlete (its "name", else that folder's name).
	RuleProfile AthleteRule = "profile"
	// RuleCoach: --coach: the top-level sub-folder of the input PATH the
	// file lies in is the athlete (named after the folder), unless an
	// athlete.json inside names another.
	RuleCoach AthleteRule = "coach-folder"
	// RuleFlag: --athlete names the athlete of every file.
	RuleFlag AthleteRule = "athlete-flag"
)

// inputRoot is one PATH given to [Import] or [Stat], resolved.
type inputRoot struct {
	path string // canonical: the real path, relative to the working directory when it lies below it, else absolute
	real string // the real absolute path (symbolic links resolved)
	dir  bool
	info fs.FileInfo
}

// resolveRoots resolves the PATHs so that "DIR", "DIR/", "./DIR", DIR's
// absolute path and a symbolic link to DIR all name the same root and the
// same rows: the real path (links resolved), relative to the working
// directory when it lies below it (see displayPath), else absolute. A PATH
// that does not exist is an error naming it.
func resolveRoots(paths []string) ([]inputRoot, error) {
	wd := realWD()
	roots := make([]inputRoot, 0, len(paths))
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", p, err)
		}
		real, err := realAbs(p)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", p, err)
		}
		roots = append(roots, inputRoot{path: displayPath(wd, p, real), real: real, dir: st.IsDir(), info: st})
	}
	return roots, nil
}

// realWD is the working directory with links resolved ("" when unknown).
func realWD() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(wd); err == nil {
		return r
	}
	return wd
}

// realAbs is p's absolute path with every symbolic link resolved.
func realAbs(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// RealPath is p's absolute path with every symbolic link resolved, as far
// as p exists: a folder not made yet (an output folder before its first
// run) is its resolved parent joined with its name.
func RealPath(p string) string {
	if r, err := realAbs(p); err == nil {
		return r
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if r, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(r, filepath.Base(abs))
	}
	return abs
}

// displayPath is how the rows name the input given as p, whose real path
// is real: relative to wd when it lies below wd, or when p was given
// relative to a folder above wd ("../exports"), else absolute.
func displayPath(wd, p, real string) string {
	if wd == "" {
		return real
	}
	rel, err := filepath.Rel(wd, real)
	if err != nil {
		return real
	}
	if rel == "." || filepath.IsLocal(rel) {
		return rel
	}
	if c := filepath.Clean(p); !filepath.IsAbs(p) && (c == ".." || strings.HasPrefix(c, ".."+string(filepath.Separator))) {
		return rel
	}
	return real
}

// Within reports whether p is dir or lies below it (both clean and
// absolute, as [RealPath] gives them).
func Within(p, dir string) bool {
	if p == dir {
		return true
	}
	rel, err := filepath.Rel(dir, p)
	return err == nil && filepath.IsLocal(rel)
}

// walkInputs resolves paths (see [resolveRoots]) and walks them with the
// rules [Import] and [Stat] share, calling on as it goes: a folder is
// walked (see walker); a file given itself is reported with on.file,
// after on.dir for its folder (depth 0) unless the walk entered that
// folder already, so that the profile beside a given file applies as
// when its folder is given. It is the one walk of the inputs: Import
// decodes what it reports, Stat only stats it. The error is resolveRoots'
// (a PATH that does not exist).
func walkInputs(paths, exclude []string, on walkFuncs) error {
	roots, err := resolveRoots(paths)
	if err != nil {
		return err
	}
	w := newWalker(roots, exclude, on)
	for _, r := range roots {
		if r.dir {
			w.walk(r)
			continue
		}
		if dir := filepath.Dir(r.path); !w.entered[dir] {
			_, err := os.Lstat(filepath.Join(dir, ProfileFileName))
			w.enter(dir, 0, err == nil)
		}
		on.file(r.path, r.info)
	}
	return nil
}

// walker walks input folders with the rules [Import] and [Stat] share:
// folders whose names start with "." are not walked (a root aside);
// excluded paths (the output folder) are left out; a symbolic link to a
// file is that file; a symbolic link to a folder is followed once — not
// when its target lies in an input folder (it is read where it lies), in
// an excluded folder, or was walked already, which makes the walk safe
// from link loops.
type walker struct {
	excluded []string // real absolute paths
	roots    []string // real absolute paths of the folder roots
	visited  map[string]bool
	entered  map[string]bool // folders on.dir was called for, by path
	on       walkFuncs
}

// walkFuncs are a walk's callbacks, called in lexical order of the paths
// as found (a folder before what it holds).
type walkFuncs struct {
	// dir is called on entering a folder; depth is 0 for a root, 1 for
	// its top-level sub-folders. hasProfile reports that the folder lists
	// a ProfileFileName.
	dir func(path string, depth int, hasProfile bool)
	// file is called for each file (info is the link target's for a
	// symbolic link).
	file func(path string, info fs.FileInfo)
	// fail is called for a folder that cannot be read, a file that cannot
	// be stat'ed and a broken symbolic link.
	fail func(path string, err error)
	// link is called for a symbolic link to a folder, with whether it is
	// followed (its files then come below path) and a reason saying so.
	link func(path string, followed bool, reason string)
}

func newWalker(roots []inputRoot, exclude []string, on walkFuncs) *walker {
	w := &walker{visited: map[string]bool{}, entered: map[string]bool{}, on: on}
	for _, e := range exclude {
		w.excluded = append(w.excluded, RealPath(e))
	}
	for _, r := range roots {
		if r.dir {
			w.roots = append(w.roots, r.real)
		}
	}
	return w
}

func (w *walker) isExcluded(real string) bool {
	for _, e := range w.excluded {
		if Within(real, e) {
			return true
		}
	}
	return false
}

// walk walks one folder root.
func (w *walker) walk(r inputRoot) {
	if w.isExcluded(r.real) {
		return
	}
	w.walkDir(r.path, r.real, 0)
}

func (w *walker) walkDir(path, real string, depth int) {
	w.visited[real] = true
	entries, err := os.ReadDir(path)
	if err != nil && len(entries) == 0 {
		// Nothing inside was seen, not even a profile: one row for the folder.
		w.on.fail(path, err)
		return
	}
	hasProfile := false
	for _, e := range entries {
		if e.Name() == ProfileFileName && !e.IsDir() {
			hasProfile = true
		}
	}
	w.enter(path, depth, hasProfile)
	for _, e := range entries {
		p, r := filepath.Join(path, e.Name()), filepath.Join(real, e.Name())
		if w.isExcluded(r) {
			continue
		}
		hidden := strings.HasPrefix(e.Name(), ".")
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			w.symlink(p, hidden, depth)
		case e.IsDir():
			if !hidden {
				w.walkDir(p, r, depth+1)
			}
		default:
			info, ierr := e.Info()
			if ierr != nil {
				w.on.fail(p, ierr)
				continue
			}
			w.on.file(p, info)
		}
	}
	if err != nil {
		w.on.fail(path, err)
	}
}

// enter reports entering the folder at path.
func (w *walker) enter(path string, depth int, hasProfile bool) {
	w.entered[path] = true
	w.on.dir(path, depth, hasProfile)
}

// symlink handles a symbolic link found at p while walking.
func (w *walker) symlink(p string, hidden bool, depth int) {
	target, err := realAbs(p)
	var st fs.FileInfo
	if err == nil {
		st, err = os.Stat(target)
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		w.on.fail(p, fmt.Errorf("broken symbolic link: %w", err))
		return
	}
	if !st.IsDir() {
		w.on.file(p, st)
		return
	}
	if hidden {
		return // like a hidden folder
	}
	why := ""
	switch {
	case w.isExcluded(target):
		why = "it is (inside) the output folder"
	case w.visited[target]:
		why = "it was walked already (links are followed once, so loops end)"
	default:
		for _, r := range w.roots {
			if Within(target, r) {
				why = "it lies in an input folder and is read there"
			}
		}
	}
	if why != "" {
		w.on.link(p, false, fmt.Sprintf("symbolic link to folder %s: not followed: %s", target, why))
		return
	}
	w.on.link(p, true, fmt.Sprintf("symbolic link to folder %s: followed once; its files are listed below this path", target))
	w.walkDir(p, target, depth+1)
}
