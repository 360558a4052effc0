package gpx

import (
	"math"
	"strconv"
	"strings"

	gpxgo "github.com/tkrajina/gpxgo/gpx"

	"gainguard/ingest"
)

// sportTable maps a normalized <trk><type> to gainguard's sport and
// sub-sport vocabulary (the FIT profile's spelling). Sources of the values:
// Garmin Connect exports ("running", "trail_running", "cycling",
// "strength_training"...), Strava exports (activity type names "Run",
// "Ride", "VirtualRide", "WeightTraining"..., and in StravaGPX files the
// numeric codes 1 = ride and 9 = run), Apple Health and others ("running").
// Only numeric codes confirmed by real files and public converters are
// mapped; other numbers stay as they are (Kind other).
var sportTable = map[string][2]string{
	// running
	"run": {"running", ""}, "running": {"running", ""}, "9": {"running", ""},
	"jog": {"running", ""}, "jogging": {"running", ""},
	"trail_running": {"running", "trail"}, "trailrun": {"running", "trail"}, "trail_run": {"running", "trail"},
	"treadmill_running": {"running", "treadmill"}, "treadmill": {"running", "treadmill"},
	"street_running": {"running", "street"}, "track_running": {"running", "track"},
	"virtualrun": {"running", "virtual_activity"}, "virtual_run": {"running", "virtual_activity"},
	"indoor_running": {"running", "indoor_running"},
	// cycling
	"ride": {"cycling", ""}, "biking": {"cycling", ""}, "cycling": {"cycling", ""}, "1": {"cycling", ""},
	"bike": {"cycling", ""}, "road_biking": {"cycling", "road"}, "road_cycling": {"cycling", "road"},
	"mountain_biking": {"cycling", "mountain"}, "mountainbikeride": {"cycling", "mountain"},
	"gravelride": {"cycling", "gravel_cycling"}, "gravel_cycling": {"cycling", "gravel_cycling"},
	"virtualride": {"cycling", "virtual_activity"}, "virtual_ride": {"cycling", "virtual_activity"},
	"indoor_cycling": {"cycling", "indoor_cycling"}, "ebikeride": {"cycling", "e_bike_fitness"},
	"e_bike_ride": {"cycling", "e_bike_fitness"}, "e_biking": {"cycling", "e_bike_fitness"},
	// walking / hiking
	"walk": {"walking", ""}, "walking": {"walking", ""}, "casual_walking": {"walking", ""},
	"speed_walking": {"walking", ""}, "hike": {"hiking", ""}, "hiking": {"hiking", ""},
	// strength
	"strength_training": {"training", "strength_training"}, "weighttraining": {"training", "strength_training"},
	"weight_training": {"training", "strength_training"}, "strength": {"training", "strength_training"},
	// other endurance
	"swim": {"swimming", ""}, "swimming": {"swimming", ""}, "lap_swimming": {"swimming", "lap_swimming"},
	"open_water_swimming": {"swimming", "open_water"}, "rowing": {"rowing", ""}, "row": {"rowing", ""},
	"elliptical": {"elliptical", ""}, "nordicski": {"cross_country_skiing", ""},
	"cross_country_skiing": {"cross_country_skiing", ""},
	"standuppaddling":      {"stand_up_paddleboarding", ""}, "stand_up_paddleboarding": {"stand_up_paddleboarding", ""},
}

// sportFromType maps a <trk><type> value; unknown values are kept
// normalized (they classify as Kind other).
func sportFromType(typ string) (sport, sub string) {
	key := ingest.NormalizeName(typ)
	if s, ok := sportTable[key]; ok {
		return s[0], s[1]
	}
	return key, ""
}

// nameWords are title words that name a sport in the default activity titles
// of Strava, Garmin Connect and Apple ("Friday Evening Run", "Morning Ride").
var nameWords = map[string]string{
	"run": "running", "running": "running", "jog": "running", "ride": "cycling",
	"walk": "walking", "hike": "hiking",
}

// sportFromName infers a sport from a track name when <type> is absent.
// The first sport word wins; "" when none.
func sportFromName(name string) (sport, sub, word string) {
	for _, w := range strings.Split(ingest.NormalizeName(name), "_") {
		if s, ok := nameWords[w]; ok {
			return s, "", w
		}
	}
	return "", "", ""
}

// Quantities read from point extensions.
const (
	extNone = iota
	extHR
	extCad
	extPower
)

// extKinds maps extension element local names (lower case) to quantities.
var extKinds = map[string]int{
	"hr": extHR, "heartrate": extHR, "heart_rate": extHR, "bpm": extHR,
	"cad": extCad, "cadence": extCad, "runcadence": extCad,
	"power": extPower, "powerinwatts": extPower, "watts": extPower,
}

// extMaxDepth is the deepest extension node looked at (the elements
// directly inside <extensions> are at depth 0).
const extMaxDepth = 8

// extVals are the HR, cadence and power found in a point's extensions by
// local name in any namespace, depth first: the first leaf element of a
// quantity with a plausible value wins; NaN when absent or implausible.
type extVals struct{ hr, cad, power float64 }

func (e *extVals) init() { e.hr, e.cad, e.power = math.NaN(), math.NaN(), math.NaN() }

// leaf records the text of a leaf element (no child elements) of the given
// kind (extKinds of its lower-cased local name).
func (e *extVals) leaf(kind int, data string) {
	switch {
	case kind == extHR && !ingest.Known(e.hr):
		e.hr = number(data, 20, 255)
	case kind == extCad && !ingest.Known(e.cad):
		e.cad = number(data, 0, 300)
	case kind == extPower && !ingest.Known(e.power):
		e.power = number(data, 0, 3000)
	}
}

// walk visits a gpxgo extension node at depth and its descendants.
func (e *extVals) walk(n *gpxgo.ExtensionNode, depth int) {
	if depth > extMaxDepth {
		return
	}
	if len(n.Nodes) > 0 {
		for i := range n.Nodes {
			e.walk(&n.Nodes[i], depth+1)
		}
		return
	}
	e.leaf(extKinds[strings.ToLower(n.LocalName())], n.Data)
}

// number parses s and returns it when within [lo, hi], else NaN.
func number(s string, lo, hi float64) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !(v >= lo && v <= hi) {
		return math.NaN()
	}
	return v
}
