package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
	"gainguard/report/internal/values"
)

// Strength progress beside the scores (docs/scoring.md "Strength progress,
// body mass and training load"): per athlete the exercise sessions of
// every lift ([metrics.StrengthSessions]), and per week and tracked
// exercise the best e1RM, its trend and personal records, with the
// athlete-week's body-mass trend, training load and hard sets per region.

// TopExercises is how many of an athlete's most-logged exercises, besides
// the main lifts, progress is tracked for.
const TopExercises = 5

// EvidenceMinWeeks is the fewest week-to-week e1RM changes a group of
// weeks (low or high interference, adequate or low fueling) needs before
// the evidence view gives its trend; below it says "not enough data".
const EvidenceMinWeeks = 3

// EvidenceMaxGapWeeks: a week's e1RM change is measured from the latest
// earlier week with an e1RM no more than this many weeks before.
const EvidenceMaxGapWeeks = 3

// NoHRTRIMPPerMin is the training load per minute of a run or cardio
// session without any heart rate: Banister's TRIMP rate at 50 % of heart
// rate reserve with the male constants (0.5 · 0.64 · e^(1.92 · 0.5))
// [HEUR].
const NoHRTRIMPPerMin = 0.84

// AssumedLiftRPE is the session RPE (Foster's CR-10, "hard") a lift
// without any logged RPE counts at in the training load [HEUR].
const AssumedLiftRPE = 5

// MassStaleDays: a week's body-mass trend is the trend at its latest
// weigh-in up to its last day, when that weigh-in is no older than this.
const MassStaleDays = 14

// ProgressWeek is one row of progress.parquet: one athlete, week and
// tracked exercise, with the athlete-week's body mass, load and hard sets
// (repeated on every exercise row of the week).
type ProgressWeek struct {
	Athlete   string
	WeekStart time.Time // local midnight of the week's first day
	Exercise  string    // canonical name; "" on the one row of a week of an athlete with no tracked exercise
	MainLift  bool

	E1RMKg     float64    // best e1RM of the week; NaN when not trained or no set gave one
	Sessions   int        // sessions with the exercise this week
	HardSets   int        // of the exercise this week
	TonnageKg  float64    // of the exercise this week (working sets); NaN when none
	TrendPct   float64    // Theil–Sen %/4 wk over this and the 5 weeks before; NaN with < 3 weeks of e1RM
	RepMaxKg   [5]float64 // heaviest weight for ≥ 1, 3, 5, 8, 10 reps this week
	PR         [5]bool    // RepMaxKg[i] beats every earlier week's
	PRE1RM     bool       // E1RMKg beats every earlier week's
	Regionless bool       // exercise region unknown

	// Athlete-week columns.
	LowerHardSets     int
	UpperHardSets     int
	BodyMassTrendKg   float64 // 7-day EWMA of weigh-ins at the week's last weigh-in; NaN without a recent one
	BodyMassRatePct   float64 // % per week from the previous week's trend
	LeanMassTrendKg   float64 // the same over mass × (1 − body fat) where the scale gives body fat
	AcuteLoad         float64 // 7-day EWMA of daily load on the week's last day
	ChronicLoad       float64 // 42-day EWMA
	LoadRatio         float64 // acute ÷ chronic; NaN in the first 28 days
	WeekLoad          float64 // Σ daily load over the week
	InterferenceGroup string  // "low" | "high" (the evidence view's grouping of the week's band)
	FuelingGroup      string  // "adequate" | "low" | "unknown" (tier D: no food log)
}

// Evidence is one sentence of the evidence view: a main lift's trend in
// two groups of weeks.
type Evidence struct {
	Athlete  string
	Exercise string // canonical main lift
	Split    string // "interference" | "fueling"
	Groups   [2]EvidenceGroup
	Sentence string
}

// EvidenceGroup is the trend of one group of weeks.
type EvidenceGroup struct {
	Label    string  // "low-interference", "high-interference", "adequately fuelled", "under-fuelled"
	Weeks    int     // week-to-week changes behind the figure
	TrendPct float64 // mean week-to-week change in %/4 wk; NaN below EvidenceMinWeeks
}

// strengthResult is what [buildStrength] computes for one athlete.
type strengthResult struct {
	sessions []metrics.ExerciseSession
	progress []ProgressWeek
	evidence []Evidence
}

// civil day helpers (days since 1970-01-01 of a time's own calendar date).
func civilDay(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// buildStrength computes one athlete's strength sessions, progress rows and
// evidence sentences from the activities (placed in the athlete's zone),
// the lifts' and runs' metrics, the scored weeks and the body readings;
// t gives other cardio's modality factors, the same as the scores'.
func buildStrength(acts []ingest.Activity, runs []metrics.Run, lifts []metrics.Lift, weeks []Week,
	body []ingest.BodyMeasurement, p metrics.Params, t Tuning) strengthResult {
	var res strengthResult
	for i := range acts {
		if acts[i].Kind == ingest.KindLift {
			res.sessions = append(res.sessions, metrics.StrengthSessions(&acts[i], p)...)
		}
	}
	if len(weeks) == 0 {
		return res
	}
	loc := p.Loc
	if loc == nil {
		loc = time.UTC
	}
	first := civilDay(weeks[0].WeekStart)
	nDays := civilDay(weeks[len(weeks)-1].WeekStart) + 7 - first
	// wn[k] is week k's number from the first week: weeks are not
	// contiguous when a gap separates training blocks (blocks.go).
	wn := make([]int, len(weeks))
	for k, w := range weeks {
		wn[k] = (civilDay(w.WeekStart) - first) / 7
	}
	weekOf := func(d int) int { // index into weeks, -1 outside or in a gap
		if d < first {
			return -1
		}
		if k, ok := slices.BinarySearch(wn, (d-first)/7); ok {
			return k
		}
		return -1
	}

	// Daily training load.
	daily := make([]float64, nDays)
	addLoad := func(t time.Time, v float64) {
		if d := civilDay(t.In(loc)) - first; d >= 0 && d < nDays && v > 0 {
			daily[d] += v
		}
	}
	for _, r := range runs {
		v := r.TRIMP
		if math.IsNaN(v) {
			v = NoHRTRIMPPerMin * positiveOr(r.TimerS, r.ElapsedS) / 60
		}
		addLoad(r.Start, v)
	}
	for i := range acts {
		a := &acts[i]
		if a.Kind != ingest.KindCardio {
			continue
		}
		mins := positiveOr(a.TimerS, a.ElapsedS) / 60
		v := metrics.TRIMPAvg(mins, a.AvgHR, p)
		if math.IsNaN(v) {
			v = NoHRTRIMPPerMin * mins
		}
		addLoad(a.Start, v*modalityFactor(metrics.ModalityOf(a.Sport, a.SubSport), t))
	}
	for _, l := range lifts {
		v := l.SRPELoad
		if math.IsNaN(v) {
			v = AssumedLiftRPE * l.DurationS / 60
		}
		addLoad(l.Start, v)
	}
	acute, chronic, ratio := metrics.LoadSeries(daily)

	// Body mass and lean mass trends on the weigh-in days.
	massTrend, leanTrend := weighInTrends(body, p.Athlete, loc)
	trendAt := func(tr []dayValue, lastDay int) float64 {
		j, _ := slices.BinarySearchFunc(tr, lastDay+1, func(x dayValue, d int) int { return cmp.Compare(x.day, d) })
		if j == 0 || lastDay-tr[j-1].day > MassStaleDays {
			return math.NaN()
		}
		return tr[j-1].v
	}

	// Per week: athlete-week columns.
	base := make([]ProgressWeek, len(weeks))
	for k, w := range weeks {
		last := first + 7*wn[k] + 6
		pw := &base[k]
		pw.Athlete, pw.WeekStart = p.Athlete, w.WeekStart
		pw.BodyMassTrendKg = trendAt(massTrend, last)
		pw.LeanMassTrendKg = trendAt(leanTrend, last)
		pw.BodyMassRatePct = math.NaN()
		if k > 0 && !math.IsNaN(base[k-1].BodyMassTrendKg) && !math.IsNaN(pw.BodyMassTrendKg) {
			pw.BodyMassRatePct = (pw.BodyMassTrendKg/base[k-1].BodyMassTrendKg - 1) * 100
		}
		li := last - first
		pw.AcuteLoad, pw.ChronicLoad, pw.LoadRatio = acute[li], chronic[li], ratio[li]
		for d := li - 6; d <= li; d++ {
			pw.WeekLoad += daily[d]
		}
		pw.InterferenceGroup = interferenceGroup(w)
		pw.FuelingGroup = fuelingGroup(w)
	}

	// Per exercise and week.
	type cell struct {
		e1rm, tonnage float64
		sessions      int
		hard          int
		repMax        [5]float64
	}
	nan5 := [5]float64{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	cells := map[string][]cell{}
	count := map[string]int{}
	for _, s := range res.sessions {
		k := weekOf(civilDay(s.LocalDate))
		if k < 0 {
			continue
		}
		switch s.Region {
		case ingest.RegionLower:
			base[k].LowerHardSets += s.HardSets
		case ingest.RegionUpper:
			base[k].UpperHardSets += s.HardSets
		case ingest.RegionFull:
			base[k].LowerHardSets += s.HardSets
			base[k].UpperHardSets += s.HardSets
		}
		cs := cells[s.Canonical]
		if cs == nil {
			cs = make([]cell, len(weeks))
			for i := range cs {
				cs[i] = cell{e1rm: math.NaN(), tonnage: math.NaN(), repMax: nan5}
			}
			cells[s.Canonical] = cs
		}
		count[s.Canonical]++
		c := &cs[k]
		c.sessions++
		c.hard += s.HardSets
		if !(s.E1RMKg <= c.e1rm) && !math.IsNaN(s.E1RMKg) {
			c.e1rm = s.E1RMKg
		}
		if !math.IsNaN(s.TonnageKg) {
			c.tonnage = addKnown(c.tonnage, s.TonnageKg)
		}
		for i, v := range s.RepMaxKg {
			if !math.IsNaN(v) && !(v <= c.repMax[i]) {
				c.repMax[i] = v
			}
		}
	}
	tracked := trackedExercises(count)
	if len(tracked) == 0 {
		for k := range base {
			row := base[k]
			row.E1RMKg, row.TonnageKg, row.TrendPct, row.RepMaxKg = math.NaN(), math.NaN(), math.NaN(), nan5
			res.progress = append(res.progress, row)
		}
		return res
	}
	rows := make([][]ProgressWeek, len(weeks))
	for _, ex := range tracked {
		cs := cells[ex]
		weekNo := make([]float64, len(weeks))
		e1rm := make([]float64, len(weeks))
		for k := range cs {
			weekNo[k], e1rm[k] = float64(wn[k]), cs[k].e1rm
		}
		bestE1RM := math.NaN()
		bestRM := nan5
		for k, c := range cs {
			row := base[k]
			row.Exercise, row.MainLift = ex, metrics.IsMainLift(ex)
			row.E1RMKg, row.Sessions, row.HardSets, row.TonnageKg, row.RepMaxKg = c.e1rm, c.sessions, c.hard, c.tonnage, c.repMax
			lo := k
			for lo > 0 && wn[lo-1] > wn[k]-metrics.TrendWindowWeeks {
				lo--
			}
			row.TrendPct = math.NaN()
			if !math.IsNaN(c.e1rm) {
				row.TrendPct = metrics.TrendPct4Wk(weekNo[lo:k+1], e1rm[lo:k+1])
			}
			row.PRE1RM = c.e1rm > bestE1RM // false while bestE1RM is NaN: a first value is no record
			if !(c.e1rm <= bestE1RM) && !math.IsNaN(c.e1rm) {
				bestE1RM = c.e1rm
			}
			for i, v := range c.repMax {
				row.PR[i] = v > bestRM[i]
				if !(v <= bestRM[i]) && !math.IsNaN(v) {
					bestRM[i] = v
				}
			}
			rows[k] = append(rows[k], row)
		}
		if metrics.IsMainLift(ex) {
			res.evidence = append(res.evidence, evidenceFor(p.Athlete, ex, wn, e1rm, base)...)
		}
	}
	for _, r := range rows {
		res.progress = append(res.progress, r...)
	}
	return res
}

// dayValue is a value on a civil day.
type dayValue struct {
	day int
	v   float64
}

// weighInTrends returns the body-mass and lean-mass trends
// ([metrics.MassTrend]) of athlete's readings, on the local days of the
// readings (several on one day averaged).
func weighInTrends(body []ingest.BodyMeasurement, athlete string, loc *time.Location) (mass, lean []dayValue) {
	type acc struct{ mass, lean []float64 }
	days := map[int]*acc{}
	for _, m := range body {
		if m.Athlete != athlete || m.Time.IsZero() || !(m.MassKg >= readingMassMin && m.MassKg <= readingMassMax) {
			continue
		}
		d := civilDay(m.Time.In(loc))
		a := days[d]
		if a == nil {
			a = &acc{}
			days[d] = a
		}
		a.mass = append(a.mass, m.MassKg)
		if m.FatPct >= readingFatMin && m.FatPct <= readingFatMax {
			a.lean = append(a.lean, m.MassKg*(1-m.FatPct/100))
		}
	}
	order := make([]int, 0, len(days))
	for d := range days {
		order = append(order, d)
	}
	slices.Sort(order)
	trend := func(pick func(*acc) []float64) []dayValue {
		var ds []int
		var vs []float64
		for _, d := range order {
			if xs := pick(days[d]); len(xs) > 0 {
				var s float64
				for _, x := range xs {
					s += x
				}
				ds, vs = append(ds, d), append(vs, s/float64(len(xs)))
			}
		}
		tr := metrics.MassTrend(ds, vs)
		out := make([]dayValue, len(ds))
		for i := range ds {
			out[i] = dayValue{ds[i], tr[i]}
		}
		return out
	}
	return trend(func(a *acc) []float64 { return a.mass }), trend(func(a *acc) []float64 { return a.lean })
}

// trackedExercises returns the main lifts the athlete logged, then the
// TopExercises most-logged other exercises (by sessions; ties by name).
func trackedExercises(count map[string]int) []string {
	var out, others []string
	for _, ex := range metrics.MainLifts {
		if count[ex] > 0 {
			out = append(out, ex)
		}
	}
	for ex := range count {
		if !metrics.IsMainLift(ex) && ex != "" {
			others = append(others, ex)
		}
	}
	slices.SortFunc(others, func(a, b string) int { return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(a, b)) })
	return append(out, others[:min(TopExercises, len(others))]...)
}

// interferenceGroup puts a week in the evidence view's low or high group:
// high for the bands "high" and "very_high" (interference ≥ 50 under the
// default bands), low otherwise.
func interferenceGroup(w Week) string {
	if w.InterferenceBand == BandHighRisk || w.InterferenceBand == BandVeryHighRisk {
		return "high"
	}
	return "low"
}

// fuelingGroup: "unknown" for tier D (exposure only: no food log or
// weigh-ins), else "low" for the bands orange and red, "adequate" for
// green and yellow.
func fuelingGroup(w Week) string {
	switch {
	case w.Tier == TierD || w.Tier == "":
		return "unknown"
	case w.UnderFuelingBand == BandOrange || w.UnderFuelingBand == BandRed:
		return "low"
	}
	return "adequate"
}

// evidenceFor returns the interference and fueling sentences of one main
// lift from its weekly best e1RMs (NaN: none) and the weeks' groups; wn
// are the weeks' numbers (gaps between training blocks skip numbers).
func evidenceFor(athlete, ex string, wn []int, e1rm []float64, weeks []ProgressWeek) []Evidence {
	// Week-to-week changes, in %/4 wk, attributed to the later week. A
	// group's figure is their mean: loads go up in steps (+2.5 kg every
	// other week), which a median would read as no progress at all.
	change := make([]float64, len(e1rm))
	prev := -1
	for k, v := range e1rm {
		change[k] = math.NaN()
		if math.IsNaN(v) {
			continue
		}
		if gap := wn[k] - wn[max(prev, 0)]; prev >= 0 && gap <= EvidenceMaxGapWeeks {
			change[k] = (v/e1rm[prev] - 1) * 100 * 4 / float64(gap)
		}
		prev = k
	}
	if slices.IndexFunc(change, func(v float64) bool { return !math.IsNaN(v) }) < 0 {
		return nil
	}
	group := func(label string, in func(ProgressWeek) bool) EvidenceGroup {
		var vs []float64
		for k, c := range change {
			if !math.IsNaN(c) && in(weeks[k]) {
				vs = append(vs, c)
			}
		}
		g := EvidenceGroup{Label: label, Weeks: len(vs), TrendPct: math.NaN()}
		if len(vs) >= EvidenceMinWeeks {
			var sum float64
			for _, v := range vs {
				sum += v
			}
			g.TrendPct = sum / float64(len(vs))
		}
		return g
	}
	lift := metrics.ExerciseLabel(ex)
	mk := func(split string, a, b EvidenceGroup) Evidence {
		return Evidence{Athlete: athlete, Exercise: ex, Split: split, Groups: [2]EvidenceGroup{a, b},
			Sentence: evidenceSentence(lift, a, b)}
	}
	out := []Evidence{mk("interference",
		group("low-interference", func(w ProgressWeek) bool { return w.InterferenceGroup == "low" }),
		group("high-interference", func(w ProgressWeek) bool { return w.InterferenceGroup == "high" }))}
	// The fueling comparison needs weeks with a food log (tiers A–C).
	ok := group("adequately fuelled", func(w ProgressWeek) bool { return w.FuelingGroup == "adequate" })
	low := group("under-fuelled", func(w ProgressWeek) bool { return w.FuelingGroup == "low" })
	if ok.Weeks+low.Weeks > 0 {
		out = append(out, mk("fueling", ok, low))
	}
	return out
}

// evidenceSentence words one comparison: "Squat e1RM +2.4 %/4 wk in 9
// low-interference weeks vs −0.6 %/4 wk in 5 high-interference weeks (an
// association in your own log, not proof of a cause)."
func evidenceSentence(lift string, a, b EvidenceGroup) string {
	part := func(g EvidenceGroup) string {
		if math.IsNaN(g.TrendPct) {
			return fmt.Sprintf("not enough data in %s weeks (%d, need %d)", g.Label, g.Weeks, EvidenceMinWeeks)
		}
		unit := "weeks"
		if g.Weeks == 1 {
			unit = "week"
		}
		return fmt.Sprintf("%s %%/4 wk in %d %s %s", values.SignedPct(g.TrendPct), g.Weeks, g.Label, unit)
	}
	tail := "an association in your own log, not proof of a cause"
	if math.IsNaN(a.TrendPct) || math.IsNaN(b.TrendPct) {
		tail = "too few weeks to compare"
	}
	return fmt.Sprintf("%s e1RM %s vs %s (%s).", lift, part(a), part(b), tail)
}

// positiveOr returns a when positive, else b when positive, else 0.
func positiveOr(a, b float64) float64 {
	switch {
	case a > 0:
		return a
	case b > 0:
		return b
	}
	return 0
}

// since drops the sessions and rows before week (local midnight of the
// first output week), keeping what later rows computed from them.
func (r strengthResult) since(week time.Time) strengthResult {
	wd := civilDay(week)
	var out strengthResult
	for _, s := range r.sessions {
		if civilDay(s.LocalDate) >= wd {
			out.sessions = append(out.sessions, s)
		}
	}
	for _, p := range r.progress {
		if civilDay(p.WeekStart) >= wd {
			out.progress = append(out.progress, p)
		}
	}
	out.evidence = r.evidence
	return out
}
