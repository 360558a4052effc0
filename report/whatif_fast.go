package report

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"sort"
	"sync"
	"time"

	"gainguard/metrics"
)

// Scoring the what-if candidates of one week (docs/scoring.md, "What-if
// search"). A candidate edits at most two sessions of the week and keeps
// them in it, so everything outside the week is the same for all of
// them. whatIfWeek prepares the history once (the scorer of the window
// SearchWhatIf scores on) and scores a candidate by recomputing only what
// its edited sessions reach, from the same functions scorer.week uses:
//
//   - the week's sessions: the history's, with the edited ones replaced;
//   - P: each of the week's lifts against the sessions within 24 h of it
//     (the pair rule of metrics.AthletePairs, metrics.PairGeometry);
//   - D: the week's sessions; R: the week's training days, and the
//     training streaks running into the week from either side (counted
//     once on the history);
//   - N: of the week's nutrition, only the food log's energy deficit
//     depends on the sessions (each day's net exercise energy); the rest
//     (the week's fuel inputs, protein, sleep, the weight trend) is
//     computed once;
//   - S: the load EWMAs carried from the day before the week, stepped
//     over the week's new daily loads (recomputed from the first day when
//     the week's loads are part of the EWMAs' 28-day seed);
//   - estimated TRIMPs: the history's, unless an edit changes the median
//     rate their estimate uses.
//
// When an assumption does not hold — an edited session outside the week,
// a changed median rate that another session's estimate uses — the
// candidate is scored by rebuilding the scorer on its whole history
// (scoreWeekOf), the reference the incremental scores are tested against
// (TestWhatIfFastEqualsFull).

// whatIfWeek is one searched week's scoring context.
type whatIfWeek struct {
	s         *scorer // the history the candidates edit, prepared
	runs      []metrics.Run
	lifts     []metrics.Lift
	p         metrics.Params
	opt       ScoreOptions // with the body model; Cardio = the history's
	weekStart time.Time
	ws        day

	runAt  []int // s.runs index of runs[i] (−1: no start)
	liftAt []int // s.lifts index of lifts[i]
	wkRuns []int // s.runs indexes of the week's sessions, in s.runs order
	wkLift []int
	maxDur time.Duration // longest session span in s.runs

	carry    bool                 // the load EWMAs are seeded before the week: carry them
	a0, c0   float64              // the EWMAs at the end of the day before the week
	blockDay day                  // the first day of the week's training block's first week
	blockEnd day                  // the last day of the week's block (its last week's last)
	outFirst day                  // first session day outside the week
	outLast  day                  // last session day outside the week
	before   int                  // training days in a row ending the day before the week
	after    int                  // … starting the day after it
	rates    map[string][]float64 // modality → sorted rates with heart rate
	med      map[string]float64   // modality → median rate
	nEst     map[string]int       // modality → sessions with an estimated TRIMP
	fuelIn   fuelWeekInputs       // the week's fuel inputs (eee: the history's)
	n0       float64              // INT-N without a food log: the same for every candidate
	gkg      float64              // logged protein, g/kg/day, over nP days
	nP       int
	sleep    float64 // UF-SL's r_sleep (NaN without nights)
	mult     float64 // C, the context multiplier: the athlete's, the same for every candidate

	// scratch, reused candidate after candidate
	mini    scorer
	newRuns []runX
	newLift []liftX
	wr      []*runX
	wl      []*liftX
	ratio   []float64
	loads   []float64
}

// whatIfForceSlow scores every candidate by the full rebuild (tests).
var whatIfForceSlow = false

// whatIfHistory is an athlete's history as the what-if search reads it,
// with its scorer, built once (on first use) for all the weeks searched;
// read only, so concurrent searches share it.
type whatIfHistory struct {
	runs  []metrics.Run
	lifts []metrics.Lift
	p     metrics.Params
	opt   ScoreOptions
	t     Tuning
	loc   *time.Location

	once sync.Once
	s    *scorer // of the whole history

	mu    sync.Mutex
	weeks map[time.Time]whatIfWeekInputs // inputs' results (the cache's key and the search read them)
}

func newWhatIfHistory(runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions) *whatIfHistory {
	h := &whatIfHistory{runs: runs, lifts: lifts, p: p, opt: opt, t: opt.tuning(), loc: p.Loc}
	if h.loc == nil {
		h.loc = time.UTC
	}
	return h
}

// full returns the scorer of the whole history.
func (h *whatIfHistory) full() *scorer {
	h.once.Do(func() { h.s = newScorer(h.runs, h.lifts, h.p, h.opt, h.t, h.loc) })
	return h.s
}

// whatIfWeekInputs is what the what-if search of a week reads of the
// history ([whatIfHistory.inputs]).
type whatIfWeekInputs struct {
	base     float64 // the week's interference on the whole history
	runs     []metrics.Run
	lifts    []metrics.Lift
	opt      ScoreOptions
	windowed bool
	at       *whatIfWindowAt // windowed: where runs, lifts and opt's logs lie in the history
	s        *scorer         // of runs, lifts, opt
}

// inputs returns, computed once per week, the week's interference on the whole history (base) and
// the history the search scores the candidates on, with its scorer: a
// window of it around the week ([whatIfWindow]; windowed true) when the
// window gives the week exactly base — it does unless a training streak
// or the load EWMAs reach further —, else the whole history. ok is false
// when the week has no score. The search reads nothing of the history
// but what this returns: the what-if cache keys a windowed search by it
// (whatif_cache.go).
func (h *whatIfHistory) inputs(weekStart time.Time) (whatIfWeekInputs, bool) {
	h.mu.Lock()
	in, done := h.weeks[weekStart]
	h.mu.Unlock()
	if done {
		return in, in.s != nil
	}
	in, ok := h.weekInputs(weekStart)
	if !ok {
		in.s = nil
	}
	h.mu.Lock()
	if h.weeks == nil {
		h.weeks = map[time.Time]whatIfWeekInputs{}
	}
	h.weeks[weekStart] = in
	h.mu.Unlock()
	return in, ok
}

// forget drops the week's inputs (addWhatIfs, once the week is done).
func (h *whatIfHistory) forget(weekStart time.Time) {
	h.mu.Lock()
	delete(h.weeks, weekStart)
	h.mu.Unlock()
}

// weekInputs computes inputs.
func (h *whatIfHistory) weekInputs(weekStart time.Time) (whatIfWeekInputs, bool) {
	in := whatIfWeekInputs{runs: h.runs, lifts: h.lifts, opt: h.opt, s: h.full()}
	var ok bool
	if in.base, ok = in.s.weekScore(dayOf(weekStart)); !ok {
		return in, false
	}
	if wr, wl, wopt, at := whatIfWindow(h.runs, h.lifts, h.opt, h.loc, weekStart); !whatIfFullHistory && len(wr)+len(wl)+len(wopt.Cardio) < len(h.runs)+len(h.lifts)+len(h.opt.Cardio) {
		ws := newScorer(wr, wl, h.p, wopt, h.t, h.loc)
		if wb, ok := ws.weekScore(dayOf(weekStart)); ok && math.Abs(wb-in.base) < 1e-9 {
			in.runs, in.lifts, in.opt, in.windowed, in.at, in.s = wr, wl, wopt, true, at, ws
		}
	}
	return in, true
}

// newWhatIfWeek prepares the week starting on weekStart of the history
// runs, lifts (and opt.Cardio, opt's logs) for scoring candidates, and
// returns the week's own interference; ok is false when it has none.
func newWhatIfWeek(runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions, weekStart time.Time) (*whatIfWeek, float64, bool) {
	return newWhatIfHistory(runs, lifts, p, opt).week(weekStart)
}

// week is newWhatIfWeek on the history h: the candidates are scored on
// the history [whatIfHistory.inputs] returns (the window around the week
// when it gives the week exactly its whole-history score).
func (h *whatIfHistory) week(weekStart time.Time) (*whatIfWeek, float64, bool) {
	in, ok := h.inputs(weekStart)
	if !ok {
		return nil, 0, false
	}
	// The candidates change sessions only: the body model (weigh-ins,
	// profile, tuning) is the same for all of them.
	body := in.s.body
	in.opt.body = &body
	w := &whatIfWeek{s: in.s, runs: in.runs, lifts: in.lifts, p: h.p, opt: in.opt, weekStart: weekStart, ws: dayOf(weekStart)}
	w.prepare()
	return w, in.base, true
}

// weekScore is the interference of the week starting on ws as scorer.week
// gives it; ok is false outside the history's weeks or without a score.
func (s *scorer) weekScore(ws day) (float64, bool) {
	if s.first > s.last || ws < weekStartOf(s.first, s.opt.WeekStart) || ws > weekStartOf(s.last, s.opt.WeekStart) {
		return 0, false
	}
	v := s.week(ws).Interference
	return v, !math.IsNaN(v)
}

// prepare computes what the candidates share.
func (w *whatIfWeek) prepare() {
	s, ws, we := w.s, w.ws, w.ws+6
	w.runAt = slices.Repeat([]int{-1}, len(w.runs))
	w.liftAt = slices.Repeat([]int{-1}, len(w.lifts))
	w.outFirst, w.outLast = math.MaxInt32, math.MinInt32
	w.rates, w.nEst = map[string][]float64{}, map[string]int{}
	for i := range s.runs {
		r := &s.runs[i]
		if !r.cardio {
			w.runAt[r.in] = i
		}
		if r.d >= ws && r.d <= we {
			w.wkRuns = append(w.wkRuns, i)
		} else {
			w.outFirst, w.outLast = min(w.outFirst, r.d), max(w.outLast, r.d)
		}
		w.maxDur = max(w.maxDur, r.end.Sub(r.start))
		if v, ok := r.trimpRate(); ok {
			w.rates[r.modality] = append(w.rates[r.modality], v)
		}
		if r.trimpEst {
			w.nEst[r.modality]++
		}
	}
	for i := range s.lifts {
		l := &s.lifts[i]
		w.liftAt[l.in] = i
		if l.d >= ws && l.d <= we {
			w.wkLift = append(w.wkLift, i)
		} else {
			w.outFirst, w.outLast = min(w.outFirst, l.d), max(w.outLast, l.d)
		}
	}
	w.med = make(map[string]float64, len(w.rates))
	for m, rs := range w.rates {
		w.med[m] = median(rs) // sorts rs
	}
	// The load EWMAs restart on the first day of each training block
	// (ewmas, blockSpan): the first day of its first week, or the
	// history's first day when that is later (a block starting on the
	// history's first week, whose first session a change can move). A
	// candidate keeps its sessions in the week and a training day in it
	// (scoreFast declines one that leaves none), so the blocks are the
	// history's.
	w.blockDay, w.blockEnd = s.first, s.last
	for _, b := range s.blocks {
		if ws >= b.first && ws <= b.last {
			w.blockDay, w.blockEnd = b.first, b.last+6
			break
		}
	}
	// The EWMAs are seeded with the mean of the block's first 28 days:
	// the candidates' loads change only the week's days, so the EWMAs up
	// to the day before are the history's when those days come after the
	// seed's (then the block's start lies before the week, where no
	// candidate moves it).
	if int(ws-max(w.blockDay, s.first)) >= SpikeChronicDays {
		w.carry = true
		i := int(ws - 1 - s.load.first)
		w.a0, w.c0 = s.load.acute[i], s.load.chronic[i]
	}
	for d := ws - 1; s.training[d]; d-- {
		w.before++
	}
	for d := we + 1; s.training[d]; d++ {
		w.after++
	}
	var wr []*runX
	var wl []*liftX
	for _, i := range w.wkRuns {
		wr = append(wr, &s.runs[i])
	}
	for _, i := range w.wkLift {
		wl = append(wl, &s.lifts[i])
	}
	fw := s.computeFuel(ws, wr, wl)
	w.n0, w.sleep = nutritionValue(fw.c.B, fw.c.Pr, fw.c.Sl, s.t.NutritionPrior), fw.c.Sl
	w.fuelIn = s.fuelInputs(&fuelWeek{}, ws, wr, wl)
	w.gkg, w.nP = s.weekProtein(&w.fuelIn)
	w.mini = scorer{p: s.p, opt: s.opt, t: s.t, loc: s.loc, training: map[day]bool{}}
	w.mult, _ = multiplier(s.p.TrainingStatus, s.p.Sex, s.t)
}

// state returns a candidate with no change yet.
func (w *whatIfWeek) state() whatIfState {
	return whatIfState{runs: w.runs, lifts: w.lifts, cardio: w.opt.Cardio,
		massKg: cmp.Or(max(w.p.BodyMassKg, 0), metrics.DefaultBodyMassKg)}
}

// score returns the interference of the week with the candidate's
// changes; ok is false when the week has none.
func (w *whatIfWeek) score(st *whatIfState) (float64, bool) {
	if !whatIfForceSlow {
		if v, ok, done := w.scoreFast(st); done {
			return v, ok
		}
	}
	return w.scoreFull(st)
}

// scoreFull scores the candidate by rebuilding the scorer on its whole
// history (the reference).
func (w *whatIfWeek) scoreFull(st *whatIfState) (float64, bool) {
	runs, lifts, cardio := st.sessions()
	o := w.opt
	o.Cardio = cardio
	return scoreWeekOf(runs, lifts, w.p, o, w.weekStart)
}

// scoreFast scores the candidate incrementally; done is false when it
// cannot (see the comment at the top of the file).
func (w *whatIfWeek) scoreFast(st *whatIfState) (v float64, ok, done bool) {
	s, ws, we := w.s, w.ws, w.ws+6
	inWeek := func(d day) bool { return d >= ws && d <= we }

	// The edited sessions: the history's versions drop out, the edited
	// ones (when they still have a start) and the added ones come in.
	var oldRuns, oldLifts [2 * WhatIfMaxChanges]int
	nOldR, nOldL := 0, 0
	w.newRuns, w.newLift = w.newRuns[:0], w.newLift[:0]
	for k := range st.edRuns {
		e := &st.edRuns[k]
		if i := w.runAt[e.idx]; i >= 0 {
			if nOldR == len(oldRuns) || !inWeek(s.runs[i].d) {
				return 0, false, false
			}
			oldRuns[nOldR] = i
			nOldR++
		}
		if !e.r.Start.IsZero() {
			w.newRuns = append(w.newRuns, newRunX(&e.r, false, e.idx, s.t, s.loc))
		}
	}
	for k := range st.added {
		c := &st.added[k]
		if !c.Start.IsZero() {
			w.newRuns = append(w.newRuns, newRunX(c, true, len(w.runs)+len(w.opt.Cardio)+k, s.t, s.loc))
		}
	}
	for k := range st.edLifts {
		e := &st.edLifts[k]
		if i := w.liftAt[e.idx]; i >= 0 {
			if nOldL == len(oldLifts) || !inWeek(s.lifts[i].d) {
				return 0, false, false
			}
			oldLifts[nOldL] = i
			nOldL++
		}
		if !e.l.Start.IsZero() {
			w.newLift = append(w.newLift, newLiftX(&e.l, e.idx, s.loc))
		}
	}
	for i := range w.newRuns {
		if !inWeek(w.newRuns[i].d) {
			return 0, false, false
		}
	}
	for i := range w.newLift {
		if !inWeek(w.newLift[i].d) {
			return 0, false, false
		}
	}
	isOldRun := func(i int) bool { return slices.Contains(oldRuns[:nOldR], i) }
	isOldLift := func(i int) bool { return slices.Contains(oldLifts[:nOldL], i) }

	// TRIMP: the edited sessions' rates may move the median rate of a
	// modality whose estimates use it (another session's: then the
	// candidate takes the full rebuild; or an edited one's).
	estOthers := func(m string) int {
		est := w.nEst[m]
		for _, i := range oldRuns[:nOldR] {
			if s.runs[i].modality == m && s.runs[i].trimpEst {
				est--
			}
		}
		return est
	}
	uses := func(m string) bool {
		if estOthers(m) > 0 {
			return true
		}
		for i := range w.newRuns {
			if w.newRuns[i].modality == m && math.IsNaN(w.newRuns[i].measured) {
				return true
			}
		}
		return false
	}
	med := w.med
	for m, rs := range w.candidateRates(oldRuns[:nOldR], uses) {
		old, had := w.med[m]
		var nv float64
		if len(rs) > 0 {
			nv = median(rs)
		}
		if had == (len(rs) > 0) && math.Float64bits(nv) == math.Float64bits(old) {
			continue
		}
		if estOthers(m) > 0 {
			return 0, false, false
		}
		nm := make(map[string]float64, len(med)+1)
		maps.Copy(nm, med)
		med = nm
		if len(rs) > 0 {
			med[m] = nv
		} else {
			delete(med, m)
		}
	}
	for i := range w.newRuns {
		w.newRuns[i].setTRIMP(med, s.t)
	}

	// The week's sessions in the scorer's order (start, then input).
	w.wr = w.wr[:0]
	for _, i := range w.wkRuns {
		if !isOldRun(i) {
			w.wr = append(w.wr, &s.runs[i])
		}
	}
	for i := range w.newRuns {
		w.wr = append(w.wr, &w.newRuns[i])
	}
	slices.SortFunc(w.wr, func(a, b *runX) int { return cmp.Or(a.start.Compare(b.start), cmp.Compare(a.in, b.in)) })
	mini := &w.mini
	mini.lifts = mini.lifts[:0]
	for _, i := range w.wkLift {
		if !isOldLift(i) {
			mini.lifts = append(mini.lifts, s.lifts[i])
		}
	}
	mini.lifts = append(mini.lifts, w.newLift...)
	slices.SortFunc(mini.lifts, func(a, b liftX) int { return cmp.Or(a.start.Compare(b.start), cmp.Compare(a.in, b.in)) })
	w.wl = w.wl[:0]
	for k := range mini.lifts {
		mini.lifts[k].idx = k
		w.wl = append(w.wl, &mini.lifts[k])
	}

	// P: every lift of the week against the sessions within 24 h.
	mini.runs = mini.runs[:0]
	for len(mini.pairs) < len(mini.lifts) {
		mini.pairs = append(mini.pairs, nil)
	}
	for k := range mini.lifts {
		l := &mini.lifts[k]
		ps := mini.pairs[k][:0]
		pair := func(r *runX) {
			gap, runFirst, overlap := metrics.PairGeometry(r.start, r.end, l.start, l.end)
			if gap < metrics.PairMaxH {
				ps = append(ps, metrics.Pair{Run: len(mini.runs), Lift: k, GapH: gap, RunFirst: runFirst, Overlap: overlap})
				mini.runs = append(mini.runs, *r)
			}
		}
		from := l.start.Add(-time.Duration(metrics.PairMaxH*float64(time.Hour)) - w.maxDur)
		to := l.end.Add(time.Duration(metrics.PairMaxH * float64(time.Hour)))
		for i := sort.Search(len(s.runs), func(i int) bool { return !s.runs[i].start.Before(from) }); i < len(s.runs) && s.runs[i].start.Before(to); i++ {
			if !isOldRun(i) {
				pair(&s.runs[i])
			}
		}
		for i := range w.newRuns {
			pair(&w.newRuns[i])
		}
		mini.pairs[k] = ps
	}

	// R: the week's training days, with the streaks around it.
	clear(mini.training)
	for d := ws - day(w.before); d < ws; d++ {
		mini.training[d] = true
	}
	for d := we + 1; d <= we+day(w.after); d++ {
		mini.training[d] = true
	}
	first, last := w.outFirst, w.outLast
	for _, r := range w.wr {
		first, last = min(first, r.d), max(last, r.d)
		if r.modality != metrics.ModalityWalking {
			mini.training[r.d] = true
		}
	}
	for _, l := range w.wl {
		first, last = min(first, l.d), max(last, l.d)
		mini.training[l.d] = true
	}
	if first > last || ws < weekStartOf(first, s.opt.WeekStart) || ws > weekStartOf(last, s.opt.WeekStart) {
		return 0, false, true // as scoreWeekOf
	}
	// A candidate that leaves the week without a training day (two runs
	// swapped for walks) may change the training blocks: the full rebuild.
	trains := false
	for d := ws; d <= we && !trains; d++ {
		trains = mini.training[d]
	}
	if !trains {
		return 0, false, false
	}

	// S: the week's daily loads (newLoadSeries' sums) …
	bf := max(w.blockDay, first) // the first day of the block's series (blockSpan)
	var load [7]float64
	for _, r := range w.wr {
		load[r.d-ws] += r.load()
	}
	for _, l := range w.wl {
		v, _ := l.load(s.t)
		load[l.d-ws] += v
	}
	if w.carry {
		// … the EWMAs carried from the day before the week over its
		// days, up to the history's last …
		w.ratio = w.ratio[:0]
		a, c := w.a0, w.c0
		for d := ws; d <= min(we, last); d++ {
			a, c = ewmaNext(a, c, load[d-ws])
			w.ratio = append(w.ratio, loadRatio(int(d-bf), a, c))
		}
		mini.load = loadSeries{first: ws, ratio: w.ratio}
	} else {
		// … or, when the week's loads are part of the EWMAs' seed, the
		// series from the first day to the end of the seed and the week.
		w.loads = w.loads[:0]
		for d := bf; d <= min(last, w.blockEnd, max(we, bf+SpikeChronicDays-1)); d++ {
			switch {
			case d >= ws && d <= we:
				w.loads = append(w.loads, load[d-ws])
			case d >= s.load.first && int(d-s.load.first) < len(s.load.load):
				w.loads = append(w.loads, s.load.load[d-s.load.first])
			default:
				w.loads = append(w.loads, 0)
			}
		}
		mini.load = loadSeries{first: bf, load: w.loads}
		mini.load.acute, mini.load.chronic, mini.load.ratio = ewmaRatio(w.loads)
	}

	v = mini.weekInterference(ws, w.wr, w.wl, w.nutrition(), w.mult)
	return v, !math.IsNaN(v), true
}

// candidateRates returns, for each modality that uses its median rate
// (uses) and whose rates the candidate changes (the history's sessions
// old replaced by w.newRuns), its rates with heart rate after the change.
func (w *whatIfWeek) candidateRates(old []int, uses func(modality string) bool) map[string][]float64 {
	type rate struct {
		m string
		v float64
	}
	out, in := make([]rate, 0, 4), make([]rate, 0, 4) // (on the stack)
	for _, i := range old {
		if v, ok := w.s.runs[i].trimpRate(); ok && uses(w.s.runs[i].modality) {
			out = append(out, rate{w.s.runs[i].modality, v})
		}
	}
	for i := range w.newRuns {
		if v, ok := w.newRuns[i].trimpRate(); ok && uses(w.newRuns[i].modality) {
			in = append(in, rate{w.newRuns[i].modality, v})
		}
	}
	// Rates both removed and added (a moved session) change nothing.
	for i := 0; i < len(out); i++ {
		if j := slices.Index(in, out[i]); j >= 0 {
			in = slices.Delete(in, j, j+1)
			out = slices.Delete(out, i, i+1)
			i--
		}
	}
	if len(out)+len(in) == 0 {
		return nil
	}
	changed := map[string][]float64{}
	for _, x := range append(slices.Clone(out), in...) {
		if _, ok := changed[x.m]; !ok {
			changed[x.m] = slices.Clone(w.rates[x.m])
		}
	}
	for _, x := range out {
		rs := changed[x.m]
		if j := slices.Index(rs, x.v); j >= 0 {
			changed[x.m] = slices.Delete(rs, j, j+1)
		}
	}
	for _, x := range in {
		changed[x.m] = append(changed[x.m], x.v)
	}
	return changed
}

// nutrition is INT-N of the candidate's week (w.wr, w.wl) as computeFuel
// and scorer.nutrition give it: with a food log, B from the week's mean
// deficit (weekDeficit with the candidate's exercise energy) and the
// weight trend (deficitComponent), Pr from the logged protein against the
// target that B's deficit sets, and the week's sleep; without one, none
// of them depends on the sessions.
func (w *whatIfWeek) nutrition() float64 {
	s := w.s
	if !w.fuelIn.foodLog {
		return w.n0
	}
	in := w.fuelIn
	in.eee, _, _ = weekExercise(nil, w.ws, w.wr, w.wl)
	b, deficit, _, _ := deficitComponent(s.weekDeficit(&in, &in.eee), &in, s.t)
	pr := math.NaN()
	if w.nP > 0 {
		pr = proteinRisk(w.gkg, s.proteinTarget(deficit))
	}
	return nutritionValue(b, pr, w.sleep, s.t.NutritionPrior)
}
