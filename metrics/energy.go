package metrics

import (
	"math"

	"gainguard/ingest"
)

// Energy model constants (science.md M4 unless marked).
const (
	// Mifflin–St Jeor resting metabolic rate, kcal/day:
	// 10·kg + 6.25·cm − 5·age + 5 (men) or − 161 (women).
	MifflinKg          = 10.0
	MifflinCm          = 6.25
	MifflinAge         = 5.0
	MifflinMaleConst   = 5.0
	MifflinFemaleConst = -161.0
	MinutesPerDay      = 1440.0
	RunKcalPerKgKm     = 1.0  // net level running cost, kcal/kg/km (Margaria 1963)
	KcalPerLO2         = 5.0  // kcal per litre of O2
	ACSMVerticalVO2    = 0.9  // mL/kg per m of grade·distance (ACSM: 0.9·S·G)
	AscentHysteresisM  = 3.0  // altitude gain counted once it exceeds the last low by this, m [HEUR]
	RunMET             = 8.0  // Compendium-style "running, general" (Ainsworth 2011); only without distance and calories [HEUR]
	LiftMET            = 5.0  // brief's choice, between M4's 3.5 (moderate) and 6 (vigorous) Compendium-style values [HEUR]
	RestingMET         = 1.0  // subtracted so MET costs are net
	KcalDisagreeFrac   = 0.40 // device vs distance model disagreement flagged above this share of the model (M4)
)

// Values of Run.KcalSource and Lift.KcalSource.
const (
	KcalDevice   = "device"   // device gross calories net of RMR
	KcalDistance = "distance" // 1.0 kcal/kg/km plus ACSM grade term
	KcalMET      = "met"      // duration × (MET − 1) × kg
)

// RMR returns the Mifflin–St Jeor resting metabolic rate in kcal/day:
// 10·kg + 6.25·cm − 5·age + 5 for men (and unknown sex), − 161 for women
// (science.md M4). Gaps: mass ≤ 0 → [DefaultBodyMassKg], height ≤ 0 → the
// sex's default height, age ≤ 0 → [DefaultAgeForRMR] (Resolve flags these).
func RMR(p Params) float64 {
	kg, cm, age := massKg(p), p.HeightCm, float64(p.Age)
	if !(cm > 0) {
		cm = DefaultHeightCmMale
		if p.Sex == ingest.SexFemale {
			cm = DefaultHeightCmFemale
		}
	}
	if !(age > 0) {
		age = DefaultAgeForRMR
	}
	c := MifflinMaleConst
	if p.Sex == ingest.SexFemale {
		c = MifflinFemaleConst
	}
	return MifflinKg*kg + MifflinCm*cm - MifflinAge*age + c
}

// massKg returns p.BodyMassKg or [DefaultBodyMassKg] when not positive.
func massKg(p Params) float64 {
	if p.BodyMassKg > 0 {
		return p.BodyMassKg
	}
	return DefaultBodyMassKg
}

// DeviceNetKcal converts device (gross) calories to net exercise energy
// expenditure: gross − RMR/1440 × minutes, floored at 0 (science.md M4:
// Garmin totals include the resting share). NaN when gross is NaN.
func DeviceNetKcal(gross, minutes float64, p Params) float64 {
	if math.IsNaN(gross) {
		return math.NaN()
	}
	return math.Max(0, gross-RMR(p)/MinutesPerDay*math.Max(0, minutes))
}

// DistanceKcal returns the net running cost in kcal of distanceM metres
// with ascentM metres of climbing (science.md M4): ACSM net VO2 =
// 0.2·S + 0.9·S·G mL/kg/min integrates over a distance d at grade G to
// (0.2·d + 0.9·G·d) mL/kg, and G·d is the climb, so with 5 kcal/L O2
//
//	kcal = kg · (1.0 · km + 4.5 · climb_km)
//
// which is Margaria's 1.0 kcal/kg/km on the flat. Downhill counts as flat
// (G = 0; the equation is not valid there). A NaN or negative ascent counts
// 0. NaN when distanceM is NaN or negative.
func DistanceKcal(distanceM, ascentM, kg float64) float64 {
	if !(distanceM >= 0) {
		return math.NaN()
	}
	if !(ascentM > 0) {
		ascentM = 0
	}
	flat := RunKcalPerKgKm * distanceM / 1000
	climb := ACSMVerticalVO2 * ascentM / 1000 * KcalPerLO2 // L O2/kg × kcal/L
	return kg * (flat + climb)
}

// METKcal returns minutes × (met − 1) × kg / 60, the Compendium-style net
// cost in kcal (science.md M4, net of 1 MET; 1 MET ≈ 1 kcal/kg/h).
// Negative or NaN minutes give 0.
func METKcal(minutes, met, kg float64) float64 {
	if !(minutes > 0) {
		return 0
	}
	return minutes * (met - RestingMET) * kg / 60
}

// Ascent returns the positive altitude gain of a stream in metres: a gain
// is counted once altitude rises [AscentHysteresisM] above the lowest point
// since the last counted gain, which ignores barometric and GPS noise.
// NaN when no sample has an altitude.
func Ascent(samples []ingest.Sample) float64 {
	var a ascent
	for i := range samples {
		a.add(samples[i].AltM)
	}
	return a.total()
}

// ascent accumulates [Ascent] one altitude at a time.
type ascent struct {
	ref, sum float64
	seen     bool
}

// add takes the next altitude (NaN and ±Inf are skipped).
func (a *ascent) add(alt float64) {
	if math.IsNaN(alt) || math.IsInf(alt, 0) {
		return
	}
	switch {
	case !a.seen:
		a.ref, a.seen = alt, true
	case alt < a.ref:
		a.ref = alt
	case alt-a.ref >= AscentHysteresisM:
		a.sum += alt - a.ref
		a.ref = alt
	}
}

// total is the ascent so far, NaN when no altitude was taken.
func (a *ascent) total() float64 {
	if !a.seen {
		return math.NaN()
	}
	return a.sum
}

// RunEnergy returns the net energy cost of a run in kcal and how it was
// found (science.md M4), with minutes the pause-excluded duration:
//  1. device calories known (and > 0; 0 means the device did not compute
//     them): [DeviceNetKcal];
//  2. else distance known: [DistanceKcal] with the stream's [Ascent];
//  3. else [METKcal] with [RunMET].
//
// disagree is true when device and distance model are both available and
// differ by more than 40 % of the model (M4 cross-check; Shcherbina 2017).
func RunEnergy(calories, distanceM, ascentM, minutes float64, p Params) (kcal float64, source string, disagree bool) {
	kg := massKg(p)
	model := DistanceKcal(distanceM, ascentM, kg)
	if calories > 0 {
		kcal = DeviceNetKcal(calories, minutes, p)
		if model > 0 && math.Abs(kcal-model) > KcalDisagreeFrac*model {
			disagree = true
		}
		return kcal, KcalDevice, disagree
	}
	if !math.IsNaN(model) && distanceM > 0 {
		return model, KcalDistance, false
	}
	return METKcal(minutes, RunMET, kg), KcalMET, false
}

// LiftEnergy returns the net energy cost of a lift in kcal and its source:
// device calories (> 0) net of RMR over minutes ([DeviceNetKcal]), else
// minutes × ([LiftMET] − 1) × kg / 60 (science.md M4 lifting EEE). minutes
// is the session's wall-clock duration, rests between sets included.
func LiftEnergy(calories, minutes float64, p Params) (float64, string) {
	if calories > 0 {
		return DeviceNetKcal(calories, minutes, p), KcalDevice
	}
	return METKcal(minutes, LiftMET, massKg(p)), KcalMET
}
