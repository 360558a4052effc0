package metrics

import "time"

// RunSpan is a run's (or other cardio session's) pairing span: end =
// start + elapsed time (else timer, else moving time). INT-P and the
// report's timeline both use it, through [AthletePairs].
func RunSpan(r *Run) Span {
	return Span{ID: r.ActivityID, Start: r.Start, End: r.Start.Add(secs(firstPos(r.ElapsedS, r.TimerS, r.MovingS)))}
}

// LiftSpan is a lift's pairing span: its logged end when after its start,
// else start + duration (logged or estimated, [Lift.DurationS]).
func LiftSpan(l *Lift) Span {
	end := l.End
	if end.IsZero() || !end.After(l.Start) {
		end = l.Start.Add(secs(firstPos(l.DurationS, l.End.Sub(l.Start).Seconds())))
	}
	return Span{ID: l.ActivityID, Start: l.Start, End: end}
}

// SessionPair is one pair of an athlete's endurance session and lift, as
// found by [AthletePairs].
type SessionPair struct {
	RunIdx  int  // index into the runs given, or into cardio when Cardio
	Cardio  bool // the session is from cardio, not runs
	LiftIdx int  // index into the lifts given
	// Run and Lift are the sessions' spans ([RunSpan], [LiftSpan]).
	Run, Lift Span
	GapH      float64 // hours between the sessions' edges; 0 when they overlap
	RunFirst  bool
	Overlap   bool
}

// AthletePairs is the one list of an athlete's run–lift pairs: every run
// and every cardio session against every lift (sessions without a start
// are skipped), spans from [RunSpan] and [LiftSpan], pairs from [Pairs]
// (less than [PairMaxH] apart; sorted by lift, then gap, then runs before
// cardio in the order given). The interference score (INT-P) reads it
// whole; the report's timeline reads its runs (Cardio false).
func AthletePairs(runs, cardio []Run, lifts []Lift) []SessionPair {
	type src struct {
		i      int
		cardio bool
	}
	var rs, ls []Span
	var rsrc []src
	var lsrc []int
	add := func(from []Run, c bool) {
		for i := range from {
			if from[i].Start.IsZero() {
				continue
			}
			rs, rsrc = append(rs, RunSpan(&from[i])), append(rsrc, src{i, c})
		}
	}
	add(runs, false)
	add(cardio, true)
	for i := range lifts {
		if lifts[i].Start.IsZero() {
			continue
		}
		ls, lsrc = append(ls, LiftSpan(&lifts[i])), append(lsrc, i)
	}
	prs := Pairs(rs, ls)
	out := make([]SessionPair, len(prs))
	for i, pr := range prs {
		out[i] = SessionPair{RunIdx: rsrc[pr.Run].i, Cardio: rsrc[pr.Run].cardio, LiftIdx: lsrc[pr.Lift],
			Run: rs[pr.Run], Lift: ls[pr.Lift], GapH: pr.GapH, RunFirst: pr.RunFirst, Overlap: pr.Overlap}
	}
	return out
}

func secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// firstPos returns the first finite value > 0, or 0.
func firstPos(vs ...float64) float64 {
	for _, v := range vs {
		if v > 0 && v < 1e300 {
			return v
		}
	}
	return 0
}
