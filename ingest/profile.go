package ingest

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
)

// ProfileFileName is the name of the athlete profile file that analyze
// picks up from an input folder. It applies to that folder and everything
// below it, so a coach keeps one per athlete folder.
const ProfileFileName = "athlete.json"

// Profile is what the athlete tells gainguard about themselves. Every field
// is optional; zero values mean "not given" and metrics applies the
// documented fallbacks (and records which ones it used).
//
// The file format is JSON with these keys:
//
//	{"name": "Alex", "sex": "male", "birth_year": 1994, "body_mass_kg": 82,
//	 "body_fat_pct": 14, "hr_max": 191, "hr_rest": 52, "lthr": 172,
//	 "training_status": "trained", "goal": "hypertrophy", "phase": "bulk",
//	 "time_zone": "Europe/Berlin", "tuning": {"order_lift_first": 0.8}}
//
// "fat_free_mass_kg" (from DXA or BIA) may replace "body_fat_pct". "tuning"
// overrides [HEUR] scoring thresholds by their snake_case names; ingest
// only checks that the values are finite numbers, and the scorer
// (report.ApplyTuning) rejects unknown names. docs/scoring.md lists them.
type Profile struct {
	Name           string  `json:"name,omitempty"`
	Sex            string  `json:"sex,omitempty"`              // "male" | "female"
	Age            int     `json:"age,omitempty"`              // years
	BirthYear      int     `json:"birth_year,omitempty"`       // used when Age is 0
	BodyMassKg     float64 `json:"body_mass_kg,omitempty"`     // kg
	HeightCm       float64 `json:"height_cm,omitempty"`        // cm
	BodyFatPct     float64 `json:"body_fat_pct,omitempty"`     // %
	FatFreeMassKg  float64 `json:"fat_free_mass_kg,omitempty"` // kg (DXA/BIA); used when body_fat_pct is not given
	HRMax          float64 `json:"hr_max,omitempty"`           // bpm
	HRRest         float64 `json:"hr_rest,omitempty"`          // bpm
	LTHR           float64 `json:"lthr,omitempty"`             // bpm
	TrainingStatus string  `json:"training_status,omitempty"`  // "untrained" | "moderate" | "trained"
	Goal           string  `json:"goal,omitempty"`             // "strength" | "hypertrophy" | "endurance" | "hybrid"
	Phase          string  `json:"phase,omitempty"`            // "bulk" | "maintain" | "cut"
	TimeZone       string  `json:"time_zone,omitempty"`        // IANA name, e.g. "Europe/Berlin"
	// Tuning overrides scoring heuristics by snake_case name
	// ("order_lift_first": 0.8). Names are validated by the scorer.
	Tuning map[string]float64 `json:"tuning,omitempty"`
}

// IsZero reports whether p gives nothing at all.
func (p *Profile) IsZero() bool {
	return p.Name == "" && p.Sex == "" && p.Age == 0 && p.BirthYear == 0 && p.BodyMassKg == 0 &&
		p.HeightCm == 0 && p.BodyFatPct == 0 && p.FatFreeMassKg == 0 && p.HRMax == 0 && p.HRRest == 0 &&
		p.LTHR == 0 && p.TrainingStatus == "" && p.Goal == "" && p.Phase == "" && p.TimeZone == "" &&
		len(p.Tuning) == 0
}

// Allowed values of the enumerated profile fields.
var (
	Sexes            = []string{"male", "female"}
	Goals            = []string{"strength", "hypertrophy", "endurance", "hybrid"}
	TrainingStatuses = []string{"untrained", "moderate", "trained"}
	Phases           = []string{"bulk", "maintain", "cut"}
)

// ReadProfile decodes a profile from r and validates it. Unknown keys are
// errors, so that a typo ("hrmax") does not silently fall back to a default.
func ReadProfile(r io.Reader) (Profile, error) {
	var p Profile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Profile{}, fmt.Errorf("profile: %w", err)
	}
	return p, p.Validate()
}

// Validate checks enumerated fields and physiological ranges.
func (p *Profile) Validate() error {
	check := func(field, v string, allowed []string) error {
		if v == "" {
			return nil
		}
		for _, a := range allowed {
			if strings.EqualFold(v, a) {
				return nil
			}
		}
		return fmt.Errorf("profile: %s %q is not one of %s", field, v, strings.Join(allowed, ", "))
	}
	p.Sex, p.Goal = strings.ToLower(p.Sex), strings.ToLower(p.Goal)
	p.TrainingStatus, p.Phase = strings.ToLower(p.TrainingStatus), strings.ToLower(p.Phase)
	for _, c := range []error{
		check("sex", p.Sex, Sexes),
		check("goal", p.Goal, Goals),
		check("training_status", p.TrainingStatus, TrainingStatuses),
		check("phase", p.Phase, Phases),
	} {
		if c != nil {
			return c
		}
	}
	rng := func(field string, v, lo, hi float64) error {
		if v != 0 && (v < lo || v > hi) {
			return fmt.Errorf("profile: %s %g is outside %g–%g", field, v, lo, hi)
		}
		return nil
	}
	for _, c := range []error{
		rng("age", float64(p.Age), 10, 100),
		rng("birth_year", float64(p.BirthYear), 1900, 2100),
		rng("body_mass_kg", p.BodyMassKg, 25, 300),
		rng("height_cm", p.HeightCm, 100, 250),
		rng("body_fat_pct", p.BodyFatPct, 2, 70),
		rng("fat_free_mass_kg", p.FatFreeMassKg, 15, 200),
		rng("hr_max", p.HRMax, 100, 240),
		rng("hr_rest", p.HRRest, 25, 120),
		rng("lthr", p.LTHR, 80, 230),
	} {
		if c != nil {
			return c
		}
	}
	if p.HRMax != 0 && p.HRRest != 0 && p.HRRest >= p.HRMax {
		return fmt.Errorf("profile: hr_rest %g must be below hr_max %g", p.HRRest, p.HRMax)
	}
	if p.FatFreeMassKg != 0 && p.BodyMassKg != 0 && p.FatFreeMassKg >= p.BodyMassKg {
		return fmt.Errorf("profile: fat_free_mass_kg %g must be below body_mass_kg %g", p.FatFreeMassKg, p.BodyMassKg)
	}
	for _, k := range slices.Sorted(maps.Keys(p.Tuning)) {
		if v := p.Tuning[k]; math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("profile: tuning %q: %g is not a finite number", k, v)
		}
	}
	return nil
}

// Merge returns p with every non-zero field of o laid over it (flags over file).
func (p Profile) Merge(o Profile) Profile {
	if o.Name != "" {
		p.Name = o.Name
	}
	if o.Sex != "" {
		p.Sex = o.Sex
	}
	if o.Age != 0 {
		p.Age = o.Age
	}
	if o.BirthYear != 0 {
		p.BirthYear = o.BirthYear
	}
	if o.BodyMassKg != 0 {
		p.BodyMassKg = o.BodyMassKg
	}
	if o.HeightCm != 0 {
		p.HeightCm = o.HeightCm
	}
	if o.BodyFatPct != 0 {
		p.BodyFatPct = o.BodyFatPct
	}
	if o.FatFreeMassKg != 0 {
		p.FatFreeMassKg = o.FatFreeMassKg
	}
	if o.HRMax != 0 {
		p.HRMax = o.HRMax
	}
	if o.HRRest != 0 {
		p.HRRest = o.HRRest
	}
	if o.LTHR != 0 {
		p.LTHR = o.LTHR
	}
	if o.TrainingStatus != "" {
		p.TrainingStatus = o.TrainingStatus
	}
	if o.Goal != "" {
		p.Goal = o.Goal
	}
	if o.Phase != "" {
		p.Phase = o.Phase
	}
	if o.TimeZone != "" {
		p.TimeZone = o.TimeZone
	}
	// Tuning merges key by key; p's map is copied, never written through.
	if len(o.Tuning) > 0 {
		t := maps.Clone(p.Tuning)
		if t == nil {
			t = map[string]float64{}
		}
		maps.Copy(t, o.Tuning)
		p.Tuning = t
	}
	return p
}
