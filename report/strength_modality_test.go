package report

import (
	"math"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// The training-load series weights other cardio by the scoring model's
// modality factors (tuning modality_*, ModalityOf with the sub-sport), not
// by a table of its own: one swim, one indoor ride logged as fitness
// equipment, and the same swim with modality_swimming tuned.
func TestLoadUsesScoringModality(t *testing.T) {
	tuned := DefaultTuning()
	tuned.ModalitySwimming = 0.2
	for _, c := range []struct {
		sport, sub string
		tuning     Tuning
		want       float64 // 60 min without HR: 0.84/min × m
	}{
		{"swimming", "", DefaultTuning(), 0.84 * 60 * 0.5},
		{"fitness_equipment", "indoor_cycling", DefaultTuning(), 0.84 * 60 * 0.7},
		{"walking", "", DefaultTuning(), 0.84 * 60 * 0.3},
		{"swimming", "", tuned, 0.84 * 60 * 0.2},
	} {
		a := ingest.Activity{ID: "c", Athlete: "al", Kind: ingest.KindCardio, Sport: c.sport, SubSport: c.sub,
			Start: time.Date(2026, 3, 4, 18, 0, 0, 0, time.UTC), ElapsedS: 3600, TimerS: 3600,
			AvgHR: math.NaN(), MaxHR: math.NaN(), Calories: math.NaN()}
		p := metrics.DefaultParams()
		p.Athlete, p.Loc = "al", time.UTC
		r := buildStrength([]ingest.Activity{a}, nil, nil, sWeeks(1, func(int) string { return "low" }), nil, p, c.tuning)
		if len(r.progress) != 1 || math.Abs(r.progress[0].WeekLoad-c.want) > 1e-9 {
			t.Errorf("%s/%s (swimming m %.1f): progress %+v, want one row with week load %.2f",
				c.sport, c.sub, c.tuning.ModalitySwimming, r.progress, c.want)
		}
	}
}
