package csvlog

import (
	"math"
	"sort"
	"time"

	"gainguard/ingest"
)

// body turns a body-weight log into one BodyMeasurement per row.
func (rd *reader) body(rows []row) []ingest.BodyMeasurement {
	c := rd.cols
	date := c.find(dateTimeNames...)
	clock := c.find("time")
	if clock == date {
		clock = -1
	}
	mass := c.find(bodyMassNames...)
	massFactor := 0.0
	switch {
	case c.has("weight_kg", "body_weight_kg", "body_mass_kg", "mass_kg"):
		massFactor = 1
	case c.has("weight_lbs", "weight_lb", "body_weight_lbs"):
		massFactor = lbsToKg
	}
	unitCol := c.find("unit", "units", "weight_unit")
	fatPct := c.find(bodyFatNames...)
	fatMass := c.find(fatMassNames...)
	muscle := c.find(muscleNames...)
	muscleFactor := 1.0
	if c.has("muscle_lbs", "muscle_mass_lbs") && !c.has("muscle_kg", "muscle_mass_kg") {
		muscleFactor = lbsToKg
	}

	var lbs, assumedKg int
	var out []ingest.BodyMeasurement
	for _, r := range rows {
		w, ok := parseDateTime(r.get(date))
		if !ok {
			rd.skip(r.line, "unreadable date")
			continue
		}
		if clock >= 0 && r.get(clock) != "" && !w.hasTime {
			h, m, s, ok := parseClock(r.get(clock))
			if !ok {
				rd.skip(r.line, "unreadable time")
				continue
			}
			w.t = time.Date(w.t.Year(), w.t.Month(), w.t.Day(), h, m, s, 0, time.UTC)
			w.hasTime = true
		}
		b := ingest.BodyMeasurement{Time: w.t, Precision: ingest.PrecisionExact,
			MassKg: math.NaN(), FatPct: math.NaN(), MuscleKg: math.NaN()}
		if !w.hasTime {
			b.Time = time.Date(w.t.Year(), w.t.Month(), w.t.Day(), 12, 0, 0, 0, time.UTC)
			b.Precision = ingest.PrecisionDate
		}

		v, suffix, present, ok := rd.number(r, mass)
		if present {
			f := massFactor
			if f == 0 {
				unit := r.get(unitCol)
				if unit == "" {
					unit = suffix
				}
				known := true
				if unit != "" {
					f, known = weightFactor(unit)
				} else {
					f = 1
					assumedKg++
				}
				if !known {
					ok = false
				}
			}
			v *= f
			if !ok || v < 20 || v > 500 {
				rd.skip(r.line, "unreadable weight")
				continue
			}
			if f != 1 {
				lbs++
			}
			b.MassKg = v
		}
		if v, _, _, ok := rd.number(r, fatPct); ok && v > 0 && v < 80 {
			b.FatPct = v
		} else if fm, _, _, ok := rd.number(r, fatMass); ok && fm > 0 && ingest.Known(b.MassKg) && fm < b.MassKg {
			b.FatPct = fm / b.MassKg * 100
		}
		if v, _, _, ok := rd.number(r, muscle); ok && v*muscleFactor > 5 && v*muscleFactor < 200 {
			b.MuscleKg = v * muscleFactor
		}
		if !ingest.Known(b.MassKg) && !ingest.Known(b.FatPct) && !ingest.Known(b.MuscleKg) {
			rd.skip(r.line, "no weight, body fat or muscle mass")
			continue
		}
		out = append(out, b)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	if lbs > 0 {
		rd.note("%d weights in lbs converted to kg", lbs)
	}
	if assumedKg > 0 {
		rd.note("%d weights without a unit read as kg", assumedKg)
	}
	return out
}
