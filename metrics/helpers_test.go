package metrics

import (
	"math"
	"sort"
	"testing"
	"time"

	"gainguard/ingest"
)

var t0 = time.Date(2025, 3, 3, 7, 0, 0, 0, time.UTC) // a Monday

// testParams: male, rest 60, max 190, LTHR default (170.5), 70 kg, 175 cm, 30 y.
func testParams() Params {
	return Params{Athlete: "t", Sex: "male", Age: 30, BodyMassKg: 70, BodyFatPct: 15, HeightCm: 175,
		HRMax: 190, HRRest: 60, LTHR: 60 + 0.85*130, Goal: "hybrid", TrainingStatus: "moderate",
		Phase: "maintain", Loc: time.UTC}
}

// stream returns n+1 samples at 1 Hz from start (so it spans n seconds);
// f gives HR and speed of second i (NaN for missing).
func stream(start time.Time, n int, f func(i int) (hr, speed float64)) []ingest.Sample {
	s := make([]ingest.Sample, n+1)
	for i := range s {
		s[i] = ingest.NewSample(start.Add(time.Duration(i) * time.Second))
		s[i].HR, s[i].SpeedMS = f(i)
	}
	return s
}

func constHR(hr float64) func(int) (float64, float64) {
	return func(int) (float64, float64) { return hr, math.NaN() }
}

func near(t *testing.T, name string, got, want, eps float64) {
	t.Helper()
	if math.IsNaN(want) {
		if !math.IsNaN(got) {
			t.Errorf("%s = %v, want NaN", name, got)
		}
		return
	}
	if !(math.Abs(got-want) <= eps) {
		t.Errorf("%s = %.6g, want %.6g ± %g", name, got, want, eps)
	}
}

// lagHR simulates heart rate approaching target with a 20-s time constant.
type lagHR struct{ hr float64 }

func (l *lagHR) step(target float64) float64 {
	l.hr += (target - l.hr) * (1 - math.Exp(-1.0/20))
	return l.hr
}

// medianFilter returns, for every sample i, the median of the known values
// v(s[j]) with |t_j − t_i| ≤ windowS/2 (a centred, time-based window, so it
// works for 1 Hz and smart recording alike). It is NaN where the window holds
// no known value. Short dropouts inside a window are thereby filled.
func medianFilter(s []ingest.Sample, v func(ingest.Sample) float64, windowS float64) []float64 {
	ts := make([]int64, len(s))
	vals := make([]float64, len(s))
	for i := range s {
		ts[i] = s[i].Time.UnixNano()
		vals[i] = v(s[i])
	}
	return medianFilterNs(ts, vals, int64(windowS/2*float64(time.Second)))
}

// percentile returns the q-th quantile (0 ≤ q ≤ 1) of vals with linear
// interpolation between order statistics (Hyndman & Fan type 7, as in R and
// NumPy's default). vals is sorted in place. NaN when empty.
func percentile(vals []float64, q float64) float64 {
	if len(vals) == 0 {
		return math.NaN()
	}
	sort.Float64s(vals)
	r := q * float64(len(vals)-1)
	i := int(math.Floor(r))
	if i >= len(vals)-1 {
		return vals[len(vals)-1]
	}
	f := r - float64(i)
	return vals[i] + f*(vals[i+1]-vals[i])
}
