package metrics

import (
	"testing"
	"time"
)

func TestAthletePairs(t *testing.T) {
	t0 := time.Date(2024, 6, 3, 7, 0, 0, 0, time.UTC)
	runs := []Run{
		{ActivityID: "no-start"},
		{ActivityID: "r", Start: t0, MovingS: 1800}, // moving only: ends 07:30
	}
	cardio := []Run{{ActivityID: "c", Start: t0.Add(10 * time.Hour), ElapsedS: 3600}}
	lifts := []Lift{
		{ActivityID: "no-start"},
		{ActivityID: "l", Start: t0.Add(time.Hour), DurationS: 3600}, // no end: 08:00–09:00
	}
	got := AthletePairs(runs, cardio, lifts)
	want := []SessionPair{
		{RunIdx: 1, LiftIdx: 1, GapH: 0.5, RunFirst: true},
		{RunIdx: 0, Cardio: true, LiftIdx: 1, GapH: 8, RunFirst: false},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d pairs %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.RunIdx != w.RunIdx || g.Cardio != w.Cardio || g.LiftIdx != w.LiftIdx || g.GapH != w.GapH || g.RunFirst != w.RunFirst || g.Overlap {
			t.Errorf("pair %d = %+v, want %+v", i, g, w)
		}
		gh, rf, ov := PairGeometry(g.Run.Start, g.Run.End, g.Lift.Start, g.Lift.End)
		if gh != g.GapH || rf != g.RunFirst || ov != g.Overlap {
			t.Errorf("pair %d disagrees with PairGeometry on its spans: %v %v %v", i, gh, rf, ov)
		}
	}
	if e := LiftSpan(&lifts[1]).End; !e.Equal(t0.Add(2 * time.Hour)) {
		t.Errorf("LiftSpan end %v, want start + duration", e)
	}
	if e := RunSpan(&Run{Start: t0, ElapsedS: 3600, TimerS: 3000, MovingS: 2800}).End; !e.Equal(t0.Add(time.Hour)) {
		t.Errorf("RunSpan end %v, want start + elapsed", e)
	}
}
