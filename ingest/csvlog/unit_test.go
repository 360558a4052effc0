package csvlog

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gainguard/ingest"
)

// poundStrong is a Strong export without a unit whose weights are all
// pound plate loads: a 45 lb bar, 95, 135, 185, 225, 315.
const poundStrong = `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
2025-03-03 18:00:00,"Legs",1h 5m,"Squat (Barbell)",1,45,10,0,0,,,
2025-03-03 18:00:00,"Legs",1h 5m,"Squat (Barbell)",2,135,5,0,0,,,
2025-03-03 18:00:00,"Legs",1h 5m,"Squat (Barbell)",3,225,5,0,0,,,
2025-03-03 18:00:00,"Legs",1h 5m,"Squat (Barbell)",4,315,3,0,0,,,
2025-03-05 18:00:00,"Push",55m,"Bench Press (Barbell)",1,95,8,0,0,,,
2025-03-05 18:00:00,"Push",55m,"Bench Press (Barbell)",2,185,5,0,0,,,
2025-03-05 18:00:00,"Push",55m,"Bench Press (Barbell)",3,185,5,0,0,,,
`

func firstWeights(t *testing.T, d ingest.Decoded) []float64 {
	t.Helper()
	var w []float64
	for _, a := range d.Activities {
		for _, s := range a.Sets {
			w = append(w, math.Round(s.WeightKg*100)/100)
		}
	}
	return w
}

func hasNote(d ingest.Decoded, s string) bool {
	for _, n := range d.Notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// TestLiftUnitInferred: Strong's unit-less weights were read as kg even
// when every one is a pound plate load (a 315 "kg" squat). They are now
// read as lbs, with a note; --lift-unit kg keeps kg.
func TestLiftUnitInferred(t *testing.T) {
	d, err := Decode(strings.NewReader(poundStrong))
	if err != nil {
		t.Fatal(err)
	}
	w := firstWeights(t, d)
	if w[3] != 142.88 { // 315 lb
		t.Errorf("315 read as %g kg, want 142.88 (lbs)", w[3])
	}
	if !hasNote(d, "read as lbs: they are pound plate loads (95, 135, 185, 225)") || hasNote(d, "read as kg") {
		t.Errorf("notes %q", d.Notes)
	}

	kg, err := FormatWithLiftUnit(LiftUnitKg).Decode(strings.NewReader(poundStrong))
	if err != nil {
		t.Fatal(err)
	}
	if w := firstWeights(t, kg); w[3] != 315 || !hasNote(kg, "read as kg (--lift-unit kg)") {
		t.Errorf("--lift-unit kg: 315 read as %g, notes %q", w[3], kg.Notes)
	}
	// Direction: lbs makes every weight smaller by the same factor.
	for i := range w {
		if kgw := firstWeights(t, kg)[i]; w[i] > 0 && math.Abs(w[i]/kgw-lbsToKg) > 0.001 {
			t.Errorf("set %d: %g vs %g kg", i, w[i], kgw)
		}
	}
}

// TestLiftUnitAmbiguousStaysKg: the corpus's Strong exports (weights such
// as 60, 80, 100, or dumbbell loads 7.9, 32) are not clearly pounds: they
// stay kg with the note; --lift-unit lbs converts them.
func TestLiftUnitAmbiguousStaysKg(t *testing.T) {
	for _, name := range []string{"strong.csv", "sample_strong.csv", "sample_strong_legacy.csv"} {
		data, err := os.ReadFile(filepath.Join(corpusDir, "csv", name))
		if err != nil {
			t.Skip(err)
		}
		d, err := Decode(strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		if !hasNote(d, "without a unit read as kg (not clearly pound plate loads") {
			t.Errorf("%s: notes %q", name, d.Notes)
		}
		lb, err := FormatWithLiftUnit(LiftUnitLbs).Decode(strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		a, b := firstWeights(t, d), firstWeights(t, lb)
		for i := range a {
			if a[i] > 0 && math.Abs(b[i]/a[i]-lbsToKg) > 0.01 {
				t.Errorf("%s set %d: --lift-unit lbs gives %g for %g", name, i, b[i], a[i])
				break
			}
		}
	}
}

func TestLooksLikePounds(t *testing.T) {
	for _, tc := range []struct {
		w    []float64
		want bool
	}{
		{[]float64{45, 135, 225, 315}, true},
		{[]float64{135, 185, 155, 165, 175}, true},                      // 2 plate loads, 2 of 5 heavy
		{[]float64{60, 80, 100, 120, 140}, false},                       // kg steps
		{[]float64{135, 225, 142.5, 100}, false},                        // 142.5: a kg step
		{[]float64{135, 225}, false},                                    // too few
		{[]float64{135, 200, 210, 220, 230, 240, 250, 260, 270}, false}, // one plate load
		{[]float64{135, 185, 7.9, 20}, false},                           // 7.9 is no pound weight
	} {
		if got := looksLikePounds(tc.w); got != tc.want {
			t.Errorf("looksLikePounds(%v) = %v, want %v", tc.w, got, tc.want)
		}
	}
}
