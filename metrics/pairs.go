package metrics

import (
	"cmp"
	"slices"
	"time"
)

// PairMaxH is the widest gap, in hours, at which an endurance session and a
// lift still form a pair (science.md R3: no effect at 24 h).
const PairMaxH = 24.0

// Span is what pairing needs of a session: its id and its edges.
type Span struct {
	ID         string
	Start, End time.Time
}

// Pair is an endurance session (a run or other cardio) and a lift less
// than [PairMaxH] apart: the one pairing rule the interference score
// (INT-P) and the report's timeline both read.
type Pair struct {
	Run, Lift int     // indexes into the slices given to [Pairs]
	GapH      float64 // hours between the sessions' edges; 0 when they overlap
	RunFirst  bool
	Overlap   bool
}

// PairGeometry is the gap and order of a session [rs, re) and a lift
// [ls, le) (science.md R3, R4): run first when it ended by the lift's
// start (gap = lift start − run end); lift first when it ended by the
// run's start (gap = run start − lift end); otherwise they overlap, gap 0,
// and the run counts as first when it started no later than the lift (the
// riskier order on a tie).
// runs.parquet's timing columns (metrics/timing.go) apply the same rule
// through pairGap.
func PairGeometry(rs, re, ls, le time.Time) (gapH float64, runFirst, overlap bool) {
	gap, runFirst, overlap := pairGap(rs, re, ls, le)
	return gap.Hours(), runFirst, overlap
}

// pairGap is [PairGeometry] with the gap as a duration.
func pairGap(rs, re, ls, le time.Time) (gap time.Duration, runFirst, overlap bool) {
	switch {
	case !re.After(ls):
		return ls.Sub(re), true, false
	case !le.After(rs):
		return rs.Sub(le), false, false
	}
	return 0, !rs.After(ls), true
}

// Pairs returns every pair of a session in runs and a lift in lifts whose
// gap is under [PairMaxH], by [PairGeometry], sorted by lift index, then
// gap, then run index. It is the walk that fills the timing columns
// ([AnalyzeSessions], runTiming), run by run. Cost: O((n + m) log m) plus
// the lifts within reach of each run.
func Pairs(runs, lifts []Span) []Pair {
	spans := make([]liftSpan, len(lifts))
	for i, l := range lifts {
		spans[i] = liftSpan{Span: l, idx: i, day: -1}
	}
	ix := sortedIndex(spans)
	var out []Pair
	for ri, r := range runs {
		runTiming(r, -2, ix, func(lp liftPair) {
			out = append(out, Pair{Run: ri, Lift: ix.spans[lp.k].idx, GapH: lp.gapH, RunFirst: lp.runFirst, Overlap: lp.overlap})
		})
	}
	sortPairs(out, func(p Pair) (int, float64, int) { return p.Lift, p.GapH, p.Run })
	return out
}

// sortPairs sorts pairs by lift, then gap, then run, as key gives them.
func sortPairs[P any](ps []P, key func(P) (lift int, gapH float64, run int)) {
	slices.SortStableFunc(ps, func(a, b P) int {
		la, ga, ra := key(a)
		lb, gb, rb := key(b)
		return cmp.Or(cmp.Compare(la, lb), cmp.Compare(ga, gb), cmp.Compare(ra, rb))
	})
}
