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
	named := watch()
	named.ExerciseNames = NamesConnect
	for _, tc := range []struct {
		name string
		kept *Activity // nil: the watch's sets
		from *Activity
		want []string // exercises of the watch's sets after
		n    int
		lost int // Connect sets matching no set, returned to be reported
	}{
		{"by start time", nil, connect(with(row, at(91))), []string{"lunge", "", "barbell_row", ""}, 1, 0},
		{"closest start wins", nil, connect(with(row, at(89.5))), []string{"lunge", "", "barbell_row", ""}, 1, 0},
		{"outside the window", nil, connect(with(row, at(93))), []string{"lunge", "", "lunge", ""}, 0, 1},
		{"rest sets are not renamed", nil, connect(with(row, at(31))), []string{"lunge", "", "lunge", ""}, 0, 1},
		// Two sets of 30 s and 8 reps: a set without a start cannot tell them apart.
		{"ambiguous without start", nil, connect(row), []string{"lunge", "", "lunge", ""}, 0, 1},
		{"unique without start", nil, connect(Set{Type: SetActive, Reps: 10, WeightKg: math.NaN(), Exercise: "push_up", DurationS: 25}),
			[]string{"lunge", "", "lunge", "push_up"}, 1, 0},
		{"one matches, one is new", nil, connect(with(row, at(91)), with(row, at(600)), Set{Type: SetRest, Start: at(620)}),
			[]string{"lunge", "", "barbell_row", ""}, 1, 1},
		{"not from Connect", nil, &Activity{Sets: []Set{with(row, at(0))}}, []string{"lunge", "", "lunge", ""}, 0, 0},
		{"kept has no sets", &Activity{}, connect(with(row, at(0)), with(row, at(90))), nil, 0, 2},
		// A second copy of the Connect sets: a duplicate, not new sets.
		{"kept already has Connect names", named, connect(with(row, at(91))), []string{"lunge", "", "lunge", ""}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := watch()
			if tc.kept != nil {
				w = tc.kept
			}
			n, lost := adoptSetNames(w, tc.from)
			if len(lost) != tc.lost {
				t.Errorf("%d sets returned unmatched, want %d: %+v", len(lost), tc.lost, lost)
			}
			for _, s := range lost {
				if s.Type != SetActive {
					t.Errorf("unmatched %+v is not an active set", s)
				}
			}
			for i, s := range w.Sets {
				if s.Exercise != tc.want[i] {
					t.Errorf("set %d: %q, want %q", i, s.Exercise, tc.want[i])
				}
			}
			if n != tc.n || (n > 0) != (w.ExerciseNames == NamesConnect) && tc.kept != named {
				t.Errorf("%d renamed (want %d), names by %q", n, tc.n, w.ExerciseNames)
			}
			if n > 0 && tc.name == "by start time" && (w.Sets[2].WeightKg != 62.5 || w.Sets[2].Region != RegionUpper || !w.Sets[2].Start.Equal(at(90))) {
				t.Errorf("renamed set %+v", w.Sets[2])
			}
		})
	}
}

func with(s Set, start time.Time) Set { s.Start = start; return s }
