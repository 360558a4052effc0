package samples

import (
	"bytes"
	"testing"

	"gainguard/ingest/csvlog"
)

// The demo's strength level rises in good weeks and not in bad ones, and
// the food log and weigh-ins cover part of the weeks, short of food in the
// designed weeks.
func TestProgressionAndLogs(t *testing.T) {
	ap := buildPlan(Default().normalize())[0]
	level := 1.0
	for w, wk := range ap.weeks {
		next := level * strengthGain(wk.Design, ap.lowFuel[w])
		switch wk.Design {
		case DesignGood:
			if !(next > level) {
				t.Errorf("week %d (good): level %v → %v, want a gain", w+1, level, next)
			}
		case DesignBad:
			if !(next < level) {
				t.Errorf("week %d (bad): level %v → %v, want a stall", w+1, level, next)
			}
		}
		level = next
	}
	if level != ap.level {
		t.Errorf("final level %v, plan %v", level, ap.level)
	}
	food, weight := renderLogs(ap, Default().normalize().Start)
	fd, err := csvlog.Decode(bytes.NewReader(food))
	if err != nil {
		t.Fatal(err)
	}
	wd, err := csvlog.Decode(bytes.NewReader(weight))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(fd.Intake); n != 7*(12-foodFromWeek) {
		t.Errorf("%d food-log days, want %d", n, 7*(12-foodFromWeek))
	}
	if n := len(wd.Body); n != 6*(12-weightFromWeek) {
		t.Errorf("%d weigh-ins, want %d", n, 6*(12-weightFromWeek))
	}
	var lowKcal, okKcal float64
	var lowN, okN int
	for _, d := range fd.Intake {
		w := int(d.Date.Sub(Default().Start).Hours() / 24 / 7)
		if ap.lowFuel[w] {
			lowKcal += d.Kcal
			lowN++
		} else {
			okKcal += d.Kcal
			okN++
		}
	}
	if lowN == 0 || okN == 0 || !(lowKcal/float64(lowN) < 0.8*okKcal/float64(okN)) {
		t.Errorf("short weeks eat %v kcal/day over %d days, the others %v over %d", lowKcal/float64(lowN), lowN, okKcal/float64(okN), okN)
	}
}
