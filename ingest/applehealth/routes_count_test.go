package applehealth_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"gainguard/ingest/gpx"
)

// countTrkpt is the independent count of a GPX file's track points:
// python3's xml.etree, whatever the namespace.
const countTrkpt = `import json, sys, xml.etree.ElementTree as ET
print(json.dumps({p: sum(1 for e in ET.parse(p).iter() if e.tag.rsplit('}', 1)[-1] == 'trkpt') for p in sys.argv[1:]}))`

// TestCorpusRouteFiles: every route GPX of corpus-apps/apple read on its
// own gives one activity with a sample per track point, as python3's
// xml.etree counts them (TestCorpusApple says which of them end as
// duplicates of their workout).
func TestCorpusRouteFiles(t *testing.T) {
	requireApple(t)
	files, _ := filepath.Glob(filepath.Join(appleDir, "*.gpx"))
	if len(files) != 5 {
		t.Fatalf("%d route files in corpus-apps/apple, want 5: update TestCorpusApple and this test", len(files))
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: no independent count")
	}
	out, err := exec.Command(py, append([]string{"-c", countTrkpt}, files...)...).Output()
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]int
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		d, err := gpx.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if len(d.Activities) != 1 || want[p] < 2 || len(d.Activities[0].Samples) != want[p] {
			n := -1
			if len(d.Activities) > 0 {
				n = len(d.Activities[0].Samples)
			}
			t.Errorf("%s: %d activities, %d samples; python counts %d track points", filepath.Base(p), len(d.Activities), n, want[p])
		}
	}
}
