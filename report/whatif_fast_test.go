package report

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
	"gainguard/samples"
)

// fastCheck counts the candidates a differential check scored.
type fastCheck struct{ weeks, sets, fast int }

// checkFastEqualsFull scores every single change of the week starting on
// weekStart, and every pair of them the search could combine (at most
// WhatIfMaxChanges sessions; only the first maxPairs when > 0), both
// incrementally and by rebuilding the scorer on the candidate's whole
// history, and fails on any difference in the bits of the score.
func checkFastEqualsFull(t *testing.T, name string, runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions, weekStart time.Time, maxPairs int, fc *fastCheck) {
	t.Helper()
	ww, _, ok := newWhatIfWeek(runs, lifts, p, opt, weekStart)
	if !ok {
		return
	}
	loc := p.Loc
	if loc == nil {
		loc = time.UTC
	}
	singles := whatIfChanges(ww.runs, ww.lifts, ww.opt.Cardio, loc, weekStart)
	sets := make([][]int, 0, len(singles))
	for i := range singles {
		sets = append(sets, []int{i})
	}
	pairs := 0
	for i := range singles {
		for j := i + 1; j < len(singles) && (maxPairs <= 0 || pairs < maxPairs); j++ {
			if overlaps(singles[i].sessions, singles[j].sessions) || len(touchedBy(singles, []int{i, j})) > WhatIfMaxChanges {
				continue
			}
			sets = append(sets, []int{i, j})
			pairs++
		}
	}
	fc.weeks++
	for _, set := range sets {
		st := ww.state()
		var desc []string
		for _, i := range set {
			singles[i].apply(&st)
			desc = append(desc, singles[i].desc)
		}
		fast, okFast, done := ww.scoreFast(&st)
		full, okFull := ww.scoreFull(&st)
		fc.sets++
		if !done {
			continue
		}
		fc.fast++
		if okFast != okFull || (okFull && math.Float64bits(fast) != math.Float64bits(full)) {
			t.Errorf("%s week %s, %q: incremental %v (ok %v), full rebuild %v (ok %v)",
				name, weekStart.Format(time.DateOnly), desc, fast, okFast, full, okFull)
		}
	}
}

// TestWhatIfFastEqualsFull: the what-if search scores its candidates
// incrementally (whatif_fast.go); for every candidate of every searched
// week of the committed samples — each single change and each pair the
// search may combine — and of random histories (runs with and without
// heart rate, rides and walks, date-only lifts, session RPE, a food log,
// weigh-ins, sleep), that score is the full rebuild's, bit for bit. Most
// candidates must take the incremental path, or the search is slow again.
func TestWhatIfFastEqualsFull(t *testing.T) {
	maxPairs := 0
	if testing.Short() {
		maxPairs = 150
	}
	var fc fastCheck
	athletes := loadSamples(t, filepath.Join("..", "samples"), samples.Default())
	for name, a := range athletes {
		for _, w := range a.weeks {
			if w.Interference >= BandModerate {
				checkFastEqualsFull(t, name, a.runs, a.lifts, a.p, a.opt, w.WeekStart, maxPairs, &fc)
			}
		}
	}
	t.Logf("samples: %d weeks, %d candidates, %d scored incrementally", fc.weeks, fc.sets, fc.fast)
	if fc.weeks < 4 || fc.fast*10 < fc.sets*9 {
		t.Errorf("samples: %d weeks, %d of %d candidates scored incrementally: want ≥ 4 weeks and ≥ 90 %%", fc.weeks, fc.fast, fc.sets)
	}

	// Random histories: the first five weeks (their loads seed the load
	// EWMAs), one in the middle and the last, searched or not; 200 pairs
	// each.
	var rc fastCheck
	rng := rand.New(rand.NewPCG(16, 5))
	n := 8
	if testing.Short() {
		n = 3
	}
	for i := range n {
		runs, lifts, opt := randomHistory(rng)
		if i%2 == 1 { // training blocks: the load EWMAs restart after each gap
			runs, lifts, opt = withGaps(rng, runs, lifts, opt)
		}
		p := scoreParams([]string{"trained", "moderate", ""}[i%3], []string{"male", "female"}[i%2], []string{"strength", "hypertrophy", "endurance"}[i%3])
		weeks := Score(runs, lifts, p, opt)
		blockWeek := 0
		for k, w := range weeks {
			if k > 0 && w.Block != weeks[k-1].Block {
				blockWeek = 0
			}
			if blockWeek < 5 || k == len(weeks)/2 || k == len(weeks)-1 {
				checkFastEqualsFull(t, fmt.Sprintf("random %d", i), runs, lifts, p, opt, w.WeekStart, 200, &rc)
			}
			blockWeek++
		}
	}
	t.Logf("random: %d weeks, %d candidates, %d scored incrementally", rc.weeks, rc.sets, rc.fast)
	if rc.weeks < 5*n || rc.fast*10 < rc.sets*9 {
		t.Errorf("random: %d weeks, %d of %d candidates scored incrementally", rc.weeks, rc.fast, rc.sets)
	}
}

// randomHistory is 10–20 weeks of random training and logs, from a
// random weekday on.
func randomHistory(rng *rand.Rand) ([]metrics.Run, []metrics.Lift, ScoreOptions) {
	var runs, cardio []metrics.Run
	var lifts []metrics.Lift
	opt := isoOpts()
	regions := []ingest.Region{ingest.RegionLower, ingest.RegionUpper, ingest.RegionFull, ingest.RegionUnknown}
	days := 70 + rng.IntN(70)
	from := rng.IntN(7)
	for d := range days {
		base := when(1, 0, 0).AddDate(0, 0, from+d)
		local := time.Date(base.Year(), base.Month(), base.Day(), 0, 0, 0, 0, testLoc)
		clock := func() time.Time { return base.Add(time.Duration(5*60+rng.IntN(17*60)) * time.Minute) }
		if rng.IntN(5) < 3 {
			r := mkRun(fmt.Sprintf("r%d", d), clock(), float64(15+rng.IntN(120)))
			r.LocalDate = local
			if rng.IntN(4) > 0 {
				r.TRIMP, r.HRSource = r.TimerS/60*(0.8+rng.Float64()), "samples"
			}
			r.Class = []metrics.Class{metrics.ClassLISS, metrics.ClassTempo, metrics.ClassHIIT, "unknown"}[rng.IntN(4)]
			if rng.IntN(6) == 0 {
				r.NetKcal = math.NaN()
			}
			runs = append(runs, r)
		}
		if rng.IntN(8) == 0 {
			c := mkRun(fmt.Sprintf("c%d", d), clock(), float64(20+rng.IntN(90)))
			c.LocalDate = local
			c.Sport = []string{"cycling", "walking", "rowing"}[rng.IntN(3)]
			if rng.IntN(2) == 0 {
				c.TRIMP, c.HRSource = c.TimerS/60*0.7, "average"
			}
			cardio = append(cardio, c)
		}
		if rng.IntN(5) < 3 {
			l := mkLift(fmt.Sprintf("l%d", d), clock(), float64(30+rng.IntN(60)), regions[rng.IntN(4)], "")
			l.LocalDate = local
			switch rng.IntN(6) {
			case 0:
				l.Precision = ingest.PrecisionDate
			case 1:
				l.SessionRPE = float64(5 + rng.IntN(5))
			}
			lifts = append(lifts, l)
		}
		if rng.IntN(3) > 0 {
			opt.Intake = append(opt.Intake, DayIntake{Date: local, Kcal: 1800 + float64(rng.IntN(1500)),
				ProteinG: 60 + float64(rng.IntN(120)), CarbsG: 150 + float64(rng.IntN(300)), RunCarbsG: math.NaN()})
		}
		if rng.IntN(3) == 0 {
			opt.WeighIns = append(opt.WeighIns, WeighIn{Time: base.Add(7 * time.Hour), Kg: 78 + 4*rng.Float64()})
		}
		if rng.IntN(2) == 0 {
			opt.Sleep = append(opt.Sleep, SleepNight{Date: local, Hours: 4.5 + 4*rng.Float64()})
		}
	}
	opt.Cardio = cardio
	return runs, lifts, opt
}

// withGaps moves everything from one or two random days on later by 6–9
// weeks, so that the history has two or three training blocks (the
// first may be a week or two long), and returns the moved history.
func withGaps(rng *rand.Rand, runs []metrics.Run, lifts []metrics.Lift, opt ScoreOptions) ([]metrics.Run, []metrics.Lift, ScoreOptions) {
	from := when(1, 0, 0)
	for range 1 + rng.IntN(2) {
		cut := from.AddDate(0, 0, 7+rng.IntN(60))
		days := 7 * (BlockGapWeeks + 2 + rng.IntN(4)) // a gap of more than BlockGapWeeks weeks
		move := func(t *time.Time) {
			if !t.IsZero() && !t.Before(cut) {
				*t = t.AddDate(0, 0, days)
			}
		}
		moveRuns := func(rs []metrics.Run) {
			for i := range rs {
				if !rs[i].Start.Before(cut) {
					move(&rs[i].LocalDate)
					move(&rs[i].Start)
				}
			}
		}
		moveRuns(runs)
		moveRuns(opt.Cardio)
		for i := range lifts {
			if !lifts[i].Start.Before(cut) {
				move(&lifts[i].LocalDate)
				move(&lifts[i].End)
				move(&lifts[i].Start)
			}
		}
		for i := range opt.Intake {
			move(&opt.Intake[i].Date)
		}
		for i := range opt.WeighIns {
			move(&opt.WeighIns[i].Time)
		}
		for i := range opt.Sleep {
			move(&opt.Sleep[i].Date)
		}
	}
	return runs, lifts, opt
}

// TestWhatIfBaseIsReported: the what-if of a week starts from the score
// the week is reported with, on the samples with a gap of 8 weeks put in
// the middle (two training blocks: the load spike's EWMAs restart after
// the gap in the reported scores, so they must in the what-if's too) and
// on random histories with gaps; the what-if is never above it.
func TestWhatIfBaseIsReported(t *testing.T) {
	check := func(name string, runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions) (blocks int) {
		weeks := Score(runs, lifts, p, opt)
		AddWhatIfs(weeks, runs, lifts, p, opt, time.Time{})
		h := newWhatIfHistory(runs, lifts, p, opt)
		for _, w := range weeks {
			blocks = max(blocks, w.Block)
			if math.IsNaN(w.Interference) {
				continue
			}
			in, ok := h.inputs(w.WeekStart)
			if !ok || in.base != w.Interference {
				t.Errorf("%s: block %d week %s: reported %.3f, the what-if starts from %.3f (ok %v)", name, w.Block, w.WeekStart.Format(time.DateOnly), w.Interference, in.base, ok)
			}
			if w.WhatIfInterference > w.Interference {
				t.Errorf("%s: week %s: what-if %.3f above the week's %.3f", name, w.WeekStart.Format(time.DateOnly), w.WhatIfInterference, w.Interference)
			}
		}
		return blocks
	}
	athletes := loadSamples(t, filepath.Join("..", "samples"), samples.Default())
	for name, a := range athletes {
		if len(a.runs) == 0 {
			continue
		}
		cut := a.runs[len(a.runs)/2].Start
		a.opt.Cardio = nil
		a.opt.Intake, a.opt.WeighIns, a.opt.Sleep = nil, nil, nil
		for i := range a.runs {
			if !a.runs[i].Start.Before(cut) {
				a.runs[i].Start = a.runs[i].Start.AddDate(0, 0, 56)
				a.runs[i].LocalDate = a.runs[i].LocalDate.AddDate(0, 0, 56)
			}
		}
		for i := range a.lifts {
			if !a.lifts[i].Start.Before(cut) {
				a.lifts[i].Start = a.lifts[i].Start.AddDate(0, 0, 56)
				a.lifts[i].End = a.lifts[i].End.AddDate(0, 0, 56)
				a.lifts[i].LocalDate = a.lifts[i].LocalDate.AddDate(0, 0, 56)
			}
		}
		if b := check(name, a.runs, a.lifts, a.p, a.opt); b != 2 {
			t.Errorf("%s: %d training blocks, want 2", name, b)
		}
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range 6 {
		runs, lifts, opt := randomHistory(rng)
		runs, lifts, opt = withGaps(rng, runs, lifts, opt)
		p := scoreParams("trained", []string{"male", "female"}[i%2], []string{"strength", "hypertrophy", "endurance"}[i%3])
		if b := check(fmt.Sprintf("random %d", i), runs, lifts, p, opt); b < 2 {
			t.Errorf("random %d: %d training blocks, want ≥ 2", i, b)
		}
	}
}

// TestWhatIfForceSlowSameResult: the search's result is the same when
// every candidate is scored by the full rebuild, on the samples.
func TestWhatIfForceSlowSameResult(t *testing.T) {
	athletes := loadSamples(t, filepath.Join("..", "samples"), samples.Default())
	searched := 0
	for _, a := range athletes {
		for _, w := range a.weeks {
			if w.Interference < BandModerate || (testing.Short() && searched == 6) {
				continue
			}
			searched++
			fast := SearchWhatIf(a.runs, a.lifts, a.p, a.opt, w.WeekStart)
			whatIfForceSlow = true
			slow := SearchWhatIf(a.runs, a.lifts, a.p, a.opt, w.WeekStart)
			whatIfForceSlow = false
			if fmt.Sprint(fast) != fmt.Sprint(slow) { // (NaN scores: not DeepEqual)
				t.Errorf("week %s: incremental %+v, full rebuild %+v", w.WeekStart.Format(time.DateOnly), fast, slow)
			}
		}
	}
	if searched == 0 {
		t.Fatal("no searched week")
	}
}

// TestWhatIfFastMedianRate: a week whose only run without heart rate is
// estimated from the median rate of the runs with it; swapping one of
// those for a ride moves the median, which the estimated run's new
// TRIMP must then use (every candidate, incremental = full rebuild).
func TestWhatIfFastMedianRate(t *testing.T) {
	var runs []metrics.Run
	var lifts []metrics.Lift
	for d := range 42 {
		r := mkRunTRIMP(fmt.Sprintf("r%d", d), when(1, 17, 0).AddDate(0, 0, d), 20+float64(d%3)*10, 20+float64(d*7%23)*2)
		r.LocalDate = time.Date(2025, 9, 1+d, 0, 0, 0, 0, testLoc)
		if d == 38 {
			r.TRIMP, r.HRSource = math.NaN(), "none" // the one estimated run
		}
		runs = append(runs, r)
		if d%2 == 0 {
			l := mkLift(fmt.Sprintf("l%d", d), when(1, 18, 0).AddDate(0, 0, d), 60, ingest.RegionLower, "")
			l.LocalDate = r.LocalDate
			lifts = append(lifts, l)
		}
	}
	p := scoreParams("trained", "male", "strength")
	weeks := Score(runs, lifts, p, isoOpts())
	last := weeks[len(weeks)-1]
	if last.Interference < BandModerate {
		t.Fatalf("setup: last week %.1f, want moderate or worse", last.Interference)
	}
	var fc fastCheck
	checkFastEqualsFull(t, "median", runs, lifts, p, isoOpts(), last.WeekStart, 0, &fc)
	// Candidates that move the median the estimated run keeps using take
	// the full rebuild; the others do not.
	t.Logf("%d of %d candidates scored incrementally", fc.fast, fc.sets)
	if fc.fast < fc.sets/2 || fc.fast == fc.sets {
		t.Errorf("%d of %d candidates scored incrementally: want most, not all", fc.fast, fc.sets)
	}
}

// TestWhatIfFastWalkBeforeFirstBlock: a walk does not make a training
// day, so a walk weeks before the first training week starts the history
// but not the first block, whose load EWMAs start on its first week; the
// incremental path must seed and carry them from there too. Eight weeks
// of lifts and runs with the run load rising in weeks 2–4 (where a carry
// from the walk's day would let the spike rule fire too early), every
// week's every single change and pair, both ways.
func TestWhatIfFastWalkBeforeFirstBlock(t *testing.T) {
	for _, grow := range []float64{10, 20, 25, 60} {
		t.Run(fmt.Sprint(grow), func(t *testing.T) {
			var runs []metrics.Run
			var lifts []metrics.Lift
			d0 := when(15, 0, 0)
			at := func(day, h int) time.Time { return d0.AddDate(0, 0, day).Add(time.Duration(h) * time.Hour) }
			lday := func(tm time.Time) time.Time {
				l := tm.In(testLoc)
				return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, testLoc)
			}
			opt := isoOpts()
			walk := mkRun("walk", at(-70, 10), 40)
			walk.Sport = "walking"
			walk.LocalDate = lday(walk.Start)
			opt.Cardio = append(opt.Cardio, walk)
			for w := range 8 {
				mins := 30.0
				if w >= 1 && w <= 3 {
					mins = 30 + grow*float64(w)
				}
				for _, k := range []int{0, 2, 4} {
					l := mkLift(fmt.Sprintf("l%d-%d", w, k), at(7*w+k, 17), 60, []ingest.Region{ingest.RegionLower, ingest.RegionUpper, ingest.RegionFull}[k/2], "")
					l.LocalDate = lday(l.Start)
					lifts = append(lifts, l)
				}
				for _, k := range []int{0, 1, 3, 5} {
					r := mkRunTRIMP(fmt.Sprintf("r%d-%d", w, k), at(7*w+k, 7), mins, mins*2)
					r.LocalDate = lday(r.Start)
					runs = append(runs, r)
				}
			}
			p := scoreParams("trained", "male", "strength")
			var fc fastCheck
			for _, w := range Score(runs, lifts, p, opt) {
				checkFastEqualsFull(t, "walk first", runs, lifts, p, opt, w.WeekStart, 0, &fc)
			}
			if fc.weeks < 8 || fc.fast*10 < fc.sets*9 {
				t.Errorf("%d weeks, %d of %d candidates scored incrementally: want 8 and ≥ 90 %%", fc.weeks, fc.fast, fc.sets)
			}
		})
	}
}
