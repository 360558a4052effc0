package commit

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
)

// Temp is a file being written under a temporary name beside the file it
// is to replace ([TempPrefix]), through a buffer, its size (and SHA-256)
// taken as it goes: [WriteTemp]'s and a [Set]'s files, or a spool that a
// run writes and reads back ([Temp.Contents]) into such a file.
//
// The hooks' Fault is asked at each attempt to write to the file until
// one succeeds (and at [Temp.Finish] if nothing was written). A write
// that fails for a full disk (ENOSPC) asks room, when set, to free space
// and is then tried once more.
type Temp struct {
	path string // the file it is to replace
	f    *os.File
	bw   *bufio.Writer
	out  tempOut
}

// tempOut is what a Temp's buffer writes to: the file, with the fault
// hook, the retry on a full disk, and the hash.
type tempOut struct {
	path    string
	f       *os.File
	hooks   *Hooks
	room    *Room
	written bool // a write succeeded: the fault hook was passed
	h       hash.Hash
	n       int64
}

func (o *tempOut) Write(p []byte) (int, error) {
	n, err := o.attempt(p)
	if err != nil && errors.Is(err, syscall.ENOSPC) && o.room.make(err) {
		var m int
		m, err = o.attempt(p[n:])
		n += m
	}
	return n, err
}

// attempt writes p to the file unless the fault hook fails it.
func (o *tempOut) attempt(p []byte) (int, error) {
	if !o.written {
		if err := o.hooks.fault(o.path); err != nil {
			return 0, err
		}
	}
	n, err := o.f.Write(p)
	if o.h != nil {
		o.h.Write(p[:n])
	}
	o.n += int64(n)
	if err == nil {
		o.written = true
	}
	return n, err
}

// CreateTemp creates the temporary file of path (beside it, named
// [TempPrefix] of its name and a random suffix). h and room may be nil.
// Call [Temp.Finish] when its content is complete, or [Temp.Remove].
func CreateTemp(path string, h *Hooks, room *Room) (*Temp, error) {
	t, err := CreateSpool(path, h, room)
	if err != nil {
		return nil, err
	}
	t.out.h = sha256.New()
	return t, nil
}

// CreateSpool is [CreateTemp] for a spool: a file that is read back
// ([Temp.Contents]) into another and removed, never committed; its
// content is not hashed ([Temp.Item] has no SHA-256).
func CreateSpool(path string, h *Hooks, room *Room) (*Temp, error) {
	f, err := os.CreateTemp(filepath.Dir(path), TempPrefix(filepath.Base(path))+"*")
	if err != nil {
		return nil, err
	}
	return &Temp{path: path, f: f, out: tempOut{path: path, f: f, hooks: h, room: room}}, nil
}

// Write writes p through the buffer (made at the first write, dropped
// by Finish: a file created ahead holds none until written).
func (t *Temp) Write(p []byte) (int, error) {
	if t.bw == nil {
		t.bw = bufio.NewWriterSize(&t.out, 64<<10)
	}
	return t.bw.Write(p)
}

// flush writes out the buffer.
func (t *Temp) flush() error {
	if t.bw == nil {
		return nil
	}
	return t.bw.Flush()
}

// Name is the temporary file's name.
func (t *Temp) Name() string { return t.f.Name() }

// Contents writes out the buffer and returns a reader of everything
// written so far: a Temp used as a spool, read back into another file.
func (t *Temp) Contents() (io.Reader, error) {
	if err := t.flush(); err != nil {
		return nil, err
	}
	return io.NewSectionReader(t.f, 0, t.out.n), nil
}

// Finish writes out the buffer, sets mode 0644, syncs and closes the
// file, ready to be renamed into place.
func (t *Temp) Finish() error {
	if err := t.flush(); err != nil {
		return err
	}
	t.bw = nil
	if !t.out.written {
		if err := t.out.hooks.fault(t.path); err != nil {
			return err
		}
	}
	if err := t.f.Chmod(0o644); err != nil {
		return err
	}
	if err := t.f.Sync(); err != nil {
		return err
	}
	return t.f.Close()
}

// Item is the file's manifest item (its name is path's), its size and
// SHA-256 those of everything written.
func (t *Temp) Item() Item {
	it := Item{Name: filepath.Base(t.path), Size: t.out.n}
	if t.out.h != nil {
		it.SHA256 = hex.EncodeToString(t.out.h.Sum(nil))
	}
	return it
}

// Remove closes and removes the temporary file; one already renamed
// (or removed) is no error.
func (t *Temp) Remove() error {
	t.f.Close()
	if err := os.Remove(t.f.Name()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Room is what writes of temporary files do on a full disk: the first
// write to fail with ENOSPC calls free, which may make room (dropping
// what the run stored on the same disk, say) and says whether it did;
// that write, and any later one that fails for a full disk, is then tried
// once more. free is called at most once. A nil *Room makes no room.
type Room struct {
	once sync.Once
	free func(err error) bool
	ok   bool
}

// NewRoom returns the Room of free.
func NewRoom(free func(err error) bool) *Room { return &Room{free: free} }

// make calls free the first time, with err, and returns whether room was
// made.
func (r *Room) make(err error) bool {
	if r == nil || r.free == nil {
		return false
	}
	r.once.Do(func() { r.ok = r.free(err) })
	return r.ok
}
