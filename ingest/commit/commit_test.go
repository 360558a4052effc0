package commit

import (
	"errors"
	"io"
	"os"
	"path/filepath"
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

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := WriteFile(path, writeString("first"), nil); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, writeString("second"), nil); err != nil {
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
	err = WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "partial garbage")
		return boom
	}, nil)
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
	if err := WriteFile(filepath.Join(dir, "new.txt"), func(io.Writer) error { return boom }, nil); err == nil {
		t.Error("no error")
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("dir holds %v, want only out.txt", names)
	}
	// A missing directory is an error, not a panic.
	if err := WriteFile(filepath.Join(dir, "nope", "x"), writeString("x"), nil); err == nil {
		t.Error("no error for missing directory")
	}
}

func TestWriteFilesAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	if err := WriteFiles([]File{{Path: a, Write: writeString("a1")}, {Path: b, Write: writeString("b1")}}, nil); err != nil {
		t.Fatal(err)
	}
	// The second file fails: the first, though written fine, must not replace a.txt.
	boom := errors.New("boom")
	err := WriteFiles([]File{{Path: a, Write: writeString("a2")}, {Path: b, Write: func(io.Writer) error { return boom }}}, nil)
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
