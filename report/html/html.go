package html

import (
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
	"gainguard/report"
	"gainguard/report/internal/values"
)

// The report is a set of html/templates embedded in the binary. Everything
// it shows comes from a view model built here (htmlPage), with numbers
// already formatted and every chart's geometry computed in Go (svg*.go),
// so the templates only place strings and html/template escapes each of
// them for its context. No value is ever marked as trusted HTML, but for
// the charts' shapes and the rule hits (render.go), which are rendered in
// Go with the escaping html/template gives their strings in their places,
// each held equal to the template that placed them.
//
//go:embed templates/*.tmpl
var templateFS embed.FS

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 },
}).ParseFS(templateFS, "templates/*.tmpl"))

// topRules is how many rule hits a week's row shows before "more".
const topRules = 3

// Week view: the latest weeks drawn open, and at most this many in all
// (older ones collapsed; the weeks table covers every week).
const (
	openTimelines = 4
	maxTimelines  = 12
)

// fuelChartDays is how many of the latest food-log days the fueling chart
// draws; the weekly table covers them all.
const fuelChartDays = 84

// Write writes the self-contained HTML report of d to w.
func Write(w io.Writer, d *report.Dataset) error {
	// Every string that could reorder its neighbours is isolated (bidi.go).
	page := isolatePage(reflect.ValueOf(buildPage(d))).Interface()
	return reportTemplate.ExecuteTemplate(w, "report.html.tmpl", page)
}

type htmlPage struct {
	Title     string
	Version   string
	Generated string
	Athletes  []string
	From, To  string
	Multi     bool
	Sections  []htmlAthlete
	Files     htmlFiles
}

type htmlAthlete struct {
	Name      string
	Anchor    string
	NoProfile bool
	Defaults  []string
	Fallbacks []string // scoring fallbacks and per-activity notes beyond the profile defaults
	From, To  string
	Summary   string // "3 activities: 2 runs, 1 lift · 2 weeks scored"
	Rule      string // which rule made these files one athlete (athlete_rule.go)
	// Earlier lists the training blocks before the charted latest one
	// (blocks.go), one summary line each.
	Earlier  []string
	Headline *htmlHeadline
	Chart    *svgChart
	Weeks    []htmlWeek
	AnyRed   bool

	Timelines    []htmlTimeline // latest first
	OlderShown   int            // how many of them are collapsed
	OlderOmitted int            // weeks without a drawn timeline
	OmittedUntil string

	Zones      *svgFig
	ZoneRows   []htmlZoneRow
	ClassTotal [4]int
	ZoneHasHR  bool

	Fuel htmlFuel
	Body htmlBody

	Strength *htmlStrength // strength progress, load and evidence (svg_strength.go); nil without lifts
}

type htmlHeadline struct {
	Anchor          string // the athlete's
	Start, End, ISO string
	Age             string // "5 months old" when the latest week ended long before the report (blocks.go)
	Int, UF         htmlTile
	Close           []string // run–lift pairs under 6 h next to leg days
}

type htmlTile struct {
	Label, Score, Band, Class string
	Reason, Advice            string
	Rule, Anchor              string
	Tier                      string
	Red                       bool
}

type htmlWeek struct {
	Anchor            string
	Start, End, ISO   string
	Interference      string
	InterferenceBand  string
	InterferenceClass string
	UnderFueling      string
	UnderFuelingBand  string
	UnderFuelingClass string
	Red               bool
	Tier, Confidence  string
	Runs              int
	RunMinutes        string
	Lifts             int
	RestDays          int
	Top, More         []htmlRule
	WhatIf            htmlWhatIf
}

// htmlWhatIf is the week's what-if (docs/scoring.md, "What-if search").
type htmlWhatIf struct {
	Searched           bool
	Changes            string // "Move Tue's 60-min run to Wed 07:00 and shorten …"
	Score, Band, Class string
}

type htmlRule struct {
	Rule, Score, Points string
	Anchor              string
	Reason, Advice      string
	Activities          []string
}

type htmlTimeline struct {
	htmlWeek
	Fig      *svgFig
	Sessions []htmlSession
	Close    int
}

type htmlSession struct {
	Day, Time, Kind, Name string
	Minutes, Type         string
	Gaps                  []htmlGap
}

type htmlGap struct {
	Text  string
	Risky bool
}

type htmlZoneRow struct {
	Start, ISO string
	Zone       [5]string
	NoHR       string
	Total      string
	Classes    [4]int
}

type htmlFuel struct {
	Has         bool
	Fig         *svgFig
	Rows        []htmlFuelRow
	Rest, PAL   string
	MassKg      string
	MissingKcal int
	LoggedDays  int
	ChartFrom   string // set when the chart starts after the log does
}

type htmlFuelRow struct {
	Start, ISO                string
	Days                      int
	Intake, Expense, Balance  string
	Short                     bool // intake below the estimate
	ProteinPerKg, CarbsPerKg  string
	UnderFueling, UFBand, UFC string
}

type htmlBody struct {
	Fig     *svgFig
	Summary string
}

type htmlFiles struct {
	Total, Imported, Skipped, Failed int
	Problems                         []ingest.FileResult // failed first, then skipped
	Notes                            []ingest.FileResult // imported with a note
	Formats                          []htmlFormat
}

type htmlFormat struct {
	Format                           string
	Files, Imported, Skipped, Failed int
	Activities, Records              int
}

func buildPage(d *report.Dataset) htmlPage {
	var p htmlPage
	// Athletes: everyone with weeks, activities or params, sorted.
	seen := map[string]bool{}
	add := func(a string) {
		if !seen[a] {
			seen[a] = true
			p.Athletes = append(p.Athletes, a)
		}
	}
	for _, w := range d.Weeks {
		add(w.Athlete)
	}
	for i := range d.Activities {
		add(d.Activities[i].Athlete)
	}
	for a := range d.Params {
		add(a)
	}
	slices.Sort(p.Athletes)

	acts := make(map[string]*ingest.Activity, len(d.Activities))
	for i := range d.Activities {
		acts[d.Activities[i].ID] = &d.Activities[i]
	}
	labels := activityLabels(d)
	var from, to time.Time
	dayRows := report.DayRows(d) // the energy model, once for every athlete's fuelling chart
	for i, athlete := range p.Athletes {
		s := buildAthlete(d, athlete, i, labels, acts, dayRows)
		p.Sections = append(p.Sections, s.htmlAthlete)
		if !s.from.IsZero() && (from.IsZero() || s.from.Before(from)) {
			from = s.from
		}
		if s.to.After(to) {
			to = s.to
		}
	}
	pageHeader(&p, d, from, to)
	return p
}

// pageHeader fills in what the page's head and tail say of the whole
// report, once p.Athletes is known: title, date range (from, to), version,
// time generated, files.
func pageHeader(p *htmlPage, d *report.Dataset, from, to time.Time) {
	p.Version = cmp.Or(d.Version, "unknown")
	p.Generated = d.Generated.UTC().Format("2006-01-02 15:04 UTC")
	p.Multi = len(p.Athletes) > 1
	if !from.IsZero() {
		p.From, p.To = from.Format(time.DateOnly), to.Format(time.DateOnly)
	}
	p.Title = "gainguard report"
	if len(p.Athletes) > 0 {
		names := make([]string, len(p.Athletes))
		for i, a := range p.Athletes {
			names[i] = bidiIsolate(a) // one name must not reorder the next
		}
		p.Title += " — " + strings.Join(names, ", ")
	}
	p.Files = buildFiles(d.Files)
}

type athleteSection struct {
	htmlAthlete
	from, to time.Time // date range, as calendar dates in UTC
}

func buildAthlete(d *report.Dataset, athlete string, index int, labels map[string]string, acts map[string]*ingest.Activity, dayRows []report.DayRow) athleteSection {
	s := athleteSection{htmlAthlete: htmlAthlete{Name: athlete, Anchor: "athlete-" + strconv.Itoa(index+1)}}

	var weeks []report.Week
	for _, w := range d.Weeks {
		if w.Athlete == athlete {
			weeks = append(weeks, w)
		}
	}
	slices.SortStableFunc(weeks, func(x, y report.Week) int {
		return cmp.Compare(values.EpochDays(x.WeekStart), values.EpochDays(y.WeekStart))
	})

	params, hasParams := d.Params[athlete]
	defaults := params.Defaults
	if !hasParams && len(weeks) > 0 {
		defaults = weeks[0].Defaults
	}
	for _, def := range defaults {
		if def == report.NoProfile {
			s.NoProfile = true
			continue
		}
		s.Defaults = append(s.Defaults, def)
	}
	// Fallbacks the scoring or metrics recorded beyond the profile's.
	known := map[string]bool{report.NoProfile: true}
	for _, def := range defaults {
		known[def] = true
	}
	for _, w := range weeks {
		for _, def := range w.Defaults {
			if !known[def] {
				known[def] = true
				s.Fallbacks = append(s.Fallbacks, def)
			}
		}
	}

	var nActs, nRuns, nLifts int
	for i := range d.Activities {
		a := &d.Activities[i]
		if a.Athlete != athlete {
			continue
		}
		nActs++
		switch a.Kind {
		case ingest.KindRun:
			nRuns++
		case ingest.KindLift:
			nLifts++
		}
		day := values.DateOf(report.ActivityLocal(a, d.Params))
		if s.from.IsZero() || day.Before(s.from) {
			s.from = day
		}
		if day.After(s.to) {
			s.to = day
		}
	}
	for _, w := range weeks {
		start := values.DateOf(w.WeekStart)
		end := start.AddDate(0, 0, 6)
		if s.from.IsZero() || start.Before(s.from) {
			s.from = start
		}
		if end.After(s.to) {
			s.to = end
		}
		hw := buildWeek(w, labels, s.Anchor)
		s.AnyRed = s.AnyRed || hw.Red
		s.Weeks = append(s.Weeks, hw)
	}
	if !s.from.IsZero() {
		s.From, s.To = s.from.Format(time.DateOnly), s.to.Format(time.DateOnly)
	}
	s.Summary = fmt.Sprintf("%s: %s, %s · %s scored", values.Plural(nActs, "activity", "activities"),
		values.Plural(nRuns, "run", "runs"), values.Plural(nLifts, "lift", "lifts"), values.Plural(len(weeks), "week", "weeks"))
	s.Rule = athleteRule(d.Files, athlete)

	sessions := athleteSessions(d, athlete, acts)
	pairs := sessionPairs(sessions, athletePairs(d, athlete))
	if len(weeks) > 0 {
		latest, earlier := report.LatestBlock(weeks)
		s.Earlier = earlier
		s.Chart = buildChart(athlete, index, latest)
		s.Headline = buildHeadline(weeks[len(weeks)-1], s.Weeks[len(s.Weeks)-1], pairs)
		s.Headline.Anchor = s.Anchor
		s.Headline.Age = dataAge(weeks[len(weeks)-1].WeekStart, d.Generated)
		s.buildTimelines(weeks, sessions, pairs)
		s.buildZones(weeks, sessions)
	}
	latest, _ := report.LatestBlock(weeks) // the strength charts draw what the scores chart draws
	s.Strength = buildStrengthView(d, athlete, s.Anchor, latest)
	s.Fuel = buildFuel(d, athlete, params, weeks, sessions, s.Anchor, dayRows)
	if ws := weighIns(d.Body, athlete, params.Loc); len(ws) > 0 {
		s.Body.Fig = buildBodyChart(s.Anchor+"-body", athlete, ws)
		a, b := ws[0], ws[len(ws)-1]
		s.Body.Summary = fmt.Sprintf("%s from %s to %s: %s → %s kg; 7-day mean %s → %s kg (%s kg).",
			values.Plural(len(ws), "weigh-in", "weigh-ins"), a.Wall.Format(time.DateOnly), b.Wall.Format(time.DateOnly),
			kgText(a.Kg), kgText(b.Kg), kgText(a.MeanKg), kgText(b.MeanKg), signed(b.MeanKg-a.MeanKg, 1))
	}
	return s
}

// buildHeadline sums up the latest week: both scores and each score's
// largest rule, with its reason and advice.
func buildHeadline(w report.Week, hw htmlWeek, pairs []gapPair) *htmlHeadline {
	h := &htmlHeadline{Start: hw.Start, End: hw.End, ISO: hw.ISO}
	h.Int = htmlTile{Label: "Interference", Score: hw.Interference, Band: hw.InterferenceBand, Class: hw.InterferenceClass}
	h.UF = htmlTile{Label: "Under-fueling", Score: hw.UnderFueling, Band: hw.UnderFuelingBand, Class: hw.UnderFuelingClass, Red: hw.Red}
	if hw.Tier != "" {
		h.UF.Tier = "tier " + hw.Tier
		if hw.Confidence != "" {
			h.UF.Tier += ", " + hw.Confidence + " confidence"
		}
	}
	all := append(slices.Clone(hw.Top), hw.More...)
	for _, t := range []struct {
		tile  *htmlTile
		score report.ScoreKind
	}{{&h.Int, report.ScoreInterference}, {&h.UF, report.ScoreUnderFueling}} {
		if i := topRuleIndex(w.Rules, t.score); i >= 0 {
			r := all[i]
			t.tile.Reason = shortReason(r.Reason)
			t.tile.Advice = r.Advice
			t.tile.Rule = r.Rule
			t.tile.Anchor = r.Anchor
		}
	}
	start := values.DateOf(w.WeekStart)
	for _, p := range pairs {
		if !p.Risky || dayIndex(p.Lift.Wall, start) < 0 || dayIndex(p.Lift.Wall, start) > 6 {
			continue
		}
		h.Close = append(h.Close, p.Lift.Wall.Format("Mon")+": "+p.describe())
	}
	return h
}

// topRuleIndex returns the index in rules of the hit of score with the
// most points (the first of equals), or -1.
func topRuleIndex(rules []report.RuleHit, score report.ScoreKind) int {
	best := -1
	for i, r := range rules {
		if r.Score != score || math.IsNaN(r.Points) {
			continue
		}
		if best < 0 || r.Points > rules[best].Points {
			best = i
		}
	}
	return best
}

// formulaRe finds where a rule reason's arithmetic starts: "…: D = …".
var formulaRe = regexp.MustCompile(`: [A-Za-z]{1,2} = `)

// shortReason is a rule's reason without its arithmetic, for the
// headline: the part before " — " (docs/scoring.md's reason format), else
// before ": X = …", else before the first " → " step (dropping a trailing
// parenthesis that only gave the scale). The weeks table shows the whole
// reason.
func shortReason(r string) string {
	if i := strings.Index(r, " — "); i > 0 {
		return r[:i]
	}
	if m := formulaRe.FindStringIndex(r); m != nil && m[0] > 0 {
		return r[:m[0]]
	}
	if i := strings.Index(r, " → "); i > 0 {
		r = r[:i]
		if j := strings.LastIndex(r, " ("); j > 0 && strings.HasSuffix(r, ")") {
			r = r[:j]
		}
	}
	return r
}

func (s *athleteSection) buildTimelines(weeks []report.Week, ss []session, pairs []gapPair) {
	for k := len(weeks) - 1; k >= 0; k-- {
		if len(s.Timelines) == maxTimelines {
			s.OlderOmitted = k + 1
			s.OmittedUntil = values.DateOf(weeks[k].WeekStart).AddDate(0, 0, 6).Format(time.DateOnly)
			break
		}
		w := weeks[k]
		start := values.DateOf(w.WeekStart)
		t := htmlTimeline{htmlWeek: s.Weeks[k]}
		for i := range ss {
			x := &ss[i]
			if d := dayIndex(x.Wall, start); d < 0 || d > 6 {
				continue
			}
			hs := htmlSession{
				Day: x.Wall.Format("Mon 01-02"), Time: x.Wall.Format("15:04"), Kind: string(x.Kind), Name: x.Name,
				Minutes: formatScore(x.minutes()),
			}
			if x.Kind == ingest.KindLift {
				hs.Type = regionText(x.Class)
				if x.DateOnly {
					hs.Time = "date only"
				}
			} else {
				hs.Type = classText(x.Class)
			}
			for _, p := range pairs {
				if p.Run != x && p.Lift != x {
					continue
				}
				var text string
				dir := "after"
				if (p.RunFirst && x.Kind == ingest.KindRun) || (!p.RunFirst && x.Kind == ingest.KindLift) {
					dir = "before"
				}
				other := p.Lift
				if x.Kind == ingest.KindLift {
					other = p.Run
				}
				what := "run"
				if other.Kind == ingest.KindLift {
					what = regionText(other.Class) + " lift"
				}
				text = fmt.Sprintf("%s %s %s (%s)", p.label(), dir, what, other.Wall.Format("Mon 15:04"))
				hs.Gaps = append(hs.Gaps, htmlGap{Text: text, Risky: p.Risky})
			}
			t.Sessions = append(t.Sessions, hs)
		}
		if len(t.Sessions) > 0 {
			t.Fig = buildTimeline(s.Anchor+"-tl-"+t.Start, start, ss, pairs)
		}
		for _, p := range pairs {
			if p.Risky && dayIndex(p.Lift.Wall, start) >= 0 && dayIndex(p.Lift.Wall, start) <= 6 {
				t.Close++
			}
		}
		s.Timelines = append(s.Timelines, t)
	}
	s.OlderShown = max(0, len(s.Timelines)-openTimelines)
}

func (s *athleteSection) buildZones(weeks []report.Week, ss []session) {
	zw := zoneWeeks(weeks, ss)
	any := false
	for i, z := range zw {
		row := htmlZoneRow{Start: z.Start.Format(time.DateOnly), ISO: s.Weeks[i].ISO, NoHR: formatScore(z.NoHR),
			Total: formatScore(z.total()), Classes: z.Classes}
		for j, v := range z.Zone {
			row.Zone[j] = formatScore(v)
			if v > 0 {
				s.ZoneHasHR = true
			}
		}
		for j, c := range z.Classes {
			s.ClassTotal[j] += c
		}
		if z.total() > 0 {
			any = true
		}
		s.ZoneRows = append(s.ZoneRows, row)
	}
	if any {
		s.Zones = buildZoneChart(s.Anchor+"-zones", s.Name, zw)
	}
}

func buildFuel(d *report.Dataset, athlete string, p metrics.Params, weeks []report.Week, ss []session, anchor string, dayRows []report.DayRow) htmlFuel {
	var f htmlFuel
	tu, ok := d.Tuning[athlete]
	if !ok {
		tu = report.DefaultTuning()
	}
	days, missing := fuelDays(dayRows, athlete, ss)
	f.PAL = strconv.FormatFloat(tu.NonExercisePAL, 'f', -1, 64)
	if n := len(days); n > 0 {
		f.Rest = formatScore(days[n-1].Expense - days[n-1].Exercise)
	}
	for _, fd := range days {
		if fd.Logged {
			f.LoggedDays++
		}
	}
	if f.LoggedDays == 0 {
		return f
	}
	f.Has, f.MissingKcal = true, missing
	mass := p.BodyMassKg
	if !(mass > 0) {
		mass = metrics.DefaultBodyMassKg
	}
	f.MassKg = kgText(mass)
	chart := days
	if len(chart) > fuelChartDays {
		chart = chart[len(chart)-fuelChartDays:]
		f.ChartFrom = chart[0].Date.Format(time.DateOnly)
	}
	f.Fig = buildFuelChart(anchor+"-fuel", athlete, chart)
	// Weekly rows: the scored weeks, else calendar weeks from the first day.
	for _, w := range weeks {
		start := values.DateOf(w.WeekStart)
		var n int
		var in, ex, prot, carb float64
		var np, nc int
		for _, fd := range days {
			if d := dayIndex(fd.Date, start); d < 0 || d > 6 || !fd.Logged {
				continue
			}
			n++
			in += fd.Intake
			ex += fd.Expense
			if !math.IsNaN(fd.Protein) {
				prot += fd.Protein
				np++
			}
			if !math.IsNaN(fd.Carbs) {
				carb += fd.Carbs
				nc++
			}
		}
		if n == 0 {
			continue
		}
		row := htmlFuelRow{Start: start.Format(time.DateOnly), ISO: fmt.Sprintf("%d-W%02d", w.Year, w.Week), Days: n,
			Intake: formatScore(in / float64(n)), Expense: formatScore(ex / float64(n)),
			Balance: signed((in-ex)/float64(n), 0), Short: in < ex,
			ProteinPerKg: "—", CarbsPerKg: "—",
			UnderFueling: formatBandScore(w.UnderFueling), UFBand: bandLabel(w.UnderFuelingBand), UFC: bandClass(w.UnderFuelingBand)}
		if np > 0 {
			row.ProteinPerKg = strconv.FormatFloat(prot/float64(np)/mass, 'f', 1, 64)
		}
		if nc > 0 {
			row.CarbsPerKg = strconv.FormatFloat(carb/float64(nc)/mass, 'f', 1, 64)
		}
		f.Rows = append(f.Rows, row)
	}
	return f
}

// signed formats v with an explicit sign: "+120", "−0.4".
func signed(v float64, prec int) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', prec, 64)
	if math.Abs(v) < 0.5*math.Pow(10, -float64(prec)) {
		return "±" + s
	}
	if v < 0 {
		return "−" + s
	}
	return "+" + s
}

func buildWeek(w report.Week, labels map[string]string, anchor string) htmlWeek {
	start := values.DateOf(w.WeekStart)
	hw := htmlWeek{
		Anchor:            anchor + "-w-" + start.Format(time.DateOnly),
		Start:             start.Format(time.DateOnly),
		End:               start.AddDate(0, 0, 6).Format(time.DateOnly),
		ISO:               fmt.Sprintf("%d-W%02d", w.Year, w.Week),
		Interference:      formatBandScore(w.Interference),
		InterferenceBand:  bandLabel(w.InterferenceBand),
		InterferenceClass: bandClass(w.InterferenceBand),
		UnderFueling:      formatBandScore(w.UnderFueling),
		UnderFuelingBand:  bandLabel(w.UnderFuelingBand),
		UnderFuelingClass: bandClass(w.UnderFuelingBand),
		Red:               bandClass(w.UnderFuelingBand) == "b3",
		Tier:              string(w.Tier),
		Confidence:        string(w.Confidence),
		Runs:              w.Runs,
		RunMinutes:        formatScore(w.RunMinutes),
		Lifts:             w.Lifts,
		RestDays:          w.RestDays,
	}
	if !math.IsNaN(w.WhatIfInterference) && w.Interference >= report.BandModerate {
		hw.WhatIf = htmlWhatIf{Searched: true}
		if len(w.WhatIfChanges) > 0 {
			band := report.InterferenceBand(w.WhatIfInterference)
			hw.WhatIf.Changes = joinChanges(w.WhatIfChanges)
			hw.WhatIf.Score = formatBandScore(w.WhatIfInterference)
			hw.WhatIf.Band, hw.WhatIf.Class = bandLabel(band), bandClass(band)
		}
	}
	used := map[string]int{}
	for i, h := range w.Rules {
		slug := anchorSlug(string(h.Rule))
		used[slug]++
		a := hw.Anchor + "-" + slug
		if used[slug] > 1 {
			a += "-" + strconv.Itoa(used[slug])
		}
		r := htmlRule{
			Rule:   string(h.Rule),
			Score:  string(h.Score),
			Points: formatPoints(h.Points),
			Anchor: a,
			Reason: h.Reason,
			Advice: h.Advice,
		}
		for _, id := range h.Activities {
			r.Activities = append(r.Activities, cmp.Or(labels[id], id))
		}
		if i < topRules {
			hw.Top = append(hw.Top, r)
		} else {
			hw.More = append(hw.More, r)
		}
	}
	return hw
}

// anchorSlug keeps letters, digits and dashes of a rule id.
func anchorSlug(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return cmp.Or(b.String(), "rule")
}

// activityLabels maps activity ids to a short label a person recognizes:
// "Tue 2024-03-05 18:00 run “Morning Run”" (local time; date only for
// lifts logged without a time).
func activityLabels(d *report.Dataset) map[string]string {
	m := make(map[string]string, len(d.Activities))
	for i := range d.Activities {
		a := &d.Activities[i]
		local := report.ActivityLocal(a, d.Params)
		label := local.Format("Mon 2006-01-02 15:04")
		if a.Precision == ingest.PrecisionDate {
			label = local.Format("Mon 2006-01-02")
		}
		label += " " + string(a.Kind)
		if a.Name != "" {
			label += " “" + bidiIsolate(a.Name) + "”"
		}
		m[a.ID] = label
	}
	return m
}

func buildFiles(files []ingest.FileResult) htmlFiles {
	f := htmlFiles{Total: len(files)}
	var failed, skipped []ingest.FileResult
	formats := map[string]*htmlFormat{}
	for _, r := range files {
		name := cmp.Or(r.Format, "unrecognized")
		ft := formats[name]
		if ft == nil {
			ft = &htmlFormat{Format: name}
			formats[name] = ft
		}
		ft.Files++
		switch r.Status {
		case ingest.StatusImported:
			f.Imported++
			ft.Imported++
			ft.Activities += r.Activities
			ft.Records += r.Records
			if r.Reason != "" {
				f.Notes = append(f.Notes, r)
			}
		case ingest.StatusSkipped:
			f.Skipped++
			ft.Skipped++
			skipped = append(skipped, r)
		case ingest.StatusFailed:
			f.Failed++
			ft.Failed++
			failed = append(failed, r)
		}
	}
	byPath := func(x, y ingest.FileResult) int {
		return cmp.Or(strings.Compare(x.Athlete, y.Athlete), strings.Compare(x.Path, y.Path))
	}
	slices.SortStableFunc(failed, byPath)
	slices.SortStableFunc(skipped, byPath)
	slices.SortStableFunc(f.Notes, byPath)
	f.Problems = append(failed, skipped...)
	for _, ft := range formats {
		f.Formats = append(f.Formats, *ft)
	}
	slices.SortFunc(f.Formats, func(a, b htmlFormat) int {
		return cmp.Or(cmp.Compare(b.Files, a.Files), strings.Compare(a.Format, b.Format))
	})
	return f
}

func formatScore(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
}

// formatBandScore is formatScore for an interference or under-fueling
// score: rounded without crossing into the next band (report.RoundScore).
func formatBandScore(v float64) string {
	return formatScore(report.RoundScore(v, 0))
}

func formatPoints(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " pts"
}

// bandClass maps a band name of either score to one of four CSS classes
// (b0 best … b3 worst), or "bx" for an unknown band.
func bandClass(band report.Band) string {
	switch band {
	case report.BandLow, report.BandGreen:
		return "b0"
	case report.BandModerateRisk, report.BandYellow:
		return "b1"
	case report.BandHighRisk, report.BandOrange:
		return "b2"
	case report.BandVeryHighRisk, report.BandRed:
		return "b3"
	}
	return "bx"
}

func bandLabel(band report.Band) string {
	if band == report.BandUnknown {
		return "unknown — log food or weigh yourself"
	}
	return strings.ReplaceAll(string(band), "_", " ")
}

// joinChanges joins what-if changes into one sentence: "Move Tue's run to
// Wed 07:00 and shorten Sat's 72-min run to 30 min".
func joinChanges(cs []string) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString(" and ")
			if r := []rune(c); len(r) > 0 {
				c = strings.ToLower(string(r[0])) + string(r[1:])
			}
		}
		b.WriteString(c)
	}
	return b.String()
}

// staleAfterDays is how long after the end of the latest week in the data
// the report stops calling it "this week".
const staleAfterDays = 7

// dataAge says how long before generated the week starting at weekStart
// ended ("" when it ended within staleAfterDays, or generated is unknown).
func dataAge(weekStart, generated time.Time) string {
	if generated.IsZero() {
		return ""
	}
	end := values.DateOf(weekStart).AddDate(0, 0, 7)
	days := int(values.DateOf(generated.UTC()).Sub(end).Hours() / 24)
	switch {
	case days < staleAfterDays:
		return ""
	case days < 8*7:
		return values.Plural(days/7, "week", "weeks") + " old"
	case days < 2*365:
		return values.Plural(days*12/365, "month", "months") + " old"
	default:
		return values.Plural(days/365, "year", "years") + " old"
	}
}
