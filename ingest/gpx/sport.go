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

// Extension element local names (lower case) per quantity.
var (
	hrNames    = map[string]bool{"hr": true, "heartrate": true, "heart_rate": true, "bpm": true}
	cadNames   = map[string]bool{"cad": true, "cadence": true, "runcadence": true}
	powerNames = map[string]bool{"power": true, "powerinwatts": true, "watts": true}
)

// extValues finds HR, cadence and power in a point's extensions by local
// name in any namespace, depth first; NaN when absent or implausible.
func extValues(nodes []gpxgo.ExtensionNode) (hr, cad, power float64) {
	hr, cad, power = math.NaN(), math.NaN(), math.NaN()
	var walk func([]gpxgo.ExtensionNode, int)
	walk = func(ns []gpxgo.ExtensionNode, depth int) {
		if depth > 8 {
			return
		}
		for i := range ns {
			n := &ns[i]
			if len(n.Nodes) > 0 {
				walk(n.Nodes, depth+1)
				continue
			}
			name := strings.ToLower(n.LocalName())
			switch {
			case hrNames[name] && !ingest.Known(hr):
				hr = number(n.Data, 20, 255)
			case cadNames[name] && !ingest.Known(cad):
				cad = number(n.Data, 0, 300)
			case powerNames[name] && !ingest.Known(power):
				power = number(n.Data, 0, 3000)
			}
		}
	}
	walk(nodes, 0)
	return hr, cad, power
}

// number parses s and returns it when within [lo, hi], else NaN.
func number(s string, lo, hi float64) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !(v >= lo && v <= hi) {
		return math.NaN()
	}
	return v
}
