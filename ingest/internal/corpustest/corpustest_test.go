package corpustest

import "testing"

// TestManifest: the manifest rows of each kind are found, with the counts
// the importers' tests cross-check, and Files finds the files they name.
func TestManifest(t *testing.T) {
	Require(t)
	for _, tc := range []struct{ kind, key, pattern string }{
		{"fit", "sessions", "fit/*"},
		{"gpx", "trkpt", "gpx/*"},
		{"tcx", "trackpoints", "tcx/*"},
	} {
		rows := Manifest(t, tc.kind)
		files := Files(t, tc.pattern)
		with := 0
		for path, c := range rows {
			if _, ok := c[tc.key]; ok {
				with++
			}
			if _, ok := files[path]; !ok && path[:len(tc.kind)] == tc.kind {
				t.Errorf("%s: in MANIFEST.tsv but not found by Files", path)
			}
		}
		if len(rows) < 5 || with == 0 {
			t.Errorf("%s: %d manifest rows, %d with %s=", tc.kind, len(rows), with, tc.key)
		}
	}
}
