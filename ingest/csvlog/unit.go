package csvlog

import (
	"fmt"
	"io"
	"math"
	"slices"

	"gainguard/ingest"
)

// Lift units. A lift log whose weights carry no unit (Strong's plain
// "Weight" column, a generic log without a unit column) used to be read
// as kg, even when every weight is a pound plate load. LiftUnit says how
// to read such weights:
//
//   - "" (auto, the default): kg, unless the weights are unambiguously
//     pounds by [looksLikePounds]; either way the file's notes say which;
//   - "kg" or "lbs": that unit, for every unit-less weight (analyze
//     --lift-unit).
//
// Weights with a unit (a unit column, a suffix, a "Weight (lbs)" header)
// are read in it whatever LiftUnit says.
const (
	LiftUnitAuto = ""
	LiftUnitKg   = "kg"
	LiftUnitLbs  = "lbs"
)

// FormatWithLiftUnit is [Format] reading unit-less lift weights in unit
// (LiftUnitAuto, LiftUnitKg or LiftUnitLbs). Its Config records the unit,
// so that a cache made with another unit is not used.
func FormatWithLiftUnit(unit string) ingest.Format {
	f := Format
	if unit == LiftUnitAuto {
		return f
	}
	f.Config = "lift-unit=" + unit
	f.Decode = func(r io.Reader) (ingest.Decoded, error) { return decode(r, unit) }
	return f
}

// poundPlateLoads are the barbell loads of a 45 lb bar with pairs of
// 45 lb (and 25 lb) plates: 135 is "a plate", 225 "two plates", 315
// "three". A kg log reaches two of them only by chance (225 kg is an
// elite squat).
var poundPlateLoads = []float64{95, 135, 185, 225, 275, 315, 365, 405, 455, 495}

// looksLikePounds reports whether unit-less weights are unambiguously
// pounds: at least 3 weights, all multiples of 2.5; every barbell-range
// weight (≥ 95) a multiple of 5 (kg logs use 2.5 kg steps: 102.5,
// 142.5); at least two distinct pound plate loads ([poundPlateLoads]);
// and those loads at least a quarter of the barbell-range weights.
func looksLikePounds(w []float64) bool {
	if len(w) < 3 {
		return false
	}
	var heavy, plate int
	distinct := map[float64]bool{}
	for _, v := range w {
		if math.Mod(v, 2.5) != 0 {
			return false
		}
		if v < 95 {
			continue
		}
		heavy++
		if math.Mod(v, 5) != 0 {
			return false
		}
		if slices.Contains(poundPlateLoads, v) {
			plate++
			distinct[v] = true
		}
	}
	return len(distinct) >= 2 && plate*4 >= heavy
}

// setRef locates a set whose weight had no unit.
type setRef struct {
	s *liftSession
	i int
}

// resolveLiftUnit converts the unit-less weights in refs (read as kg) to
// pounds when rd.liftUnit says so or, in auto mode, when they look like
// pounds, and notes what was done.
func (rd *reader) resolveLiftUnit(refs []setRef, st *liftStats) {
	if len(refs) == 0 {
		return
	}
	st.assumedKg = 0 // the note is written here
	var w []float64
	for _, r := range refs {
		if v := r.s.sets[r.i].WeightKg; v > 0 {
			w = append(w, v)
		}
	}
	switch {
	case rd.liftUnit == LiftUnitLbs:
		rd.note("%d weights without a unit read as lbs (--lift-unit lbs) and converted to kg", len(refs))
	case rd.liftUnit == LiftUnitKg:
		rd.note("%d weights without a unit read as kg (--lift-unit kg)", len(refs))
		return
	case looksLikePounds(w):
		rd.note("%d weights without a unit read as lbs: they are pound plate loads (%s); --lift-unit kg reads them as kg",
			len(refs), plateExamples(w))
	default:
		rd.note("%d weights without a unit read as kg (not clearly pound plate loads; --lift-unit lbs reads them as lbs)", len(refs))
		return
	}
	for _, r := range refs {
		r.s.sets[r.i].WeightKg *= lbsToKg
	}
}

// plateExamples lists up to four of the pound plate loads in w.
func plateExamples(w []float64) string {
	var seen []float64
	for _, v := range w {
		if slices.Contains(poundPlateLoads, v) && !slices.Contains(seen, v) {
			seen = append(seen, v)
		}
	}
	slices.Sort(seen)
	s := ""
	for i, v := range seen[:min(4, len(seen))] {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%g", v)
	}
	return s
}
