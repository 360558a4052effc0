package html

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"gainguard/metrics"
	"gainguard/report"
	"gainguard/report/internal/values"
)

// htmlStrength is the report's strength-progress section of one athlete:
// the main lifts' weekly e1RM over the interference bands, the body-mass
// trend, the training load, and the evidence sentences.
type htmlStrength struct {
	Fig      *svgFig // weekly best e1RM of the main lifts
	Lifts    []htmlLiftKey
	Mass     *svgFig // weekly body-mass trend (7-day EWMA)
	MassText string
	Load     *svgFig // mean daily load per week, acute and chronic EWMA
	LoadText string
	Evidence []string // the main lift's sentences
	More     []string // the other main lifts'
	Trend    string   // the main lift's latest trend, for the headline
	HighWks  int      // high-interference weeks shaded

	EvidenceMin int // EvidenceMinWeeks, for the page's note
}

// htmlLiftKey is one legend entry of the strength chart.
type htmlLiftKey struct {
	Label, Class, Trend string
	PRs                 int
}

// liftClasses are the CSS classes of the main lifts' series, in
// [metrics.MainLifts] order.
var liftClasses = map[string]string{
	metrics.Squat: "lift-sq", metrics.Deadlift: "lift-dl", metrics.BenchPress: "lift-bp", metrics.OverheadPress: "lift-ohp",
}

// buildStrengthView builds the strength section of athlete from d.Progress
// and d.Evidence; nil when the athlete has no progress rows.
func buildStrengthView(d *report.Dataset, athlete, anchor string, weeks []report.Week) *htmlStrength {
	if len(weeks) == 0 {
		return nil
	}
	index := map[int32]int{}
	for k, w := range weeks {
		index[values.EpochDays(w.WeekStart)] = k
	}
	n := len(weeks)
	// Per main lift, the weekly rows; per week, the athlete-week row.
	lifts := map[string][]*report.ProgressWeek{}
	wk := make([]*report.ProgressWeek, n)
	for i := range d.Progress {
		p := &d.Progress[i]
		if p.Athlete != athlete {
			continue
		}
		k, ok := index[values.EpochDays(p.WeekStart)]
		if !ok {
			continue
		}
		if wk[k] == nil {
			wk[k] = p
		}
		if p.MainLift {
			if lifts[p.Exercise] == nil {
				lifts[p.Exercise] = make([]*report.ProgressWeek, n)
			}
			lifts[p.Exercise][k] = p
		}
	}
	if slicesAllNil(wk) {
		return nil
	}
	s := &htmlStrength{EvidenceMin: report.EvidenceMinWeeks}
	mainLift := report.MainLift(d, athlete)
	for _, e := range d.Evidence {
		switch {
		case e.Athlete != athlete:
		case e.Exercise == mainLift:
			s.Evidence = append(s.Evidence, e.Sentence)
		default:
			s.More = append(s.More, e.Sentence)
		}
	}
	x, box := weekAxis(n)
	high := make([]bool, n)
	for k, p := range wk {
		high[k] = p != nil && p.InterferenceGroup == "high"
		if high[k] {
			s.HighWks++
		}
	}

	// e1RM chart, each lift relative to its first weekly e1RM, so that
	// lifts of 70 and 180 kg share one readable scale.
	first := map[string]float64{}
	lo, hi := 0.0, 0.0
	for ex, rows := range lifts {
		for _, p := range rows {
			if p == nil || math.IsNaN(p.E1RMKg) {
				continue
			}
			if _, ok := first[ex]; !ok {
				first[ex] = p.E1RMKg
			}
			v := (p.E1RMKg/first[ex] - 1) * 100
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if len(first) > 0 {
		f := &svgFig{ID: anchor + "-strength", Class: "chart strength", W: box.W, H: box.H}
		shadeHigh(f, box, x, high, weeks)
		y := valueAxis(f, box, lo, hi, "% vs first week")
		rel := func(ex string, v float64) float64 { return (v/first[ex] - 1) * 100 }
		var main string
		for _, ex := range metrics.MainLifts {
			rows := lifts[ex]
			if rows == nil {
				continue
			}
			class, label := liftClasses[ex], metrics.ExerciseLabel(ex)
			key := htmlLiftKey{Label: label, Class: class}
			var xs, ys []float64
			flush := func() {
				f.polyline("sl "+class, xs, ys)
				xs, ys = nil, nil
			}
			for k, p := range rows {
				if p == nil || math.IsNaN(p.E1RMKg) {
					continue
				}
				xs, ys = append(xs, x(k)), append(ys, y(rel(ex, p.E1RMKg)))
			}
			flush()
			var latest *report.ProgressWeek
			for k, p := range rows {
				if p == nil || math.IsNaN(p.E1RMKg) {
					continue
				}
				latest = p
				tip := fmt.Sprintf("%s, week of %s: best e1RM %s kg", label, values.DateOf(weeks[k].WeekStart).Format(time.DateOnly), kgText(p.E1RMKg))
				if !math.IsNaN(p.TrendPct) {
					tip += fmt.Sprintf(", trend %s %%/4 wk", values.SignedPct(p.TrendPct))
				}
				if prs := prText(p); prs != "" {
					key.PRs++
					f.circle("pr "+class, x(k), y(rel(ex, p.E1RMKg)), 7, tip+" — personal record: "+prs)
				} else {
					f.circle("sm "+class, x(k), y(rel(ex, p.E1RMKg)), 3.5, tip)
				}
			}
			if latest != nil && !math.IsNaN(latest.TrendPct) {
				key.Trend = values.SignedPct(latest.TrendPct) + " %/4 wk"
				if ex == mainLift {
					main = label + " " + key.Trend
				}
			}
			s.Lifts = append(s.Lifts, key)
		}
		s.Trend = main
		dateLabels(f, weekDates(weeks), x, box.Top+box.plotH()+22)
		f.Title = "Strength progress for " + athlete
		f.Desc = fmt.Sprintf("Weekly best estimated one-rep max (e1RM) of the main lifts, in %% above or below each lift's first week, over %s from %s; "+
			"grey bands mark the %s of high interference; large circles mark personal records. "+
			"The data is in progress.parquet.", values.Plural(n, "week", "weeks"), values.DateOf(weeks[0].WeekStart).Format(time.DateOnly),
			values.Plural(s.HighWks, "week", "weeks"))
		s.Fig = f
	}

	// Body-mass trend.
	mass := make([]float64, n)
	known := 0
	for k, p := range wk {
		mass[k] = math.NaN()
		if p != nil && !math.IsNaN(p.BodyMassTrendKg) {
			mass[k] = p.BodyMassTrendKg
			known++
		}
	}
	if known > 0 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range mass {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		f := &svgFig{ID: anchor + "-masstrend", Class: "chart masstrend", W: box.W, H: 220}
		mb := box
		mb.H = 220
		shadeHigh(f, mb, x, high, weeks)
		y := valueAxis(f, mb, lo, hi, "kg")
		var xs, ys []float64
		var last *report.ProgressWeek
		for k, v := range mass {
			if math.IsNaN(v) {
				f.polyline("mass-trend", xs, ys)
				xs, ys = nil, nil
				continue
			}
			xs, ys = append(xs, x(k)), append(ys, y(v))
			tip := fmt.Sprintf("Week of %s: body-mass trend %s kg", values.DateOf(weeks[k].WeekStart).Format(time.DateOnly), kgText(v))
			if r := wk[k].BodyMassRatePct; !math.IsNaN(r) {
				tip += fmt.Sprintf(" (%s %%/week)", values.SignedPct(r))
			}
			f.circle("mass-pt", x(k), y(v), 3.5, tip)
			last = wk[k]
		}
		f.polyline("mass-trend", xs, ys)
		dateLabels(f, weekDates(weeks), x, mb.Top+mb.plotH()+22)
		f.Title = "Body-mass trend for " + athlete
		f.Desc = fmt.Sprintf("7-day exponentially weighted body-mass trend at the end of %s of %d, in kg.",
			values.Plural(known, "week", "weeks"), n)
		s.Mass = f
		s.MassText = fmt.Sprintf("Body-mass trend %s kg at the latest weighed week", kgText(last.BodyMassTrendKg))
		if !math.IsNaN(last.BodyMassRatePct) {
			s.MassText += fmt.Sprintf(", %s %%/week", values.SignedPct(last.BodyMassRatePct))
		}
		s.MassText += "."
	}

	// Training load.
	{
		lb := box
		lb.H = 240
		f := &svgFig{ID: anchor + "-load", Class: "chart load", W: box.W, H: lb.H}
		shadeHigh(f, lb, x, high, weeks)
		top := 0.0
		for _, p := range wk {
			if p != nil {
				top = math.Max(top, math.Max(p.WeekLoad/7, math.Max(p.AcuteLoad, p.ChronicLoad)))
			}
		}
		step := niceStep(math.Max(top, 1), 4)
		top = math.Ceil(math.Max(top, 1)/step) * step
		y := lb.yAxis(f, top, step)
		f.text("axis-title", 4, 12, "start", "load a day (AU)")
		bw := lb.plotW() / float64(n) * 0.5
		var ax, ay, cx, cy []float64
		for k, p := range wk {
			if p == nil {
				continue
			}
			day := values.DateOf(weeks[k].WeekStart).Format(time.DateOnly)
			f.rect("load-bar", x(k)-bw/2, y(p.WeekLoad/7), bw, y(0)-y(p.WeekLoad/7),
				fmt.Sprintf("Week of %s: load %.0f (mean %.0f a day)", day, p.WeekLoad, p.WeekLoad/7))
			ax, ay = append(ax, x(k)), append(ay, y(p.AcuteLoad))
			cx, cy = append(cx, x(k)), append(cy, y(p.ChronicLoad))
		}
		f.polyline("load-acute", ax, ay)
		f.polyline("load-chronic", cx, cy)
		dateLabels(f, weekDates(weeks), x, lb.Top+lb.plotH()+22)
		f.Title = "Training load for " + athlete
		f.Desc = "Bars: mean daily training load of each week (run TRIMP, other cardio's TRIMP × modality, lift session-RPE × minutes). " +
			"Solid line: acute 7-day average; dashed line: chronic 42-day average, at each week's end. Descriptive only."
		s.Load = f
		if p := wk[n-1]; p != nil {
			s.LoadText = fmt.Sprintf("Latest week: acute %.0f, chronic %.0f a day", p.AcuteLoad, p.ChronicLoad)
			if !math.IsNaN(p.LoadRatio) {
				s.LoadText += fmt.Sprintf(", ratio %.2f", p.LoadRatio)
			}
			s.LoadText += "."
		}
	}
	return s
}

func slicesAllNil(ps []*report.ProgressWeek) bool {
	for _, p := range ps {
		if p != nil {
			return false
		}
	}
	return true
}

// prText lists a week's records: "e1RM, 5RM".
func prText(p *report.ProgressWeek) string {
	var s string
	add := func(t string) {
		if s != "" {
			s += ", "
		}
		s += t
	}
	if p.PRE1RM {
		add("e1RM")
	}
	for i, n := range metrics.RepRanges {
		if p.PR[i] {
			add(strconv.Itoa(n) + "RM")
		}
	}
	return s
}

// weekAxis returns the x position of week k of n and the plot box of the
// strength charts.
func weekAxis(n int) (func(int) float64, plotBox) {
	box := plotBox{W: 720, H: 300, Left: 54, Right: 12, Top: 26, Bottom: 58}
	return func(k int) float64 { return box.Left + (float64(k)+0.5)*box.plotW()/float64(n) }, box
}

// shadeHigh shades the high-interference weeks behind a weekly chart.
func shadeHigh(f *svgFig, box plotBox, x func(int) float64, high []bool, weeks []report.Week) {
	w := box.plotW() / float64(len(high))
	for k, h := range high {
		if h {
			f.rect("int-high", x(k)-w/2, box.Top, w, box.plotH(),
				"Week of "+values.DateOf(weeks[k].WeekStart).Format(time.DateOnly)+": high interference")
		}
	}
}

// valueAxis draws a y axis with round steps around lo..hi and returns the
// mapping.
func valueAxis(f *svgFig, box plotBox, lo, hi float64, unit string) func(float64) float64 {
	step := niceStep(math.Max(hi-lo, 1), 4)
	lo = math.Floor(lo/step) * step
	hi = math.Ceil(hi/step)*step + step
	y := func(v float64) float64 { return box.Top + (hi-v)/(hi-lo)*box.plotH() }
	for v := lo; v <= hi+step/1000; v += step {
		f.line("grid", box.Left, y(v), box.Left+box.plotW(), y(v))
		f.text("ylab", box.Left-6, y(v)+5, "end", strconv.FormatFloat(v, 'f', -1, 64))
	}
	f.text("axis-title", 4, 12, "start", unit)
	return y
}

func weekDates(weeks []report.Week) []time.Time {
	out := make([]time.Time, len(weeks))
	for k, w := range weeks {
		out[k] = values.DateOf(w.WeekStart)
	}
	return out
}
