package metrics

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/fit"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
)

// digestStreams returns named sample streams: every activity with samples
// in the real corpus and in the committed samples/, plus synthetic ones
// (fractional HR, pauses, intervals without speed).
func digestStreams(t *testing.T) map[string][]ingest.Sample {
	t.Helper()
	out := map[string][]ingest.Sample{}
	decoders := map[string]func(r *os.File) (ingest.Decoded, error){
		".fit": func(r *os.File) (ingest.Decoded, error) { return fit.Decode(r) },
		".gpx": func(r *os.File) (ingest.Decoded, error) { return gpx.Decode(r) },
		".tcx": func(r *os.File) (ingest.Decoded, error) { return tcx.Decode(r) },
	}
	var files []string
	for _, dir := range []string{"fit", "gpx", "tcx"} {
		m, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", dir, "*"))
		files = append(files, m...)
	}
	m, _ := filepath.Glob(filepath.Join("..", "samples", "activities", "*"))
	sort.Strings(m)
	for i, f := range m {
		if i%4 == 0 { // a quarter of the demo data is enough and keeps -race fast
			files = append(files, f)
		}
	}
	if len(files) < 20 {
		t.Fatalf("found only %d stream files (is ../shared beside the repo?)", len(files))
	}
	for _, f := range files {
		dec := decoders[strings.ToLower(filepath.Ext(f))]
		if dec == nil {
			continue
		}
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := dec(r)
		r.Close()
		if err != nil {
			continue // broken files are the importers' tests' business
		}
		for i, a := range d.Activities {
			if len(a.Samples) > 0 {
				out[fmt.Sprintf("%s#%d", filepath.Base(f), i)] = a.Samples
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	lag := &lagHR{hr: 90}
	out["synthetic fractional HR, intervals, no speed"] = stream(t0, 3600, func(i int) (float64, float64) {
		target := 120.0
		if (i/180)%2 == 1 {
			target = 178
		}
		return lag.step(target) + rng.Float64()*3, math.NaN()
	})
	paused := stream(t0, 1200, func(i int) (float64, float64) { return 100 + float64(i%97), 3 + float64(i%11)/4 })
	for i := 600; i < len(paused); i++ {
		paused[i].Time = paused[i].Time.Add(5 * time.Minute)
	}
	out["synthetic paused"] = paused
	return out
}

// refIntensity is ClassifyIntensity as it was computed from the samples
// before digests: bouts evaluated at the threshold itself.
func refIntensity(s []ingest.Sample, p Params) Intensity {
	out := Intensity{Class: ClassUnknown, EasyFrac: math.NaN()}
	if !usableHRRange(p) {
		return out
	}
	hr := medianFilter(s, hrOf, ClassFilterS)
	var hrS, easyS float64
	dts := make([]int64, len(s))
	for i, h := range hr {
		dts[i] = sampleDtNs(s, i)
		if math.IsNaN(h) {
			continue
		}
		hrS += sampleDt(s, i)
		if h < VigorousHR(p) {
			easyS += sampleDt(s, i)
		}
	}
	if hrS < MinClassHRS {
		return out
	}
	out.EasyFrac = easyS / hrS
	vig := VigorousHR(p)
	if med, ok := medianMovingSpeed(s); ok {
		out.BoutSource = "speed"
		out.Bouts = refSpeedBouts(s, hr, med, vig)
	} else {
		out.BoutSource = "hr"
		out.Bouts = hrBouts(hr, dts, vig)
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

// TestDigestMatchesSamples: every metric computed from an encoded and
// decoded digest equals the one computed from the samples, for many
// profiles (HRmax, HRrest, sex), on real and synthetic streams.
func TestDigestMatchesSamples(t *testing.T) {
	streams := digestStreams(t)
	var params []Params
	for _, max := range []float64{150, 171.5, 183, 190, 197.5, 212} {
		for _, rest := range []float64{42, 55, 68} {
			for _, sex := range []ingest.Sex{"male", "female"} {
				p := testParams()
				p.HRMax, p.HRRest, p.Sex = max, rest, sex
				params = append(params, p)
			}
		}
	}
	for name, s := range streams {
		t.Run(name, func(t *testing.T) {
			enc := NewDigest(s).AppendBinary(nil)
			var d Digest
			if err := d.UnmarshalBinary(enc); err != nil {
				t.Fatal(err)
			}
			if re := d.AppendBinary(nil); !bytes.Equal(re, enc) {
				t.Fatalf("digest does not round-trip")
			}
			if d.Samples != len(s) || !d.Last.Equal(s[len(s)-1].Time) {
				t.Errorf("samples %d last %v, want %d %v", d.Samples, d.Last, len(s), s[len(s)-1].Time)
			}
			near(t, "distance", d.DistanceM, sampleDistance(s), 0)
			near(t, "ascent", d.AscentM, Ascent(s), 0)
			for _, timer := range []float64{0, 1800} {
				near(t, "moving", d.movingSeconds(timer), refMovingSeconds(s, timer), 1e-6)
			}
			mean, peak := d.hrStats()
			wantMean, wantPeak := refHRStats(s)
			near(t, "mean HR", mean, wantMean, 1e-9*math.Max(1, wantMean))
			near(t, "peak HR", peak, wantPeak, 0)
			for _, p := range params {
				tag := fmt.Sprintf("max %g rest %g %s", p.HRMax, p.HRRest, p.Sex)
				got, want := d.zoneSeconds(p), refZoneSeconds(s, p)
				for z := range got {
					near(t, tag+fmt.Sprintf(" zone %d", z+1), got[z], want[z], 1e-6)
				}
				tr := refTRIMP(s, p)
				near(t, tag+" TRIMP", d.trimp(p), tr, 1e-9*math.Max(1, tr))
				gi, wi := d.intensity(p), refIntensity(s, p)
				if gi.Class != wi.Class || gi.Bouts != wi.Bouts || gi.BoutSource != wi.BoutSource {
					t.Errorf("%s: intensity %+v, want %+v", tag, gi, wi)
				}
				near(t, tag+" easy share", gi.EasyFrac, wi.EasyFrac, 1e-9)
			}
		})
	}
}

// refSpeedBouts counts HR-confirmed speed bouts as the rule reads, one
// threshold at a time (the code before digests).
func refSpeedBouts(s []ingest.Sample, hr []float64, med, vig float64) int {
	sp := medianFilter(s, speedOf, ClassFilterS)
	cut := SpeedBoutFactor * med
	n, i := 0, 0
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
		if dur >= SpeedBoutMinS && dur <= BoutMaxS {
			end := s[j-1].Time
			for k := i; k < len(s); k++ {
				if s[k].Time.Sub(end).Seconds() > HRLagS {
					break
				}
				if hr[k] >= vig {
					n++
					break
				}
			}
		}
		i = j
	}
	return n
}

// refZoneSeconds, refTRIMP and refMovingSeconds are the rules as they
// read, summed over the samples one by one (the code before digests).
func refZoneSeconds(s []ingest.Sample, p Params) [5]float64 {
	var out [5]float64
	e := Zones(p)
	for i := range s {
		if h := s[i].HR; validHR(h) {
			out[ZoneOf(h, e)] += sampleDt(s, i)
		}
	}
	return out
}

func refTRIMP(s []ingest.Sample, p Params) float64 {
	if !usableHRRange(p) {
		return math.NaN()
	}
	sum, seen := 0.0, false
	for i := range s {
		if h := s[i].HR; validHR(h) {
			seen = true
			sum += sampleDt(s, i) / 60 * trimpRate(h, p)
		}
	}
	if !seen {
		return math.NaN()
	}
	return sum
}

func refMovingSeconds(s []ingest.Sample, timerS float64) float64 {
	sum, seen := 0.0, false
	for i := range s {
		if v := speedOf(s[i]); !math.IsNaN(v) {
			seen = true
			if v >= MovingSpeedMS {
				sum += sampleDt(s, i)
			}
		}
	}
	switch {
	case seen:
		return sum
	case timerS > 0:
		return timerS
	}
	return 0
}

func refHRStats(s []ingest.Sample) (mean, peak float64) {
	var sum, w, plain float64
	n := 0
	peak = math.NaN()
	for i := range s {
		h := s[i].HR
		if !validHR(h) {
			continue
		}
		dt := sampleDt(s, i)
		sum, w, plain, n = sum+h*dt, w+dt, plain+h, n+1
		if !(h <= peak) {
			peak = h
		}
	}
	switch {
	case n == 0:
		return math.NaN(), math.NaN()
	case w > 0:
		return sum / w, peak
	}
	return plain / float64(n), peak
}

// TestObservedHRFromDigests: the observed HRmax quantile and peak from
// reduced activities (digests only) equal the type-7 percentile of every
// filtered sample.
func TestObservedHRFromDigests(t *testing.T) {
	streams := digestStreams(t)
	names := make([]string, 0, len(streams))
	for n := range streams {
		names = append(names, n)
	}
	sort.Strings(names)
	var acts []ingest.Activity
	var vals []float64
	for k, n := range names {
		s := streams[n]
		// Spread them 12 hours apart, all inside the 90-day window.
		shift := t0.Add(time.Duration(k) * 12 * time.Hour).Sub(s[0].Time)
		moved := slices.Clone(s)
		for i := range moved {
			moved[i].Time = moved[i].Time.Add(shift)
		}
		a := ingest.Activity{Start: moved[0].Time, Samples: moved, MaxHR: math.NaN()}
		for _, h := range medianFilter(moved, hrOf, ObservedHRFilterS) {
			if !math.IsNaN(h) {
				vals = append(vals, h)
			}
		}
		Reduce(&a)
		if a.Samples != nil || len(a.Digest) == 0 {
			t.Fatalf("%s: Reduce left samples %d, digest %d bytes", n, len(a.Samples), len(a.Digest))
		}
		acts = append(acts, a)
	}
	if len(names) > 2*ObservedHRWindowDays {
		t.Fatalf("%d streams do not fit the 90-day window two a day", len(names))
	}
	q, peak, n := observedHR(acts, time.Time{})
	if n != len(vals) {
		t.Fatalf("n = %d, want %d", n, len(vals))
	}
	wantPeak := slices.Max(vals)
	near(t, "quantile", q, percentile(vals, ObservedHRQuantile), 1e-9)
	near(t, "peak", peak, wantPeak, 0)
}

// TestDigestDamaged: a damaged digest is refused, never a panic, and the
// metrics then fall back to the samples (none: empty).
func TestDigestDamaged(t *testing.T) {
	s := stream(t0, 600, func(i int) (float64, float64) { return 120 + float64(i%40), 3 })
	enc := NewDigest(s).AppendBinary(nil)
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"version", append([]byte{99}, enc[1:]...)},
		{"truncated", enc[:len(enc)/2]},
		{"trailing", append(slices.Clone(enc), 0)},
	} {
		var d Digest
		if err := d.UnmarshalBinary(tc.b); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}

func FuzzDigestUnmarshal(f *testing.F) {
	f.Add(NewDigest(stream(t0, 300, func(i int) (float64, float64) { return 100 + float64(i%50), 2.5 })).AppendBinary(nil))
	f.Add(NewDigest(stream(t0, 300, constHR(140))).AppendBinary(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Digest
		if err := d.UnmarshalBinary(b); err != nil {
			return
		}
		p := testParams()
		_ = d.intensity(p)
		_ = d.trimp(p)
		_ = d.zoneSeconds(p)
		_, _ = d.hrStats()
		if !bytes.Equal(d.AppendBinary(nil), b) {
			// Non-canonical encodings (e.g. overlong varints) may decode;
			// what they decode to must encode and decode to itself.
			var d2 Digest
			if err := d2.UnmarshalBinary(d.AppendBinary(nil)); err != nil {
				t.Fatalf("re-encoded digest refused: %v", err)
			}
		}
	})
}

// TestReduceByKind: runs, and activities whose sport is unknown (Strava's
// activities.csv may still make them runs), get the full digest; lifts
// and rides only what the observed HRmax needs.
func TestReduceByKind(t *testing.T) {
	s := stream(t0, 1800, func(i int) (float64, float64) { return 110 + float64(i%60), 3 })
	for _, tc := range []struct {
		kind  ingest.Kind
		sport string
		full  bool
	}{
		{ingest.KindRun, "running", true},
		{ingest.KindOther, "", true},
		{ingest.KindOther, "generic", true},
		{ingest.KindLift, "training", false},
		{ingest.KindCardio, "cycling", false},
	} {
		a := ingest.Activity{Kind: tc.kind, Sport: tc.sport, Start: t0, Samples: slices.Clone(s)}
		Reduce(&a)
		d := digestOf(&a)
		if len(d.HR5) == 0 || len(d.HR) == 0 || d.Samples != len(s) {
			t.Errorf("%s/%s: digest lacks HR (%d) or HR5 (%d)", tc.kind, tc.sport, len(d.HR), len(d.HR5))
		}
		if full := len(d.HR10) > 0; full != tc.full {
			t.Errorf("%s/%s: full digest %t, want %t", tc.kind, tc.sport, full, tc.full)
		}
		if tc.full {
			if got, want := d.intensity(testParams()), ClassifyIntensity(s, testParams()); got != want && !(got.Class == want.Class && got.Bouts == want.Bouts) {
				t.Errorf("%s/%s: intensity %+v, want %+v", tc.kind, tc.sport, got, want)
			}
		}
	}
}
