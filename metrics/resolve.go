package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gainguard/ingest"
)

// Profile fallbacks (science.md M1, M4, section 5 "EEE and FFM" and
// section 6 "Missing profile"). Every one that [Resolve] applies is
// recorded in Params.Defaults.
const (
	// DefaultHRRest is the resting heart rate when none is given, bpm (M1).
	DefaultHRRest = 60.0
	// LTHRFraction places the default lactate-threshold HR at
	// HRrest + 0.85·(HRmax − HRrest) (M2, the Elevate heuristic).
	LTHRFraction = 0.85
	// DefaultBodyMassKg is the body mass when none is given, kg (section 5 X).
	DefaultBodyMassKg = 70.0
	// DefaultBodyFatPctMale and DefaultBodyFatPctFemale are the body-fat
	// defaults, % (section 5 "EEE and FFM"); unknown sex takes the male one.
	DefaultBodyFatPctMale   = 15.0
	DefaultBodyFatPctFemale = 25.0
	// DefaultHeightCmMale and DefaultHeightCmFemale feed Mifflin–St Jeor
	// when height is not given, cm (brief; adult population means, rounded).
	// Unknown sex takes the male one.
	DefaultHeightCmMale   = 175.0
	DefaultHeightCmFemale = 162.0
	// DefaultAgeForRMR is the age put into Mifflin–St Jeor when age is
	// unknown, years (brief). Params.Age stays 0 (unknown) so that HR rules
	// never use it.
	DefaultAgeForRMR = 30
	// DefaultGoal: science.md gives none. "hybrid" (strength and endurance
	// both matter) keeps the full interference weights of section 4 without
	// the endurance halving, which suits the core hypertrophy audience too.
	DefaultGoal = ingest.GoalHybrid
	// DefaultTrainingStatus has multiplier 1.0 (R1, section 6).
	DefaultTrainingStatus = ingest.TrainingModerate
	// DefaultPhase is the neutral nutrition phase: no bulk rule fires (F2).
	DefaultPhase = ingest.PhaseMaintain
)

// DefaultParams returns the parameters of an athlete about whom nothing is
// known: Resolve of an empty profile with no activities.
func DefaultParams() Params { return Resolve(ingest.Profile{}, nil, time.Time{}) }

// Resolve turns a profile into metric parameters, applying the documented
// fallbacks and listing each one used in Params.Defaults as a short
// sentence. acts are the athlete's activities (any order, any kind); they
// are read only for the HR history behind HRmax and for the athlete name.
// ref is the "as of" time: age from BirthYear is ref.Year() − BirthYear
// (may overstate by up to one year, birthdays being unknown) and HR history
// after ref is ignored; a zero ref means the latest activity start.
//
// Fallbacks, in order (science.md M1, M2, M4, sections 5 and 6):
//   - age: Age, else ref.Year() − BirthYear, else unknown (0); Mifflin–St
//     Jeor then uses [DefaultAgeForRMR].
//   - HRmax: profile value; else the observed 99.5th percentile when it
//     exceeds Tanaka (208 − 0.7·age); else Tanaka when age is known; else
//     the observed peak (≥ [MinObservedHRMax]); else [DefaultHRMax].
//   - HRrest [DefaultHRRest]; LTHR = HRrest + [LTHRFraction]·(HRmax − HRrest)
//     (a profile LTHR outside HRrest–HRmax is replaced).
//   - sex unknown → "" (male TRIMP constants, multiplier 0.9).
//   - body mass [DefaultBodyMassKg]; body fat 15 % male / 25 % female;
//     height 175 cm male / 162 cm female. A profile fat_free_mass_kg below
//     the body mass is kept in FatFreeMassKg (the scorer then uses it for
//     FFM) and, with a given body mass and no body_fat_pct, gives
//     BodyFatPct = 100·(1 − FFM/mass), recorded in Sources.
//   - goal [DefaultGoal], training status [DefaultTrainingStatus], phase
//     [DefaultPhase].
//   - time zone: profile IANA name via time.LoadLocation; absent or not
//     loadable → UTC. Activities that carry their own offset (HasTZ) use it.
func Resolve(p ingest.Profile, acts []ingest.Activity, ref time.Time) Params {
	var out Params
	note := func(format string, args ...any) {
		out.Defaults = append(out.Defaults, fmt.Sprintf(format, args...))
	}
	given := func(v float64) bool { return v > 0 && !math.IsInf(v, 0) }

	out.Athlete = p.Name
	for i := range acts {
		if acts[i].Athlete != "" {
			out.Athlete = acts[i].Athlete
			break
		}
	}
	if ref.IsZero() {
		for i := range acts {
			if acts[i].Start.After(ref) {
				ref = acts[i].Start
			}
		}
	}

	// Sex.
	out.Sex = enumOf(note, "sex", p.Sex, ingest.Sexes)
	if out.Sex == "" {
		note("sex not given: male TRIMP constants and a 0.9 sex multiplier used")
	}
	female := out.Sex == ingest.SexFemale

	// Age.
	switch {
	case p.Age > 0:
		out.Age = p.Age
	case p.BirthYear > 0 && !ref.IsZero() && ref.Year()-p.BirthYear > 0:
		out.Age = ref.Year() - p.BirthYear
		note("age from birth_year %d: %d years in %d (±1)", p.BirthYear, out.Age, ref.Year())
	default:
		note("age not given: HRmax not age-based; %d years assumed for resting metabolic rate", DefaultAgeForRMR)
	}

	// Heart rate.
	out.HRRest = p.HRRest
	if !given(out.HRRest) {
		out.HRRest = DefaultHRRest
		note("hr_rest not given: %g bpm assumed", DefaultHRRest)
	}
	out.HRMax, out.HRMaxSource = resolveHRMax(p.HRMax, out.Age, out.HRRest, acts, ref, note)
	out.LTHR = p.LTHR
	if given(out.LTHR) && (out.LTHR <= out.HRRest || out.LTHR > out.HRMax) {
		note("lthr %g bpm outside hr_rest–hr_max: replaced", out.LTHR)
		out.LTHR = 0
	}
	if !given(out.LTHR) {
		out.LTHR = out.HRRest + LTHRFraction*(out.HRMax-out.HRRest)
		note("lthr not given: hr_rest + 0.85·(hr_max − hr_rest) = %.0f bpm", out.LTHR)
	}

	// Body.
	out.BodyMassKg = p.BodyMassKg
	if !given(out.BodyMassKg) {
		out.BodyMassKg = DefaultBodyMassKg
		out.BodyMassAssumed = true
		note("body mass not given: %g kg assumed", DefaultBodyMassKg)
	}
	out.BodyFatPct = p.BodyFatPct
	if given(p.FatFreeMassKg) && p.FatFreeMassKg < out.BodyMassKg {
		out.FatFreeMassKg = p.FatFreeMassKg
		if !given(out.BodyFatPct) && given(p.BodyMassKg) {
			out.BodyFatPct = 100 * (1 - p.FatFreeMassKg/p.BodyMassKg)
			out.Sources = append(out.Sources, fmt.Sprintf("body fat %.1f %% from fat_free_mass_kg %g and body_mass_kg %g", out.BodyFatPct, p.FatFreeMassKg, p.BodyMassKg))
		}
	} else if given(p.FatFreeMassKg) {
		note("fat_free_mass_kg %g not below body mass %g kg: ignored", p.FatFreeMassKg, out.BodyMassKg)
	}
	if !given(out.BodyFatPct) {
		out.BodyFatPct = DefaultBodyFatPctMale
		if female {
			out.BodyFatPct = DefaultBodyFatPctFemale
		}
		out.BodyFatAssumed = true
		note("body fat not given: %g %% assumed", out.BodyFatPct)
	}
	out.HeightCm = p.HeightCm
	if !given(out.HeightCm) {
		out.HeightCm = DefaultHeightCmMale
		if female {
			out.HeightCm = DefaultHeightCmFemale
		}
		note("height not given: %g cm assumed for resting metabolic rate", out.HeightCm)
	}

	// Goals.
	out.Goal = enumOf(note, "goal", p.Goal, ingest.Goals)
	if out.Goal == "" {
		out.Goal = DefaultGoal
		note("goal not given: %q assumed", DefaultGoal)
	}
	out.TrainingStatus = enumOf(note, "training_status", p.TrainingStatus, ingest.TrainingStatuses)
	if out.TrainingStatus == "" {
		out.TrainingStatus = DefaultTrainingStatus
		note("training status not given: %q assumed (multiplier 1.0)", DefaultTrainingStatus)
	}
	out.Phase = enumOf(note, "phase", p.Phase, ingest.Phases)
	if out.Phase == "" {
		out.Phase = DefaultPhase
		note("phase not given: %q assumed", DefaultPhase)
	}

	// Time zone.
	out.Loc = time.UTC
	switch tz := strings.TrimSpace(p.TimeZone); {
	case tz == "":
		note("time zone not given: UTC used for activities without their own offset")
	default:
		loc, err := time.LoadLocation(tz)
		if err != nil {
			note("time zone %q not loadable: UTC used", tz)
		} else {
			out.Loc = loc
		}
	}
	return out
}

// resolveHRMax applies the HRmax fallback chain of [Resolve].
func resolveHRMax(profile float64, age int, rest float64, acts []ingest.Activity, ref time.Time, note func(string, ...any)) (float64, string) {
	if profile > rest && profile > 0 {
		return profile, HRMaxProfile
	}
	if profile > 0 {
		note("hr_max %g not above hr_rest %g: ignored", profile, rest)
	}
	q, peak, n := observedHR(acts, ref)
	tanaka := TanakaHRMax(age)
	switch {
	case age > 0 && q > tanaka:
		note("hr_max not given: 99.5th percentile of %d observed HR samples, %.0f bpm, used (above the Tanaka estimate %.0f)", n, q, tanaka)
		return q, HRMaxObserved
	case age > 0:
		note("hr_max not given: Tanaka estimate 208 − 0.7·%d = %.0f bpm", age, tanaka)
		return tanaka, HRMaxTanaka
	case peak >= MinObservedHRMax && peak > rest:
		note("hr_max and age not given: observed peak HR %.0f bpm used", peak)
		return peak, HRMaxPeak
	}
	note("hr_max and age not given and no usable HR history: %g bpm assumed", DefaultHRMax)
	return DefaultHRMax, HRMaxDefault
}

// Values of Params.HRMaxSource.
const (
	HRMaxProfile  = "profile"
	HRMaxObserved = "observed_p99.5"
	HRMaxTanaka   = "tanaka"
	HRMaxPeak     = "observed_peak"
	HRMaxDefault  = "default"
)

// enumOf is v in lower case when it is one of allowed; otherwise it notes
// it and returns "" (not given).
func enumOf[T ~string](note func(string, ...any), field string, v T, allowed []T) T {
	v = T(strings.ToLower(strings.TrimSpace(string(v))))
	if v != "" && !slices.Contains(allowed, v) {
		note("%s %q not recognized: treated as not given", field, v)
		return ""
	}
	return v
}
