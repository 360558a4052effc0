package metrics

import (
	"math"
	"testing"

	"gainguard/ingest"
)

// Synthetic sessions for the intensity rule. HR follows its target with a
// 20-s lag and a ±2 bpm wobble; speed has a ±0.1 m/s wobble.
func session(phases []phase, withSpeed bool) []ingest.Sample {
	var total int
	for _, ph := range phases {
		total += ph.secs
	}
	h := &lagHR{hr: 90}
	var targets, speeds []float64
	for _, ph := range phases {
		for range ph.secs {
			targets = append(targets, ph.hr)
			speeds = append(speeds, ph.speed)
		}
	}
	return stream(t0, total-1, func(i int) (float64, float64) {
		hr := h.step(targets[i]) + 2*math.Sin(float64(i)/7)
		sp := math.NaN()
		if withSpeed {
			sp = speeds[i] + 0.1*math.Sin(float64(i)/3)
		}
		return hr, sp
	})
}

type phase struct {
	secs      int
	hr, speed float64
}

func intervals(n, workS, restS int) []phase {
	ph := []phase{{600, 130, 2.8}}
	for range n {
		ph = append(ph, phase{workS, 172, 4.6}, phase{restS, 118, 2.2})
	}
	return append(ph, phase{600, 130, 2.8})
}

func TestClassifyIntensity(t *testing.T) {
	p := testParams() // vigorous = min(138, 146.3) = 138; easy cut 146.3
	easy := []phase{{2700, 128, 2.8}}
	hard := []phase{{300, 140, 3.2}, {2400, 162, 3.6}}
	twoBouts := intervals(2, 60, 90)
	tests := []struct {
		name      string
		s         []ingest.Sample
		class     Class
		bouts     int
		source    string
		easyAbove float64 // EasyFrac lower bound
	}{
		{"steady easy run, HR only", session(easy, false), ClassLISS, 0, "hr", 0.99},
		{"steady easy run, with speed", session(easy, true), ClassLISS, 0, "speed", 0.99},
		{"steady hard run, HR only", session(hard, false), ClassTempo, 0, "hr", 0},
		{"steady hard run, with speed", session(hard, true), ClassTempo, 0, "speed", 0},
		{"6×1 min intervals, HR only", session(intervals(6, 60, 90), false), ClassHIIT, 6, "hr", 0.5},
		{"6×1 min intervals, with speed", session(intervals(6, 60, 90), true), ClassHIIT, 6, "speed", 0.5},
		{"2 intervals are tempo", session(twoBouts, true), ClassTempo, 2, "speed", 0.5},
		{"no HR", stream(t0, 600, func(int) (float64, float64) { return math.NaN(), 3 }), ClassUnknown, 0, "", math.NaN()},
		{"90 s of HR", session([]phase{{90, 150, 3}}, false), ClassUnknown, 0, "", math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ClassifyIntensity(tc.s, p)
			if got.Class != tc.class || got.Bouts != tc.bouts || got.BoutSource != tc.source {
				t.Errorf("got %+v, want class %s, %d bouts from %q", got, tc.class, tc.bouts, tc.source)
			}
			if math.IsNaN(tc.easyAbove) != math.IsNaN(got.EasyFrac) || got.EasyFrac < tc.easyAbove {
				t.Errorf("EasyFrac = %v, want ≥ %v", got.EasyFrac, tc.easyAbove)
			}
		})
	}
}

// Speed bouts not confirmed by HR (strides at easy effort) do not count.
func TestSpeedBoutsNeedHR(t *testing.T) {
	p := testParams()
	ph := []phase{{600, 120, 2.8}}
	for range 5 {
		ph = append(ph, phase{20, 122, 4.2}, phase{100, 120, 2.8})
	}
	got := ClassifyIntensity(session(ph, true), p)
	if got.Bouts != 0 || got.Class != ClassLISS {
		t.Errorf("strides: %+v, want 0 bouts, liss", got)
	}
}

// Sustained efforts over 8 min are not bouts, even repeated.
func TestLongRepsAreTempo(t *testing.T) {
	p := testParams()
	got := ClassifyIntensity(session(intervals(3, 600, 180), false), p)
	if got.Class != ClassTempo || got.Bouts != 0 {
		t.Errorf("3×10 min: %+v, want tempo with 0 bouts", got)
	}
}

func TestVigorousHR(t *testing.T) {
	p := testParams()
	near(t, "HRR-based", VigorousHR(p), 138, 1e-9)
	p.HRRest = 40 // 40 + 0.6·150 = 130 < 0.77·190 = 146.3
	near(t, "HRR-based, low rest", VigorousHR(p), 130, 1e-9)
	p.HRRest = 90 // 90 + 0.6·100 = 150 > 146.3
	near(t, "HRmax-based", VigorousHR(p), 146.3, 1e-9)
}

// TestLISSAgreesWithZones: a run labelled LISS never has more than 20 % of
// its HR time in zones 4–5 ("vigorous"), whatever the resting HR — the
// class and the zones share the vigorous threshold (issue 12). The runs
// hold a steady HR just above 60 % HRR (zone 4) but below 77 % HRmax.
func TestLISSAgreesWithZones(t *testing.T) {
	for _, rest := range []float64{40, 50, 60, 75} {
		p := testParams()
		p.HRRest = rest
		hr := p.HRRest + 0.62*(p.HRMax-p.HRRest) // zone 4
		a := session([]phase{{2700, hr, 2.8}}, false)
		in := ClassifyIntensity(a, p)
		z := ZoneSeconds(a, p)
		total := z[0] + z[1] + z[2] + z[3] + z[4]
		if in.Class == ClassLISS && (z[3]+z[4])/total > 1-LISSMinEasyFrac {
			t.Errorf("rest %v: HR %.0f labelled LISS with %.0f %% in zones 4–5", rest, hr, 100*(z[3]+z[4])/total)
		}
	}
}
