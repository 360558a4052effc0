package csvlog

import (
	"math"
	"sort"
	"strings"
	"time"

	"gainguard/ingest"
)

// food turns a food log into one DayIntake per date, summing the rows
// (meals) of a date.
func (rd *reader) food(rows []row) []ingest.DayIntake {
	c := rd.cols
	date := c.find("date", "day")
	meal := c.find("meal")
	fields := []struct {
		col  int
		name string
	}{
		{c.find(kcalNames...), "kcal"},
		{c.find(proteinNames...), "protein"},
		{c.find(carbsNames...), "carbs"},
		{c.find(runCarbsNames...), "run carbs"},
	}
	type day struct {
		v    [4]float64
		rows int
	}
	days := map[time.Time]*day{}
	cache := map[string]time.Time{}
rows:
	for _, r := range rows {
		ds := r.get(date)
		if m := strings.ToLower(r.get(meal)); strings.Contains(m, "total") || strings.HasPrefix(strings.ToLower(ds), "total") {
			rd.skip(r.line, "total row (its meals are summed instead)")
			continue
		}
		d, ok := cache[ds]
		if !ok {
			w, ok := parseDateTime(ds)
			if !ok {
				rd.skip(r.line, "unreadable date")
				continue
			}
			d = time.Date(w.t.Year(), w.t.Month(), w.t.Day(), 0, 0, 0, 0, time.UTC)
			cache[ds] = d
		}
		var vals [4]float64
		any := false
		for i, f := range fields {
			v, unit, present, ok := rd.number(r, f.col)
			switch {
			case !present:
				vals[i] = math.NaN()
				continue
			case !ok || v < 0 || v > 100000 || unit != "" && unit != "g" && unit != "kcal" && unit != "cal":
				rd.skip(r.line, "unreadable "+f.name)
				continue rows
			}
			vals[i], any = v, true
		}
		if !any {
			rd.skip(r.line, "no kcal, protein or carbs")
			continue
		}
		dd := days[d]
		if dd == nil {
			dd = &day{v: [4]float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()}}
			days[d] = dd
		}
		dd.rows++
		for i, v := range vals {
			if ingest.Known(v) {
				if ingest.Known(dd.v[i]) {
					dd.v[i] += v
				} else {
					dd.v[i] = v
				}
			}
		}
	}
	out := make([]ingest.DayIntake, 0, len(days))
	summed := 0
	for d, dd := range days {
		if dd.rows > 1 {
			summed++
		}
		out = append(out, ingest.DayIntake{Date: d, Kcal: dd.v[0], ProteinG: dd.v[1], CarbsG: dd.v[2], RunCarbsG: dd.v[3]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	if summed > 0 {
		rd.note("%d days summed from several rows (meals)", summed)
	}
	return out
}
