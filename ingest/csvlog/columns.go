package csvlog

import (
	"fmt"
	"sort"
	"strings"

	"gainguard/ingest"
)

// columns indexes a header by normalized column name ("Weight (kg)" →
// "weight_kg", "Body Fat %" → "body_fat").
type columns struct {
	idx    map[string]int
	header []string
}

func newColumns(header []string) columns {
	c := columns{idx: make(map[string]int, len(header)), header: header}
	for i, h := range header {
		k := ingest.NormalizeName(strings.Trim(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), `"'`))
		if k == "" {
			continue
		}
		if _, dup := c.idx[k]; !dup {
			c.idx[k] = i
		}
	}
	return c
}

// find returns the index of the first of names present, or -1.
func (c columns) find(names ...string) int {
	for _, n := range names {
		if i, ok := c.idx[n]; ok {
			return i
		}
	}
	return -1
}

func (c columns) has(names ...string) bool { return c.find(names...) >= 0 }

// Column names (normalized) accepted for each quantity.
var (
	kcalNames      = []string{"kcal", "calories", "energy_kcal", "energy", "calories_kcal", "kilocalories"}
	proteinNames   = []string{"protein_g", "protein", "proteins_g", "proteins"}
	carbsNames     = []string{"carbs_g", "carbs", "carbohydrate_g", "carbohydrates_g", "carbohydrate", "carbohydrates", "carbohydrates_total_g"}
	runCarbsNames  = []string{"run_carbs_g", "run_carbs", "run_carbohydrates_g"}
	bodyMassNames  = []string{"weight_kg", "weight_lbs", "weight_lb", "weight", "body_weight", "bodyweight", "body_weight_kg", "body_mass_kg", "mass_kg", "body_weight_lbs"}
	bodyFatNames   = []string{"body_fat_pct", "body_fat", "fat_pct", "body_fat_percent", "fat_percent", "fat", "bodyfat"}
	fatMassNames   = []string{"fat_mass_kg", "fat_mass"}
	muscleNames    = []string{"muscle_kg", "muscle_mass_kg", "muscle_mass", "muscle", "muscle_lbs", "muscle_mass_lbs"}
	dateTimeNames  = []string{"date", "datetime", "date_time", "timestamp", "time_stamp"}
	exerciseMarker = []string{"exercise", "exercise_name", "exercise_title", "reps"}
)

func detect(c columns) Kind {
	switch {
	case c.has("activity_id") && c.has("activity_date") && c.has("activity_type"):
		return StravaActivities
	case c.has("exercise_title") && c.has("start_time"):
		return Hevy
	case c.has("exercise_name") && c.has("date") && c.has("set_order"):
		return Strong
	case c.has("date") && c.has("exercise") && c.has("category") && c.has("reps"):
		return FitNotes
	case c.has("date") && c.has("meal") && c.has("calories"):
		return MyFitnessPal
	case c.has("date") && c.has("exercise") && c.has("exercise_calories") && c.has("exercise_minutes"):
		return MyFitnessPalExercise
	case isFitbod(c):
		return Fitbod
	case c.has("day") && c.has("food_name") && c.has("energy_kcal"):
		return CronometerServings
	case c.has("date") && c.has("energy_kcal") && c.has("completed"):
		return CronometerDaily
	case c.has("date") && c.has("exercise", "exercise_name") && c.has("reps"):
		return GenericLift
	case c.has("exercise", "exercise_name", "exercise_title", "reps"):
		return Unknown
	case c.has("date") && c.has(kcalNames...) || c.has("date") && (c.has(proteinNames...) || c.has(carbsNames...)) && !c.has(bodyMassNames...):
		return Food
	case c.has(dateTimeNames...) && c.has(bodyMassNames...):
		return Body
	}
	return Unknown
}

// row is one data record and its line in the file.
type row struct {
	line int
	f    []string
}

// get returns field i of r, trimmed ("" when i < 0 or the row is short).
func (r row) get(i int) string {
	if i < 0 || i >= len(r.f) {
		return ""
	}
	return strings.TrimSpace(r.f[i])
}

// reader holds what decoding one file accumulates besides its results.
type reader struct {
	kind      Kind
	cols      columns
	semicolon bool
	notes     []string

	skips         map[string][]int // reason → lines
	firstSkip     string
	firstSkipLine int
	firstErr      *FormatError // first malformed-CSV error

	exercises map[exerciseKey]exercise
	liftUnit  string // unit of unit-less lift weights (unit.go)
}

func (rd *reader) skip(line int, reason string) {
	if rd.firstSkip == "" {
		rd.firstSkip, rd.firstSkipLine = reason, line
	}
	rd.skips[reason] = append(rd.skips[reason], line)
}

func (rd *reader) note(format string, args ...any) {
	rd.notes = append(rd.notes, fmt.Sprintf(format, args...))
}

// skipNotes summarizes skipped rows, one note per reason, most frequent
// first: "3 rows skipped: unreadable weight on lines 12, 40, 41".
func (rd *reader) skipNotes() []string {
	reasons := make([]string, 0, len(rd.skips))
	for r := range rd.skips {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		a, b := reasons[i], reasons[j]
		if len(rd.skips[a]) != len(rd.skips[b]) {
			return len(rd.skips[a]) > len(rd.skips[b])
		}
		return a < b
	})
	var out []string
	for _, r := range reasons {
		lines := rd.skips[r]
		var ls []string
		for i, l := range lines {
			if i == 10 {
				ls = append(ls, fmt.Sprintf("… (%d more)", len(lines)-10))
				break
			}
			ls = append(ls, fmt.Sprint(l))
		}
		word, on := "rows", "lines"
		if len(lines) == 1 {
			word, on = "row", "line"
		}
		out = append(out, fmt.Sprintf("%d %s skipped: %s on %s %s", len(lines), word, r, on, strings.Join(ls, ", ")))
	}
	return out
}

// number reads field i as a number; ok is false for an empty or
// unreadable field. present tells the two apart.
func (rd *reader) number(r row, i int) (v float64, unit string, present, ok bool) {
	s := r.get(i)
	switch strings.ToLower(s) {
	case "", "-", "—", "–", "n/a", "na", "null", "none", "nan":
		return 0, "", false, false // placeholders for "not logged"
	}
	v, unit, ok = parseNumber(s, rd.semicolon)
	return v, unit, true, ok
}
