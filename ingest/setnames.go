package ingest

import (
	"math"
	"time"
)

// NamesConnect is [Activity.ExerciseNames] for sets named in Garmin
// Connect: the exercise sets of the Connect activity, where the athlete
// corrects what the watch guessed.
const NamesConnect = "connect"

// SetMatchWindow is how far apart the start times of a recorded set and
// its Connect copy may be (Connect keeps the FIT set's start, to 0.1 s).
const SetMatchWindow = 2 * time.Second

// adoptSetNames gives the active sets of kept (a watch's FIT file, say)
// the exercise, region, repetitions and weight of the matching sets of
// from, a duplicate whose sets were named in Garmin Connect. kept's sets
// keep their timing and their rest sets. A Connect set matches the
// unmatched active set of kept that starts closest to it within
// [SetMatchWindow]; a Connect set without a start time matches the one
// active set of kept with its duration (to 0.01 s) and its repetitions,
// when there is exactly one. Connect sets that match nothing (added in
// Connect, or all of them when kept has no sets) are not added: it
// returns them with the number of sets renamed, so that they can be
// reported. A from that kept already has Connect names for (a second
// copy of the Connect sets) renames nothing and returns nothing.
func adoptSetNames(kept, from *Activity) (renamed int, unmatched []Set) {
	if from.ExerciseNames != NamesConnect || kept.ExerciseNames == NamesConnect {
		return 0, nil
	}
	used := make([]bool, len(kept.Sets))
	n := 0
	for _, f := range from.Sets {
		if f.Type != SetActive {
			continue
		}
		k := -1
		if !f.Start.IsZero() {
			best := SetMatchWindow + 1
			for i, s := range kept.Sets {
				if used[i] || s.Type != SetActive {
					continue
				}
				d := s.Start.Sub(f.Start)
				if d < 0 {
					d = -d
				}
				if d <= SetMatchWindow && d < best {
					k, best = i, d
				}
			}
		} else if Known(f.DurationS) {
			for i, s := range kept.Sets {
				if used[i] || s.Type != SetActive || !Known(s.DurationS) ||
					math.Abs(s.DurationS-f.DurationS) > 0.01 || (f.Reps >= 0 && s.Reps >= 0 && f.Reps != s.Reps) {
					continue
				}
				if k >= 0 {
					k = -2 // ambiguous
					break
				}
				k = i
			}
		}
		if k < 0 {
			unmatched = append(unmatched, f)
			continue
		}
		used[k] = true
		s := &kept.Sets[k]
		if f.Exercise != "" {
			s.Exercise, s.Region = f.Exercise, f.Region
		}
		if f.Reps >= 0 {
			s.Reps = f.Reps
		}
		if Known(f.WeightKg) {
			s.WeightKg = f.WeightKg
		}
		n++
	}
	if n > 0 {
		kept.ExerciseNames = NamesConnect
	}
	return n, unmatched
}
