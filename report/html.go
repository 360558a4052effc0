package report

import (
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gainguard/ingest"
)

// The report is one html/template, embedded in the binary. Everything it
// shows comes from a view model built here (htmlPage), with numbers
// already formatted and the chart's geometry computed in Go, so the
// template only places strings and html/template escapes each of them
// for its context. No value is ever marked as trusted HTML.
//
//go:embed templates/report.html.tmpl
var reportTemplateText string

var reportTemplate = template.Must(template.New("report").Parse(reportTemplateText))

// topRules is how many rule hits a week's row shows before "more".
const topRules = 3

// WriteHTML writes the self-contained HTML report of d to w.
func WriteHTML(w io.Writer, d *Dataset) error {
	return reportTemplate.Execute(w, buildPage(d))
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
	From, To  string
	Summary   string // "3 activities: 2 runs, 1 lift · 2 weeks scored"
	Chart     *svgChart
	Weeks     []htmlWeek
}

type htmlWeek struct {
	Start, End, ISO   string
	Interference      string
	InterferenceBand  string
	InterferenceClass string
	UnderFueling      string
	UnderFuelingBand  string
	UnderFuelingClass string
	Tier, Confidence  string
	Runs              int
	RunMinutes        string
	Lifts             int
	RestDays          int
	Top, More         []htmlRule
}

type htmlRule struct {
	Rule, Score, Points string
	Reason, Advice      string
	Activities          []string
}

type htmlFiles struct {
	Total, Imported, Skipped, Failed int
	Problems                         []ingest.FileResult // failed first, then skipped
}

// svgChart is the geometry of one athlete's score chart; every number is
// pre-formatted so the output is stable across platforms.
type svgChart struct {
	ID            string
	Title, Desc   string
	Width, Height int
	PlotX, PlotW  string // plot area left edge and width
	PlotX2        string // plot area right edge
	LabelX        string // right edge of the y-axis labels
	XLabelY       string // baseline of the week labels
	YearY         string // baseline of the year labels under them
	Bands         []svgBand
	Grid          []svgGrid
	XLabels       []svgLabel
	Series        []svgSeries
}

type svgBand struct{ Y, H, Class string }

type svgGrid struct{ Y, TextY, Label string }

type svgLabel struct {
	X, Text, Year string
}

type svgSeries struct {
	Name, Class string
	Lines       []string // polyline "points" attributes, one per run of known values
	Points      []svgPoint
}

type svgPoint struct{ X, Y, Label string }

// Chart layout, in SVG user units.
const (
	chartW      = 600
	chartH      = 300
	chartLeft   = 40.0
	chartRight  = 12.0
	chartTop    = 12.0
	chartBottom = 50.0
	maxXLabels  = 8
)

func buildPage(d *Dataset) htmlPage {
	p := htmlPage{
		Version:   cmp.Or(d.Version, "unknown"),
		Generated: d.Generated.UTC().Format("2006-01-02 15:04 UTC"),
	}
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
	p.Multi = len(p.Athletes) > 1

	labels := activityLabels(d)
	var from, to time.Time
	for i, athlete := range p.Athletes {
		s := buildAthlete(d, athlete, i, labels)
		p.Sections = append(p.Sections, s.htmlAthlete)
		if !s.from.IsZero() && (from.IsZero() || s.from.Before(from)) {
			from = s.from
		}
		if s.to.After(to) {
			to = s.to
		}
	}
	if !from.IsZero() {
		p.From, p.To = from.Format(time.DateOnly), to.Format(time.DateOnly)
	}
	p.Title = "gainguard report"
	if len(p.Athletes) > 0 {
		p.Title += " — " + strings.Join(p.Athletes, ", ")
	}
	p.Files = buildFiles(d.Files)
	return p
}

type athleteSection struct {
	htmlAthlete
	from, to time.Time // date range, as calendar dates in UTC
}

func buildAthlete(d *Dataset, athlete string, index int, labels map[string]string) athleteSection {
	s := athleteSection{htmlAthlete: htmlAthlete{Name: athlete, Anchor: "athlete-" + strconv.Itoa(index+1)}}

	var weeks []Week
	for _, w := range d.Weeks {
		if w.Athlete == athlete {
			weeks = append(weeks, w)
		}
	}
	slices.SortStableFunc(weeks, func(x, y Week) int { return cmp.Compare(epochDays(x.WeekStart), epochDays(y.WeekStart)) })

	defaults := d.Params[athlete].Defaults
	if _, ok := d.Params[athlete]; !ok && len(weeks) > 0 {
		defaults = weeks[0].Defaults
	}
	for _, def := range defaults {
		if def == NoProfile {
			s.NoProfile = true
			continue
		}
		s.Defaults = append(s.Defaults, def)
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
		day := dateOf(activityLocal(a, d.Params))
		if s.from.IsZero() || day.Before(s.from) {
			s.from = day
		}
		if day.After(s.to) {
			s.to = day
		}
	}
	for _, w := range weeks {
		start := dateOf(w.WeekStart)
		end := start.AddDate(0, 0, 6)
		if s.from.IsZero() || start.Before(s.from) {
			s.from = start
		}
		if end.After(s.to) {
			s.to = end
		}
		s.Weeks = append(s.Weeks, buildWeek(w, labels))
	}
	if !s.from.IsZero() {
		s.From, s.To = s.from.Format(time.DateOnly), s.to.Format(time.DateOnly)
	}
	s.Summary = fmt.Sprintf("%s: %s, %s · %s scored", plural(nActs, "activity", "activities"),
		plural(nRuns, "run", "runs"), plural(nLifts, "lift", "lifts"), plural(len(weeks), "week", "weeks"))
	if len(weeks) > 0 {
		s.Chart = buildChart(athlete, index, weeks)
	}
	return s
}

func buildWeek(w Week, labels map[string]string) htmlWeek {
	start := dateOf(w.WeekStart)
	hw := htmlWeek{
		Start:             start.Format(time.DateOnly),
		End:               start.AddDate(0, 0, 6).Format(time.DateOnly),
		ISO:               fmt.Sprintf("%d-W%02d", w.Year, w.Week),
		Interference:      formatScore(w.Interference),
		InterferenceBand:  bandLabel(w.InterferenceBand),
		InterferenceClass: bandClass(w.InterferenceBand),
		UnderFueling:      formatScore(w.UnderFueling),
		UnderFuelingBand:  bandLabel(w.UnderFuelingBand),
		UnderFuelingClass: bandClass(w.UnderFuelingBand),
		Tier:              w.Tier,
		Confidence:        w.Confidence,
		Runs:              w.Runs,
		RunMinutes:        formatScore(w.RunMinutes),
		Lifts:             w.Lifts,
		RestDays:          w.RestDays,
	}
	for i, h := range w.Rules {
		r := htmlRule{
			Rule:   h.Rule,
			Score:  h.Score,
			Points: formatPoints(h.Points),
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

// activityLabels maps activity ids to a short label a person recognizes:
// "2024-03-05 run “Morning Run”".
func activityLabels(d *Dataset) map[string]string {
	m := make(map[string]string, len(d.Activities))
	for i := range d.Activities {
		a := &d.Activities[i]
		label := activityLocal(a, d.Params).Format(time.DateOnly) + " " + string(a.Kind)
		if a.Name != "" {
			label += " “" + a.Name + "”"
		}
		m[a.ID] = label
	}
	return m
}

func buildFiles(files []ingest.FileResult) htmlFiles {
	f := htmlFiles{Total: len(files)}
	var failed, skipped []ingest.FileResult
	for _, r := range files {
		switch r.Status {
		case ingest.StatusImported:
			f.Imported++
		case ingest.StatusSkipped:
			f.Skipped++
			skipped = append(skipped, r)
		case ingest.StatusFailed:
			f.Failed++
			failed = append(failed, r)
		}
	}
	byPath := func(x, y ingest.FileResult) int {
		return cmp.Or(strings.Compare(x.Athlete, y.Athlete), strings.Compare(x.Path, y.Path))
	}
	slices.SortStableFunc(failed, byPath)
	slices.SortStableFunc(skipped, byPath)
	f.Problems = append(failed, skipped...)
	return f
}

func buildChart(athlete string, index int, weeks []Week) *svgChart {
	n := len(weeks)
	plotW := chartW - chartLeft - chartRight
	plotH := chartH - chartTop - chartBottom
	x := func(i int) float64 { return chartLeft + (float64(i)+0.5)*plotW/float64(n) }
	y := func(v float64) float64 { return chartTop + (100-math.Max(0, math.Min(100, v)))/100*plotH }
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

	first, last := dateOf(weeks[0].WeekStart), dateOf(weeks[n-1].WeekStart)
	c := &svgChart{
		ID:      "chart-" + strconv.Itoa(index+1),
		Title:   "Weekly scores for " + athlete,
		Width:   chartW,
		Height:  chartH,
		PlotX:   f(chartLeft),
		PlotW:   f(plotW),
		PlotX2:  f(chartLeft + plotW),
		LabelX:  f(chartLeft - 6),
		XLabelY: f(chartTop + plotH + 20),
		YearY:   f(chartTop + plotH + 38),
	}
	c.Desc = fmt.Sprintf("Interference and under-fueling scores, 0 to 100, for %s from %s to %s. "+
		"Shaded bands mark 0–25, 25–50, 50–75 and 75–100. The table below lists the same values.",
		plural(n, "week", "weeks"), first.Format(time.DateOnly), last.Format(time.DateOnly))
	for b := range 4 {
		lo, hi := float64(25*b), float64(25*(b+1))
		c.Bands = append(c.Bands, svgBand{Y: f(y(hi)), H: f(y(lo) - y(hi)), Class: "b" + strconv.Itoa(b)})
	}
	for v := 0; v <= 100; v += 25 {
		c.Grid = append(c.Grid, svgGrid{Y: f(y(float64(v))), TextY: f(y(float64(v)) + 5), Label: strconv.Itoa(v)})
	}
	step := (n + maxXLabels - 1) / maxXLabels
	lastYear := 0
	for i := 0; i < n; i += step {
		day := dateOf(weeks[i].WeekStart)
		l := svgLabel{X: f(x(i)), Text: day.Format("Jan 2")}
		if day.Year() != lastYear {
			l.Year = strconv.Itoa(day.Year())
			lastYear = day.Year()
		}
		c.XLabels = append(c.XLabels, l)
	}
	series := []struct {
		name, class string
		value       func(Week) (float64, string)
	}{
		{"Interference", "s-int", func(w Week) (float64, string) { return w.Interference, w.InterferenceBand }},
		{"Under-fueling", "s-uf", func(w Week) (float64, string) { return w.UnderFueling, w.UnderFuelingBand }},
	}
	for _, sd := range series {
		s := svgSeries{Name: sd.name, Class: sd.class}
		var line []string
		flush := func() {
			if len(line) > 1 {
				s.Lines = append(s.Lines, strings.Join(line, " "))
			}
			line = nil
		}
		for i, w := range weeks {
			v, band := sd.value(w)
			if math.IsNaN(v) {
				flush()
				continue
			}
			px, py := f(x(i)), f(y(v))
			line = append(line, px+","+py)
			label := fmt.Sprintf("Week of %s: %s %s", dateOf(w.WeekStart).Format(time.DateOnly), strings.ToLower(sd.name), formatScore(v))
			if band != "" {
				label += " (" + bandLabel(band) + ")"
			}
			s.Points = append(s.Points, svgPoint{X: px, Y: py, Label: label})
		}
		flush()
		c.Series = append(c.Series, s)
	}
	return c
}

// dateOf returns t's calendar date (in t's own location) as midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func formatScore(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
}

func formatPoints(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " pts"
}

// bandClass maps a band name of either score to one of four CSS classes
// (b0 best … b3 worst), or "bx" for an unknown band.
func bandClass(band string) string {
	switch band {
	case "low", "green":
		return "b0"
	case "moderate", "yellow":
		return "b1"
	case "high", "orange":
		return "b2"
	case "very_high", "red":
		return "b3"
	}
	return "bx"
}

func bandLabel(band string) string {
	return strings.ReplaceAll(band, "_", " ")
}

// plural returns "1 run", "2 runs".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
