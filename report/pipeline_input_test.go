package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
)

// cloneBatch deep-copies what Build could write through: the activity
// and file slices and each activity's samples, laps and sets.
func cloneBatch(b *ingest.Batch) *ingest.Batch {
	c := *b
	c.Activities = make([]ingest.Activity, len(b.Activities))
	for i, a := range b.Activities {
		a.Samples = append([]ingest.Sample(nil), a.Samples...)
		a.Laps = append([]ingest.Lap(nil), a.Laps...)
		a.Sets = append([]ingest.Set(nil), a.Sets...)
		c.Activities[i] = a
	}
	c.Files = append([]ingest.FileResult(nil), b.Files...)
	return &c
}

// TestBuildLeavesBatchAlone: Build used to share ds.Files and
// ds.Activities with the batch, so failing a profile file and placing
// wall-clock lifts in the athlete's zone changed the import result, and
// the summary (from the batch), the JSON and --strict disagreed with
// files.parquet. The batch must come out exactly as it went in, and the
// dataset must carry the changes.
func TestBuildLeavesBatchAlone(t *testing.T) {
	acts := anchorBActs()
	// One floating lift (a lift-app log): Build places it in the zone.
	fl := bLift("csv-lift", time.Date(2025, 9, 18, 18, 0, 0, 0, time.UTC), 45, "squat")
	fl.Floating, fl.Format, fl.Source = true, "csv", "strong.csv"
	acts = append(acts, fl)
	for _, tc := range []struct {
		name     string
		files    []ingest.FileResult // nil: bBatch's profile row
		tuning   map[string]float64
		wantFail int
	}{
		{"profile row present", nil, map[string]float64{"rest_one": -1}, 1},
		// Files given on the command line: the profile has no row; Build
		// appends the failed one.
		{"no profile row", []ingest.FileResult{}, map[string]float64{"rest_one": -1}, 1},
		{"valid tuning", nil, map[string]float64{"rest_one": 0.5}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := bProfile()
			p.Tuning = tc.tuning
			b := bBatch(p, append([]ingest.Activity(nil), acts...))
			if tc.files != nil {
				b.Files = tc.files
			}
			before := cloneBatch(b)
			ds := Build(b, BuildOptions{WeekStart: time.Monday})
			if fmt.Sprintf("%+v", before.Files) != fmt.Sprintf("%+v", b.Files) {
				t.Errorf("Build changed the batch's files:\nbefore %+v\nafter  %+v", before.Files, b.Files)
			}
			// %#v, not DeepEqual: unknown values are NaN.
			if fmt.Sprintf("%#v", before.Activities) != fmt.Sprintf("%#v", b.Activities) {
				t.Error("Build changed the batch's activities")
			}
			if _, _, _, failed := ingest.SummarizeFiles(ds.Files); failed != tc.wantFail {
				t.Errorf("dataset has %d failed files, want %d: %+v", failed, tc.wantFail, ds.Files)
			}
			// The floating lift is placed in the dataset's copy.
			for _, a := range ds.Activities {
				if a.ID == "csv-lift" && a.Floating {
					t.Errorf("dataset lift not placed: %v", a.Start)
				}
			}
		})
	}
}

// TestUnknownTuningKeyKeepsTuning: an unknown tuning key used to fail the
// profile file and drop all of its tuning (and the profile with it). The
// known keys must apply, the unknown one be noted with a did-you-mean in
// the athlete's assumptions, the profile's files row and ds.Warnings.
func TestUnknownTuningKeyKeepsTuning(t *testing.T) {
	build := func(tuning map[string]float64) *Dataset {
		p := bProfile()
		p.Tuning = tuning
		return Build(bBatch(p, anchorBActs()), BuildOptions{WeekStart: time.Monday})
	}
	scores := func(ds *Dataset) string {
		var s []string
		for _, w := range ds.Weeks {
			s = append(s, fmt.Sprintf("%.3f", w.Interference))
		}
		return strings.Join(s, " ")
	}
	def := build(nil)
	known := build(map[string]float64{"mult_trained": 0.5})
	mixed := build(map[string]float64{"mult_trained": 0.5, "order_lift_frist": 0.2})
	if scores(known) == scores(def) {
		t.Fatalf("mult_trained 0.5 does not move the scores (%s): the test cannot see tuning", scores(def))
	}
	if scores(mixed) != scores(known) {
		t.Errorf("with an unknown key beside it, the known key is not applied: %s, want %s", scores(mixed), scores(known))
	}
	const note = `unknown tuning key "order_lift_frist" ignored (did you mean "order_lift_first"?)`
	if _, _, _, failed := ingest.SummarizeFiles(mixed.Files); failed != 0 {
		t.Errorf("the profile file failed: %+v", mixed.Files)
	}
	if !strings.Contains(mixed.Files[0].Reason, note) {
		t.Errorf("files row reason %q lacks %q", mixed.Files[0].Reason, note)
	}
	want := "bo/athlete.json: " + note
	if len(mixed.Warnings) != 1 || mixed.Warnings[0] != want {
		t.Errorf("Warnings = %q, want [%q]", mixed.Warnings, want)
	}
	if !slices.Contains(mixed.Params[bAthlete].Defaults, want) {
		t.Errorf("assumptions %q lack the note", mixed.Params[bAthlete].Defaults)
	}
}
