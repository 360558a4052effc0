package ingest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// importRows is what the tests compare of a batch: every row and every
// activity's athlete, id and source.
func importRows(t *testing.T, paths []string, opt Options) (files []FileResult, acts []string) {
	t.Helper()
	opt.Formats, opt.Workers = []Format{fakeFormat}, 2
	b, err := Import(context.Background(), paths, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range b.Activities {
		acts = append(acts, a.Athlete+" "+a.ID+" "+a.Source)
	}
	return b.Files, acts
}

// TestImportPathSpellings: DIR, DIR/, ./DIR, DIR's absolute path and a
// symbolic link to DIR give the same rows, athletes and ids; the trailing
// slash keeps the folder's profile (it named the athlete "athlete"
// before), and the link is walked (it was skipped as "not a regular
// file").
func TestImportPathSpellings(t *testing.T) {
	base := t.TempDir()
	writeFiles(t, base, map[string]string{
		"exports/athlete.json":      `{"sex":"female"}`, // no name: the folder's name is the athlete's
		"exports/a.fake":            "2026-01-05T07:00:00Z run\n",
		"exports/garmin/b.fake":     "2026-01-06T07:00:00Z lift\n",
		"exports/strava/notes.txt":  "x",
		"exports/strava/.cache/x.f": "x",
	})
	if err := os.Symlink("exports", filepath.Join(base, "link")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(base)
	wantFiles, wantActs := importRows(t, []string{"exports"}, Options{})
	if len(wantActs) != 2 || !strings.HasPrefix(wantActs[0], "exports ") {
		t.Fatalf("activities %q: want 2 of athlete exports (the folder's name)", wantActs)
	}
	for _, f := range wantFiles {
		if f.Athlete != "exports" || f.AthleteRule != RuleProfile {
			t.Errorf("%s: athlete %q by rule %q, want exports by profile", f.Path, f.Athlete, f.AthleteRule)
		}
	}
	for _, p := range []string{"exports/", "./exports", "./exports/", filepath.Join(base, "exports"), "link", "link/",
		filepath.Join(base, "link"), "exports/garmin/.."} {
		files, acts := importRows(t, []string{p}, Options{})
		if !reflect.DeepEqual(files, wantFiles) {
			t.Errorf("%s: rows\n%+v\nwant\n%+v", p, files, wantFiles)
		}
		if !reflect.DeepEqual(acts, wantActs) {
			t.Errorf("%s: activities %q, want %q", p, acts, wantActs)
		}
	}
	// Single files given by any spelling are the same rows too, profile
	// row included.
	wantOne, wantOneActs := importRows(t, []string{"exports/a.fake"}, Options{})
	if len(wantOne) != 2 || len(wantOneActs) != 1 || wantOneActs[0] != wantActs[0] {
		t.Errorf("exports/a.fake: rows %+v, activities %q; want the profile's and the file's, activity %q", wantOne, wantOneActs, wantActs[0])
	}
	for _, p := range []string{"./exports/a.fake", "link/a.fake", filepath.Join(base, "exports", "a.fake")} {
		files, acts := importRows(t, []string{p}, Options{})
		if !reflect.DeepEqual(files, wantOne) || !reflect.DeepEqual(acts, wantOneActs) {
			t.Errorf("%s: rows %+v activities %q, want %+v %q", p, files, acts, wantOne, wantOneActs)
		}
	}
}

// TestImportSymlinks: inside a walk, a link to a file is that file; a
// link to a folder outside the inputs is followed once (a second link to
// it, a link back up the tree and a link into the output folder are not
// followed, and say so); a broken link is a failed row. Stat sees the same
// paths.
func TestImportSymlinks(t *testing.T) {
	base := t.TempDir()
	writeFiles(t, base, map[string]string{
		"in/a.fake":          "2026-01-05T07:00:00Z run\n",
		"elsewhere/b.fake":   "2026-01-06T07:00:00Z run\n",
		"elsewhere/c/d.fake": "2026-01-07T07:00:00Z run\n",
		"files/e.fake":       "2026-01-08T07:00:00Z lift\n",
		"in/out/old.fake":    "2026-01-09T07:00:00Z run\n",
	})
	links := map[string]string{
		"in/watch":            "../elsewhere",             // followed
		"in/watch-again":      "../elsewhere",             // the same folder: not again
		"elsewhere/c/up":      "..",                       // a loop inside the followed folder
		"in/loop":             ".",                        // a loop to the root
		"in/e.fake":           "../files/e.fake",          // a file
		"in/broken.fake":      "../nowhere.fake",          // broken
		"in/results":          "out",                      // into the output folder
		"in/.hidden-link":     "../elsewhere",             // hidden, like a hidden folder
		"in/out-of-tree.fake": "../elsewhere/c/../b.fake", // a file seen twice: a duplicate
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(base, name)); err != nil {
			t.Fatal(err)
		}
	}
	root := filepath.Join(base, "in")
	opt := Options{Exclude: []string{filepath.Join(root, "out")}}
	files, _ := importRows(t, []string{root}, opt)
	got := map[string]string{}
	for _, f := range files {
		rel, _ := filepath.Rel(root, f.Path)
		got[rel] = string(f.Status) + " " + f.Format
		if f.Format == FormatFolderLink || f.Status == StatusFailed {
			got[rel] += ": " + f.Reason
		}
	}
	want := map[string]string{
		"a.fake":           "imported fake",
		"e.fake":           "imported fake",
		"watch/b.fake":     "duplicate fake",
		"watch/c/d.fake":   "imported fake",
		"out-of-tree.fake": "imported fake",
		"broken.fake":      "failed : broken symbolic link: no such file or directory",
		"watch":            "imported folder-link: symbolic link to folder " + filepath.Join(base, "elsewhere") + ": followed once; its files are listed below this path",
		"watch-again":      "skipped folder-link: symbolic link to folder " + filepath.Join(base, "elsewhere") + ": not followed: it was walked already (links are followed once, so loops end)",
		"watch/c/up":       "skipped folder-link: symbolic link to folder " + filepath.Join(base, "elsewhere") + ": not followed: it was walked already (links are followed once, so loops end)",
		"loop":             "skipped folder-link: symbolic link to folder " + root + ": not followed: it was walked already (links are followed once, so loops end)",
		"results":          "skipped folder-link: symbolic link to folder " + filepath.Join(root, "out") + ": not followed: it is (inside) the output folder",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", fmtMap(got), fmtMap(want))
	}
	stats, err := Stat([]string{root}, opt)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, s := range stats {
		rel, _ := filepath.Rel(root, s.Path)
		seen = append(seen, rel)
		if _, ok := want[rel]; !ok {
			t.Errorf("Stat lists %s, which Import has no row for", rel)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("Stat lists %q; want the %d paths Import accounts for", seen, len(want))
	}
}

func fmtMap(m map[string]string) string {
	var b strings.Builder
	for k, v := range m {
		b.WriteString(k + " → " + v + "\n")
	}
	return b.String()
}

// TestImportUnreadableFolder: a folder that cannot be listed is one failed
// row for the folder, not a row for an athlete.json that does not exist.
func TestImportUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every folder")
	}
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"a.fake": "2026-01-05T07:00:00Z run\n", "locked/b.fake": "2026-01-06T07:00:00Z run\n"})
	locked := filepath.Join(root, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	files, _ := importRows(t, []string{root}, Options{})
	var rows []string
	for _, f := range files {
		rel, _ := filepath.Rel(root, f.Path)
		rows = append(rows, rel+" "+string(f.Status))
	}
	if want := []string{"a.fake imported", "locked failed"}; !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %q, want %q", rows, want)
	}
}
