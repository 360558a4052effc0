package report

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// The athlete-day energy model, computed by one set of functions for the
// under-fueling score (UF-E, UF-B), the days table (energy_need_kcal,
// ffm_kg, energy_availability) and the fuelling chart, so that they cannot
// disagree (docs/scoring.md, "One energy model"):
//
//	mass    = latest weigh-in on or before the day, else the resolved
//	          profile mass, else Tuning.DefaultBodyMassKg
//	fat %   = latest body-fat reading on or before the day, else the
//	          resolved profile value, else 15 % (male) / 25 % (female)
//	FFM     = the profile's measured fat-free mass when set (and below
//	          mass), else mass × (1 − fat/100)
//	need    = (500 + 22·FFM) × Tuning.NonExercisePAL + net exercise kcal
//	          (Cunningham 1980 resting rate; runs, lifts and other cardio)
//	EA      = (intake − net exercise kcal) / FFM

// applyTuningDefaults resolves the defaults that the tuning owns, in one
// place, before any metric is computed: an assumed body mass is
// t.DefaultBodyMassKg (metrics.Resolve's 70 kg unless tuned), so energy,
// the score, the days table and the chart all use it.
func applyTuningDefaults(p *metrics.Params, t Tuning) {
	if p.BodyMassAssumed && t.DefaultBodyMassKg > 0 && p.BodyMassKg != t.DefaultBodyMassKg {
		old := fmt.Sprintf("%g kg assumed", p.BodyMassKg)
		p.BodyMassKg = t.DefaultBodyMassKg
		p.Defaults = slices.Clone(p.Defaults) // p may be a caller's copy
		for i, d := range p.Defaults {
			if strings.HasPrefix(d, "body mass not given") {
				p.Defaults[i] = strings.Replace(d, old, fmt.Sprintf("%g kg assumed (tuning default_body_mass_kg)", p.BodyMassKg), 1)
			}
		}
	}
}

// restingNeed is the non-exercise expenditure of a day: Cunningham's
// resting rate for ffm kg of fat-free mass × the non-exercise activity
// factor.
func restingNeed(ffm float64, t Tuning) float64 {
	return (CunninghamIntercep + CunninghamSlope*ffm) * t.NonExercisePAL
}

// bodyModel resolves one athlete's body mass and composition per day.
type bodyModel struct {
	massDays []day // sorted; massKg[i] is the latest reading of massDays[i]
	massKg   []float64
	fatDays  []day
	fatPct   []float64

	profileMass float64
	massSrc     string // MassProfile or MassDefault
	profileFat  float64
	fatAssumed  bool
	measuredFFM float64 // 0 when none
}

// newBodyModel builds the body model from the resolved profile and the
// athlete's readings (mass and/or body fat; Kg or FatPct ≤ 0 means absent).
func newBodyModel(p metrics.Params, t Tuning, readings []WeighIn, loc *time.Location) bodyModel {
	if loc == nil {
		loc = time.UTC
	}
	b := bodyModel{profileMass: p.BodyMassKg, massSrc: MassProfile, profileFat: p.BodyFatPct, measuredFFM: p.FatFreeMassKg}
	if !(b.profileMass > 0) || p.BodyMassAssumed {
		b.massSrc = MassDefault
		if !(b.profileMass > 0) || p.BodyMassAssumed {
			b.profileMass = t.DefaultBodyMassKg
		}
	}
	if !(b.profileFat > 0) || b.profileFat >= 100 {
		b.fatAssumed = true
		b.profileFat = metrics.DefaultBodyFatPctMale
		if p.Sex == ingest.SexFemale {
			b.profileFat = metrics.DefaultBodyFatPctFemale
		}
	}
	rs := slices.Clone(readings)
	slices.SortStableFunc(rs, func(a, b WeighIn) int { return a.Time.Compare(b.Time) })
	for _, r := range rs {
		if r.Time.IsZero() {
			continue
		}
		d := dayOf(r.Time.In(loc))
		if r.Kg > 0 {
			if n := len(b.massDays); n > 0 && b.massDays[n-1] == d {
				b.massKg[n-1] = r.Kg
			} else {
				b.massDays, b.massKg = append(b.massDays, d), append(b.massKg, r.Kg)
			}
		}
		if r.FatPct > 0 && r.FatPct < 100 {
			if n := len(b.fatDays); n > 0 && b.fatDays[n-1] == d {
				b.fatPct[n-1] = r.FatPct
			} else {
				b.fatDays, b.fatPct = append(b.fatDays, d), append(b.fatPct, r.FatPct)
			}
		}
	}
	return b
}

// latestOn returns the value of the latest day ≤ d, if any.
func latestOn(days []day, vals []float64, d day) (float64, bool) {
	i, found := slices.BinarySearch(days, d)
	if !found {
		i--
	}
	if i < 0 {
		return math.NaN(), false
	}
	return vals[i], true
}

// at returns the day's body mass, body fat %, fat-free mass, the mass
// source (MassWeighIn, MassProfile, MassDefault) and the latest weigh-in
// (NaN before the first).
func (b *bodyModel) at(d day) (mass, fat, ffm float64, src string, weighIn float64) {
	mass, src = b.profileMass, b.massSrc
	weighIn, ok := latestOn(b.massDays, b.massKg, d)
	if ok {
		mass, src = weighIn, MassWeighIn
	}
	fat = b.profileFat
	if f, ok := latestOn(b.fatDays, b.fatPct, d); ok {
		fat = f
	}
	ffm = mass * (1 - fat/100)
	if b.measuredFFM > 0 && b.measuredFFM < mass {
		ffm = b.measuredFFM
	}
	return mass, fat, ffm, src, weighIn
}

// readingsOf converts an athlete's body measurements with a plausible mass
// or body fat into [WeighIn] values (Kg or FatPct 0 when absent).
func readingsOf(body []ingest.BodyMeasurement, athlete string) []WeighIn {
	var out []WeighIn
	for i := range body {
		m := &body[i]
		if m.Athlete != athlete || m.Time.IsZero() {
			continue
		}
		wi := WeighIn{Time: m.Time}
		if m.MassKg >= readingMassMin && m.MassKg <= readingMassMax {
			wi.Kg = m.MassKg
		}
		if m.FatPct >= readingFatMin && m.FatPct <= readingFatMax {
			wi.FatPct = m.FatPct
		}
		if wi.Kg > 0 || wi.FatPct > 0 {
			out = append(out, wi)
		}
	}
	return out
}
