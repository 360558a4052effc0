package metrics

import (
	"math"
	"testing"

	"gainguard/ingest"
)

func TestRMR(t *testing.T) {
	p := testParams() // 70 kg, 175 cm, 30 y male
	tests := []struct {
		name string
		mod  func(*Params)
		want float64
	}{
		{"male", func(*Params) {}, 700 + 1093.75 - 150 + 5},       // 1648.75
		{"female", func(p *Params) { p.Sex = "female" }, 1482.75}, // −161
		{"unknown sex = male", func(p *Params) { p.Sex = "" }, 1648.75},
		{"age unknown → 30", func(p *Params) { p.Age = 0 }, 1648.75},
		{"height unknown, female → 162", func(p *Params) { p.Sex, p.HeightCm = "female", 0 }, 700 + 1012.5 - 150 - 161},
		{"mass unknown → 70", func(p *Params) { p.BodyMassKg, p.Age = 0, 40 }, 1598.75},
	}
	for _, tc := range tests {
		q := p
		tc.mod(&q)
		near(t, tc.name, RMR(q), tc.want, 1e-9)
	}
}

func TestRunEnergy(t *testing.T) {
	p := testParams()
	rmrMin := 1648.75 / 1440
	tests := []struct {
		name                    string
		cal, dist, asc, minutes float64
		kcal                    float64
		src                     string
		disagree                bool
	}{
		{"device", 800, 10000, 0, 50, 800 - 50*rmrMin, KcalDevice, false},
		{"device far from model", 1400, 10000, 0, 50, 1400 - 50*rmrMin, KcalDevice, true},
		{"device 0 = unknown → distance", 0, 10000, math.NaN(), 50, 700, KcalDistance, false},
		{"distance (science.md: 70 kg × 10 km ≈ 700)", math.NaN(), 10000, math.NaN(), 50, 700, KcalDistance, false},
		{"distance with 200 m climb", math.NaN(), 10000, 200, 55, 700 + 70*4.5*0.2, KcalDistance, false},
		{"MET", math.NaN(), math.NaN(), math.NaN(), 30, 30 * 7 * 70 / 60.0, KcalMET, false},
		{"device below RMR share floors at 0", 10, math.NaN(), math.NaN(), 60, 0, KcalDevice, false},
	}
	for _, tc := range tests {
		kcal, src, dis := RunEnergy(tc.cal, tc.dist, tc.asc, tc.minutes, p)
		near(t, tc.name, kcal, tc.kcal, 1e-9)
		if src != tc.src || dis != tc.disagree {
			t.Errorf("%s: source %q disagree %v, want %q %v", tc.name, src, dis, tc.src, tc.disagree)
		}
	}
}

func TestLiftEnergy(t *testing.T) {
	p := testParams()
	k, src := LiftEnergy(math.NaN(), 60, p)
	near(t, "MET 5 for 60 min at 70 kg", k, 280, 1e-9) // 60·(5−1)·70/60
	if src != KcalMET {
		t.Errorf("source %q", src)
	}
	k, src = LiftEnergy(300, 60, p)
	near(t, "device net of RMR", k, 300-1648.75/24, 1e-9)
	if src != KcalDevice {
		t.Errorf("source %q", src)
	}
}

func TestDistanceKcalAndMET(t *testing.T) {
	near(t, "flat", DistanceKcal(5000, 0, 80), 400, 1e-9)
	near(t, "NaN ascent = flat", DistanceKcal(5000, math.NaN(), 80), 400, 1e-9)
	near(t, "unknown distance", DistanceKcal(math.NaN(), 0, 80), math.NaN(), 0)
	near(t, "MET zero minutes", METKcal(0, 8, 70), 0, 0)
	near(t, "MET NaN minutes", METKcal(math.NaN(), 8, 70), 0, 0)
}

func TestAscent(t *testing.T) {
	alt := func(vs ...float64) []ingest.Sample {
		s := stream(t0, len(vs)-1, constHR(math.NaN()))
		for i, v := range vs {
			s[i].AltM = v
		}
		return s
	}
	tests := []struct {
		name string
		s    []ingest.Sample
		want float64
	}{
		{"no altitude", stream(t0, 5, constHR(100)), math.NaN()},
		{"flat noise under hysteresis", alt(100, 101, 99, 101, 100, 101.5, 100), 0},
		{"climb and descent", alt(100, 105, 110, 104, 98, 103), 10 + 5},
		{"descent only", alt(200, 150, 100), 0},
	}
	for _, tc := range tests {
		near(t, tc.name, Ascent(tc.s), tc.want, 1e-9)
	}
}

func TestMovingSeconds(t *testing.T) {
	s := stream(t0, 100, func(i int) (float64, float64) {
		switch {
		case i < 40:
			return math.NaN(), 3
		case i < 60:
			return math.NaN(), 0.2 // standing at a light
		}
		return math.NaN(), 2.5
	})
	near(t, "speed stream", MovingSeconds(s, 999), 80, 1e-9)
	near(t, "no speed → timer", MovingSeconds(stream(t0, 10, constHR(100)), 1234), 1234, 0)
	near(t, "no speed, no timer", MovingSeconds(nil, math.NaN()), 0, 0)
}
