package metrics

import (
	"math"
	"slices"

	"gainguard/ingest"
)

// Stream conventions shared by every sample-integrating rule (zones, TRIMP,
// moving time, intensity class).
//
// A sample stands for the interval from its own time to the next sample's
// time, Δt, capped at [MaxSampleGapS] so that a paused recording (auto-pause,
// a stop at a traffic light with the watch asleep) is not counted as time at
// the last heart rate. The last sample of a stream stands for no time, so a
// stream from t0 to t1 integrates to at most t1 − t0 seconds. Samples are
// expected in time order (ingest guarantees it); a non-positive Δt counts 0.
const (
	// MaxSampleGapS caps the time one sample stands for, s. Smart-recording
	// watches write a record every 1–7 s, so 10 s keeps them whole while
	// dropping pauses. [HEUR]
	MaxSampleGapS = 10.0

	// MinValidHR and MaxValidHR bound a plausible heart rate, bpm; samples
	// outside are sensor glitches and count as missing (brief, M1).
	MinValidHR = 30.0
	MaxValidHR = 230.0
)

// sampleDt returns the seconds sample i stands for (see [MaxSampleGapS]).
func sampleDt(s []ingest.Sample, i int) float64 {
	if i+1 >= len(s) {
		return 0
	}
	d := s[i+1].Time.Sub(s[i].Time).Seconds()
	switch {
	case !(d > 0):
		return 0
	case d > MaxSampleGapS:
		return MaxSampleGapS
	}
	return d
}

// validHR reports whether h is a usable heart rate.
func validHR(h float64) bool { return h >= MinValidHR && h <= MaxValidHR }

// hrOf returns the sample heart rate, or NaN when it is missing or implausible.
func hrOf(s ingest.Sample) float64 {
	if validHR(s.HR) {
		return s.HR
	}
	return math.NaN()
}

// speedOf returns the sample speed, or NaN when missing or negative.
func speedOf(s ingest.Sample) float64 {
	if s.SpeedMS >= 0 {
		return s.SpeedMS
	}
	return math.NaN()
}

// insertSorted inserts x into the ascending slice buf.
func insertSorted(buf []float64, x float64) []float64 {
	buf = append(buf, x)
	j := len(buf) - 1
	for j > 0 && buf[j-1] > x {
		buf[j] = buf[j-1]
		j--
	}
	buf[j] = x
	return buf
}

// median of an ascending slice; NaN when empty.
func median(sorted []float64) float64 {
	n := len(sorted)
	switch {
	case n == 0:
		return math.NaN()
	case n%2 == 1:
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// selectMedian returns the median of vals (NaN-free) like [median] of the
// sorted values, by selection (linear time) rather than a full sort. vals
// is reordered.
func selectMedian(vals []float64) float64 {
	n := len(vals)
	if n == 0 {
		return math.NaN()
	}
	k := n / 2
	hi := nthElement(vals, k)
	if n%2 == 1 {
		return hi
	}
	// The other middle value is the largest of the lower part.
	return (slices.Max(vals[:k]) + hi) / 2
}

// nthElement reorders vals so that vals[k] is the value a sort would put
// there, everything before it ≤ it and everything after ≥ it, and returns
// vals[k] (quickselect with a median-of-three pivot).
func nthElement(vals []float64, k int) float64 {
	lo, hi := 0, len(vals)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		// Median of three into vals[mid].
		if vals[mid] < vals[lo] {
			vals[mid], vals[lo] = vals[lo], vals[mid]
		}
		if vals[hi] < vals[lo] {
			vals[hi], vals[lo] = vals[lo], vals[hi]
		}
		if vals[hi] < vals[mid] {
			vals[hi], vals[mid] = vals[mid], vals[hi]
		}
		pivot := vals[mid]
		i, j := lo, hi
		for i <= j {
			for vals[i] < pivot {
				i++
			}
			for vals[j] > pivot {
				j--
			}
			if i <= j {
				vals[i], vals[j] = vals[j], vals[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return vals[k]
		}
	}
	return vals[k]
}
