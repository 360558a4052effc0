package metrics

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"time"

	"gainguard/ingest"
)

// A Digest is everything the metrics read from an activity's samples, in
// a few kilobytes instead of the samples' ~70 bytes per second: it lets
// the importer drop the samples as soon as a file is decoded (see
// [Reduce]), so that memory and the incremental state do not grow with
// the hours recorded, and it is computed on all cores while files decode.
//
// The profile-dependent metrics (zones, TRIMP, intensity class, observed
// HRmax) cannot be computed before every activity of the athlete is known,
// since HRmax may come from the athlete's own HR history (science.md M1).
// So a digest keeps, exactly, what they depend on: the time spent at each
// heart-rate value, raw and median-filtered, and the work bouts as a
// function of the vigorous threshold. The metrics computed from a digest
// equal those computed from the samples up to floating-point summation
// order (time sums are kept in integer nanoseconds); TestDigestMatchesSamples
// checks it on every corpus file.
type Digest struct {
	Samples   int       // samples in the stream
	Last      time.Time // the last sample's time; zero without samples
	DistanceM float64   // last − first cumulative distance; NaN when none
	AscentM   float64   // [Ascent]; NaN without altitude
	// MovingS is the Δt of samples at or above [MovingSpeedMS]; it is
	// the moving time when SpeedSeen (see [MovingSeconds]).
	MovingS   float64
	SpeedSeen bool

	// HR is the time (Ns) and number of samples (N) at each plausible raw
	// heart rate: zones, TRIMP, mean and peak HR.
	HR []Bin
	// HR10 is the time at each value of the 10-s median-filtered HR: the
	// intensity class's easy share ([ClassifyIntensity]). N is not kept.
	HR10 []Bin
	// HR5 is the number of samples at each value of the 5-s median-filtered
	// HR: the observed HRmax ([Resolve]). Ns is not kept.
	HR5 []Bin

	// BoutSource is "speed" when the stream carries speed for bout
	// detection (see [ClassifyIntensity]), else "hr".
	BoutSource string
	// SpeedBoutHR holds, for every speed bout of 15 s – 8 min, the highest
	// filtered HR from its start to 60 s after its end (NaN when none): the
	// bout counts when that reaches the vigorous threshold.
	SpeedBoutHR []float64
	// HRBouts gives the HR-detected work bouts as a step function of the
	// vigorous threshold vig: the first step with V ≥ vig holds the count,
	// and none means 0. The count only changes at values the filtered HR
	// takes, so the table is exact for every threshold.
	HRBouts []Bin // V: threshold, N: bouts
}

// Bin is one value of a [Digest] table: time (nanoseconds) and samples at
// value V.
type Bin struct {
	V  float64
	Ns int64
	N  int64
}

// DigestVersion names the digest's rules and encoding. The incremental
// state keys on it, so it must change whenever either changes.
const DigestVersion = "digest-1"

// Reduce sets a.Digest from a.Samples and drops the samples: the
// [ingest.Options] Reduce hook. Activities without samples get no digest;
// activities that cannot be runs (see runLike) get one without the
// intensity tables.
func Reduce(a *ingest.Activity) {
	Summarize(a)
	a.Samples = nil
}

// Reducer returns the [ingest.Options] Reduce hook and its ReduceID:
// [Reduce], or with keepSamples [Summarize] (for records.parquet, which
// writes every sample). The IDs differ, so a state made with one is not
// used with the other.
func Reducer(keepSamples bool) (reduce func(*ingest.Activity), id string) {
	if keepSamples {
		return Summarize, DigestVersion + "+samples"
	}
	return Reduce, DigestVersion
}

// Summarize sets a.Digest from a.Samples and keeps the samples (for
// callers that also write them out, such as records.parquet).
func Summarize(a *ingest.Activity) {
	if len(a.Samples) == 0 {
		return
	}
	d := newDigest(a.Samples, runLike(a))
	// Encoded into a scratch buffer, then copied at its size: the batch
	// keeps thousands of these.
	a.Digest = bytes.Clone(d.AppendBinary(make([]byte, 0, 4096)))
}

// runLike reports whether a may be analysed as a run: it is one, or its
// sport is unknown, so that Strava's activities.csv may still make it one
// after decoding. Other activities only feed the observed HRmax, so their
// digest leaves out the intensity tables ([Digest].HR10, the bouts), the
// costliest part.
func runLike(a *ingest.Activity) bool {
	return a.Kind == ingest.KindRun || a.Sport == "" || a.Sport == "generic"
}

// digestOf returns a's digest: decoded from a.Digest when set (a damaged
// one counts as none), else computed from a.Samples.
func digestOf(a *ingest.Activity) *Digest {
	if len(a.Digest) > 0 {
		var d Digest
		if err := d.UnmarshalBinary(a.Digest); err == nil {
			return &d
		}
	}
	return NewDigest(a.Samples)
}

// NewDigest summarizes a time-ordered sample stream.
func NewDigest(s []ingest.Sample) *Digest { return newDigest(s, true) }

// newDigest summarizes s; without full, HR10 and the bout tables are left
// out (an activity that is not a run: see [Reduce]).
func newDigest(s []ingest.Sample, full bool) *Digest {
	d := &Digest{Samples: len(s), DistanceM: math.NaN(), AscentM: math.NaN()}
	if len(s) == 0 {
		return d
	}
	sc := getScratch()
	defer putScratch(sc)
	d.Last = s[len(s)-1].Time
	// One pass over the samples for what the rest reads of them: the
	// times, the raw HR and speed (what hrOf and speedOf give), the
	// distance ([sampleDistance]) and the ascent ([Ascent]).
	n := len(s)
	sc.ts, sc.dts, sc.raw, sc.speed = sized(sc.ts, n), sized(sc.dts, n), sized(sc.raw, n), sized(sc.speed, n)
	ts, dts, raw, speed := sc.ts, sc.dts, sc.raw, sc.speed
	plain := true // every time without a monotonic reading and within ±plainSec of 1970
	var dist span
	var up ascent
	for i := range s {
		x := &s[i]
		t := x.Time
		sec := t.Unix()
		plain = plain && sec >= -plainSec && sec <= plainSec && t == t.Round(0)
		ts[i], raw[i], speed[i] = t.UnixNano(), hrOf(*x), speedOf(*x)
		dist.add(x.DistanceM)
		up.add(x.AltM)
	}
	d.DistanceM, d.AscentM = dist.total(), up.total()
	// The Δt each sample stands for ([sampleDtNs]): the difference of the
	// Unix nanoseconds is what Time.Sub gives when no time has a monotonic
	// reading and none overflows it.
	if plain {
		const maxGap = int64(MaxSampleGapS * time.Second)
		for i := range n - 1 {
			dts[i] = min(max(ts[i+1]-ts[i], 0), maxGap)
		}
		dts[n-1] = 0
	} else {
		for i := range s {
			dts[i] = sampleDtNs(s, i)
		}
	}
	// The moving time ([movingTime]) and the raw HR's bins ([hrBins]).
	var movingNs int64
	for i, v := range speed {
		if v == v {
			d.SpeedSeen = true
			if v >= MovingSpeedMS {
				movingNs += dts[i]
			}
		}
	}
	d.MovingS = float64(movingNs) / 1e9
	vals := sc.vals[:0]
	for i, h := range raw {
		if h == h {
			vals = append(vals, Bin{V: h, Ns: dts[i], N: 1})
		}
	}
	d.HR = binsOf(vals)
	if len(d.HR) == 0 {
		sc.vals = vals
		return d // no class without HR: nothing more to keep
	}

	counts := integral(raw)
	filter := func(out []float64, half int64) []float64 {
		if counts {
			return medianFilterCounts(out, ts, raw, half)
		}
		out, sc.win = medianFilterInto(out, sc.win, ts, raw, half)
		return out
	}
	sc.hr5 = filter(sc.hr5, int64(ObservedHRFilterS/2*float64(time.Second)))
	vals = vals[:0]
	for _, h := range sc.hr5 {
		if !math.IsNaN(h) {
			vals = append(vals, Bin{V: h, N: 1})
		}
	}
	d.HR5 = binsOf(vals)
	if !full {
		sc.vals = vals
		return d
	}

	sc.hr10 = filter(sc.hr10, int64(ClassFilterS/2*float64(time.Second)))
	hr := sc.hr10
	vals = vals[:0]
	for i, h := range hr {
		if !math.IsNaN(h) {
			vals = append(vals, Bin{V: h, Ns: dts[i]})
		}
	}
	d.HR10 = binsOf(vals)
	sc.vals = vals

	var enough bool
	sc.moving, enough = movingSpeeds(speed, sc.moving[:0])
	if enough {
		if med := selectMedian(sc.moving); med > 0 {
			d.BoutSource = "speed"
			d.SpeedBoutHR = speedBoutPeaks(s, ts, speed, hr, med, sc)
			return d
		}
	}
	d.BoutSource = "hr"
	// Consecutive equal filtered values behave as one sample with their
	// summed Δt in the bout rule, which makes the table cheaper to build.
	rh, rdt := sc.rh[:0], sc.rdt[:0]
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
	sc.rh, sc.rdt = rh, rdt
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

// binsOf sorts vals by value and merges equal values.
func binsOf(vals []Bin) []Bin {
	if len(vals) == 0 {
		return nil
	}
	if out, ok := binsOfHalves(vals); ok {
		return out
	}
	slices.SortFunc(vals, func(a, b Bin) int { return cmp.Compare(a.V, b.V) })
	out := make([]Bin, 0, 64)
	for _, b := range vals {
		if n := len(out); n > 0 && out[n-1].V == b.V {
			out[n-1].Ns += b.Ns
			out[n-1].N += b.N
			continue
		}
		out = append(out, b)
	}
	return out
}

// halfSlots bounds the values binsOfHalves counts directly: 0–511.5 in
// half steps (heart rates and their medians).
const halfSlots = 1024

// binsOfHalves is binsOf by counting, for values that are all multiples of
// 0.5 in [0, 512) — heart rates and their medians always are; ok is false
// otherwise.
func binsOfHalves(vals []Bin) (out []Bin, ok bool) {
	var ns, n [halfSlots]int64
	var seen [halfSlots]bool
	distinct := 0
	for _, b := range vals {
		h := b.V * 2
		k := int(h)
		if float64(k) != h || k < 0 || k >= halfSlots {
			return nil, false
		}
		if !seen[k] {
			seen[k] = true
			distinct++
		}
		ns[k] += b.Ns
		n[k] += b.N
	}
	out = make([]Bin, 0, distinct)
	for k := range seen {
		if seen[k] {
			out = append(out, Bin{V: float64(k) / 2, Ns: ns[k], N: n[k]})
		}
	}
	return out, true
}

// dtsOf returns the time each sample stands for ([sampleDtNs]).
func dtsOf(s []ingest.Sample) []int64 {
	dts := make([]int64, len(s))
	for i := range s {
		dts[i] = sampleDtNs(s, i)
	}
	return dts
}

// hrBins returns the time and number of samples at each plausible raw
// heart rate of s, whose samples stand for dts.
func hrBins(s []ingest.Sample, dts []int64) []Bin {
	vals := make([]Bin, 0, len(s))
	for i := range s {
		if h := s[i].HR; validHR(h) {
			vals = append(vals, Bin{V: h, Ns: dts[i], N: 1})
		}
	}
	return binsOf(vals)
}

// movingTime returns the seconds of the samples of s (standing for dts) at
// or above [MovingSpeedMS], and whether any sample has a speed at all.
func movingTime(s []ingest.Sample, dts []int64) (seconds float64, speedSeen bool) {
	var ns int64
	for i := range s {
		if v := speedOf(s[i]); !math.IsNaN(v) {
			speedSeen = true
			if v >= MovingSpeedMS {
				ns += dts[i]
			}
		}
	}
	return float64(ns) / 1e9, speedSeen
}

// plainSec bounds the Unix seconds of the times whose Δt newDigest takes
// from their Unix nanoseconds (year 1843 to 2096: the nanoseconds and
// their differences fit in an int64).
const plainSec = 4e9

// sampleDtNs is [sampleDt] in integer nanoseconds.
func sampleDtNs(s []ingest.Sample, i int) int64 {
	if i+1 >= len(s) {
		return 0
	}
	d := s[i+1].Time.Sub(s[i].Time)
	switch {
	case d <= 0:
		return 0
	case d > MaxSampleGapS*time.Second:
		return int64(MaxSampleGapS * time.Second)
	}
	return int64(d)
}

// hrStats returns the Δt-weighted mean and the maximum of the raw HR
// (the plain mean when no sample stands for any time); NaN without HR.
func (d *Digest) hrStats() (mean, peak float64) {
	if len(d.HR) == 0 {
		return math.NaN(), math.NaN()
	}
	var sum, plain float64
	var ns, n int64
	for _, b := range d.HR {
		sum += b.V * float64(b.Ns)
		plain += b.V * float64(b.N)
		ns += b.Ns
		n += b.N
	}
	peak = d.HR[len(d.HR)-1].V
	if ns > 0 {
		return sum / float64(ns), peak
	}
	return plain / float64(n), peak
}

// zoneSeconds is [ZoneSeconds] over the digest.
func (d *Digest) zoneSeconds(p Params) [5]float64 {
	var ns [5]int64
	e := Zones(p)
	for _, b := range d.HR {
		ns[ZoneOf(b.V, e)] += b.Ns
	}
	var out [5]float64
	for z := range ns {
		out[z] = float64(ns[z]) / 1e9
	}
	return out
}

// trimp is [TRIMP] over the digest.
func (d *Digest) trimp(p Params) float64 {
	if !usableHRRange(p) || len(d.HR) == 0 {
		return math.NaN()
	}
	sum := 0.0
	for _, b := range d.HR {
		sum += float64(b.Ns) / 1e9 / 60 * trimpRate(b.V, p)
	}
	return sum
}

// movingSeconds is [MovingSeconds] over the digest.
func (d *Digest) movingSeconds(timerS float64) float64 {
	switch {
	case d.SpeedSeen:
		return d.MovingS
	case timerS > 0:
		return timerS
	}
	return 0
}

// intensity is [ClassifyIntensity] over the digest.
func (d *Digest) intensity(p Params) Intensity {
	out := Intensity{Class: ClassUnknown, EasyFrac: math.NaN()}
	if !usableHRRange(p) {
		return out
	}
	easyCut := VigorousHR(p) // the zone-4 ("vigorous") edge or below: a LISS run has ≤ 20 % in zones 4–5
	var hrNs, easyNs int64
	for _, b := range d.HR10 {
		hrNs += b.Ns
		if b.V < easyCut {
			easyNs += b.Ns
		}
	}
	if float64(hrNs)/1e9 < MinClassHRS {
		return out
	}
	out.EasyFrac = float64(easyNs) / float64(hrNs)
	vig := VigorousHR(p)
	out.BoutSource = d.BoutSource
	if d.BoutSource == "speed" {
		for _, h := range d.SpeedBoutHR {
			if h >= vig {
				out.Bouts++
			}
		}
	} else {
		for _, b := range d.HRBouts {
			if b.V >= vig {
				out.Bouts = int(b.N)
				break
			}
		}
	}
	switch {
	case out.Bouts >= HIITMinBouts:
		out.Class = ClassHIIT
	case out.Bouts == 0 && out.EasyFrac >= LISSMinEasyFrac:
		out.Class = ClassLISS
	default:
		out.Class = ClassTempo
	}
	return out
}

// Digest encoding: a version byte, then little-endian fields and
// varints; tables store their values in half-bpm steps as varint deltas
// when every value is a multiple of 0.5 (heart rates and their medians
// always are), else as float64 bits.
const digestEncoding = 1

var errDigest = errors.New("metrics: damaged digest")

// AppendBinary appends the encoded digest to b.
func (d *Digest) AppendBinary(b []byte) []byte {
	le := binary.LittleEndian
	b = append(b, digestEncoding)
	b = binary.AppendUvarint(b, uint64(d.Samples))
	var last int64
	if !d.Last.IsZero() {
		last = d.Last.UnixNano()
	}
	b = binary.AppendVarint(b, last)
	for _, v := range [...]float64{d.DistanceM, d.AscentM, d.MovingS} {
		b = le.AppendUint64(b, math.Float64bits(v))
	}
	var flags byte
	if d.SpeedSeen {
		flags |= 1
	}
	if d.BoutSource == "speed" {
		flags |= 2
	}
	b = append(b, flags)
	b = appendBins(b, d.HR, true, true)
	b = appendBins(b, d.HR10, true, false)
	b = appendBins(b, d.HR5, false, true)
	b = binary.AppendUvarint(b, uint64(len(d.SpeedBoutHR)))
	for _, v := range d.SpeedBoutHR {
		b = le.AppendUint64(b, math.Float64bits(v))
	}
	b = appendBins(b, d.HRBouts, false, true)
	return b
}

func appendBins(b []byte, bins []Bin, ns, n bool) []byte {
	b = binary.AppendUvarint(b, uint64(len(bins)))
	if len(bins) == 0 {
		return b
	}
	half := true
	for _, x := range bins {
		if h := x.V * 2; h != math.Trunc(h) || h < 0 || h > 1<<20 {
			half = false
			break
		}
	}
	if half {
		b = append(b, 1)
		prev := int64(0)
		for _, x := range bins {
			h := int64(x.V * 2)
			b = binary.AppendVarint(b, h-prev)
			prev = h
		}
	} else {
		b = append(b, 0)
		for _, x := range bins {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x.V))
		}
	}
	for _, x := range bins {
		if ns {
			b = binary.AppendUvarint(b, uint64(x.Ns))
		}
		if n {
			b = binary.AppendUvarint(b, uint64(x.N))
		}
	}
	return b
}

// UnmarshalBinary decodes a digest written by [Digest.AppendBinary].
func (d *Digest) UnmarshalBinary(data []byte) error {
	r := digestReader{b: data}
	if r.byte() != digestEncoding {
		return errDigest
	}
	*d = Digest{}
	d.Samples = int(r.uvarint())
	if last := r.varint(); last != 0 {
		d.Last = time.Unix(0, last).UTC()
	}
	d.DistanceM, d.AscentM, d.MovingS = r.f64(), r.f64(), r.f64()
	flags := r.byte()
	d.SpeedSeen = flags&1 != 0
	d.BoutSource = "hr"
	if flags&2 != 0 {
		d.BoutSource = "speed"
	}
	d.HR = r.bins(true, true)
	d.HR10 = r.bins(true, false)
	d.HR5 = r.bins(false, true)
	if n := r.count(8); n > 0 {
		d.SpeedBoutHR = make([]float64, n)
		for i := range d.SpeedBoutHR {
			d.SpeedBoutHR[i] = r.f64()
		}
	}
	d.HRBouts = r.bins(false, true)
	if r.err != nil || len(r.b) != 0 {
		return errDigest
	}
	return nil
}

// digestReader reads a digest's fields, remembering the first error.
type digestReader struct {
	b   []byte
	err error
}

func (r *digestReader) fail() { r.err, r.b = errDigest, nil }

func (r *digestReader) byte() byte {
	if len(r.b) < 1 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *digestReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *digestReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *digestReader) f64() float64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

// count reads a length whose items take at least minBytes each, refusing
// lengths the remaining bytes cannot hold.
func (r *digestReader) count(minBytes int) int {
	n := r.uvarint()
	if n > uint64(len(r.b)/minBytes) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *digestReader) bins(ns, n bool) []Bin {
	k := r.count(1)
	if k == 0 {
		return nil
	}
	out := make([]Bin, k)
	if r.byte() == 1 {
		prev := int64(0)
		for i := range out {
			prev += r.varint()
			out[i].V = float64(prev) / 2
		}
	} else {
		for i := range out {
			out[i].V = r.f64()
		}
	}
	for i := range out {
		if ns {
			out[i].Ns = int64(r.uvarint())
		}
		if n {
			out[i].N = int64(r.uvarint())
		}
	}
	if r.err != nil {
		return nil
	}
	return out
}
