package ingest_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gainguard/ingest"
	"gainguard/ingest/applehealth"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
)

// TestMissingIsNaN: across the committed samples (FIT, GPX, lift-app and
// food logs) and the app corpus, a session or set RPE is NaN when the log
// has none, never 0 (the vocabulary's one convention for a missing
// float), and a logged one is in 1–10; some sets carry one, so the test
// sees both sides.
func TestMissingIsNaN(t *testing.T) {
	opt := ingest.Options{Formats: []ingest.Format{fit.Format, gpx.Format, tcx.Format, csvlog.Format, applehealth.Format}}
	logDir := t.TempDir()
	const log = "date,exercise,set,reps,weight_kg,rpe,rir\n2025-03-03,Squat,1,5,100,,2\n2025-03-03,Squat,2,5,100,9,1\n2025-03-03,Squat,3,5,100,,\n"
	if err := os.WriteFile(filepath.Join(logDir, "lifts.csv"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	paths := []string{"../samples", logDir}
	if corpusApps := "../../shared/corpus-apps"; dirExists(corpusApps) {
		paths = append(paths, corpusApps)
	}
	b, err := ingest.Import(context.Background(), paths, opt)
	if err != nil {
		t.Fatal(err)
	}
	var acts, sets, logged, missing int
	check := func(what string, v float64) {
		switch {
		case math.IsNaN(v):
			missing++
		case v >= 1 && v <= 10:
			logged++
		default:
			t.Errorf("%s: RPE %v, want NaN (not logged) or 1–10", what, v)
		}
	}
	for _, a := range b.Activities {
		acts++
		check(a.Source+" session", a.RPE)
		for _, s := range a.Sets {
			sets++
			check(a.Source+" set "+s.Exercise, s.RPE)
		}
	}
	if acts == 0 || sets == 0 || missing == 0 || logged == 0 {
		t.Fatalf("%d activities, %d sets, %d missing RPEs: the inputs do not exercise the rule", acts, sets, missing)
	}
	t.Logf("%d activities, %d sets: %d RPEs logged, %d missing", acts, sets, logged, missing)
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
