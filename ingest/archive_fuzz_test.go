package ingest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fuzzZip(t testing.TB, files map[string][]byte, names ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func fuzzGz(data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

// FuzzZip feeds arbitrary bytes to the archive walker, as a .zip and as a
// .fake.gz, and checks that it never panics and that every file is
// accounted for once, with totals that add up.
func FuzzZip(f *testing.F) {
	run := []byte("2026-01-05T07:00:00Z run\n")
	inner := fuzzZip(f, map[string][]byte{"c.fake": run}, "c.fake")
	f.Add(fuzzZip(f, map[string][]byte{
		"a.fake": run, "b.fake.gz": fuzzGz(run), "in.zip": inner, "activities.csv": []byte(stravaHeader + ",Activity Name\n"),
		"__MACOSX/._a.fake": nil, "../x.fake": run, "n.txt": []byte("x"),
	}, "a.fake", "b.fake.gz", "in.zip", "activities.csv", "__MACOSX/._a.fake", "../x.fake", "n.txt"))
	f.Add(fuzzGz(run))
	f.Add(inner)
	f.Add([]byte("PK\x05\x06"))
	root := f.TempDir() // reused: executions in one process run one at a time
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"in.zip", "in.fake.gz"} {
			if err := os.WriteFile(filepath.Join(root, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		b, err := Import(context.Background(), []string{root}, Options{
			Formats: []Format{fakeFormat}, Workers: 2,
			MaxEntryBytes: 1 << 20, MaxArchiveBytes: 4 << 20, MaxNestedZipBytes: 1 << 20,
		})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		leafActs := 0
		for _, r := range b.Files {
			if seen[r.Path] {
				t.Fatalf("%s accounted for twice", r.Path)
			}
			seen[r.Path] = true
			switch r.Status {
			case StatusImported, StatusDuplicate, StatusSkipped, StatusFailed:
			default:
				t.Fatalf("%s: status %q", r.Path, r.Status)
			}
			if r.Format != "zip" {
				leafActs += r.Activities
			}
			if r.Activities < 0 || r.Duplicates < 0 {
				t.Fatalf("%s: negative counts %+v", r.Path, r)
			}
		}
		for _, name := range []string{"in.zip", "in.fake.gz"} {
			if !seen[filepath.Join(root, name)] {
				t.Fatalf("%s has no row", name)
			}
		}
		if leafActs != len(b.Activities) {
			t.Fatalf("file rows count %d activities, the batch has %d", leafActs, len(b.Activities))
		}
		zipActs := 0
		for _, r := range b.Files {
			if r.Path == filepath.Join(root, "in.zip") {
				zipActs = r.Activities
			}
		}
		sum := 0
		for _, r := range b.Files {
			if strings.HasPrefix(r.Path, filepath.Join(root, "in.zip")+"!") && r.Format != "zip" {
				sum += r.Activities
			}
		}
		if sum != zipActs {
			t.Fatalf("in.zip row says %d activities, its entries %d", zipActs, sum)
		}
		imp, dup, skip, fail := b.Summary()
		if imp+dup+skip+fail != len(b.Files) {
			t.Fatalf("summary does not add up")
		}
	})
}
