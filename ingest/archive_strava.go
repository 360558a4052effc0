package ingest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"
)

// Strava's bulk export ("Download your data") holds activities/*.fit.gz,
// *.gpx, *.tcx.gz and an activities.csv index whose header starts
//
//	Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,
//	Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Activity Gear,
//	Filename,...
//
// and later repeats some names (Elapsed Time, Distance, Max Heart Rate...)
// with other units, so columns are read by position: the first column of
// each name we use, falling back to these documented positions.
const (
	stravaIndexName   = "activities.csv"
	stravaHeader      = "Activity ID,Activity Date"
	stravaColName     = 2
	stravaColType     = 3
	stravaColFilename = 11
)

// stravaEntry is what activities.csv says about one activity file.
type stravaEntry struct {
	Name string // "Morning Run"
	Type string // Strava activity type: "Run", "Weight Training", "WeightTraining"...
}

func isStravaHeader(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	return bytes.HasPrefix(head, []byte(stravaHeader))
}

// readStravaIndex reads a Strava activities.csv and keys its entries by
// the Source the listed files get (Filename is relative to the export's
// root, the folder of activities.csv).
func (im *importer) readStravaIndex(j job, r io.Reader, g *guard) (out fileOutcome) {
	out.file = FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size, Format: "strava-csv"}
	fail := func(reason string) fileOutcome {
		out.file.Status, out.file.Reason = StatusFailed, reason
		return out
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return fail("activities.csv: " + err.Error())
	}
	cols := map[string]int{"Activity Name": stravaColName, "Activity Type": stravaColType, "Filename": stravaColFilename}
	found := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, ok := cols[h]; ok && !found[h] {
			cols[h], found[h] = i, true
		}
	}
	field := func(rec []string, name string) string {
		if i := cols[name]; i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	index := map[string]stravaEntry{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if gerr := g.failure(); gerr != nil {
				return fail(gerr.Error())
			}
			return fail("activities.csv: " + err.Error())
		}
		fn := field(rec, "Filename")
		if fn == "" {
			continue // activities entered by hand have no file
		}
		index[stravaSource(j, fn)] = stravaEntry{Name: field(rec, "Activity Name"), Type: field(rec, "Activity Type")}
	}
	if gerr := g.failure(); gerr != nil {
		return fail(gerr.Error())
	}
	out.file.Status = StatusImported
	out.file.Reason = fmt.Sprintf("activity index for %d files", len(index))
	out.index = index
	return out
}

// stravaSource is the Source of the file that activities.csv (job j)
// lists as fn.
func stravaSource(j job, fn string) string {
	fn = strings.ReplaceAll(fn, `\`, "/")
	if j.container != "" {
		dir := path.Dir(strings.ReplaceAll(j.name, `\`, "/"))
		return j.container + "!" + path.Join(dir, fn)
	}
	return filepath.Join(filepath.Dir(j.path), filepath.FromSlash(fn))
}

// applyStravaIndex gives activities listed in a Strava index their name
// (when the file has none) and sport (when the file's is unknown, or only
// guessed from the name or the stream).
func applyStravaIndex(acts []Activity, index map[string]stravaEntry) {
	if len(index) == 0 {
		return
	}
	for i := range acts {
		a := &acts[i]
		e, ok := index[a.Source]
		if !ok {
			continue
		}
		if a.Name == "" {
			a.Name = e.Name
		}
		// Strava's type beats a sport guessed from the name or stream
		// (or none), not the device's or the file's own.
		if sportRank(a.SportSource) < sportRank(SportSourceStrava) && e.Type != "" {
			sport, sub := StravaSport(e.Type)
			a.Sport, a.SubSport, a.SportSource = sport, sub, SportSourceStrava
			a.Kind = Classify(a.Sport, a.SubSport, hasActiveSets(a.Sets))
			a.ID = ActivityID(a)
		}
	}
}

func hasActiveSets(sets []Set) bool {
	for _, s := range sets {
		if s.Type == SetActive {
			return true
		}
	}
	return false
}

// stravaSports maps Strava activity types (spaces, dashes and case
// removed: "Weight Training" and "WeightTraining" both give
// "weighttraining") to gainguard's sport and sub-sport.
var stravaSports = map[string][2]string{
	"run": {"running", ""}, "trailrun": {"running", "trail"}, "virtualrun": {"running", "virtual_activity"},
	"ride": {"cycling", ""}, "virtualride": {"cycling", "virtual_activity"}, "ebikeride": {"cycling", "e_bike_fitness"},
	"gravelride": {"cycling", "gravel_cycling"}, "mountainbikeride": {"cycling", "mountain"},
	"emountainbikeride": {"cycling", "e_bike_mountain"}, "handcycle": {"cycling", "hand_cycling"},
	"velomobile": {"cycling", ""},
	"walk":       {"walking", ""}, "hike": {"hiking", ""},
	"weighttraining": {"training", "strength_training"},
	"workout":        {"workout", ""}, "crossfit": {"crossfit", ""}, "hiit": {"hiit", ""},
	"rowing": {"rowing", ""}, "virtualrow": {"rowing", "indoor_rowing"},
	"swim":       {"swimming", ""},
	"elliptical": {"fitness_equipment", "elliptical"}, "stairstepper": {"fitness_equipment", "stair_climbing"},
	"nordicski": {"cross_country_skiing", ""}, "standuppaddling": {"stand_up_paddleboarding", ""},
	"yoga": {"yoga", ""}, "pilates": {"pilates", ""},
}

// StravaSport maps a Strava activity type ("Run", "WeightTraining",
// "Weight Training") to a sport and sub-sport as [Classify] expects them.
// Unknown types are kept normalized (they classify as Kind other).
func StravaSport(typ string) (sport, subSport string) {
	key := strings.ReplaceAll(NormalizeName(typ), "_", "")
	if s, ok := stravaSports[key]; ok {
		return s[0], s[1]
	}
	return NormalizeName(typ), ""
}
