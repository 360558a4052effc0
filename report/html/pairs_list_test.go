package html

import (
	"math"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/report"
)

// TestTimelineOnePairList: the week of report's TestOnePairList (a run and
// a lift with the same start, a run back to back between two lifts, a run
// whose samples go 20 min past its elapsed time, a ride, a run more than
// 24 h from any lift) through Build: the timeline draws from the list
// Build stored (Dataset.Pairs, the list INT-P scored and the timing
// columns came from), per lift and side the nearest run, with the list's
// gaps.
func TestTimelineOnePairList(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no Europe/Berlin zone:", err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2025, 9, d, h, m, 0, 0, berlin).UTC() }
	nan := math.NaN()
	act := func(id string, kind ingest.Kind, start time.Time, min float64) ingest.Activity {
		a := ingest.Activity{ID: id, Athlete: "bo", Source: id + ".fit", Format: "fit", Kind: kind, Sport: "running",
			Start: start, Precision: ingest.PrecisionExact, ElapsedS: min * 60, TimerS: min * 60, DistanceM: nan,
			Calories: nan, AvgHR: nan, MaxHR: nan}
		if kind == ingest.KindLift {
			a.Sport, a.SubSport = "training", "strength_training"
			a.Sets = []ingest.Set{{Start: start, DurationS: 40, Type: ingest.SetActive, Reps: 5, WeightKg: 100,
				Exercise: "squat", Region: ingest.RegionLower}}
		}
		return a
	}
	wed := act("run-samples", ingest.KindRun, at(17, 7, 0), 30)
	for m := 0; m <= 50; m++ {
		wed.Samples = append(wed.Samples, ingest.NewSample(at(17, 7, m)))
	}
	ride := act("ride", ingest.KindCardio, at(18, 17, 0), 60)
	ride.Sport = "cycling"
	acts := []ingest.Activity{
		act("run-tie", ingest.KindRun, at(15, 7, 0), 60),
		act("lift-tie", ingest.KindLift, at(15, 7, 0), 60),
		act("lift-a", ingest.KindLift, at(16, 6, 0), 60),
		act("run-b2b", ingest.KindRun, at(16, 7, 0), 30),
		act("lift-b", ingest.KindLift, at(16, 7, 30), 60),
		wed,
		act("lift-wed", ingest.KindLift, at(17, 7, 40), 60),
		ride,
		act("lift-thu", ingest.KindLift, at(18, 18, 30), 60),
		act("run-far", ingest.KindRun, at(20, 12, 0), 30),
	}
	ingest.SortActivities(acts)
	b := &ingest.Batch{Activities: acts, Profiles: map[string]ingest.Profile{"bo": {Name: "bo", TimeZone: "Europe/Berlin"}}}
	d := report.Build(b, report.BuildOptions{WeekStart: time.Monday})
	if len(d.Pairs["bo"]) == 0 {
		t.Fatal("Build stored no pairs")
	}
	// The list equals the brute force, the timeline its nearest runs.
	if n, m := checkTimelinePairs(t, "one-pair-week", d, "bo"); n < 8 || m < 6 {
		t.Errorf("%d listed pairs, %d timeline pairs; want at least 8 and 6", n, m)
	}
	// The timeline reads the stored list: without it, it draws nothing.
	byID := map[string]*ingest.Activity{}
	for i := range d.Activities {
		byID[d.Activities[i].ID] = &d.Activities[i]
	}
	ss := athleteSessions(d, "bo", byID)
	tl := sessionPairs(ss, athletePairs(d, "bo"))
	got := map[[2]string]gapPair{}
	for _, gp := range tl {
		got[[2]string{gp.Run.ID, gp.Lift.ID}] = gp
	}
	for _, c := range []struct {
		run, lift string
		gapH      float64
		runFirst  bool
	}{
		{"run-tie", "lift-tie", 0, true},
		{"run-b2b", "lift-a", 0, false},
		{"run-b2b", "lift-b", 0, true},
		{"run-samples", "lift-wed", 1.0 / 6, true}, // start + elapsed, not the last sample
	} {
		gp, ok := got[[2]string{c.run, c.lift}]
		if !ok || math.Abs(gp.GapH-c.gapH) > 1e-9 || gp.RunFirst != c.runFirst {
			t.Errorf("timeline %s–%s: %+v (found %v), want gap %.3f runFirst %v", c.run, c.lift, gp, ok, c.gapH, c.runFirst)
		}
	}
	for id := range got {
		if id[0] == "ride" || id[0] == "run-far" {
			t.Errorf("timeline draws %v (a ride, or a run more than 24 h from any lift)", id)
		}
	}
	saved := d.Pairs
	d.Pairs = nil
	if tl := sessionPairs(ss, athletePairs(d, "bo")); len(tl) != 0 {
		t.Errorf("with no stored list the timeline still draws %d pairs: it does not read Dataset.Pairs", len(tl))
	}
	d.Pairs = saved
}
