package ingest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportAthleteFolders: a folder of per-athlete sub-folders keeps the
// athletes apart; the rule holds back whenever the root says otherwise.
func TestImportAthleteFolders(t *testing.T) {
	run := "2026-01-05T07:00:00Z run\n"
	for _, tc := range []struct {
		name    string
		files   map[string]string
		opt     Options
		exclude string
		want    map[string]string // file → athlete
	}{
		{"two athletes", map[string]string{
			"alice/a.fake":          run,
			"bob/2026/jan/b.fake":   run,
			"bob/notes.txt":         "x",
			"carol/athlete.json":    `{"name":"Caroline"}`,
			"carol/c.fake":          run,
			"README.txt":            "not an activity file",
			"empty/notes.txt":       "no activities here",
			".git/objects/x.fake":   run,
			"out/previous-run.fake": run,
		}, Options{}, "out", map[string]string{
			"alice/a.fake":        "alice",
			"bob/2026/jan/b.fake": "bob",
			"bob/notes.txt":       "bob",
			"carol/athlete.json":  "Caroline",
			"carol/c.fake":        "Caroline",
			"README.txt":          DefaultAthlete,
			"empty/notes.txt":     DefaultAthlete,
		}},
		{"archives count as activity files", map[string]string{
			"alice/export.zip": "not really a zip",
			"bob/run.fake.gz":  "not really gzip",
		}, Options{}, "", map[string]string{
			"alice/export.zip": "alice",
			"bob/run.fake.gz":  "bob",
		}},
		{"an activity file at the root: one athlete", map[string]string{
			"alice/a.fake": run,
			"bob/b.fake":   run,
			"loose.fake":   run,
		}, Options{}, "", map[string]string{
			"alice/a.fake": DefaultAthlete,
			"bob/b.fake":   DefaultAthlete,
			"loose.fake":   DefaultAthlete,
		}},
		{"only one sub-folder with activities", map[string]string{
			"alice/a.fake":  run,
			"bob/notes.txt": "x",
		}, Options{}, "", map[string]string{
			"alice/a.fake":  DefaultAthlete,
			"bob/notes.txt": DefaultAthlete,
		}},
		{"a root profile names everything", map[string]string{
			"athlete.json": `{"name":"sam"}`,
			"alice/a.fake": run,
			"bob/b.fake":   run,
		}, Options{}, "", map[string]string{
			"athlete.json": "sam",
			"alice/a.fake": "sam",
			"bob/b.fake":   "sam",
		}},
		{"--athlete forces one athlete", map[string]string{
			"alice/a.fake": run,
			"bob/b.fake":   run,
		}, Options{Athlete: "jo"}, "", map[string]string{
			"alice/a.fake": "jo",
			"bob/b.fake":   "jo",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			writeFiles(t, root, tc.files)
			opt := tc.opt
			opt.Formats, opt.Workers = []Format{fakeFormat}, 2
			if tc.exclude != "" {
				opt.Exclude = []string{filepath.Join(root, tc.exclude)}
			}
			b, err := Import(context.Background(), []string{root}, opt)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, f := range b.Files {
				rel, _ := filepath.Rel(root, f.Path)
				got[rel] = f.Athlete
			}
			for name, athlete := range tc.want {
				if got[name] != athlete {
					t.Errorf("%s: athlete %q, want %q", name, got[name], athlete)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("rows %v, want %v", got, tc.want)
			}
			for _, a := range b.Activities {
				rel, _ := filepath.Rel(root, a.Source)
				if a.Athlete != tc.want[rel] {
					t.Errorf("activity of %s: athlete %q, want %q", rel, a.Athlete, tc.want[rel])
				}
			}
		})
	}
}

// TestImportAthleteFoldersApart: the same session in two athletes'
// folders is not a duplicate.
func TestImportAthleteFoldersApart(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"alice/a.fake": "2026-01-05T07:00:00Z run\n",
		"bob/b.fake":   "2026-01-05T07:00:00Z run\n",
	})
	b, err := Import(context.Background(), []string{root}, Options{Formats: []Format{fakeFormat}})
	if err != nil {
		t.Fatal(err)
	}
	var athletes []string
	for _, a := range b.Activities {
		athletes = append(athletes, a.Athlete)
	}
	if strings.Join(athletes, ",") != "alice,bob" {
		t.Errorf("activities' athletes %v, want alice and bob", athletes)
	}
}
