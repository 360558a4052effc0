package ingest

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestNameSport(t *testing.T) {
	for _, c := range []struct{ name, sport string }{
		{"Morning Run", "running"},
		{"Friday Evening Run", "running"},
		{"Abendlauf", "running"},        // German compound
		{"Lauf am Morgen", "running"},   // German
		{"Course à pied", "running"},    // French
		{"Carrera matutina", "running"}, // Spanish
		{"Corsa serale", "running"},     // Italian
		{"Ochtend hardloop", "running"}, // Dutch
		{"Löpning", "running"},          // Swedish
		{"Løb", "running"},              // Danish
		{"Juoksu", "running"},           // Finnish
		{"Bieg poranny", "running"},     // Polish
		{"Sunday parkrun", "running"},
		{"Easy jog", "running"},
		{"Longrun", "running"},
		{"Morning Ride", "cycling"},
		{"Sortie vélo", "cycling"},
		{"Radtour", "cycling"},
		{"Lunch Walk", "walking"},
		{"Spaziergang", "walking"},
		{"Randonnée", "hiking"},
		{"Wanderung Zugspitze", "hiking"},
		{"Schwimmen", "swimming"},
		{"Krafttraining", "training"},
		{"", ""},
		{"Untitled", ""},
		{"02-MRT-12 19:53:30", ""},
		{"Brunch", ""},     // "run" inside a word is not a suffix match
		{"Park loop", ""},  // English "loop" is no run
		{"Rower 500m", ""}, // nor "rower" a ride
	} {
		if got, _, _ := NameSport(c.name); got != c.sport {
			t.Errorf("NameSport(%q) = %q, want %q", c.name, got, c.sport)
		}
	}
}

// stream builds n one-second samples at speed v m/s (cadence c per leg,
// climbing climb m per km; NaN: absent), with positions when gps.
func stream(n int, v, cad, climb float64, gps bool) []Sample {
	out := make([]Sample, n)
	dist, alt := 0.0, 100.0
	for i := range out {
		s := NewSample(time.Date(2026, 5, 1, 7, 0, i, 0, time.UTC))
		s.SpeedMS, s.DistanceM, s.Cadence = v, dist, cad
		if !math.IsNaN(climb) {
			s.AltM = alt
			alt += v * climb / 1000
		}
		if gps {
			s.Lat, s.Lon = 48, 11+dist/75000
		}
		dist += v
		out[i] = s
	}
	return out
}

// The inference bands, and their directions: more speed moves a stream
// from walk to run to ride; climbing makes a walk a hike; a cadence
// decides between walk and run; too little or implausible data infers
// nothing.
func TestInferSportBands(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name    string
		samples []Sample
		sport   string
	}{
		{"walk 1.4 m/s, cadence 55", stream(600, 1.4, 55, nan, true), "walking"},
		{"walk 1.4 m/s, no cadence, GPS", stream(600, 1.4, nan, 5, true), "walking"},
		{"hike 1.0 m/s, 120 m/km", stream(600, 1.0, nan, 120, true), "hiking"},
		{"jog 2.2 m/s, cadence 80", stream(600, 2.2, 80, nan, true), "running"},
		{"brisk walk 2.2 m/s, cadence 62", stream(600, 2.2, 62, nan, true), "walking"},
		{"run 3.0 m/s, cadence 85", stream(600, 3.0, 85, nan, true), "running"},
		{"run 3.0 m/s, cadence 170 steps/min", stream(600, 3.0, 170, nan, true), "running"},
		{"treadmill run 3.0 m/s, no GPS", stream(600, 3.0, 86, nan, false), "running"},
		{"ride 7 m/s", stream(600, 7, 88, nan, true), "cycling"},
		{"ride 5.5 m/s", stream(600, 5.5, nan, nan, true), "cycling"},
		{"run speed, cycling cadence 40", stream(600, 3.5, 40, nan, true), ""},
		{"between run and ride 4.8 m/s", stream(600, 4.8, nan, nan, true), ""},
		{"vehicle 20 m/s", stream(600, 20, nan, nan, true), ""},
		{"walking speed indoors without cadence (a pool swim?)", stream(600, 1.0, nan, nan, false), ""},
		{"too short: 60 s", stream(60, 3.0, 85, nan, true), ""},
		{"standing", stream(600, 0.1, nan, nan, true), ""},
		{"no speed", func() []Sample {
			s := stream(600, 3, 85, nan, true)
			for i := range s {
				s[i].SpeedMS, s[i].DistanceM = nan, nan
			}
			return s
		}(), ""},
	} {
		a := Activity{Kind: KindOther, Samples: c.samples, AvgHR: nan, MaxHR: nan, DistanceM: nan}
		note := settleSport(&a)
		if a.Sport != c.sport {
			t.Errorf("%s: sport %q (%s), want %q", c.name, a.Sport, note, c.sport)
			continue
		}
		if c.sport != "" && (a.SportSource != SportSourceInferred || !strings.Contains(note, "inferred from the stream")) {
			t.Errorf("%s: source %q, note %q", c.name, a.SportSource, note)
		}
	}
	// Speed derived from distance when the stream has no speed field.
	s := stream(600, 3.0, 85, math.NaN(), true)
	for i := range s {
		s[i].SpeedMS = math.NaN()
	}
	a := Activity{Kind: KindOther, Samples: s}
	settleSport(&a)
	if a.Sport != "running" || a.Kind != KindRun {
		t.Errorf("speed from distance: %q %s", a.Sport, a.Kind)
	}
}

// What settles an activity's sport, in order: the file's own sport (never
// replaced), then a name word, then the stream.
func TestSettleSportOrder(t *testing.T) {
	run := stream(600, 3.0, 85, math.NaN(), true)
	for _, c := range []struct {
		name   string
		a      Activity
		sport  string
		source SportSource
		note   string
	}{
		{"typed by the file", Activity{Sport: "cycling", Kind: KindCardio, Name: "Morning Run", Samples: run},
			"cycling", SportSourceFile, ""},
		{"typed by the device", Activity{Sport: "cycling", Kind: KindCardio, SportSource: SportSourceDevice, Samples: run},
			"cycling", SportSourceDevice, ""},
		{"name beats stream", Activity{Kind: KindOther, Name: "Abendlauf", Samples: stream(600, 7, math.NaN(), math.NaN(), true)},
			"running", SportSourceName, `from the word "abendlauf"`},
		{"FIT generic, inferred", Activity{Sport: "generic", Kind: KindOther, Samples: run},
			"running", SportSourceInferred, "inferred from the stream"},
		{"a lift keeps its kind", Activity{Kind: KindLift, Sets: []Set{{Type: SetActive, Reps: 5}}, Samples: run},
			"", "", ""},
		{"unknown stays other", Activity{Kind: KindOther, Samples: stream(600, 4.8, math.NaN(), math.NaN(), true)},
			"", "", "fits no band"},
	} {
		a := c.a
		note := settleSport(&a)
		if a.Sport != c.sport || a.SportSource != c.source || (c.note == "") != (note == "") || !strings.Contains(note, c.note) {
			t.Errorf("%s: sport %q source %q note %q; want %q %q %q", c.name, a.Sport, a.SportSource, note, c.sport, c.source, c.note)
		}
	}
}

func TestParseSport(t *testing.T) {
	for _, c := range []struct{ in, sport, sub string }{
		{"running", "running", ""}, {"Run", "running", ""}, {"ride", "cycling", ""}, {"cycling", "cycling", ""},
		{"Weight Training", "training", "strength_training"}, {"WeightTraining", "training", "strength_training"},
		{"lift", "training", "strength_training"}, {"vélo", "cycling", ""}, {"running/trail", "running", "trail"},
		{"hike", "hiking", ""}, {"other", "other", ""},
	} {
		s, sub, err := ParseSport(c.in)
		if err != nil || s != c.sport || sub != c.sub {
			t.Errorf("ParseSport(%q) = %q, %q, %v; want %q, %q", c.in, s, sub, err, c.sport, c.sub)
		}
	}
	if _, _, err := ParseSport("runing"); err == nil || !strings.Contains(err.Error(), `unknown sport "runing"`) {
		t.Errorf("misspelt sport: err = %v", err)
	}
}

func TestOverrideMatches(t *testing.T) {
	for _, c := range []struct {
		src, p string
		want   bool
	}{
		{"exports/rides/a.gpx", "exports/rides/a.gpx", true},
		{"exports/rides/a.gpx", "./exports/rides/a.gpx", true},
		{"exports/rides/a.gpx", "exports/rides", true},
		{"exports/rides/a.gpx", "exports/rides/", true},
		{"exports/rides/a.gpx", "exports/ride", false},
		{"exports/rides/a.gpx", "a.gpx", true},
		{"exports/rides/a.gpx", "b.gpx", false},
		{"s.zip!activities/1.fit.gz", "s.zip!activities/1.fit.gz", true},
		{"s.zip!activities/1.fit.gz", "s.zip!activities/2.fit.gz", false},
		{"s.zip!activities/1.fit.gz", "s.zip", true},
		{"s.zip!activities/1.fit.gz", "1.fit.gz", true},
	} {
		if got := overrideMatches(c.src, c.p); got != c.want {
			t.Errorf("overrideMatches(%q, %q) = %v, want %v", c.src, c.p, got, c.want)
		}
	}
}
