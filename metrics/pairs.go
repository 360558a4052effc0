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
// gap, then run index. Cost: O((n + m) log n) plus the pairs found.
func Pairs(runs, lifts []Span) []Pair {
	order := make([]int, len(runs))
	var maxDur time.Duration
	for i := range runs {
		order[i] = i
		maxDur = max(maxDur, runs[i].End.Sub(runs[i].Start))
	}
	slices.SortStableFunc(order, func(a, b int) int { return runs[a].Start.Compare(runs[b].Start) })
	window := time.Duration(PairMaxH * float64(time.Hour))
	var out []Pair
	for li, l := range lifts {
		lo := l.Start.Add(-window - maxDur)
		k, _ := slices.BinarySearchFunc(order, lo, func(i int, t time.Time) int { return runs[i].Start.Compare(t) })
		hi := l.End.Add(window)
		first := len(out)
		for ; k < len(order) && runs[order[k]].Start.Before(hi); k++ {
			r := runs[order[k]]
			g, rf, ov := PairGeometry(r.Start, r.End, l.Start, l.End)
			if g < PairMaxH {
				out = append(out, Pair{Run: order[k], Lift: li, GapH: g, RunFirst: rf, Overlap: ov})
			}
		}
		slices.SortStableFunc(out[first:], func(a, b Pair) int { return cmp.Or(cmp.Compare(a.GapH, b.GapH), cmp.Compare(a.Run, b.Run)) })
	}
	return out
}
