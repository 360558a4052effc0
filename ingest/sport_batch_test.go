package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gainguard/ingest"
	"gainguard/ingest/internal/corpustest"
)

func corpusFile(t *testing.T, rel string) []byte {
	t.Helper()
	corpustest.Require(t)
	b, err := os.ReadFile(filepath.Join(corpustest.Dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importOne imports root and returns the batch, failing on error.
func importOne(t *testing.T, root string, overrides ...ingest.SportOverride) *ingest.Batch {
	t.Helper()
	b, err := ingest.Import(context.Background(), []string{root}, ingest.Options{Formats: formats, SportOverrides: overrides})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func rowOf(t *testing.T, b *ingest.Batch, path string) ingest.FileResult {
	t.Helper()
	for _, f := range b.Files {
		if f.Path == path {
			return f
		}
	}
	t.Fatalf("no row for %s", path)
	return ingest.FileResult{}
}

// A run recorded as a GPX without <type> or a sport name (Polar Flow's
// export) was Kind other and never scored; it is a run now, its sport
// inferred from its stream, and the file's row says so. Each stronger
// source then wins over the guess: Strava's activities.csv, a folder's
// gainguard-sport.txt, --sport-override.
func TestImportUntypedSports(t *testing.T) {
	polar := corpusFile(t, "gpx/polar-ignite-run.gpx")
	fitRun := corpusFile(t, "fit/6909950168.fit") // Garmin, typed running by the device

	t.Run("inferred", func(t *testing.T) {
		root := t.TempDir()
		p := filepath.Join(root, "polar", "run.gpx")
		write(t, p, polar)
		b := importOne(t, root)
		a := b.Activities[0]
		if len(b.Activities) != 1 || a.Kind != ingest.KindRun || a.Sport != "running" || a.SportSource != ingest.SportSourceInferred {
			t.Fatalf("activity: kind %s sport %q source %q", a.Kind, a.Sport, a.SportSource)
		}
		if r := rowOf(t, b, p); !strings.Contains(r.Reason, "sport running inferred from the stream") {
			t.Errorf("row reason %q", r.Reason)
		}
	})

	t.Run("strava-csv beats the stream", func(t *testing.T) {
		root := t.TempDir()
		write(t, filepath.Join(root, "activities.csv"), stravaCSV([4]string{"9", "Evening Ride", "Ride", "activities/9.gpx"}))
		write(t, filepath.Join(root, "activities", "9.gpx"), polar)
		b := importOne(t, root)
		if a := b.Activities[0]; a.Sport != "cycling" || a.SportSource != ingest.SportSourceStrava || a.Kind != ingest.KindCardio {
			t.Errorf("sport %q source %q kind %s; want cycling from strava-csv", a.Sport, a.SportSource, a.Kind)
		}
	})

	t.Run("folder setting beats guesses, not the device", func(t *testing.T) {
		root := t.TempDir()
		write(t, filepath.Join(root, "treadmill", ingest.SportFileName), []byte("# all of these are rides\nride\n"))
		write(t, filepath.Join(root, "treadmill", "sub", "untyped.gpx"), polar)
		write(t, filepath.Join(root, "treadmill", "watch.fit"), fitRun)
		b := importOne(t, root)
		got := map[string]ingest.Activity{}
		for _, a := range b.Activities {
			got[filepath.Base(a.Source)] = a
		}
		if a := got["untyped.gpx"]; a.Sport != "cycling" || a.SportSource != ingest.SportSourceFolder {
			t.Errorf("untyped.gpx: sport %q source %q; want cycling from the folder", a.Sport, a.SportSource)
		}
		if a := got["watch.fit"]; a.Sport != "running" || a.SportSource != ingest.SportSourceDevice {
			t.Errorf("watch.fit: sport %q source %q; want the device's running", a.Sport, a.SportSource)
		}
		setting := rowOf(t, b, filepath.Join(root, "treadmill", ingest.SportFileName))
		if setting.Status != ingest.StatusImported || setting.Format != "sport-setting" || !strings.Contains(setting.Reason, "cycling") {
			t.Errorf("setting row %+v", setting)
		}
		if r := rowOf(t, b, filepath.Join(root, "treadmill", "sub", "untyped.gpx")); !strings.Contains(r.Reason, "sport cycling from") {
			t.Errorf("untyped.gpx row reason %q", r.Reason)
		}

		write(t, filepath.Join(root, "treadmill", ingest.SportFileName), []byte("rideing\n"))
		b = importOne(t, root)
		if r := rowOf(t, b, filepath.Join(root, "treadmill", ingest.SportFileName)); r.Status != ingest.StatusFailed ||
			!strings.Contains(r.Reason, `unknown sport "rideing"`) {
			t.Errorf("misspelt setting: %+v", r)
		}
	})

	t.Run("override beats everything", func(t *testing.T) {
		root := t.TempDir()
		p := filepath.Join(root, "polar", "run.gpx")
		write(t, p, polar)
		write(t, filepath.Join(root, "watch.fit"), fitRun)
		b := importOne(t, root,
			ingest.SportOverride{Path: p, Sport: "walk"},
			ingest.SportOverride{Path: "watch.fit", Sport: "hike"},
			ingest.SportOverride{Path: filepath.Join(root, "nothing-here.gpx"), Sport: "run"})
		got := map[string]ingest.Activity{}
		for _, a := range b.Activities {
			got[filepath.Base(a.Source)] = a
		}
		if a := got["run.gpx"]; a.Sport != "walking" || a.SportSource != ingest.SportSourceOverride || a.Kind != ingest.KindCardio {
			t.Errorf("run.gpx: sport %q source %q kind %s", a.Sport, a.SportSource, a.Kind)
		}
		if a := got["watch.fit"]; a.Sport != "hiking" || a.SportSource != ingest.SportSourceOverride {
			t.Errorf("watch.fit: sport %q source %q", a.Sport, a.SportSource)
		}
		if r := rowOf(t, b, p); !strings.Contains(r.Reason, `sport walking set by --sport-override`) || !strings.Contains(r.Reason, `was "running" from inferred`) {
			t.Errorf("row reason %q", r.Reason)
		}
		if len(b.UnusedSportOverrides) != 1 || !strings.HasSuffix(b.UnusedSportOverrides[0], "nothing-here.gpx") {
			t.Errorf("unused overrides %q", b.UnusedSportOverrides)
		}
	})
}
