package corpustest

import (
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gainguard/ingest"
)

// Paths returns the paths of the corpus files matching the patterns (as
// [Files] finds them), sorted; it skips the test when the corpus is absent.
func Paths(tb testing.TB, patterns ...string) []string {
	tb.Helper()
	return slices.Sorted(maps.Values(Files(tb, patterns...)))
}

// Rel is path's slash path relative to [Dir] ("fit/run.fit"), the key
// [Files] gives it.
func Rel(path string) string {
	rel, err := filepath.Rel(Dir, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

// Seed adds to f's seed corpus, in path order, every corpus file matching
// the patterns (as for [Files]) and returns how many it added: none when
// the corpus folder is absent, so that a fuzz target still runs on its
// own seeds. keep, when not nil, may alter a file's bytes or return nil
// to leave the file out.
func Seed(f *testing.F, keep func([]byte) []byte, patterns ...string) int {
	f.Helper()
	if _, err := os.Stat(Dir); err != nil {
		return 0
	}
	return SeedFiles(f, Files(f, patterns...), keep)
}

// SeedFiles is [Seed] for files keyed as [Files] keys them (other files
// may be among them); a file that cannot be read fails the target.
func SeedFiles(f *testing.F, files map[string]string, keep func([]byte) []byte) int {
	f.Helper()
	n := 0
	for _, p := range slices.Sorted(maps.Values(files)) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if keep != nil {
			if b = keep(b); b == nil {
				continue
			}
		}
		f.Add(b)
		n++
	}
	return n
}

// Each runs check as a subtest of t for every corpus file in files (keyed
// as [Files] keys them), named by that key and in key order, with the
// file's key, path and row of table. A file without a row and a row without a file are
// errors: every corpus file has an expected outcome, and every expectation
// is checked.
func Each[W any](t *testing.T, files map[string]string, table map[string]W, check func(t *testing.T, rel, path string, w W)) {
	t.Helper()
	for rel := range table {
		if _, ok := files[rel]; !ok {
			t.Errorf("%s is in the test table but not in the corpus", rel)
		}
	}
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		t.Run(rel, func(t *testing.T) {
			w, ok := table[rel]
			if !ok {
				t.Fatalf("corpus file %s has no expectation in the test table; add one", rel)
			}
			check(t, rel, files[rel], w)
		})
	}
}

// DecodeFile decodes the file at path (handed to decode as the *os.File
// itself, as the importer hands it over) and fails the test when it cannot
// be opened.
func DecodeFile(tb testing.TB, path string, decode func(io.Reader) (ingest.Decoded, error)) (ingest.Decoded, error) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	return decode(f)
}

// Outcome checks a decode's outcome against the expected status and error
// (or skip reason) substring, and reports whether the decode returned an
// error (the caller's checks of what it decoded then stop). A failure is an
// E (the importer's *FormatError) and an error comes with no activities.
func Outcome[E error](t *testing.T, d ingest.Decoded, err error, status ingest.FileStatus, sub string) bool {
	t.Helper()
	if got := ingest.StatusOf(err); got != status {
		t.Fatalf("status %s (err %v), want %s", got, err, status)
	}
	if err == nil {
		return false
	}
	if !strings.Contains(err.Error(), sub) {
		t.Errorf("error %q does not contain %q", err, sub)
	}
	var fe E
	if status == ingest.StatusFailed && !errors.As(err, &fe) {
		t.Errorf("error %T is not a %T", err, fe)
	}
	if len(d.Activities) != 0 {
		t.Errorf("%d activities along with an error", len(d.Activities))
	}
	return true
}

// HasHR reports whether some sample of a carries a heart rate.
func HasHR(a ingest.Activity) bool {
	for _, s := range a.Samples {
		if ingest.Known(s.HR) {
			return true
		}
	}
	return false
}

// First checks how many activities a decode returned and the first one's
// sport, kind, number of samples and whether it has a heart rate, and
// returns that first activity.
func First(t *testing.T, d ingest.Decoded, acts int, sport string, kind ingest.Kind, samples int, hr bool) ingest.Activity {
	t.Helper()
	if len(d.Activities) != acts {
		t.Fatalf("%d activities, want %d", len(d.Activities), acts)
	}
	a := d.Activities[0]
	if a.Sport != sport || a.Kind != kind {
		t.Errorf("sport %q kind %q, want %q %q", a.Sport, a.Kind, sport, kind)
	}
	if len(a.Samples) != samples {
		t.Errorf("%d samples, want %d", len(a.Samples), samples)
	}
	if got := HasHR(a); got != hr {
		t.Errorf("HR present %v, want %v", got, hr)
	}
	return a
}
