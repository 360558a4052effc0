package ingest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// entryCap is the per-entry cap of archive entries of format f (see
// [Format.MaxEntryBytes]).
func (im *importer) entryCap(f Format) int64 {
	if im.opt.MaxEntryBytes == 0 && f.MaxEntryBytes > im.lim.entry {
		return f.MaxEntryBytes
	}
	return im.lim.entry
}

// siblings returns the opener [Format.DecodeWith] gets for job j: files
// beside j's file, named by a slash path relative to its folder. On disk
// it opens j's folder's files; in an archive, the entries of the same
// archive under the entry's folder. Paths that climb out (".."), absolute
// paths and NUL bytes are refused; what is read is capped at the
// per-entry size.
func (im *importer) siblings(j job) func(rel string) (io.ReadCloser, error) {
	var once sync.Once
	var entries map[string]int
	return func(rel string) (io.ReadCloser, error) {
		if rel == "" || strings.HasPrefix(rel, "/") || strings.ContainsRune(rel, 0) || path.Clean(rel) != rel ||
			rel == ".." || strings.HasPrefix(rel, "../") {
			return nil, fmt.Errorf("unsafe path %q", rel)
		}
		if j.arc == nil {
			f, err := OpenRegular(filepath.Join(filepath.Dir(j.path), filepath.FromSlash(rel)), true)
			if err != nil {
				return nil, err
			}
			st, err := f.Stat()
			if err != nil || !st.Mode().IsRegular() {
				f.Close()
				return nil, errors.New("not a regular file")
			}
			return f, nil
		}
		if j.zr == nil || j.zf == nil {
			return nil, errors.New("no archive to read it from")
		}
		once.Do(func() {
			entries = make(map[string]int, len(j.zr.File))
			for i, f := range j.zr.File {
				entries[f.Name] = i
			}
		})
		name := path.Join(path.Dir(j.zf.Name), rel)
		i, ok := entries[name]
		if !ok {
			return nil, fmt.Errorf("%s: no such entry in the archive: %w", name, fs.ErrNotExist)
		}
		zf := j.zr.File[i]
		if int64(min(zf.UncompressedSize64, 1<<62)) > im.lim.entry {
			return nil, fmt.Errorf("%s: over the %s entry cap", name, fmtBytes(im.lim.entry))
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		return struct {
			io.Reader
			io.Closer
		}{io.LimitReader(rc, im.lim.entry), rc}, nil
	}
}
