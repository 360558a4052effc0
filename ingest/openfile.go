package ingest

import (
	"fmt"
	"io/fs"
	"os"
)

// OpenRegular opens path for reading only if it is a regular file.
//
// Nothing else is ever opened blocking: the file is opened with
// O_NONBLOCK (so that a FIFO or a device in its place does not block
// open(2) forever), and its type is then checked on the open file
// (fstat), so that what was checked is what is read. With follow false,
// a symbolic link is refused too (O_NOFOLLOW): state files and the
// profile of a run that may run as root are never read through a link
// someone else placed. Errors name the path and the type found: "PATH:
// not a regular file (named pipe)".
func OpenRegular(path string, follow bool) (*os.File, error) {
	f, err := openNonblock(path, follow)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: path, Err: NotRegularError{st.Mode()}}
	}
	if err := clearNonblock(f); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadRegular reads the whole regular file at path (see [OpenRegular]).
func ReadRegular(path string, follow bool) ([]byte, error) {
	f, err := OpenRegular(path, follow)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(sizedFile{f})
}

// sizedFile gives ReadAll a regular file's size.
type sizedFile struct{ *os.File }

func (s sizedFile) SizeHint() int64 {
	if st, err := s.Stat(); err == nil {
		return st.Size()
	}
	return 0
}

// NotRegularError is the error of opening something that is not a regular
// file where one is needed.
type NotRegularError struct{ Mode fs.FileMode }

func (e NotRegularError) Error() string {
	return fmt.Sprintf("not a regular file (%s)", fileTypeName(e.Mode))
}

// fileTypeName names the type of a file mode for messages.
func fileTypeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m.IsDir():
		return "folder"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "irregular file"
}
