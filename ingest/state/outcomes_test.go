package state

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"gainguard/ingest"
)

// TestBatchFromState: the outcomes an import stored, read back without
// the input files (FileCache.Outcomes), give the import's activities
// (duplicates dropped the same way: ingest.BatchFromOutcomes), and the
// profile beside them is found again (ingest.FindProfiles).
func TestBatchFromState(t *testing.T) {
	root, state := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{
		"athlete.json": `{"name": "alex", "sex": "male", "hr_max": 190}`,
		"a.fake":       "2024-03-04T10:00:00Z run\n",
		"b.fake":       "2024-03-05T10:00:00Z lift\n",
		"sub/c.fake":   "2024-03-06T10:00:00Z run\n2024-03-06T18:00:00Z lift\n",
		"sub/dup.fake": "2024-03-04T10:00:00Z run\n", // the same run as a.fake
	})
	writeZip(t, filepath.Join(root, "e.zip"), map[string]string{"x.fake": "2024-03-07T10:00:00Z run\n"})
	want, _, _ := importCached(t, root, state)

	c, problem, err := LoadFileCache(state, "v1", "fp")
	if err != nil || problem != "" {
		t.Fatalf("load: %v %q", err, problem)
	}
	defer c.Close()
	outs, lost := c.Outcomes()
	if lost != 0 || len(outs) != 5 {
		t.Fatalf("%d outcomes, %d lost; want 5, 0", len(outs), lost)
	}
	b := ingest.BatchFromOutcomes(outs)
	if problems := ingest.FindProfiles(b); len(problems) != 0 {
		t.Fatal(problems)
	}
	if got, w := fmt.Sprintf("%+v", b.Activities), fmt.Sprintf("%+v", want.Activities); got != w {
		t.Errorf("activities from the state\n%s\nwant\n%s", got, w)
	}
	if len(want.Activities) != 5 {
		t.Errorf("setup: %d activities, want 5 (the duplicate dropped)", len(want.Activities))
	}
	if !reflect.DeepEqual(b.Profiles, want.Profiles) || len(b.Profiles) != 1 || b.Profiles["alex"].HRMax != 190 {
		t.Errorf("profiles %+v, want %+v", b.Profiles, want.Profiles)
	}
}
