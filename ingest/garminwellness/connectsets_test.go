package garminwellness

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/fit"
)

// The Connect exercise-set files under testdata/connect and
// testdata/beside_fit are synthetic, written in the shape public code
// reads from Garmin Connect (docs/formats.md cites it). Two of their sets
// are the ones jarkko/fit-analyzer's tests quote from Connect for activity
// 20744294788 (a back extension the watch took for a lunge, a kickback):
// the FIT file of that very session is in the shared corpus, so the pair
// test below puts Connect's names on the real watch file. The other sets
// and values are made up to test the rules.

const (
	connectSummaries = "testdata/connect/DI_CONNECT/DI-Connect-Fitness/athlete@example.com_0_summarizedActivities.json"
	besideFIT        = "testdata/beside_fit/20744294788_ACTIVITY_exercises.json"
	pairFIT          = "../../../shared/corpus/fit/20744294788_ACTIVITY.fit"
)

func sameKg(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestConnectSummaries reads the strength activities of a summarized
// activities file: names from Connect, grams to kilograms, REST sets and
// the activities without sets left out.
func TestConnectSummaries(t *testing.T) {
	d, err := decodeFile(t, strings.TrimPrefix(connectSummaries, "testdata/"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Activities) != 2 {
		t.Fatalf("%d activities", len(d.Activities))
	}
	pair, gym := d.Activities[0], d.Activities[1]
	for _, a := range d.Activities {
		if a.Kind != ingest.KindLift || a.Format != "garmin-connect" || a.ExerciseNames != ingest.NamesConnect ||
			a.TZOffsetS != 3*3600 || !a.HasTZ || a.Precision != ingest.PrecisionExact {
			t.Errorf("activity %+v", a)
		}
	}
	if !pair.Start.Equal(utc("2025-10-20T10:21:30")) || pair.ElapsedS != 3946.006 || pair.TimerS != 3868.636 ||
		pair.Name != "Strength" || pair.AvgHR != 114 || len(pair.Sets) != 5 {
		t.Errorf("pair %+v", pair)
	}
	if !gym.Start.Equal(utc("2025-10-22T16:00:00")) || gym.ElapsedS != 1500 || gym.Index != 1 {
		t.Errorf("gym %+v", gym)
	}
	type want struct {
		ex     string
		region ingest.Region
		reps   int
		kg     float64 // NaN: unknown
	}
	nan := math.NaN()
	for i, w := range []want{
		{"barbell_back_squat", ingest.RegionLower, 5, 100},
		{"barbell_back_squat", ingest.RegionLower, 5, 99.7903}, // 220 lb entered: 99790.3 g
		// The most probable candidate (64 %) names the set.
		{"barbell_bench_press", ingest.RegionUpper, 8, 60},
		// Only UNKNOWN candidates: no name; no weight (null).
		{"", ingest.RegionUnknown, 12, nan},
		// -1 g is "no weight entered", not a negative load.
		{"dead_bug", ingest.RegionLower, 15, nan},
	} {
		s := gym.Sets[i]
		if s.Type != ingest.SetActive || s.Exercise != w.ex || s.Region != w.region || s.Reps != w.reps ||
			(math.IsNaN(w.kg) != math.IsNaN(s.WeightKg)) || (!math.IsNaN(w.kg) && math.Abs(s.WeightKg-w.kg) > 1e-9) {
			t.Errorf("gym set %d: %+v, want %+v", i, s, w)
		}
	}
	if len(gym.Sets) != 5 {
		t.Errorf("gym: %d sets (3 REST sets must be skipped)", len(gym.Sets))
	}
	notes := strings.Join(d.Notes, "; ")
	for _, n := range []string{"2 strength activit(ies) with exercise sets read",
		"1 of 3 activities without exercise sets", "5 REST set(s) skipped", "3 active set(s) without a weight"} {
		if !strings.Contains(notes, n) {
			t.Errorf("notes %q lack %q", notes, n)
		}
	}
}

// TestNoExerciseSetsUnchanged: a summarized activities file without
// Connect's per-set lists (per-exercise totals only, or nothing) is
// skipped with the same reason as before sets were read.
func TestNoExerciseSetsUnchanged(t *testing.T) {
	const reason = "Garmin activity summaries: the activities are read from the export's FIT files"
	data, err := os.ReadFile(filepath.Join("testdata", "DI_CONNECT", "DI-Connect-Fitness", "someone@example.com_0_summarizedActivities.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{
		string(data),
		`[{"summarizedActivitiesExport": [{"activityId": 1, "activityType": "strength_training", "startTimeGmt": 1760955690000.0,
		  "summarizedExerciseSets": [{"category": "SQUAT", "subCategory": "BARBELL_BACK_SQUAT", "reps": 10, "sets": 2, "maxWeight": 100000.0}]}]}]`,
		`[{"summarizedActivitiesExport": [{"activityId": 1, "activityType": "running", "exerciseSets": null}]}]`,
	} {
		d, err := Decode(strings.NewReader(in))
		if !ingest.IsSkip(err) || err.Error() != reason || len(d.Activities) != 0 {
			t.Errorf("%.60s: %v, %d activities", in, err, len(d.Activities))
		}
	}
}

// TestConnectSetsBad: sets that cannot make a lift are skipped or fail
// with a reason.
func TestConnectSetsBad(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		skip     bool
	}{
		{`{"activityId": 1, "exerciseSets": 3}`, "exerciseSets is not a list", false},
		{`{"activityId": 1, "exerciseSets": [{"setType": "REST", "duration": 60}]}`, "no active set", true},
		{`{"activityId": 1, "exerciseSets": [{"setType": "ACTIVE", "repetitionCount": 5}]}`, "without start times", true},
		{`[{"summarizedActivitiesExport": [{"activityType": "hiit", "startTimeGmt": 1760955690000,
		   "exerciseSets": [{"setType": "ACTIVE", "repetitionCount": 5}]}]}]`, "none a strength activity", true},
	} {
		_, err := Decode(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) || ingest.IsSkip(err) != tc.skip {
			t.Errorf("%s: %v", tc.in, err)
		}
	}
}

// TestFITAndConnectPair imports the watch's FIT file of a session with
// Connect's sets of the same session: one lift, the FIT one (heart rate,
// timing, rest sets), with Connect's names, repetitions and weights.
func TestFITAndConnectPair(t *testing.T) {
	if _, err := os.Stat(pairFIT); err != nil {
		t.Fatal(err)
	}
	opt := ingest.Options{Formats: []ingest.Format{fit.Format, Format}}
	lift := func(b *ingest.Batch) *ingest.Activity {
		t.Helper()
		for i := range b.Activities {
			if a := &b.Activities[i]; a.Format == "fit" && a.Kind == ingest.KindLift {
				return a
			}
		}
		t.Fatal("no FIT lift")
		return nil
	}
	alone, err := ingest.Import(context.Background(), []string{pairFIT}, opt)
	if err != nil {
		t.Fatal(err)
	}
	before := lift(alone)
	for _, tc := range []struct {
		name       string
		connect    string
		activities int // kept: FIT cycling, FIT lift, and the Connect-only lift of the summaries
	}{
		{"summaries", connectSummaries, 3},
		{"beside the FIT file", besideFIT, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := ingest.Import(context.Background(), []string{pairFIT, tc.connect}, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Activities) != tc.activities {
				t.Fatalf("%d activities kept", len(b.Activities))
			}
			for _, f := range b.Files {
				if strings.HasSuffix(f.Path, ".json") && (f.Duplicates != 1 || !strings.Contains(f.Reason, "20744294788_ACTIVITY.fit")) {
					t.Errorf("%s: %s, %d duplicates, %q", f.Path, f.Status, f.Duplicates, f.Reason)
				}
			}
			after := lift(b)
			if after.ExerciseNames != ingest.NamesConnect || before.ExerciseNames != "" || len(after.Sets) != len(before.Sets) || len(after.Sets) != 83 {
				t.Fatalf("names by %q, %d sets (FIT alone: %d)", after.ExerciseNames, len(after.Sets), len(before.Sets))
			}
			changed := map[int]ingest.Set{}
			for i := range after.Sets {
				a, o := after.Sets[i], before.Sets[i]
				// Timing and set types stay the FIT file's.
				if !a.Start.Equal(o.Start) || a.DurationS != o.DurationS || a.Type != o.Type {
					t.Errorf("set %d timing changed: %+v, was %+v", i, a, o)
				}
				if a.Exercise != o.Exercise || a.Reps != o.Reps || !sameKg(a.WeightKg, o.WeightKg) || a.Region != o.Region {
					changed[i] = a
				}
			}
			// The watch's guesses, as the FIT file has them.
			for i, was := range map[int]string{1: "", 35: "deadlift", 47: "triceps_extension", 79: "lunge"} {
				if before.Sets[i].Exercise != was {
					t.Errorf("FIT set %d: %q, want %q", i, before.Sets[i].Exercise, was)
				}
			}
			if before.Sets[79].Region != ingest.RegionLower || before.Sets[35].WeightKg != 76 {
				t.Errorf("FIT sets %+v %+v", before.Sets[79], before.Sets[35])
			}
			want := map[int]struct {
				ex     string
				region ingest.Region
				reps   int
				kg     float64
			}{
				1:  {"push_up", ingest.RegionUpper, 10, 0},                       // unnamed on the watch; Connect's -1 g keeps the FIT weight
				35: {"barbell_deadlift", ingest.RegionLower, 6, 80},              // corrected weight: 76 → 80 kg
				47: {"dumbbell_kickback", ingest.RegionUpper, 12, 0},             // no startTime: matched by duration and reps
				79: {"weighted_ghd_back_extensions", ingest.RegionUpper, 12, 15}, // a lunge to the watch: lower body → core
			}
			if len(changed) != len(want) {
				t.Errorf("%d sets changed, want %d (the Connect set at 12:30 matches nothing and is not added)", len(changed), len(want))
			}
			for i, w := range want {
				s, ok := changed[i]
				if !ok || s.Exercise != w.ex || s.Region != w.region || s.Reps != w.reps || s.WeightKg != w.kg {
					t.Errorf("set %d: %+v, want %+v", i, s, w)
				}
			}
		})
	}
}

// TestConnectSetsUnmatchedReported: a Connect set that matches no set of
// the FIT activity it duplicates (the one at 12:30, added in Connect) is
// not added, and its file says so: how many, which activity and set, and
// which kept file they matched nothing in.
func TestConnectSetsUnmatchedReported(t *testing.T) {
	opt := ingest.Options{Formats: []ingest.Format{fit.Format, Format}}
	for _, connect := range []string{connectSummaries, besideFIT} {
		t.Run(filepath.Base(connect), func(t *testing.T) {
			b, err := ingest.Import(context.Background(), []string{pairFIT, connect}, opt)
			if err != nil {
				t.Fatal(err)
			}
			seen := 0
			for _, f := range b.Files {
				if !strings.HasSuffix(f.Path, ".json") {
					if f.DroppedSets != 0 || strings.Contains(f.Reason, "matched no set") {
						t.Errorf("%s: %d dropped sets, %q", f.Path, f.DroppedSets, f.Reason)
					}
					continue
				}
				seen++
				for _, want := range []string{
					"1 Garmin Connect exercise set(s) matched no set of " + pairFIT + " and were dropped",
					"activity 1 (2025-10-20T10:21:30Z)",
					"set at 2025-10-20T12:30:00Z",
				} {
					if !strings.Contains(f.Reason, want) {
						t.Errorf("%s: reason %q lacks %q", f.Path, f.Reason, want)
					}
				}
				if f.DroppedSets != 1 {
					t.Errorf("%s: %d dropped sets, want 1", f.Path, f.DroppedSets)
				}
			}
			if seen != 1 {
				t.Fatalf("%d JSON file rows", seen)
			}
		})
	}
}
