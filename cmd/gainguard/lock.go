package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// outLock is the exclusive lock on an output folder: an flock(2) on
// OUT/.gainguard/lock, held for the whole run and released by the kernel
// when the process ends, however it ends. The file holds "pid N since T"
// for the message another run prints.
type outLock struct {
	f    *os.File
	path string
}

// lockOut takes the lock at path, polling until wait has passed (0: try
// once). When another process holds it, the error says who:
// "another gainguard run holds PATH (pid N since T)".
func lockOut(path string, wait time.Duration) (*outLock, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := openLockFile(path)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	deadline := time.Now().Add(wait)
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if ok {
			break
		}
		if !time.Now().Before(deadline) {
			holder := "unknown holder"
			if b, rerr := io.ReadAll(io.NewSectionReader(f, 0, 200)); rerr == nil && len(strings.TrimSpace(string(b))) > 0 {
				holder = strings.TrimSpace(string(b))
			}
			f.Close()
			return nil, fmt.Errorf("another gainguard run holds %s (%s)", path, holder)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := f.Truncate(0); err == nil {
		fmt.Fprintf(f, "pid %d since %s\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339))
	}
	return &outLock{f: f, path: path}, nil
}

// unlock releases the lock. The file stays (removing it would race with a
// run that has opened it and waits).
func (l *outLock) unlock() {
	if l == nil || l.f == nil {
		return
	}
	unlockFile(l.f)
	l.f.Close()
	l.f = nil
}
