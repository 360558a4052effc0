package metrics

import (
	"math"
	"time"

	"gainguard/ingest"
)

// Maximum heart rate estimation (science.md M1).
const (
	// TanakaIntercept and TanakaSlope give HRmax = 208 − 0.7·age, bpm
	// (Tanaka, Monahan & Seals 2001, meta-analysis of 351 studies).
	TanakaIntercept = 208.0
	TanakaSlope     = 0.7

	// ObservedHRQuantile is the quantile of the athlete's clean sample HR
	// taken as the observed HRmax when it exceeds the Tanaka estimate (M1:
	// "the 99.5th percentile of clean 5-s HR over the last 90 days").
	ObservedHRQuantile = 0.995
	// ObservedHRWindowDays is how far back HR history is read, days (M1).
	ObservedHRWindowDays = 90
	// ObservedHRFilterS is the median-filter window that cleans single-sample
	// spikes before the quantile and the peak are taken, s (M1 "5-s HR").
	ObservedHRFilterS = 5.0
	// MinObservedHRSamples is the least number of clean HR samples (about
	// 5 min at 1 Hz) needed before an observed quantile or peak is trusted.
	// [HEUR]
	MinObservedHRSamples = 300
	// MinObservedHRMax is the lowest observed peak accepted as HRmax when
	// age is unknown, bpm: Tanaka's value at 83 years. A lower peak means
	// the athlete never went hard, not that their HRmax is low. [HEUR]
	MinObservedHRMax = 150.0
	// DefaultHRMax is used with neither profile value, age nor usable HR
	// history, bpm (brief; Tanaka at 26 years). Flagged.
	DefaultHRMax = 190.0
)

// TanakaHRMax returns 208 − 0.7·age in bpm (science.md M1). Errors of
// 7–11 bpm are typical (Robergs & Landwehr 2002), hence the preference for
// a profile value or observed HR. NaN when age ≤ 0.
func TanakaHRMax(age int) float64 {
	if age <= 0 {
		return math.NaN()
	}
	return TanakaIntercept - TanakaSlope*float64(age)
}

// observedHR summarizes the athlete's heart-rate history (science.md M1):
// q is the [ObservedHRQuantile] of the 5-s median-filtered clean sample HR of
// every activity (any kind) that starts within [ObservedHRWindowDays] before
// the latest activity start not after ref (all activities when ref is zero);
// peak is the maximum of that filtered HR. Both are NaN when fewer than
// [MinObservedHRSamples] samples are clean; peak then falls back to the
// largest plausible activity MaxHR, if any. Values outside 30–230 bpm are
// ignored.
func observedHR(acts []ingest.Activity, ref time.Time) (q, peak float64, n int) {
	var last time.Time
	for i := range acts {
		s := acts[i].Start
		if !ref.IsZero() && s.After(ref) {
			continue
		}
		if s.After(last) {
			last = s
		}
	}
	from := last.AddDate(0, 0, -ObservedHRWindowDays)
	in := func(a *ingest.Activity) bool {
		return !(!ref.IsZero() && a.Start.After(ref)) && !a.Start.Before(from)
	}
	var bins []Bin
	devPeak := math.NaN()
	for i := range acts {
		a := &acts[i]
		if !in(a) {
			continue
		}
		if validHR(a.MaxHR) && !(a.MaxHR <= devPeak) {
			devPeak = a.MaxHR
		}
		if len(a.Samples) == 0 && len(a.Digest) == 0 {
			continue
		}
		bins = append(bins, digestOf(a).HR5...)
	}
	bins = binsOf(bins)
	for _, b := range bins {
		n += int(b.N)
	}
	if n < MinObservedHRSamples {
		return math.NaN(), devPeak, n
	}
	return binPercentile(bins, n, ObservedHRQuantile), bins[len(bins)-1].V, n
}

// binPercentile is the q-th quantile (Hyndman & Fan type 7, as in R and
// NumPy: linear interpolation between order statistics) of counted values:
// bins sorted by V, n samples in all (n > 0).
func binPercentile(bins []Bin, n int, q float64) float64 {
	r := q * float64(n-1)
	i := int(math.Floor(r))
	if i >= n-1 {
		return bins[len(bins)-1].V
	}
	// The values of order statistics i and i+1 (0-based).
	var lo, hi float64
	seen := int64(0)
	for k, b := range bins {
		if seen+b.N > int64(i) {
			lo = b.V
			if seen+b.N > int64(i)+1 {
				hi = b.V
			} else {
				hi = bins[k+1].V
			}
			break
		}
		seen += b.N
	}
	f := r - float64(i)
	return lo + f*(hi-lo)
}
