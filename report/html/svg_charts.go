package html

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"gainguard/ingest"
	"gainguard/report"
	"gainguard/report/internal/values"
)

// dateLabels puts at most maxXLabels "Jan 2" labels (with the year under
// the first label of each year) below a plot at the given x positions.
func dateLabels(f *svgFig, dates []time.Time, x func(int) float64, y float64) {
	n := len(dates)
	if n == 0 {
		return
	}
	step := (n + maxXLabels - 1) / maxXLabels
	if n > 1 && dates[1].Sub(dates[0]) < 48*time.Hour {
		// Daily data: label whole weeks.
		step = 7 * ((n + 7*maxXLabels - 1) / (7 * maxXLabels))
	}
	lastYear := 0
	for i := 0; i < n; i += step {
		day := dates[i]
		f.text("xlab", x(i), y, "middle", day.Format("Jan 2"))
		if day.Year() != lastYear {
			f.text("xlab", x(i), y+26, "middle", strconv.Itoa(day.Year()))
			lastYear = day.Year()
		}
	}
}

// ---- Run intensity: minutes in HR zones per week ----

// zoneWeek is one week's run minutes by heart-rate zone and runs by class.
type zoneWeek struct {
	Start   time.Time
	Zone    [5]float64 // minutes in Z1..Z5
	NoHR    float64    // minutes of runs without zone data
	Classes [4]int     // liss, tempo, hiit, unknown
}

var runClasses = [4]string{"liss", "tempo", "hiit", "unknown"}

func (z zoneWeek) total() float64 {
	t := z.NoHR
	for _, v := range z.Zone {
		t += v
	}
	return t
}

// zoneWeeks sums the runs of each week by the run's local start date.
func zoneWeeks(weeks []report.Week, ss []session) []zoneWeek {
	out := make([]zoneWeek, len(weeks))
	for i, w := range weeks {
		out[i].Start = values.DateOf(w.WeekStart)
	}
	for k := range ss {
		s := &ss[k]
		if s.Kind != ingest.KindRun {
			continue
		}
		for i := range out {
			if d := dayIndex(s.Wall, out[i].Start); d < 0 || d > 6 {
				continue
			}
			z := &out[i]
			known := 0.0
			for j, v := range s.ZoneS {
				if v > 0 {
					z.Zone[j] += v / 60
					known += v
				}
			}
			if known == 0 {
				z.NoHR += s.minutes()
			}
			c := slices.Index(runClasses[:], s.Class)
			if c < 0 {
				c = 3
			}
			z.Classes[c]++
			break
		}
	}
	return out
}

func buildZoneChart(id, athlete string, zw []zoneWeek) *svgFig {
	box := plotBox{W: 720, H: 290, Left: 54, Right: 12, Top: 26, Bottom: 58}
	f := &svgFig{ID: id, Class: "chart", W: box.W, H: box.H}
	n := len(zw)
	max := 0.0
	for _, z := range zw {
		max = math.Max(max, z.total())
	}
	step := niceStep(math.Max(max, 30), 4)
	top := math.Ceil(math.Max(max, 30)/step) * step
	y := box.yAxis(f, top, step)
	f.text("axis-title", box.Left-6, 12, "end", "min")
	slot := box.plotW() / float64(n)
	bw := math.Min(slot*0.62, 44)
	x := func(i int) float64 { return box.Left + (float64(i)+0.5)*slot }
	dates := make([]time.Time, n)
	for i, z := range zw {
		dates[i] = z.Start
		base := 0.0
		seg := func(class string, v float64, what string) {
			if !(v > 0) {
				return
			}
			f.rect(class, x(i)-bw/2, y(base+v), bw, y(base)-y(base+v),
				fmt.Sprintf("Week of %s: %s %s min", z.Start.Format(time.DateOnly), what, formatScore(v)))
			base += v
		}
		for j, v := range z.Zone {
			seg("z"+strconv.Itoa(j+1), v, "Z"+strconv.Itoa(j+1))
		}
		seg("znohr", z.NoHR, "no heart rate")
	}
	dateLabels(f, dates, x, box.Top+box.plotH()+22)
	if n > 0 {
		f.Desc = fmt.Sprintf("Stacked bars of run minutes per week in heart-rate zones Z1 (bottom) to Z5 (top), "+
			"with minutes of runs without heart rate as a grey dashed block on top, for %s from %s to %s. The table after the chart lists the same minutes.",
			values.Plural(n, "week", "weeks"), zw[0].Start.Format(time.DateOnly), zw[n-1].Start.Format(time.DateOnly))
	}
	f.Title = "Run minutes by heart-rate zone per week for " + bidiIsolate(athlete)
	return f
}

// ---- Fueling: intake vs estimated expenditure per day ----

type fuelDay struct {
	Date              time.Time
	Logged            bool
	Intake            float64 // kcal
	Protein, Carbs    float64 // g; NaN when not logged
	Exercise, Expense float64 // net exercise kcal; resting estimate + exercise
}

// fuelDays returns one entry per calendar day from the athlete's first to
// last food-log day, read from the days table (rows from [DayRows]: the
// score's energy model, so the chart's expenditure is the need UF-B
// uses). missingKcal counts the sessions in that span without an energy
// estimate (counted as 0).
func fuelDays(rows []report.DayRow, athlete string, ss []session) (days []fuelDay, missingKcal int) {
	var mine []report.DayRow
	for _, r := range rows {
		if r.Athlete == athlete {
			mine = append(mine, r)
		}
	}
	first, last := -1, -1
	for i, r := range mine {
		if r.IntakeKcal != nil {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return nil, 0
	}
	val := func(p *float64) float64 {
		if p == nil {
			return math.NaN()
		}
		return *p
	}
	for _, r := range mine[first : last+1] {
		fd := fuelDay{Date: time.Unix(int64(r.LocalDate)*86400, 0).UTC(), Protein: val(r.ProteinG), Carbs: val(r.CarbsG)}
		if k := val(r.IntakeKcal); k > 0 {
			fd.Logged, fd.Intake = true, k
		}
		fd.Exercise = math.Max(0, val(r.ExerciseNetKcal))
		fd.Expense = val(r.EnergyNeedKcal)
		days = append(days, fd)
	}
	from, to := days[0].Date, days[len(days)-1].Date
	for k := range ss {
		s := &ss[k]
		if dd := values.DateOf(s.day()); !dd.Before(from) && !dd.After(to) && math.IsNaN(s.NetKcal) {
			missingKcal++
		}
	}
	return days, missingKcal
}

func nanAdd(a, b float64) float64 {
	if math.IsNaN(a) {
		return b
	}
	return a + b
}

func buildFuelChart(id, athlete string, days []fuelDay) *svgFig {
	box := plotBox{W: 720, H: 290, Left: 66, Right: 12, Top: 26, Bottom: 58}
	f := &svgFig{ID: id, Class: "chart", W: box.W, H: box.H}
	n := len(days)
	max := 0.0
	for _, d := range days {
		if d.Logged {
			max = math.Max(max, d.Intake)
		}
		max = math.Max(max, d.Expense)
	}
	step := niceStep(math.Max(max, 1000), 4)
	top := math.Ceil(math.Max(max, 1000)/step) * step
	y := box.yAxis(f, top, step)
	f.text("axis-title", box.Left-6, 12, "end", "kcal")
	slot := box.plotW() / float64(n)
	bw := math.Max(slot*0.7, 1)
	x := func(i int) float64 { return box.Left + (float64(i)+0.5)*slot }
	dates := make([]time.Time, n)
	xs, ys := []float64{}, []float64{}
	logged := 0
	for i, d := range days {
		dates[i] = d.Date
		if d.Logged {
			logged++
			f.rect("fuel-in", x(i)-bw/2, y(d.Intake), bw, y(0)-y(d.Intake),
				fmt.Sprintf("%s: intake %s kcal, estimated expenditure %s kcal", d.Date.Format("Mon 2006-01-02"), formatScore(d.Intake), formatScore(d.Expense)))
		}
		xs, ys = append(xs, x(i)), append(ys, y(d.Expense))
	}
	f.polyline("fuel-out", xs, ys)
	if n <= 62 {
		for i, d := range days {
			f.rect("fuel-out-m", x(i)-3, y(d.Expense)-3, 6, 6,
				fmt.Sprintf("%s: estimated expenditure %s kcal (exercise %s)", d.Date.Format("Mon 2006-01-02"), formatScore(d.Expense), formatScore(d.Exercise)))
		}
	}
	// Label one date a week at most.
	dateLabels(f, dates, x, box.Top+box.plotH()+22)
	f.Title = "Energy intake and estimated expenditure per day for " + bidiIsolate(athlete)
	f.Desc = fmt.Sprintf("Bars: food-log energy intake on %s of %s from %s to %s. Dashed line with squares: estimated expenditure "+
		"(resting estimate plus the day's net exercise energy). The weekly table after the chart gives the same numbers.",
		values.Plural(logged, "day", "days"), values.Plural(n, "day", "days"), days[0].Date.Format(time.DateOnly), days[n-1].Date.Format(time.DateOnly))
	return f
}

// ---- Body mass ----

type weighIn struct {
	Time       time.Time // UTC
	Wall       time.Time // local wall clock
	Kg, MeanKg float64   // reading and its trailing 7-day mean
}

// weighIns returns the athlete's body-mass readings sorted by time with
// the mean of the readings of the 7 days up to and including each.
func weighIns(body []ingest.BodyMeasurement, athlete string, loc *time.Location) []weighIn {
	var out []weighIn
	if loc == nil {
		loc = time.UTC
	}
	for _, b := range body {
		if b.Athlete != athlete || !(b.MassKg > 0) || b.Time.IsZero() {
			continue
		}
		out = append(out, weighIn{Time: b.Time, Wall: wallClock(b.Time.In(loc)), Kg: b.MassKg})
	}
	slices.SortStableFunc(out, func(a, b weighIn) int { return a.Time.Compare(b.Time) })
	for i := range out {
		sum, k := 0.0, 0
		for j := i; j >= 0 && out[i].Time.Sub(out[j].Time) < 7*24*time.Hour; j-- {
			sum += out[j].Kg
			k++
		}
		out[i].MeanKg = sum / float64(k)
	}
	return out
}

func buildBodyChart(id, athlete string, ws []weighIn) *svgFig {
	box := plotBox{W: 720, H: 270, Left: 54, Right: 12, Top: 26, Bottom: 58}
	f := &svgFig{ID: id, Class: "chart", W: box.W, H: box.H}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, w := range ws {
		lo, hi = math.Min(lo, math.Min(w.Kg, w.MeanKg)), math.Max(hi, math.Max(w.Kg, w.MeanKg))
	}
	step := niceStep(math.Max(hi-lo, 1), 4)
	lo = math.Floor(lo/step)*step - step
	hi = math.Ceil(hi/step)*step + step
	y := func(v float64) float64 { return box.Top + (hi-v)/(hi-lo)*box.plotH() }
	for v := lo; v <= hi+step/1000; v += step {
		f.line("grid", box.Left, y(v), box.Left+box.plotW(), y(v))
		f.text("ylab", box.Left-6, y(v)+5, "end", strconv.FormatFloat(v, 'f', -1, 64))
	}
	f.text("axis-title", box.Left-6, 12, "end", "kg")
	first, last := values.DateOf(ws[0].Wall), values.DateOf(ws[len(ws)-1].Wall)
	spanDays := math.Max(last.Sub(first).Hours()/24+1, 1)
	x := func(t time.Time) float64 { return box.Left + t.Sub(first).Hours()/24/spanDays*box.plotW() }
	var xs, ys []float64
	for _, w := range ws {
		xs, ys = append(xs, x(w.Wall)), append(ys, y(w.MeanKg))
	}
	f.polyline("body-mean", xs, ys)
	for _, w := range ws {
		f.circle("body-pt", x(w.Wall), y(w.Kg), 3.5, fmt.Sprintf("%s: %s kg (7-day mean %s kg)",
			w.Wall.Format("Mon 2006-01-02 15:04"), strconv.FormatFloat(w.Kg, 'f', 1, 64), strconv.FormatFloat(w.MeanKg, 'f', 1, 64)))
	}
	// Date labels at week steps from the first day.
	var dates []time.Time
	for d := first; !d.After(last); d = d.AddDate(0, 0, 7) {
		dates = append(dates, d)
	}
	dateLabels(f, dates, func(i int) float64 { return x(dates[i]) }, box.Top+box.plotH()+22)
	f.Title = "Body mass for " + bidiIsolate(athlete)
	f.Desc = fmt.Sprintf("%s from %s to %s as points, with the trailing 7-day mean as a solid line, between %s and %s kg.",
		values.Plural(len(ws), "weigh-in", "weigh-ins"), first.Format(time.DateOnly), last.Format(time.DateOnly),
		strconv.FormatFloat(lo, 'f', -1, 64), strconv.FormatFloat(hi, 'f', -1, 64))
	return f
}

func kgText(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
