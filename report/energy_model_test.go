package report

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
)

// TestEnergyModelOnce: the days table, the fuelling chart and UF-B read one
// energy model. With a ride and a weigh-in that changes mass mid-week, the
// score's logged deficit equals the mean of the days table's need − intake
// over the logged days, and the ride's energy is in both (that the chart's
// expenditure is the table's need is report/html's TestHTMLNoFoodLog).
func TestEnergyModelOnce(t *testing.T) {
	ride := ingest.Activity{ID: "ride", Athlete: bAthlete, Source: "ride.fit", Format: "fit", Kind: ingest.KindCardio,
		Sport: "cycling", Start: bWhen(18, 17, 0).UTC(), Precision: ingest.PrecisionExact, ElapsedS: 3600, TimerS: 3600,
		DistanceM: math.NaN(), Calories: math.NaN(), AvgHR: math.NaN(), MaxHR: math.NaN()}
	acts := append(anchorBActs(), ride)
	b := bBatch(bProfile(), cloneActs(acts))
	for d := 15; d <= 21; d++ {
		b.Intake = append(b.Intake, ingest.DayIntake{Athlete: bAthlete, Source: "food.csv", Date: time.Date(2025, 9, d, 0, 0, 0, 0, time.UTC),
			Kcal: 2600 + 50*float64(d-15), ProteinG: 150, CarbsG: 400, RunCarbsG: math.NaN()})
	}
	b.Body = []ingest.BodyMeasurement{
		{Athlete: bAthlete, Source: "scale.csv", Time: bWhen(17, 7, 0).UTC(), MassKg: 78, FatPct: 14},
	}
	ds := build(t, b)
	w := refWeek(t, ds)
	rows := DayRows(ds)
	var sum float64
	n := 0
	rideDay := false
	for _, r := range rows {
		if r.Athlete != bAthlete || r.IntakeKcal == nil || r.LocalDate < int32(dayOf(bWhen(15, 0, 0))) || r.LocalDate > int32(dayOf(bWhen(21, 0, 0))) {
			continue
		}
		sum += *r.EnergyNeedKcal - *r.IntakeKcal
		n++
		if r.Weekday == "Thu" {
			rideDay = *r.ExerciseNetKcal > 0 && !r.RestDay && *r.TrainingMinutes == 60
		}
	}
	if n != 7 || !rideDay {
		t.Fatalf("%d logged days in the week, ride day counted %v", n, rideDay)
	}
	want := deficitText(sum / float64(n))
	bHits := rulesOf(w, RuleUFDeficit)
	reason := w.Rules[0].Reason
	if len(bHits) > 0 {
		reason = bHits[0].Reason
	}
	if !strings.Contains(reason, want) {
		t.Errorf("UF-B reason %q does not show the days table's %q", reason, want)
	}
	t.Log(fmt.Sprintf("week deficit %s; B = %.2f", want, w.Deficit))
}

// TestEnergyTuningKeys: the tuning keys of the energy model change the
// days table's need (and so the score): non_exercise_pal and
// default_body_mass_kg.
func TestEnergyTuningKeys(t *testing.T) {
	p := bProfile()
	p.BodyMassKg, p.BodyFatPct = 0, 0 // default mass
	need := func(tuning map[string]float64) float64 {
		p.Tuning = tuning
		b := bBatch(p, cloneActs(anchorBActs()))
		ds := build(t, b)
		return *DayRows(ds)[0].EnergyNeedKcal
	}
	base := need(nil)
	for k, v := range map[string]float64{"non_exercise_pal": 1.6, "default_body_mass_kg": 90} {
		if got := need(map[string]float64{k: v}); !(got > base) {
			t.Errorf("%s = %v: need %v, not above the default's %v", k, v, got, base)
		}
	}
}
