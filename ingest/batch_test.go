package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeFormat decodes a tiny text format: each line "start-unix kind" is one
// activity; "panic" panics; "skip" skips; "fail" fails.
var fakeFormat = Format{Name: "fake", Exts: []string{".fake"}, Decode: func(r io.Reader) (Decoded, error) {
	var d Decoded
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch f[0] {
		case "panic":
			panic("boom")
		case "skip":
			return d, Skip("nothing to see")
		case "fail":
			return d, errors.New("fake: bad header")
		}
		ts, _ := time.Parse(time.RFC3339, f[0])
		d.Activities = append(d.Activities, Activity{Start: ts, Kind: Kind(f[1]), ElapsedS: 600})
	}
	return d, nil
}}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestImportAccountsForEveryFile(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"a.fake":             "2026-01-05T07:00:00Z lift\n2026-01-05T18:00:00Z run\n",
		"b.FAKE":             "2026-01-06T07:00:00Z run\n",
		"empty.fake":         "",
		"boom.fake":          "panic\n",
		"route.fake":         "skip\n",
		"broken.fake":        "fail\n",
		"notes.txt":          "hello",
		".hidden/x.fake":     "2026-01-07T07:00:00Z run\n",
		"out/old.fake":       "2026-01-08T07:00:00Z run\n",
		"sam/athlete.json":   `{"name":"sam","sex":"female"}`,
		"sam/s.fake":         "2026-01-09T07:00:00Z run\n",
		"kim/athlete.json":   `{"sex":"male"}`,
		"kim/deep/k.fake":    "2026-01-10T07:00:00Z lift\n",
		"bad/athlete.json":   `{"hrmax": 190}`,
		"bad/b.fake":         "2026-01-11T07:00:00Z run\n",
		"worse/athlete.json": `{"hr_max": 400}`,
		"worse/w.fake":       "2026-01-12T07:00:00Z run\n",
	})
	b, err := Import(context.Background(), []string{root}, Options{
		Formats: []Format{fakeFormat}, Workers: 3, Exclude: []string{filepath.Join(root, "out")},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		status          FileStatus
		athlete, reason string
	}{
		"a.fake":           {StatusImported, DefaultAthlete, ""},
		"b.FAKE":           {StatusImported, DefaultAthlete, ""},
		"empty.fake":       {StatusFailed, DefaultAthlete, "empty file"},
		"boom.fake":        {StatusFailed, DefaultAthlete, "internal error decoding fake: boom"},
		"route.fake":       {StatusSkipped, DefaultAthlete, "nothing to see"},
		"broken.fake":      {StatusFailed, DefaultAthlete, "fake: bad header"},
		"notes.txt":        {StatusSkipped, DefaultAthlete, "unsupported file type .txt"},
		"sam/athlete.json": {StatusImported, "sam", "athlete profile"},
		"sam/s.fake":       {StatusImported, "sam", ""},
		"kim/athlete.json": {StatusImported, "kim", "athlete profile"},
		"kim/deep/k.fake":  {StatusImported, "kim", ""},
		// An unknown key is noted, not fatal (the profile is kept); a
		// value out of range fails the file.
		"bad/athlete.json":   {StatusImported, "bad", `unknown key "hrmax" ignored (did you mean "hr_max"?)`},
		"bad/b.fake":         {StatusImported, "bad", ""},
		"worse/athlete.json": {StatusFailed, DefaultAthlete, `athlete.json: profile: hr_max 400 is outside`},
		"worse/w.fake":       {StatusImported, DefaultAthlete, ""},
	}
	got := map[string]FileResult{}
	for _, f := range b.Files {
		rel, _ := filepath.Rel(root, f.Path)
		if _, dup := got[rel]; dup {
			t.Errorf("%s accounted for twice", rel)
		}
		got[rel] = f
	}
	for name, w := range want {
		f, ok := got[name]
		if !ok {
			t.Errorf("%s: not accounted for", name)
			continue
		}
		if f.Status != w.status || f.Athlete != w.athlete || !strings.Contains(f.Reason, w.reason) {
			t.Errorf("%s: got %s/%s %q, want %s/%s containing %q", name, f.Status, f.Athlete, f.Reason, w.status, w.athlete, w.reason)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d file rows, want %d: %v", len(got), len(want), got)
	}
	if n := len(b.Activities); n != 7 {
		t.Fatalf("got %d activities, want 7", n)
	}
	// Sorted by athlete, then start; every activity has an id and a source.
	for i, a := range b.Activities {
		if a.ID == "" || a.Source == "" || a.Precision != PrecisionExact {
			t.Errorf("activity %d lacks id/source/precision: %+v", i, a)
		}
		if i > 0 {
			p := b.Activities[i-1]
			if p.Athlete > a.Athlete || (p.Athlete == a.Athlete && p.Start.After(a.Start)) {
				t.Errorf("activities not sorted at %d", i)
			}
		}
	}
	if p := b.Profiles["sam"]; p.Sex != "female" {
		t.Errorf("sam's profile not kept: %+v", p)
	}
	if p, ok := b.Profiles["kim"]; !ok || p.Name != "kim" {
		t.Errorf("kim's profile should take its folder name: %+v", p)
	}
	imp, dup, skip, fail := b.Summary()
	if imp+dup+skip+fail != len(b.Files) || fail != 4 || skip != 2 || dup != 0 {
		t.Errorf("summary %d/%d/%d of %d files", imp, skip, fail, len(b.Files))
	}
}

func TestImportDeterministic(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{}
	for i := range 40 {
		files[filepath.Join("d", string(rune('a'+i%26))+strings.Repeat("x", i/26)+".fake")] =
			time.Date(2026, 1, 1+i, 7, 0, 0, 0, time.UTC).Format(time.RFC3339) + " run\n"
	}
	writeFiles(t, root, files)
	var first []string
	for _, w := range []int{1, 2, 8} {
		b, err := Import(context.Background(), []string{root}, Options{Formats: []Format{fakeFormat}, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, a := range b.Activities {
			ids = append(ids, a.ID+a.Source)
		}
		if first == nil {
			first = ids
		} else if strings.Join(ids, ",") != strings.Join(first, ",") {
			t.Errorf("workers=%d changed the result order", w)
		}
	}
}

func TestImportMissingPath(t *testing.T) {
	_, err := Import(context.Background(), []string{filepath.Join(t.TempDir(), "nope")}, Options{Formats: []Format{fakeFormat}})
	if err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("want an error naming the path, got %v", err)
	}
}

func TestImportAthleteFlagOverridesFolders(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"x/athlete.json": `{"name":"x","hr_max":185}`,
		"x/a.fake":       "2026-01-05T07:00:00Z run\n",
		"y.fake":         "2026-01-05T09:00:00Z run\n",
	})
	b, err := Import(context.Background(), []string{root}, Options{Formats: []Format{fakeFormat}, Athlete: "jo"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range b.Activities {
		if a.Athlete != "jo" {
			t.Errorf("%s: athlete %q, want jo", a.Source, a.Athlete)
		}
	}
	if b.Profiles["jo"].HRMax != 185 {
		t.Errorf("the folder's profile should apply to the forced athlete: %+v", b.Profiles)
	}
}

// sampledFormat: each line "start-unix n hr" is one activity with n 1-Hz
// samples at heart rate hr (NaN: none).
var sampledFormat = Format{Name: "sampled", Exts: []string{".smp"}, Decode: func(r io.Reader) (Decoded, error) {
	var d Decoded
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var start time.Time
		var n int
		var hr float64
		var ts string
		if _, err := fmt.Sscan(sc.Text(), &ts, &n, &hr); err != nil {
			return d, err
		}
		start, _ = time.Parse(time.RFC3339, ts)
		a := Activity{Start: start, Kind: KindRun, ElapsedS: float64(n)}
		for i := range n {
			s := NewSample(start.Add(time.Duration(i) * time.Second))
			s.HR = hr
			a.Samples = append(a.Samples, s)
		}
		d.Activities = append(d.Activities, a)
	}
	return d, nil
}}

// TestImportReduce: Options.Reduce runs once per activity in the workers,
// after the athlete, source and id are set and the samples counted; what
// it leaves is what the batch (and the cache) hold.
func TestImportReduce(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"a.smp": "2026-09-01T07:00:00Z 300 140\n2026-09-02T07:00:00Z 10 NaN\n",
		"b.smp": "2026-09-03T07:00:00Z 0 NaN\n",
	})
	var calls atomic.Int64
	opt := Options{Formats: []Format{sampledFormat}, Workers: 2, ReduceID: "test",
		Reduce: func(a *Activity) {
			calls.Add(1)
			if a.ID == "" || a.Athlete == "" || a.Source == "" {
				t.Errorf("Reduce saw %q/%q/%q: id, athlete and source must be set", a.ID, a.Athlete, a.Source)
			}
			a.Digest = []byte{byte(len(a.Samples) % 251)}
			a.Samples = nil
		}}
	b, err := Import(context.Background(), []string{root}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 3 || len(b.Activities) != 3 {
		t.Fatalf("Reduce called %d times for %d activities, want 3", calls.Load(), len(b.Activities))
	}
	want := []struct{ n, hr int }{{300, 300}, {10, 0}, {0, 0}}
	for i, a := range b.Activities {
		if a.Samples != nil || a.NumSamples() != want[i].n || a.NumHRSamples() != want[i].hr ||
			len(a.Digest) != 1 || int(a.Digest[0]) != want[i].n%251 {
			t.Errorf("activity %d: samples %d, NumSamples %d, NumHRSamples %d, digest %v; want %d and %d",
				i, len(a.Samples), a.NumSamples(), a.NumHRSamples(), a.Digest, want[i].n, want[i].hr)
		}
	}
	if fp := opt.Fingerprint(); !strings.Contains(fp, "reduce=test") {
		t.Errorf("fingerprint %q does not name the reducer", fp)
	}
}
