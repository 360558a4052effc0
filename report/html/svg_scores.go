package html

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gainguard/report"
	"gainguard/report/internal/values"
)

// svgChart is the geometry of one athlete's weekly score chart; every
// number is pre-formatted so the output is stable across platforms.
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

// Score chart layout, in SVG user units. The chart is drawn 100 % wide;
// the viewBox keeps its proportions.
const (
	chartW      = 720
	chartH      = 320
	chartLeft   = 54.0
	chartRight  = 12.0
	chartTop    = 12.0
	chartBottom = 58.0
	maxXLabels  = 6
)

func buildChart(athlete string, index int, weeks []report.Week) *svgChart {
	n := len(weeks)
	plotW := chartW - chartLeft - chartRight
	plotH := chartH - chartTop - chartBottom
	x := func(i int) float64 { return chartLeft + (float64(i)+0.5)*plotW/float64(n) }
	y := func(v float64) float64 { return chartTop + (100-math.Max(0, math.Min(100, v)))/100*plotH }
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

	first, last := values.DateOf(weeks[0].WeekStart), values.DateOf(weeks[n-1].WeekStart)
	c := &svgChart{
		ID:      "chart-" + strconv.Itoa(index+1),
		Title:   "Weekly scores for " + bidiIsolate(athlete),
		Width:   chartW,
		Height:  chartH,
		PlotX:   f(chartLeft),
		PlotW:   f(plotW),
		PlotX2:  f(chartLeft + plotW),
		LabelX:  f(chartLeft - 6),
		XLabelY: f(chartTop + plotH + 22),
		YearY:   f(chartTop + plotH + 48),
	}
	c.Desc = fmt.Sprintf("Interference (solid line, circles) and under-fueling (dashed line, squares) scores, 0 to 100, for %s from %s to %s. "+
		"Shaded bands mark 0–25, 25–50, 50–75 and 75–100. The weeks table lists the same values.",
		values.Plural(n, "week", "weeks"), first.Format(time.DateOnly), last.Format(time.DateOnly))
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
		day := values.DateOf(weeks[i].WeekStart)
		l := svgLabel{X: f(x(i)), Text: day.Format("Jan 2")}
		if day.Year() != lastYear {
			l.Year = strconv.Itoa(day.Year())
			lastYear = day.Year()
		}
		c.XLabels = append(c.XLabels, l)
	}
	series := []struct {
		name, class string
		value       func(report.Week) (float64, report.Band)
	}{
		{"Interference", "s-int", func(w report.Week) (float64, report.Band) { return w.Interference, w.InterferenceBand }},
		{"Under-fueling", "s-uf", func(w report.Week) (float64, report.Band) { return w.UnderFueling, w.UnderFuelingBand }},
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
			label := fmt.Sprintf("Week of %s: %s %s", values.DateOf(w.WeekStart).Format(time.DateOnly), strings.ToLower(sd.name), formatBandScore(v))
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
