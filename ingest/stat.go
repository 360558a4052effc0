package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// FileStat is one path [Import] would look at, as [Stat] sees it without
// reading it.
type FileStat struct {
	Path    string // as Import names it (its FileResult.Path; an archive's own path)
	Size    int64
	ModTime time.Time
	Mode    fs.FileMode
	Err     string // why the path could not be walked or stat'ed ("" when it could)
}

// Stat walks paths with exactly the rules of [Import] (hidden folders
// below a root skipped, Options.Exclude honored, a single file's folder
// profile included) but only stats what it finds: it opens no file. It
// lists every file Import would account for (archives as themselves, not
// their entries, and profile files), sorted by path, so that a caller can
// tell cheaply whether the inputs changed since an earlier run. Like
// Import, it returns an error only when a root cannot be stat'ed.
func Stat(paths []string, opt Options) ([]FileStat, error) {
	excluded := excludedSet(opt.Exclude)
	var out []FileStat
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", root, err)
		}
		if !st.IsDir() {
			// Import reads the profile of a single file's folder.
			p := filepath.Join(filepath.Dir(root), ProfileFileName)
			if pst, perr := os.Stat(p); perr == nil {
				out = append(out, FileStat{Path: p, Size: pst.Size(), ModTime: pst.ModTime(), Mode: pst.Mode()})
			} else if !errors.Is(perr, fs.ErrNotExist) {
				out = append(out, FileStat{Path: p, Err: perr.Error()})
			}
			out = append(out, FileStat{Path: root, Size: st.Size(), ModTime: st.ModTime(), Mode: st.Mode()})
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, FileStat{Path: path, Err: err.Error()})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if skip, werr := walkSkip(root, path, d, excluded); skip {
				return werr
			}
			if d.IsDir() {
				return nil
			}
			info, ierr := d.Info()
			if ierr != nil {
				out = append(out, FileStat{Path: path, Err: ierr.Error()})
				return nil
			}
			out = append(out, FileStat{Path: path, Size: info.Size(), ModTime: info.ModTime(), Mode: info.Mode()})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", root, err)
		}
	}
	sortStats(out)
	return out, nil
}

// sortStats orders s by path (roots may be given in any order).
func sortStats(s []FileStat) {
	sort.SliceStable(s, func(i, j int) bool { return s[i].Path < s[j].Path })
}

// excludedSet is Options.Exclude as absolute paths.
func excludedSet(exclude []string) map[string]bool {
	excluded := map[string]bool{}
	for _, e := range exclude {
		if abs, err := filepath.Abs(e); err == nil {
			excluded[abs] = true
		}
	}
	return excluded
}

// walkSkip is the walk rule Import and Stat share for a path found under
// root: skip reports whether to leave it out, and err is then what the
// WalkDir callback returns (fs.SkipDir for an excluded or hidden folder,
// root aside; nil for an excluded file).
func walkSkip(root, path string, d fs.DirEntry, excluded map[string]bool) (skip bool, err error) {
	if abs, aerr := filepath.Abs(path); aerr == nil && excluded[abs] {
		if d.IsDir() {
			return true, fs.SkipDir
		}
		return true, nil
	}
	if d.IsDir() && path != root && strings.HasPrefix(d.Name(), ".") {
		return true, fs.SkipDir
	}
	return false, nil
}
