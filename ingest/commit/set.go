package commit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Item is one file a manifest lists: its name relative to the folder
// (slash-separated), size and SHA-256.
type Item struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Set is a set of files committed together into Dir with a manifest
// written last: every file is first written to a temporary file (on all
// cores: the writers must be independent), then, only when all are
// complete, renamed into place in order; then BeforeManifest runs; then
// the manifest, listing every file with its size and SHA-256, is renamed
// into place, last. A reader that finds every file the manifest lists
// with its size and hash has a consistent set. If a write fails, no
// target is touched and the temporary files are removed.
type Set struct {
	Dir   string
	Files []File
	// Manifest is the manifest's file name in Dir, and WriteManifest
	// writes it given the items of Files (in order) followed by Extra.
	Manifest      string
	WriteManifest func(w io.Writer, items []Item) error
	// Extra are items listed in the manifest besides Files (the files of
	// staged folders BeforeManifest puts into place).
	Extra []Item
	// BeforeManifest, when set, runs after Files are renamed into place
	// and Dir synced, before the manifest is renamed: the manifest is
	// replaced only once everything it lists is in place.
	BeforeManifest func() error
	Hooks          *Hooks
	// Room, when set, is asked to make room when a file's write fails
	// for a full disk, which is then tried once more ([Temp]).
	Room *Room
	// Workers bounds how many files are written at once; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
}

// Commit writes the set; see [Set].
func (s *Set) Commit() (err error) {
	files, dir := s.Files, s.Dir
	items := make([]Item, len(files))
	temps := make([]string, 0, len(files))
	defer func() {
		if err != nil {
			for _, t := range temps {
				os.Remove(t)
			}
		}
	}()
	// The files are independent (their writers only read the dataset), so
	// they are written on all cores; the renames below stay in order.
	tmpOf := make([]string, len(files))
	errs := make([]error, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	for range min(workers, len(files)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				f := files[i]
				t, err := CreateTemp(f.Path, s.Hooks, s.Room)
				if err == nil {
					err = finishTemp(t, f.Write)
				}
				if errs[i] = err; err == nil {
					tmpOf[i], items[i] = t.Name(), t.Item()
				}
			}
		})
	}
	wg.Wait()
	for i := range files {
		if tmpOf[i] != "" {
			temps = append(temps, tmpOf[i])
		}
	}
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	items = append(items, s.Extra...)
	mt, err := CreateTemp(filepath.Join(dir, s.Manifest), s.Hooks, s.Room)
	if err != nil {
		return err
	}
	if err := finishTemp(mt, func(w io.Writer) error { return s.WriteManifest(w, items) }); err != nil {
		return err
	}
	mtmp := mt.Name()
	temps = append(temps, mtmp)
	s.Hooks.crash("before-rename")
	for i, f := range files {
		if err := os.Rename(temps[i], f.Path); err != nil {
			temps = temps[i:]
			return err
		}
		if i == 0 {
			s.Hooks.crash("mid-rename")
		}
	}
	if err := SyncDir(dir); err != nil {
		temps = temps[len(files):]
		return err
	}
	if s.BeforeManifest != nil {
		if err := s.BeforeManifest(); err != nil {
			temps = temps[len(files):]
			return err
		}
	}
	if err := os.Rename(mtmp, filepath.Join(dir, s.Manifest)); err != nil {
		temps = temps[len(files):]
		return err
	}
	temps = nil
	return SyncDir(dir)
}

// ItemsUnder lists the files under the folder staged as manifest items
// named as they will be once it is in place as prefix ("PREFIX/…"),
// sorted by name.
func ItemsUnder(staged, prefix string) ([]Item, error) {
	var items []Item
	err := filepath.WalkDir(staged, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		n, err := io.Copy(h, f)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(staged, p)
		if err != nil {
			return err
		}
		items = append(items, Item{Name: prefix + "/" + filepath.ToSlash(rel), Size: n,
			SHA256: hex.EncodeToString(h.Sum(nil))})
		return nil
	})
	sort.Slice(items, func(i, j int) bool { return items[i].Name < items[j].Name })
	return items, err
}

// Verify checks that every item is in dir with its size and SHA-256;
// manifest names the manifest in the error.
func Verify(dir, manifest string, items []Item) error {
	for _, it := range items {
		f, err := os.Open(filepath.Join(dir, it.Name))
		if err != nil {
			return err
		}
		h := sha256.New()
		n, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return err
		}
		if n != it.Size || hex.EncodeToString(h.Sum(nil)) != it.SHA256 {
			return errors.New(it.Name + " does not match " + manifest)
		}
	}
	return nil
}

// StageDir makes a new folder dir/.NAME.tmp-XXXX ([TempPrefix]), mode
// 0755, fills it through fill and syncs every folder in it, and returns
// it, ready for [SwapDir]. On error it is removed.
func StageDir(dir, name string, fill func(staged string) error) (_ string, err error) {
	tmp, err := os.MkdirTemp(dir, TempPrefix(name))
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	if err := fill(tmp); err != nil {
		return "", err
	}
	err = filepath.WalkDir(tmp, func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.IsDir() {
			err = SyncDir(p)
		}
		return err
	})
	return tmp, err
}

// SwapDir replaces dir/name by the staged folder tmp (made by
// [StageDir]). Where the system can exchange two names atomically (Linux
// renameat2 RENAME_EXCHANGE), the two folders are exchanged, so that
// dir/name is at every instant the complete old or the complete new
// folder, and the old one (now named tmp) is then removed. Elsewhere the
// old folder is renamed aside (".NAME.old-N"), tmp renamed in, and the old
// one removed (if the second rename fails, the old folder is put back;
// after a kill between the two renames, [RecoverDirs] puts it back).
func SwapDir(dir, name, tmp string, h *Hooks) error {
	target := filepath.Join(dir, name)
	if err := exchange(tmp, target); err == nil {
		h.crash("mid-exchange")
		return os.RemoveAll(tmp)
	}
	old := filepath.Join(dir, "."+name+".old-"+strings.TrimPrefix(filepath.Base(tmp), TempPrefix(name)))
	hadOld := true
	if err := os.Rename(target, old); errors.Is(err, fs.ErrNotExist) {
		hadOld = false
	} else if err != nil {
		return err
	}
	if err := os.Rename(tmp, target); err != nil {
		if hadOld {
			os.Rename(old, target)
		}
		return err
	}
	if hadOld {
		return os.RemoveAll(old)
	}
	return nil
}

// RecoverDirs repairs what a run killed while swapping folders named
// names into dir left: a folder missing while its previous version waits
// aside (".NAME.old-N", a kill between the two renames of a system
// without an atomic exchange) is put back, and the staged and set-aside
// folders (".NAME.tmp-N", ".NAME.old-N") are removed. It returns how many
// folders it put back or removed. Call it only while holding the
// folder's lock.
func RecoverDirs(dir string, names []string) (int, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return 0, nil
		}
		return 0, err
	}
	n := 0
	names = append([]string(nil), names...)
	sort.Strings(names)
	for _, name := range names {
		var olds, tmps []string
		for _, e := range ents {
			switch en := e.Name(); {
			case !e.IsDir():
			case strings.HasPrefix(en, "."+name+".old-"):
				olds = append(olds, en)
			case strings.HasPrefix(en, TempPrefix(name)):
				tmps = append(tmps, en)
			}
		}
		target := filepath.Join(dir, name)
		if _, err := os.Lstat(target); os.IsNotExist(err) && len(olds) > 0 {
			sort.Strings(olds)
			if err := os.Rename(filepath.Join(dir, olds[len(olds)-1]), target); err != nil {
				return n, err
			}
			olds = olds[:len(olds)-1]
			n++
		}
		for _, en := range append(olds, tmps...) {
			if err := os.RemoveAll(filepath.Join(dir, en)); err != nil {
				return n, err
			}
			n++
		}
	}
	if n > 0 {
		return n, SyncDir(dir)
	}
	return n, nil
}
