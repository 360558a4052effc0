package report

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// What-if search (docs/scoring.md, "What-if search"): for a week scored
// moderate or worse, the cheapest set of at most WhatIfMaxChanges edits
// to the week's sessions that brings interference below BandModerate, or
// else as low as it goes. Every candidate is re-scored by [Score]'s
// scorer on the athlete's history, so the what-if number is the model's
// own; whatif_fast.go recomputes only what the candidate's edits reach,
// equal to the bit to rebuilding the scorer (TestWhatIfFastEqualsFull).

// Costs of one change ([HEUR], docs/scoring.md). Smaller edits to the plan
// are cheaper; a lift is harder to move than a run (gym slots), and giving
// up a run for another sport costs most of the run-side changes.
const (
	CostShortenBase   = 0.5 // + CostShortenPerH per hour cut
	CostShortenPerH   = 2.0 //
	CostRetime        = 1.0 // same day, other time; + CostRetimePerH per hour shifted
	CostRetimePerH    = 1.0 / 12
	CostSwapOrder     = 1.0  // run and lift of one session change order
	CostMoveRunDay    = 1.5  // run to another day; + CostPerDayMoved per day
	CostPerDayMoved   = 0.1  //
	CostReplaceRun    = 2.0  // run becomes another modality (a ride)
	CostMoveLiftDay   = 2.0  // lift to another day (same clock time); + CostPerDayMoved per day
	WhatIfMaxChanges  = 2    // changes combined at most, and sessions touched at most
	WhatIfBeam        = 64   // best single changes combined into pairs
	whatIfMinGainPts  = 0.05 // a what-if must lower the score by more than this
	whatIfSlotMorning = 7*60 + 0
	whatIfSlotEvening = 18*60 + 30
)

// WhatIf is the result of the search for one week.
type WhatIf struct {
	Score    float64  // interference of the changed week; NaN when no change lowers it
	Band     string   // its band ("" with NaN)
	Changes  []string // human-readable changes, in order ("Move Tue's 60-min run to Wed 07:00")
	Sessions int      // distinct sessions touched
	Cost     float64  // Σ change costs
	Tried    int      // candidates scored
}

// whatIfState is a candidate's sessions: the history's (shared, read
// only) and private copies of the ones its changes edit or add.
type whatIfState struct {
	runs   []metrics.Run  // the history's runs
	lifts  []metrics.Lift // the history's lifts
	cardio []metrics.Run  // the history's ScoreOptions.Cardio
	massKg float64        // body mass for a swapped session's energy

	edRuns  []editedRun   // runs[idx] as edited
	edLifts []editedLift  // lifts[idx] as edited
	added   []metrics.Run // cardio sessions added (appended to cardio)
}

type editedRun struct {
	idx int
	r   metrics.Run
}

type editedLift struct {
	idx int
	l   metrics.Lift
}

// reset drops the candidate's changes (keeping the storage for the next).
func (st *whatIfState) reset() {
	st.edRuns, st.edLifts, st.added = st.edRuns[:0], st.edLifts[:0], st.added[:0]
}

// run returns the candidate's copy of runs[i] to edit (the pointer is
// valid until the next call).
func (st *whatIfState) run(i int) *metrics.Run {
	for k := range st.edRuns {
		if st.edRuns[k].idx == i {
			return &st.edRuns[k].r
		}
	}
	st.edRuns = append(st.edRuns, editedRun{i, st.runs[i]})
	return &st.edRuns[len(st.edRuns)-1].r
}

// lift returns the candidate's copy of lifts[i] to edit.
func (st *whatIfState) lift(i int) *metrics.Lift {
	for k := range st.edLifts {
		if st.edLifts[k].idx == i {
			return &st.edLifts[k].l
		}
	}
	st.edLifts = append(st.edLifts, editedLift{i, st.lifts[i]})
	return &st.edLifts[len(st.edLifts)-1].l
}

// sessions returns the candidate's whole history: copies of runs, lifts
// and cardio with the edits applied and the added sessions appended.
func (st *whatIfState) sessions() (runs []metrics.Run, lifts []metrics.Lift, cardio []metrics.Run) {
	runs, lifts = slices.Clone(st.runs), slices.Clone(st.lifts)
	for _, e := range st.edRuns {
		runs[e.idx] = e.r
	}
	for _, e := range st.edLifts {
		lifts[e.idx] = e.l
	}
	return runs, lifts, append(slices.Clone(st.cardio), st.added...)
}

// whatIfSwaps are the modalities a run can be swapped for, in the order
// the changes are generated.
var whatIfSwaps = []struct{ sport, desc string }{
	{"cycling", "an easy ride"},
	{"walking", "a brisk walk"},
}

// change is one candidate edit. apply edits a copy of the sessions.
type change struct {
	desc     string
	cost     float64
	sessions []string // activity ids touched
	apply    func(st *whatIfState)
}

// candidate is a set of changes with its re-scored interference.
type candidate struct {
	changes []int // indexes into the singles
	cost    float64
	score   float64
	order   int // generation order, the last tie-break
}

// better reports whether a beats b: reaching the low band first, then (when
// both do) lower cost, (when neither does) lower score; then the other,
// then generation order.
func (a candidate) better(b candidate) bool {
	al, bl := a.score < BandModerate, b.score < BandModerate
	if al != bl {
		return al
	}
	var c int
	if al {
		c = cmp.Or(cmp.Compare(Round2(a.cost), Round2(b.cost)), cmp.Compare(Round2(a.score), Round2(b.score)))
	} else {
		c = cmp.Or(cmp.Compare(Round2(a.score), Round2(b.score)), cmp.Compare(Round2(a.cost), Round2(b.cost)))
	}
	if c != 0 {
		return c < 0
	}
	return a.order < b.order
}

// Round2 rounds v to hundredths: the what-if search compares scores and
// costs so (keeping float noise out of the comparisons), and the plan
// output prints them so.
func Round2(v float64) float64 { return math.Round(v*100) / 100 }

// SearchWhatIf searches the changes to the week starting on weekStart (a
// local midnight, as in [Week].WeekStart) of the athlete whose history is
// runs and lifts, scored with p and opt as [Score] would. It returns a
// WhatIf with NaN Score when the week has no sessions or no change lowers
// its interference. The search is bounded (every single change, then
// combinations of the WhatIfBeam best, at most WhatIfMaxChanges) and
// deterministic.
func SearchWhatIf(runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions, weekStart time.Time) WhatIf {
	return searchWhatIf(runs, lifts, p, opt, weekStart, WhatIfMaxChanges, WhatIfBeam)
}

// searchWhatIf is a beam search: level 1 scores every single change;
// level k combines each of the beam best sets of level k−1 with each
// of the beam best singles (no session touched twice, each set once).
func searchWhatIf(runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions, weekStart time.Time, maxChanges, beam int) WhatIf {
	return newWhatIfHistory(runs, lifts, p, opt).search(weekStart, maxChanges, beam)
}

// search is searchWhatIf on the history h.
func (h *whatIfHistory) search(weekStart time.Time, maxChanges, beam int) WhatIf {
	res := WhatIf{Score: math.NaN()}
	ww, base, ok := h.week(weekStart)
	if !ok {
		return res
	}
	singles := whatIfChanges(ww.runs, ww.lifts, ww.opt.Cardio, h.loc, weekStart)
	if len(singles) == 0 {
		return res
	}
	var best candidate
	found := false
	n := 0
	st := ww.state()
	eval := func(idx []int) (candidate, bool) {
		st.reset()
		c := candidate{changes: idx, order: n}
		n++
		for _, i := range idx {
			singles[i].apply(&st)
			c.cost += singles[i].cost
		}
		sc, ok := ww.score(&st)
		res.Tried++
		if !ok {
			return c, false
		}
		c.score = sc
		if sc < base-whatIfMinGainPts && (!found || c.better(best)) {
			best, found = c, true
		}
		return c, true
	}
	rank := func(cs []candidate) []candidate {
		slices.SortStableFunc(cs, func(a, b candidate) int {
			return cmp.Or(cmp.Compare(Round2(a.score), Round2(b.score)), cmp.Compare(Round2(a.cost), Round2(b.cost)), cmp.Compare(a.order, b.order))
		})
		return cs[:min(len(cs), beam)]
	}
	var level []candidate
	for i := range singles {
		if c, ok := eval([]int{i}); ok {
			level = append(level, c)
		}
	}
	top := rank(slices.Clone(level))
	level = top
	seen := map[string]bool{}
	var keyBuf [32]byte
	for k := 2; k <= maxChanges; k++ {
		var next []candidate
		for _, set := range level {
			for _, one := range top {
				j := one.changes[0]
				if slices.Contains(set.changes, j) || overlapsAny(singles, set.changes, j) {
					continue
				}
				idx := append(slices.Clone(set.changes), j)
				if touchedCount(singles, idx) > maxChanges {
					continue // at most maxChanges sessions change
				}
				slices.Sort(idx)
				key := appendSetKey(keyBuf[:0], idx)
				if seen[string(key)] { // (no string made for the lookup)
					continue
				}
				seen[string(key)] = true
				if found && best.score < BandModerate && set.cost+singles[j].cost > best.cost+1e-9 {
					continue // cannot beat a cheaper way to low
				}
				if c, ok := eval(idx); ok {
					next = append(next, c)
				}
			}
		}
		level = rank(next)
	}
	if !found {
		return res
	}
	res.Score = best.score
	res.Band = string(InterferenceBand(best.score))
	res.Cost = best.cost
	for _, i := range best.changes {
		res.Changes = append(res.Changes, singles[i].desc)
	}
	res.Sessions = len(touchedBy(singles, best.changes))
	return res
}

// appendSetKey appends to b the key of a sorted set of change indexes.
func appendSetKey(b []byte, idx []int) []byte {
	for _, i := range idx {
		b = binary.AppendUvarint(b, uint64(i))
	}
	return b
}

// touchedBy returns the distinct sessions the changes idx touch.
func touchedBy(singles []change, idx []int) []string {
	var touched []string
	for _, i := range idx {
		for _, id := range singles[i].sessions {
			if !slices.Contains(touched, id) {
				touched = append(touched, id)
			}
		}
	}
	return touched
}

// touchedCount is len(touchedBy(singles, idx)), without a slice on the
// heap for the few sessions a set of changes touches.
func touchedCount(singles []change, idx []int) int {
	var buf [8]string
	touched := buf[:0]
	for _, i := range idx {
		for _, id := range singles[i].sessions {
			if !slices.Contains(touched, id) {
				touched = append(touched, id)
			}
		}
	}
	return len(touched)
}

// Days of history before and after the searched week that its score can
// depend on: the 28-day load EWMA decays to (27/29)^91 < 0.2 % of its seed
// in WhatIfWindowBefore days; pairs reach 24 h, streaks are capped by the
// check in searchWhatIf.
const (
	WhatIfWindowBefore = 91
	WhatIfWindowAfter  = 14
)

// whatIfFullHistory turns the window off (tests compare both).
var whatIfFullHistory = false

// whatIfWindow returns the runs, lifts, food-log days and weigh-ins from
// WhatIfWindowBefore days before the week to WhatIfWindowAfter days after
// its start, and where each lies in the history (the what-if cache keys
// a window by the digests of those inputs, whatif_cache.go).
func whatIfWindow(runs []metrics.Run, lifts []metrics.Lift, opt ScoreOptions, loc *time.Location, weekStart time.Time) ([]metrics.Run, []metrics.Lift, ScoreOptions, *whatIfWindowAt) {
	ws := dayOf(weekStart)
	lo, hi := ws-WhatIfWindowBefore, ws+WhatIfWindowAfter
	in := func(ld, st time.Time) bool {
		d := sessionDay(ld, st, loc)
		return d >= lo && d <= hi
	}
	at := &whatIfWindowAt{}
	var wr []metrics.Run
	var wl []metrics.Lift
	for i, r := range runs {
		if !r.Start.IsZero() && in(r.LocalDate, r.Start) {
			wr = append(wr, r)
			at.runs = append(at.runs, i)
		}
	}
	for i, l := range lifts {
		if !l.Start.IsZero() && in(l.LocalDate, l.Start) {
			wl = append(wl, l)
			at.lifts = append(at.lifts, i)
		}
	}
	wopt := opt
	wopt.Intake = nil
	for i, x := range opt.Intake {
		if d := dayOf(x.Date); d >= lo && d <= hi {
			wopt.Intake = append(wopt.Intake, x)
			at.intake = append(at.intake, i)
		}
	}
	wopt.WeighIns = nil
	for i, x := range opt.WeighIns {
		if d := dayOf(x.Time.In(loc)); d >= lo && d <= hi {
			wopt.WeighIns = append(wopt.WeighIns, x)
			at.weighIns = append(at.weighIns, i)
		}
	}
	wopt.Cardio = nil
	for i, c := range opt.Cardio {
		if !c.Start.IsZero() && in(c.LocalDate, c.Start) {
			wopt.Cardio = append(wopt.Cardio, c)
			at.cardio = append(at.cardio, i)
		}
	}
	wopt.Sleep = nil
	for i, x := range opt.Sleep {
		if d := dayOf(x.Date); d >= lo && d <= hi {
			wopt.Sleep = append(wopt.Sleep, x)
			at.sleep = append(at.sleep, i)
		}
	}
	return wr, wl, wopt, at
}

// whatIfWindowAt is where the inputs of a window ([whatIfWindow]) lie in
// the history: indexes into the runs, the lifts, and the options' Cardio,
// Intake, WeighIns and Sleep, in order.
type whatIfWindowAt struct {
	runs, lifts, cardio, intake, weighIns, sleep []int
}

// overlapsAny reports whether single j touches a session of the set.
func overlapsAny(singles []change, set []int, j int) bool {
	for _, i := range set {
		if overlaps(singles[i].sessions, singles[j].sessions) {
			return true
		}
	}
	return false
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// scoreWeekOf returns the interference of the week starting on
// weekStart's date, computed by the same code as [Score] (its scorer on
// the whole history) for that one week only.
func scoreWeekOf(runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions, weekStart time.Time) (float64, bool) {
	t := opt.tuning()
	loc := p.Loc
	if loc == nil {
		loc = time.UTC
	}
	return newScorer(runs, lifts, p, opt, t, loc).weekScore(dayOf(weekStart))
}

// AddWhatIfs fills WhatIfInterference and WhatIfChanges of every week
// scored moderate or worse (see [SearchWhatIf]) that starts on or after
// from (zero: every week); other weeks get NaN and no changes. A searched
// week where no change lowers the score keeps its own score and no
// changes. The weeks are searched concurrently (at most GOMAXPROCS at a
// time); each search reads the history only, so the result does not
// depend on the order.
func AddWhatIfs(weeks []Week, runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions, from time.Time) {
	addWhatIfs(weeks, runs, lifts, p, opt, from, runtime.GOMAXPROCS(0), nil)
}

// addWhatIfs is AddWhatIfs with at most workers searches at a time, each
// looked up in memo first (nil: none; whatif_cache.go).
func addWhatIfs(weeks []Week, runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions, from time.Time, workers int, memo *whatIfMemo) {
	var todo []int
	for i := range weeks {
		w := &weeks[i]
		w.WhatIfInterference = math.NaN()
		w.WhatIfChanges = nil
		if math.IsNaN(w.Interference) || w.Interference < BandModerate || w.WeekStart.Before(from) {
			continue
		}
		todo = append(todo, i)
	}
	if len(todo) == 0 {
		return
	}
	h := newWhatIfHistory(runs, lifts, p, opt) // shared, read only
	if memo != nil {
		memo.hist = h // the window keys read the same history
	}
	search := func(i int) {
		w := &weeks[i]
		wi := memo.search(w.WeekStart, func() WhatIf { return h.search(w.WeekStart, WhatIfMaxChanges, WhatIfBeam) })
		h.forget(w.WeekStart)
		if math.IsNaN(wi.Score) {
			w.WhatIfInterference = w.Interference // nothing within reach lowers it
			return
		}
		w.WhatIfInterference = wi.Score
		w.WhatIfChanges = wi.Changes
	}
	workers = min(max(workers, 1), len(todo))
	if workers <= 1 {
		for _, i := range todo {
			search(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				k := int(next.Add(1)) - 1
				if k >= len(todo) {
					return
				}
				search(todo[k])
			}
		})
	}
	wg.Wait()
}

// ---- candidate generation ----

// whatIfSession is a run or lift of the searched week, in local time.
type whatIfSession struct {
	id         string
	run        bool
	idx        int // index into runs or lifts
	start, end time.Time
	min        float64
	d          day // local day
	dateOnly   bool
}

// whatIfChanges lists the single changes for the week, in a fixed order:
// per session by start time, runs: shorten, same-day retimes, order swap,
// other days, another modality; lifts: other days.
func whatIfChanges(runs []metrics.Run, lifts []metrics.Lift, cardio []metrics.Run, loc *time.Location, weekStart time.Time) []change {
	ws := dayOf(weekStart)
	var sess, all []whatIfSession
	localDay := func(ld, st time.Time) day { return sessionDay(ld, st, loc) }
	for i := range runs {
		r := &runs[i]
		if r.Start.IsZero() {
			continue
		}
		s := whatIfSession{id: r.ActivityID, run: true, idx: i, start: r.Start, end: metrics.RunSpan(r).End,
			min: firstPositive(r.TimerS, r.MovingS, r.ElapsedS) / 60, d: localDay(r.LocalDate, r.Start)}
		all = append(all, s)
	}
	for i := range lifts {
		l := &lifts[i]
		if l.Start.IsZero() {
			continue
		}
		dur := firstPositive(l.DurationS, l.End.Sub(l.Start).Seconds())
		all = append(all, whatIfSession{id: l.ActivityID, idx: i, start: l.Start, end: metrics.LiftSpan(l).End, min: dur / 60,
			d: localDay(l.LocalDate, l.Start), dateOnly: l.Precision == ingest.PrecisionDate})
	}
	for _, s := range all {
		if s.d >= ws && s.d <= ws+6 {
			sess = append(sess, s)
		}
	}
	// Rides, rows, walks and swims are not moved, but nothing is moved
	// onto them.
	for _, c := range cardio {
		if !c.Start.IsZero() {
			all = append(all, whatIfSession{id: c.ActivityID, start: c.Start,
				end: c.Start.Add(seconds(firstPositive(c.ElapsedS, c.TimerS, c.MovingS))), idx: -1})
		}
	}
	slices.SortStableFunc(sess, func(a, b whatIfSession) int {
		return cmp.Or(a.start.Compare(b.start), cmp.Compare(a.id, b.id))
	})
	// free reports whether [start, end) overlaps no session but skip.
	free := func(start, end time.Time, skip ...string) bool {
		for _, o := range all {
			if slices.Contains(skip, o.id) {
				continue
			}
			if start.Before(o.end) && o.start.Before(end) {
				return false
			}
		}
		return true
	}
	var out []change
	for _, s := range sess {
		if s.run {
			out = append(out, runChanges(s, sess, loc, ws, free)...)
		} else {
			out = append(out, liftChanges(s, loc, ws, free)...)
		}
	}
	return out
}

// at returns local clock time minutes after midnight of d.
func at(d day, minutes int, loc *time.Location) time.Time {
	y, m, dd := d.civil()
	return time.Date(y, m, dd, minutes/60, minutes%60, 0, 0, loc)
}

func dayName(d day) string { return d.label()[:3] }

// runDesc is "Tue's 60-min run".
func runDesc(s whatIfSession) string {
	return fmt.Sprintf("%s's %.0f-min run", dayName(s.d), s.min)
}

// moveRun returns a change moving run s to start at t (local day nd).
func moveRun(s whatIfSession, t time.Time, nd day, desc string, cost float64, loc *time.Location) change {
	return change{desc: desc, cost: cost, sessions: []string{s.id},
		apply: func(st *whatIfState) {
			r := st.run(s.idx)
			r.Start = t.UTC()
			r.LocalDate = nd.in(loc)
		}}
}

func runChanges(s whatIfSession, sess []whatIfSession, loc *time.Location, ws day, free func(time.Time, time.Time, ...string) bool) []change {
	var out []change
	dur := s.end.Sub(s.start)
	// Shorten to 30 and 20 minutes (timer, distance, load and energy scale).
	for _, to := range []float64{30, 20} {
		if s.min <= to+0.5 {
			continue
		}
		f := to / s.min
		out = append(out, change{
			desc:     fmt.Sprintf("Shorten %s to %.0f min", runDesc(s), to),
			cost:     CostShortenBase + CostShortenPerH*(s.min-to)/60,
			sessions: []string{s.id},
			apply: func(st *whatIfState) {
				r := st.run(s.idx)
				r.TimerS *= f
				r.MovingS *= f
				r.ElapsedS *= f
				r.DistanceM *= f
				r.TRIMP *= f
				r.HRTSS *= f
				r.NetKcal *= f
				for z := range r.ZoneS {
					r.ZoneS[z] *= f
				}
			}})
	}
	// Same day: right after, or ≥ 6 h away from, each lift of the day.
	var liftsToday []whatIfSession
	for _, o := range sess {
		if !o.run && o.d == s.d && !o.dateOnly {
			liftsToday = append(liftsToday, o)
		}
	}
	seen := map[int64]bool{s.start.Unix(): true}
	retime := func(t time.Time, what string) {
		if seen[t.Unix()] || dayOf(t.In(loc)) != s.d || !free(t, t.Add(dur), s.id) {
			return
		}
		seen[t.Unix()] = true
		shift := math.Abs(t.Sub(s.start).Hours())
		out = append(out, moveRun(s, t, s.d,
			fmt.Sprintf("Move %s to %s %s", runDesc(s), what, t.In(loc).Format("15:04")),
			CostRetime+CostRetimePerH*shift, loc))
	}
	for _, l := range liftsToday {
		after := l.end.Add(10 * time.Minute).Truncate(5 * time.Minute)
		if s.start.Before(l.start) {
			// Swap the order: the lift takes the run's slot, the run follows it.
			lst, lend := s.start, s.start.Add(l.end.Sub(l.start))
			rst := lend.Add(5 * time.Minute)
			if free(lst, lend, s.id, l.id) && free(rst, rst.Add(dur), s.id, l.id) && dayOf(rst.In(loc)) == s.d {
				l := l
				out = append(out, change{
					desc:     fmt.Sprintf("On %s lift first, then the %.0f-min run (lift %s, run %s)", dayName(s.d), s.min, lst.In(loc).Format("15:04"), rst.In(loc).Format("15:04")),
					cost:     CostSwapOrder,
					sessions: []string{s.id, l.id},
					apply: func(st *whatIfState) {
						lf := st.lift(l.idx)
						shift := lst.Sub(lf.Start)
						lf.Start = lf.Start.Add(shift)
						if !lf.End.IsZero() {
							lf.End = lf.End.Add(shift)
						}
						st.run(s.idx).Start = rst.UTC()
					}})
			}
		}
		retime(after, "right after the lift,")
		retime(l.end.Add(6*time.Hour).Truncate(15*time.Minute).Add(15*time.Minute), "≥ 6 h after the lift,")
		retime(l.start.Add(-6*time.Hour-dur).Truncate(15*time.Minute), "≥ 6 h before the lift,")
	}
	// Other days of the week, morning and evening.
	for d := ws; d <= ws+6; d++ {
		if d == s.d {
			continue
		}
		for _, m := range []int{whatIfSlotMorning, whatIfSlotEvening} {
			t := at(d, m, loc)
			if !free(t, t.Add(dur), s.id) {
				continue
			}
			days := math.Abs(float64(d - s.d))
			out = append(out, moveRun(s, t, d,
				fmt.Sprintf("Move %s to %s %s", runDesc(s), dayName(d), t.Format("15:04")),
				CostMoveRunDay+CostPerDayMoved*days, loc))
		}
	}
	// Another modality: the run becomes an easy ride or a brisk walk of
	// the same length at the same time (seed 003: "brisk walk or bike
	// ride" for active recovery), scored as a cardio session: the
	// modality's factor m, load estimated from its minutes as an easy
	// session, energy from the modality's MET.
	for _, sw := range whatIfSwaps {
		out = append(out, change{
			desc:     fmt.Sprintf("Swap %s for %s", runDesc(s), sw.desc),
			cost:     CostReplaceRun,
			sessions: []string{s.id},
			apply: func(st *whatIfState) {
				r := st.run(s.idx)
				c := *r
				r.Start = time.Time{} // Score skips sessions without a start
				c.ActivityID += "-" + sw.sport
				c.Sport, c.SubSport, c.Class = sw.sport, "", "liss"
				c.TRIMP, c.HRTSS, c.HRSource = math.NaN(), math.NaN(), "none"
				c.AvgHR, c.MaxHR, c.DistanceM = math.NaN(), math.NaN(), math.NaN()
				c.NetKcal = metrics.METKcal(firstPositive(c.TimerS, c.MovingS, c.ElapsedS)/60, metrics.CardioMET(metrics.ModalityOf(sw.sport, "")), st.massKg)
				st.added = append(st.added, c)
			}})
	}
	return out
}

func liftChanges(s whatIfSession, loc *time.Location, ws day, free func(time.Time, time.Time, ...string) bool) []change {
	var out []change
	local := s.start.In(loc)
	clock := local.Hour()*60 + local.Minute()
	dur := s.end.Sub(s.start)
	for d := ws; d <= ws+6; d++ {
		if d == s.d {
			continue
		}
		t := at(d, clock, loc)
		if !free(t, t.Add(dur), s.id) {
			continue
		}
		nd := d
		out = append(out, change{
			desc:     fmt.Sprintf("Move %s's lift to %s %s", dayName(s.d), dayName(d), t.Format("15:04")),
			cost:     CostMoveLiftDay + CostPerDayMoved*math.Abs(float64(d-s.d)),
			sessions: []string{s.id},
			apply: func(st *whatIfState) {
				l := st.lift(s.idx)
				shift := t.Sub(l.Start)
				l.Start = t.UTC()
				if !l.End.IsZero() {
					l.End = l.End.Add(shift)
				}
				l.LocalDate = nd.in(loc)
			}})
	}
	return out
}
