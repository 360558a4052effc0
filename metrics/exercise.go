package metrics

import "gainguard/ingest"

// The main lifts: the canonical exercise names progress is tracked under
// for every athlete (docs/scoring.md "Canonical exercise names").
const (
	Squat         = "squat"
	Deadlift      = "deadlift"
	BenchPress    = "bench_press"
	OverheadPress = "overhead_press"
)

// MainLifts lists the main lifts in the order the report shows them.
var MainLifts = []string{Squat, Deadlift, BenchPress, OverheadPress}

// canonicalTable is the one table that maps the names lift apps and FIT
// give the main lifts, as [ingest.NormalizeName] leaves them ("Squat
// (Barbell)" → "squat_barbell"), to a canonical name. Only the barbell
// competition forms belong here: variations that move a different load
// (front squat, Romanian or trap-bar deadlift, incline or dumbbell bench,
// seated or dumbbell press) keep their own name, so that a switch of
// variation is not read as a gain or a loss.
//
// FIT set messages name an exercise category, not a variation: FIT's
// "squat", "deadlift", "bench_press" and "shoulder_press" categories map
// here as the main lift (a watch user logging goblet squats under the
// squat category is counted as squatting; docs say so).
var canonicalTable = map[string]string{
	// Squat: Strong and Hevy "Squat (Barbell)", FitNotes "Barbell Squat",
	// FIT category squat and exercise names back_squat, barbell_back_squat.
	"squat": Squat, "squat_barbell": Squat, "barbell_squat": Squat, "back_squat": Squat,
	"back_squat_barbell": Squat, "barbell_back_squat": Squat, "high_bar_squat": Squat,
	"low_bar_squat": Squat, "high_bar_squat_barbell": Squat, "low_bar_squat_barbell": Squat,
	// Deadlift: Strong and Hevy "Deadlift (Barbell)", FitNotes "Barbell
	// Deadlift", FIT category deadlift; sumo counts (a competition form).
	"deadlift": Deadlift, "deadlift_barbell": Deadlift, "barbell_deadlift": Deadlift,
	"conventional_deadlift": Deadlift, "sumo_deadlift": Deadlift, "sumo_deadlift_barbell": Deadlift,
	"barbell_sumo_deadlift": Deadlift,
	// Bench press: Strong and Hevy "Bench Press (Barbell)", FitNotes "Flat
	// Barbell Bench Press", FIT category bench_press.
	"bench_press": BenchPress, "bench_press_barbell": BenchPress, "barbell_bench_press": BenchPress,
	"flat_barbell_bench_press": BenchPress, "flat_bench_press": BenchPress, "flat_bench_press_barbell": BenchPress,
	// Overhead press: Strong and Hevy "Overhead Press (Barbell)", Strong
	// "Strict Military Press (Barbell)", FitNotes "Overhead Press", FIT
	// category shoulder_press and exercise name overhead_barbell_press.
	"overhead_press": OverheadPress, "overhead_press_barbell": OverheadPress, "barbell_overhead_press": OverheadPress,
	"overhead_barbell_press": OverheadPress, "military_press": OverheadPress, "military_press_barbell": OverheadPress,
	"strict_military_press_barbell": OverheadPress, "strict_military_press": OverheadPress,
	"standing_military_press": OverheadPress, "strict_press": OverheadPress, "ohp": OverheadPress,
	"standing_barbell_press": OverheadPress, "barbell_shoulder_press": OverheadPress,
	"shoulder_press_barbell": OverheadPress, "standing_overhead_press_barbell": OverheadPress,
	"shoulder_press": OverheadPress,
}

// CanonicalExercise returns the canonical name of an exercise given as
// logged or normalized ("Squat (Barbell)", "flat_barbell_bench_press"):
// a main lift's name from the table above, else the normalized name
// itself (so "Romanian Deadlift (Barbell)" stays
// "romanian_deadlift_barbell"). "" for an empty name.
func CanonicalExercise(name string) string {
	key := ingest.NormalizeName(name)
	if c, ok := canonicalTable[key]; ok {
		return c
	}
	return key
}

// IsMainLift reports whether canonical is one of [MainLifts].
func IsMainLift(canonical string) bool {
	switch canonical {
	case Squat, Deadlift, BenchPress, OverheadPress:
		return true
	}
	return false
}

// ExerciseLabel returns a canonical name for people: "bench_press" →
// "Bench press".
func ExerciseLabel(canonical string) string {
	b := []byte(canonical)
	for i, c := range b {
		if c == '_' {
			b[i] = ' '
		}
	}
	if len(b) > 0 && b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	return string(b)
}
