//go:build unix

package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gainguard/ingest"
)

// importWithin runs Import and fails the test if it does not return
// within d (a FIFO opened for reading blocks until a writer comes).
func importWithin(t *testing.T, d time.Duration, paths []string, opt ingest.Options) *ingest.Batch {
	t.Helper()
	type res struct {
		b   *ingest.Batch
		err error
	}
	ch := make(chan res, 1)
	go func() {
		b, err := ingest.Import(context.Background(), paths, opt)
		ch <- res{b, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r.b
	case <-time.After(d):
		t.Fatalf("Import(%v) still running after %v: blocked", paths, d)
	}
	return nil
}

// TestImportFIFOs: FIFOs in the places of inputs never block the import:
// a FIFO named athlete.json in an input folder, a FIFO given as an input
// file and one found in a folder each get a row, and the rest imports.
func TestImportFIFOs(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "alex")
	write(t, filepath.Join(dir, "run.fit"), sample(t, runA))
	for _, p := range []string{filepath.Join(dir, ingest.ProfileFileName), filepath.Join(dir, "pipe.fit"), filepath.Join(root, "given.fit")} {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip("mkfifo:", err)
		}
	}
	b := importWithin(t, 10*time.Second, []string{dir, filepath.Join(root, "given.fit")}, ingest.Options{Formats: formats})
	got := map[string]ingest.FileResult{}
	for _, f := range b.Files {
		got[filepath.Base(f.Path)] = f
	}
	for name, want := range map[string]string{
		ingest.ProfileFileName: "not a regular file (named pipe)",
		"pipe.fit":             "not a regular file",
		"given.fit":            "not a regular file",
	} {
		if f := got[name]; f.Status == ingest.StatusImported || !strings.Contains(f.Reason, want) {
			t.Errorf("%s: %s %q, want a row containing %q", name, f.Status, f.Reason, want)
		}
	}
	if f := got["run.fit"]; f.Status != ingest.StatusImported {
		t.Errorf("run.fit: %s %q", f.Status, f.Reason)
	}
}

// TestOpenRegular: links are refused unless followed, FIFOs always,
// without blocking.
func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	file, link, fifo := filepath.Join(dir, "f"), filepath.Join(dir, "l"), filepath.Join(dir, "p")
	write(t, file, []byte("x"))
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	for _, tc := range []struct {
		path   string
		follow bool
		want   string // "" opens
	}{
		{file, false, ""}, {link, true, ""}, {link, false, "symbolic link"},
		{fifo, true, "named pipe"}, {fifo, false, "named pipe"}, {dir, true, "folder"},
	} {
		f, err := ingest.OpenRegular(tc.path, tc.follow)
		if f != nil {
			f.Close()
		}
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("OpenRegular(%s, %v) = %v, want %q", filepath.Base(tc.path), tc.follow, err, tc.want)
		}
	}
}
