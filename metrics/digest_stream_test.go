package metrics

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"gainguard/ingest"
)

// The digest as it was built before its working storage was pooled and
// its passes merged (digest_stream.go): the old path, kept verbatim so that
// TestDigestOldPathNewPath can hold the new one equal to it. The median
// filter and the moving-speed median here are also the sample-based
// reference rules of TestDigestMatchesSamples.

// medianFilterNs returns, for every time ts[i] (Unix nanoseconds,
// ascending), the median of the known (not NaN) values vals[j] with
// |ts[j] − ts[i]| ≤ half (a centred, time-based window, so it works for
// 1 Hz and smart recording alike). It is NaN where the window holds no
// known value. Short dropouts inside a window are thereby filled. The window
// slides: a value leaves and enters the sorted buffer once, instead of the
// buffer being rebuilt for every sample.
func medianFilterNs(ts []int64, vals []float64, half int64) []float64 {
	out := make([]float64, len(ts))
	buf := make([]float64, 0, 16)
	lo, hi := 0, 0 // the window is [lo, hi); buf holds its known values, sorted
	for i := range ts {
		t := ts[i]
		for lo < i && t-ts[lo] > half {
			if x := vals[lo]; !math.IsNaN(x) {
				buf = oldRemoveSorted(buf, x)
			}
			lo++
		}
		for hi < len(ts) && (hi < i+1 || ts[hi]-t <= half) {
			if x := vals[hi]; !math.IsNaN(x) {
				buf = insertSorted(buf, x)
			}
			hi++
		}
		out[i] = median(buf)
	}
	return out
}

// oldRemoveSorted removes one x from the ascending slice buf, which holds it.
func oldRemoveSorted(buf []float64, x float64) []float64 {
	k, _ := slices.BinarySearch(buf, x)
	return slices.Delete(buf, k, k+1)
}

// medianMovingSpeed returns the median of raw speed over moving samples
// (≥ [MovingSpeedMS]) and whether the stream is usable for bout detection.
func medianMovingSpeed(s []ingest.Sample) (float64, bool) {
	if len(s) == 0 {
		return 0, false
	}
	var have int
	var moving []float64
	for i := range s {
		v := speedOf(s[i])
		if math.IsNaN(v) {
			continue
		}
		have++
		if v >= MovingSpeedMS {
			moving = append(moving, v)
		}
	}
	if float64(have) < MinSpeedCoverage*float64(len(s)) || len(moving) == 0 {
		return 0, false
	}
	m := selectMedian(moving)
	return m, m > 0
}

// oldSpeedBoutPeaks finds the speed bouts of 15 s – 8 min (filtered speed at
// ≥ 1.15 × med) and returns, for each, the highest filtered HR (hr) from
// its start to [HRLagS] after its end, NaN when there is none: the bout is
// confirmed when that reaches the vigorous threshold (see
// [ClassifyIntensity]).
//
// ts are the samples' times in Unix nanoseconds.
func oldSpeedBoutPeaks(s []ingest.Sample, ts []int64, hr []float64, med float64) []float64 {
	speed := make([]float64, len(s))
	for i := range s {
		speed[i] = speedOf(s[i])
	}
	sp := medianFilterNs(ts, speed, int64(ClassFilterS/2*float64(time.Second)))
	cut := SpeedBoutFactor * med
	var peaks []float64
	i := 0
	for i < len(s) {
		if !(sp[i] >= cut) {
			i++
			continue
		}
		j, dur := i, 0.0
		for j < len(s) && sp[j] >= cut {
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

// oldNewDigest summarizes s; without full, HR10 and the bout tables are left
// out (an activity that is not a run: see [Reduce]).
func oldNewDigest(s []ingest.Sample, full bool) *Digest {
	d := &Digest{Samples: len(s), DistanceM: sampleDistance(s), AscentM: Ascent(s)}
	if len(s) == 0 {
		return d
	}
	d.Last = s[len(s)-1].Time
	dts := dtsOf(s)
	d.MovingS, d.SpeedSeen = movingTime(s, dts)
	d.HR = hrBins(s, dts)
	if len(d.HR) == 0 {
		return d // no class without HR: nothing more to keep
	}

	ts := make([]int64, len(s))
	raw := make([]float64, len(s))
	for i := range s {
		ts[i], raw[i] = s[i].Time.UnixNano(), hrOf(s[i])
	}
	hr5 := medianFilterNs(ts, raw, int64(ObservedHRFilterS/2*float64(time.Second)))
	vals := make([]Bin, 0, len(s))
	for _, h := range hr5 {
		if !math.IsNaN(h) {
			vals = append(vals, Bin{V: h, N: 1})
		}
	}
	d.HR5 = binsOf(vals)
	if !full {
		return d
	}

	hr := medianFilterNs(ts, raw, int64(ClassFilterS/2*float64(time.Second)))
	vals = vals[:0]
	for i, h := range hr {
		if !math.IsNaN(h) {
			vals = append(vals, Bin{V: h, Ns: dts[i]})
		}
	}
	d.HR10 = binsOf(vals)

	if med, ok := medianMovingSpeed(s); ok {
		d.BoutSource = "speed"
		d.SpeedBoutHR = oldSpeedBoutPeaks(s, ts, hr, med)
		return d
	}
	d.BoutSource = "hr"
	// Consecutive equal filtered values behave as one sample with their
	// summed Δt in the bout rule, which makes the table cheaper to build.
	var rh []float64
	var rdt []int64
	for i, h := range hr {
		if math.IsNaN(h) {
			continue
		}
		if n := len(rh); n > 0 && rh[n-1] == h {
			rdt[n-1] += dts[i]
			continue
		}
		rh, rdt = append(rh, h), append(rdt, dts[i])
	}
	var prev int64 = -1
	for k := len(d.HR10) - 1; k >= 0; k-- {
		v := d.HR10[k].V
		n := int64(hrBouts(rh, rdt, v))
		if n != prev {
			d.HRBouts = append(d.HRBouts, Bin{V: v, N: n})
			prev = n
		}
	}
	// Built from the top; keep, for each run of equal counts, its highest
	// threshold, in ascending order.
	slices.Reverse(d.HRBouts)
	kept := d.HRBouts[:0]
	for i, b := range d.HRBouts {
		if i+1 < len(d.HRBouts) && d.HRBouts[i+1].N == b.N {
			continue
		}
		kept = append(kept, b)
	}
	d.HRBouts = kept
	return d
}

// TestDigestOldPathNewPath: the digest the import builds (pooled scratch,
// fewer passes) is byte for byte the one the old path built, for every
// stream of the corpus (FIT, GPX, TCX), a quarter of samples/ and the
// synthetic streams, runs and non-runs, in two orders so that the pooled
// scratch of a longer stream is reused by a shorter one and the other way.
func TestDigestOldPathNewPath(t *testing.T) {
	streams := digestStreams(t)
	// Times the new path takes Δt for from the Unix nanoseconds only when
	// it may (no monotonic reading, 1843–2096): the others, and times
	// that repeat or go back.
	shifted := func(name string, at func(i int, t time.Time) time.Time) {
		s := slices.Clone(streams["synthetic paused"])
		for i := range s {
			s[i].Time = at(i, s[i].Time)
		}
		streams[name] = s
	}
	now := time.Now()
	shifted("synthetic paused, monotonic clock", func(_ int, t time.Time) time.Time { return now.Add(t.Sub(t0)) })
	shifted("synthetic paused, year 2150", func(_ int, t time.Time) time.Time { return t.AddDate(125, 0, 0) })
	shifted("synthetic paused, year 1800", func(_ int, t time.Time) time.Time { return t.AddDate(-225, 0, 0) })
	shifted("synthetic paused, times repeated and back", func(i int, t time.Time) time.Time {
		switch i % 17 {
		case 3:
			return t.Add(-4 * time.Second)
		case 4, 5:
			return t.Add(-time.Second)
		}
		return t
	})
	names := make([]string, 0, len(streams))
	for name := range streams {
		names = append(names, name)
	}
	slices.Sort(names)
	slices.SortStableFunc(names, func(a, b string) int { return len(streams[b]) - len(streams[a]) })
	rev := slices.Clone(names)
	slices.Reverse(rev)
	kinds := map[bool]int{}
	for _, order := range [][]string{names, rev} {
		for _, name := range order {
			s := streams[name]
			for _, full := range []bool{true, false} {
				want := oldNewDigest(s, full).AppendBinary(nil)
				got := newDigest(s, full).AppendBinary(nil)
				if !bytes.Equal(got, want) {
					t.Errorf("%s (full %v): the new digest differs from the old path's", name, full)
				}
			}
			kinds[oldNewDigest(s, true).BoutSource == "speed"]++
		}
	}
	// Both bout sources must be covered, or the test proves less than it says.
	if kinds[true] == 0 || kinds[false] == 0 {
		t.Errorf("streams by bout source (speed: true): %v; want both", kinds)
	}
}

// TestMedianAtLeast: whether the filtered value reaches a threshold, from
// the counts (medianAtLeast), is what comparing the sorted-window median
// (the old path's medianFilterNs) gives, sample for sample: random times
// (1 Hz, smart recording, repeated times, gaps), few distinct values so
// that windows tie and values equal the threshold, missing values, and
// thresholds at, between and beyond the values (huge ones too, where a
// mean could overflow).
func TestMedianAtLeast(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	half := int64(5 * time.Second)
	var out []bool
	var win []float64
	cases, ties := 0, 0
	for k := range 400 {
		n := rng.IntN(300)
		ts, vals := make([]int64, n), make([]float64, n)
		levels := []float64{0, 1, 2.5, 3, 3.001, 4, 7.25}
		if k%10 == 9 {
			levels = []float64{math.MaxFloat64, math.MaxFloat64 * 0.75, math.MaxFloat64 * 0.6, 1}
		}
		var at int64
		for i := range n {
			switch r := rng.IntN(20); {
			case r == 0: // a gap
				at += int64(rng.IntN(30)) * int64(time.Second)
			case r < 3: // the same time again
			case r < 8: // smart recording
				at += int64(1+rng.IntN(8)) * int64(time.Second)
			default:
				at += int64(time.Second)
			}
			ts[i] = at
			vals[i] = levels[rng.IntN(len(levels))]
			if rng.IntN(8) == 0 {
				vals[i] = math.NaN()
			}
		}
		cuts := append(slices.Clone(levels), 2.75, -1, 1e9, math.Inf(1))
		for _, cut := range cuts {
			want := medianFilterNs(ts, vals, half)
			out, win = medianAtLeast(out, win, ts, vals, half, cut)
			for i := range ts {
				cases++
				if want[i] == cut {
					ties++
				}
				if out[i] != (want[i] >= cut) {
					t.Fatalf("stream %d, cut %g, sample %d: at least %v, but the median is %g", k, cut, i, out[i], want[i])
				}
			}
		}
	}
	if ties < 1000 {
		t.Errorf("only %d of %d samples had a median equal to the threshold", ties, cases)
	}
}
