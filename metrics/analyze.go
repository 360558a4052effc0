package metrics

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gainguard/ingest"
)

// Analyze computes the metrics of one athlete's activities: a [Run] for
// every KindRun activity ([RunFacts]) and a [Lift] for every KindLift one
// ([LiftFacts]); other kinds are ignored. Input order does not matter:
// activities are first sorted by Start, then activity id, Source and Index,
// and both outputs come out in that order. acts is not modified.
func Analyze(acts []ingest.Activity, p Params) (runs []Run, lifts []Lift) {
	runs, lifts = analyzeFacts(acts, p)
	placeSessions(runs, nil, lifts, true)
	return runs, lifts
}

// AnalyzeSessions is [Analyze] and [Cardio] in one: the athlete's runs,
// other cardio sessions and lifts, and their one list of run–lift pairs
// ([SessionPair]), found in the same walk that fills every run's and
// cardio session's timing fields (runTiming). The interference score, the
// report's timeline and runs.parquet's timing columns all read this one
// computation.
func AnalyzeSessions(acts []ingest.Activity, p Params) Sessions {
	var ss Sessions
	ss.Runs, ss.Lifts = analyzeFacts(acts, p)
	ss.Cardio = cardioFacts(acts, p)
	ss.Pairs = placeSessions(ss.Runs, ss.Cardio, ss.Lifts, true)
	return ss
}

// analyzeFacts is [Analyze] without the timing.
func analyzeFacts(acts []ingest.Activity, p Params) (runs []Run, lifts []Lift) {
	order := make([]int, len(acts))
	ids := make([]string, len(acts))
	for i := range acts {
		order[i] = i
		ids[i] = activityID(&acts[i])
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := &acts[i], &acts[j]
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(ids[i], ids[j]),
			cmp.Compare(a.Source, b.Source), cmp.Compare(a.Index, b.Index))
	})
	for _, i := range order {
		switch acts[i].Kind {
		case ingest.KindLift:
			lifts = append(lifts, LiftFacts(&acts[i], p))
		case ingest.KindRun:
			runs = append(runs, runFacts(&acts[i], p))
		}
	}
	return runs, lifts
}

// RunFacts returns the metrics of one run given the athlete's lifts (from
// [LiftFacts] or [Analyze]):
//   - ElapsedS as recorded (end − start from the samples when not positive);
//     TimerS as recorded, ElapsedS when not positive (noted);
//     MovingS by [MovingSeconds]; DistanceM as recorded, else the span of
//     the samples' cumulative distance, else NaN.
//   - AvgHR / MaxHR as recorded when plausible, else the time-weighted mean
//     and the maximum of plausible sample HR, else NaN.
//   - ZoneS by [ZoneSeconds] (zeros without an HR stream); TRIMP by [TRIMP]
//     from the stream (HRSource "samples"), else [TRIMPAvg] over TimerS
//     minutes at AvgHR ("average"), else NaN ("none"); HRTSS by [HRTSS].
//   - Class, WorkBouts, EasyFrac by [ClassifyIntensity].
//   - NetKcal, KcalSource, KcalDisagree by [RunEnergy] over TimerS
//     minutes; AscentM by [Ascent].
//   - timing (science.md R3, R4), gaps between session edges in hours,
//     on the pairing spans ([RunSpan]: start + ElapsedS; [LiftSpan]) and
//     by [PairGeometry], in the walk that also finds the run's pairs
//     ([AnalyzeSessions]; see runTiming): HoursSinceLift to the nearest
//     lift PairGeometry puts first, HoursToLift to the nearest it puts
//     after (an overlapping lift that started at the run's start counts as
//     after; overlap → 0); NearestLift* the smaller of the two (tie: the
//     next lift, since run first is the riskier order); SameDayOrder from
//     the lifts on the run's local date (own offset when HasTZ, else
//     p.Loc): before → "lift_then_run", after → "run_then_lift", both →
//     "both", none → "separate_days". Date-only lifts count at their
//     assumed 12:00 local start; a note names them and
//     NearestLiftPrecision says so.
func RunFacts(a *ingest.Activity, p Params, lifts []Lift) Run {
	r := runFacts(a, p)
	rs := []Run{r}
	placeSessions(rs, nil, lifts, true)
	return rs[0]
}

// runFacts is [RunFacts] without the timing.
func runFacts(a *ingest.Activity, p Params) Run {
	r := Run{
		ActivityID: activityID(a),
		Athlete:    a.Athlete,
		Name:       a.Name,
		Source:     a.Source,
		Sport:      a.Sport,
		SubSport:   a.SubSport,
		Start:      a.Start,
		ElapsedS:   a.ElapsedS,
		TimerS:     a.TimerS,
		DistanceM:  a.DistanceM,
		AvgHR:      a.AvgHR,
		MaxHR:      a.MaxHR,
	}
	if r.Athlete == "" {
		r.Athlete = p.Athlete
	}
	d := digestOf(a)
	end := activityEnd(a, d)
	if !(r.ElapsedS > 0) {
		r.ElapsedS = end.Sub(a.Start).Seconds()
	}
	if !(r.TimerS > 0) {
		r.TimerS = r.ElapsedS
		r.Notes = append(r.Notes, "no timer time: elapsed time used")
	}
	r.LocalDate = localDate(a, a.Start, p)
	r.MovingS = d.movingSeconds(r.TimerS)
	if !(r.DistanceM >= 0) {
		r.DistanceM = d.DistanceM
	}

	// Heart rate.
	mean, peak := d.hrStats()
	if !validHR(r.AvgHR) {
		r.AvgHR = mean
	}
	if !validHR(r.MaxHR) {
		r.MaxHR = peak
	}
	r.ZoneS = d.zoneSeconds(p)
	minutes := r.TimerS / 60
	r.TRIMP, r.HRSource = d.trimp(p), "samples"
	if math.IsNaN(r.TRIMP) {
		r.TRIMP, r.HRSource = TRIMPAvg(minutes, r.AvgHR, p), "average"
		if math.IsNaN(r.TRIMP) {
			r.HRSource = "none"
		}
	}
	r.HRTSS = HRTSS(r.TRIMP, p)
	in := d.intensity(p)
	r.Class, r.WorkBouts, r.EasyFrac = in.Class, in.Bouts, in.EasyFrac

	// Energy.
	r.AscentM = d.AscentM
	r.NetKcal, r.KcalSource, r.KcalDisagree = RunEnergy(a.Calories, r.DistanceM, r.AscentM, minutes, p)

	return r
}

// setTiming copies a run's placement among the lifts into its fields.
func (r *Run) setTiming(t timing) {
	r.HoursSinceLift, r.HoursToLift = t.HoursSinceLift, t.HoursToLift
	r.PrevLiftID, r.NextLiftID = t.PrevLiftID, t.NextLiftID
	r.SameDayOrder = t.SameDayOrder
	r.NearestLiftID, r.NearestLiftRegion, r.NearestLiftGapH = t.NearestLiftID, t.NearestLiftRegion, t.NearestLiftGapH
	r.NearestLiftPrecision = t.NearestLiftPrecision
	for _, id := range t.DateOnlyLifts {
		r.Notes = append(r.Notes, fmt.Sprintf("lift %s is date-only: its 12:00 local start is assumed", id))
	}
}

// sampleDistance returns last − first known cumulative distance, NaN when
// fewer than one known value.
func sampleDistance(s []ingest.Sample) float64 {
	var d span
	for i := range s {
		d.add(s[i].DistanceM)
	}
	return d.total()
}

// span accumulates [sampleDistance] one cumulative distance at a time.
type span struct {
	first, last float64
	seen        bool
}

// add takes the next cumulative distance (NaN and ±Inf are skipped).
func (d *span) add(m float64) {
	if math.IsNaN(m) || math.IsInf(m, 0) {
		return
	}
	if !d.seen {
		d.first, d.seen = m, true
	}
	d.last = m
}

// total is the distance covered so far, NaN when none was taken.
func (d *span) total() float64 {
	if !d.seen {
		return math.NaN()
	}
	return math.Max(0, d.last-d.first)
}
