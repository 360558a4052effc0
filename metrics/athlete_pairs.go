package metrics

import "time"

// RunSpan is a run's (or other cardio session's) pairing span: end =
// start + elapsed time (else timer, else moving time). INT-P, the
// report's timeline and runs.parquet's timing columns all use it, through
// [AnalyzeSessions] (a file whose samples run past its elapsed time still
// ends at start + elapsed: elapsed_s is the run's length in every table).
func RunSpan(r *Run) Span {
	return Span{ID: r.ActivityID, Start: r.Start, End: r.Start.Add(secs(firstPos(r.ElapsedS, r.TimerS, r.MovingS)))}
}

// LiftSpan is a lift's pairing span: its end ([LiftFacts]) when after its
// start, else start + duration (logged or estimated, [Lift.DurationS]).
func LiftSpan(l *Lift) Span {
	end := l.End
	if end.IsZero() || !end.After(l.Start) {
		end = l.Start.Add(secs(firstPos(l.DurationS, l.End.Sub(l.Start).Seconds())))
	}
	return Span{ID: l.ActivityID, Start: l.Start, End: end}
}

// SessionPair is one pair of an athlete's endurance session and lift, as
// found by [AthletePairs] and [AnalyzeSessions].
type SessionPair struct {
	RunIdx  int  // index into the runs given, or into cardio when Cardio
	Cardio  bool // the session is from cardio, not runs
	LiftIdx int  // index into the lifts given
	// Run and Lift are the sessions' spans ([RunSpan], [LiftSpan]); their
	// IDs name the sessions.
	Run, Lift Span
	GapH      float64 // hours between the sessions' edges; 0 when they overlap
	RunFirst  bool
	Overlap   bool
}

// Sessions is one athlete's analysed sessions and their one list of
// run–lift pairs ([AnalyzeSessions]).
type Sessions struct {
	Runs   []Run  // [Analyze]'s runs, timing filled
	Cardio []Run  // [Cardio]'s sessions, timing filled
	Lifts  []Lift // [Analyze]'s lifts
	// Pairs index Runs, Cardio and Lifts ([AthletePairs]' order).
	Pairs []SessionPair
}

// AthletePairs is the one list of an athlete's run–lift pairs: every run
// and every cardio session against every lift (sessions without a start
// are skipped), spans from [RunSpan] and [LiftSpan], pairs less than
// [PairMaxH] apart by [PairGeometry]; sorted by lift, then gap, then runs
// before cardio in the order given. It is the walk that fills the timing
// columns (runTiming), so [AnalyzeSessions] gives the same list with the
// timing; AthletePairs is for sessions that changed since (the what-if
// search) and does not modify its inputs.
func AthletePairs(runs, cardio []Run, lifts []Lift) []SessionPair {
	return placeSessions(runs, cardio, lifts, false)
}

// placeSessions places every run, then every cardio session, among the
// lifts with one runTiming walk each: it returns their pairs (sorted as
// [AthletePairs] says) and, when setTiming, writes each session's timing
// fields ([Run.HoursSinceLift] and the rest).
func placeSessions(runs, cardio []Run, lifts []Lift, setTiming bool) []SessionPair {
	ix := newLiftIndex(lifts)
	type keyed struct {
		SessionPair
		pos int // position among runs, then cardio
	}
	var ks []keyed
	place := func(from []Run, c bool, base int) {
		for i := range from {
			r := &from[i]
			sp := RunSpan(r)
			var pair func(liftPair)
			if !r.Start.IsZero() {
				pair = func(lp liftPair) {
					l := &ix.spans[lp.k]
					ks = append(ks, keyed{SessionPair{RunIdx: i, Cardio: c, LiftIdx: l.idx, Run: sp, Lift: l.Span,
						GapH: lp.gapH, RunFirst: lp.runFirst, Overlap: lp.overlap}, base + i})
				}
			}
			t := runTiming(sp, dayKey(r.LocalDate), ix, pair)
			if setTiming {
				r.setTiming(t)
			}
		}
	}
	place(runs, false, 0)
	place(cardio, true, len(runs))
	sortPairs(ks, func(k keyed) (int, float64, int) { return k.LiftIdx, k.GapH, k.pos })
	out := make([]SessionPair, len(ks))
	for i, k := range ks {
		out[i] = k.SessionPair
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
