package applehealth

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"time"
)

// Export is what one export.xml holds that gainguard reads, with counts of
// everything it saw (for the file's notes and the tests).
type Export struct {
	Locale   string
	Workouts []Workout
	// Records counts the top-level Record elements by type
	// ("HKQuantityTypeIdentifierHeartRate"); records inside a Correlation
	// duplicate top-level ones and are counted in CorrelationRecords only.
	Records            map[string]int
	CorrelationRecords int
	Correlations       int
	Other              map[string]int // other top-level elements: ActivitySummary, ClinicalRecord...

	HR        []HRPoint // top-level heart-rate records, in file order
	Weighins  []WeighIn
	Food      []FoodDay    // by local day, in date order
	Sleep     []SleepNight // by night, in date order
	RestingHR []RestingHR  // by local day, in date order

	// Problems found and got past.
	ControlChars int64          // control characters replaced by spaces
	FirstControl int64          // byte offset of the first
	BrokenDecls  []string       // DOCTYPE declarations never closed
	SpacedAttrs  int64          // attribute names with spaces
	BadValues    map[string]int // records dropped, by reason ("BodyMass: unit st?")
	Conflicts    []string
}

// HRPoint is one heart-rate record: its start (Unix seconds) and beats
// per minute, in 16 bytes (a large export holds millions).
type HRPoint struct {
	Unix int64
	BPM  float32
}

// Time returns the record's start.
func (p HRPoint) Time() time.Time { return time.Unix(p.Unix, 0).UTC() }

// WeighIn is one body-mass record.
type WeighIn struct {
	Time   time.Time
	Offset int // local offset, s
	MassKg float64
	Source string
}

// FoodDay sums the top-level dietary records of one local day; NaN when
// the day has no record of that kind.
type FoodDay struct {
	Date     time.Time // local date as midnight UTC
	Kcal     float64
	ProteinG float64
	CarbsG   float64
	Records  int
}

// SleepNight is one night of sleep-analysis records: the union of the
// intervals (so that a watch and a phone app recording the same night are
// not added up). A night is the local day on which it ends: intervals are
// grouped by the local date of start + 12 h.
type SleepNight struct {
	Date    time.Time // local date of the morning, as midnight UTC
	AsleepS float64   // asleep (any stage)
	InBedS  float64   // in bed
	Sources []string
}

// RestingHR is one day's resting heart rate (the mean when a day has
// several records).
type RestingHR struct {
	Date time.Time
	BPM  float64
	N    int
}

// Workout is one Workout element.
type Workout struct {
	Type                string // workoutActivityType, "HKWorkoutActivityTypeRunning"
	Source              string
	Device              string
	Start               time.Time
	End                 time.Time
	Offset              int     // local offset of startDate, s
	DurationS           float64 // the duration attribute; NaN when absent
	PausedS             float64 // from Pause/Resume events
	DistanceM           float64 // NaN when unknown
	EnergyKcal          float64 // NaN when unknown
	AvgHR, MinHR, MaxHR float64 // from WorkoutStatistics; NaN when absent
	Indoor              bool
	SwimLocation        string // HKSwimmingLocationType: "1" pool, "2" open water
	RoutePaths          []string
	Route               []RoutePoint // inline <Location> points (old exports)
	Events              int
}

// RoutePoint is one location of a route.
type RoutePoint struct {
	Time           time.Time
	Lat, Lon, AltM float64
	SpeedMS        float64
}

type sleepSpan struct {
	start, end time.Time
	night      time.Time
	asleep     bool
	source     string
}

type foodAgg struct {
	kcal, protein, carbs float64
	hasK, hasP, hasC     bool
	n                    int
}

type restAgg struct {
	sum float64
	n   int
}

// builder turns elements into an Export.
type builder struct {
	x                      Export
	w                      *Workout // the open workout
	distAttr, distStat     float64
	energyAttr, energyStat float64
	pauseAt                time.Time
	paused                 bool
	inRoute                bool
	food                   map[time.Time]*foodAgg
	rest                   map[time.Time]*restAgg
	sleep                  []sleepSpan
	types                  map[string]string // interned record type names
}

func newBuilder() *builder {
	return &builder{
		x:     Export{Records: map[string]int{}, Other: map[string]int{}, BadValues: map[string]int{}},
		food:  map[time.Time]*foodAgg{},
		rest:  map[time.Time]*restAgg{},
		types: map[string]string{},
	}
}

// notRoot is returned for a document whose root is not HealthData.
type notRoot struct{ name string }

func (e notRoot) Error() string {
	if e.name == "ClinicalDocument" {
		return "an Apple Health clinical document (export_cda.xml), not the activity export"
	}
	return fmt.Sprintf("not an Apple Health export: root element <%s>", e.name)
}

// get returns an attribute's value, its entity references decoded.
func get(attrs []attr, name string) []byte {
	for i := range attrs {
		if string(attrs[i].name) == name {
			if attrs[i].esc {
				return []byte(unescape(attrs[i].val))
			}
			return attrs[i].val
		}
	}
	return nil
}

func getStr(attrs []attr, name string) string {
	for i := range attrs {
		if string(attrs[i].name) == name {
			v := attrs[i].val
			if attrs[i].esc {
				return unescape(v)
			}
			return string(v)
		}
	}
	return ""
}

var (
	tRecord      = []byte("Record")
	tWorkout     = []byte("Workout")
	tCorrelation = []byte("Correlation")
)

func (b *builder) bad(reason string) { b.x.BadValues[reason]++ }

func (b *builder) start(depth int, name []byte, attrs []attr) error {
	switch depth {
	case 0:
		if string(name) != "HealthData" {
			return notRoot{string(clip(name, 64))}
		}
		b.x.Locale = getStr(attrs, "locale")
	case 1:
		switch {
		case bytes.Equal(name, tRecord):
			b.record(attrs)
		case bytes.Equal(name, tWorkout):
			b.workout(attrs)
		case bytes.Equal(name, tCorrelation):
			b.x.Correlations++
		default:
			b.x.Other[string(clip(name, 64))]++
		}
	case 2:
		if bytes.Equal(name, tRecord) {
			b.x.CorrelationRecords++
		}
		if b.w == nil {
			return nil
		}
		switch string(name) {
		case "WorkoutEvent":
			b.event(attrs)
		case "WorkoutStatistics":
			b.statistics(attrs)
		case "MetadataEntry":
			switch string(get(attrs, "key")) {
			case "HKIndoorWorkout":
				b.w.Indoor = string(get(attrs, "value")) == "1"
			case "HKSwimmingLocationType":
				b.w.SwimLocation = string(get(attrs, "value"))
			}
		case "WorkoutRoute":
			b.inRoute = true
		}
	case 3:
		if b.w == nil || !b.inRoute {
			return nil
		}
		switch string(name) {
		case "FileReference":
			if p := getStr(attrs, "path"); p != "" {
				b.w.RoutePaths = append(b.w.RoutePaths, p)
			}
		case "Location":
			b.location(attrs)
		}
	}
	return nil
}

func (b *builder) end(depth int, name []byte) error {
	switch {
	case depth == 1 && b.w != nil && bytes.Equal(name, tWorkout):
		b.closeWorkout()
	case depth == 2 && string(name) == "WorkoutRoute":
		b.inRoute = false
	}
	return nil
}

// Record types read.
const (
	typeHR      = "HKQuantityTypeIdentifierHeartRate"
	typeResting = "HKQuantityTypeIdentifierRestingHeartRate"
	typeMass    = "HKQuantityTypeIdentifierBodyMass"
	typeEnergy  = "HKQuantityTypeIdentifierDietaryEnergyConsumed"
	typeProtein = "HKQuantityTypeIdentifierDietaryProtein"
	typeCarbs   = "HKQuantityTypeIdentifierDietaryCarbohydrates"
	typeSleep   = "HKCategoryTypeIdentifierSleepAnalysis"
)

func (b *builder) record(attrs []attr) {
	typ := get(attrs, "type")
	name, ok := b.types[string(typ)]
	if !ok {
		name = string(clip(typ, 128))
		if len(b.types) < 1024 {
			b.types[name] = name
		}
	}
	b.x.Records[name]++
	switch name {
	case typeHR, typeResting, typeMass, typeEnergy, typeProtein, typeCarbs, typeSleep:
	default:
		return
	}
	short := name[len("HKQuantityTypeIdentifier"):]
	if name == typeSleep {
		short = "SleepAnalysis"
	}
	t, off, ok := parseDate(get(attrs, "startDate"))
	if !ok {
		b.bad(short + ": bad startDate")
		return
	}
	if name == typeSleep {
		b.sleepRecord(attrs, t)
		return
	}
	v, ok := parseNum(get(attrs, "value"))
	if !ok || v < 0 {
		b.bad(short + ": bad value")
		return
	}
	unit := string(get(attrs, "unit"))
	switch name {
	case typeHR:
		bpm, ok := toBPM(v, unit)
		if !ok || bpm < 20 || bpm > 255 {
			b.bad("HeartRate: implausible or unit " + unit)
			return
		}
		b.x.HR = append(b.x.HR, HRPoint{Unix: t.Unix(), BPM: float32(bpm)})
	case typeResting:
		bpm, ok := toBPM(v, unit)
		if !ok || bpm < 20 || bpm > 200 {
			b.bad("RestingHeartRate: implausible or unit " + unit)
			return
		}
		day := localDay(t, off)
		r := b.rest[day]
		if r == nil {
			r = &restAgg{}
			b.rest[day] = r
		}
		r.sum += bpm
		r.n++
	case typeMass:
		kg, ok := toKg(v, unit)
		if !ok || kg < 20 || kg > 400 {
			b.bad("BodyMass: implausible or unit " + unit)
			return
		}
		b.x.Weighins = append(b.x.Weighins, WeighIn{Time: t, Offset: off, MassKg: kg, Source: getStr(attrs, "sourceName")})
	default:
		day := localDay(t, off)
		f := b.food[day]
		if f == nil {
			f = &foodAgg{}
			b.food[day] = f
		}
		switch name {
		case typeEnergy:
			kcal, ok := toKcal(v, unit)
			if !ok {
				b.bad("DietaryEnergyConsumed: unit " + unit)
				return
			}
			f.kcal, f.hasK = f.kcal+kcal, true
		case typeProtein, typeCarbs:
			g, ok := toGrams(v, unit)
			if !ok {
				b.bad(short + ": unit " + unit)
				return
			}
			if name == typeProtein {
				f.protein, f.hasP = f.protein+g, true
			} else {
				f.carbs, f.hasC = f.carbs+g, true
			}
		}
		f.n++
	}
}

// sleepRecord keeps one sleep-analysis interval. Values are
// HKCategoryValueSleepAnalysis{InBed, Asleep, AsleepUnspecified, AsleepCore,
// AsleepDeep, AsleepREM, Awake}; exports before iOS 9 wrote 0 (in bed),
// 1 (asleep), 2 (awake).
func (b *builder) sleepRecord(attrs []attr, start time.Time) {
	end, _, ok := parseDate(get(attrs, "endDate"))
	if !ok || end.Before(start) || end.Sub(start) > 24*time.Hour {
		b.bad("SleepAnalysis: bad endDate")
		return
	}
	v := string(get(attrs, "value"))
	var asleep bool
	switch v {
	case "HKCategoryValueSleepAnalysisInBed", "0":
	case "HKCategoryValueSleepAnalysisAsleep", "HKCategoryValueSleepAnalysisAsleepUnspecified",
		"HKCategoryValueSleepAnalysisAsleepCore", "HKCategoryValueSleepAnalysisAsleepDeep",
		"HKCategoryValueSleepAnalysisAsleepREM", "1":
		asleep = true
	case "HKCategoryValueSleepAnalysisAwake", "2":
		return
	default:
		b.bad("SleepAnalysis: unknown value")
		return
	}
	_, off, _ := parseDate(get(attrs, "startDate"))
	night := localDay(start.Add(12*time.Hour), off)
	b.sleep = append(b.sleep, sleepSpan{start: start, end: end, night: night, asleep: asleep, source: getStr(attrs, "sourceName")})
}

func (b *builder) workout(attrs []attr) {
	nan := math.NaN()
	w := &Workout{Type: getStr(attrs, "workoutActivityType"), Source: getStr(attrs, "sourceName"),
		Device: getStr(attrs, "device"), DurationS: nan, DistanceM: nan, EnergyKcal: nan,
		AvgHR: nan, MinHR: nan, MaxHR: nan}
	b.distAttr, b.distStat, b.energyAttr, b.energyStat = nan, nan, nan, nan
	b.paused, b.inRoute = false, false
	var ok bool
	if w.Start, w.Offset, ok = parseDate(get(attrs, "startDate")); !ok {
		b.bad("Workout: bad startDate")
		b.w = nil
		return
	}
	if w.End, _, ok = parseDate(get(attrs, "endDate")); !ok || w.End.Before(w.Start) || w.End.Sub(w.Start) > 7*24*time.Hour {
		b.bad("Workout: bad endDate")
		b.w = nil
		return
	}
	if v, ok := parseNum(get(attrs, "duration")); ok && v >= 0 {
		unit := string(get(attrs, "durationUnit"))
		if unit == "" {
			unit = "min"
		}
		if s, ok := toSeconds(v, unit); ok {
			w.DurationS = s
		}
	}
	if v, ok := parseNum(get(attrs, "totalDistance")); ok && v >= 0 {
		if m, ok := toMeters(v, string(get(attrs, "totalDistanceUnit"))); ok {
			b.distAttr = m
		} else {
			b.bad("Workout: distance unit " + string(clip(get(attrs, "totalDistanceUnit"), 16)))
		}
	}
	if v, ok := parseNum(get(attrs, "totalEnergyBurned")); ok && v >= 0 {
		if k, ok := toKcal(v, string(get(attrs, "totalEnergyBurnedUnit"))); ok {
			b.energyAttr = k
		} else {
			b.bad("Workout: energy unit " + string(clip(get(attrs, "totalEnergyBurnedUnit"), 16)))
		}
	}
	b.w = w
}

// event counts pauses: Pause (or MotionPaused) to the next Resume (or
// MotionResumed); a pause left open ends with the workout.
func (b *builder) event(attrs []attr) {
	b.w.Events++
	t, _, ok := parseDate(get(attrs, "date"))
	if !ok {
		return
	}
	switch string(get(attrs, "type")) {
	case "HKWorkoutEventTypePause", "HKWorkoutEventTypeMotionPaused":
		if !b.paused {
			b.paused, b.pauseAt = true, t
		}
	case "HKWorkoutEventTypeResume", "HKWorkoutEventTypeMotionResumed":
		if b.paused && !t.Before(b.pauseAt) {
			b.w.PausedS += t.Sub(b.pauseAt).Seconds()
		}
		b.paused = false
	}
}

func (b *builder) statistics(attrs []attr) {
	typ := string(get(attrs, "type"))
	unit := string(get(attrs, "unit"))
	switch typ {
	case "HKQuantityTypeIdentifierDistanceWalkingRunning", "HKQuantityTypeIdentifierDistanceCycling",
		"HKQuantityTypeIdentifierDistanceSwimming", "HKQuantityTypeIdentifierDistanceWheelchair",
		"HKQuantityTypeIdentifierDistanceDownhillSnowSports", "HKQuantityTypeIdentifierDistanceRowing",
		"HKQuantityTypeIdentifierDistancePaddleSports", "HKQuantityTypeIdentifierDistanceCrossCountrySkiing",
		"HKQuantityTypeIdentifierDistanceSkatingSports":
		if v, ok := parseNum(get(attrs, "sum")); ok && v >= 0 {
			if m, ok := toMeters(v, unit); ok {
				b.distStat = m
			} else {
				b.bad("WorkoutStatistics: distance unit " + unit)
			}
		}
	case "HKQuantityTypeIdentifierActiveEnergyBurned":
		if v, ok := parseNum(get(attrs, "sum")); ok && v >= 0 {
			if k, ok := toKcal(v, unit); ok {
				b.energyStat = k
			} else {
				b.bad("WorkoutStatistics: energy unit " + unit)
			}
		}
	case typeHR:
		for _, s := range []struct {
			key string
			dst *float64
		}{{"average", &b.w.AvgHR}, {"minimum", &b.w.MinHR}, {"maximum", &b.w.MaxHR}} {
			if v, ok := parseNum(get(attrs, s.key)); ok {
				if bpm, ok := toBPM(v, unit); ok && bpm >= 20 && bpm <= 255 {
					*s.dst = bpm
				}
			}
		}
	}
}

// location reads an inline route point (exports before iOS 11).
func (b *builder) location(attrs []attr) {
	t, _, ok := parseDate(get(attrs, "date"))
	lat, ok1 := parseNum(get(attrs, "latitude"))
	lon, ok2 := parseNum(get(attrs, "longitude"))
	if !ok || !ok1 || !ok2 || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		b.bad("Location: bad point")
		return
	}
	p := RoutePoint{Time: t, Lat: lat, Lon: lon, AltM: math.NaN(), SpeedMS: math.NaN()}
	if v, ok := parseNum(get(attrs, "altitude")); ok {
		p.AltM = v
	}
	if v, ok := parseNum(get(attrs, "speed")); ok && v >= 0 {
		p.SpeedMS = v
	}
	b.w.Route = append(b.w.Route, p)
}

// closeWorkout settles the workout's totals: the attribute beats
// WorkoutStatistics (iOS 16+ writes only the statistics); a disagreement
// of more than 1 % is noted.
func (b *builder) closeWorkout() {
	w := b.w
	b.w = nil
	if b.paused && w.End.After(b.pauseAt) {
		w.PausedS += w.End.Sub(b.pauseAt).Seconds()
	}
	w.DistanceM = pick(b, w, "distance", b.distAttr, b.distStat)
	w.EnergyKcal = pick(b, w, "energy", b.energyAttr, b.energyStat)
	b.x.Workouts = append(b.x.Workouts, *w)
}

func pick(b *builder, w *Workout, what string, attr, stat float64) float64 {
	switch {
	case math.IsNaN(attr):
		return stat
	case !math.IsNaN(stat) && math.Abs(attr-stat) > 0.01*math.Max(attr, stat):
		b.x.Conflicts = append(b.x.Conflicts, fmt.Sprintf("workout at %s: %s %.4g (attribute) and %.4g (WorkoutStatistics) disagree; the attribute is kept",
			w.Start.Format(time.RFC3339), what, attr, stat))
	}
	return attr
}

// finish settles the per-day tables.
func (b *builder) finish(fix repairs) Export {
	x := b.x
	x.ControlChars, x.FirstControl, x.BrokenDecls, x.SpacedAttrs = fix.controlChars, fix.firstControl, fix.brokenDecls, fix.spacedAttrs
	nan := math.NaN()
	for d, f := range b.food {
		fd := FoodDay{Date: d, Kcal: nan, ProteinG: nan, CarbsG: nan, Records: f.n}
		if f.hasK {
			fd.Kcal = f.kcal
		}
		if f.hasP {
			fd.ProteinG = f.protein
		}
		if f.hasC {
			fd.CarbsG = f.carbs
		}
		if f.n > 0 {
			x.Food = append(x.Food, fd)
		}
	}
	sort.Slice(x.Food, func(i, j int) bool { return x.Food[i].Date.Before(x.Food[j].Date) })
	for d, r := range b.rest {
		x.RestingHR = append(x.RestingHR, RestingHR{Date: d, BPM: r.sum / float64(r.n), N: r.n})
	}
	sort.Slice(x.RestingHR, func(i, j int) bool { return x.RestingHR[i].Date.Before(x.RestingHR[j].Date) })
	x.Sleep = nights(b.sleep)
	return x
}

// nights merges sleep intervals per night: the union of the asleep
// intervals and of the in-bed ones.
func nights(spans []sleepSpan) []SleepNight {
	sort.SliceStable(spans, func(i, j int) bool {
		if !spans[i].night.Equal(spans[j].night) {
			return spans[i].night.Before(spans[j].night)
		}
		return spans[i].start.Before(spans[j].start)
	})
	var out []SleepNight
	for i := 0; i < len(spans); {
		j := i
		for j < len(spans) && spans[j].night.Equal(spans[i].night) {
			j++
		}
		n := SleepNight{Date: spans[i].night}
		n.AsleepS = union(spans[i:j], true)
		n.InBedS = union(spans[i:j], false)
		seen := map[string]bool{}
		for _, s := range spans[i:j] {
			if !seen[s.source] {
				seen[s.source] = true
				n.Sources = append(n.Sources, s.source)
			}
		}
		sort.Strings(n.Sources)
		out = append(out, n)
		i = j
	}
	return out
}

// union is the total length, in seconds, of the union of the spans that
// are asleep (or in bed); spans are sorted by start.
func union(spans []sleepSpan, asleep bool) float64 {
	var total float64
	var cs, ce time.Time
	open := false
	for _, s := range spans {
		if s.asleep != asleep {
			continue
		}
		switch {
		case !open:
			cs, ce, open = s.start, s.end, true
		case s.start.After(ce):
			total += ce.Sub(cs).Seconds()
			cs, ce = s.start, s.end
		case s.end.After(ce):
			ce = s.end
		}
	}
	if open {
		total += ce.Sub(cs).Seconds()
	}
	return total
}
