package ingest

import "strings"

// regionTable maps exercise names and FIT exercise categories (lower
// snake_case, as in the FIT profile's exercise_category type) to the body
// region they load. It is the single table used for FIT set messages and
// for lift-app exercise names; docs/scoring.md documents it.
//
// Lower or full-body lifts get the full muscle-overlap factor against
// running (science.md R5); upper-body lifts get a reduced one.
var regionTable = map[string]Region{
	// lower body
	"squat": RegionLower, "lunge": RegionLower, "deadlift": RegionLower,
	"leg_press": RegionLower, "leg_curl": RegionLower, "leg_extension": RegionLower,
	"calf_raise": RegionLower, "hip_raise": RegionLower, "hip_thrust": RegionLower,
	"hip_stability": RegionLower, "hip_swing": RegionLower, "step_up": RegionLower,
	"split_squat": RegionLower, "romanian_deadlift": RegionLower, "good_morning": RegionLower,
	"glute_bridge": RegionLower, "hack_squat": RegionLower, "box_jump": RegionLower,
	"plyo": RegionLower, "kettlebell_swing": RegionLower,
	// upper body
	"bench_press": RegionUpper, "shoulder_press": RegionUpper, "overhead_press": RegionUpper,
	"row": RegionUpper, "pull_up": RegionUpper, "chin_up": RegionUpper, "push_up": RegionUpper,
	"curl": RegionUpper, "flye": RegionUpper, "lateral_raise": RegionUpper,
	"triceps_extension": RegionUpper, "shrug": RegionUpper, "shoulder_stability": RegionUpper,
	"lat_pulldown": RegionUpper, "dip": RegionUpper, "chest_press": RegionUpper,
	"face_pull": RegionUpper, "military_press": RegionUpper,
	// full body
	"olympic_lift": RegionFull, "total_body": RegionFull, "clean": RegionFull,
	"snatch": RegionFull, "thruster": RegionFull, "burpee": RegionFull, "carry": RegionFull,
	"clean_and_jerk": RegionFull, "power_clean": RegionFull, "farmers_walk": RegionFull,
	// core and others: no leg overlap to speak of, region unknown on purpose
	// would over-penalize; count them as upper (low overlap).
	"core": RegionUpper, "crunch": RegionUpper, "plank": RegionUpper, "sit_up": RegionUpper,
	"chop": RegionUpper, "hyperextension": RegionUpper, "leg_raise": RegionUpper,
}

// regionKeywords are substrings tried in order on free-text exercise names
// ("Squat (Barbell)", "Bulgarian Split Squat") when no exact entry matches.
// Earlier entries win, so the more specific ones come first. Words that
// occur inside others are avoided ("chin" is in "machine": "chin up" is
// used instead). Cardio names come first and give RegionUnknown, so that a
// "Rowing Machine" or "Stair Machine" row is no upper-body lift.
var regionKeywords = []struct {
	word   string
	region Region
}{
	// Cardio logged in lift apps (Strong, Hevy, FitNotes): no strength region.
	{"treadmill", RegionUnknown}, {"running", RegionUnknown}, {"rowing machine", RegionUnknown},
	{"rower", RegionUnknown}, {"stair", RegionUnknown}, {"elliptical", RegionUnknown},
	{"cycling", RegionUnknown}, {"bike", RegionUnknown}, {"jump rope", RegionUnknown},
	{"swimming", RegionUnknown}, {"warm up", RegionUnknown}, {"aerobics", RegionUnknown},
	{"walking", RegionUnknown},
	{"clean", RegionFull}, {"snatch", RegionFull}, {"thruster", RegionFull}, {"burpee", RegionFull},
	{"farmer", RegionFull}, {"jerk", RegionFull}, {"carry", RegionFull},
	{"sled", RegionLower}, {"abduction", RegionLower}, {"adduction", RegionLower}, {"hip ", RegionLower},
	{"deadlift", RegionLower}, {"squat", RegionLower}, {"lunge", RegionLower}, {"leg press", RegionLower},
	{"leg curl", RegionLower}, {"leg extension", RegionLower}, {"calf", RegionLower},
	{"hip thrust", RegionLower}, {"glute", RegionLower}, {"step up", RegionLower}, {"step-up", RegionLower},
	{"good morning", RegionLower}, {"swing", RegionLower}, {"box jump", RegionLower},
	{"bench", RegionUpper}, {"press", RegionUpper}, {"row", RegionUpper}, {"pull", RegionUpper},
	{"chin up", RegionUpper}, {"chin-up", RegionUpper}, {"chinup", RegionUpper}, {"muscle up", RegionUpper},
	{"skull", RegionUpper}, {"crossover", RegionUpper}, {"pec deck", RegionUpper}, {"extension", RegionUpper},
	{"twist", RegionUpper}, {"side bend", RegionUpper}, {"dragon flag", RegionUpper}, {"push", RegionUpper}, {"curl", RegionUpper}, {"fly", RegionUpper},
	{"flye", RegionUpper}, {"raise", RegionUpper}, {"tricep", RegionUpper}, {"shrug", RegionUpper},
	{"dip", RegionUpper}, {"crunch", RegionUpper}, {"plank", RegionUpper}, {"sit up", RegionUpper},
}

// RegionOf returns the body region of an exercise, given either a FIT
// exercise category ("bench_press") or a free-text name ("Squat (Barbell)").
// Unrecognized names give RegionUnknown.
func RegionOf(exercise string) Region {
	key := NormalizeName(exercise)
	if r, ok := regionTable[key]; ok {
		return r
	}
	text := strings.ToLower(exercise)
	text = strings.ReplaceAll(text, "_", " ")
	for _, k := range regionKeywords {
		if strings.Contains(text, k.word) {
			return k.region
		}
	}
	return RegionUnknown
}

// NormalizeName lower-cases s and joins its words with underscores:
// "Bench Press" → "bench_press", "TrailRunning" stays "trailrunning".
func NormalizeName(s string) string {
	var b strings.Builder
	lastUnderscore := true
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			lastUnderscore = false
		default:
			if !lastUnderscore {
				b.WriteByte('_')
				lastUnderscore = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// CombineRegions returns the region of a session that worked regions rs:
// lower+upper (or any full) → full; only one region → that region.
func CombineRegions(rs ...Region) Region {
	var lower, upper, full bool
	for _, r := range rs {
		switch r {
		case RegionLower:
			lower = true
		case RegionUpper:
			upper = true
		case RegionFull:
			full = true
		}
	}
	switch {
	case full || (lower && upper):
		return RegionFull
	case lower:
		return RegionLower
	case upper:
		return RegionUpper
	}
	return RegionUnknown
}
