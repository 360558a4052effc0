package csvlog

import (
	"math"
	"sort"
	"strings"
	"time"

	"gainguard/ingest"
)

// maxWorkoutS bounds a workout's duration; longer ones are taken as
// unknown (a timer left running), with a note.
const maxWorkoutS = 12 * 3600

// liftCols are the column indexes of a lift log (-1 when absent).
type liftCols struct {
	date, clock, workout, workoutNo, duration, exercise, category  int
	setOrder, setType, weight, weightUnit, reps, distance, seconds int
	rpe, rir, start, end                                           int
	multiplier, warmup                                             int // Fitbod (see fitbod.go); -1 when absent
	durationSec                                                    bool
	weightFactor                                                   float64 // from the header; 0: per row (unit column or suffix) or kg
}

func (rd *reader) liftColumns() liftCols {
	c := rd.cols
	lc := liftCols{
		date: c.find("date"), clock: c.find("time", "start_time_of_day"),
		workout: c.find("workout_name", "title", "workout", "session", "routine"), workoutNo: -1,
		duration: c.find("duration_sec", "duration_seconds_workout", "duration", "duration_min"),
		exercise: c.find("exercise_name", "exercise_title", "exercise"), category: c.find("category"),
		setOrder: c.find("set_order", "set_index", "set"), setType: c.find("set_type", "type"),
		weight: -1, weightUnit: c.find("weight_unit", "unit", "units"), reps: c.find("reps", "repetitions"),
		distance: c.find("distance", "distance_km", "distance_miles", "distance_meters", "distance_m"),
		seconds:  c.find("seconds", "duration_seconds"), rpe: c.find("rpe"), rir: c.find("rir", "reps_in_reserve"),
		start: c.find("start_time"), end: c.find("end_time"),
		multiplier: -1, warmup: -1,
	}
	lc.durationSec = c.has("duration_sec")
	switch {
	case c.has("weight_kg"):
		lc.weight, lc.weightFactor = c.find("weight_kg"), 1
	case c.has("weight_lbs", "weight_lb"):
		lc.weight, lc.weightFactor = c.find("weight_lbs", "weight_lb"), lbsToKg
	default:
		lc.weight = c.find("weight", "load", "weight_used")
	}
	switch rd.kind {
	case Strong:
		lc.workoutNo = c.find("workout")
		lc.workout = c.find("workout_name")
		lc.setType = -1
		lc.clock = -1
	case Hevy:
		lc.date, lc.workout, lc.duration, lc.clock, lc.setOrder = -1, c.find("title"), -1, -1, -1
	case FitNotes:
		lc.workout, lc.clock, lc.seconds = -1, -1, c.find("time")
		lc.duration = -1
	case GenericLift:
		lc.workout = c.find("workout", "workout_name", "session", "routine")
		lc.duration = -1
	case Fitbod:
		fitbodColumns(c, &lc)
	}
	return lc
}

// exerciseKey and exercise cache a file's exercise names: exports repeat
// a handful of names thousands of times.
type exerciseKey struct{ name, category string }

type exercise struct {
	name   string
	region ingest.Region
}

type liftSession struct {
	key       string
	line      int // first row
	start     wallClock
	precision ingest.Precision
	name      string
	elapsedS  float64 // 0 when unknown
	sets      []ingest.Set
}

// liftStats counts what the notes report.
type liftStats struct {
	warmup, drop, failure, rest int
	assisted                    int
	lbs, assumedKg              int
	longDurations               int
	cardio                      int
	perSide                     int // Fitbod weights per dumbbell or side, multiplied
	cardioSessions              int // Fitbod sessions of cardio rows only
}

// lifts turns the rows of a lift log into one activity per workout.
func (rd *reader) lifts(rows []row) []ingest.Activity {
	lc := rd.liftColumns()
	var st liftStats
	sessions := rd.liftSessions(rows, &lc, &st)
	sort.SliceStable(sessions, func(i, j int) bool {
		if !sessions[i].start.t.Equal(sessions[j].start.t) {
			return sessions[i].start.t.Before(sessions[j].start.t)
		}
		return sessions[i].line < sessions[j].line
	})
	acts := make([]ingest.Activity, 0, len(sessions))
	for i, s := range sessions {
		acts = append(acts, rd.liftActivity(i, s, &st))
	}
	rd.liftNotes(&st)
	return acts
}

// dateCache remembers a file's parsed dates: a workout's date or start
// time repeats on every one of its rows.
type dateCache map[string]wallClock

// parse is [parseDateTime], remembered when it succeeds.
func (c dateCache) parse(s string) (wallClock, bool) {
	if w, ok := c[s]; ok {
		return w, true
	}
	w, ok := parseDateTime(s)
	if ok {
		c[s] = w
	}
	return w, ok
}

// liftSessions groups the rows' sets into workouts, in the order of their
// first rows, skipping (with the reason) a row whose workout start or set
// cannot be read; sets whose weight has no unit get one (unit.go).
func (rd *reader) liftSessions(rows []row, lc *liftCols, st *liftStats) []*liftSession {
	byKey := map[string]*liftSession{}
	var order []*liftSession
	var unitless []setRef // sets whose weight had no unit (unit.go)
	dates := dateCache{}
	for _, r := range rows {
		start, key, precision, reason := rd.sessionStart(r, lc, dates.parse)
		if reason != "" {
			rd.skip(r.line, reason)
			continue
		}
		assumedBefore := st.assumedKg
		set, reason := rd.liftSet(r, lc, st)
		if reason != "" {
			rd.skip(r.line, reason)
			continue
		}
		s := byKey[key]
		if s == nil {
			s = &liftSession{key: key, line: r.line, start: start, precision: precision, name: r.get(lc.workout)}
			s.elapsedS = rd.sessionDuration(r, lc, start, st, dates.parse)
			byKey[key] = s
			order = append(order, s)
		}
		s.sets = append(s.sets, set)
		if st.assumedKg > assumedBefore {
			unitless = append(unitless, setRef{s, len(s.sets) - 1})
		}
	}
	rd.resolveLiftUnit(unitless, st)
	return order
}

// sessionStart reads when a row's workout started, and the key its rows
// share, or says why the row is skipped. Hevy rows give the workout's
// start_time; other logs a date, maybe with a time column, and key a
// workout by its number (Strong) or its start and name. A date without a
// time, and every FitNotes date, is the day at noon (PrecisionDate).
func (rd *reader) sessionStart(r row, lc *liftCols, parseDate func(string) (wallClock, bool)) (start wallClock, key string, precision ingest.Precision, reason string) {
	if rd.kind == Hevy {
		s := r.get(lc.start)
		w, ok := parseDate(s)
		if !ok {
			return wallClock{}, "", "", "unreadable start_time"
		}
		return w, r.get(lc.workout) + "\x00" + s, ingest.PrecisionExact, ""
	}
	w, ok := parseDate(r.get(lc.date))
	if !ok {
		return wallClock{}, "", "", "unreadable date"
	}
	if lc.clock >= 0 && r.get(lc.clock) != "" && !w.hasTime {
		h, m, sec, ok := parseClock(r.get(lc.clock))
		if !ok {
			return wallClock{}, "", "", "unreadable time"
		}
		w.t = time.Date(w.t.Year(), w.t.Month(), w.t.Day(), h, m, sec, 0, time.UTC)
		w.hasTime = true
	}
	precision = ingest.PrecisionExact
	if !w.hasTime || rd.kind == FitNotes {
		w.t = time.Date(w.t.Year(), w.t.Month(), w.t.Day(), 12, 0, 0, 0, time.UTC)
		w.hasTime, w.hasZone, w.offsetS = false, false, 0
		precision = ingest.PrecisionDate
	}
	if lc.workoutNo >= 0 && r.get(lc.workoutNo) != "" {
		return w, "#" + r.get(lc.workoutNo), precision, ""
	}
	return w, w.t.Format(time.RFC3339) + "\x00" + r.get(lc.workout), precision, ""
}

// liftActivity is workout s as the file's i-th activity, its sets spread
// evenly over the workout (see the package doc).
func (rd *reader) liftActivity(i int, s *liftSession, st *liftStats) ingest.Activity {
	a := ingest.Activity{
		RPE:    math.NaN(), // not logged
		Format: "csv", Index: i, Kind: ingest.KindLift, Sport: "training", SubSport: "strength_training",
		Name: s.name, Start: s.start.t, Precision: s.precision, Floating: !s.start.hasZone,
		ElapsedS: s.elapsedS, TimerS: s.elapsedS,
		DistanceM: math.NaN(), Calories: math.NaN(), AvgHR: math.NaN(), MaxHR: math.NaN(),
		Sets: s.sets,
	}
	if s.start.hasZone {
		a.HasTZ, a.TZOffsetS = true, s.start.offsetS
	}
	n := len(a.Sets)
	for j := range a.Sets {
		a.Sets[j].Start = a.Start.Add(time.Duration(float64(j) * s.elapsedS / float64(n) * float64(time.Second)))
	}
	if rd.kind == Fitbod {
		fitbodCardio(&a, st)
	}
	return a
}

// sessionDuration reads a workout's duration from its first row.
func (rd *reader) sessionDuration(r row, lc *liftCols, start wallClock, st *liftStats, parseDate func(string) (wallClock, bool)) float64 {
	var d float64
	var ok bool
	switch {
	case rd.kind == Hevy:
		end, eok := parseDate(r.get(lc.end))
		if eok && end.hasZone == start.hasZone {
			d, ok = end.t.Sub(start.t).Seconds(), true
		}
	case lc.duration >= 0:
		d, ok = parseDuration(r.get(lc.duration), lc.durationSec, rd.semicolon)
	}
	if !ok || !(d >= 0) {
		return 0
	}
	if d > maxWorkoutS {
		st.longDurations++
		return 0
	}
	return d
}

// liftSet reads one row's set, or says why the row is skipped.
func (rd *reader) liftSet(r row, lc *liftCols, st *liftStats) (ingest.Set, string) {
	name := r.get(lc.exercise)
	if name == "" {
		return ingest.Set{}, "no exercise name"
	}
	set := ingest.Set{Type: ingest.SetActive, Reps: -1, WeightKg: math.NaN(), DurationS: math.NaN(), RPE: math.NaN()}
	cat := r.get(lc.category)
	ck := exerciseKey{name, cat}
	ex, ok := rd.exercises[ck]
	if !ok {
		ex.name = ingest.NormalizeName(name)
		if ex.name == "" {
			ex.name = strings.ToLower(name)
		}
		ex.region = ingest.RegionOf(name)
		if ex.region == ingest.RegionUnknown && cat != "" {
			ex.region = categoryRegion(cat)
		}
		if rd.exercises == nil {
			rd.exercises = map[exerciseKey]exercise{}
		}
		rd.exercises[ck] = ex
	}
	set.Exercise, set.Region = ex.name, ex.region

	// Set type: Strong's Set Order ("W", "D", "F", "Rest Timer"), Hevy's
	// set_type, or the generic set column.
	kind := strings.ToLower(r.get(lc.setType))
	if o := strings.ToLower(r.get(lc.setOrder)); o != "" {
		if _, _, ok := parseNumber(o, false); !ok {
			kind = o
		}
	}
	if lc.warmup >= 0 && strings.EqualFold(r.get(lc.warmup), "true") {
		kind = "warmup"
	}
	switch kind {
	case "w", "warmup", "warm-up", "warm_up", "warm up":
		st.warmup++
		set.Mark = ingest.MarkWarmup
	case "d", "dropset", "drop", "drop set", "drop_set":
		st.drop++
		set.Mark = ingest.MarkDrop
	case "f", "failure":
		st.failure++
		set.Mark = ingest.MarkFailure
	case "rest timer", "rest", "r":
		set.Type = ingest.SetRest
		set.Exercise, set.Region = "", ingest.RegionUnknown
	}

	reps, _, repsPresent, repsOK := rd.number(r, lc.reps)
	if repsPresent && (!repsOK || reps < 0 || reps > 10000) {
		return ingest.Set{}, "unreadable reps"
	}
	kg, wPresent, wOK := rd.weightKg(r, lc, st)
	if wPresent && !wOK {
		return ingest.Set{}, "unreadable weight"
	}
	secs, _, _, sOK := rd.number(r, lc.seconds)
	if !sOK || secs < 0 {
		secs = 0
	}
	if rd.kind == FitNotes && lc.seconds >= 0 && r.get(lc.seconds) != "" {
		secs, sOK = parseDuration(r.get(lc.seconds), true, rd.semicolon)
		if !sOK {
			secs = 0
		}
	}
	dist, _, _, dOK := rd.number(r, lc.distance)
	if !dOK || dist < 0 {
		dist = 0
	}
	if rpe, _, _, ok := rd.number(r, lc.rpe); ok && rpe > 0 && rpe <= 10 {
		set.RPE = rpe
	} else if rir, _, present, ok := rd.number(r, lc.rir); present && ok && rir >= 0 && rir <= 9 {
		set.RPE = 10 - rir // reps in reserve: RPE = 10 − RIR (Zourdos et al. 2016)
	}

	if set.Type == ingest.SetRest {
		if secs > 0 {
			set.DurationS = secs
		}
		st.rest++
		return set, ""
	}
	if secs > 0 {
		set.DurationS = secs
	}
	if repsOK {
		set.Reps = int(math.Round(reps))
	}
	if wOK {
		set.WeightKg = rd.perSide(r, lc, kg, st)
	}
	noLoad := !wOK || kg == 0
	noReps := !repsOK || set.Reps == 0
	switch {
	case noLoad && noReps && (secs > 0 || dist > 0):
		// Cardio (or a timed hold): no tonnage.
		set.Reps, set.WeightKg = -1, math.NaN()
		st.cardio++
	case !wOK && !repsOK && secs == 0 && dist == 0:
		return ingest.Set{}, "empty set (no weight, reps, time or distance)"
	}
	return set, ""
}

// weightKg reads a row's weight in kg. present is false for an empty
// field; ok is false when the field cannot be read.
func (rd *reader) weightKg(r row, lc *liftCols, st *liftStats) (kg float64, present, ok bool) {
	v, suffix, present, ok := rd.number(r, lc.weight)
	if !present || !ok {
		return 0, present, ok
	}
	factor := lc.weightFactor
	if factor == 0 {
		unit := r.get(lc.weightUnit)
		if unit == "" {
			unit = suffix
		}
		if unit != "" {
			f, known := weightFactor(unit)
			if !known {
				return 0, true, false
			}
			factor = f
		} else {
			factor = 1
			st.assumedKg++
		}
	}
	if factor != 1 {
		st.lbs++
	}
	kg = v * factor
	if kg < 0 {
		st.assisted++
		kg = 0
	}
	if kg > 2000 {
		return 0, true, false
	}
	return kg, true, true
}

func (rd *reader) liftNotes(st *liftStats) {
	if st.lbs > 0 {
		rd.note("%d weights in lbs converted to kg", st.lbs)
	}
	if st.assumedKg > 0 {
		rd.note("%d weights without a unit read as kg", st.assumedKg)
	}
	if n := st.warmup + st.drop + st.failure; n > 0 {
		rd.note("%d warm-up, %d drop and %d failure sets kept as active sets, marked as such", st.warmup, st.drop, st.failure)
	}
	if st.rest > 0 {
		rd.note("%d rest-timer rows kept as rest sets", st.rest)
	}
	if st.cardio > 0 {
		rd.note("%d cardio or timed rows kept as sets without reps or weight", st.cardio)
	}
	if st.assisted > 0 {
		rd.note("%d negative (assisted) weights stored as 0", st.assisted)
	}
	if st.perSide > 0 {
		rd.note("%d weights per dumbbell or side multiplied by Fitbod's multiplier (the set's load is the total)", st.perSide)
	}
	if st.cardioSessions > 0 {
		rd.note("%d sessions of cardio rows only read as cardio, not lifts", st.cardioSessions)
	}
	if st.longDurations > 0 {
		rd.note("%d workout durations over %d h taken as unknown", st.longDurations, maxWorkoutS/3600)
	}
}

// categoryRegion maps a FitNotes (or similar) exercise category to a body
// region, for exercises whose names do not tell.
func categoryRegion(cat string) ingest.Region {
	switch ingest.NormalizeName(cat) {
	case "legs", "leg", "quads", "quadriceps", "hamstrings", "glutes", "calves", "lower_body", "adductors", "abductors":
		return ingest.RegionLower
	case "chest", "back", "shoulders", "arms", "biceps", "triceps", "forearms", "core", "abs", "abdominals",
		"upper_body", "lats", "traps", "neck":
		return ingest.RegionUpper
	case "full_body", "olympic", "olympic_lifts", "crossfit", "total_body":
		return ingest.RegionFull
	}
	return ingest.RegionUnknown
}
