package metrics

import (
	"math"
	"sync"
)

// Working storage for [newDigest]. The import workers build one digest per
// activity, thousands per batch; the per-stream arrays (times, Δt, raw and
// filtered HR, speed) are as long as the stream, and allocating them afresh
// for every activity made a third of the import's garbage. A digest takes
// its scratch from the pool and returns it; nothing in the Digest it builds
// refers to it.
type digestScratch struct {
	ts, dts, rdt              []int64
	raw, hr5, hr10, speed, rh []float64
	moving, win               []float64
	vals                      []Bin
	fast                      []bool
}

var scratchPool = sync.Pool{New: func() any { return new(digestScratch) }}

// maxPooledScratch bounds the streams whose scratch is kept for reuse (a
// 1 Hz recording of ~18 h); a longer one's is dropped.
const maxPooledScratch = 1 << 16

func getScratch() *digestScratch { return scratchPool.Get().(*digestScratch) }

func putScratch(sc *digestScratch) {
	if cap(sc.ts) > maxPooledScratch {
		return
	}
	scratchPool.Put(sc)
}

// sized returns b with length n, reusing its storage when large enough.
// The contents are not cleared.
func sized[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n, n+n/4)
	}
	return b[:n]
}

// medianFilterInto returns, for every time ts[i] (Unix nanoseconds,
// ascending), the median of the known (not NaN) values vals[j] with
// |ts[j] − ts[i]| ≤ half (a centred, time-based window, so it works for
// 1 Hz and smart recording alike). It is NaN where the window holds no
// known value. Short dropouts inside a window are thereby filled. The window
// slides: a value leaves and enters the sorted buffer once, instead of the
// buffer being rebuilt for every sample. It writes into out (resized to
// len(ts)) and keeps the window in win; it returns both for reuse.
func medianFilterInto(out, win []float64, ts []int64, vals []float64, half int64) ([]float64, []float64) {
	out = sized(out, len(ts))
	buf := win[:0]
	lo, hi := 0, 0 // the window is [lo, hi); buf holds its known values, sorted
	for i := range ts {
		t := ts[i]
		for lo < i && t-ts[lo] > half {
			if x := vals[lo]; x == x { // not NaN
				buf = removeSorted(buf, x)
			}
			lo++
		}
		for hi < len(ts) && (hi < i+1 || ts[hi]-t <= half) {
			if x := vals[hi]; x == x {
				buf = insertSorted(buf, x)
			}
			hi++
		}
		out[i] = median(buf)
	}
	return out, buf
}

// hrSlots bounds the values medianFilterCounts handles: integers 0–255
// (heart rates as watches record them; plausible ones are 30–230).
const hrSlots = 256

// integral reports whether every known value of vals is an integer in
// [0, hrSlots), so that medianFilterCounts may filter them.
func integral(vals []float64) bool {
	for _, x := range vals {
		if x == x && (x < 0 || x >= hrSlots || x != float64(int(x))) {
			return false
		}
	}
	return true
}

// medianFilterCounts is medianFilterInto for values that are all integers
// in [0, hrSlots) or NaN ([integral]): the window is kept as counts per
// value, and its median found by moving a cursor from the last one, which
// the slowly changing heart rate keeps short. The result is the same, value
// for value: the middle value, or the mean of the two middle values.
func medianFilterCounts(out []float64, ts []int64, vals []float64, half int64) []float64 {
	out = sized(out, len(ts))
	var cnt [hrSlots]int32
	n := 0
	// The cursor: value m with below known values under it in the window.
	m, below := 0, 0
	add := func(x float64, d int) {
		v := int(x)
		cnt[v] += int32(d)
		n += d
		if v < m {
			below += d
		}
	}
	lo, hi := 0, 0
	for i := range ts {
		t := ts[i]
		for lo < i && t-ts[lo] > half {
			if x := vals[lo]; x == x {
				add(x, -1)
			}
			lo++
		}
		for hi < len(ts) && (hi < i+1 || ts[hi]-t <= half) {
			if x := vals[hi]; x == x {
				add(x, +1)
			}
			hi++
		}
		if n == 0 {
			out[i] = math.NaN()
			continue
		}
		// Move the cursor to the value holding the element of rank k =
		// n/2 (0-based): below ≤ k < below+cnt[m].
		k := n / 2
		for below > k {
			m--
			below -= int(cnt[m])
		}
		for below+int(cnt[m]) <= k {
			below += int(cnt[m])
			m++
		}
		hiV := float64(m)
		if n%2 == 1 {
			out[i] = hiV
			continue
		}
		// The element of rank k−1: in the same value, or the nearest
		// value below with any.
		if below <= k-1 {
			out[i] = hiV // (m + m) / 2
			continue
		}
		j := m - 1
		for cnt[j] == 0 {
			j--
		}
		out[i] = (float64(j) + hiV) / 2
	}
	return out
}

// medianAtLeast reports, for every time ts[i], whether the median that
// [medianFilterInto] gives there is at least cut (false where it is NaN),
// without keeping the window sorted. With c of the window's n known values
// at or above cut, the ascending values' upper c are those: the middle
// value (n odd) reaches cut when c ≥ n − n/2; for n even the mean of the
// two middle values does when both do (c > n/2) and does not when neither
// does (c < n/2), as a float mean of two values lies between them unless
// it overflows (|cut| ≤ MaxFloat64/2 rules that out). When c = n/2 (or
// |cut| is larger) the window's known values are sorted into win and their
// median compared, as medianFilterInto computes it. It writes into out
// (resized to len(ts)) and returns it and win, for reuse.
func medianAtLeast(out []bool, win []float64, ts []int64, vals []float64, half int64, cut float64) ([]bool, []float64) {
	out = sized(out, len(ts))
	counted := math.Abs(cut) <= math.MaxFloat64/2
	n, c := 0, 0
	lo, hi := 0, 0 // the window is [lo, hi): n known values, c of them ≥ cut
	for i := range ts {
		t := ts[i]
		for lo < i && t-ts[lo] > half {
			if x := vals[lo]; x == x {
				n--
				if x >= cut {
					c--
				}
			}
			lo++
		}
		for hi < len(ts) && (hi < i+1 || ts[hi]-t <= half) {
			if x := vals[hi]; x == x {
				n++
				if x >= cut {
					c++
				}
			}
			hi++
		}
		switch {
		case n == 0:
			out[i] = false
		case n%2 == 1:
			out[i] = c >= n-n/2
		case counted && c != n/2:
			out[i] = c > n/2
		default:
			win = win[:0]
			for _, x := range vals[lo:hi] {
				if x == x {
					win = insertSorted(win, x)
				}
			}
			out[i] = median(win) >= cut
		}
	}
	return out, win
}

// removeSorted removes the first element equal to x from the ascending,
// NaN-free slice buf, which holds it.
func removeSorted(buf []float64, x float64) []float64 {
	lo, hi := 0, len(buf)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if buf[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	copy(buf[lo:], buf[lo+1:])
	return buf[:len(buf)-1]
}

// movingSpeeds appends the speeds (as [speedOf] gives them) at or above
// [MovingSpeedMS] to moving and reports whether the stream is usable for
// speed-based bout detection: speed on at least [MinSpeedCoverage] of the
// samples and some moving. The median of moving (when positive) is the
// bouts' reference.
func movingSpeeds(speed []float64, moving []float64) ([]float64, bool) {
	if len(speed) == 0 {
		return moving, false
	}
	var have int
	for _, v := range speed {
		if v != v {
			continue
		}
		have++
		if v >= MovingSpeedMS {
			moving = append(moving, v)
		}
	}
	return moving, !(float64(have) < MinSpeedCoverage*float64(len(speed)) || len(moving) == 0)
}
