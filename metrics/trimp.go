package metrics

import (
	"math"

	"gainguard/ingest"
)

// Banister TRIMP constants (Banister 1975; sex weighting from Morton,
// Fitz-Clarke & Banister 1990; science.md M2). Unknown sex takes the male
// pair (section 6).
const (
	TRIMPMaleA   = 0.64
	TRIMPMaleB   = 1.92
	TRIMPFemaleA = 0.86
	TRIMPFemaleB = 1.67
)

// trimpAB returns Banister's a and b for p.Sex.
func trimpAB(p Params) (a, b float64) {
	if p.Sex == ingest.SexFemale {
		return TRIMPFemaleA, TRIMPFemaleB
	}
	return TRIMPMaleA, TRIMPMaleB
}

// hrrFrac returns the clamped heart-rate-reserve fraction
// x = (HR − HRrest)/(HRmax − HRrest) ∈ [0, 1] (Karvonen; science.md M1).
func hrrFrac(hr float64, p Params) float64 {
	x := (hr - p.HRRest) / (p.HRMax - p.HRRest)
	return math.Min(1, math.Max(0, x))
}

// trimpRate is Banister's weighting x·a·e^(b·x), TRIMP units per minute.
func trimpRate(hr float64, p Params) float64 {
	a, b := trimpAB(p)
	x := hrrFrac(hr, p)
	return x * a * math.Exp(b*x)
}

// usableHRRange reports whether p has a positive heart-rate reserve.
func usableHRRange(p Params) bool { return p.HRMax-p.HRRest > 0 }

// TRIMP returns the Banister training impulse of a sample stream
// (science.md M2), integrated per sample rather than from the average:
//
//	TRIMP = Σ Δt[min] · x · a · e^(b·x),  x = (HR − HRrest)/(HRmax − HRrest) clamped to 0–1
//
// with a = 0.64, b = 1.92 for men and unknown sex, a = 0.86, b = 1.67 for
// women. Δt is the time to the next sample, capped at [MaxSampleGapS].
// Samples without a plausible HR (30–230 bpm) add nothing. Arbitrary units,
// ≥ 0; about 75 for 45 min at 69 % HRR (male). NaN when no sample has a
// usable HR or p has no heart-rate reserve (HRmax ≤ HRrest).
func TRIMP(samples []ingest.Sample, p Params) float64 {
	d := Digest{HR: hrBins(samples, dtsOf(samples))}
	return d.trimp(p)
}

// TRIMPAvg returns Banister TRIMP from a duration in minutes and an average
// heart rate, minutes·x·a·e^(b·x) (science.md M2 and section 6 "No HR
// stream"). It underrates interval sessions, whose HR is far from its mean.
// NaN when avgHR is not plausible, minutes is negative or NaN, or p has no
// heart-rate reserve.
func TRIMPAvg(minutes, avgHR float64, p Params) float64 {
	if !validHR(avgHR) || !(minutes >= 0) || !usableHRRange(p) {
		return math.NaN()
	}
	return minutes * trimpRate(avgHR, p)
}

// HRTSSRefMinutes is the duration of the reference effort at LTHR that
// scores 100 hrTSS (science.md M2).
const HRTSSRefMinutes = 60.0

// HRTSS returns the hrTSS-like load of a session with Banister TRIMP trimp:
//
//	hrTSS = 100 · TRIMP / TRIMP(60 min at LTHR)
//
// so one hour at lactate threshold scores 100 (science.md M2). With the
// default LTHR (85 % HRR) a male's reference is 60·0.85·0.64·e^(1.92·0.85)
// ≈ 166.9, and 45 min at 69 % HRR scores ≈ 45. NaN when trimp is NaN or
// LTHR is not above HRrest.
func HRTSS(trimp float64, p Params) float64 {
	if math.IsNaN(trimp) || !(p.LTHR > p.HRRest) {
		return math.NaN()
	}
	ref := TRIMPAvg(HRTSSRefMinutes, p.LTHR, p)
	if !(ref > 0) {
		return math.NaN()
	}
	return 100 * trimp / ref
}
