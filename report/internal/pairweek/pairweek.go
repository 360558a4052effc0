// Package pairweek holds the one-week fixture of run–lift pairing edge
// cases that both the score's tests (report) and the timeline's tests
// (report/html) check against a brute-force pairing, so that the two
// read the same sessions.
package pairweek

import (
	"math"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
	"gainguard/report/internal/values"
)

// Athlete is the fixture's athlete.
const Athlete = "kim"

// Week returns athlete kim's sessions of the week of 3–9 June 2024 (UTC):
// an overlapping lift starting with a run, back-to-back sessions, a run
// with only moving time, a ride paired with a lift, a date-only lift, a
// lift without end and a run more than 24 h from any lift; and kim's
// parameters.
func Week() (runs, cardio []metrics.Run, lifts []metrics.Lift, p metrics.Params) {
	nan := math.NaN()
	at := func(d, h, m int) time.Time { return time.Date(2024, 6, d, h, m, 0, 0, time.UTC) }
	run := func(id string, start time.Time, el, timer, moving float64) metrics.Run {
		return metrics.Run{ActivityID: id, Athlete: Athlete, Start: start, LocalDate: values.DateOf(start), ElapsedS: el, TimerS: timer, MovingS: moving,
			Class: "liss", TRIMP: nan, AvgHR: nan, MaxHR: nan, DistanceM: nan}
	}
	lift := func(id string, start time.Time, end time.Time, dur float64, prec ingest.Precision) metrics.Lift {
		return metrics.Lift{ActivityID: id, Athlete: Athlete, Start: start, End: end, LocalDate: values.DateOf(start), DurationS: dur,
			Precision: prec, Region: ingest.RegionLower}
	}
	runs = []metrics.Run{
		run("r-same", at(3, 7, 0), 3600, 3500, 3400),   // starts with l-same
		run("r-b2b", at(4, 6, 0), 1800, 0, 0),          // ends at l-b2b's start
		run("r-moving", at(5, 17, 0), 0, 0, 2400),      // moving time only
		run("r-after", at(6, 20, 0), 2700, 2700, 2600), // after l-dateonly
		run("r-far", at(8, 12, 0), 1800, 1800, 1800),   // more than 24 h from any lift
	}
	cardio = []metrics.Run{run("c-ride", at(4, 18, 0), 3600, 3600, 3500)}
	cardio[0].Sport = "cycling"
	lifts = []metrics.Lift{
		lift("l-same", at(3, 7, 0), at(3, 8, 0), 3600, ingest.PrecisionExact),
		lift("l-b2b", at(4, 6, 30), time.Time{}, 3000, ingest.PrecisionExact),
		lift("l-moving", at(5, 17, 30), at(5, 18, 15), 2700, ingest.PrecisionExact),
		lift("l-dateonly", at(6, 12, 0), time.Time{}, 0, ingest.PrecisionDate),
	}
	p = metrics.Params{Athlete: Athlete, Sex: "female", Age: 28, BodyMassKg: 60, Loc: time.UTC}
	return runs, cardio, lifts, p
}
