package metrics

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/fit"
)

// syntheticAthlete returns weeks × 5 activities (3 runs, 2 lifts a week)
// with HR, speed, distance and altitude sampled every stepS seconds: an
// easy 40-min run on Monday, a 6×1-min interval session on Wednesday, a
// 70-min hilly long run on Saturday, and 60-min lifts on Tuesday (lower
// body) and Thursday (upper body, the latter directly after a run on odd
// weeks).
func syntheticAthlete(weeks, stepS int) []ingest.Activity {
	monday := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	var acts []ingest.Activity
	run := func(id string, start time.Time, phases []phase, hilly bool) ingest.Activity {
		var n int
		for _, ph := range phases {
			n += ph.secs
		}
		a := newAct(id, ingest.KindRun, start, float64(n)/60)
		a.Sport = "running"
		h := &lagHR{hr: 80}
		dist, sec := 0.0, 0
		for _, ph := range phases {
			for range ph.secs {
				hr := h.step(ph.hr)
				dist += ph.speed
				sec++
				if sec%stepS != 0 {
					continue
				}
				s := ingest.NewSample(start.Add(time.Duration(sec) * time.Second))
				s.HR, s.SpeedMS, s.DistanceM = hr, ph.speed, dist
				if hilly {
					s.AltM = 100 + 30*math.Sin(dist/1500)
				}
				a.Samples = append(a.Samples, s)
			}
		}
		a.DistanceM = dist
		return a
	}
	lift := func(id string, start time.Time, ex string, reg ingest.Region) ingest.Activity {
		a := newAct(id, ingest.KindLift, start, 60)
		a.Sport, a.SubSport = "training", "strength_training"
		for k := range 12 {
			a.Sets = append(a.Sets, set(start.Add(time.Duration(k*5)*time.Minute), ingest.SetActive, ex, reg, 8, 60),
				set(start.Add(time.Duration(k*5+1)*time.Minute), ingest.SetRest, "", "", -1, math.NaN()))
		}
		h := &lagHR{hr: 80}
		for i := 0; i < 3600; i += stepS {
			target := 100.0
			if (i/60)%5 == 0 {
				target = 140
			}
			for range stepS {
				h.step(target)
			}
			s := ingest.NewSample(start.Add(time.Duration(i) * time.Second))
			s.HR = h.hr
			a.Samples = append(a.Samples, s)
		}
		a.Calories = 350
		return a
	}
	for w := range weeks {
		d := monday.AddDate(0, 0, 7*w)
		at := func(day, hour int) time.Time { return d.AddDate(0, 0, day).Add(time.Duration(hour) * time.Hour) }
		acts = append(acts,
			run(fmt.Sprintf("w%02d-easy", w), at(0, 7), []phase{{2400, 128, 2.8}}, false),
			lift(fmt.Sprintf("w%02d-legs", w), at(1, 18), "squat", ingest.RegionLower),
			run(fmt.Sprintf("w%02d-hiit", w), at(2, 7), intervals(6, 60, 90), false),
			lift(fmt.Sprintf("w%02d-upper", w), at(3, 18+w%2), "bench_press", ingest.RegionUpper),
			run(fmt.Sprintf("w%02d-long", w), at(5, 9), []phase{{4200, 140, 3.0}}, true),
		)
		if w%2 == 1 {
			acts = append(acts, run(fmt.Sprintf("w%02d-shake", w), at(3, 18), []phase{{1800, 125, 2.7}}, false))
		}
	}
	return acts
}

// BenchmarkAnalyze: a 12-week athlete, 1 Hz samples, 66 activities.
func BenchmarkAnalyze(b *testing.B) {
	acts := syntheticAthlete(12, 1)
	p := testParams()
	n := 0
	for _, a := range acts {
		n += len(a.Samples)
	}
	b.ReportMetric(float64(len(acts)), "activities")
	b.ReportMetric(float64(n), "samples")
	b.ResetTimer()
	for b.Loop() {
		Analyze(acts, p)
	}
}

// BenchmarkReduce: the import workers' share of the metrics, per sample
// (digests of 12 weeks of 1 Hz runs and lifts).
func BenchmarkReduce(b *testing.B) {
	acts := syntheticAthlete(12, 1)
	n := 0
	for _, a := range acts {
		n += len(a.Samples)
	}
	b.ReportMetric(float64(n), "samples")
	b.ResetTimer()
	for b.Loop() {
		for i := range acts {
			a := acts[i] // a copy: Reduce drops the copy's samples only
			Reduce(&a)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/sample")
}

// BenchmarkAnalyzeDigests: what a run does per athlete once every
// activity is a digest (the incremental case).
func BenchmarkAnalyzeDigests(b *testing.B) {
	acts := syntheticAthlete(12, 1)
	for i := range acts {
		Reduce(&acts[i])
	}
	p := testParams()
	b.ResetTimer()
	for b.Loop() {
		Analyze(acts, p)
	}
}

func TestSyntheticAthlete(t *testing.T) {
	runs, lifts := Analyze(syntheticAthlete(12, 1), testParams())
	if len(runs) != 42 || len(lifts) != 24 {
		t.Fatalf("%d runs, %d lifts", len(runs), len(lifts))
	}
	classes := map[Class]int{}
	for _, r := range runs {
		classes[r.Class]++
	}
	if classes[ClassHIIT] != 12 || classes[ClassLISS] < 18 {
		t.Errorf("classes %v", classes)
	}
	checkInvariants(t, runs, lifts)
}

// BenchmarkDigestSamples: the digests of the FIT activities of samples/
// (generated runs, lifts and rides with the watches' 1 Hz and smart
// recording), as the import workers build them, per sample.
func BenchmarkDigestSamples(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "samples", "activities", "*.fit"))
	var acts []ingest.Activity
	n := 0
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		d, err := fit.Decode(r)
		r.Close()
		if err != nil {
			b.Fatal(f, err)
		}
		for _, a := range d.Activities {
			acts = append(acts, a)
			n += len(a.Samples)
		}
	}
	if n == 0 {
		b.Fatal("no samples in ../samples/activities")
	}
	b.ReportMetric(float64(n), "samples")
	b.ResetTimer()
	for b.Loop() {
		for i := range acts {
			newDigest(acts[i].Samples, runLike(&acts[i]))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/sample")
}
