package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// RuleID names a scoring rule, one per score component (docs/scoring.md);
// it is the rule column of rules.parquet and RuleHit.Rule.
type RuleID string

// Rule ids. INT-P fires once per lift that had a run close enough to
// matter.
const (
	RuleIntProximity RuleID = "INT-P"   // proximity and order of run/lift pairs (science.md R3–R6)
	RuleIntDose      RuleID = "INT-D"   // weekly endurance dose (R7)
	RuleIntRecovery  RuleID = "INT-R"   // rest days and training streaks (R7)
	RuleIntNutrition RuleID = "INT-N"   // nutrition and sleep modifier (section 2), prior when no data
	RuleIntSpike     RuleID = "INT-S"   // acute:chronic load spike (M2)
	RuleIntCap       RuleID = "INT-CAP" // the 0–100 clamp bound the interference score

	RuleUFEnergy   RuleID = "UF-E"   // energy availability (F1)
	RuleUFDeficit  RuleID = "UF-B"   // deficit or weight trend (F2)
	RuleUFProtein  RuleID = "UF-PR"  // protein (F3)
	RuleUFCarbs    RuleID = "UF-C"   // carbohydrate, daily and in-run (F4)
	RuleUFExposure RuleID = "UF-X"   // exercise energy exposure and unknown in-run fuelling (section 5)
	RuleUFSleep    RuleID = "UF-SL"  // sleep (F5)
	RuleUFCap      RuleID = "UF-CAP" // tier cap (section 6) bound the under-fueling score
)

// ScoreKind is the score a rule adds to (RuleHit.Score).
type ScoreKind string

// Values of RuleHit.Score.
const (
	ScoreInterference ScoreKind = "interference"
	ScoreUnderFueling ScoreKind = "underfueling"
)

// Interference component weights (science.md section 4). Endurance goals
// halve WeightP and WeightD.
const (
	WeightP = 35.0
	WeightD = 30.0
	WeightR = 10.0
	WeightN = 20.0
	WeightS = 5.0
)

// Under-fueling component weights (science.md section 5).
const (
	WeightE  = 40.0
	WeightB  = 15.0
	WeightPr = 15.0
	WeightC  = 15.0
	WeightX  = 10.0
	WeightSl = 5.0
)

// Band limits shared by both scores: < BandModerate is low/green, < BandHigh
// moderate/yellow, < BandVeryHigh high/orange, else very_high/red.
const (
	BandModerate = 25.0
	BandHigh     = 50.0
	BandVeryHigh = 75.0
)

// Under-fueling tier caps and labels (science.md section 6).
const (
	CapTierC = 70.0
	// CapTierD: tier D is not renormalized (docs/scoring.md refines
	// science.md section 6), so it reaches at most WeightX + WeightSl; a
	// measured deficit with the same training always scores higher.
	CapTierD = WeightX + WeightSl
)

// ScoreOptions configure [Score]. Every data slice is optional: nil means
// "not logged", and the scores then use the documented fallbacks.
type ScoreOptions struct {
	// WeekStart is the first day of a scoring week, taken literally (the
	// zero value is time.Sunday). Use time.Monday, or [DefaultScoreOptions],
	// for ISO-8601 weeks.
	WeekStart time.Weekday
	// Tuning holds the [HEUR] parameters; the zero value means [DefaultTuning].
	Tuning Tuning

	// Intake is the food log, one entry per local day (several entries for
	// a day are summed). [Build] fills it from ingest.Batch.Intake.
	Intake []DayIntake
	// WeighIns are body-mass measurements. [Build] fills them from
	// ingest.Batch.Body.
	WeighIns []WeighIn
	// Sleep is one entry per night. [Build] fills it from ingest.Batch.Sleep
	// (Apple Health, Garmin Connect).
	Sleep []SleepNight
	// Cardio are the athlete's other endurance sessions (rides, rows,
	// walks, swims: [metrics.Cardio]); they count in proximity, dose, load
	// and energy with their modality factor (science.md R2). Nil: none.
	Cardio []metrics.Run
	// RunCarbsGPerH maps a run's ActivityID to the carbohydrate taken during
	// it, g/h. A run missing from the map has unknown fuelling (not zero),
	// unless Intake logs RunCarbsG for its day (see [DayIntake]).
	RunCarbsGPerH map[string]float64

	// body, when set, is the body model of WeighIns with these Params and
	// Tuning, built once (the what-if search's candidates share it; it is
	// read only).
	body *bodyModel
}

// DefaultScoreOptions returns ISO weeks (Monday start) and [DefaultTuning].
func DefaultScoreOptions() ScoreOptions {
	return ScoreOptions{WeekStart: time.Monday, Tuning: DefaultTuning()}
}

// DayIntake is one local day of the food log. Unknown values are NaN.
type DayIntake struct {
	Date     time.Time // the local date (only year, month, day are read)
	Kcal     float64   // energy intake, kcal
	ProteinG float64   // g
	CarbsG   float64   // g
	// RunCarbsG is the carbohydrate eaten during that day's runs, g (NaN:
	// not logged). Score spreads it over the day's runs ≥ 90 min as g/h
	// unless RunCarbsGPerH already has them.
	RunCarbsG float64
}

// WeighIn is one body measurement: a mass, a body-fat percentage, or
// both (0 when absent).
type WeighIn struct {
	Time   time.Time
	Kg     float64
	FatPct float64
}

// SleepNight is one night of sleep, dated by the local date of waking up.
type SleepNight struct {
	Date  time.Time // local date of waking (only year, month, day are read)
	Hours float64
}

// Score computes one [Week] per calendar week (local time p.Loc) of each
// training block, from the week of the athlete's first activity to the
// week of the last one; weeks without activities inside a block are rest
// weeks and still get a row, but a gap of more than [BlockGapWeeks] weeks
// ends a block and gets none.
// Weeks are sorted by WeekStart. The formulas, thresholds and fallbacks are
// documented rule by rule in docs/scoring.md (science.md sections 4–6).
func Score(runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions) []Week {
	return ScoreSessions(metrics.Sessions{Runs: runs, Cardio: opt.Cardio, Lifts: lifts,
		Pairs: metrics.AthletePairs(runs, opt.Cardio, lifts)}, p, opt)
}

// ScoreSessions is [Score] on an athlete's sessions as
// [metrics.AnalyzeSessions] gives them: INT-P reads ss.Pairs, the pair
// list the timing columns and the report's timeline read too, and
// ss.Cardio replaces opt.Cardio.
func ScoreSessions(ss metrics.Sessions, p metrics.Params, opt ScoreOptions) []Week {
	t := opt.tuning()
	applyTuningDefaults(&p, t)
	loc := p.Loc
	var globalDefaults []string
	if loc == nil {
		loc = time.UTC
		globalDefaults = append(globalDefaults, "time zone not set: UTC used for weeks and days")
	}
	opt.Cardio = ss.Cardio
	s := newScorerPairs(ss.Runs, ss.Lifts, ss.Pairs, p, opt, t, loc)
	if s.first > s.last {
		return nil
	}
	var weeks []Week
	for i, b := range s.blocks { // blocks.go
		for ws := b.first; ws <= b.last; ws += 7 {
			w := s.week(ws)
			w.Block = i + 1
			w.WhatIfInterference = math.NaN() // set by AddWhatIfs
			w.Defaults = mergeDefaults(p.Defaults, globalDefaults, w.Defaults)
			weeks = append(weeks, w)
		}
	}
	return weeks
}

// mergeDefaults concatenates lists, dropping repeats, keeping order.
func mergeDefaults(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		for _, s := range l {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// ---- civil days ----

// day is a local calendar date as a count of days since 1970-01-01, so
// that day arithmetic is immune to DST.
type day int

// dayOf returns the calendar date of t in t's own location.
func dayOf(t time.Time) day {
	y, m, d := t.Date()
	return day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func (d day) weekday() time.Weekday { return time.Weekday(((int(d) % 7) + 7 + 4) % 7) } // 1970-01-01 was a Thursday

func (d day) civil() (int, time.Month, int) {
	return time.Unix(int64(d)*86400, 0).UTC().Date()
}

// in returns local midnight of d in loc.
func (d day) in(loc *time.Location) time.Time {
	y, m, dd := d.civil()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

// label is "Tue 09-16".
func (d day) label() string {
	y, m, dd := d.civil()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Format("Mon 01-02")
}

// weekStartOf returns the first day of d's week.
func weekStartOf(d day, start time.Weekday) day {
	return d - day((int(d.weekday())-int(start)+7)%7)
}

// weekNumber returns the ISO-8601 year and week of a Monday week start,
// and for other week starts the calendar year and the number of the week
// within it, week 1 being the one that holds 1 January.
func weekNumber(ws day, start time.Weekday) (int, int) {
	y, m, d := ws.civil()
	t := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	if start == time.Monday {
		return t.ISOWeek()
	}
	jan1 := dayOf(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
	return y, int(ws-weekStartOf(jan1, start))/7 + 1
}

// ---- prepared activities ----

type runX struct {
	r          *metrics.Run
	start, end time.Time
	min        float64 // timer minutes
	d          day
	// trimp is the session's Banister TRIMP: measured (samples or average
	// HR), else estimated per session (trimpEst) as minutes × a rate
	// (see [scorer.estimateTRIMP]); never NaN.
	trimp    float64
	trimpEst bool
	// measured is the TRIMP from heart rate, NaN without any.
	measured float64
	// cardio is true for rides, rows, walks and swims (ScoreOptions.Cardio);
	// modality is their metrics modality, m its factor m of R2.
	cardio   bool
	modality string
	m        float64
	// effMin is the intensity-weighted duration: max(minutes, TRIMP /
	// Tuning.TRIMPPerSteadyMin), which d(t) reads.
	effMin float64
	// in is the session's position among the scorer's inputs (runs, then
	// cardio): sessions starting at the same instant keep that order.
	in int
}

type liftX struct {
	l          *metrics.Lift
	start, end time.Time
	min        float64
	d          day
	dateOnly   bool
	idx        int // index in scorer.lifts and scorer.pairs
	in         int // position among the scorer's inputs
}

type scorer struct {
	p        metrics.Params
	opt      ScoreOptions
	t        Tuning
	loc      *time.Location
	runs     []runX
	lifts    []liftX
	first    day
	last     day
	training map[day]bool
	blocks   []block // the training blocks of training (blocks.go)
	load     loadSeries
	fuel     fuelData
	body     bodyModel // per-day mass and FFM (energy_model.go)
	// pairs[i] are lift i's sessions within 24 h (the athlete's one pair
	// list, metrics.SessionPair), nearest first; Run indexes s.runs.
	pairs [][]metrics.Pair
}

// newScorer prepares runs, lifts and opt.Cardio for scoring, with their
// pairs from [metrics.AthletePairs] (the what-if search scores changed
// sessions through it).
func newScorer(runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions, t Tuning, loc *time.Location) *scorer {
	return newScorerPairs(runs, lifts, metrics.AthletePairs(runs, opt.Cardio, lifts), p, opt, t, loc)
}

// newScorerPairs is newScorer with the sessions' pair list given: pairs
// index runs, opt.Cardio and lifts as [metrics.SessionPair] says.
func newScorerPairs(runs []metrics.Run, lifts []metrics.Lift, pairs []metrics.SessionPair, p metrics.Params, opt ScoreOptions, t Tuning, loc *time.Location) *scorer {
	s := &scorer{p: p, opt: opt, t: t, loc: loc, first: math.MaxInt32, last: math.MinInt32, training: map[day]bool{}}
	s.runs = make([]runX, 0, len(runs)+len(opt.Cardio))
	s.lifts = make([]liftX, 0, len(lifts))
	addRuns := func(runs []metrics.Run, cardio bool, base int) {
		for i := range runs {
			if runs[i].Start.IsZero() {
				continue
			}
			s.runs = append(s.runs, newRunX(&runs[i], cardio, base+i, t, loc))
		}
	}
	addRuns(runs, false, 0)
	addRuns(opt.Cardio, true, len(runs))
	s.estimateTRIMP()
	for i := range lifts {
		if lifts[i].Start.IsZero() {
			continue
		}
		s.lifts = append(s.lifts, newLiftX(&lifts[i], i, loc))
	}
	sort.SliceStable(s.runs, func(i, j int) bool { return s.runs[i].start.Before(s.runs[j].start) })
	sort.SliceStable(s.lifts, func(i, j int) bool { return s.lifts[i].start.Before(s.lifts[j].start) })
	for _, r := range s.runs {
		if r.modality == metrics.ModalityWalking {
			// A walk does not break a rest day (the seeds' "light
			// movement like walking" on recovery days).
			s.first, s.last = min(s.first, r.d), max(s.last, r.d)
		} else {
			s.mark(r.d)
		}
	}
	for _, l := range s.lifts {
		s.mark(l.d)
	}
	// The pairs are the athlete's one list (metrics.AnalyzeSessions, which
	// the timing columns and the timeline read too), re-indexed into s.runs
	// and s.lifts.
	runAt := make(map[*metrics.Run]int, len(s.runs))
	for i := range s.runs {
		runAt[s.runs[i].r] = i
	}
	liftAt := make(map[*metrics.Lift]int, len(s.lifts))
	for i := range s.lifts {
		s.lifts[i].idx = i
		liftAt[s.lifts[i].l] = i
	}
	s.pairs = make([][]metrics.Pair, len(s.lifts))
	for _, sp := range pairs {
		var r *metrics.Run
		if sp.Cardio {
			r = &opt.Cardio[sp.RunIdx] // runs may be empty: an athlete who rides and lifts
		} else {
			r = &runs[sp.RunIdx]
		}
		li := liftAt[&lifts[sp.LiftIdx]]
		s.pairs[li] = append(s.pairs[li], metrics.Pair{Run: runAt[r], Lift: li, GapH: sp.GapH, RunFirst: sp.RunFirst, Overlap: sp.Overlap})
	}
	for _, ps := range s.pairs { // nearest first, then by start (s.runs order)
		slices.SortStableFunc(ps, func(a, b metrics.Pair) int { return cmp.Or(cmp.Compare(a.GapH, b.GapH), cmp.Compare(a.Run, b.Run)) })
	}
	if s.first <= s.last {
		// The load spike sees only a block's own days: the months of a
		// gap are no history (an old file must not change a later block).
		s.blocks = trainingBlocks(s.training, opt.WeekStart) // blocks.go
		s.load = newLoadSeries(s.runs, s.lifts, s.first, s.last, t, s.blocks)
		s.fuel = newFuelData(opt, loc, s.runs)
		if opt.body != nil {
			s.body = *opt.body
		} else {
			s.body = newBodyModel(p, t, opt.WeighIns, loc)
		}
	}
	return s
}

// sessionDay is a session's local date: its LocalDate when set, else the
// date of its start in loc.
func sessionDay(localDate, start time.Time, loc *time.Location) day {
	if !localDate.IsZero() {
		return dayOf(localDate)
	}
	return dayOf(start.In(loc))
}

// newRunX prepares run r (a run, or with cardio another endurance
// session) for scoring, its TRIMP not yet set (estimateTRIMP); in is its
// position among the scorer's inputs.
func newRunX(r *metrics.Run, cardio bool, in int, t Tuning, loc *time.Location) runX {
	sec := firstPositive(r.TimerS, r.MovingS, r.ElapsedS)
	x := runX{r: r, start: r.Start, end: metrics.RunSpan(r).End, min: sec / 60,
		d: sessionDay(r.LocalDate, r.Start, loc), measured: math.NaN(), cardio: cardio,
		modality: metrics.ModalityRunning, in: in}
	if cardio {
		x.modality = metrics.ModalityOf(r.Sport, r.SubSport)
	}
	x.m = modalityFactor(x.modality, t)
	if !math.IsNaN(r.TRIMP) && r.TRIMP >= 0 && r.HRSource != "none" {
		x.measured = r.TRIMP
	}
	return x
}

// newLiftX prepares lift l for scoring; in is its position among the
// scorer's inputs.
func newLiftX(l *metrics.Lift, in int, loc *time.Location) liftX {
	dur := firstPositive(l.DurationS, l.End.Sub(l.Start).Seconds())
	return liftX{l: l, start: l.Start, end: metrics.LiftSpan(l).End, min: dur / 60,
		d: sessionDay(l.LocalDate, l.Start, loc), dateOnly: l.Precision == ingest.PrecisionDate, in: in}
}

func (s *scorer) mark(d day) {
	s.training[d] = true
	s.first = min(s.first, d)
	s.last = max(s.last, d)
}

func seconds(sec float64) time.Duration { return time.Duration(sec * float64(time.Second)) }

// firstPositive returns the first finite value > 0, or 0.
func firstPositive(vs ...float64) float64 {
	for _, v := range vs {
		if v > 0 && !math.IsInf(v, 0) {
			return v
		}
	}
	return 0
}

func clamp01(v float64) float64 {
	switch {
	case math.IsNaN(v):
		return 0
	case v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}

func clampTo(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// ramp is 0 at lo, 1 at hi, linear between, clamped.
func ramp(v, lo, hi float64) float64 { return clamp01((v - lo) / (hi - lo)) }

// Band is a score's band: the four of the interference score, the four
// colours of the under-fueling score (CAT2), or BandUnknown.
type Band string

// Interference bands.
const (
	BandLow          Band = "low"
	BandModerateRisk Band = "moderate"
	BandHighRisk     Band = "high"
	BandVeryHighRisk Band = "very_high"
)

// Under-fueling bands.
const (
	BandGreen  Band = "green"
	BandYellow Band = "yellow"
	BandOrange Band = "orange"
	BandRed    Band = "red"
)

// band maps a 0–100 score to one of four labels.
func bandOf(score float64, labels [4]Band) Band {
	switch {
	case score < BandModerate:
		return labels[0]
	case score < BandHigh:
		return labels[1]
	case score < BandVeryHigh:
		return labels[2]
	}
	return labels[3]
}

// InterferenceBand returns low, moderate, high or very_high.
func InterferenceBand(score float64) Band {
	return bandOf(score, [4]Band{BandLow, BandModerateRisk, BandHighRisk, BandVeryHighRisk})
}

// BandUnknown is the under-fueling band of a tier-D (exposure-only) week:
// without a food log or weigh-ins the report says "unknown — log food or
// weigh yourself" rather than a colour.
const BandUnknown Band = "unknown"

// UnderFuelingBand returns green, yellow, orange or red (CAT2 colours).
func UnderFuelingBand(score float64) Band {
	return bandOf(score, [4]Band{BandGreen, BandYellow, BandOrange, BandRed})
}

// week scores the week starting on ws.
func (s *scorer) week(ws day) Week {
	w := Week{Athlete: s.p.Athlete, WeekStart: ws.in(s.loc)}
	w.Year, w.Week = weekNumber(ws, s.opt.WeekStart)
	we := ws + 6

	var wkRuns []*runX
	var wkLifts []*liftX
	for i := range s.runs {
		if r := &s.runs[i]; r.d >= ws && r.d <= we {
			wkRuns = append(wkRuns, r)
		}
	}
	for i := range s.lifts {
		if l := &s.lifts[i]; l.d >= ws && l.d <= we {
			wkLifts = append(wkLifts, l)
		}
	}
	if w.Athlete == "" {
		switch {
		case len(s.runs) > 0:
			w.Athlete = s.runs[0].r.Athlete
		case len(s.lifts) > 0:
			w.Athlete = s.lifts[0].l.Athlete
		}
	}

	// Exposure facts (runs only; cardio counts in the scores, not here).
	trimpKnown := 0
	for _, r := range wkRuns {
		if r.cardio {
			continue
		}
		w.Runs++
		w.RunMinutes += r.min
		if dm := r.r.DistanceM; !math.IsNaN(dm) && dm > 0 {
			w.RunDistanceKm += dm / 1000
		}
		if !math.IsNaN(r.measured) {
			w.RunTRIMP += r.measured
			trimpKnown++
		}
	}
	if w.Runs > 0 && trimpKnown == 0 {
		w.RunTRIMP = math.NaN()
	}
	w.Lifts = len(wkLifts)
	for _, l := range wkLifts {
		if l.l.Region == ingest.RegionLower || l.l.Region == ingest.RegionFull {
			w.LowerLifts++
		}
	}
	w.TrainingDays = s.trainingDays(ws)
	w.RestDays = 7 - w.TrainingDays

	// Per-activity assumptions from metrics (e.g. a date-only lift's 12:00 start).
	for _, r := range wkRuns {
		w.Defaults = mergeDefaults(w.Defaults, r.r.Notes)
	}
	for _, l := range wkLifts {
		w.Defaults = mergeDefaults(w.Defaults, l.l.Notes)
	}
	fw := s.computeFuel(ws, wkRuns, wkLifts)
	s.scoreInterference(&w, ws, wkRuns, wkLifts, fw)
	s.applyFuel(&w, fw)

	sort.SliceStable(w.Rules, func(i, j int) bool { return w.Rules[i].Points > w.Rules[j].Points })
	return w
}

// ---- formatting helpers ----

// fmtH formats hours with one decimal: "0.2".
func fmtH(h float64) string { return fmt.Sprintf("%.1f", h) }

// runLabel is "60-min tempo run", "45-min run", "60-min ride" or
// "30-min walk".
func runLabel(r *runX) string {
	if r.cardio {
		noun := map[string]string{metrics.ModalityCycling: "ride", metrics.ModalityWalking: "walk",
			metrics.ModalitySwim: "swim", metrics.ModalityRowing: "row"}[r.modality]
		switch sp := r.r.Sport; {
		case r.modality == metrics.ModalityRowing && (sp == "elliptical" || r.r.SubSport == "elliptical"):
			noun = "elliptical session"
		case r.modality == metrics.ModalityRowing && sp != "rowing" && sp != "row":
			noun = strings.ReplaceAll(sp, "_", " ") + " session"
		case r.modality == metrics.ModalityWalking && (sp == "hiking" || sp == "hike"):
			noun = "hike"
		}
		return fmt.Sprintf("%.0f-min %s", r.min, noun)
	}
	switch c := r.r.Class; c {
	case metrics.ClassLISS, metrics.ClassHIIT:
		return fmt.Sprintf("%.0f-min %s run", r.min, strings.ToUpper(string(c)))
	case metrics.ClassTempo:
		return fmt.Sprintf("%.0f-min tempo run", r.min)
	}
	return fmt.Sprintf("%.0f-min run", r.min)
}

// liftLabel is "the squat session (lower body)", "the lower-body lift
// "Leg day"" or "a lift (region unknown)".
func liftLabel(l *liftX) string {
	var region string
	switch l.l.Region {
	case ingest.RegionLower:
		region = "lower body"
	case ingest.RegionUpper:
		region = "upper body"
	case ingest.RegionFull:
		region = "full body"
	}
	if ex := exerciseName(l.l.MainExercise); ex != "" {
		if region == "" {
			return fmt.Sprintf("the %s session", ex)
		}
		return fmt.Sprintf("the %s session (%s)", ex, region)
	}
	if region == "" {
		region = "lift (region unknown)"
	} else {
		region = strings.ReplaceAll(region, " ", "-") + " lift"
	}
	if n := strings.TrimSpace(l.l.Name); n != "" {
		return fmt.Sprintf("the %s %q", region, n)
	}
	if strings.HasPrefix(region, "u") {
		return "an " + region
	}
	return "a " + region
}

// exerciseName turns a normalized exercise ("bench_press") into words.
func exerciseName(ex string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ToLower(ex), "_", " "))
}

func countOf(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// RoundScore rounds a 0–100 score to the given number of decimals for
// display without carrying it across a band boundary: 24.95 is shown as
// 24.9 (decimals 1) or 24 (decimals 0), never as 25 next to "low". NaN and
// Inf pass through.
func RoundScore(v float64, decimals int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	p := math.Pow(10, float64(decimals))
	r := math.Round(v*p) / p
	for _, b := range [...]float64{BandModerate, BandHigh, BandVeryHigh} {
		if v < b && r >= b {
			return math.Floor(v*p) / p
		}
	}
	return r
}
