package csvlog

import (
	"math"

	"gainguard/ingest"
)

// Fitbod's export (Settings → Export workout data → WorkoutExport.csv):
//
//	Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier
//
// One row per set, newest workout first; every set of a workout carries
// the workout's time, "YYYY-MM-DD HH:MM:SS +0000" (always UTC, so the
// start is a real instant, not a wall clock). Reps and multiplier have a
// leading space (" 8", " 2.0"). Weight(kg) is the weight per dumbbell (or
// per side) when multiplier is 2.0: the set's load is weight × multiplier.
// Cardio rows have Reps 0, weight 0, multiplier 0.0 and a Duration(s) and
// Distance(m); a workout of cardio rows only is a cardio activity (its
// exercise gives the sport), not a lift. isWarmup "true" marks warm-up
// sets. Empty lines between workouts are ignored.

// isFitbod recognizes Fitbod's header.
func isFitbod(c columns) bool {
	return c.has("date") && c.has("exercise") && c.has("reps") && c.has("multiplier") && c.has("iswarmup")
}

func fitbodColumns(c columns, lc *liftCols) {
	lc.workout, lc.duration, lc.clock, lc.setOrder, lc.setType, lc.category = -1, -1, -1, -1, -1, -1
	lc.seconds = c.find("duration_s")
	lc.distance = c.find("distance_m")
	lc.multiplier = c.find("multiplier")
	lc.warmup = c.find("iswarmup")
}

// perSide multiplies a Fitbod per-dumbbell (per-side) weight by the row's
// multiplier; other dialects' weights are returned as they are.
func (rd *reader) perSide(r row, lc *liftCols, kg float64, st *liftStats) float64 {
	if lc.multiplier < 0 || kg <= 0 {
		return kg
	}
	m, _, _, ok := rd.number(r, lc.multiplier)
	if !ok || m <= 1 || m > 10 {
		return kg
	}
	st.perSide++
	return kg * m
}

// fitbodCardio turns a workout whose sets are all cardio rows into a
// cardio activity: its sport from the (first) exercise, its duration the
// sum of the rows' durations.
func fitbodCardio(a *ingest.Activity, st *liftStats) {
	var secs float64
	for _, s := range a.Sets {
		if s.Reps != -1 || !math.IsNaN(s.WeightKg) || s.Type != ingest.SetActive {
			return
		}
		if ingest.Known(s.DurationS) {
			secs += s.DurationS
		}
	}
	if len(a.Sets) == 0 {
		return
	}
	sport := a.Sets[0].Exercise
	switch sport {
	case "cycling", "stationary_bike", "bike", "indoor_cycling", "assault_bike":
		a.Sport, a.SubSport = "cycling", "indoor_cycling"
	case "running", "treadmill", "treadmill_running":
		a.Sport, a.SubSport = "running", "treadmill"
	case "rowing", "rowing_machine", "row":
		a.Sport, a.SubSport = "rowing", "indoor_rowing"
	case "elliptical", "elliptical_trainer":
		a.Sport, a.SubSport = "fitness_equipment", "elliptical"
	case "stair_stepper", "stair_climber", "stairmaster":
		a.Sport, a.SubSport = "fitness_equipment", "stair_climbing"
	case "walking", "treadmill_walking":
		a.Sport, a.SubSport = "walking", ""
	case "hiking":
		a.Sport, a.SubSport = "hiking", ""
	default:
		a.Sport, a.SubSport = "training", "cardio_training"
	}
	a.Kind = ingest.Classify(a.Sport, a.SubSport, false)
	a.Sets = nil
	if secs > 0 && secs <= maxWorkoutS {
		a.ElapsedS, a.TimerS = secs, secs
	}
	st.cardioSessions++
}
