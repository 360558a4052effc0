package ingest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportAthleteFolders: a run is one athlete unless the folders say
// otherwise: sub-folders with their own profile are separate athletes, and
// Options.Coach makes each top-level sub-folder one. Every row says which
// rule decided its athlete.
func TestImportAthleteFolders(t *testing.T) {
	run := "2026-01-05T07:00:00Z run\n"
	const one, prof, coach, flag = RuleOneAthlete, RuleProfile, RuleCoach, RuleFlag
	type who struct {
		athlete string
		rule    AthleteRule
	}
	for _, tc := range []struct {
		name    string
		files   map[string]string
		opt     Options
		exclude string
		want    map[string]who // file → athlete and rule
	}{
		{"an exports folder is one athlete", map[string]string{
			"garmin/a.fake":          run,
			"strava/2026/jan/b.fake": run,
			"strava/notes.txt":       "x",
			"README.txt":             "not an activity file",
			".git/objects/x.fake":    run,
			"out/previous-run.fake":  run,
		}, Options{}, "out", map[string]who{
			"garmin/a.fake":          {DefaultAthlete, one},
			"strava/2026/jan/b.fake": {DefaultAthlete, one},
			"strava/notes.txt":       {DefaultAthlete, one},
			"README.txt":             {DefaultAthlete, one},
		}},
		{"sub-folders with their own profile are separate athletes", map[string]string{
			"alice/athlete.json": `{}`,
			"alice/a.fake":       run,
			"carol/athlete.json": `{"name":"Caroline"}`,
			"carol/2026/c.fake":  run,
			"garmin/g.fake":      run,
			"loose.fake":         run,
		}, Options{}, "", map[string]who{
			"alice/athlete.json": {"alice", prof},
			"alice/a.fake":       {"alice", prof},
			"carol/athlete.json": {"Caroline", prof},
			"carol/2026/c.fake":  {"Caroline", prof},
			"garmin/g.fake":      {DefaultAthlete, one},
			"loose.fake":         {DefaultAthlete, one},
		}},
		{"a root profile names everything", map[string]string{
			"athlete.json":  `{"name":"sam"}`,
			"garmin/a.fake": run,
			"strava/b.fake": run,
		}, Options{}, "", map[string]who{
			"athlete.json":  {"sam", prof},
			"garmin/a.fake": {"sam", prof},
			"strava/b.fake": {"sam", prof},
		}},
		{"--coach: each top-level sub-folder is one athlete", map[string]string{
			"alice/garmin/a.fake":    run,
			"alice/strava/a.fake.gz": "not really gzip",
			"bob/b.fake":             run,
			"carol/athlete.json":     `{"name":"Caroline"}`,
			"carol/c.fake":           run,
			"loose.fake":             run,
			".hidden/h.fake":         run,
		}, Options{Coach: true}, "", map[string]who{
			"alice/garmin/a.fake":    {"alice", coach},
			"alice/strava/a.fake.gz": {"alice", coach},
			"bob/b.fake":             {"bob", coach},
			"carol/athlete.json":     {"Caroline", prof},
			"carol/c.fake":           {"Caroline", prof},
			"loose.fake":             {DefaultAthlete, one},
		}},
		{"--athlete forces one athlete", map[string]string{
			"alice/athlete.json": `{"name":"Alice"}`,
			"alice/a.fake":       run,
			"bob/b.fake":         run,
		}, Options{Athlete: "jo", Coach: true}, "", map[string]who{
			"alice/athlete.json": {"jo", flag},
			"alice/a.fake":       {"jo", flag},
			"bob/b.fake":         {"jo", flag},
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
			got := map[string]who{}
			for _, f := range b.Files {
				rel, _ := filepath.Rel(root, f.Path)
				got[rel] = who{f.Athlete, f.AthleteRule}
			}
			for name, w := range tc.want {
				if got[name] != w {
					t.Errorf("%s: athlete and rule %q, want %q", name, got[name], w)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("rows %v, want %v", got, tc.want)
			}
			for _, a := range b.Activities {
				rel, _ := filepath.Rel(root, a.Source)
				if a.Athlete != tc.want[rel].athlete {
					t.Errorf("activity of %s: athlete %q, want %q", rel, a.Athlete, tc.want[rel])
				}
			}
		})
	}
}

// TestImportAthleteFoldersApart: the same session in two athletes'
// folders (--coach) is not a duplicate; without --coach it is one.
func TestImportAthleteFoldersApart(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"alice/a.fake": "2026-01-05T07:00:00Z run\n",
		"bob/b.fake":   "2026-01-05T07:00:00Z run\n",
	})
	for _, coach := range []bool{true, false} {
		b, err := Import(context.Background(), []string{root}, Options{Formats: []Format{fakeFormat}, Coach: coach})
		if err != nil {
			t.Fatal(err)
		}
		var athletes []string
		for _, a := range b.Activities {
			athletes = append(athletes, a.Athlete)
		}
		want := "alice,bob"
		if !coach {
			want = DefaultAthlete
		}
		if strings.Join(athletes, ",") != want {
			t.Errorf("coach %v: activities' athletes %v, want %s", coach, athletes, want)
		}
	}
}

// TestImportBadProfileBothWays: a malformed athlete.json is one failed row
// and the batch goes on, whether its folder or its files are given (files
// given made Import fail, and analyze exit 1 with no outputs).
func TestImportBadProfileBothWays(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"a/athlete.json": `{"name": "A", `,
		"a/x.fake":       "2026-01-05T07:00:00Z run\n",
		"a/z.fake":       "2026-01-07T07:00:00Z run\n",
		"b/athlete.json": `{"name": "B"}`,
		"b/y.fake":       "2026-01-06T07:00:00Z lift\n",
	})
	j := func(p string) string { return filepath.Join(root, p) }
	folders, foldersActs := importRows(t, []string{j("a"), j("b")}, Options{})
	files, filesActs := importRows(t, []string{j("a/x.fake"), j("a/z.fake"), j("b/y.fake")}, Options{})
	for _, rows := range [][]FileResult{folders, files} {
		var got []string
		for _, f := range rows {
			got = append(got, relTo(root, f.Path)+" "+string(f.Status)+" "+f.Athlete+" "+string(f.AthleteRule))
		}
		want := []string{
			"a/athlete.json failed athlete one-athlete",
			"a/x.fake imported athlete one-athlete",
			"a/z.fake imported athlete one-athlete",
			"b/athlete.json imported B profile",
			"b/y.fake imported B profile",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if folders[0].Reason == "" || folders[0].Reason != files[0].Reason {
		t.Errorf("profile reasons %q and %q: want the same parse error", folders[0].Reason, files[0].Reason)
	}
	if strings.Join(foldersActs, ",") != strings.Join(filesActs, ",") {
		t.Errorf("activities %q given as folders, %q as files", foldersActs, filesActs)
	}
}
