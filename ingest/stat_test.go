package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestStatSeesWhatImportSees: Stat lists exactly the paths Import
// accounts for (archives as themselves), on trees with hidden folders,
// archives, profiles (good and bad), an excluded output folder and single
// files given as roots.
func TestStatSeesWhatImportSees(t *testing.T) {
	run := "2026-01-05T07:00:00Z run\n"
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for _, name := range []string{"a/x.fake", "y.fake"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(run))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zipped := zbuf.String()
	files := map[string]string{
		"alice/a.fake":          run,
		"alice/athlete.json":    `{"name":"Alice"}`,
		"bob/b.fake":            run,
		"bob/export.zip":        zipped,
		"bob/.hidden/h.fake":    run,
		"carol/athlete.json":    `{not json`,
		"carol/c.fake":          run,
		".git/objects/x.fake":   run,
		"notes.txt":             "x",
		".dotfile.fake":         run,
		"out/previous-run.fake": run,
		"out/.gainguard/s":      "state",
		"single/athlete.json":   `{"name":"Sid"}`,
		"single/s.fake":         run,
		"single/other.fake":     run,
	}
	root := t.TempDir()
	writeFiles(t, root, files)
	for _, tc := range []struct {
		name  string
		roots []string
		opt   Options
	}{
		{"folder", []string{root}, Options{Exclude: []string{filepath.Join(root, "out")}}},
		{"folder, no exclude", []string{root}, Options{}},
		{"forced athlete", []string{root}, Options{Athlete: "jo", Exclude: []string{filepath.Join(root, "out")}}},
		{"single file and a folder", []string{filepath.Join(root, "single", "s.fake"), filepath.Join(root, "bob")}, Options{}},
		{"excluded file", []string{root}, Options{Exclude: []string{filepath.Join(root, "notes.txt")}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt
			opt.Formats, opt.Workers = []Format{fakeFormat}, 2
			b, err := Import(context.Background(), tc.roots, opt)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, f := range b.Files {
				p, _, _ := strings.Cut(f.Path, "!")
				seen[p] = true
			}
			// Import reads a single file's folder profile without giving
			// it a row; Stat lists it (it shapes the outputs).
			for _, r := range tc.roots {
				if st, err := os.Stat(r); err == nil && !st.IsDir() {
					p := filepath.Join(filepath.Dir(r), ProfileFileName)
					if _, ok := files[relTo(root, p)]; ok {
						seen[p] = true
					}
				}
			}
			var want []string
			for p := range seen {
				want = append(want, p)
			}
			sort.Strings(want)
			stats, err := Stat(tc.roots, opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range stats {
				if s.Err != "" {
					t.Errorf("%s: %s", s.Path, s.Err)
				}
				got = append(got, s.Path)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Stat paths:\n%s\nImport paths:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func relTo(root, p string) string {
	r, _ := filepath.Rel(root, p)
	return filepath.ToSlash(r)
}
