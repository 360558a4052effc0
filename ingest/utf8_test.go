package ingest_test

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"gainguard/ingest"
)

func TestEscapePath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Lauf_München.fit", "Lauf_München.fit"},      // valid: as is
		{"100% run.fit", "100% run.fit"},              // valid: as is, % included
		{"Lauf_M\xfcnchen.fit", "Lauf_M%FCnchen.fit"}, // Latin-1
		{"50%_M\xfc.fit", "50%25_M%FC.fit"},           // escaped: % too
		{"\xff\xfe", "%FF%FE"},
		{"ok_\xe2\x82.fit", "ok_%E2%82.fit"}, // a cut sequence
	} {
		got := ingest.EscapePath(tc.in)
		if got != tc.want || !utf8.ValidString(got) {
			t.Errorf("EscapePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got != tc.in && ingest.UnescapePath(got) != tc.in {
			t.Errorf("UnescapePath(%q) = %q, want %q", got, ingest.UnescapePath(got), tc.in)
		}
	}
}

// TestImportNonUTF8Names: a Latin-1 file and folder name on disk and a
// CP437 entry name in a zip without the UTF-8 flag give rows whose every
// string is valid UTF-8: the zip name decoded, the disk names escaped so
// that the original bytes are recoverable.
func TestImportNonUTF8Names(t *testing.T) {
	root := t.TempDir()
	folder := filepath.Join(root, "J\xfcrgen") // an athlete folder, Latin-1
	latin1 := filepath.Join(folder, "Lauf_M\xfcnchen.fit")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(latin1, sample(t, runA), 0o644); err != nil {
		t.Skip("this file system refuses non-UTF-8 names:", err)
	}
	write(t, filepath.Join(root, "other", "run.fit"), sample(t, liftL))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "Lauf_M\x81nchen_\x9a.fit", NonUTF8: true, Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(sample(t, runB))
	zw.Close()
	write(t, filepath.Join(root, "other", "win.zip"), buf.Bytes())

	b, err := ingest.Import(context.Background(), []string{root}, ingest.Options{Formats: formats, Coach: true})
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string]ingest.FileResult{}
	for _, f := range b.Files {
		for _, s := range []string{f.Path, f.Athlete, f.Reason, f.DuplicateOf} {
			if !utf8.ValidString(s) {
				t.Errorf("row %q: invalid UTF-8 in %q", f.Path, s)
			}
		}
		paths[strings.TrimPrefix(f.Path, root+string(filepath.Separator))] = f
	}
	for _, a := range b.Activities {
		for _, s := range []string{a.Source, a.Athlete, a.Name, a.ID} {
			if !utf8.ValidString(s) {
				t.Errorf("activity %q: invalid UTF-8 in %q", a.Source, s)
			}
		}
	}
	if f, ok := paths["other/win.zip!Lauf_München_Ü.fit"]; !ok || f.Status != ingest.StatusImported {
		t.Errorf("CP437 entry: %+v; rows %v", f, b.Files)
	}
	esc := ingest.EscapePath(latin1)
	f, ok := paths[strings.TrimPrefix(esc, root+string(filepath.Separator))]
	if !ok || f.Status != ingest.StatusImported || f.Athlete != "J%FCrgen" {
		t.Errorf("Latin-1 file: %+v (want imported, athlete J%%FCrgen)", f)
	}
	if _, err := os.Stat(ingest.UnescapePath(f.Path)); err != nil {
		t.Errorf("the escaped path does not lead back to the file: %v", err)
	}
}
