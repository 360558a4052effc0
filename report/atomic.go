package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"gainguard/ingest"
)

// WriteFileAtomic writes a file at path through write, so that readers see
// either the previous file or the complete new one, never a partial one:
// write fills a temporary file in the same directory, which is synced,
// closed and renamed over path; the directory is then synced so the rename
// survives a crash. When write (or any step) fails, path is left as it was
// and the temporary file is removed. The new file has mode 0644.
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	return writeFilesAtomic([]pendingWrite{{path, write}})
}

// pendingWrite is one file for writeFilesAtomic: its final path and the
// function that writes its content.
type pendingWrite struct {
	name  string
	write func(io.Writer) error
}

// writeFilesAtomic writes every file to a temporary file next to its
// target, and only when all of them are written and synced renames them
// over their targets, then syncs the directories. On failure before the
// renames, no target is touched and every temporary file is removed.
func writeFilesAtomic(files []pendingWrite) (err error) {
	temps := make([]string, 0, len(files))
	defer func() {
		if err != nil {
			for _, t := range temps {
				os.Remove(t)
			}
		}
	}()
	for _, f := range files {
		tmp, err := writeTemp(f.name, f.write)
		if err != nil {
			return err
		}
		temps = append(temps, tmp)
	}
	dirs := map[string]bool{}
	for i, f := range files {
		if err := os.Rename(temps[i], f.name); err != nil {
			// The files renamed so far are complete new outputs; the rest
			// keep their previous content. Remove the temporaries left.
			temps = temps[i:]
			return err
		}
		dirs[filepath.Dir(f.name)] = true
	}
	temps = nil
	for dir := range dirs {
		if err := syncDir(dir); err != nil {
			return err
		}
	}
	return nil
}

// writeTemp writes a temporary file beside path through write, syncs and
// closes it, and returns its name. On error nothing is left behind.
func writeTemp(path string, write func(io.Writer) error) (_ string, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := ingest.InjectedFault("outputs", path); err != nil {
		return "", err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return "", err
	}
	if err := f.Chmod(0o644); err != nil {
		return "", err
	}
	if err := f.Sync(); err != nil {
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return tmp, nil
}

// syncDir flushes a directory's entries (the renames) to disk. Windows
// cannot sync directories; there it is a no-op.
func syncDir(dir string) error {
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
