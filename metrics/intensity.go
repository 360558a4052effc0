package metrics

import (
	"math"
	"time"

	"gainguard/ingest"
)

// Class is a run's intensity class (science.md M3), as written in the
// runs table's class column.
type Class string

// Intensity classes of a run.
const (
	ClassLISS    Class = "liss"    // low-intensity steady state
	ClassTempo   Class = "tempo"   // sustained moderate-to-hard
	ClassHIIT    Class = "hiit"    // high-intensity intervals
	ClassUnknown Class = "unknown" // under 2 min of HR and no usable speed
)

// Intensity-class thresholds (science.md M3 unless marked).
const (
	// ClassFilterS is the median-filter window applied to HR and speed, s.
	ClassFilterS = 10.0
	// VigorousFracHRR and VigorousFracHRMax: "above vigorous" means
	// ≥ 60 % HRR or ≥ 77 % HRmax (ACSM; M1), i.e. the lower of the two.
	VigorousFracHRR   = 0.60
	VigorousFracHRMax = 0.77
	// BoutMinS and BoutMaxS bound a work bout, s. Longer efforts above
	// vigorous are sustained (tempo) work, not intervals.
	BoutMinS = 20.0
	BoutMaxS = 8 * 60.0
	// BoutDropBPM ends an HR-detected bout: a drop of this much from the
	// bout's peak (or a fall below the vigorous threshold).
	BoutDropBPM = 10.0
	// SpeedBoutFactor and SpeedBoutMinS: a speed bout is ≥ 1.15 × the
	// session's median moving speed for ≥ 15 s.
	SpeedBoutFactor = 1.15
	SpeedBoutMinS   = 15.0
	// HRLagS is how long after a speed bout HR may confirm it, s (HR lags
	// effort by 20–60 s).
	HRLagS = 60.0
	// HIITMinBouts is the least number of work bouts making a HIIT session.
	HIITMinBouts = 3
	// LISSMinEasyFrac: LISS needs at least this share of HR time below
	// the vigorous threshold [VigorousHR] (and no bouts). That threshold
	// is at or below zone 4's lower edge (60 % HRR), so a run labelled
	// LISS spends at most 20 % of its HR time in zones 4–5 ("vigorous").
	LISSMinEasyFrac = 0.80
	// MinSpeedCoverage is the share of samples with a speed value needed
	// to detect bouts on speed rather than HR. [HEUR]
	MinSpeedCoverage = 0.5
	// MinClassHRS is the least HR-covered time for a class, s; less gives
	// "unknown". [HEUR]
	MinClassHRS = 120.0
)

// Intensity is the outcome of [ClassifyIntensity].
type Intensity struct {
	Class      Class   // ClassLISS, ClassTempo, ClassHIIT or ClassUnknown
	Bouts      int     // work bouts found
	BoutSource string  // "speed", "hr" or "" (no classification)
	EasyFrac   float64 // share of HR time below the vigorous threshold (VigorousHR); NaN without HR
}

// VigorousHR returns the vigorous-intensity threshold in bpm: the lower of
// HRrest + 0.60·(HRmax − HRrest) and 0.77·HRmax (science.md M1, M3).
func VigorousHR(p Params) float64 {
	return math.Min(p.HRRest+VigorousFracHRR*(p.HRMax-p.HRRest), VigorousFracHRMax*p.HRMax)
}

// ClassifyIntensity labels a run LISS, tempo or HIIT (science.md M3).
//
// HR and speed are median-filtered over [ClassFilterS]. Work bouts:
//   - with a speed stream (≥ [MinSpeedCoverage] of samples carry speed and the
//     median moving speed, over samples ≥ 0.5 m/s, is positive): stretches at
//     ≥ 1.15 × median speed lasting 15 s – 8 min, each confirmed by filtered
//     HR reaching the vigorous threshold between its start and 60 s after
//     its end;
//   - otherwise on HR: stretches at or above the vigorous threshold
//     ([VigorousHR]) lasting 20 s – 8 min, ended by a fall below it or a
//     10-bpm drop from the bout's peak; after a drop-ended bout, a new one
//     starts only once HR has fallen below the threshold or risen 10 bpm
//     above its trough.
//
// Bout time is the sum of capped sample Δt, so pauses do not stretch bouts.
// Labels: HIIT with ≥ 3 bouts; LISS with no bout and ≥ 80 % of HR time
// below the vigorous threshold; tempo otherwise. "unknown" with under 2 min of HR
// (science.md section 6: without HR the class is skipped) or no heart-rate
// reserve in p.
func ClassifyIntensity(samples []ingest.Sample, p Params) Intensity {
	return NewDigest(samples).intensity(p)
}

// speedBoutPeaks finds the speed bouts of 15 s – 8 min (filtered speed at
// ≥ 1.15 × med) and returns, for each, the highest filtered HR (hr) from
// its start to [HRLagS] after its end, NaN when there is none: the bout is
// confirmed when that reaches the vigorous threshold (see
// [ClassifyIntensity]).
//
// ts are the samples' times in Unix nanoseconds, speed their speeds
// ([speedOf]); sc is the digest's working storage.
func speedBoutPeaks(s []ingest.Sample, ts []int64, speed, hr []float64, med float64, sc *digestScratch) []float64 {
	cut := SpeedBoutFactor * med
	// Whether the filtered speed reaches cut (all a bout reads of it).
	sc.fast, sc.win = medianAtLeast(sc.fast, sc.win, ts, speed, int64(ClassFilterS/2*float64(time.Second)), cut)
	fast := sc.fast
	var peaks []float64
	i := 0
	for i < len(s) {
		if !fast[i] {
			i++
			continue
		}
		j, dur := i, 0.0
		for j < len(s) && fast[j] {
			dur += sampleDt(s, j)
			j++
		}
		// s[i:j] is the bout; HR may confirm it up to HRLagS after its end.
		if dur >= SpeedBoutMinS && dur <= BoutMaxS {
			end := ts[j-1]
			peak := math.NaN()
			for k := i; k < len(s); k++ {
				if float64(ts[k]-end)/1e9 > HRLagS {
					break
				}
				if !(hr[k] <= peak) && !math.IsNaN(hr[k]) {
					peak = hr[k]
				}
			}
			peaks = append(peaks, peak)
		}
		i = j
	}
	return peaks
}

// hrBouts counts HR-detected work bouts (see [ClassifyIntensity]) in the
// filtered heart rates hr, each standing for dtNs nanoseconds, at the
// vigorous threshold vig.
func hrBouts(hr []float64, dtNs []int64, vig float64) int {
	n := 0
	in, armed := false, true
	var peak, trough float64
	var dur int64
	const minNs, maxNs = int64(BoutMinS * 1e9), int64(BoutMaxS * 1e9)
	finish := func() {
		if dur >= minNs && dur <= maxNs {
			n++
		}
		in = false
	}
	for i, h := range hr {
		if math.IsNaN(h) {
			continue
		}
		if in {
			peak = math.Max(peak, h)
			if h < vig || h <= peak-BoutDropBPM {
				finish()
				armed, trough = h < vig, h
				continue
			}
			dur += dtNs[i]
			continue
		}
		if !armed {
			trough = math.Min(trough, h)
			if h < vig || h >= trough+BoutDropBPM {
				armed = true
			}
		}
		if armed && h >= vig {
			in, dur, peak = true, dtNs[i], h
		}
	}
	if in {
		finish()
	}
	return n
}
