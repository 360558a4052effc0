// Package commit is how gainguard puts files into a folder so that a crash
// at any instant leaves either the previous content or the new one, never a
// mix: every file is written to a temporary file beside its target
// (".NAME.tmp-*"), synced, renamed over the target, and the folder synced so
// the rename survives; a set of files is renamed only once all of them are
// complete, with its manifest renamed last ([Set]); a folder is replaced by
// atomically exchanging it with a staged copy ([SwapDir]); and what a killed
// run left is cleaned up under the folder's lock ([RemoveStaleTemps]).
//
// It is a leaf: it imports only the standard library (and x/sys for the
// exchange on Linux), so every writer (ingest's state, report's outputs,
// samples, cmd) can use it.
package commit

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Hooks are test hooks of a commit. A nil *Hooks has none.
type Hooks struct {
	// Fault, when set, is asked before each temporary file is written
	// (at each attempt until a write to it succeeds: [Temp]) and fails
	// that write with the error it returns (the full-disk tests).
	Fault func(path string) error
	// Crash, when set, is called at the named points of a commit, where
	// the crash-safety tests abort the process: "before-rename" (every
	// temporary file of a [Set] written), "mid-rename" (after its first
	// file is renamed into place), "mid-exchange" (in [SwapDir], after
	// the exchange, before the old folder is removed).
	Crash func(point string)
}

func (h *Hooks) fault(path string) error {
	if h == nil || h.Fault == nil {
		return nil
	}
	return h.Fault(path)
}

func (h *Hooks) crash(point string) {
	if h != nil && h.Crash != nil {
		h.Crash(point)
	}
}

// File is one file of a commit: its final path and the function that
// writes its content.
type File struct {
	Path  string
	Write func(io.Writer) error
}

// TempPrefix is the prefix of the temporary files and folders staged for
// name: ".NAME.tmp-".
func TempPrefix(name string) string { return "." + name + ".tmp-" }

// WriteFile writes a file at path through write, so that readers see
// either the previous file or the complete new one, never a partial one:
// write fills a temporary file in the same directory, which is synced,
// closed and renamed over path; the directory is then synced so the rename
// survives a crash. When write (or any step) fails, path is left as it was
// and the temporary file is removed. The new file has mode 0644.
func WriteFile(path string, write func(io.Writer) error, h *Hooks) error {
	return WriteFiles([]File{{Path: path, Write: write}}, h)
}

// WriteFiles writes every file to a temporary file next to its target,
// and only when all of them are written and synced renames them over
// their targets, then syncs the directories. On failure before the
// renames, no target is touched and every temporary file is removed.
func WriteFiles(files []File, h *Hooks) (err error) {
	temps := make([]string, 0, len(files))
	defer func() {
		if err != nil {
			for _, t := range temps {
				os.Remove(t)
			}
		}
	}()
	for _, f := range files {
		tmp, err := WriteTemp(f.Path, f.Write, h)
		if err != nil {
			return err
		}
		temps = append(temps, tmp)
	}
	dirs := map[string]bool{}
	for i, f := range files {
		if err := os.Rename(temps[i], f.Path); err != nil {
			// The files renamed so far are complete new outputs; the rest
			// keep their previous content. Remove the temporaries left.
			temps = temps[i:]
			return err
		}
		dirs[filepath.Dir(f.Path)] = true
	}
	temps = nil
	for dir := range dirs {
		if err := SyncDir(dir); err != nil {
			return err
		}
	}
	return nil
}

// WriteTemp writes a temporary file beside path ([TempPrefix]) through
// write, mode 0644, syncs and closes it, and returns its name; the caller
// renames it into place. On error nothing is left behind.
func WriteTemp(path string, write func(io.Writer) error, h *Hooks) (string, error) {
	t, err := CreateTemp(path, h, nil)
	if err != nil {
		return "", err
	}
	if err := finishTemp(t, write); err != nil {
		return "", err
	}
	return t.Name(), nil
}

// finishTemp writes t through write and finishes it; on error t is
// removed.
func finishTemp(t *Temp, write func(io.Writer) error) error {
	err := write(t)
	if err != nil {
		err = fmt.Errorf("writing %s: %w", t.path, err)
	} else {
		err = t.Finish()
	}
	if err != nil {
		t.Remove()
	}
	return err
}

// CreateSynced creates path (and its folders), which must not exist, and
// writes it through write, synced, mode 0644: a file inside a staged
// folder, which [SwapDir] later puts into place whole.
func CreateSynced(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// SyncDir flushes a directory's entries (the renames) to disk. Windows
// cannot sync directories, and some file systems refuse to
// (ErrUnsupported): there it is a no-op. Any other error is returned:
// a rename that may not survive a crash is not committed.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, errors.ErrUnsupported) {
		return nil
	}
	return err
}

// RemoveStaleTemps removes the temporary files ([TempPrefix] of NAME, for
// NAME in names) a killed run may have left in dir, and returns how many
// it removed. Call it only while holding the folder's lock.
func RemoveStaleTemps(dir string, names []string) (int, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return 0, nil
		}
		return 0, err
	}
	n := 0
	for _, e := range ents {
		name := e.Name()
		if e.Type().IsRegular() && staleTemp(name, names) {
			if err := os.Remove(filepath.Join(dir, name)); err == nil {
				n++
			}
		}
	}
	return n, nil
}

// staleTemp reports whether name is ".NAME.tmp-*" for one of names.
func staleTemp(name string, names []string) bool {
	for _, n := range names {
		if strings.HasPrefix(name, TempPrefix(n)) {
			return true
		}
	}
	return false
}
