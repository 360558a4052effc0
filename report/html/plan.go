package html

import (
	"io"
	"time"

	"gainguard/metrics"
	"gainguard/report"
)

// WritePlan writes the report page of a scored planned week: the
// report's week view, scores, reasons and what-if for that one week.
func WritePlan(w io.Writer, ps report.PlanScore, version string, generated time.Time) error {
	d := &report.Dataset{
		Activities: ps.Activities,
		Runs:       ps.Runs,
		Lifts:      ps.Lifts,
		Cardio:     ps.Cardio,
		Weeks:      []report.Week{ps.Week},
		Params:     map[string]metrics.Params{ps.Params.Athlete: ps.Params},
		Version:    version,
		Generated:  generated,
	}
	return Write(w, d)
}
