package metrics

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"

	"gainguard/ingest"
)

// Same-day order labels of Run.SameDayOrder (science.md R3, R4).
const (
	OrderLiftThenRun  = "lift_then_run"
	OrderRunThenLift  = "run_then_lift"
	OrderBoth         = "both"
	OrderSeparateDays = "separate_days"
)

// liftSpan is what the timing rule and the pairing need of a lift: its
// pairing span ([LiftSpan]) and where it came from.
type liftSpan struct {
	Span
	idx       int // index in the lifts (or spans) the index was built from
	day       int // local date as yyyymmdd; -1 when unknown
	region    ingest.Region
	precision ingest.Precision
}

// timing is the position of a run relative to the athlete's lifts.
type timing struct {
	HoursSinceLift, HoursToLift float64 // NaN when there is no such lift
	PrevLiftID, NextLiftID      string
	NearestLiftID               string
	NearestLiftRegion           ingest.Region
	NearestLiftGapH             float64 // NaN when there is no lift
	NearestLiftPrecision        ingest.Precision
	SameDayOrder                string
	DateOnlyLifts               []string // ids of date-only lifts used above
}

// liftPair is one lift that [runTiming] found less than [PairMaxH] from
// the run: its index in liftIndex.spans and the pair's geometry.
type liftPair struct {
	k        int
	gapH     float64
	runFirst bool
	overlap  bool
}

// runTiming places a run's span (start, end) among lifts (science.md R3,
// R4; the gap-risk and order rules of section 4 read these facts) in one
// walk that also yields the run's pairs: every lift whose gap is under
// [PairMaxH], passed to pair (when not nil). Gap and order of the run and
// each lift come from [PairGeometry] (through pairGap) on the sessions'
// pairing spans ([RunSpan], [LiftSpan]), so the timing columns, the
// interference score's pairs and the timeline's pairs are one list:
//
//   - previous lift: among lifts PairGeometry puts first, the one with the
//     smallest gap (0 when they overlap). HoursSinceLift = gap / 1 h.
//   - next lift: among lifts PairGeometry puts after the run (run first,
//     which includes an overlapping lift that started at the run's start),
//     the one with the smallest gap. HoursToLift = gap / 1 h.
//   - nearest lift: the one of the two with the smaller gap; on a tie the
//     next lift (run first is the riskier order, R3/R4).
//   - SameDayOrder: lifts on the run's local date (each activity's local
//     date is taken in its own offset when it has one, else in p.Loc) that
//     PairGeometry puts first count as before, the others after: before
//     only → "lift_then_run", after only → "run_then_lift", both → "both",
//     none → "separate_days".
//
// Previous and next lift are looked for at any distance; pairs only under
// [PairMaxH], so a run whose previous lift is under 24 h away has it among
// its pairs with the same gap. Ties on the gap go to the later-starting
// previous lift, the earlier-starting next lift, then to the smaller id.
// Date-only lifts take part with their assumed 12:00 local start; their
// ids are listed in DateOnlyLifts when they are the previous, next or a
// same-day lift. Cost: O(log m) plus the lifts within reach of the run,
// for m lifts.
func runTiming(run Span, runDay int, ix liftIndex, pair func(liftPair)) timing {
	start, end := run.Start, run.End
	t := timing{HoursSinceLift: math.NaN(), HoursToLift: math.NaN(), NearestLiftGapH: math.NaN(),
		NearestLiftRegion: "", SameDayOrder: OrderSeparateDays}
	lifts := ix.spans
	prev, next := -1, -1
	var prevGap, nextGap time.Duration
	var before, after bool
	var dateOnly []int
	visit := func(i int) {
		l := &lifts[i]
		gap, runFirst, overlap := pairGap(start, end, l.Start, l.End)
		if pair != nil && gap.Hours() < PairMaxH {
			pair(liftPair{k: i, gapH: gap.Hours(), runFirst: runFirst, overlap: overlap})
		}
		if runFirst {
			if next < 0 || gap < nextGap || (gap == nextGap && nextBetter(l, &lifts[next])) {
				next, nextGap = i, gap
			}
		} else if prev < 0 || gap < prevGap || (gap == prevGap && prevBetter(l, &lifts[prev])) {
			prev, prevGap = i, gap
		}
		if l.day == runDay {
			if l.precision == ingest.PrecisionDate {
				dateOnly = append(dateOnly, i)
			}
			if runFirst {
				after = true
			} else {
				before = true
			}
		}
	}
	// Lifts are sorted by start. Walk outwards from the run's start and stop
	// once no further lift can be previous, next, on the same local day or
	// under PairMaxH away: earlier lifts end by their start + maxDur, later
	// ones only start later.
	k := sort.Search(len(lifts), func(i int) bool { return lifts[i].Start.After(start) })
	for i := k - 1; i >= 0; i-- {
		l := &lifts[i]
		reach := start.Sub(l.Start) - ix.maxDur // no earlier lift ends later than this before the run
		if prev >= 0 && reach > prevGap && start.Sub(l.Start) > sameDayReach && reach.Hours() >= PairMaxH {
			break
		}
		visit(i)
	}
	for i := k; i < len(lifts); i++ {
		l := &lifts[i]
		if next >= 0 && l.Start.Sub(end) > nextGap && l.Start.Sub(start) > sameDayReach && l.Start.Sub(end).Hours() >= PairMaxH {
			break
		}
		visit(i)
	}
	switch {
	case before && after:
		t.SameDayOrder = OrderBoth
	case before:
		t.SameDayOrder = OrderLiftThenRun
	case after:
		t.SameDayOrder = OrderRunThenLift
	}
	near, nearGap := -1, time.Duration(0)
	if prev >= 0 {
		t.PrevLiftID, t.HoursSinceLift = lifts[prev].ID, prevGap.Hours()
		near, nearGap = prev, prevGap
	}
	if next >= 0 {
		t.NextLiftID, t.HoursToLift = lifts[next].ID, nextGap.Hours()
		if near < 0 || nextGap <= nearGap {
			near, nearGap = next, nextGap
		}
	}
	if near >= 0 {
		l := &lifts[near]
		t.NearestLiftID, t.NearestLiftRegion, t.NearestLiftGapH = l.ID, l.region, nearGap.Hours()
		t.NearestLiftPrecision = l.precision
	}
	for _, i := range []int{prev, next} {
		if i >= 0 && lifts[i].precision == ingest.PrecisionDate {
			dateOnly = append(dateOnly, i)
		}
	}
	slices.Sort(dateOnly) // index order = sorted order: deterministic
	for _, i := range slices.Compact(dateOnly) {
		t.DateOnlyLifts = append(t.DateOnlyLifts, lifts[i].ID)
	}
	return t
}

// sameDayReach bounds how far apart two instants on the same local date
// can be: 24 h plus the widest gap between UTC offsets (−12 h to +14 h),
// rounded up.
const sameDayReach = 52 * time.Hour

// liftIndex is the athlete's lifts' pairing spans sorted by start, with
// the longest span, so runTiming need not scan every lift for every run.
type liftIndex struct {
	spans  []liftSpan
	maxDur time.Duration
}

// newLiftIndex builds a liftIndex from lifts in any order: their spans
// are [LiftSpan]'s; lifts without a start are left out.
func newLiftIndex(lifts []Lift) liftIndex {
	spans := make([]liftSpan, 0, len(lifts))
	for i := range lifts {
		l := &lifts[i]
		if l.Start.IsZero() {
			continue
		}
		spans = append(spans, liftSpan{Span: LiftSpan(l), idx: i, day: dayKey(l.LocalDate),
			region: l.Region, precision: l.Precision})
	}
	return sortedIndex(spans)
}

// sortedIndex sorts spans by start, then id, then index, and records the
// longest.
func sortedIndex(spans []liftSpan) liftIndex {
	ix := liftIndex{spans: spans}
	for _, l := range spans {
		ix.maxDur = max(ix.maxDur, l.End.Sub(l.Start))
	}
	slices.SortStableFunc(ix.spans, func(a, b liftSpan) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID), cmp.Compare(a.idx, b.idx))
	})
	return ix
}

// prevBetter reports whether a beats b as previous lift on a gap tie:
// later start, then smaller id.
func prevBetter(a, b *liftSpan) bool {
	if !a.Start.Equal(b.Start) {
		return a.Start.After(b.Start)
	}
	return a.ID < b.ID
}

// nextBetter reports whether a beats b as next lift on a gap tie: earlier
// start, then smaller id.
func nextBetter(a, b *liftSpan) bool {
	if !a.Start.Equal(b.Start) {
		return a.Start.Before(b.Start)
	}
	return a.ID < b.ID
}

// dayKey returns t's calendar date (in t's own location) as yyyymmdd.
func dayKey(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}
