package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"time"
)

// Missing is the sentinel for an unknown float value.
var Missing = math.NaN()

// Known reports whether v holds a value (is not NaN).
func Known(v float64) bool { return !math.IsNaN(v) }

// Kind is gainguard's coarse activity class.
type Kind string

// The activity kinds. Run covers running, trail and treadmill running.
// Lift is strength training (FIT sport training/strength_training, or any
// FIT activity with set messages). Cardio is other endurance work (cycling,
// rowing, elliptical, walking, hiking, swimming). Other is everything else.
const (
	KindRun    Kind = "run"
	KindLift   Kind = "lift"
	KindCardio Kind = "cardio"
	KindOther  Kind = "other"
)

// Region is the body region a strength exercise loads.
type Region string

// Body regions, ordered by how much a run interferes with them.
const (
	RegionUnknown Region = "unknown"
	RegionLower   Region = "lower"
	RegionUpper   Region = "upper"
	RegionFull    Region = "full"
)

// Precision says how exactly an activity's start time is known.
type Precision string

const (
	// PrecisionExact: start time known to the second (watch files).
	PrecisionExact Precision = "exact"
	// PrecisionDate: only the local date is known (some lift-app logs);
	// Start is then set to 12:00 local time.
	PrecisionDate Precision = "date"
)

// Activity is one recorded session: a run, a lift, a ride...
// A multisport FIT file yields one Activity per session.
type Activity struct {
	ID      string // stable content hash, set by [ActivityID] when the batch assigns the athlete
	Athlete string // athlete name; "" until the batch assigns one
	Source  string // path of the file it came from (inside an archive: archive path + "!" + entry)
	Format  string // "fit", "gpx", ...
	Index   int    // 0-based position of this activity within its file

	Kind     Kind
	Sport    string // normalized sport name, lower snake_case ("running", "training", "cycling")
	SubSport string // normalized sub-sport ("trail", "treadmill", "strength_training", "" when generic)
	Name     string // user-visible title when the file has one
	// SportSource says who named Sport (a SportSource constant), or ""
	// when the sport is unknown (see [SportSource]).
	SportSource SportSource

	Start     time.Time // UTC
	Precision Precision
	TZOffsetS int  // local time = UTC + TZOffsetS seconds
	HasTZ     bool // TZOffsetS came from the file (otherwise the profile's zone applies)
	// Floating is true when the file gave local wall-clock times without a
	// zone (lift-app CSV logs; FIT files of watches without a UTC clock,
	// dated by their activity message's local time): Start, and the times
	// of Sets and Samples,
	// then hold that wall-clock time as if it were UTC, until [PlaceInZone]
	// moves them into the athlete's zone.
	Floating bool

	ElapsedS  float64 // wall-clock duration, pauses included
	TimerS    float64 // moving/timer duration, pauses excluded
	DistanceM float64 // total distance; NaN when unknown
	Calories  float64 // device total (gross) kcal; NaN when unknown
	AvgHR     float64 // bpm; NaN when unknown
	MaxHR     float64 // bpm; NaN when unknown
	// RPE is the session rating of perceived exertion on Foster's CR-10
	// scale, when the athlete logged one; NaN when not logged.
	RPE float64

	Manufacturer string // device maker when known ("garmin", "coros"...)
	Product      string // device product name or id when known

	Samples []Sample // time-ordered records; may be empty
	Laps    []Lap
	Sets    []Set // strength sets (active and rest), in order

	// SampleCount and HRSampleCount count the samples, and those with a
	// heart rate, as decoded: [Import] sets them for every activity, so
	// that they stay known when [Options.Reduce] drops the samples. Use
	// [Activity.NumSamples] and [Activity.NumHRSamples].
	SampleCount   int
	HRSampleCount int
	// Digest is an opaque summary of the samples set by [Options.Reduce]
	// (gainguard's metrics package keeps there what its metrics need, so
	// that the samples can be dropped right after decoding); nil when no
	// reducer ran or there were no samples.
	Digest []byte
	// ExerciseNames says who named the exercises of Sets: "" for the
	// device or app that recorded them, [NamesConnect] when they are the
	// names the athlete confirmed or corrected in Garmin Connect (they
	// replace a duplicate's names: see "Duplicates" in dedupe.go).
	ExerciseNames string
}

// NumSamples returns len(a.Samples), or SampleCount when the samples were
// dropped.
func (a *Activity) NumSamples() int {
	if len(a.Samples) > 0 {
		return len(a.Samples)
	}
	return a.SampleCount
}

// NumHRSamples returns the number of samples with a heart rate, counting
// a.Samples when present, else HRSampleCount.
func (a *Activity) NumHRSamples() int {
	if len(a.Samples) == 0 {
		return a.HRSampleCount
	}
	n := 0
	for i := range a.Samples {
		if Known(a.Samples[i].HR) {
			n++
		}
	}
	return n
}

// countSamples sets SampleCount and HRSampleCount from a.Samples.
func (a *Activity) countSamples() {
	a.SampleCount, a.HRSampleCount = len(a.Samples), 0
	for i := range a.Samples {
		if Known(a.Samples[i].HR) {
			a.HRSampleCount++
		}
	}
}

// ActivityID returns a stable identifier for a: the first 16 hex digits of
// a SHA-256 over the athlete, format, start second, index in file, kind and
// sport. It does not depend on the file's path, so moving a folder keeps ids.
func ActivityID(a *Activity) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00%s\x00%s\x00%s",
		a.Athlete, a.Format, a.Start.Unix(), a.Index, a.Kind, a.Sport, a.SubSport)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// PlaceInZone turns a floating activity's wall-clock times into real
// instants in loc (the athlete's zone) and records loc's offset at the
// start. Activities that are not floating are left as they are.
func PlaceInZone(a *Activity, loc *time.Location) {
	if !a.Floating || loc == nil {
		return
	}
	place := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc).UTC()
	}
	a.Start = place(a.Start)
	for i := range a.Samples {
		a.Samples[i].Time = place(a.Samples[i].Time)
	}
	for i := range a.Laps {
		a.Laps[i].Start = place(a.Laps[i].Start)
	}
	for i := range a.Sets {
		a.Sets[i].Start = place(a.Sets[i].Start)
	}
	_, a.TZOffsetS = a.Start.In(loc).Zone()
	a.Floating = false
}

// End returns Start + ElapsedS.
func (a *Activity) End() time.Time {
	return a.Start.Add(time.Duration(a.ElapsedS * float64(time.Second)))
}

// Local returns t in the activity's local time (a fixed zone of TZOffsetS).
func (a *Activity) Local(t time.Time) time.Time {
	return t.In(time.FixedZone("", a.TZOffsetS))
}

// Sample is one record of a stream (usually 1 Hz). Missing values are NaN.
type Sample struct {
	Time      time.Time // UTC
	HR        float64   // heart rate, bpm
	SpeedMS   float64   // speed, m/s
	DistanceM float64   // cumulative distance, m
	Cadence   float64   // steps or revolutions per minute
	PowerW    float64   // watts
	Lat, Lon  float64   // degrees (WGS84)
	AltM      float64   // altitude, m
}

// NewSample returns a Sample at t with every value missing.
func NewSample(t time.Time) Sample {
	n := math.NaN()
	return Sample{Time: t, HR: n, SpeedMS: n, DistanceM: n, Cadence: n, PowerW: n, Lat: n, Lon: n, AltM: n}
}

// Lap is one lap or split as recorded by the device.
type Lap struct {
	Start     time.Time
	ElapsedS  float64
	TimerS    float64
	DistanceM float64 // NaN when unknown
	AvgHR     float64 // NaN when unknown
	MaxHR     float64 // NaN when unknown
}

// SetType says whether a strength set was work or rest.
type SetType string

const (
	SetActive SetType = "active"
	SetRest   SetType = "rest"
)

// Set is one strength-training set.
type Set struct {
	Start     time.Time
	DurationS float64 // NaN when unknown
	Type      SetType
	Reps      int     // -1 when unknown
	WeightKg  float64 // NaN when unknown (0 is bodyweight)
	Exercise  string  // normalized exercise or category name ("squat", "bench_press")
	Region    Region
	RPE       float64 // the set's rating of perceived exertion (1–10) as logged; NaN when not logged
	// Mark is what the log says of an active set beyond "work set":
	// [MarkWarmup], [MarkDrop], [MarkFailure], or "" (a normal set, or a
	// format that cannot say, such as FIT).
	Mark SetMark
}

// SetMark is a lift app's label on an active set (Strong's W/D/F set
// order, Hevy's set_type, a generic log's set type column).
type SetMark string

const (
	MarkWarmup  SetMark = "warmup"
	MarkDrop    SetMark = "drop"
	MarkFailure SetMark = "failure"
)

// DayIntake is one day of a food log. Values are daily totals; NaN when the
// log does not say.
type DayIntake struct {
	Athlete   string
	Source    string
	Date      time.Time // the athlete's local calendar day, as midnight UTC of that date
	Kcal      float64   // energy intake, kcal
	ProteinG  float64   // protein, g
	CarbsG    float64   // carbohydrate, g
	RunCarbsG float64   // carbohydrate eaten during runs that day, g (NaN: not logged)
}

// BodyMeasurement is one weigh-in or body-composition reading (a smart
// scale's FIT weight file, or a body-weight CSV). NaN when not measured.
type BodyMeasurement struct {
	Athlete   string
	Source    string
	Time      time.Time // UTC; date-only readings are at 12:00 local
	Precision Precision
	MassKg    float64
	FatPct    float64 // body fat, %
	MuscleKg  float64 // muscle mass, kg
}
