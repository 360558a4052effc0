package report

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// Scoring a planned week (gainguard plan, docs/scoring.md "Planned
// weeks"): the planned sessions are added to the athlete's real history
// (chronic load, HRmax and profile come from it) and the week is scored by
// [Score], then [SearchWhatIf] looks for the smallest fix.

// PlanHistory is an athlete's history, ready to score a planned week on.
type PlanHistory struct {
	Athlete string
	Runs    []metrics.Run
	Lifts   []metrics.Lift
	Params  metrics.Params
	Options ScoreOptions
}

// HistoryFromBatch builds the history of athlete ("" for the batch's only
// athlete) from an imported batch, as analyze would score it (same
// profile, tuning, food log and weigh-ins). With no activities at all the
// history is empty and Params come from opt.Profile alone.
func HistoryFromBatch(b *ingest.Batch, opt BuildOptions, athlete string) (PlanHistory, error) {
	opt.SkipWhatIf = true
	ds := Build(b, opt)
	var names []string
	for n := range ds.Params {
		names = append(names, n)
	}
	slices.Sort(names)
	switch {
	case len(names) == 0:
		prof := opt.Profile
		name := cmp.Or(athlete, prof.Name, "athlete")
		if prof.Name == "" {
			prof.Name = name
		}
		p := metrics.Resolve(prof, nil, opt.Generated)
		p.Athlete = name
		t, err := ApplyTuning(DefaultTuning(), prof.Tuning)
		if err != nil {
			return PlanHistory{}, fmt.Errorf("profile: %w", err)
		}
		return PlanHistory{Athlete: name, Params: p, Options: ScoreOptions{WeekStart: opt.WeekStart, Tuning: t}}, nil
	case athlete == "" && len(names) > 1:
		return PlanHistory{}, fmt.Errorf("the exports hold %d athletes (%s): choose one with --athlete", len(names), strings.Join(names, ", "))
	case athlete == "":
		athlete = names[0]
	case !slices.Contains(names, athlete):
		return PlanHistory{}, fmt.Errorf("no athlete %q in the exports (found: %s)", athlete, strings.Join(names, ", "))
	}
	h := PlanHistory{Athlete: athlete, Params: ds.Params[athlete]}
	var cardio []metrics.Run
	for _, c := range ds.Cardio {
		if c.Athlete == athlete {
			cardio = append(cardio, c)
		}
	}
	for _, r := range ds.Runs {
		if r.Athlete == athlete {
			h.Runs = append(h.Runs, r)
		}
	}
	for _, l := range ds.Lifts {
		if l.Athlete == athlete {
			h.Lifts = append(h.Lifts, l)
		}
	}
	prof := b.Profiles[athlete].Merge(opt.Profile)
	t, err := ApplyTuning(DefaultTuning(), prof.Tuning)
	if err != nil {
		t = DefaultTuning() // Build recorded it in the defaults
	}
	intake, weighIns, _ := athleteLogs(b, athlete, &prof)
	sleep, _ := athleteSleep(b, athlete)
	h.Options = ScoreOptions{WeekStart: opt.WeekStart, Tuning: t, Intake: intake, WeighIns: weighIns, Cardio: cardio, Sleep: sleep}
	return h, nil
}

// PlanScore is a scored planned week.
type PlanScore struct {
	Week       Week           // the planned week's scores, rules and what-if
	Runs       []metrics.Run  // the planned runs
	Lifts      []metrics.Lift // the planned lifts
	Cardio     []metrics.Run  // the planned rides, rows, walks, swims
	Activities []ingest.Activity
	WhatIf     WhatIf // the smallest fix (NaN Score: none needed or none found)
	// Replaced counts recorded runs and lifts on or after the planned
	// week's first day: the plan stands in for them.
	Replaced int
	Params   metrics.Params
}

// PlanClass maps a plan intensity (easy, tempo, hiit) to the run class
// the reasons print (metrics classes runs from heart rate, which a plan
// has none of). It does not change the score: the interference model
// does not use the class.
func PlanClass(intensity string) metrics.Class {
	switch intensity {
	case "easy":
		return metrics.ClassLISS
	case "tempo", "hiit":
		return metrics.Class(intensity)
	}
	return metrics.ClassUnknown
}

// ErrEmptyPlan is returned when the planned week has no run and no lift.
var ErrEmptyPlan = errors.New("the planned week has no run and no lift to score")

// ScorePlan scores the planned activities (each with its intensity, "" if
// unknown) as the week starting on weekStart (a local date in
// h.Params.Loc) on top of the history.
func ScorePlan(h PlanHistory, planned []ingest.Activity, intensity []string, weekStart time.Time) (PlanScore, error) {
	p := h.Params
	loc := p.Loc
	if loc == nil {
		loc = time.UTC
	}
	ps := PlanScore{Params: p}
	y, m, d := weekStart.Date()
	ws := time.Date(y, m, d, 0, 0, 0, 0, loc)
	wsDay := dayOf(ws)
	localDay := func(ld, st time.Time) day {
		if !ld.IsZero() {
			return dayOf(ld)
		}
		return dayOf(st.In(loc))
	}
	var runs []metrics.Run
	var lifts []metrics.Lift
	for _, r := range h.Runs {
		if localDay(r.LocalDate, r.Start) >= wsDay {
			ps.Replaced++
			continue
		}
		runs = append(runs, r)
	}
	for _, l := range h.Lifts {
		if localDay(l.LocalDate, l.Start) >= wsDay {
			ps.Replaced++
			continue
		}
		lifts = append(lifts, l)
	}
	opt := h.Options
	opt.Cardio = nil
	for _, c := range h.Options.Cardio {
		if localDay(c.LocalDate, c.Start) >= wsDay {
			ps.Replaced++
			continue
		}
		opt.Cardio = append(opt.Cardio, c)
	}
	acts := slices.Clone(planned)
	class := map[string]metrics.Class{}
	for i := range acts {
		a := &acts[i]
		a.Athlete = h.Athlete
		a.Index = i
		ingest.PlaceInZone(a, loc)
		a.ID = ingest.ActivityID(a)
		if i < len(intensity) {
			class[a.ID] = PlanClass(intensity[i])
		}
	}
	ingest.SortActivities(acts)
	ps.Activities = acts
	ss := metrics.AnalyzeSessions(acts, p) // one walk places runs and cardio (planned rides, rows, walks, swims)
	pr, pl, pc := ss.Runs, ss.Lifts, ss.Cardio
	opt.Cardio = append(opt.Cardio, pc...)
	ps.Cardio = pc
	for i := range pr {
		if c, ok := class[pr[i].ActivityID]; ok && c != metrics.ClassUnknown {
			pr[i].Class = c
		}
		pr[i].Notes = append(pr[i].Notes, "planned session")
	}
	ps.Runs, ps.Lifts = pr, pl
	if len(pr) == 0 && len(pl) == 0 {
		return ps, ErrEmptyPlan
	}
	runs = append(runs, pr...)
	lifts = append(lifts, pl...)
	for _, w := range Score(runs, lifts, p, opt) {
		if dayOf(w.WeekStart) == wsDay {
			ps.Week = w
		}
	}
	if ps.Week.WeekStart.IsZero() {
		return ps, fmt.Errorf("no scored week starts on %s (the week start setting and the plan disagree)", ws.Format(time.DateOnly))
	}
	ps.WhatIf = WhatIf{Score: math.NaN()}
	if ps.Week.Interference >= BandModerate {
		ps.WhatIf = SearchWhatIf(runs, lifts, p, opt, ps.Week.WeekStart)
		ps.Week.WhatIfInterference = ps.Week.Interference
		if !math.IsNaN(ps.WhatIf.Score) {
			ps.Week.WhatIfInterference = ps.WhatIf.Score
			ps.Week.WhatIfChanges = ps.WhatIf.Changes
		}
	}
	return ps, nil
}
