package report

import (
	"time"

	"gainguard/metrics"
)

// keptPairs returns the pairs whose run (or cardio session) and lift both
// start at or after week (the sessions [sinceOutputs] keeps), re-indexed
// into the kept runs, cardio and lifts (the same slices without the
// earlier sessions, order kept).
func keptPairs(pairs []metrics.SessionPair, runs, cardio []metrics.Run, lifts []metrics.Lift, week time.Time) []metrics.SessionPair {
	newIdx := func(n int, before func(i int) bool) []int {
		idx, k := make([]int, n), 0
		for i := range idx {
			idx[i] = -1
			if !before(i) {
				idx[i], k = k, k+1
			}
		}
		return idx
	}
	ri := newIdx(len(runs), func(i int) bool { return runs[i].Start.Before(week) })
	ci := newIdx(len(cardio), func(i int) bool { return cardio[i].Start.Before(week) })
	li := newIdx(len(lifts), func(i int) bool { return lifts[i].Start.Before(week) })
	var out []metrics.SessionPair
	for _, p := range pairs {
		r := ri
		if p.Cardio {
			r = ci
		}
		if r[p.RunIdx] < 0 || li[p.LiftIdx] < 0 {
			continue
		}
		p.RunIdx, p.LiftIdx = r[p.RunIdx], li[p.LiftIdx]
		out = append(out, p)
	}
	return out
}

// rebasePairs shifts pairs' indexes by the number of runs, cardio
// sessions and lifts already in the dataset before the athlete's.
func rebasePairs(pairs []metrics.SessionPair, runs, cardio, lifts int) []metrics.SessionPair {
	out := make([]metrics.SessionPair, len(pairs))
	for i, p := range pairs {
		if p.Cardio {
			p.RunIdx += cardio
		} else {
			p.RunIdx += runs
		}
		p.LiftIdx += lifts
		out[i] = p
	}
	return out
}

// SetPairs fills d.Pairs from d.Runs, d.Cardio and d.Lifts, athlete by
// athlete, with [metrics.AthletePairs] (the walk [metrics.AnalyzeSessions]
// uses), for a Dataset assembled without [Build]; Build stores the list
// it scored and needs no call.
func (d *Dataset) SetPairs() {
	type at struct {
		runs, cardio []metrics.Run
		lifts        []metrics.Lift
		ri, ci, li   []int
	}
	by := map[string]*at{}
	get := func(a string) *at {
		if by[a] == nil {
			by[a] = &at{}
		}
		return by[a]
	}
	for i, r := range d.Runs {
		x := get(r.Athlete)
		x.runs, x.ri = append(x.runs, r), append(x.ri, i)
	}
	for i, r := range d.Cardio {
		x := get(r.Athlete)
		x.cardio, x.ci = append(x.cardio, r), append(x.ci, i)
	}
	for i, l := range d.Lifts {
		x := get(l.Athlete)
		x.lifts, x.li = append(x.lifts, l), append(x.li, i)
	}
	d.Pairs = nil
	for a, x := range by {
		ps := metrics.AthletePairs(x.runs, x.cardio, x.lifts)
		if len(ps) == 0 {
			continue
		}
		for i := range ps {
			if ps[i].Cardio {
				ps[i].RunIdx = x.ci[ps[i].RunIdx]
			} else {
				ps[i].RunIdx = x.ri[ps[i].RunIdx]
			}
			ps[i].LiftIdx = x.li[ps[i].LiftIdx]
		}
		if d.Pairs == nil {
			d.Pairs = map[string][]metrics.SessionPair{}
		}
		d.Pairs[a] = ps
	}
}
