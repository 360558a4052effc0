package applehealth_test

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gainguard/ingest"
	"gainguard/ingest/applehealth"
	"gainguard/ingest/gpx"
	"gainguard/ingest/internal/corpustest"
)

var appleDir = filepath.Join(corpustest.Dir, "..", "corpus-apps", "apple")

func requireApple(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(appleDir); err != nil {
		t.Skipf("no corpus-apps/apple: %v", err)
	}
}

// export lays out paulstaab's export as the Health app does:
// apple_health_export/export.xml and workout-routes/*.gpx.
func export(t *testing.T, dir string) string {
	t.Helper()
	root := filepath.Join(dir, "apple_health_export")
	copyFile(t, filepath.Join(appleDir, "paulstaab_export_running.xml"), filepath.Join(root, "export.xml"))
	for _, d := range []string{"2023-12-28", "2024-06-10", "2025-02-01", "2025-03-01"} {
		copyFile(t, filepath.Join(appleDir, "paulstaab_route_"+d+".gpx"), filepath.Join(root, "workout-routes", "route_"+d+".gpx"))
	}
	return root
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func zipDir(t *testing.T, dir, out string) {
	t.Helper()
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(filepath.Dir(dir), p)
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		r, err := os.Open(p)
		if err != nil {
			return err
		}
		defer r.Close()
		_, err = io.Copy(w, r)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func importPaths(t *testing.T, paths ...string) *ingest.Batch {
	t.Helper()
	b, err := ingest.Import(context.Background(), paths, ingest.Options{Formats: []ingest.Format{gpx.Format, applehealth.Format}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLayouts reads the three shapes of an export: the unpacked folder,
// export.zip, and export.xml alone. With the folder or the zip, the
// routes join their workouts and the route files are counted as
// duplicates of them; alone, the routes are noted as not read.
func TestLayouts(t *testing.T) {
	requireApple(t)
	dir := t.TempDir()
	root := export(t, dir)
	zipped := filepath.Join(t.TempDir(), "export.zip")
	zipDir(t, root, zipped)
	bare := filepath.Join(t.TempDir(), "export.xml")
	copyFile(t, filepath.Join(root, "export.xml"), bare)

	for _, tc := range []struct {
		name       string
		path       string
		routed     int // workouts with route samples
		duplicates int // route files dropped as duplicates
	}{
		{"folder", root, 4, 4},
		{"zip", zipped, 4, 4},
		{"bare", bare, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := importPaths(t, tc.path)
			runs, rides, routed := 0, 0, 0
			for _, a := range b.Activities {
				if a.Format != "applehealth" {
					t.Errorf("kept %s from %s", a.Format, a.Source)
				}
				switch a.Kind {
				case ingest.KindRun:
					runs++
				case ingest.KindCardio:
					rides++
				}
				for _, s := range a.Samples {
					if ingest.Known(s.Lat) {
						routed++
						break
					}
				}
			}
			if runs != 7 || rides != 1 || routed != tc.routed {
				t.Errorf("%d runs, %d rides, %d with a route; want 7, 1, %d", runs, rides, routed, tc.routed)
			}
			dups := 0
			for _, f := range b.Files {
				if f.Status == ingest.StatusDuplicate {
					dups++
					if !strings.HasSuffix(f.DuplicateOf, "export.xml") {
						t.Errorf("%s duplicate of %q", f.Path, f.DuplicateOf)
					}
				}
				if strings.HasSuffix(f.Path, "export.xml") {
					routeNote := strings.Contains(f.Reason, "route workout-routes/route_2025-03-01.gpx: not found beside the export")
					if routeNote != (tc.routed == 0) {
						t.Errorf("export.xml notes %q", f.Reason)
					}
				}
			}
			if dups != tc.duplicates {
				t.Errorf("%d duplicates, want %d", dups, tc.duplicates)
			}
		})
	}
}

// TestCorpusApple accounts for every file of corpus-apps/apple read as it
// lies (flat: the route files are not where their exports say, so they
// are read as GPX tracks of their own).
func TestCorpusApple(t *testing.T) {
	requireApple(t)
	b := importPaths(t, appleDir)
	want := map[string]string{ // base name → status (activities kept)
		// No workout; one night of sleep (its only record kept).
		"alxdrcirilo_export.xml":               "imported 0",
		"dogsheep_export.xml":                  "imported 1",
		"dogsheep_route_2019-06-11_3.00pm.gpx": "imported 1",
		// The same workout as dogsheep_export.xml (its route file is not
		// beside it): a duplicate.
		"dogsheep_zip_export.xml":        "duplicate 0",
		"opendroid_sampleexport_v11.xml": "imported 1",
		// 8 workouts; the three whose route GPX lies beside the export
		// (not under workout-routes/) and has more samples are dropped
		// for those GPX files; the 2023-12-28 run keeps its HR records
		// and beats its route file.
		"paulstaab_export_running.xml":   "imported 5",
		"paulstaab_route_2023-12-28.gpx": "duplicate 0",
		"paulstaab_route_2024-06-10.gpx": "imported 1",
		"paulstaab_route_2025-02-01.gpx": "imported 1",
		"paulstaab_route_2025-03-01.gpx": "imported 1",
		"tdda_export6s3sample.xml":       "imported 1",
	}
	var got []string
	for _, f := range b.Files {
		s := string(f.Status)
		if f.Status != ingest.StatusSkipped && f.Status != ingest.StatusFailed {
			s += " " + strconv.Itoa(f.Activities)
		}
		name := filepath.Base(f.Path)
		if want[name] != s {
			t.Errorf("%s: %s (%s), want %s", name, s, f.Reason, want[name])
		}
		got = append(got, name)
	}
	sort.Strings(got)
	if len(got) != len(want) {
		t.Errorf("files %q", got)
	}
}

// TestLargeEntryInZip: an export.xml entry above the default per-entry cap
// of archives (512 MiB; real exports are 1–3 GB) is not refused for its
// size, since the importer streams it; a GPX entry of the same size still
// is. (The entries declare 600 MiB over 3 MiB of stored bytes, so that
// the test stays small; their decoding then fails on the short data.)
func TestLargeEntryInZip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "export.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	data := make([]byte, 3<<20+1)
	for i := range data {
		data[i] = byte('a' + i%23)
	}
	for _, name := range []string{"apple_health_export/export.xml", "apple_health_export/workout-routes/big.gpx"} {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store,
			CompressedSize64: uint64(len(data)), UncompressedSize64: 600 << 20})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	b := importPaths(t, path)
	for _, r := range b.Files {
		capped := strings.Contains(r.Reason, "over the 512 MiB cap")
		switch {
		case strings.HasSuffix(r.Path, "export.xml") && (capped || r.Status != ingest.StatusFailed && r.Status != ingest.StatusSkipped):
			t.Errorf("export.xml: %s (%s)", r.Status, r.Reason)
		case strings.HasSuffix(r.Path, "big.gpx") && !capped:
			t.Errorf("big.gpx: %s (%s), want the cap", r.Status, r.Reason)
		}
	}
}
