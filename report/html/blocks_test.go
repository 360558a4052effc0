package html

import (
	"math"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
	"gainguard/report"
)

// testLoc is the zone of the sparse history's sessions.
var testLoc = time.FixedZone("T+1", 3600)

// sparseHistory is a 2026 training block of 8 weeks plus one old run,
// years before (as when one 2012 file sits in a 2026 folder); the same
// sessions as report's TestScoreSparseHistory.
func sparseHistory(old time.Time) ([]metrics.Run, []metrics.Lift) {
	run := func(start time.Time, min float64) metrics.Run {
		return metrics.Run{
			ActivityID: "r", Athlete: "tess", Start: start.UTC(),
			ElapsedS: min * 60, TimerS: min * 60, MovingS: min * 60,
			DistanceM: min * 170, AvgHR: math.NaN(), MaxHR: math.NaN(),
			TRIMP: math.NaN(), HRTSS: math.NaN(), HRSource: "none", Class: "unknown",
			NetKcal:        min * 11,
			HoursSinceLift: math.NaN(), HoursToLift: math.NaN(), NearestLiftGapH: math.NaN(),
		}
	}
	runs := []metrics.Run{run(old, 40)}
	runs[0].ActivityID = "old"
	var lifts []metrics.Lift
	start := time.Date(2026, 1, 5, 7, 0, 0, 0, testLoc)
	for w := range 8 {
		runs = append(runs, run(start.AddDate(0, 0, 7*w), 45))
		ls := start.AddDate(0, 0, 7*w+2)
		lifts = append(lifts, metrics.Lift{
			ActivityID: "l", Athlete: "tess", Name: "legs", Start: ls.UTC(),
			End: ls.Add(60 * time.Minute).UTC(), DurationS: 60 * 60,
			Precision: ingest.PrecisionExact, Region: "lower", NetKcal: 60 * 4,
		})
	}
	return runs, lifts
}

// TestHTMLSparseHistory: the chart draws the latest block and the report
// lists the earlier one; the headline does not call months-old data "this
// week", and does for data of the current week.
func TestHTMLSparseHistory(t *testing.T) {
	p := metrics.Params{Athlete: "tess", Sex: "male", TrainingStatus: "trained", Goal: "hypertrophy", Phase: "maintain",
		BodyMassKg: 80, BodyFatPct: 15, Loc: testLoc}
	runs, lifts := sparseHistory(time.Date(2012, 6, 6, 7, 0, 0, 0, testLoc))
	weeks := report.Score(runs, lifts, p, report.DefaultScoreOptions())
	for i := range weeks {
		weeks[i].Athlete = "tess"
	}
	d := &report.Dataset{Weeks: weeks, Runs: runs, Lifts: lifts, Params: map[string]metrics.Params{"tess": p}}
	for _, tc := range []struct {
		generated time.Time
		heading   string
	}{
		{time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), "This week: 2026-02-23 to 2026-03-01"},
		{time.Date(2026, 8, 20, 12, 0, 0, 0, time.UTC), "Latest week in the data: 2026-02-23 to 2026-03-01 (2026-W09, 5 months old: no activity since)"},
	} {
		d.Generated = tc.generated
		page := buildPage(d)
		s := page.Sections[0]
		if n := len(s.Chart.Series[0].Points); n != 8 {
			t.Errorf("the chart draws %d weeks, want the latest block's 8", n)
		}
		if len(s.Earlier) != 1 || !strings.HasPrefix(s.Earlier[0], "2012-06-04 to 2012-06-10: 1 week, 1 run, 0 lifts") {
			t.Errorf("earlier blocks %q", s.Earlier)
		}
		html := renderHTML(t, d)
		if !strings.Contains(html, tc.heading) {
			t.Errorf("generated %s: the headline lacks %q", tc.generated.Format(time.DateOnly), tc.heading)
		}
	}
}
