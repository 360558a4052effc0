package ingest

import (
	"fmt"
	"math"
)

// Heart-rate plausibility. A heart rate below MinPlausibleHR or at or above
// MaxPlausibleHR bpm is a sensor artefact, not a heart rate: straps and
// optical sensors write 0 when they lose contact, and 240–255 values are
// the top of the 8-bit field (255 is FIT's "invalid"). The highest heart
// rates measured in adults during exhaustive exercise lie around 220 bpm
// (Tanaka, Monahan & Seals 2001, J Am Coll Cardiol 37:153: HRmax =
// 208 − 0.7 × age, SD about 10 bpm), so 240 leaves a wide margin; below 20
// bpm no person is exercising. Implausible values are dropped (made
// missing) from samples, and an activity's or lap's average or maximum
// that is implausible is dropped too; [SanitizeHR] then derives them from
// the remaining samples. docs/scoring.md ("Heart-rate plausibility")
// documents the rule.
const (
	MinPlausibleHR = 20
	MaxPlausibleHR = 240 // exclusive
)

// PlausibleHR reports whether v is a heart rate a person can have (see
// MinPlausibleHR). NaN is not plausible.
func PlausibleHR(v float64) bool { return v >= MinPlausibleHR && v < MaxPlausibleHR }

// SanitizeHR applies the plausibility rule to a: implausible sample heart
// rates become missing; an implausible average or maximum (of the
// activity or a lap) becomes missing, and the activity's missing average
// and maximum are derived from its samples. It returns a note saying what
// it dropped, or "" when nothing was.
func SanitizeHR(a *Activity) string {
	samples := 0
	for i := range a.Samples {
		if h := a.Samples[i].HR; !math.IsNaN(h) && !PlausibleHR(h) {
			a.Samples[i].HR = math.NaN()
			samples++
		}
	}
	summary := 0
	for _, p := range []*float64{&a.AvgHR, &a.MaxHR} {
		if !math.IsNaN(*p) && !PlausibleHR(*p) {
			*p = math.NaN()
			summary++
		}
	}
	for i := range a.Laps {
		for _, p := range []*float64{&a.Laps[i].AvgHR, &a.Laps[i].MaxHR} {
			if !math.IsNaN(*p) && !PlausibleHR(*p) {
				*p = math.NaN()
				summary++
			}
		}
	}
	if (math.IsNaN(a.AvgHR) || math.IsNaN(a.MaxHR)) && len(a.Samples) > 0 {
		sum, n, mx := 0.0, 0, math.NaN()
		for i := range a.Samples {
			if h := a.Samples[i].HR; !math.IsNaN(h) {
				sum += h
				n++
				if math.IsNaN(mx) || h > mx {
					mx = h
				}
			}
		}
		if n > 0 {
			if math.IsNaN(a.AvgHR) {
				a.AvgHR = sum / float64(n)
			}
			if math.IsNaN(a.MaxHR) {
				a.MaxHR = mx
			}
		}
	}
	if samples == 0 && summary == 0 {
		return ""
	}
	return fmt.Sprintf("%d heart-rate sample(s) and %d average/maximum value(s) outside %d–%d bpm dropped",
		samples, summary, MinPlausibleHR, MaxPlausibleHR-1)
}
