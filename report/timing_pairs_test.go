package report

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"gainguard/metrics"
	"gainguard/samples"
)

// TestTimingColumnsFollowPairGeometry: on the committed sample weeks,
// runs.parquet's timing columns (hours since the last lift, hours to the
// next, same-day order, nearest lift's region) equal what a brute-force
// walk over every lift with metrics.PairGeometry (the rule INT-P and the
// timeline read) gives.
func TestTimingColumnsFollowPairGeometry(t *testing.T) {
	athletes := loadSamples(t, filepath.Join("..", "samples"), samples.Default())
	checked, ordered := 0, 0
	for name, a := range athletes {
		for _, r := range a.runs {
			rs, re := r.Start, r.Start.Add(time.Duration(r.ElapsedS*float64(time.Second)))
			since, to := math.Inf(1), math.Inf(1)
			var prevStart, nextStart time.Time
			prevReg, nextReg := "", ""
			before, after := false, false
			for _, l := range a.lifts {
				g, runFirst, _ := metrics.PairGeometry(rs, re, l.Start, l.End)
				if runFirst {
					if g < to || g == to && l.Start.Before(nextStart) {
						to, nextStart, nextReg = g, l.Start, string(l.Region)
					}
				} else if g < since || g == since && l.Start.After(prevStart) {
					since, prevStart, prevReg = g, l.Start, string(l.Region)
				}
				if l.LocalDate.Format(time.DateOnly) == r.LocalDate.Format(time.DateOnly) {
					before, after = before || !runFirst, after || runFirst
				}
			}
			order := metrics.OrderSeparateDays
			switch {
			case before && after:
				order = metrics.OrderBoth
			case before:
				order = metrics.OrderLiftThenRun
			case after:
				order = metrics.OrderRunThenLift
			}
			nearReg, nearGap := prevReg, since
			if to <= since {
				nearReg, nearGap = nextReg, to
			}
			eq := func(got, want float64) bool {
				return math.IsNaN(got) && math.IsInf(want, 1) || math.Abs(got-want) < 1e-9
			}
			if !eq(r.HoursSinceLift, since) || !eq(r.HoursToLift, to) || !eq(r.NearestLiftGapH, nearGap) ||
				r.SameDayOrder != order || string(r.NearestLiftRegion) != nearReg {
				t.Errorf("%s run %s: since %v to %v gap %v order %s region %s; PairGeometry gives %v %v %v %s %s",
					name, r.ActivityID, r.HoursSinceLift, r.HoursToLift, r.NearestLiftGapH, r.SameDayOrder,
					r.NearestLiftRegion, since, to, nearGap, order, nearReg)
			}
			checked++
			if order != metrics.OrderSeparateDays {
				ordered++
			}
		}
	}
	if checked < 20 || ordered < 5 {
		t.Fatalf("only %d runs (%d with a same-day lift) checked: samples not loaded?", checked, ordered)
	}
	t.Logf("%d runs checked, %d with a same-day lift", checked, ordered)
}
