package metrics

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"gainguard/ingest"
)

// streamFromBytes turns fuzz input into a sample stream: each 3 bytes give
// a time step (0–25 s, so pauses and duplicates occur), an HR (0–255, so
// implausible values occur; 255 is NaN) and a speed (byte/40 m/s; 255 NaN).
func streamFromBytes(data []byte) []ingest.Sample {
	t := t0
	var s []ingest.Sample
	for i := 0; i+2 < len(data); i += 3 {
		t = t.Add(time.Duration(data[i]%26) * time.Second)
		x := ingest.NewSample(t)
		if data[i+1] != 255 {
			x.HR = float64(data[i+1])
		}
		if data[i+2] != 255 {
			x.SpeedMS = float64(data[i+2]) / 40
		}
		x.AltM = float64(data[i+1]) / 3
		s = append(s, x)
	}
	return s
}

func FuzzStreamRules(f *testing.F) {
	f.Add([]byte{1, 150, 120, 1, 151, 121, 1, 152, 122})
	f.Add([]byte{0, 255, 255, 25, 10, 0, 3, 240, 200})
	f.Add(make([]byte, 300))
	f.Fuzz(func(t *testing.T, data []byte) {
		data = data[:min(len(data), 30000)]
		s := streamFromBytes(data)
		for _, sex := range []ingest.Sex{"male", "female", ""} {
			p := testParams()
			p.Sex = sex
			seen := slices.ContainsFunc(s, func(x ingest.Sample) bool { return validHR(x.HR) })
			tr := TRIMP(s, p)
			if seen != !math.IsNaN(tr) || tr < 0 || math.IsInf(tr, 0) {
				t.Fatalf("TRIMP = %v with HR present %v", tr, seen)
			}
			var span float64
			if len(s) > 1 {
				span = s[len(s)-1].Time.Sub(s[0].Time).Seconds()
			}
			var zs float64
			for _, z := range ZoneSeconds(s, p) {
				if z < 0 || math.IsNaN(z) {
					t.Fatalf("zone seconds %v", z)
				}
				zs += z
			}
			if zs > span+1e-9 {
				t.Fatalf("zone seconds %v exceed the span %v", zs, span)
			}
			if m := MovingSeconds(s, 100); m < 0 || math.IsNaN(m) || (m > span+1e-9 && m != 100) {
				t.Fatalf("MovingSeconds %v (span %v)", m, span)
			}
			in := ClassifyIntensity(s, p)
			switch in.Class {
			case ClassUnknown:
			case ClassLISS, ClassTempo, ClassHIIT:
				if math.IsNaN(in.EasyFrac) || in.EasyFrac < 0 || in.EasyFrac > 1 || in.Bouts < 0 {
					t.Fatalf("classified %+v", in)
				}
			default:
				t.Fatalf("class %q", in.Class)
			}
			if a := Ascent(s); a < 0 {
				t.Fatalf("ascent %v", a)
			}
		}
	})
}

// activitiesFromBytes: each 6 bytes make a run or lift with a start (hour
// offset), a duration, optional date-only precision and own offset, and a
// short HR stream.
func activitiesFromBytes(data []byte) []ingest.Activity {
	var acts []ingest.Activity
	for i := 0; i+5 < len(data); i += 6 {
		start := t0.Add(time.Duration(data[i]) * 37 * time.Minute)
		kind := ingest.KindRun
		if data[i+1]%2 == 1 {
			kind = ingest.KindLift
		}
		a := newAct("", kind, start, float64(data[i+2]%120))
		a.Index = i
		if data[i+3]%5 == 0 && kind == ingest.KindLift {
			a.Precision = ingest.PrecisionDate
		}
		if data[i+3]%3 == 0 {
			a.HasTZ, a.TZOffsetS = true, (int(data[i+3])-128)*300
		}
		if data[i+4]%2 == 0 {
			a.Calories = float64(data[i+4]) * 4
		}
		if kind == ingest.KindLift && data[i+5]%2 == 0 {
			a.Sets = []ingest.Set{set(start, ingest.SetActive, "squat", ingest.RegionLower, int(data[i+5]%12), 50)}
		}
		a.Samples = streamFromBytes(data[i : i+6])
		for k := range a.Samples {
			a.Samples[k].Time = a.Samples[k].Time.Add(start.Sub(t0))
		}
		acts = append(acts, a)
	}
	return acts
}

func FuzzAnalyze(f *testing.F) {
	f.Add([]byte{0, 1, 60, 0, 1, 0, 1, 0, 30, 3, 2, 1, 2, 1, 60, 5, 3, 2})
	f.Add([]byte{10, 0, 0, 0, 0, 0, 10, 1, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		data = data[:min(len(data), 1200)] // ≤ 200 activities keeps each exec fast
		acts := activitiesFromBytes(data)
		p := testParams()
		runs, lifts := Analyze(acts, p)
		checkInvariants(t, runs, lifts)
		slices.Reverse(acts)
		runs2, lifts2 := Analyze(acts, p)
		if !equalRuns(runs, runs2) || !equalLifts(lifts, lifts2) {
			t.Fatal("result depends on input order")
		}
		// The pruned lift scan finds what a scan of every lift finds, and
		// its pairs are every lift under PairMaxH by PairGeometry.
		ix := newLiftIndex(lifts)
		full := ix
		full.maxDur = 1 << 61
		for i := range runs {
			sp := RunSpan(&runs[i])
			day := dayKey(runs[i].LocalDate)
			var pairs []liftPair
			got := fmt.Sprintf("%+v", runTiming(sp, day, ix, func(lp liftPair) { pairs = append(pairs, lp) }))
			want := fmt.Sprintf("%+v", runTiming(sp, day, full, nil))
			if got != want {
				t.Fatalf("pruned scan %s, full scan %s", got, want)
			}
			n := 0
			for _, l := range ix.spans {
				if g, _, _ := PairGeometry(sp.Start, sp.End, l.Start, l.End); g < PairMaxH {
					n++
				}
			}
			if n != len(pairs) {
				t.Fatalf("run %d: the walk found %d pairs, PairGeometry over every lift %d", i, len(pairs), n)
			}
		}
	})
}
