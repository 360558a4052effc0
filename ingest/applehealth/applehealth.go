// Package applehealth reads the Health app's export: export.xml (bare, in
// the unpacked apple_health_export/ folder, or inside export.zip, which the
// batch importer opens in place) with the GPX routes it references under
// workout-routes/.
//
// Workouts become activities (their type gives the kind: running types are
// runs, traditional and functional strength training are lifts, cycling,
// walking, hiking, rowing, elliptical, stair climbing, swimming are cardio,
// HIIT and the rest are other), with the heart-rate records inside the
// workout's span and the route as samples. Body-mass records become
// weigh-ins; dietary energy, protein and carbohydrate records (top-level
// only: those inside a food Correlation repeat them) are summed per local
// day into the food log. Sleep analysis and resting heart rate are read
// into [Export] and counted in the file's notes.
//
// Exports are large (1–3 GB), so the file is streamed through a byte
// scanner (scan.go) rather than encoding/xml; the tests hold it equal to an
// encoding/xml reference. Two known defects of real exports are repaired
// and noted: the iOS 16 DOCTYPE whose ATTLIST is never closed, and stray
// control characters (U+000B) in values.
package applehealth

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/gpx"
)

// Format is the Apple Health importer for the batch: it claims .xml files
// and skips those that are not a Health export.
// Entries of archives may be up to 8 GiB (the archive's total cap still
// applies): export.xml is streamed, never held in memory.
var Format = ingest.Format{Name: "applehealth", Exts: []string{".xml"}, Decode: Decode, DecodeWith: DecodeWith,
	MaxEntryBytes: 8 << 30}

// Opener opens a file named by a slash path relative to the export's
// folder ("workout-routes/route_2024-06-10.gpx").
type Opener = func(rel string) (io.ReadCloser, error)

// Read streams an export.xml into an [Export].
func Read(r io.Reader) (Export, error) {
	s := scanner{r: r}
	b := newBuilder()
	if err := s.scan(b); err != nil {
		var nr notRoot
		if errors.As(err, &nr) {
			return Export{}, ingest.Skip(nr.Error())
		}
		if errors.Is(err, errNoRoot) {
			return Export{}, ingest.Skip("no XML element in the file")
		}
		var se *syntaxError
		if errors.As(err, &se) {
			return Export{}, &ingest.FormatError{Format: "apple health", What: "malformed XML", Err: err}
		}
		return Export{}, err
	}
	return b.finish(s.fix), nil
}

// Decode reads an export.xml without its routes (the batch uses
// [DecodeWith], which opens them).
func Decode(r io.Reader) (ingest.Decoded, error) { return DecodeWith(r, nil) }

// DecodeWith reads an export.xml; open, when not nil, opens the route
// files its workouts reference.
func DecodeWith(r io.Reader, open Opener) (ingest.Decoded, error) {
	x, err := Read(r)
	if err != nil {
		return ingest.Decoded{}, err
	}
	return Convert(x, open), nil
}

// Convert turns an Export into gainguard's activities, weigh-ins and food
// days, with notes.
func Convert(x Export, open Opener) ingest.Decoded {
	var d ingest.Decoded
	hr := x.HR
	byTime := func(a, b HRPoint) int { return cmp.Compare(a.Unix, b.Unix) }
	if !slices.IsSortedFunc(hr, byTime) {
		hr = slices.Clone(hr)
		slices.SortStableFunc(hr, byTime)
	}
	var routeNotes []string
	for i := range x.Workouts {
		a, notes := activity(&x.Workouts[i], hr, open)
		a.Index = i
		d.Activities = append(d.Activities, a)
		routeNotes = append(routeNotes, notes...)
	}
	for _, w := range x.Weighins {
		d.Body = append(d.Body, ingest.BodyMeasurement{Time: w.Time, Precision: ingest.PrecisionExact,
			MassKg: w.MassKg, FatPct: math.NaN(), MuscleKg: math.NaN()})
	}
	for _, f := range x.Food {
		d.Intake = append(d.Intake, ingest.DayIntake{Date: f.Date, Kcal: f.Kcal, ProteinG: f.ProteinG,
			CarbsG: f.CarbsG, RunCarbsG: math.NaN()})
	}
	for _, n := range x.Sleep {
		if n.AsleepS <= 0 {
			continue // in bed only: no sleep time to score
		}
		inBed := math.NaN()
		if n.InBedS > 0 {
			inBed = n.InBedS
		}
		d.Sleep = append(d.Sleep, ingest.SleepNight{Date: n.Date, AsleepS: n.AsleepS, InBedS: inBed,
			Origin: "Apple Health (" + strings.Join(n.Sources, ", ") + ")"})
	}
	for _, r := range x.RestingHR {
		d.Resting = append(d.Resting, ingest.RestingHR{Date: r.Date, BPM: r.BPM, Origin: "Apple Health"})
	}
	d.Notes = notes(&x, routeNotes)
	return d
}

func notes(x *Export, routeNotes []string) []string {
	var n []string
	if len(x.BrokenDecls) > 0 {
		n = append(n, fmt.Sprintf("broken DOCTYPE (the iOS 16 export bug): %s never closed; the DTD is ignored",
			strings.Join(x.BrokenDecls, ", ")))
	}
	if x.ControlChars > 0 {
		n = append(n, fmt.Sprintf("%d control character(s) replaced by spaces (first at byte %d)", x.ControlChars, x.FirstControl))
	}
	if x.SpacedAttrs > 0 {
		n = append(n, fmt.Sprintf("%d attribute name(s) with spaces read as they are", x.SpacedAttrs))
	}
	if x.CorrelationRecords > 0 {
		n = append(n, fmt.Sprintf("%d record(s) inside %d correlation(s) not counted again (they repeat top-level records)",
			x.CorrelationRecords, x.Correlations))
	}
	if len(x.Sleep) > 0 {
		n = append(n, fmt.Sprintf("%d night(s) of sleep analysis read", len(x.Sleep)))
	}
	if len(x.RestingHR) > 0 {
		n = append(n, fmt.Sprintf("%d day(s) of resting heart rate read", len(x.RestingHR)))
	}
	keys := make([]string, 0, len(x.BadValues))
	for k := range x.BadValues {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		n = append(n, fmt.Sprintf("%d record(s) dropped: %s", x.BadValues[k], k))
	}
	n = append(n, x.Conflicts...)
	return append(n, routeNotes...)
}

// sportOf maps a workoutActivityType to gainguard's sport and sub-sport
// (the FIT profile's spelling, so that [ingest.Classify] gives the kind).
func sportOf(w *Workout) (sport, sub string) {
	t := strings.TrimPrefix(w.Type, "HKWorkoutActivityType")
	switch t {
	case "Running":
		if w.Indoor {
			return "running", "treadmill"
		}
		return "running", ""
	case "TraditionalStrengthTraining", "FunctionalStrengthTraining":
		return "training", "strength_training"
	case "Cycling", "HandCycling":
		if w.Indoor {
			return "cycling", "indoor_cycling"
		}
		return "cycling", ""
	case "Walking":
		return "walking", ""
	case "Hiking":
		return "hiking", ""
	case "Rowing":
		if w.Indoor {
			return "rowing", "indoor_rowing"
		}
		return "rowing", ""
	case "Elliptical":
		return "fitness_equipment", "elliptical"
	case "StairClimbing", "Stairs":
		return "fitness_equipment", "stair_climbing"
	case "Swimming":
		switch w.SwimLocation {
		case "1":
			return "swimming", "lap_swimming"
		case "2":
			return "swimming", "open_water"
		}
		return "swimming", ""
	case "CrossCountrySkiing":
		return "cross_country_skiing", ""
	case "PaddleSports":
		return "paddling", ""
	case "HighIntensityIntervalTraining":
		return "hiit", ""
	case "CoreTraining":
		return "training", "core"
	case "Yoga":
		return "training", "yoga"
	case "Pilates":
		return "training", "pilates"
	case "CrossTraining":
		return "training", "cross_training"
	case "MixedCardio", "MixedMetabolicCardioTraining":
		return "training", "cardio_training"
	case "Other", "":
		return "generic", ""
	}
	return snake(t), ""
}

// snake turns "DownhillSkiing" into "downhill_skiing".
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		if r < 0x80 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// activity builds a workout's activity: HR samples from the records in its
// span, route samples from its inline locations or route files.
func activity(w *Workout, hr []HRPoint, open Opener) (ingest.Activity, []string) {
	a := ingest.Activity{RPE: math.NaN(), Format: "applehealth", Start: w.Start, TZOffsetS: w.Offset, HasTZ: true,
		Precision: ingest.PrecisionExact, DistanceM: w.DistanceM, Calories: w.EnergyKcal,
		AvgHR: w.AvgHR, MaxHR: w.MaxHR, Product: w.Source}
	a.Sport, a.SubSport = sportOf(w)
	a.Kind = ingest.Classify(a.Sport, a.SubSport, false)
	a.Name = w.Source
	if strings.Contains(w.Device, "Apple Watch") || strings.Contains(w.Source, "Apple Watch") {
		a.Manufacturer = "apple"
	}
	a.ElapsedS = w.End.Sub(w.Start).Seconds()
	a.TimerS = math.Max(0, a.ElapsedS-w.PausedS)
	if !math.IsNaN(w.DurationS) {
		a.TimerS = math.Min(w.DurationS, a.ElapsedS)
	}
	var notes []string
	route := w.Route
	for _, p := range w.RoutePaths {
		pts, err := readRoute(p, open)
		if err != nil {
			notes = append(notes, fmt.Sprintf("workout at %s: route %s: %v", w.Start.Format(time.RFC3339), p, err))
			continue
		}
		route = append(route, pts...)
	}
	// Route points outside the workout (a route file of another day) are
	// not its samples.
	lo, hi := w.Start.Add(-time.Minute), w.End.Add(time.Minute)
	kept := route[:0:0]
	for _, p := range route {
		if !p.Time.Before(lo) && !p.Time.After(hi) {
			kept = append(kept, p)
		}
	}
	if n := len(route) - len(kept); n > 0 {
		notes = append(notes, fmt.Sprintf("workout at %s: %d route point(s) outside the workout's span ignored",
			w.Start.Format(time.RFC3339), n))
	}
	lo64, hi64 := w.Start.Unix(), w.End.Unix()
	i := sort.Search(len(hr), func(i int) bool { return hr[i].Unix >= lo64 })
	j := i
	for j < len(hr) && hr[j].Unix <= hi64 {
		j++
	}
	a.Samples = merge(kept, hr[i:j])
	if j > i && math.IsNaN(a.AvgHR) {
		var sum, mx float64
		for _, p := range hr[i:j] {
			sum += float64(p.BPM)
			mx = math.Max(mx, float64(p.BPM))
		}
		a.AvgHR, a.MaxHR = sum/float64(j-i), mx
	}
	return a, notes
}

// merge interleaves route points and heart-rate records by time into
// samples; a record and a point of the same second share a sample.
func merge(route []RoutePoint, hr []HRPoint) []ingest.Sample {
	slices.SortStableFunc(route, func(a, b RoutePoint) int { return a.Time.Compare(b.Time) })
	out := make([]ingest.Sample, 0, len(route)+len(hr))
	i, j := 0, 0
	for i < len(route) || j < len(hr) {
		switch {
		case j == len(hr) || i < len(route) && route[i].Time.Before(hr[j].Time()):
			out = append(out, routeSample(route[i]))
			i++
		case i == len(route) || hr[j].Time().Before(route[i].Time):
			s := ingest.NewSample(hr[j].Time())
			s.HR = float64(hr[j].BPM)
			out = append(out, s)
			j++
		default: // same instant
			s := routeSample(route[i])
			s.HR = float64(hr[j].BPM)
			out = append(out, s)
			i++
			j++
		}
	}
	return out
}

func routeSample(p RoutePoint) ingest.Sample {
	s := ingest.NewSample(p.Time)
	s.Lat, s.Lon, s.AltM, s.SpeedMS = p.Lat, p.Lon, p.AltM, p.SpeedMS
	return s
}

// readRoute reads a route GPX named by a FileReference path
// ("/workout-routes/route_….gpx", relative to the export's folder).
func readRoute(p string, open Opener) ([]RoutePoint, error) {
	if open == nil {
		return nil, errors.New("not read (export.xml given alone)")
	}
	rel := path.Clean("/" + strings.ReplaceAll(p, `\`, "/"))[1:]
	if rel == "" || !strings.HasSuffix(strings.ToLower(rel), ".gpx") {
		return nil, errors.New("not a GPX file name")
	}
	rc, err := open(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New("not found beside the export")
	}
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d, err := gpx.Decode(rc)
	if err != nil {
		return nil, err
	}
	var pts []RoutePoint
	for _, act := range d.Activities {
		for _, s := range act.Samples {
			pts = append(pts, RoutePoint{Time: s.Time, Lat: s.Lat, Lon: s.Lon, AltM: s.AltM, SpeedMS: s.SpeedMS})
		}
	}
	return pts, nil
}
