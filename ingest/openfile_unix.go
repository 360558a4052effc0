//go:build unix

package ingest

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

func openNonblock(path string, follow bool) (*os.File, error) {
	flags := os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_CLOEXEC
	if !follow {
		flags |= syscall.O_NOFOLLOW
	}
	f, err := os.OpenFile(path, flags, 0)
	if err != nil && !follow && errors.Is(err, syscall.ELOOP) {
		// O_NOFOLLOW on a link: say what it is.
		return nil, &fs.PathError{Op: "open", Path: path, Err: NotRegularError{fs.ModeSymlink}}
	}
	return f, err
}

// clearNonblock puts f back in blocking mode (for a regular file it makes
// no difference, but the Go runtime then reads it the usual way).
func clearNonblock(f *os.File) error {
	return syscall.SetNonblock(int(f.Fd()), false)
}
