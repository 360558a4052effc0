package ingest

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// # Where an activity's sport comes from
//
// [Activity.SportSource] says who named the sport, strongest first:
//
//   - SportSourceOverride: the user, with --sport-override FILE=SPORT
//     (a file or a folder; [Options.SportOverrides]);
//   - SportSourceDevice: the recording device (a FIT session's or sport
//     message's sport other than generic);
//   - SportSourceFile: the file's own type tag (GPX <type>, TCX Sport,
//     a lift-app log);
//   - SportSourceStrava: Strava's activities.csv listing the file;
//   - SportSourceFolder: a [SportFileName] file in the activity file's
//     folder or a folder above it, up to the input folder;
//   - SportSourceName: a sport word in the activity's name ([NameSport]);
//   - SportSourceInferred: the stream's speed, cadence and climbing
//     ([InferSport]; docs/formats.md gives the bands and their sources);
//   - "": nobody (the sport is unknown: Kind other, never scored).
//
// A weaker source never replaces a stronger one; of two copies of one
// session, the kept copy takes the other's sport when that one's source is
// stronger (see "Duplicates" in the package doc).
type SportSource string

// The sport sources, strongest first.
const (
	SportSourceOverride SportSource = "override"
	SportSourceDevice   SportSource = "device"
	SportSourceFile     SportSource = "file"
	SportSourceStrava   SportSource = "strava-csv"
	SportSourceFolder   SportSource = "folder"
	SportSourceName     SportSource = "name"
	SportSourceInferred SportSource = "inferred"
)

// sportRank orders sport sources; higher is stronger.
func sportRank(src SportSource) int {
	switch src {
	case SportSourceOverride:
		return 7
	case SportSourceDevice, SportSourceFile:
		return 6
	case SportSourceStrava:
		return 5
	case SportSourceFolder:
		return 4
	case SportSourceName:
		return 3
	case SportSourceInferred:
		return 2
	}
	return 0
}

// guessedSport reports whether a sport source is a guess: a folder's
// default, a word in the name, or the stream.
func guessedSport(src SportSource) bool {
	return src == SportSourceFolder || src == SportSourceName || src == SportSourceInferred
}

// untyped reports whether a's sport is unknown: no sport, or FIT's
// "generic" (a watch's "Other" profile).
func untyped(a *Activity) bool { return a.Sport == "" || a.Sport == "generic" }

// setSport gives a a sport from src and classifies it again.
func setSport(a *Activity, sport, sub string, src SportSource) {
	a.Sport, a.SubSport, a.SportSource = sport, sub, src
	a.Kind = Classify(a.Sport, a.SubSport, hasStrengthSets(a.Sets))
}

// hasStrengthSets reports whether sets show strength work (an active set
// with an exercise, repetitions or a weight), as the FIT reader decides.
func hasStrengthSets(sets []Set) bool {
	for _, s := range sets {
		if s.Type == SetActive && (s.Exercise != "" || s.Reps > 0 || s.WeightKg > 0) {
			return true
		}
	}
	return false
}

// settleSport runs on every decoded activity: it records that a sport the
// decoder set came from the file (unless the decoder said otherwise), and
// gives an untyped activity a sport from its name or, failing that, from
// its stream. It returns a note for what it inferred, or "".
func settleSport(a *Activity) string {
	if a.SportSource == "" && !untyped(a) {
		a.SportSource = SportSourceFile
	}
	if !untyped(a) || a.Kind != KindOther {
		return ""
	}
	if sport, sub, word := NameSport(a.Name); sport != "" {
		setSport(a, sport, sub, SportSourceName)
		return fmt.Sprintf("sport %s from the word %q in the name %q", sport, word, a.Name)
	}
	p := profileOf(a.Samples)
	sport, sub := p.infer()
	if sport == "" {
		if p.enough() {
			return fmt.Sprintf("sport unknown: the stream fits no band (%s)", p)
		}
		return ""
	}
	setSport(a, sport, sub, SportSourceInferred)
	return fmt.Sprintf("sport %s inferred from the stream (%s)", sport, p)
}

// nameSports maps words (as [NormalizeName] spells them, accents dropped
// to their base letters) that name a sport in activity titles, in the
// languages of the default titles of Strava, Garmin Connect, Polar Flow,
// Suunto and Apple, to a sport and sub-sport.
var nameSports = map[string][2]string{
	// running
	"run": {"running", ""}, "running": {"running", ""}, "runs": {"running", ""}, "jog": {"running", ""},
	"jogging": {"running", ""}, "joggen": {"running", ""}, "lauf": {"running", ""}, "laufen": {"running", ""},
	"dauerlauf": {"running", ""}, "course": {"running", ""}, "course_a_pied": {"running", ""},
	"footing": {"running", ""}, "carrera": {"running", ""}, "correr": {"running", ""}, "corrida": {"running", ""},
	"corsa": {"running", ""}, "hardloop": {"running", ""}, "hardlopen": {"running", ""}, "duurloop": {"running", ""},
	"lop": {"running", ""}, "lopning": {"running", ""}, "lob": {"running", ""}, "lobetur": {"running", ""},
	"loping": {"running", ""}, "joggetur": {"running", ""}, "juoksu": {"running", ""}, "lenkki": {"running", ""},
	"bieg": {"running", ""}, "beh": {"running", ""}, "kosu": {"running", ""}, "parkrun": {"running", ""},
	"trail_run": {"running", "trail"}, "trailrun": {"running", "trail"}, "trail_running": {"running", "trail"},
	"treadmill": {"running", "treadmill"}, "laufband": {"running", "treadmill"},
	// cycling
	"ride": {"cycling", ""}, "bike": {"cycling", ""}, "biking": {"cycling", ""}, "cycling": {"cycling", ""},
	"cycle": {"cycling", ""}, "radfahren": {"cycling", ""}, "radtour": {"cycling", ""}, "radeln": {"cycling", ""},
	"velo": {"cycling", ""}, "cyclisme": {"cycling", ""}, "sortie_velo": {"cycling", ""}, "bici": {"cycling", ""},
	"bicicleta": {"cycling", ""}, "ciclismo": {"cycling", ""}, "pedalada": {"cycling", ""}, "fiets": {"cycling", ""},
	"fietsen": {"cycling", ""}, "fietsrit": {"cycling", ""}, "wielrennen": {"cycling", ""}, "cykel": {"cycling", ""},
	"cykling": {"cycling", ""}, "cykeltur": {"cycling", ""}, "sykkel": {"cycling", ""}, "sykling": {"cycling", ""},
	"pyoraily": {"cycling", ""}, "kolo": {"cycling", ""}, "ausfahrt": {"cycling", ""},
	"mtb": {"cycling", "mountain"}, "gravel": {"cycling", "gravel_cycling"},
	// walking and hiking
	"walk": {"walking", ""}, "walking": {"walking", ""}, "spaziergang": {"walking", ""}, "gehen": {"walking", ""},
	"marche": {"walking", ""}, "balade": {"walking", ""}, "promenade": {"walking", ""}, "caminar": {"walking", ""},
	"caminata": {"walking", ""}, "paseo": {"walking", ""}, "caminhada": {"walking", ""}, "camminata": {"walking", ""},
	"passeggiata": {"walking", ""}, "wandeling": {"walking", ""}, "wandelen": {"walking", ""}, "promenad": {"walking", ""},
	"gatur": {"walking", ""}, "kavely": {"walking", ""}, "spacer": {"walking", ""},
	"hike": {"hiking", ""}, "hiking": {"hiking", ""}, "wandern": {"hiking", ""}, "wanderung": {"hiking", ""},
	"randonnee": {"hiking", ""}, "senderismo": {"hiking", ""}, "excursion": {"hiking", ""}, "trilha": {"hiking", ""},
	"escursione": {"hiking", ""}, "trekking": {"hiking", ""}, "vandring": {"hiking", ""}, "fjelltur": {"hiking", ""},
	"vaellus": {"hiking", ""}, "wedrowka": {"hiking", ""}, "bergtour": {"hiking", ""},
	// swimming
	"swim": {"swimming", ""}, "swimming": {"swimming", ""}, "schwimmen": {"swimming", ""}, "natation": {"swimming", ""},
	"natacion": {"swimming", ""}, "nuoto": {"swimming", ""}, "natacao": {"swimming", ""}, "zwemmen": {"swimming", ""},
	"simning": {"swimming", ""}, "svomming": {"swimming", ""}, "uinti": {"swimming", ""}, "plywanie": {"swimming", ""},
	// strength
	"strength": {"training", "strength_training"}, "weight_training": {"training", "strength_training"},
	"weights": {"training", "strength_training"}, "krafttraining": {"training", "strength_training"},
	"kraft": {"training", "strength_training"}, "musculation": {"training", "strength_training"},
	"pesas": {"training", "strength_training"}, "krachttraining": {"training", "strength_training"},
	"styrketraning": {"training", "strength_training"}, "styrke": {"training", "strength_training"},
}

// nameSuffixes name a sport at the end of a compound word (German and
// Dutch join words: "Morgenlauf", "Waldlauf", "Longrun", "Abendradtour").
var nameSuffixes = []struct{ suffix, sport string }{
	{"lauf", "running"}, {"run", "running"}, {"radtour", "cycling"},
	{"wanderung", "hiking"}, {"spaziergang", "walking"},
}

// foldAccents maps accented letters of the languages above to their base
// letters, so that "Löp", "Vélo", "Randonnée", "Kävely" match.
var foldAccents = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a", "å", "a", "æ", "ae",
	"ç", "c", "č", "c", "ć", "c", "è", "e", "é", "e", "ê", "e", "ë", "e", "ě", "e", "ę", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ı", "i", "ł", "l", "ñ", "n", "ń", "n",
	"ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o", "ø", "o", "ř", "r", "š", "s", "ś", "s", "ş", "s",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ů", "u", "ý", "y", "ž", "z", "ź", "z", "ż", "z", "ğ", "g", "ß", "ss",
)

// NameSport finds a sport word in an activity's name ("Morning Run",
// "Abendlauf", "Sortie vélo", "Löprunda"): two-word phrases first, then
// single words, then compound-word endings; the first match wins. It
// returns the sport, sub-sport and the word matched, or "" when none.
func NameSport(name string) (sport, sub, word string) {
	words := strings.Split(NormalizeName(foldAccents.Replace(strings.ToLower(name))), "_")
	for i := 0; i+1 < len(words); i++ {
		if s, ok := nameSports[words[i]+"_"+words[i+1]]; ok {
			return s[0], s[1], words[i] + " " + words[i+1]
		}
	}
	for _, w := range words {
		if s, ok := nameSports[w]; ok {
			return s[0], s[1], w
		}
	}
	for _, w := range words {
		for _, x := range nameSuffixes {
			if len(w) > len(x.suffix)+2 && strings.HasSuffix(w, x.suffix) {
				return x.sport, "", w
			}
		}
	}
	return "", "", ""
}

// Inference bands (see docs/formats.md, "Sport inference", for sources).
// Speeds are the median and 95th percentile of moving speed (samples at
// or above minMovingMS, below maxPlausibleMS); cadences are per leg, as
// FIT and Garmin's GPX write them (a steps-per-minute value above 130 is
// halved first).
const (
	minMovingMS     = 0.3 // slower is standing
	maxPlausibleMS  = 30  // faster is a GPS glitch or a vehicle
	minInferSamples = 10  // moving samples needed to infer anything,
	minInferMovingS = 120 // … covering 2 minutes of moving
	walkMaxMS       = 2.0 // walk: median below 2.0 m/s (7.2 km/h)
	walkMinMS       = 0.5 // … and above 0.5 m/s
	runMinMS        = 2.3 // run: median 2.3–4.6 m/s (8.3–16.6 km/h)
	runMaxMS        = 4.6 // …
	runMaxP95MS     = 7.0 // … with a 95th percentile below 7 m/s
	rideMinMS       = 5.0 // ride: median at least 5 m/s (18 km/h),
	rideP95MS       = 8.0 // or a 95th percentile of 8 m/s with a median of at least rideSlowMS
	rideSlowMS      = 3.0 // (mountain bikes climbing)
	rideMaxMS       = 15  // a median above 15 m/s (54 km/h) …
	vehicleP95MS    = 22  // … or a 95th percentile above 22 m/s (79 km/h) is a vehicle
	runMinCadence   = 70  // strides/min per leg: run 70–105
	runMaxCadence   = 105 //
	walkMaxCadence  = 68  // walk: below 68 per leg (136 steps/min)
	hikeClimbMPerKm = 40  // a walk climbing 40 m per km or more is a hike
)

// streamProfile is what sport inference reads from a stream.
type streamProfile struct {
	moving       int     // moving samples
	movingS      float64 // seconds they cover (gaps over 10 s count 10 s)
	positioned   bool    // most moving samples have a position (an outdoor track)
	median, p95  float64 // moving speed, m/s; NaN without speed
	cadence      float64 // median cadence per leg while moving; NaN without
	climbMPerKm  float64 // ascent per km moved; NaN without altitude or distance
	distanceM    float64
	speedFromPos bool // speed derived from distance (no speed field)
}

// enough reports whether the stream is long enough to infer from.
func (p streamProfile) enough() bool {
	return p.moving >= minInferSamples && p.movingS >= minInferMovingS && !math.IsNaN(p.median)
}

func (p streamProfile) String() string {
	s := fmt.Sprintf("%.0f s moving, median speed %.1f m/s, 95th percentile %.1f m/s", p.movingS, p.median, p.p95)
	if !math.IsNaN(p.cadence) {
		s += fmt.Sprintf(", cadence %.0f/min", p.cadence)
	}
	if !math.IsNaN(p.climbMPerKm) {
		s += fmt.Sprintf(", climbing %.0f m/km", p.climbMPerKm)
	}
	return s
}

// profileOf measures samples (time-ordered) for inference.
func profileOf(samples []Sample) streamProfile {
	p := streamProfile{median: math.NaN(), p95: math.NaN(), cadence: math.NaN(), climbMPerKm: math.NaN()}
	speeds := make([]float64, 0, len(samples))
	var cads []float64
	ascent, dist := 0.0, 0.0
	positioned := 0
	prevAlt, prevDist := math.NaN(), math.NaN()
	for i := range samples {
		s := &samples[i]
		v := s.SpeedMS
		if math.IsNaN(v) && i > 0 && Known(s.DistanceM) && Known(samples[i-1].DistanceM) {
			if dt := s.Time.Sub(samples[i-1].Time).Seconds(); dt > 0 && dt <= 10 {
				v = (s.DistanceM - samples[i-1].DistanceM) / dt
				p.speedFromPos = true
			}
		}
		if Known(s.DistanceM) {
			if Known(prevDist) && s.DistanceM > prevDist {
				dist += s.DistanceM - prevDist
			}
			prevDist = s.DistanceM
		}
		if Known(s.AltM) {
			if Known(prevAlt) && s.AltM > prevAlt {
				ascent += s.AltM - prevAlt
			}
			prevAlt = s.AltM
		}
		if math.IsNaN(v) || v < minMovingMS || v >= maxPlausibleMS {
			continue
		}
		speeds = append(speeds, v)
		if Known(s.Lat) {
			positioned++
		}
		if i > 0 {
			p.movingS += min(s.Time.Sub(samples[i-1].Time).Seconds(), 10)
		}
		if c := s.Cadence; Known(c) && c > 0 {
			if c > 130 {
				c /= 2 // steps per minute
			}
			cads = append(cads, c)
		}
	}
	p.moving = len(speeds)
	p.positioned = positioned*2 > len(speeds)
	p.distanceM = dist
	if len(speeds) > 0 {
		sort.Float64s(speeds)
		p.median = speeds[len(speeds)/2]
		p.p95 = speeds[min(len(speeds)-1, len(speeds)*95/100)]
	}
	if len(cads) >= len(speeds)/2 && len(cads) > 0 {
		slices.Sort(cads)
		p.cadence = cads[len(cads)/2]
	}
	if dist >= 500 && Known(prevAlt) {
		p.climbMPerKm = ascent / (dist / 1000)
	}
	return p
}

// infer applies the bands; "" when the stream fits none or is too short.
func (p streamProfile) infer() (sport, sub string) {
	if !p.enough() {
		return "", ""
	}
	cad := p.cadence
	switch {
	case p.median > rideMaxMS || p.p95 > vehicleP95MS:
		return "", ""
	case p.median >= rideMinMS || (p.p95 >= rideP95MS && p.median >= rideSlowMS):
		return "cycling", ""
	case p.median >= runMinMS && p.median < runMaxMS && p.p95 < runMaxP95MS:
		if Known(cad) && (cad < runMinCadence || cad > runMaxCadence) {
			return "", "" // running speed without a running cadence
		}
		return "running", ""
	case p.median >= walkMinMS && p.median < walkMaxMS:
		if Known(cad) && cad > walkMaxCadence {
			if cad >= runMinCadence && cad <= runMaxCadence {
				return "running", "" // a slow jog: running cadence
			}
			return "", ""
		}
		if !p.positioned && !Known(cad) {
			// Walking speed measured indoors without a step cadence:
			// as likely a pool swim or a rowing machine.
			return "", ""
		}
		if Known(p.climbMPerKm) && p.climbMPerKm >= hikeClimbMPerKm {
			return "hiking", ""
		}
		return "walking", ""
	case p.median >= walkMaxMS && p.median < runMinMS:
		// Between walking and running: the cadence decides.
		if Known(cad) && cad >= runMinCadence && cad <= runMaxCadence {
			return "running", ""
		}
		if Known(cad) && cad <= walkMaxCadence {
			return "walking", ""
		}
	}
	return "", ""
}
