// Package metrics computes per-activity facts from ingest's vocabulary:
// for every run its durations, distance, heart-rate intensity (zones,
// Banister TRIMP, LISS/tempo/HIIT class) and its timing relative to the
// athlete's lifts; for every lift its region, sets and tonnage.
//
// Everything here is a pure function of its inputs (activities and
// [Params]); there is no I/O and no global state.
package metrics

import (
	"time"

	"gainguard/ingest"
)

// Params are the athlete constants the metrics need, resolved from an
// ingest.Profile with the documented fallbacks (see [Resolve]).
type Params struct {
	Athlete    string
	Sex        ingest.Sex // SexMale | SexFemale | "" (unknown: male constants, flagged)
	Age        int        // years; 0 unknown
	BodyMassKg float64    // kg
	BodyFatPct float64    // %
	// BodyMassAssumed and BodyFatAssumed are true when BodyMassKg or
	// BodyFatPct is a default rather than the athlete's own value.
	BodyMassAssumed bool
	BodyFatAssumed  bool
	FatFreeMassKg   float64               // kg, when measured (profile fat_free_mass_kg); 0: derive from mass and body fat
	HRMax           float64               // bpm
	HRRest          float64               // bpm
	LTHR            float64               // bpm
	Goal            ingest.Goal           // strength | hypertrophy | endurance | hybrid
	TrainingStatus  ingest.TrainingStatus // untrained | moderate | trained
	Phase           ingest.Phase          // bulk | maintain | cut
	Loc             *time.Location

	HeightCm    float64 // cm; feeds Mifflin–St Jeor RMR (default 175 male / 162 female, flagged)
	HRMaxSource string  // how HRMax was found: HRMaxProfile, HRMaxObserved, HRMaxTanaka, HRMaxPeak, HRMaxDefault

	// Defaults lists every fallback used, one short sentence each
	// ("hr_rest not given: 60 bpm assumed"), for the outputs and the report.
	Defaults []string
	// Sources lists values that were not in the profile but were measured
	// elsewhere ("body mass 81.4 kg from the weigh-in of 2026-11-15"): not
	// defaults, but worth showing next to them.
	Sources []string
}

// Run holds the metrics of one run.
type Run struct {
	ActivityID string
	Athlete    string
	Name       string
	Source     string
	Sport      string
	SubSport   string

	Start     time.Time // UTC
	LocalDate time.Time // midnight of the start's local date, in Params.Loc / the activity's offset
	ElapsedS  float64
	TimerS    float64
	MovingS   float64 // seconds with speed above the moving threshold, or TimerS without a speed stream
	DistanceM float64 // NaN when unknown

	AvgHR    float64    // bpm; NaN when unknown
	MaxHR    float64    // bpm; NaN when unknown
	ZoneS    [5]float64 // seconds in HR zones Z1..Z5 (see Zones)
	TRIMP    float64    // Banister TRIMP; NaN when no HR at all
	HRSource string     // "samples" | "average" | "none"
	HRTSS    float64    // hrTSS-like load; NaN when no HR
	Class    Class      // ClassLISS, ClassTempo, ClassHIIT or ClassUnknown
	NetKcal  float64    // net energy cost estimate, kcal

	WorkBouts    int     // vigorous work bouts found by the intensity rule (see ClassifyIntensity)
	EasyFrac     float64 // fraction of HR time below the vigorous threshold (VigorousHR); NaN when no HR stream
	KcalSource   string  // how NetKcal was found: KcalDevice, KcalDistance, KcalMET
	KcalDisagree bool    // device and distance-model kcal differ by more than 40 % (M4)
	AscentM      float64 // positive altitude gain, m; NaN without altitude

	// Timing relative to lifts of the same athlete. NaN / "" when there is none.
	HoursSinceLift float64 // from the end of the previous lift to this run's start
	HoursToLift    float64 // from this run's end to the start of the next lift
	PrevLiftID     string
	NextLiftID     string
	// SameDayOrder is "lift_then_run", "run_then_lift", "both" (lifts before
	// and after on the same local day) or "separate_days".
	SameDayOrder string
	// NearestLiftID / NearestLiftRegion / NearestLiftGapH describe the lift
	// closest in time (by gap between the sessions' edges).
	NearestLiftID     string
	NearestLiftRegion ingest.Region
	NearestLiftGapH   float64
	// NearestLiftPrecision is the nearest lift's start precision; with
	// "date" its 12:00 start is assumed (science.md section 6 caps g then).
	NearestLiftPrecision ingest.Precision

	// Notes are per-activity assumptions in short sentences
	// ("lift 3f2a… is date-only: its 12:00 start is assumed").
	Notes []string
}

// Lift holds the facts of one strength session.
type Lift struct {
	ActivityID string
	Athlete    string
	Name       string
	Source     string
	Start      time.Time // UTC
	End        time.Time // UTC
	LocalDate  time.Time
	DurationS  float64
	// DurationEstimated is true when the log gave no duration and
	// DurationS was estimated from the sets (see [LiftFacts]).
	DurationEstimated bool
	Precision         ingest.Precision
	Region            ingest.Region
	Sets              int     // active sets
	Reps              int     // total reps over active sets (-1 when unknown)
	TonnageKg         float64 // Σ reps × weight over active sets
	LowerSets         int
	UpperSets         int
	NetKcal           float64
	KcalSource        string // KcalDevice or KcalMET

	// Per-region volume (see [LiftFacts]); a full-body set counts in both.
	LowerTonnageKg float64 // NaN when no lower/full set has reps and weight
	UpperTonnageKg float64 // NaN when no upper/full set has reps and weight
	LowerHardSets  int     // active, not warm-up, reps unknown or 1–HardSetMaxReps
	UpperHardSets  int
	WarmupSets     int    // active sets taken as warm-ups ([WarmupFraction])
	MainExercise   string // first lower-body (else full-body, else any) active set's exercise; "" without sets
	// SessionRPE is the CR-10 session rating (Foster 2001) when logged,
	// else the mean RPE of the hard sets when the log rates sets (noted),
	// NaN otherwise; SRPELoad = SessionRPE × minutes.
	SessionRPE float64
	SRPELoad   float64

	Notes []string // per-activity assumptions in short sentences
}
