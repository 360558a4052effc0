package ingest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
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
	roots, err := resolveRoots(paths)
	if err != nil {
		return nil, err
	}
	var out []FileStat
	add := func(path string, info fs.FileInfo) {
		out = append(out, FileStat{Path: path, Size: info.Size(), ModTime: info.ModTime(), Mode: info.Mode()})
	}
	profile := func(dir string) {
		p := filepath.Join(dir, ProfileFileName)
		if pst, perr := os.Stat(p); perr == nil {
			add(p, pst)
		} else if !errors.Is(perr, fs.ErrNotExist) {
			out = append(out, FileStat{Path: p, Err: perr.Error()})
		}
	}
	w := newWalker(roots, opt.Exclude, walkFuncs{
		dir: func(path string, _ int, hasProfile bool) {
			if hasProfile {
				profile(path)
			}
		},
		file: func(path string, info fs.FileInfo) {
			if filepath.Base(path) != ProfileFileName {
				add(path, info)
			}
		},
		fail: func(path string, err error) { out = append(out, FileStat{Path: path, Err: err.Error()}) },
		link: func(path string, _ bool, _ string) {
			if info, err := os.Lstat(path); err == nil {
				add(path, info)
			}
		},
	})
	for _, r := range roots {
		if !r.dir {
			// Import reads the profile of a single file's folder.
			profile(filepath.Dir(r.path))
			add(r.path, r.info)
			continue
		}
		w.walk(r)
	}
	sortStats(out)
	return slices.CompactFunc(out, func(a, b FileStat) bool { return a.Path == b.Path }), nil
}

// sortStats orders s by path (roots may be given in any order).
func sortStats(s []FileStat) {
	sort.SliceStable(s, func(i, j int) bool { return s[i].Path < s[j].Path })
}
