package report

import (
	"fmt"
	"math"
	"strings"

	"gainguard/ingest"
	"gainguard/metrics"
)

// Gap steps of the proximity risk g(h), hours between the sessions' edges
// (science.md R3: Schumann 3 h, Robineau 6 h, Sporer 8 h / 24 h).
const (
	GapSameSessionH = 0.5
	GapShortH       = 3.0
	GapMidH         = 6.0
	GapLongH        = 8.0
	GapMaxH         = 24.0
)

// Values of g(h) per step (R3).
const (
	GSameSession   = 1.0
	GShort         = 0.7  // 0.5–3 h
	GMid           = 0.45 // 3–6 h
	GLongRunFirst  = 0.25 // 6–8 h, run first
	GLongLiftFirst = 0.15 // 6–8 h, lift first
	GDayRunFirst   = 0.1  // 8–24 h, run first
	GDayLiftFirst  = 0.05 // 8–24 h, lift first
)

// Weekly dose D (R7): DoseWeightVolume·volume + DoseWeightSessions·sessions
// + DoseWeightLongest·max d(t).
const (
	DoseRunMinLo       = 90.0  // weekly run minutes mapping to 0
	DoseRunMinHi       = 300.0 // … and to 1
	DoseSessionsLo     = 2.0
	DoseSessionsHi     = 6.0
	DoseWeightVolume   = 0.5
	DoseWeightSessions = 0.25
	DoseWeightLongest  = 0.25
)

// Load spike S (M2, Williams 2017; Gabbett's bands, disputed).
const (
	SpikeAcuteDays   = 7
	SpikeChronicDays = 28
	SpikeMinHistory  = 28  // days of history before S can fire
	SpikeHighRatio   = 1.5 // > → S = 1
	SpikeMidRatio    = 1.3 // ≥ → S = 0.5
	SpikeMid         = 0.5
)

// gapRisk is g(h) of R3 for a gap of h hours between a run and a lift.
func gapRisk(h float64, runFirst bool) float64 {
	switch {
	case h < GapSameSessionH:
		return GSameSession
	case h < GapShortH:
		return GShort
	case h < GapMidH:
		return GMid
	case h < GapLongH:
		if runFirst {
			return GLongRunFirst
		}
		return GLongLiftFirst
	case h < GapMaxH:
		if runFirst {
			return GDayRunFirst
		}
		return GDayLiftFirst
	}
	return 0
}

// orderFactor is the R4 order factor: 1 when the run came first,
// t.OrderLiftFirst when the lift came first and the gap is under 6 h, 1
// for endurance goals. From 6 h on, g(h) itself separates the orders
// (Sporer & Wenger: aerobic work 4 h and 8 h before lifting cut leg-press
// reps), so run first scores higher at every gap band up to 24 h, most
// under 8 h.
func orderFactor(h float64, runFirst, endurance bool, t Tuning) float64 {
	if h >= GapMidH || runFirst || endurance {
		return 1
	}
	return t.OrderLiftFirst
}

// overlapFactor is o(L) of R5.
func overlapFactor(r ingest.Region, t Tuning) float64 {
	switch r {
	case ingest.RegionLower, ingest.RegionFull:
		return 1
	case ingest.RegionUpper:
		return t.OverlapUpper
	}
	return t.OverlapUnknown
}

// liftWeight is a lift's weight in the mean P (section 4).
func liftWeight(r ingest.Region, t Tuning) float64 {
	if r == ingest.RegionUpper {
		return t.UpperLiftWeight
	}
	return 1
}

// durationFactor is d(t) of R6 for a session of min intensity-weighted
// minutes (runX.effMin): 0 up to DurFloorMin, 1 at DurFullMin, then rising
// on to 1 + DurLongAdd at DurLongMin (Wilson 2012: duration correlates
// with lost gains, r down to −0.75, with no plateau reported).
func durationFactor(min float64, t Tuning) float64 {
	return ramp(min, t.DurFloorMin, t.DurFullMin) + t.DurLongAdd*ramp(min, t.DurFullMin, t.DurLongMin)
}

// multiplier returns C = training status × sex (R1) and notes on the
// fallbacks used.
func multiplier(status ingest.TrainingStatus, sex ingest.Sex, t Tuning) (float64, []string) {
	var c float64
	var notes []string
	switch status {
	case ingest.TrainingTrained:
		c = t.MultTrained
	case ingest.TrainingUntrained:
		c = t.MultUntrained
	case ingest.TrainingModerate:
		c = t.MultModerate
	default:
		c = t.MultModerate
		notes = append(notes, fmt.Sprintf("INT: training status unknown: multiplier %.1f", t.MultModerate))
	}
	switch sex {
	case ingest.SexMale:
		c *= t.MultMale
	case ingest.SexFemale:
		c *= t.MultFemale
	default:
		c *= t.MultSexUnknown
	}
	return c, notes
}

// doseValue is D of R7 with its three terms, every session weighted by
// its modality factor m: trimp = Σ m·TRIMP (measured or estimated per
// session), sessions = Σ m, maxD = max m·d(t). volume is the first term's
// 0–1 value.
func doseValue(trimp, sessions, maxD float64, t Tuning) (d, volume, freq float64) {
	volume = ramp(trimp, t.TRIMPFloor, t.TRIMPFull)
	freq = ramp(sessions, DoseSessionsLo, DoseSessionsHi)
	d = clamp01(DoseWeightVolume*volume + DoseWeightSessions*freq + DoseWeightLongest*clamp01(maxD))
	return d, volume, freq
}

// recoveryValue is R of R7.
func recoveryValue(restDays int, streak bool, t Tuning) float64 {
	var r float64
	switch {
	case restDays <= 0:
		r = t.RestNone
	case restDays == 1:
		r = t.RestOne
	}
	if streak {
		r += t.StreakAdd
	}
	return clamp01(r)
}

// spikeValue maps an acute:chronic ratio to S.
func spikeValue(ratio float64) float64 {
	switch {
	case math.IsNaN(ratio):
		return 0
	case ratio > SpikeHighRatio:
		return 1
	case ratio >= SpikeMidRatio:
		return SpikeMid
	}
	return 0
}

// intComponents are the 0–1 interference components.
type intComponents struct{ P, D, R, N, S float64 }

// intWeights returns the component weights: P and D times the goal's
// factors ([goalFactors]; endurance halves both).
func intWeights(goal ingest.Goal) intComponents {
	w := intComponents{P: WeightP, D: WeightD, R: WeightR, N: WeightN, S: WeightS}
	fp, fd := goalFactors(goal)
	w.P *= fp
	w.D *= fd
	return w
}

// interferenceScore is clampTo(C·Σ wᵢ·cᵢ, 0, 100), with the unclamped value.
func interferenceScore(c intComponents, mult float64, goal ingest.Goal) (score, raw float64) {
	w := intWeights(goal)
	raw = mult * (w.P*clamp01(c.P) + w.D*clamp01(c.D) + w.R*clamp01(c.R) + w.N*clamp01(c.N) + w.S*clamp01(c.S))
	return clampTo(raw, 0, 100), raw
}

// pairEval is one run/lift pair's proximity risk p = g·order·o·d·m.
type pairEval struct {
	run                       *runX
	gapH                      float64
	runFirst, overlap, capped bool
	g, order, o, d, m, p      float64
}

// evalPair computes p for run r and lift l (R3–R6, R2, section 6), from
// the pair's gap, order and overlap as the athlete's pair list gives them
// (metrics.AnalyzeSessions; geo's indexes are not read).
func evalPair(r *runX, l *liftX, geo metrics.Pair, endurance bool, t Tuning) pairEval {
	pe := pairEval{run: r, gapH: geo.GapH, runFirst: geo.RunFirst, overlap: geo.Overlap}
	pe.g = gapRisk(pe.gapH, pe.runFirst)
	pe.order = orderFactor(pe.gapH, pe.runFirst, endurance, t)
	if l.dateOnly && r.d == l.d {
		// The lift's time of day is unknown: the gap and the order are too.
		pe.order = 1
		if pe.g > t.DateOnlyGapCap {
			pe.g, pe.capped = t.DateOnlyGapCap, true
		}
	}
	pe.o = overlapFactor(l.l.Region, t)
	pe.d = durationFactor(r.effMin, t)
	pe.m = r.m
	pe.p = clamp01(pe.g * pe.order * pe.o * pe.d * pe.m)
	return pe
}

// bestPair returns the riskiest session within ±24 h of l (any week), if
// any has p > 0, among the lift's pairs in the athlete's one pair list
// (s.pairs: the pairs the timing columns and the report's timeline read
// too). Ties go to the smaller gap.
func (s *scorer) bestPair(l *liftX, endurance bool) (pairEval, bool) {
	var best pairEval
	found := false
	for _, pr := range s.pairs[l.idx] {
		pe := evalPair(&s.runs[pr.Run], l, pr, endurance, s.t)
		if pe.gapH >= GapMaxH || pe.p <= 0 {
			continue
		}
		if !found || pe.p > best.p || (pe.p == best.p && pe.gapH < best.gapH) {
			best, found = pe, true
		}
	}
	return best, found
}

// recoveryAdvice asks for the missing rest day.
func recoveryAdvice(streak bool, streakDays int) string {
	a := "Take at least one full day a week without structured training (two is better); walking, mobility or foam rolling on it is fine"
	if streak {
		a = fmt.Sprintf("Break the %d-day streak with a full rest day; ", streakDays) + strings.ToLower(a[:1]) + a[1:]
	}
	return a
}

// doseAdvice makes the seeds' "3–5 runs a week, keep them short" concrete
// for the week's numbers.
func doseAdvice(runs int, minutes, longest, volume float64, t Tuning) string {
	var parts []string
	if runs > 5 {
		parts = append(parts, fmt.Sprintf("%d runs is more than the 3–5 a week most lifters should keep to, especially when bulking: drop or merge the shortest", runs))
	}
	if volume >= 0.5 {
		parts = append(parts, fmt.Sprintf("%.0f run minutes is a large dose next to lifting: trim the week toward %.0f min if strength or size is the priority", minutes, (DoseRunMinLo+DoseRunMinHi)/2))
	}
	if longest >= t.DurFullMin {
		parts = append(parts, fmt.Sprintf("keep the %.0f-min run away from leg days (≥24 h)", longest))
	}
	if len(parts) == 0 {
		return "The running dose is moderate: keep runs short and easy on lifting days"
	}
	s := strings.Join(parts, "; ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// streakThrough returns the length of the streak of consecutive training
// days ending on d, and of the whole streak containing d.
func (s *scorer) streakThrough(d day) (ending, whole int) {
	if !s.training[d] {
		return 0, 0
	}
	for x := d; s.training[x]; x-- {
		ending++
	}
	whole = ending
	for x := d + 1; s.training[x]; x++ {
		whole++
	}
	return ending, whole
}

// weekStreak returns the longest run of consecutive training days ending
// on a day of the week starting on ws, whether a streak of at least
// Tuning.StreakDays touches the week, and the longest such streak.
func (s *scorer) weekStreak(ws day) (maxConsec int, streak bool, streakDays int) {
	for d := ws; d <= ws+6; d++ {
		ending, whole := s.streakThrough(d)
		maxConsec = max(maxConsec, ending)
		if whole >= s.t.StreakDays {
			streak = true
			streakDays = max(streakDays, whole)
		}
	}
	return maxConsec, streak, streakDays
}

// trainingDays counts the training days of the week starting on ws.
func (s *scorer) trainingDays(ws day) int {
	n := 0
	for d := ws; d <= ws+6; d++ {
		if s.training[d] {
			n++
		}
	}
	return n
}

// weekSpike is S of the week starting on ws from its largest
// acute:chronic load ratio (weekRatio), 0 when ok is false.
func (s *scorer) weekSpike(ws day) (v, ratio float64, rday day, ok bool) {
	ratio, rday, ok = s.load.weekRatio(ws)
	if ok {
		v = spikeValue(ratio)
	}
	return v, ratio, rday, ok
}

// weekInterference is the interference score of the week starting on ws
// that scoreInterference gives, from the same component functions, but
// without rule hits or texts: runs and lifts are the week's sessions in
// s.runs and s.lifts order, n is INT-N's value (nutritionValue), mult C
// (multiplier, which the caller computes once: its notes are formatted
// text). The what-if search scores its candidates with it
// (whatif_fast.go).
func (s *scorer) weekInterference(ws day, runs []*runX, lifts []*liftX, n, mult float64) float64 {
	var c intComponents
	if sumW, sumWP := s.proximitySums(lifts, s.p.Goal == ingest.GoalEndurance, nil); sumW != 0 {
		c.P = sumWP / sumW
	}
	trimp, sessions, maxD := doseSums(runs, s.t)
	c.D, _, _ = doseValue(trimp, sessions, maxD, s.t)
	_, streak, _ := s.weekStreak(ws)
	c.R = recoveryValue(7-s.trainingDays(ws), streak, s.t)
	c.N = n
	c.S, _, _, _ = s.weekSpike(ws)
	score, _ := interferenceScore(c, mult, s.p.Goal)
	return score
}

// scoreInterference fills the interference fields and rule hits of w:
// one component after the other (P, D, R, N, S; section 4), then the
// clamp to 0–100.
func (s *scorer) scoreInterference(w *Week, ws day, runs []*runX, lifts []*liftX, fw fuelWeek) {
	mult, notes := multiplier(s.p.TrainingStatus, s.p.Sex, s.t)
	w.Multiplier = mult
	w.Defaults = append(w.Defaults, notes...)
	wt := intWeights(s.p.Goal)
	var c intComponents
	var hits []RuleHit
	add := func(v float64, h []RuleHit) float64 {
		hits = append(hits, h...)
		return v
	}
	c.P = add(s.proximity(w, lifts, mult*wt.P))
	c.D = add(s.dose(w, runs, mult*wt.D))
	c.R = add(s.recovery(w, ws, runs, lifts, mult*wt.R))
	c.N = add(s.nutritionHit(w, fw, mult*wt.N))
	c.S = add(s.spike(w, ws, runs, lifts, mult*wt.S))

	w.Proximity, w.Dose, w.Recovery, w.Nutrition = c.P, c.D, c.R, c.N
	score, raw := interferenceScore(c, mult, s.p.Goal)
	w.Interference = score
	w.InterferenceBand = InterferenceBand(score)
	w.Rules = append(w.Rules, capInterference(hits, raw)...)
}

// proximity is P (R3–R6): the weighted mean, over the week's lifts, of
// each lift's riskiest pair p (bestPair); upper-body lifts weigh
// Tuning.UpperLiftWeight. One INT-P hit per lift with a pair, its points
// pts · weight · p / Σ weights.
func (s *scorer) proximity(w *Week, lifts []*liftX, pts float64) (float64, []RuleHit) {
	t := s.t
	endurance := s.p.Goal == ingest.GoalEndurance
	type liftPair struct {
		l      *liftX
		pe     pairEval
		weight float64
	}
	var pairs []liftPair
	dateOnly, unknownRegion := 0, 0
	for _, l := range lifts {
		if l.dateOnly {
			dateOnly++
		}
		if l.l.Region != ingest.RegionLower && l.l.Region != ingest.RegionUpper && l.l.Region != ingest.RegionFull {
			unknownRegion++
		}
	}
	sumW, sumWP := s.proximitySums(lifts, endurance, func(l *liftX, pe pairEval, lw float64) {
		pairs = append(pairs, liftPair{l, pe, lw})
	})
	if dateOnly > 0 {
		w.Defaults = append(w.Defaults, fmt.Sprintf("INT-P: %s logged without a time: 12:00 assumed, same-day gap risk capped at %.2f",
			countOf(dateOnly, "lift", "lifts"), t.DateOnlyGapCap))
	}
	if unknownRegion > 0 {
		w.Defaults = append(w.Defaults, fmt.Sprintf("INT-P: body region unknown for %s: overlap %.1f",
			countOf(unknownRegion, "lift", "lifts"), t.OverlapUnknown))
	}
	if sumW == 0 {
		return 0, nil
	}
	var hits []RuleHit
	for _, lp := range pairs {
		pe := lp.pe
		hits = append(hits, RuleHit{
			Rule:       RuleIntProximity,
			Score:      ScoreInterference,
			Points:     pts * lp.weight * pe.p / sumW,
			Value:      pe.p,
			Activities: []string{pe.run.r.ActivityID, lp.l.l.ActivityID},
			Reason:     proximityReason(lp.l, pe),
			Advice:     proximityAdvice(lp.l, pe, endurance),
		})
	}
	return sumWP / sumW, hits
}

// proximitySums returns the sums of P over the week's lifts: Σ weight and
// Σ weight · p of each lift's riskiest pair (bestPair), calling each (when
// not nil) for every lift that has one.
func (s *scorer) proximitySums(lifts []*liftX, endurance bool, each func(l *liftX, pe pairEval, weight float64)) (sumW, sumWP float64) {
	for _, l := range lifts {
		lw := liftWeight(l.l.Region, s.t)
		sumW += lw
		if pe, ok := s.bestPair(l, endurance); ok {
			sumWP += lw * pe.p
			if each != nil {
				each(l, pe, lw)
			}
		}
	}
	return sumW, sumWP
}

// doseSums returns D's three terms over the week's sessions: Σ m·TRIMP,
// Σ m and max m·d(t).
func doseSums(runs []*runX, t Tuning) (trimp, sessions, maxD float64) {
	for _, r := range runs {
		maxD = math.Max(maxD, r.m*durationFactor(r.effMin, t))
		trimp += r.m * r.trimp
		sessions += r.m
	}
	return trimp, sessions, maxD
}

// dose is D (R7), every session weighted by its modality factor, with its
// INT-D hit when D > 0; sessions with an estimated TRIMP get a note.
func (s *scorer) dose(w *Week, runs []*runX, pts float64) (float64, []RuleHit) {
	t := s.t
	trimp, sessions, maxD := doseSums(runs, t)
	var runIDs []string
	longest := 0.0
	var minutes float64
	nRuns, nCardio := 0, 0
	for _, r := range runs {
		longest = math.Max(longest, r.min)
		runIDs = append(runIDs, r.r.ActivityID)
		minutes += r.min
		if r.cardio {
			nCardio++
		} else {
			nRuns++
		}
		if r.trimpEst {
			w.Defaults = append(w.Defaults, s.trimpNote(r))
		}
	}
	d, volume, freq := doseValue(trimp, sessions, maxD, t)
	if d <= 0 {
		return d, nil
	}
	what := countOf(nRuns, "run", "runs")
	if nCardio > 0 {
		what += " and " + countOf(nCardio, "other cardio session", "other cardio sessions")
	}
	return d, []RuleHit{{
		Rule: RuleIntDose, Score: ScoreInterference, Points: pts * d, Value: d,
		Activities: runIDs,
		Reason: fmt.Sprintf("%s, %.0f min, longest %.0f min — endurance dose D = %.2f (0.5·volume %.2f [modality-weighted TRIMP %.0f] + 0.25·frequency %.2f [%.1f modality-weighted sessions] + 0.25·longest %.2f)",
			what, minutes, longest, d, volume, trimp, freq, sessions, clamp01(maxD)),
		Advice: doseAdvice(nRuns, w.RunMinutes, longest, volume, t),
	}}
}

// recovery is R (R7) from the week's rest days and training streaks (it
// sets w.MaxConsecDays), with its INT-R hit when R > 0: the hit names the
// sessions that made the training days (walks don't).
func (s *scorer) recovery(w *Week, ws day, runs []*runX, lifts []*liftX, pts float64) (float64, []RuleHit) {
	t := s.t
	var streak bool
	var streakDays int
	w.MaxConsecDays, streak, streakDays = s.weekStreak(ws)
	r := recoveryValue(w.RestDays, streak, t)
	if r <= 0 {
		return r, nil
	}
	var restNames []string
	for d := ws; d <= ws+6; d++ {
		if !s.training[d] {
			restNames = append(restNames, d.label()[:3])
		}
	}
	var reason string
	if w.RestDays == 0 {
		reason = fmt.Sprintf("no full rest day this week (%d training days)", w.TrainingDays)
	} else {
		reason = fmt.Sprintf("%s (%s) in %d training days", countOf(w.RestDays, "full rest day", "full rest days"), strings.Join(restNames, ", "), w.TrainingDays)
	}
	if streak {
		reason += fmt.Sprintf(", part of a %d-day training streak", streakDays)
	}
	reason += fmt.Sprintf(" — R = %.1f", recoveryValue(w.RestDays, false, t))
	if streak {
		reason += fmt.Sprintf(" + %.1f streak = %.1f", t.StreakAdd, r)
	}
	var trainIDs []string
	for _, x := range runs {
		if x.modality != metrics.ModalityWalking {
			trainIDs = append(trainIDs, x.r.ActivityID)
		}
	}
	for _, l := range lifts {
		trainIDs = append(trainIDs, l.l.ActivityID)
	}
	return r, []RuleHit{{
		Rule: RuleIntRecovery, Score: ScoreInterference, Points: pts * r, Value: r,
		Activities: trainIDs,
		Reason:     reason,
		Advice:     recoveryAdvice(streak, streakDays),
	}}
}

// nutritionHit is N (section 2; s.nutrition) with its INT-N hit, which is
// always present (the prior when nothing is logged).
func (s *scorer) nutritionHit(w *Week, fw fuelWeek, pts float64) (float64, []RuleHit) {
	n, reason, notes := s.nutrition(fw)
	w.Defaults = append(w.Defaults, notes...)
	return n, []RuleHit{{
		Rule: RuleIntNutrition, Score: ScoreInterference, Points: pts * n, Value: n,
		Reason: reason,
		Advice: "Eat enough: a calorie surplus (or at most a moderate deficit), 1.6–2.2 g protein per kg a day, carbohydrate after training, and 7–9 h of sleep",
	}}
}

// spike is S (M2) from the week's largest acute:chronic load ratio (it
// sets w.Spike, NaN without enough history), with its INT-S hit when S > 0.
func (s *scorer) spike(w *Week, ws day, runs []*runX, lifts []*liftX, pts float64) (float64, []RuleHit) {
	v, ratio, rday, ok := s.weekSpike(ws)
	w.Spike = math.NaN()
	if !ok {
		w.Defaults = append(w.Defaults, fmt.Sprintf("INT-S: fewer than %d days of history: load spike not computed (0 used)", SpikeMinHistory))
		return 0, nil
	}
	w.Spike = v
	if s.load.liftProxy {
		w.Defaults = append(w.Defaults, fmt.Sprintf("INT-S: lift load = minutes × %g for lifts without a session RPE", s.t.LiftLoadPerMin))
	}
	if s.load.runProxy {
		w.Defaults = append(w.Defaults, "INT-S: load of sessions without heart rate = their estimated TRIMP (see INT-D)")
	}
	if v <= 0 {
		return v, nil
	}
	i := int(rday - s.load.first)
	return v, []RuleHit{{
		Rule: RuleIntSpike, Score: ScoreInterference, Points: pts * v, Value: v,
		Activities: s.weekIDs(runs, lifts),
		Reason: fmt.Sprintf("%s: acute:chronic load %.2f (7-day EWMA %.0f / 28-day EWMA %.0f; >%.1f → 1, %.1f–%.1f → 0.5) — descriptive only",
			rday.label(), ratio, s.load.acute[i], s.load.chronic[i], SpikeHighRatio, SpikeMidRatio, SpikeHighRatio),
		Advice: "Training load jumped well above your recent average; add volume gradually rather than in one week",
	}}
}

// capInterference scales the hits' points by 100/raw and adds the INT-CAP
// hit when the unclamped score raw is above 100; else returns hits as
// they are.
func capInterference(hits []RuleHit, raw float64) []RuleHit {
	if raw <= 100 {
		return hits
	}
	for i := range hits {
		hits[i].Points *= 100 / raw
	}
	return append(hits, RuleHit{
		Rule: RuleIntCap, Score: ScoreInterference, Value: 100,
		Reason: fmt.Sprintf("C·Σwᵢcᵢ = %.1f clamped to 100; the other rules' points are scaled by %.2f", raw, 100/raw),
		Advice: "Several risks stack up this week; start with the largest one",
	})
}

func (s *scorer) weekIDs(runs []*runX, lifts []*liftX) []string {
	var ids []string
	for _, r := range runs {
		ids = append(ids, r.r.ActivityID)
	}
	for _, l := range lifts {
		ids = append(ids, l.l.ActivityID)
	}
	return ids
}

// proximityReason is e.g. "Tue 09-16: 55-min run 1.5 h before the squat
// session (lower body) — p = 0.61 (gap 0.70 × order 1.00 × overlap 1.00 ×
// duration 0.88)": the lift's day, the run's duration and gap, the lift's
// main exercise, then the formula.
func proximityReason(l *liftX, pe pairEval) string {
	r := pe.run
	var b strings.Builder
	b.WriteString(l.d.label())
	b.WriteString(": ")
	b.WriteString(runLabel(r))
	if r.d != l.d {
		b.WriteString(" on " + r.d.label() + ",")
	}
	switch {
	case pe.overlap:
		b.WriteString(" overlapping ")
	case pe.runFirst:
		fmt.Fprintf(&b, " %s before ", fmtGap(pe.gapH))
	default:
		fmt.Fprintf(&b, " %s after ", fmtGap(pe.gapH))
	}
	b.WriteString(liftLabel(l))
	fmt.Fprintf(&b, " — p = %s (gap %.2f × order %.2f × overlap %.2f × duration %.2f", fmtP(pe.p), pe.g, pe.order, pe.o, pe.d)
	if r.effMin > r.min+0.5 {
		fmt.Fprintf(&b, " [intensity-weighted %.0f min]", r.effMin)
	}
	if pe.m != 1 {
		fmt.Fprintf(&b, " × modality %.2f", pe.m)
	}
	b.WriteString(")")
	if l.dateOnly {
		b.WriteString("; lift time unknown: 12:00 assumed")
		if pe.capped {
			b.WriteString(", same-day g capped")
		}
	}
	return b.String()
}

// fmtGap is "right" under 3 minutes, "25 min" under an hour, else "1.5 h".
func fmtGap(h float64) string {
	switch {
	case h < 0.05:
		return "right"
	case h < 1:
		return fmt.Sprintf("%.0f min", h*60)
	}
	return fmtH(h) + " h"
}

// fmtP shows small p values with three decimals so they don't read as 0.
func fmtP(p float64) string {
	if p < 0.1 {
		return fmt.Sprintf("%.3f", p)
	}
	return fmt.Sprintf("%.2f", p)
}

// proximityAdvice is the seeds' advice for the pair's situation, made
// concrete with the run's duration and the lift's main exercise.
func proximityAdvice(l *liftX, pe pairEval, endurance bool) string {
	run := fmt.Sprintf("the %.0f-min run", pe.run.min)
	var a string
	switch {
	case l.l.Region == ingest.RegionUpper:
		a = "Upper-body lifting is barely affected by running, so this pair is fine; on leg days keep runs ≥6 h away or on another day"
	case endurance && pe.gapH < GapMidH:
		a = fmt.Sprintf("For an endurance goal the order doesn't matter, but moving %s ≥6 h away or to another day keeps the %s quality", run, sessionNoun(l))
	case pe.gapH >= GapMidH:
		a = fmt.Sprintf("A gap of 6 h or more is enough for most goals; for maximal leg strength keep hard or long runs ≥24 h from the %s", sessionNoun(l))
	case pe.runFirst:
		a = fmt.Sprintf("Move %s at least 6 h after lifting, or to another day; if both must share a session, lift first and keep the run to 15–30 easy minutes", run)
	default:
		a = fmt.Sprintf("Keep post-lift runs to 15–30 easy minutes; do %s at least 6 h after lifting, or on another day", run)
	}
	if l.dateOnly {
		a += " (log the lift's start time to get the real gap)"
	}
	return a
}

// sessionNoun is "squat session", or "lift" when no exercise is known.
func sessionNoun(l *liftX) string {
	if ex := exerciseName(l.l.MainExercise); ex != "" {
		return ex + " session"
	}
	return "lift"
}

// ---- daily load for the spike ----

type loadSeries struct {
	first                day
	load, acute, chronic []float64
	ratio                []float64 // NaN before SpikeMinHistory days or with no chronic load
	liftProxy, runProxy  bool
}

func newLoadSeries(runs []runX, lifts []liftX, first, last day, t Tuning, blocks []block) loadSeries {
	n := int(last-first) + 1
	ls := loadSeries{first: first, load: make([]float64, n)}
	for _, r := range runs {
		ls.load[r.d-first] += r.load()
		ls.runProxy = ls.runProxy || r.trimpEst
	}
	for _, l := range lifts {
		v, proxy := l.load(t)
		ls.load[l.d-first] += v
		ls.liftProxy = ls.liftProxy || proxy
	}
	ls.ewmas(blocks)
	return ls
}

// load is the session's daily-load share: m · TRIMP.
func (r *runX) load() float64 { return r.m * r.trimp }

// load is the lift's daily-load share: Foster's sRPE load (session RPE ×
// minutes), else minutes × Tuning.LiftLoadPerMin (proxy true).
func (l *liftX) load(t Tuning) (v float64, proxy bool) {
	if rpe := l.l.SessionRPE; rpe > 0 && rpe <= 10 {
		return rpe * l.min, false
	}
	return l.min * t.LiftLoadPerMin, true
}

// ewmas sets the EWMAs and ratios of the series, started afresh on the
// first day of each training block (its first week's first day, clipped
// to the series): a block's days are its only history. The days of the
// gaps between blocks get NaN.
func (ls *loadSeries) ewmas(blocks []block) {
	n := len(ls.load)
	ls.acute, ls.chronic, ls.ratio = make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		ls.acute[i], ls.chronic[i], ls.ratio[i] = math.NaN(), math.NaN(), math.NaN()
	}
	for _, b := range blocks {
		lo, hi := ls.blockSpan(b)
		if lo >= hi {
			continue
		}
		a, c, r := ewmaRatio(ls.load[lo:hi])
		copy(ls.acute[lo:], a)
		copy(ls.chronic[lo:], c)
		copy(ls.ratio[lo:], r)
	}
}

// blockSpan returns the indexes [lo, hi) of the block's days (its first
// week's first day to its last week's last) in the series.
func (ls *loadSeries) blockSpan(b block) (lo, hi int) {
	return max(int(b.first-ls.first), 0), min(int(b.last+6-ls.first)+1, len(ls.load))
}

// ewmaRatio returns the acute (N = 7) and chronic (N = 28) EWMAs of daily
// loads, λ = 2/(N+1), both seeded with the mean load of the first 28 days,
// and their ratio from day SpikeMinHistory on (NaN before, and when the
// chronic load is ~0).
func ewmaRatio(load []float64) (acute, chronic, ratio []float64) {
	var seed float64
	k := min(len(load), SpikeChronicDays)
	for _, v := range load[:k] {
		seed += v
	}
	if k > 0 {
		seed /= float64(k)
	}
	a, c := seed, seed
	acute = make([]float64, len(load))
	chronic = make([]float64, len(load))
	ratio = make([]float64, len(load))
	for i, v := range load {
		a, c = ewmaNext(a, c, v)
		acute[i], chronic[i] = a, c
		ratio[i] = loadRatio(i, a, c)
	}
	return acute, chronic, ratio
}

// ewmaNext steps the acute (N = 7) and chronic (N = 28) EWMAs, λ =
// 2/(N+1), over one day's load v.
func ewmaNext(a, c, v float64) (float64, float64) {
	la := 2.0 / (SpikeAcuteDays + 1) // float64 variables: 1−λ rounds as before
	lc := 2.0 / (SpikeChronicDays + 1)
	return la*v + (1-la)*a, lc*v + (1-lc)*c
}

// loadRatio is the acute:chronic ratio of day i of a series: NaN before
// day SpikeMinHistory and when the chronic load is ~0.
func loadRatio(i int, a, c float64) float64 {
	if i >= SpikeMinHistory && c > 1e-9 {
		return a / c
	}
	return math.NaN()
}

// weekRatio returns the largest acute:chronic ratio in the week starting on
// ws and its day; ok is false when no day of the week has enough history.
func (ls *loadSeries) weekRatio(ws day) (ratio float64, d day, ok bool) {
	for x := ws; x <= ws+6; x++ {
		i := int(x - ls.first)
		if i < 0 || i >= len(ls.ratio) || math.IsNaN(ls.ratio[i]) {
			continue
		}
		if !ok || ls.ratio[i] > ratio {
			ratio, d, ok = ls.ratio[i], x, true
		}
	}
	return ratio, d, ok
}
