package report

import (
	"math"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// onePairWeek is bo's reference week with every edge the pairing rule
// has: a run and a lift starting at the same instant (overlap, a tie on
// the start), a run back to back between two lifts (gap 0 on both sides,
// a tie on the gap), a run whose samples go on 20 min past its elapsed
// time (its end is start + elapsed), a ride before a lift (cardio), a run
// more than 24 h from every lift, and the next Monday's lift.
func onePairWeek() []ingest.Activity {
	wed := bRun("run-samples", bWhen(17, 7, 0), 30)
	for m := 0; m <= 50; m++ {
		wed.Samples = append(wed.Samples, ingest.NewSample(bWhen(17, 7, m).UTC()))
	}
	ride := bRun("ride", bWhen(18, 17, 0), 60)
	ride.Kind, ride.Sport = ingest.KindCardio, "cycling"
	return []ingest.Activity{
		bRun("run-tie", bWhen(15, 7, 0), 60),
		bLift("lift-tie", bWhen(15, 7, 0), 60, "squat"),
		bLift("lift-a", bWhen(16, 6, 0), 60, "squat"),
		bRun("run-b2b", bWhen(16, 7, 0), 30),
		bLift("lift-b", bWhen(16, 7, 30), 60, "deadlift"),
		wed,
		bLift("lift-wed", bWhen(17, 7, 40), 60, "squat"),
		ride,
		bLift("lift-thu", bWhen(18, 18, 30), 60, "squat"),
		bRun("run-far", bWhen(20, 12, 0), 30),
		bLift("lift-next", bWhen(22, 18, 0), 60, "squat"),
	}
}

// pairID names a pair of the list by its sessions.
type pairID struct{ run, lift string }

// TestOnePairList: Build computes the run–lift pairs once
// (metrics.AnalyzeSessions) and stores them in the Dataset; INT-P scores
// exactly that list (the timeline draws from it: report/html's
// TestTimelineOnePairList), and runs.parquet's timing columns (hours since and to a lift,
// nearest lift, same-day order) agree with it. The list itself equals a
// brute-force PairGeometry pass over every session × lift on RunSpan /
// LiftSpan.
func TestOnePairList(t *testing.T) {
	d := build(t, bBatch(bProfile(), onePairWeek()))
	list := d.Pairs[bAthlete]
	got := checkStoredList(t, d)
	sessions := append(append([]metrics.Run{}, d.Runs...), d.Cardio...)

	// The edges of the week, as the list holds them.
	for _, c := range []struct {
		run, lift         string
		gapH              float64
		runFirst, overlap bool
	}{
		{"run-tie", "lift-tie", 0, true, true},            // same start: run first (the riskier order)
		{"run-b2b", "lift-a", 0, false, false},            // back to back after lift-a
		{"run-b2b", "lift-b", 0, true, false},             // back to back before lift-b
		{"run-samples", "lift-wed", 1.0 / 6, true, false}, // ends at start + 30 min, not at its last sample (07:50)
		{"ride", "lift-thu", 0.5, true, false},
	} {
		p, ok := got[pairID{c.run, c.lift}]
		if !ok || math.Abs(p.GapH-c.gapH) > 1e-9 || p.RunFirst != c.runFirst || p.Overlap != c.overlap {
			t.Errorf("%s–%s: %+v (found %v), want gap %.3f runFirst %v overlap %v", c.run, c.lift, p, ok, c.gapH, c.runFirst, c.overlap)
		}
	}
	for id := range got {
		if id.run == "run-far" {
			t.Errorf("run-far is more than 24 h from every lift, but the list pairs it with %s", id.lift)
		}
	}

	// The timing columns read the same list: under 24 h, hours since and to
	// a lift are the smallest gap of the run's pairs on that side, and the
	// previous / next lift is that pair's lift; with no pair on a side the
	// column is NaN or at least 24 h.
	for _, r := range sessions {
		since, to := math.Inf(1), math.Inf(1)
		prev, next := "", ""
		for _, p := range list {
			if p.Run.ID != r.ActivityID {
				continue
			}
			if p.RunFirst && p.GapH < to {
				to, next = p.GapH, p.Lift.ID
			} else if !p.RunFirst && p.GapH < since {
				since, prev = p.GapH, p.Lift.ID
			}
		}
		check := func(side string, col, gap float64, id string) {
			t.Helper()
			if math.IsInf(gap, 1) {
				if col < metrics.PairMaxH {
					t.Errorf("%s: hours %s lift %v with no pair on that side", r.ActivityID, side, col)
				}
				return
			}
			if math.Abs(col-gap) > 1e-9 || id == "" {
				t.Errorf("%s: hours %s lift %v, the list's nearest pair %v (%s)", r.ActivityID, side, col, gap, id)
			}
		}
		check("since", r.HoursSinceLift, since, prev)
		check("to", r.HoursToLift, to, next)
		if !math.IsInf(since, 1) && r.PrevLiftID != prev {
			t.Errorf("%s: previous lift %s, the list's %s", r.ActivityID, r.PrevLiftID, prev)
		}
		if !math.IsInf(to, 1) && r.NextLiftID != next {
			t.Errorf("%s: next lift %s, the list's %s", r.ActivityID, r.NextLiftID, next)
		}
	}
	byID := map[string]metrics.Run{}
	for _, r := range sessions {
		byID[r.ActivityID] = r
	}
	for _, c := range []struct {
		run             string
		since, to, near float64
		nearID, order   string
	}{
		{"run-tie", math.NaN(), 0, 0, "lift-tie", metrics.OrderRunThenLift}, // no lift before it: the tied lift is next
		{"run-b2b", 0, 0, 0, "lift-b", metrics.OrderBoth},                   // tie on the gap: the next lift
		{"run-samples", 22.5, 1.0 / 6, 1.0 / 6, "lift-wed", metrics.OrderRunThenLift},
		{"ride", 32 + 20.0/60, 0.5, 0.5, "lift-thu", metrics.OrderRunThenLift},
		{"run-far", 40.5, 53.5, 40.5, "lift-thu", metrics.OrderSeparateDays},
	} {
		r := byID[c.run]
		eq := func(a, b float64) bool { return math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) < 1e-9 }
		if !eq(r.HoursSinceLift, c.since) || !eq(r.HoursToLift, c.to) || !eq(r.NearestLiftGapH, c.near) ||
			r.NearestLiftID != c.nearID || r.SameDayOrder != c.order {
			t.Errorf("%s: since %v to %v nearest %v (%s) order %s; want %v %v %v (%s) %s", c.run, r.HoursSinceLift, r.HoursToLift,
				r.NearestLiftGapH, r.NearestLiftID, r.SameDayOrder, c.since, c.to, c.near, c.nearID, c.order)
		}
	}

	// The timeline draws from d.Pairs: report/html's TestTimelineOnePairList.

	// INT-P scores this list: every hit's pair is in it, and scoring the
	// Dataset's sessions with the stored list gives Build's week, while the
	// same sessions with one pair of the list moved to 23 h give less
	// proximity (the score reads the list, it does not pair on its own).
	ref := refWeek(t, d)
	hits := 0
	for _, h := range ref.Rules {
		if h.Rule != RuleIntProximity {
			continue
		}
		hits++
		if _, ok := got[pairID{h.Activities[0], h.Activities[1]}]; !ok {
			t.Errorf("INT-P hit on %v, not a pair of the list", h.Activities)
		}
	}
	if hits < 4 {
		t.Errorf("%d INT-P hits, want one per leg day with a close run (≥ 4)", hits)
	}
	opt := ScoreOptions{WeekStart: time.Monday, Tuning: d.Tuning[bAthlete]}
	ss := metrics.Sessions{Runs: d.Runs, Cardio: d.Cardio, Lifts: d.Lifts, Pairs: list}
	again := weekOf(t, ScoreSessions(ss, d.Params[bAthlete], opt), bWhen(15, 0, 0))
	if again.Proximity != ref.Proximity || again.Interference != ref.Interference {
		t.Errorf("the stored list scores P %v, interference %v; Build scored %v, %v", again.Proximity, again.Interference, ref.Proximity, ref.Interference)
	}
	moved := append([]metrics.SessionPair(nil), list...)
	for i := range moved {
		if moved[i].Run.ID == "run-samples" && moved[i].Lift.ID == "lift-wed" {
			moved[i].GapH = 23
		}
	}
	ss.Pairs = moved
	if w := weekOf(t, ScoreSessions(ss, d.Params[bAthlete], opt), bWhen(15, 0, 0)); !(w.Proximity < ref.Proximity) {
		t.Errorf("moving one pair of the list to 23 h leaves P at %v (was %v): the score does not read the list", w.Proximity, ref.Proximity)
	}
}

// checkStoredList checks that d.Pairs[bAthlete] is non-empty, that its
// indexes point at the sessions its spans name, and that it equals a
// brute-force PairGeometry pass over every session × lift of d; it
// returns the list by session ids.
func checkStoredList(t *testing.T, d *Dataset) map[pairID]metrics.SessionPair {
	t.Helper()
	list := d.Pairs[bAthlete]
	if len(list) == 0 {
		t.Fatal("Build stored no pairs")
	}
	got := map[pairID]metrics.SessionPair{}
	for _, p := range list {
		// The indexes point at the named sessions of the Dataset.
		run := d.Runs
		if p.Cardio {
			run = d.Cardio
		}
		if run[p.RunIdx].ActivityID != p.Run.ID || d.Lifts[p.LiftIdx].ActivityID != p.Lift.ID {
			t.Errorf("pair %s–%s indexes %s–%s", p.Run.ID, p.Lift.ID, run[p.RunIdx].ActivityID, d.Lifts[p.LiftIdx].ActivityID)
		}
		got[pairID{p.Run.ID, p.Lift.ID}] = p
	}

	// The list is every session × lift under 24 h, by PairGeometry.
	sessions := append(append([]metrics.Run{}, d.Runs...), d.Cardio...)
	want := 0
	for i := range sessions {
		r := metrics.RunSpan(&sessions[i])
		for j := range d.Lifts {
			l := metrics.LiftSpan(&d.Lifts[j])
			g, rf, ov := metrics.PairGeometry(r.Start, r.End, l.Start, l.End)
			if g >= metrics.PairMaxH {
				continue
			}
			want++
			p, ok := got[pairID{r.ID, l.ID}]
			if !ok || p.GapH != g || p.RunFirst != rf || p.Overlap != ov || p.Cardio != (i >= len(d.Runs)) {
				t.Errorf("%s–%s: list has %+v (found %v); PairGeometry gives gap %v runFirst %v overlap %v", r.ID, l.ID, p, ok, g, rf, ov)
			}
		}
	}
	if want != len(list) {
		t.Errorf("list holds %d pairs, brute force %d", len(list), want)
	}

	return got
}

// TestOnePairListSince: with --since, the stored list keeps the pairs of
// the sessions Build outputs (none before the since week), re-indexed into
// the Dataset's runs, cardio and lifts.
func TestOnePairListSince(t *testing.T) {
	acts := onePairWeek()
	for _, a := range onePairWeek() {
		a.ID += "-prev"
		a.Start = a.Start.AddDate(0, 0, -7)
		for i := range a.Samples {
			a.Samples[i].Time = a.Samples[i].Time.AddDate(0, 0, -7)
		}
		for i := range a.Sets {
			a.Sets[i].Start = a.Sets[i].Start.AddDate(0, 0, -7)
		}
		acts = append(acts, a)
	}
	d := Build(bBatch(bProfile(), acts), BuildOptions{WeekStart: time.Monday, Since: bWhen(15, 0, 0)})
	got := checkStoredList(t, d)
	// The previous week's Monday-evening lift falls in this week and keeps
	// its pair with this week's Monday run; nothing else of last week stays.
	if _, ok := got[pairID{"run-tie", "lift-next-prev"}]; !ok {
		t.Errorf("the pair across the since boundary (run-tie, lift-next-prev) is missing: %v", got)
	}
	for id := range got {
		if strings.HasSuffix(id.run, "-prev") || (strings.HasSuffix(id.lift, "-prev") && id.lift != "lift-next-prev") {
			t.Errorf("pair %v of a session before the since week is stored", id)
		}
	}
}
