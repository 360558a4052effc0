package ingest

import (
	"math"
	"testing"
	"time"
)

// TestAdoptSetNames: which recorded set a Connect set renames.
func TestAdoptSetNames(t *testing.T) {
	t0 := time.Date(2025, 10, 20, 10, 0, 0, 0, time.UTC)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	watch := func() *Activity {
		return &Activity{Sets: []Set{
			{Start: at(0), DurationS: 30, Type: SetActive, Reps: 8, WeightKg: 60, Exercise: "lunge", Region: RegionLower},
			{Start: at(30), DurationS: 60, Type: SetRest, Reps: -1, WeightKg: math.NaN()},
			{Start: at(90), DurationS: 30, Type: SetActive, Reps: 8, WeightKg: 60, Exercise: "lunge", Region: RegionLower},
			{Start: at(120), DurationS: 25, Type: SetActive, Reps: 10, WeightKg: 0},
		}}
	}
	connect := func(sets ...Set) *Activity { return &Activity{Sets: sets, ExerciseNames: NamesConnect} }
	row := Set{Type: SetActive, Reps: 8, WeightKg: 62.5, Exercise: "barbell_row", Region: RegionUpper, DurationS: 30}
	for _, tc := range []struct {
		name string
		from *Activity
		want []string // exercises of the watch's sets after
		n    int
	}{
		{"by start time", connect(with(row, at(91))), []string{"lunge", "", "barbell_row", ""}, 1},
		{"closest start wins", connect(with(row, at(89.5))), []string{"lunge", "", "barbell_row", ""}, 1},
		{"outside the window", connect(with(row, at(93))), []string{"lunge", "", "lunge", ""}, 0},
		{"rest sets are not renamed", connect(with(row, at(31))), []string{"lunge", "", "lunge", ""}, 0},
		// Two sets of 30 s and 8 reps: a set without a start cannot tell them apart.
		{"ambiguous without start", connect(row), []string{"lunge", "", "lunge", ""}, 0},
		{"unique without start", connect(Set{Type: SetActive, Reps: 10, WeightKg: math.NaN(), Exercise: "push_up", DurationS: 25}),
			[]string{"lunge", "", "lunge", "push_up"}, 1},
		{"not from Connect", &Activity{Sets: []Set{with(row, at(0))}}, []string{"lunge", "", "lunge", ""}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := watch()
			n := adoptSetNames(w, tc.from)
			for i, s := range w.Sets {
				if s.Exercise != tc.want[i] {
					t.Errorf("set %d: %q, want %q", i, s.Exercise, tc.want[i])
				}
			}
			if n != tc.n || (n > 0) != (w.ExerciseNames == NamesConnect) {
				t.Errorf("%d renamed (want %d), names by %q", n, tc.n, w.ExerciseNames)
			}
			if n > 0 && tc.name == "by start time" && (w.Sets[2].WeightKg != 62.5 || w.Sets[2].Region != RegionUpper || !w.Sets[2].Start.Equal(at(90))) {
				t.Errorf("renamed set %+v", w.Sets[2])
			}
		})
	}
}

func with(s Set, start time.Time) Set { s.Start = start; return s }
