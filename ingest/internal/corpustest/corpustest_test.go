package corpustest

import (
	"slices"
	"testing"
)

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

// TestPaths: Paths lists what Files finds, sorted, and Rel gives back each
// path's Files key.
func TestPaths(t *testing.T) {
	files := Files(t, "fit/*", "bad/*.fit")
	paths := Paths(t, "fit/*", "bad/*.fit")
	if len(paths) != len(files) || len(paths) < 5 || !slices.IsSorted(paths) {
		t.Fatalf("%d paths (sorted %v) for %d files", len(paths), slices.IsSorted(paths), len(files))
	}
	for _, p := range paths {
		if files[Rel(p)] != p {
			t.Errorf("%s: Rel %q is not its Files key", p, Rel(p))
		}
	}
}
