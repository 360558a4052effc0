package report

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := WriteFileAtomic(path, writeString("first")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, writeString("second")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "second" {
		t.Fatalf("content %q, %v; want second", b, err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}

	// A failing write leaves the previous file intact and no temporary file.
	boom := errors.New("boom")
	err = WriteFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "partial garbage")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "second" {
		t.Errorf("after failed write: content %q, want second", b)
	}
	if names := entries(t, dir); len(names) != 1 || names[0] != "out.txt" {
		t.Errorf("dir holds %v, want only out.txt", names)
	}

	// A failing write to a new path creates nothing.
	if err := WriteFileAtomic(filepath.Join(dir, "new.txt"), func(io.Writer) error { return boom }); err == nil {
		t.Error("no error")
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("dir holds %v, want only out.txt", names)
	}
	// A missing directory is an error, not a panic.
	if err := WriteFileAtomic(filepath.Join(dir, "nope", "x"), writeString("x")); err == nil {
		t.Error("no error for missing directory")
	}
}

func TestWriteFilesAtomicAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	if err := writeFilesAtomic([]pendingWrite{{a, writeString("a1")}, {b, writeString("b1")}}); err != nil {
		t.Fatal(err)
	}
	// The second file fails: the first, though written fine, must not replace a.txt.
	boom := errors.New("boom")
	err := writeFilesAtomic([]pendingWrite{{a, writeString("a2")}, {b, func(io.Writer) error { return boom }}})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	for path, want := range map[string]string{a: "a1", b: "b1"} {
		if got, _ := os.ReadFile(path); string(got) != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
	if names := entries(t, dir); len(names) != 2 {
		t.Errorf("dir holds %v, want a.txt and b.txt only", names)
	}
}

func TestWriteAllKeepsPreviousOnFailure(t *testing.T) {
	dir := t.TempDir()
	if err := WriteAll(dir, testDataset()); err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, name := range OutputFiles {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		before[name] = string(b)
	}
	// A new run whose last output (report.html) fails: every Parquet
	// file was written, but none may replace the previous set.
	boom := errors.New("boom")
	files := outputs(dir, &Dataset{Version: "other"})
	files[len(files)-1].write = func(io.Writer) error { return boom }
	if err := writeFilesAtomic(files); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	for _, name := range OutputFiles {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != before[name] {
			t.Errorf("%s changed although the set failed", name)
		}
	}
	for _, n := range entries(t, dir) {
		if strings.Contains(n, ".tmp-") {
			t.Errorf("temporary file %s left", n)
		}
	}
	if got := len(entries(t, dir)); got != len(OutputFiles)+1 { // + manifest.json
		t.Errorf("dir holds %d entries, want %d", got, len(OutputFiles)+1)
	}
}
