package metrics

import (
	"testing"
	"time"
)

func TestPairGeometry(t *testing.T) {
	at := func(h float64) time.Time {
		return time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC).Add(time.Duration(h * float64(time.Hour)))
	}
	for _, c := range []struct {
		name                 string
		rs, re, ls, le       float64
		gap                  float64
		runFirst, overlapped bool
	}{
		{"run then lift", 7, 8, 10, 11, 2, true, false},
		{"touching edges: run first, gap 0", 7, 8, 8, 9, 0, true, false},
		{"lift then run", 7, 8, 5, 6.5, 0.5, false, false},
		{"overlap, run started first", 7, 8, 7.5, 9, 0, true, true},
		{"overlap, lift started first", 7.5, 8, 7, 9, 0, false, true},
		{"overlap, same start: run first (riskier)", 7, 8, 7, 9, 0, true, true},
	} {
		g, rf, ov := PairGeometry(at(c.rs), at(c.re), at(c.ls), at(c.le))
		if g != c.gap || rf != c.runFirst || ov != c.overlapped {
			t.Errorf("%s: gap %v runFirst %v overlap %v, want %v %v %v", c.name, g, rf, ov, c.gap, c.runFirst, c.overlapped)
		}
	}
}

// TestPairs: every session within 24 h of a lift, per lift nearest first;
// 24 h and more apart is no pair.
func TestPairs(t *testing.T) {
	at := func(h float64) time.Time {
		return time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC).Add(time.Duration(h * float64(time.Hour)))
	}
	runs := []Span{{"far", at(-30), at(-29)}, {"eve", at(-6), at(-5)}, {"after", at(12), at(13)}, {"long", at(-25), at(-23.5)}, {"edge", at(35), at(36)}}
	lifts := []Span{{"l", at(10), at(11)}}
	got := Pairs(runs, lifts)
	want := []Pair{{Run: 2, GapH: 1}, {Run: 1, GapH: 15, RunFirst: true}}
	if len(got) != len(want) {
		t.Fatalf("pairs %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("pair %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
