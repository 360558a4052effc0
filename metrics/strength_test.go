package metrics_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol
}

// Hand-computed e1RMs: Epley w·(1+r/30), Brzycki w·36/(37−r), and
// Tuchscherer's chart (RPE 8 × 5 reps = 81.1 %, RPE 9.5 × 10 = 72.3 %).
func TestE1RM(t *testing.T) {
	for _, tc := range []struct {
		name    string
		w       float64
		reps    int
		rpe     float64
		failure bool
		want    float64
		method  string
	}{
		{"single", 140, 1, 0, false, 140, metrics.E1RMSingle},
		{"5 reps: mean of Epley 116.67 and Brzycki 112.5", 100, 5, 0, false, (100*(1+5.0/30) + 100*36.0/32) / 2, metrics.E1RMEpleyBrzycki},
		{"10 reps: both formulas give 133.33", 100, 10, 0, false, 100 * 4.0 / 3, metrics.E1RMEpleyBrzycki},
		{"12 reps is the last estimated", 60, 12, 0, false, (60*1.4 + 60*36.0/25) / 2, metrics.E1RMEpleyBrzycki},
		{"13 reps: none", 60, 13, 0, false, math.NaN(), metrics.E1RMOverReps},
		{"RPE 8 × 5 reps: 81.1 %", 100, 5, 8, false, 100 / 0.811, metrics.E1RMRPETable},
		{"RPE 10 × 1 rep: the weight", 180, 1, 10, false, 180, metrics.E1RMRPETable},
		{"RPE 9.5 × 10 reps: 72.3 %", 57.5, 10, 9.5, false, 57.5 / 0.723, metrics.E1RMRPETable},
		{"RPE 6 × 12 reps: 57.4 %", 50, 12, 6, false, 50 / 0.574, metrics.E1RMRPETable},
		{"RPE 5 ignored: reps alone", 100, 5, 5, false, (100*(1+5.0/30) + 100*36.0/32) / 2, metrics.E1RMEpleyBrzycki},
		{"RPE 7.7 rounds to 7.5: 3 reps + 2.5 RIR = 85.0 %", 100, 3, 7.7, false, 100 / 0.85, metrics.E1RMRPETable},
		{"failure without RPE: RPE 10 row, 5 reps = 86.3 %", 100, 5, 0, true, 100 / 0.863, metrics.E1RMFailure},
		{"failure with RPE 9: the logged RPE wins", 100, 5, 9, true, 100 / 0.837, metrics.E1RMRPETable},
		{"bodyweight: no added load", 0, 8, 0, false, math.NaN(), metrics.E1RMNoLoad},
		{"unknown weight", math.NaN(), 8, 0, false, math.NaN(), metrics.E1RMNoLoad},
		{"no reps", 100, 0, 0, false, math.NaN(), metrics.E1RMNoReps},
		{"unknown reps", 100, -1, 0, false, math.NaN(), metrics.E1RMNoReps},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, method := metrics.E1RM(tc.w, tc.reps, tc.rpe, tc.failure)
			if !near(got, tc.want, 1e-9) || method != tc.method {
				t.Errorf("E1RM(%v, %d, %v, %v) = %v %s, want %v %s", tc.w, tc.reps, tc.rpe, tc.failure, got, method, tc.want, tc.method)
			}
		})
	}
}

// Directions: more weight or more reps never lowers an e1RM; a higher RPE
// at the same weight and reps means less in reserve, so a lower e1RM.
func TestE1RMDirections(t *testing.T) {
	for reps := 1; reps <= metrics.E1RMMaxReps; reps++ {
		a, _ := metrics.E1RM(100, reps, 0, false)
		b, _ := metrics.E1RM(105, reps, 0, false)
		if !(b > a) {
			t.Errorf("%d reps: 105 kg gives %v, not above 100 kg's %v", reps, b, a)
		}
		if reps < metrics.E1RMMaxReps {
			c, _ := metrics.E1RM(100, reps+1, 0, false)
			if !(c > a) {
				t.Errorf("100 kg: %d reps gives %v, not above %d reps' %v", reps+1, c, reps, a)
			}
		}
		for rpe := 6.0; rpe < 10; rpe += 0.5 {
			lo, _ := metrics.E1RM(100, reps, rpe, false)
			hi, _ := metrics.E1RM(100, reps, rpe+0.5, false)
			if !(hi < lo) {
				t.Errorf("%d reps: RPE %v gives %v, not below RPE %v's %v", reps, rpe+0.5, hi, rpe, lo)
			}
		}
	}
}

func TestRPETableMonotone(t *testing.T) {
	for reps := 1; reps <= 12; reps++ {
		for rpe := 10.0; rpe >= 6; rpe -= 0.5 {
			p, ok := metrics.RPEPercent1RM(reps, rpe)
			if !ok {
				t.Fatalf("no entry for %d reps at RPE %v", reps, rpe)
			}
			if reps == 1 && rpe == 10 && p != 100 {
				t.Errorf("1 rep at RPE 10 = %v %%, want 100", p)
			}
			if next, ok := metrics.RPEPercent1RM(reps, rpe-0.5); ok && !(next < p) {
				t.Errorf("%d reps: RPE %v gives %v %%, not below RPE %v's %v %%", reps, rpe-0.5, next, rpe, p)
			}
		}
	}
	if _, ok := metrics.RPEPercent1RM(13, 10); ok {
		t.Error("13 reps has an entry")
	}
	if _, ok := metrics.RPEPercent1RM(5, 5.5); ok {
		t.Error("RPE 5.5 has an entry")
	}
}

func ExampleE1RM() {
	for _, s := range []struct {
		kg   float64
		reps int
		rpe  float64
	}{{100, 1, 0}, {100, 5, 0}, {100, 5, 8}, {100, 15, 0}, {0, 10, 0}} {
		v, method := metrics.E1RM(s.kg, s.reps, s.rpe, false)
		fmt.Printf("%3.0f kg × %2d @%v: %5.1f kg (%s)\n", s.kg, s.reps, s.rpe, v, method)
	}
	// Output:
	// 100 kg ×  1 @0: 100.0 kg (single)
	// 100 kg ×  5 @0: 114.6 kg (epley_brzycki)
	// 100 kg ×  5 @8: 123.3 kg (rpe_table)
	// 100 kg × 15 @0:   NaN kg (over_12_reps)
	//   0 kg × 10 @0:   NaN kg (no_load)
}

func ExampleCanonicalExercise() {
	for _, name := range []string{"Squat (Barbell)", "Flat Barbell Bench Press", "Deadlift (Barbell)",
		"Strict Military Press (Barbell)", "shoulder_press", "Front Squat (Barbell)", "Romanian Deadlift (Barbell)"} {
		fmt.Printf("%-32s %s\n", name, metrics.CanonicalExercise(name))
	}
	// Output:
	// Squat (Barbell)                  squat
	// Flat Barbell Bench Press         bench_press
	// Deadlift (Barbell)               deadlift
	// Strict Military Press (Barbell)  overhead_press
	// shoulder_press                   overhead_press
	// Front Squat (Barbell)            front_squat_barbell
	// Romanian Deadlift (Barbell)      romanian_deadlift_barbell
}

// A squat session: two warm-ups (one logged, one found by the 60 % rule),
// three work sets, a failure set and a drop set.
func ExampleStrengthSessions() {
	set := func(kg float64, reps int, mark ingest.SetMark) ingest.Set {
		return ingest.Set{Type: ingest.SetActive, Exercise: "squat_barbell", Region: ingest.RegionLower,
			WeightKg: kg, Reps: reps, Mark: mark, DurationS: math.NaN()}
	}
	a := ingest.Activity{ID: "lift-1", Athlete: "alex", Kind: ingest.KindLift,
		Start: time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC), ElapsedS: 3600,
		Sets: []ingest.Set{set(40, 10, ingest.MarkWarmup), set(50, 5, ""), set(100, 5, ""), set(100, 5, ""),
			set(100, 6, ingest.MarkFailure), set(70, 10, ingest.MarkDrop)}}
	for _, e := range metrics.StrengthSessions(&a, metrics.DefaultParams()) {
		fmt.Printf("%s (%s, %s): best %.0f kg × %d, e1RM %.1f kg (%s)\n", e.Exercise, e.Canonical, e.Region,
			e.BestWeightKg, e.BestReps, e.E1RMKg, e.E1RMMethod)
		fmt.Printf("warm-ups %d, work %d, hard %d, drop %d, failure %d, tonnage %.0f kg, 5RM %.0f kg\n",
			e.WarmupSets, e.WorkSets, e.HardSets, e.DropSets, e.FailureSets, e.TonnageKg, e.RepMaxKg[2])
	}
	// Output:
	// squat_barbell (squat, lower): best 100 kg × 6, e1RM 119.5 kg (failure_rpe10)
	// warm-ups 2, work 4, hard 4, drop 1, failure 1, tonnage 2300 kg, 5RM 100 kg
}

func ExampleTheilSen() {
	// Five weekly bests, one of them a bad day: the slope ignores it.
	weeks := []float64{0, 1, 2, 3, 4}
	e1rm := []float64{100, 101, 80, 103, 104}
	slope, _ := metrics.TheilSen(weeks, e1rm)
	fmt.Printf("%.1f kg/week, %.1f %%/4 wk\n", slope, metrics.TrendPct4Wk(weeks, e1rm))
	// Output:
	// 1.0 kg/week, 4.0 %/4 wk
}

func ExampleLoadSeries() {
	// 28 days of 100 a day, then a week of 200 a day.
	daily := make([]float64, 35)
	for i := range daily {
		daily[i] = 100
		if i >= 28 {
			daily[i] = 200
		}
	}
	acute, chronic, ratio := metrics.LoadSeries(daily)
	for _, d := range []int{0, 27, 34} {
		fmt.Printf("day %2d: acute %5.1f chronic %5.1f ratio %.2f\n", d+1, acute[d], chronic[d], ratio[d])
	}
	// Output:
	// day  1: acute  25.0 chronic   4.7 ratio NaN
	// day 28: acute 100.0 chronic  73.6 ratio 1.36
	// day 35: acute 186.6 chronic 109.5 ratio 1.71
}

func ExampleMassTrend() {
	// Daily weigh-ins, then one after a 7-day gap.
	days := []int{0, 1, 2, 3, 10}
	kg := []float64{80, 81, 80, 81, 79}
	for i, v := range metrics.MassTrend(days, kg) {
		fmt.Printf("day %2d %.1f kg → trend %.2f\n", days[i], kg[i], v)
	}
	// Output:
	// day  0 80.0 kg → trend 80.00
	// day  1 81.0 kg → trend 80.25
	// day  2 80.0 kg → trend 80.19
	// day  3 81.0 kg → trend 80.39
	// day 10 79.0 kg → trend 79.19
}

func TestTheilSen(t *testing.T) {
	for _, tc := range []struct {
		name string
		x, y []float64
		want float64
		ok   bool
	}{
		{"line", []float64{0, 1, 2}, []float64{1, 3, 5}, 2, true},
		{"flat", []float64{0, 1, 2, 3}, []float64{5, 5, 5, 5}, 0, true},
		{"one point", []float64{0}, []float64{1}, math.NaN(), false},
		{"same x", []float64{1, 1}, []float64{1, 2}, math.NaN(), false},
		{"NaN skipped", []float64{0, 1, 2}, []float64{1, math.NaN(), 5}, 2, true},
		{"outlier resisted", []float64{0, 1, 2, 3, 4, 5}, []float64{0, 1, 2, 30, 4, 5}, 1, true},
	} {
		got, ok := metrics.TheilSen(tc.x, tc.y)
		if ok != tc.ok || !near(got, tc.want, 1e-12) {
			t.Errorf("%s: TheilSen = %v %v, want %v %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	// Direction: raising the last week raises the trend.
	w := []float64{0, 1, 2, 3}
	base := metrics.TrendPct4Wk(w, []float64{100, 100, 101, 101})
	up := metrics.TrendPct4Wk(w, []float64{100, 100, 101, 106})
	if !(up > base) {
		t.Errorf("raising the last week: trend %v, not above %v", up, base)
	}
	if v := metrics.TrendPct4Wk(w, []float64{100, math.NaN(), math.NaN(), 101}); !math.IsNaN(v) {
		t.Errorf("two known weeks give trend %v, want NaN", v)
	}
}

func TestLoadSeriesDirections(t *testing.T) {
	base := make([]float64, 60)
	for i := range base {
		base[i] = 50
	}
	more := append([]float64(nil), base...)
	more[59] = 150
	a0, c0, r0 := metrics.LoadSeries(base)
	a1, c1, r1 := metrics.LoadSeries(more)
	if !(a1[59] > a0[59] && c1[59] > c0[59] && r1[59] > r0[59]) {
		t.Errorf("a harder last day: acute %v→%v chronic %v→%v ratio %v→%v, want all up", a0[59], a1[59], c0[59], c1[59], r0[59], r1[59])
	}
	if a1[58] != a0[58] {
		t.Error("a later day changed an earlier value")
	}
	if !math.IsNaN(r0[metrics.LoadRatioMinDays-2]) || math.IsNaN(r0[metrics.LoadRatioMinDays-1]) {
		t.Errorf("ratio should start on day %d", metrics.LoadRatioMinDays)
	}
}
