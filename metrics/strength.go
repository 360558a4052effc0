package metrics

import (
	"math"
	"time"

	"gainguard/ingest"
)

// RepRanges are the rep maxima tracked for personal records: the heaviest
// weight lifted for at least 1, 3, 5, 8 and 10 reps.
var RepRanges = [5]int{1, 3, 5, 8, 10}

// HardSetMinRPE: a set logged below this RPE (five or more reps in
// reserve) is not a hard set; sets without an RPE are judged by reps
// alone ([HardSetMaxReps]). Hard sets are those taken near failure, the
// unit of the set-volume dose–response literature (Baz-Valle et al. 2022,
// J Hum Kinet 81:199–210; Pelland et al. 2024 count sets within about
// 4 RIR) [HEUR threshold].
const HardSetMinRPE = 6

// ExerciseSession is what one session did of one exercise: one row of
// strength.parquet.
type ExerciseSession struct {
	ActivityID string
	Athlete    string
	LocalDate  time.Time
	Exercise   string // as logged, normalized ("squat_barbell")
	Canonical  string // [CanonicalExercise] of Exercise
	Region     ingest.Region

	// Best set: the set with the highest e1RM; when no set gives one, the
	// heaviest working set (most reps among equals). NaN / -1 without one.
	BestWeightKg float64
	BestReps     int
	E1RMKg       float64 // NaN when no set gives an e1RM
	// E1RMMethod is the best set's method ([E1RMRPETable]…), or why no
	// set gave an e1RM (the best working set's reason, [E1RMOverReps]…).
	E1RMMethod string

	WorkSets    int     // active sets that are not warm-ups
	HardSets    int     // working sets with reps unknown or 1–HardSetMaxReps and no RPE under HardSetMinRPE
	WarmupSets  int     // logged warm-ups plus those found by the WarmupFraction rule
	DropSets    int     // logged drop sets (working sets: tonnage and hard sets, no e1RM or PR)
	FailureSets int     // logged failure sets (e1RM at RPE 10 when no RPE is logged)
	TonnageKg   float64 // Σ reps × kg over working sets with both known; NaN when none
	// RepMaxKg[i] is the heaviest weight of a working set (not a drop set)
	// of at least RepRanges[i] reps; NaN when none.
	RepMaxKg [5]float64
}

// StrengthSessions returns one [ExerciseSession] per exercise of a
// strength activity, in the order the exercises first appear. Rest sets
// and active sets without an exercise name are skipped. Warm-ups are the
// sets the log marks as such plus those the [WarmupFraction] rule finds;
// they count in no figure but WarmupSets.
func StrengthSessions(a *ingest.Activity, p Params) []ExerciseSession {
	warm := warmups(a.Sets)
	var out []ExerciseSession
	index := map[string]int{}
	for i, s := range a.Sets {
		if s.Type != ingest.SetActive || s.Exercise == "" {
			continue
		}
		k, ok := index[s.Exercise]
		if !ok {
			k = len(out)
			index[s.Exercise] = k
			r := s.Region
			if r == "" || r == ingest.RegionUnknown {
				r = ingest.RegionOf(s.Exercise)
			}
			out = append(out, ExerciseSession{
				ActivityID: activityID(a), Athlete: a.Athlete, LocalDate: localDate(a, a.Start, p),
				Exercise: s.Exercise, Canonical: CanonicalExercise(s.Exercise), Region: r,
				BestWeightKg: math.NaN(), BestReps: -1, E1RMKg: math.NaN(), TonnageKg: math.NaN(),
				RepMaxKg: [5]float64{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()},
			})
			if out[k].Athlete == "" {
				out[k].Athlete = p.Athlete
			}
		}
		out[k].add(s, warm[i])
	}
	return out
}

// add counts one active set into e.
func (e *ExerciseSession) add(s ingest.Set, warm bool) {
	if warm || s.Mark == ingest.MarkWarmup {
		e.WarmupSets++
		return
	}
	e.WorkSets++
	switch s.Mark {
	case ingest.MarkDrop:
		e.DropSets++
	case ingest.MarkFailure:
		e.FailureSets++
	}
	if (s.Reps < 0 || (s.Reps >= 1 && s.Reps <= HardSetMaxReps)) && !(s.RPE > 0 && s.RPE < HardSetMinRPE) {
		e.HardSets++
	}
	kg := s.WeightKg
	if s.Reps >= 0 && kg >= 0 {
		if math.IsNaN(e.TonnageKg) {
			e.TonnageKg = 0
		}
		e.TonnageKg += float64(s.Reps) * kg
	}
	if s.Mark == ingest.MarkDrop {
		return
	}
	for i, n := range RepRanges {
		if s.Reps >= n && kg > 0 && !(kg <= e.RepMaxKg[i]) {
			e.RepMaxKg[i] = kg
		}
	}
	v, method := SetE1RM(s, false)
	switch {
	case !math.IsNaN(v):
		if math.IsNaN(e.E1RMKg) || v > e.E1RMKg || (v == e.E1RMKg && kg > e.BestWeightKg) {
			e.E1RMKg, e.E1RMMethod, e.BestWeightKg, e.BestReps = v, method, kg, s.Reps
		}
	case math.IsNaN(e.E1RMKg):
		// No e1RM yet: keep the heaviest set (most reps among equals) and
		// its reason. Unknown weights lose to any known one.
		w := kg
		if math.IsNaN(w) {
			w = -1
		}
		best := e.BestWeightKg
		if math.IsNaN(best) {
			best = -1
		}
		if e.E1RMMethod == "" || w > best || (w == best && s.Reps > e.BestReps) {
			e.BestWeightKg, e.BestReps, e.E1RMMethod = kg, s.Reps, method
		}
	}
}
