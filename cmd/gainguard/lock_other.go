//go:build !unix

package main

import (
	"fmt"
	"os"
)

// tryLock: without flock (Windows), runs are not locked against each
// other; the outputs are still replaced atomically.
func tryLock(*os.File) (bool, error) { return true, nil }

func unlockFile(*os.File) {}

// openLockFile refuses a link or anything but a regular file (Lstat
// first: Windows has no O_NOFOLLOW), then opens or creates the file.
func openLockFile(path string) (*os.File, error) {
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%v); remove it", st.Mode().Type())
	}
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
}
