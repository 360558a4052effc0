package ingest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// athleteFolders returns the top-level sub-folders of the input folder
// root that are one athlete each, or nil: root has no profile file and no
// activity file of its own, and at least two of its sub-folders (not
// hidden, not excluded) hold activity files, directly or below. Each such
// sub-folder is then an athlete named after it, unless a profile inside
// names another (see [Import]); sub-folders without activity files stay
// with the default athlete.
func athleteFolders(root string, formats []Format, excluded map[string]bool) map[string]bool {
	if _, err := os.Stat(filepath.Join(root, ProfileFileName)); !errors.Is(err, fs.ErrNotExist) {
		return nil // a root profile names the athlete of everything below
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil
	}
	folders := map[string]bool{}
	for _, e := range entries {
		p := filepath.Join(root, e.Name())
		if isExcluded(p, excluded) {
			continue
		}
		if !e.IsDir() {
			if isActivityFile(e.Name(), formats) {
				return nil
			}
			continue
		}
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if holdsActivityFiles(p, formats, excluded) {
			folders[p] = true
		}
	}
	if len(folders) < 2 {
		return nil
	}
	return folders
}

// holdsActivityFiles reports whether dir holds an activity file, directly
// or below (hidden and excluded folders aside).
func holdsActivityFiles(dir string, formats []Format, excluded map[string]bool) bool {
	found := false
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if isExcluded(path, excluded) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != dir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if isActivityFile(d.Name(), formats) {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

func isExcluded(path string, excluded map[string]bool) bool {
	if len(excluded) == 0 {
		return false
	}
	abs, err := filepath.Abs(path)
	return err == nil && excluded[abs]
}

// isActivityFile reports whether a file's name is claimed by a format,
// directly or under ".gz", or is a zip archive.
func isActivityFile(name string, formats []Format) bool {
	if isZipName(name) {
		return true
	}
	if strings.EqualFold(filepath.Ext(name), ".gz") {
		name = name[:len(name)-3]
	}
	f, ok := formatFor(name, formats)
	return ok && !f.Wellness
}
