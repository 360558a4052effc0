package report

import (
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// sinceFilter drops what lies more than [SinceHistoryDays] before the
// local date of since (in loc) and returns the local midnight starting the
// week that holds since (weeks start on start).
func sinceFilter(acts []ingest.Activity, intake []DayIntake, weighIns []WeighIn, since time.Time,
	start time.Weekday, loc *time.Location) ([]ingest.Activity, []DayIntake, []WeighIn, time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := since.Date()
	day0 := time.Date(y, m, d, 0, 0, 0, 0, loc)
	cut := day0.AddDate(0, 0, -SinceHistoryDays)
	week := day0.AddDate(0, 0, -((int(day0.Weekday()) - int(start) + 7) % 7))

	keptActs := acts[:0:0]
	for _, a := range acts {
		if !a.Start.Before(cut) {
			keptActs = append(keptActs, a)
		}
	}
	var keptIntake []DayIntake
	for _, in := range intake {
		// Intake dates are calendar dates: compare them as such.
		iy, im, id := in.Date.Date()
		if !time.Date(iy, im, id, 0, 0, 0, 0, loc).Before(cut) {
			keptIntake = append(keptIntake, in)
		}
	}
	var keptWeighIns []WeighIn
	for _, w := range weighIns {
		if !w.Time.Before(cut) {
			keptWeighIns = append(keptWeighIns, w)
		}
	}
	return keptActs, keptIntake, keptWeighIns, week
}

// sinceOutputs drops the runs, lifts and weeks that start before week.
func sinceOutputs(runs []metrics.Run, lifts []metrics.Lift, weeks []Week, week time.Time) ([]metrics.Run, []metrics.Lift, []Week) {
	var r []metrics.Run
	for _, x := range runs {
		if !x.Start.Before(week) {
			r = append(r, x)
		}
	}
	var l []metrics.Lift
	for _, x := range lifts {
		if !x.Start.Before(week) {
			l = append(l, x)
		}
	}
	var w []Week
	for _, x := range weeks {
		wy, wm, wd := x.WeekStart.Date()
		if !time.Date(wy, wm, wd, 0, 0, 0, 0, week.Location()).Before(week) {
			w = append(w, x)
		}
	}
	return r, l, w
}
