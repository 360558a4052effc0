package metrics

import (
	"math"
	"testing"

	"time"

	"gainguard/ingest"
)

func TestZones(t *testing.T) {
	e := Zones(testParams()) // HRR 130
	want := [6]float64{60, 99, 112, 138, 177, 190}
	for i := range e {
		near(t, "edge", e[i], want[i], 1e-9)
	}
	tests := []struct {
		hr   float64
		zone int
	}{
		{40, 0}, {98.9, 0}, {99, 1}, {111.9, 1}, {112, 2}, {137.9, 2}, {138, 3}, {176.9, 3}, {177, 4}, {205, 4},
		{math.NaN(), -1},
	}
	for _, tc := range tests {
		if got := ZoneOf(tc.hr, e); got != tc.zone {
			t.Errorf("ZoneOf(%g) = %d, want %d", tc.hr, got, tc.zone)
		}
	}
}

func TestZoneSeconds(t *testing.T) {
	p := testParams()
	// 60 s at 100 (Z2), 60 s at 150 (Z4), 30 s without HR, 30 s at 180 (Z5),
	// then a 5-min pause and 10 s at 120 (Z3).
	s := stream(t0, 180, func(i int) (float64, float64) {
		switch {
		case i < 60:
			return 100, math.NaN()
		case i < 120:
			return 150, math.NaN()
		case i < 150:
			return math.NaN(), math.NaN()
		}
		return 180, math.NaN()
	})
	last := s[len(s)-1].Time
	for i := 0; i <= 10; i++ {
		x := ingest.NewSample(last.Add(300 * time.Second).Add(time.Duration(i) * time.Second))
		x.HR = 120
		s = append(s, x)
	}
	got := ZoneSeconds(s, p)
	want := [5]float64{0, 60, 10, 60, 30 + MaxSampleGapS}
	if got != want {
		t.Errorf("ZoneSeconds = %v, want %v", got, want)
	}
}
