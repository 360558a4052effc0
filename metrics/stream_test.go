package metrics

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"gainguard/ingest"
)

func TestSampleDt(t *testing.T) {
	s := []ingest.Sample{
		ingest.NewSample(t0),
		ingest.NewSample(t0.Add(1 * time.Second)),
		ingest.NewSample(t0.Add(4 * time.Second)),
		ingest.NewSample(t0.Add(304 * time.Second)), // 5-min pause
		ingest.NewSample(t0.Add(304 * time.Second)), // duplicate time
		ingest.NewSample(t0.Add(303 * time.Second)), // out of order
	}
	want := []float64{1, 3, MaxSampleGapS, 0, 0, 0}
	for i, w := range want {
		if got := sampleDt(s, i); got != w {
			t.Errorf("sampleDt(%d) = %g, want %g", i, got, w)
		}
	}
}

func TestMedianFilter(t *testing.T) {
	// 1 Hz HR 100 with a single spike and a dropout: a 5-s window removes
	// the spike and fills the gap.
	s := stream(t0, 10, constHR(100))
	s[4].HR = 220
	s[7].HR = math.NaN()
	got := medianFilter(s, hrOf, 5)
	for i, v := range got {
		if v != 100 {
			t.Errorf("filtered[%d] = %g, want 100", i, v)
		}
	}
	if m := medianFilter(nil, hrOf, 5); len(m) != 0 {
		t.Errorf("empty input gave %v", m)
	}
	none := stream(t0, 3, constHR(math.NaN()))
	for i, v := range medianFilter(none, hrOf, 5) {
		if !math.IsNaN(v) {
			t.Errorf("no-HR filtered[%d] = %g, want NaN", i, v)
		}
	}
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		vals []float64
		q    float64
		want float64
	}{
		{nil, 0.5, math.NaN()},
		{[]float64{5}, 0.995, 5},
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},
		{[]float64{4, 3, 2, 1, 0}, 1, 4},
		{[]float64{0, 10}, 0.995, 9.95},
	}
	for _, tc := range tests {
		near(t, "percentile", percentile(append([]float64(nil), tc.vals...), tc.q), tc.want, 1e-12)
	}
}

// TestMedianFilterSliding: the sliding window gives exactly the medians of
// a window rebuilt for every sample, on irregular streams with gaps,
// repeated times and missing values.
func TestMedianFilterSliding(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 40 {
		s := make([]ingest.Sample, 50+n*20)
		at := t0
		for i := range s {
			at = at.Add(time.Duration(rng.IntN(4000)) * time.Millisecond) // 0–4 s, repeats included
			if rng.IntN(50) == 0 {
				at = at.Add(time.Minute)
			}
			s[i] = ingest.NewSample(at)
			if rng.IntN(6) != 0 {
				s[i].HR = float64(60 + rng.IntN(120))
			}
		}
		for _, w := range []float64{5, 10} {
			got := medianFilter(s, hrOf, w)
			half := time.Duration(w / 2 * float64(time.Second))
			for i := range s {
				var win []float64
				for j := range s {
					if d := s[j].Time.Sub(s[i].Time); d >= -half && d <= half && !math.IsNaN(hrOf(s[j])) {
						win = append(win, hrOf(s[j]))
					}
				}
				sort.Float64s(win)
				if want := median(win); !(got[i] == want || math.IsNaN(got[i]) && math.IsNaN(want)) {
					t.Fatalf("stream %d window %g sample %d: %v, want %v", n, w, i, got[i], want)
				}
			}
		}
	}
}

// TestSelectMedian: selection gives the median of the sorted values, for
// odd and even lengths, ties and sorted or reversed input.
func TestSelectMedian(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := range 200 {
		vals := make([]float64, n)
		for i := range vals {
			switch n % 4 {
			case 0:
				vals[i] = float64(rng.IntN(5)) // many ties
			case 1:
				vals[i] = float64(i) // sorted
			case 2:
				vals[i] = float64(n - i) // reversed
			default:
				vals[i] = rng.NormFloat64()
			}
		}
		sorted := slices.Clone(vals)
		sort.Float64s(sorted)
		want := median(sorted)
		if got := selectMedian(slices.Clone(vals)); !(got == want || math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("n=%d: %v, want %v", n, got, want)
		}
	}
}
