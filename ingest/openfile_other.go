//go:build !unix

package ingest

import (
	"io/fs"
	"os"
)

// openNonblock, without O_NONBLOCK and O_NOFOLLOW (Windows): the type is
// checked with Lstat first.
func openNonblock(path string, follow bool) (*os.File, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !follow && st.Mode()&fs.ModeSymlink != 0 {
		return nil, &fs.PathError{Op: "open", Path: path, Err: NotRegularError{st.Mode()}}
	}
	if follow {
		if st, err = os.Stat(path); err != nil {
			return nil, err
		}
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: path, Err: NotRegularError{st.Mode()}}
	}
	return os.Open(path)
}

func clearNonblock(*os.File) error { return nil }
