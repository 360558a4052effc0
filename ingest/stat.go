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

// Stat walks paths with the walk of [Import] (hidden folders below a root
// skipped, Options.Exclude honored, a single file's folder profile
// included: one walker serves both) but only stats what it finds: it opens no file. It
// lists every file Import would account for (archives as themselves, not
// their entries, and profile files), sorted by path, so that a caller can
// tell cheaply whether the inputs changed since an earlier run. Like
// Import, it returns an error only when a root cannot be stat'ed.
func Stat(paths []string, opt Options) ([]FileStat, error) {
	var out []FileStat
	add := func(path string, info fs.FileInfo) {
		out = append(out, FileStat{Path: path, Size: info.Size(), ModTime: info.ModTime(), Mode: info.Mode()})
	}
	err := walkInputs(paths, opt.Exclude, walkFuncs{
		dir: func(dir string, _ int, hasProfile bool) {
			if !hasProfile {
				return
			}
			p := filepath.Join(dir, ProfileFileName)
			if pst, perr := os.Stat(p); perr == nil {
				add(p, pst)
			} else if !errors.Is(perr, fs.ErrNotExist) {
				out = append(out, FileStat{Path: p, Err: perr.Error()})
			}
		},
		file: func(path string, info fs.FileInfo) {
			if filepath.Base(path) != ProfileFileName {
				add(path, info) // the profile is listed on entering its folder
			}
		},
		fail: func(path string, err error) { out = append(out, FileStat{Path: path, Err: err.Error()}) },
		link: func(path string, _ bool, _ string) {
			if info, err := os.Lstat(path); err == nil {
				add(path, info)
			}
		},
	})
	if err != nil {
		return nil, err
	}
	sortStats(out)
	return slices.CompactFunc(out, func(a, b FileStat) bool { return a.Path == b.Path }), nil
}

// sortStats orders s by path (roots may be given in any order).
func sortStats(s []FileStat) {
	sort.SliceStable(s, func(i, j int) bool { return s[i].Path < s[j].Path })
}
