package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"gainguard/ingest"
	"gainguard/ingest/commit"
	"gainguard/ingest/plan"
	"gainguard/ingest/state"
	"gainguard/metrics"
	"gainguard/report"
	"gainguard/report/html"
)

// planConfig is everything the plan flags set.
type planConfig struct {
	planFile  string
	exports   []string
	format    string
	out       string
	week      string
	weekStart string
	athlete   string
	profile   string
	state     string
	sport     string
	override  ingest.Profile
}

func parsePlanFlags(args []string, stderr io.Writer) (*planConfig, error) {
	c := &planConfig{}
	fs := pflag.NewFlagSet("plan", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: gainguard plan [flags] PLAN_FILE [EXPORTS...]\n"+
			"       gainguard plan [flags] PLAN_FILE --state OUT/.gainguard\n\n"+
			"Scores a planned week before it happens, on the athlete's real history.\n"+
			"PLAN_FILE is an iCalendar export (.ics: intervals.icu, TrainingPeaks, Google\n"+
			"Calendar) or a CSV with the header date,time,sport,duration_min,intensity,region.\n"+
			"EXPORTS are the same watch and lift-app exports analyze reads (files or folders);\n"+
			"their chronic load, HRmax and profile are the history the week is scored on.\n"+
			"Without EXPORTS, --state reads that history from an earlier analyze's state.\n"+
			"Prints the week's interference and under-fueling exposure with the reasons,\n"+
			"then the smallest change that lowers the interference.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.StringVar(&c.format, "format", "text", "output: text or json")
	fs.StringVarP(&c.out, "out", "o", "", "also write an HTML page of the planned week to this `file`")
	fs.StringVar(&c.week, "week", "", "any `date` (YYYY-MM-DD) of the planned week (default: the week of the plan's earliest event)")
	fs.StringVar(&c.weekStart, "week-start", "monday", "first day of the week: monday or sunday")
	fs.StringVar(&c.athlete, "athlete", "", "athlete `name` when the exports hold several")
	fs.StringVar(&c.profile, "profile", "", "athlete profile `file` (JSON, see README)")
	fs.StringVar(&c.state, "state", "", "state `folder` of an earlier analyze (OUT/.gainguard), read only: exports it already decoded are not decoded again; without EXPORTS, the history is what it holds")
	fs.StringVar(&c.sport, "sport", "", "sport `word` (run, lift, ride, ...) for calendar events that name none (default: such events are ignored)")
	fs.StringVar((*string)(&c.override.Sex), "sex", "", "male or female")
	fs.IntVar(&c.override.Age, "age", 0, "age in years")
	fs.Float64Var(&c.override.BodyMassKg, "body-mass", 0, "body mass in kg")
	fs.Float64Var(&c.override.HRMax, "hr-max", 0, "maximum heart rate, bpm")
	fs.StringVar((*string)(&c.override.Goal), "goal", "", "strength, hypertrophy, endurance or hybrid")
	fs.StringVar((*string)(&c.override.TrainingStatus), "training-status", "", "untrained, moderate or trained")
	fs.StringVar(&c.override.TimeZone, "tz", "", "athlete's time zone (IANA name); plan times without a zone are in it")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return nil, errors.New("no PLAN_FILE given")
	}
	c.planFile, c.exports = fs.Arg(0), fs.Args()[1:]
	switch c.format {
	case "text", "json":
	default:
		return nil, fmt.Errorf("--format %q: want text or json", c.format)
	}
	if _, err := parseWeekStart(c.weekStart); err != nil {
		return nil, err
	}
	if c.week != "" {
		if _, err := time.Parse(time.DateOnly, c.week); err != nil {
			return nil, fmt.Errorf("--week %q: want YYYY-MM-DD", c.week)
		}
	}
	if err := checkProfileFlags(c.override); err != nil {
		return nil, err
	}
	if c.sport != "" && !plan.SportWord(c.sport) {
		return nil, fmt.Errorf("--sport %q: not a sport word (run, lift, ride, swim, row, walk, yoga, ...)", c.sport)
	}
	return c, nil
}

func (m *Main) runPlan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parsePlanFlags(args, stderr)
	if errors.Is(err, pflag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "gainguard plan: %s\n", termSafe(err.Error()))
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "gainguard plan: %v\n", err)
		return exitFailed
	}
	override, err := readProfileFile(c.profile, c.override)
	if err != nil {
		fmt.Fprintf(stderr, "gainguard plan: %s\n", termSafe(err.Error()))
		return exitUsage
	}
	if _, err := os.Stat(c.planFile); err != nil {
		return fail(err)
	}
	weekStart, _ := parseWeekStart(c.weekStart) // checked with the flags

	// History: the exports, scored as analyze would.
	var stateHits int64
	batch := &ingest.Batch{Profiles: map[string]ingest.Profile{}, ProfilePaths: map[string]string{}}
	if len(c.exports) == 0 && c.state != "" {
		b, n, err := historyFromState(c.state, stderr)
		if err != nil {
			return fail(err)
		}
		batch, stateHits = b, n
	}
	if len(c.exports) > 0 {
		opt := ingest.Options{Formats: formats} // --athlete selects, it does not rename
		if c.out != "" {
			opt.Exclude = []string{c.out}
		}
		opt.Reduce, opt.ReduceID = metrics.Reducer(false)
		if c.state != "" {
			cache, problem, err := state.LoadFileCache(c.state, version, opt.Fingerprint())
			switch {
			case err != nil:
				fmt.Fprintf(stderr, "gainguard plan: --state %s unreadable (%v): decoding every export\n", c.state, err)
			case problem != "":
				fmt.Fprintf(stderr, "gainguard plan: --state %s: %s: decoding every export\n", c.state, problem)
			default:
				opt.Cache = readOnlyCache{cache}
				defer cache.Close()
			}
		}
		b, err := ingest.Import(ctx, c.exports, opt)
		if err != nil {
			return fail(err)
		}
		batch = b
		if rc, ok := opt.Cache.(readOnlyCache); ok {
			stateHits, _ = rc.c.Stats()
		}
	}
	hist, err := report.HistoryFromBatch(batch, report.BuildOptions{Profile: override, ProfileFlag: c.profile != "",
		WeekStart: weekStart, Version: version, Generated: m.generated()}, c.athlete)
	if err != nil {
		return fail(err)
	}
	// The plan, read in the athlete's zone.
	popt := plan.Options{WeekStart: weekStart, Loc: hist.Params.Loc, Sport: c.sport}
	if c.week != "" {
		popt.Week, _ = time.Parse(time.DateOnly, c.week)
	}
	pl, err := plan.Read(c.planFile, popt)
	if err != nil {
		return fail(err)
	}
	var acts []ingest.Activity
	var intensity []string
	for _, s := range pl.Sessions {
		acts = append(acts, s.Activity)
		intensity = append(intensity, s.Intensity)
	}
	ps, err := report.ScorePlan(hist, acts, intensity, pl.WeekStart)
	if err != nil {
		writePlanProblems(stderr, pl)
		return fail(fmt.Errorf("%s: %w", c.planFile, err))
	}
	res := buildPlanResult(c, batch, hist, pl, ps)
	res.History.FromState = stateHits
	if c.out != "" {
		if err := commit.WriteFile(c.out, func(w io.Writer) error {
			return html.WritePlan(w, ps, version, m.generated())
		}, outputHooks); err != nil {
			return fail(err)
		}
		res.HTML = c.out
	}
	if c.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return fail(err)
		}
		return exitOK
	}
	if err := writePlanText(stdout, res); err != nil {
		return fail(err)
	}
	return exitOK
}

// historyFromState builds the batch an earlier analyze decoded, from its
// state folder alone (plan PLAN_FILE --state OUT/.gainguard): every
// outcome the state holds, deduplicated as an import would, with the
// athlete profiles found beside the recorded files (ingest.FindProfiles).
// It returns the batch and the number of files read from the state.
func historyFromState(dir string, stderr io.Writer) (*ingest.Batch, int64, error) {
	opt := ingest.Options{Formats: formats}
	opt.Reduce, opt.ReduceID = metrics.Reducer(false)
	if _, err := os.Stat(filepath.Join(dir, state.IndexFileName)); err != nil {
		return nil, 0, fmt.Errorf("--state %s: no state of an earlier analyze there (%v); give the EXPORTS", dir, err)
	}
	cache, problem, err := state.LoadFileCache(dir, version, opt.Fingerprint())
	switch {
	case err != nil:
		return nil, 0, fmt.Errorf("--state %s: %v; give the EXPORTS", dir, err)
	case problem != "":
		return nil, 0, fmt.Errorf("--state %s: %s; give the EXPORTS (or run analyze again)", dir, problem)
	}
	defer cache.Close()
	outs, lost := cache.Outcomes()
	if lost > 0 {
		fmt.Fprintf(stderr, "gainguard plan: --state %s: %d decoded files could not be read back (damaged pack); the history lacks them\n", dir, lost)
	}
	if len(outs) == 0 {
		return nil, 0, fmt.Errorf("--state %s holds no decoded file; give the EXPORTS", dir)
	}
	b := ingest.BatchFromOutcomes(outs)
	for _, err := range ingest.FindProfiles(b) {
		fmt.Fprintf(stderr, "gainguard plan: %v\n", err)
	}
	return b, int64(len(outs)), nil
}

// readOnlyCache serves an earlier run's decoded files without recording
// new ones (plan never saves the state).
type readOnlyCache struct{ c *state.FileCache }

func (r readOnlyCache) Get(k ingest.FileKey) (ingest.Outcome, bool) { return r.c.Get(k) }
func (r readOnlyCache) Put(ingest.FileKey, ingest.Outcome)          {}

// planResult is plan's output (--format json; the text output prints the
// same).
type planResult struct {
	Athlete    string         `json:"athlete"`
	PlanFile   string         `json:"plan_file"`
	WeekStart  string         `json:"week_start"`
	WeekEnd    string         `json:"week_end"`
	ISOWeek    string         `json:"iso_week"`
	History    planHistory    `json:"history"`
	Sessions   []planSession  `json:"sessions"`
	Int        planScore      `json:"interference"`
	UF         planScore      `json:"under_fueling"`
	WhatIf     *planWhatIf    `json:"whatif"` // null when the week is low
	Problems   []plan.Event   `json:"unparseable_events"`
	Ignored    []plan.Event   `json:"ignored_events"`
	Defaults   []string       `json:"defaults"`
	HTML       string         `json:"html,omitempty"`
	Components map[string]any `json:"components"`
}

type planHistory struct {
	Exports    []string `json:"exports"`
	Runs       int      `json:"runs"`
	Lifts      int      `json:"lifts"`
	LastDate   string   `json:"last_date,omitempty"`
	HRMax      float64  `json:"hr_max"`
	HRMaxFrom  string   `json:"hr_max_source"`
	Replaced   int      `json:"recorded_sessions_replaced"`
	FailedFile int      `json:"failed_files"`
	FromState  int64    `json:"files_from_state"` // exports --state already had decoded
}

type planSession struct {
	Line      int    `json:"line"`
	Day       string `json:"day"`
	Start     string `json:"start"` // local, RFC 3339
	Kind      string `json:"kind"`
	Sport     string `json:"sport"`
	Minutes   int    `json:"minutes"`
	Intensity string `json:"intensity,omitempty"`
	Region    string `json:"region,omitempty"`
	Text      string `json:"text"`
}

type planScore struct {
	Score   float64      `json:"score"`
	Band    string       `json:"band"`
	Tier    string       `json:"tier,omitempty"`
	Reasons []planReason `json:"reasons"`
}

type planReason struct {
	Rule   report.RuleID `json:"rule"`
	Points float64       `json:"points"`
	Reason string        `json:"reason"`
	Advice string        `json:"advice"`
}

type planWhatIf struct {
	Score   *float64 `json:"score"` // null: no change of at most two sessions lowers it
	Band    string   `json:"band,omitempty"`
	Changes []string `json:"changes"`
	Cost    float64  `json:"cost"`
	Tried   int      `json:"candidates_scored"`
}

func buildPlanResult(c *planConfig, b *ingest.Batch, h report.PlanHistory, pl *plan.Plan, ps report.PlanScore) planResult {
	w := ps.Week
	loc := h.Params.Loc
	if loc == nil {
		loc = time.UTC
	}
	res := planResult{
		Athlete:   h.Athlete,
		PlanFile:  c.planFile,
		WeekStart: w.WeekStart.Format(time.DateOnly),
		WeekEnd:   w.WeekStart.AddDate(0, 0, 6).Format(time.DateOnly),
		ISOWeek:   fmt.Sprintf("%d-W%02d", w.Year, w.Week),
		History: planHistory{Exports: append([]string{}, c.exports...), Runs: len(h.Runs), Lifts: len(h.Lifts),
			HRMax: h.Params.HRMax, HRMaxFrom: h.Params.HRMaxSource, Replaced: ps.Replaced},
		Int:      planScore{Score: report.RoundScore(w.Interference, 2), Band: string(w.InterferenceBand)},
		UF:       planScore{Score: report.RoundScore(w.UnderFueling, 2), Band: string(w.UnderFuelingBand), Tier: string(w.Tier)},
		Problems: append([]plan.Event{}, pl.Problems...),
		Ignored:  append([]plan.Event{}, pl.Ignored...),
		Defaults: append([]string{}, w.Defaults...),
		Components: map[string]any{"proximity": report.Round2(w.Proximity), "dose": report.Round2(w.Dose), "recovery": report.Round2(w.Recovery),
			"nutrition": report.Round2(w.Nutrition), "multiplier": report.Round2(w.Multiplier)},
	}
	_, _, _, res.History.FailedFile = b.Summary()
	var last time.Time
	for _, r := range h.Runs {
		last = maxTime(last, r.Start)
	}
	for _, l := range h.Lifts {
		last = maxTime(last, l.Start)
	}
	if !last.IsZero() {
		res.History.LastDate = last.In(loc).Format(time.DateOnly)
	}
	for _, s := range pl.Sessions {
		a := s.Activity
		ss := planSession{Line: s.Line, Start: a.Start.In(loc).Format(time.RFC3339), Day: a.Start.In(loc).Format("Mon"),
			Kind: string(a.Kind), Sport: a.Sport, Minutes: int(math.Round(a.ElapsedS / 60)), Intensity: s.Intensity, Text: s.Text}
		if a.Kind == ingest.KindLift && len(a.Sets) > 0 {
			ss.Region = string(a.Sets[0].Region)
		}
		if a.Precision == ingest.PrecisionDate {
			ss.Start = a.Start.In(loc).Format(time.DateOnly)
		}
		res.Sessions = append(res.Sessions, ss)
	}
	for _, r := range w.Rules {
		pr := planReason{Rule: r.Rule, Points: report.Round2(r.Points), Reason: r.Reason, Advice: r.Advice}
		if r.Score == report.ScoreInterference {
			res.Int.Reasons = append(res.Int.Reasons, pr)
		} else {
			res.UF.Reasons = append(res.UF.Reasons, pr)
		}
	}
	if w.Interference >= report.BandModerate {
		wi := ps.WhatIf
		res.WhatIf = &planWhatIf{Changes: append([]string{}, wi.Changes...), Cost: report.Round2(wi.Cost), Tried: wi.Tried}
		if !math.IsNaN(wi.Score) {
			v := report.RoundScore(wi.Score, 2)
			res.WhatIf.Score, res.WhatIf.Band = &v, wi.Band
		}
	}
	return res
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func writePlanProblems(w io.Writer, pl *plan.Plan) {
	if len(pl.Problems) > 0 {
		fmt.Fprintf(w, "Unparseable events (%d), not scored:\n", len(pl.Problems))
		for _, e := range pl.Problems {
			fmt.Fprintf(w, "  %s:%d %q: %s\n", filepath.Base(pl.Path), e.Line, e.Text, e.Reason)
		}
	}
	if len(pl.Ignored) > 0 {
		fmt.Fprintf(w, "Ignored events (%d):\n", len(pl.Ignored))
		for _, e := range pl.Ignored {
			fmt.Fprintf(w, "  %s:%d %q: %s\n", filepath.Base(pl.Path), e.Line, e.Text, e.Reason)
		}
	}
}

func writePlanText(w io.Writer, r planResult) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Planned week %s to %s (%s) for %s, from %s\n", r.WeekStart, r.WeekEnd, r.ISOWeek, r.Athlete, r.PlanFile)
	if r.History.Runs+r.History.Lifts > 0 {
		fmt.Fprintf(&b, "History: %d runs and %d lifts up to %s; HRmax %.0f (%s)", r.History.Runs, r.History.Lifts, r.History.LastDate, r.History.HRMax, r.History.HRMaxFrom)
		if r.History.FromState > 0 {
			fmt.Fprintf(&b, "; %d exports taken from --state", r.History.FromState)
		}
		if r.History.Replaced > 0 {
			fmt.Fprintf(&b, "; %d recorded sessions from the planned week on are replaced by the plan", r.History.Replaced)
		}
		b.WriteString("\n")
	} else {
		b.WriteString("History: none (no EXPORTS given or none readable): no chronic load, HRmax from the profile or defaults\n")
	}
	fmt.Fprintf(&b, "\nSessions (%d):\n", len(r.Sessions))
	for _, s := range r.Sessions {
		start := s.Start
		if t, err := time.Parse(time.RFC3339, s.Start); err == nil {
			start = t.Format("Mon 01-02 15:04")
		}
		detail := s.Intensity
		if s.Kind == string(ingest.KindLift) {
			detail = s.Region
		}
		fmt.Fprintf(&b, "  %-15s %-6s %4d min  %-7s %q (line %d)\n", start, s.Kind, s.Minutes, detail, s.Text, s.Line)
	}
	fmt.Fprintf(&b, "\nInterference: %.1f (%s)\n", report.RoundScore(r.Int.Score, 1), r.Int.Band)
	for _, x := range r.Int.Reasons {
		fmt.Fprintf(&b, "  %5.1f %-6s %s\n", x.Points, x.Rule, x.Reason)
		if x.Advice != "" && x.Rule != report.RuleIntNutrition {
			fmt.Fprintf(&b, "               → %s\n", x.Advice)
		}
	}
	fmt.Fprintf(&b, "Under-fueling exposure: %.1f (%s, tier %s; a screening, not a diagnosis)\n", report.RoundScore(r.UF.Score, 1), r.UF.Band, r.UF.Tier)
	for _, x := range r.UF.Reasons {
		fmt.Fprintf(&b, "  %5.1f %-6s %s\n", x.Points, x.Rule, x.Reason)
	}
	b.WriteString("\n")
	switch {
	case r.WhatIf == nil:
		b.WriteString("Smallest fix: none needed (interference is low).\n")
	case r.WhatIf.Score == nil:
		b.WriteString("Smallest fix: no change of at most two sessions lowers the interference.\n")
	default:
		fmt.Fprintf(&b, "Smallest fix: %s → %.1f (%s)\n", strings.Join(r.WhatIf.Changes, "; "), report.RoundScore(*r.WhatIf.Score, 1), r.WhatIf.Band)
	}
	if len(r.Problems) > 0 {
		fmt.Fprintf(&b, "\nUnparseable events (%d), not scored:\n", len(r.Problems))
		for _, e := range r.Problems {
			fmt.Fprintf(&b, "  line %d %q: %s\n", e.Line, e.Text, e.Reason)
		}
	}
	if len(r.Ignored) > 0 {
		fmt.Fprintf(&b, "\nIgnored events (%d):\n", len(r.Ignored))
		for _, e := range r.Ignored {
			fmt.Fprintf(&b, "  line %d %q: %s\n", e.Line, e.Text, e.Reason)
		}
	}
	if r.HTML != "" {
		fmt.Fprintf(&b, "\nWrote %s\n", r.HTML)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
