package metrics

import (
	"math"
	"slices"
	"testing"
	"time"

	"gainguard/ingest"
)

func newAct(id string, kind ingest.Kind, start time.Time, mins float64) ingest.Activity {
	return ingest.Activity{ID: id, Athlete: "ann", Kind: kind, Start: start, Precision: ingest.PrecisionExact,
		ElapsedS: mins * 60, TimerS: mins * 60, DistanceM: math.NaN(), Calories: math.NaN(),
		AvgHR: math.NaN(), MaxHR: math.NaN()}
}

func set(start time.Time, typ ingest.SetType, ex string, reg ingest.Region, reps int, kg float64) ingest.Set {
	return ingest.Set{Start: start, DurationS: 40, Type: typ, Reps: reps, WeightKg: kg, Exercise: ex, Region: reg}
}

func TestLiftFacts(t *testing.T) {
	p := testParams()
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	a := newAct("L", ingest.KindLift, t0, 30) // elapsed says 30 min, sets run to 45:40
	a.Sets = []ingest.Set{
		set(at(0), ingest.SetActive, "bench_press", ingest.RegionUpper, 8, 80),
		set(at(2), ingest.SetRest, "", "", -1, math.NaN()),
		set(at(5), ingest.SetActive, "Squat (Barbell)", "", 5, 100), // region from the name
		set(at(10), ingest.SetActive, "power_clean", ingest.RegionFull, 3, 60),
		set(at(20), ingest.SetActive, "pull_up", ingest.RegionUpper, 10, 0), // bodyweight
		set(at(45), ingest.SetActive, "plank", ingest.RegionUpper, -1, math.NaN()),
	}
	l := LiftFacts(&a, p)
	if l.Region != ingest.RegionFull || l.Sets != 5 || l.Reps != 26 || l.LowerSets != 2 || l.UpperSets != 4 {
		t.Errorf("LiftFacts = %+v", l)
	}
	near(t, "tonnage", l.TonnageKg, 8*80+5*100+3*60, 1e-9)
	near(t, "duration to the last set's end", l.DurationS, 45*60+40, 1e-9)
	near(t, "MET kcal", l.NetKcal, (45+40.0/60)*4*70/60, 1e-9)
	if !l.End.Equal(at(45).Add(40*time.Second)) || !l.LocalDate.Equal(time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("End %v LocalDate %v", l.End, l.LocalDate)
	}

	tests := []struct {
		name   string
		sets   []ingest.Set
		region ingest.Region
		reps   int
		ton    float64
	}{
		{"no sets", nil, ingest.RegionUnknown, -1, math.NaN()},
		{"one lower set among upper → full", []ingest.Set{
			set(t0, ingest.SetActive, "curl", ingest.RegionUpper, 10, 20),
			set(t0, ingest.SetActive, "lunge", ingest.RegionLower, 10, 20)}, ingest.RegionFull, 20, 400},
		{"lower only", []ingest.Set{set(t0, ingest.SetActive, "deadlift", ingest.RegionLower, 5, 140)}, ingest.RegionLower, 5, 700},
		{"rest sets only", []ingest.Set{set(t0, ingest.SetRest, "", "", -1, math.NaN())}, ingest.RegionUnknown, -1, math.NaN()},
		{"unknown exercise", []ingest.Set{set(t0, ingest.SetActive, "mystery", "", 5, math.NaN())}, ingest.RegionUnknown, 5, math.NaN()},
	}
	for _, tc := range tests {
		b := newAct("B", ingest.KindLift, t0, 60)
		b.Sets = tc.sets
		l := LiftFacts(&b, p)
		if l.Region != tc.region || l.Reps != tc.reps {
			t.Errorf("%s: region %s reps %d, want %s %d", tc.name, l.Region, l.Reps, tc.region, tc.reps)
		}
		near(t, tc.name+" tonnage", l.TonnageKg, tc.ton, 1e-9)
	}

	d := newAct("D", ingest.KindLift, time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC), 0)
	d.Precision = ingest.PrecisionDate
	dl := LiftFacts(&d, p)
	if len(dl.Notes) != 1 || dl.Precision != ingest.PrecisionDate || dl.DurationS != 0 || dl.NetKcal != 0 {
		t.Errorf("date-only lift: %+v", dl)
	}
}

// week is the timing scenario shared by the tests below (UTC, Mon 3 Mar 2025).
func week() []ingest.Activity {
	day := func(d, h, m int) time.Time { return time.Date(2025, 3, 3+d, h, m, 0, 0, time.UTC) }
	lift := func(id string, start time.Time, mins float64, ex string, reg ingest.Region) ingest.Activity {
		a := newAct(id, ingest.KindLift, start, mins)
		a.Sets = []ingest.Set{set(start, ingest.SetActive, ex, reg, 5, 100)}
		return a
	}
	l3 := lift("L3-fri-date", day(4, 12, 0), 0, "squat", ingest.RegionLower)
	l3.Precision = ingest.PrecisionDate
	return []ingest.Activity{
		lift("L1-mon", day(0, 7, 0), 60, "squat", ingest.RegionLower),
		newAct("R1-mon", ingest.KindRun, day(0, 8, 30), 30),
		newAct("R2-wed", ingest.KindRun, day(2, 6, 0), 45),
		lift("L2-wed", day(2, 18, 0), 60, "bench_press", ingest.RegionUpper),
		newAct("R3-thu", ingest.KindRun, day(3, 17, 0), 30),
		lift("L4-thu", day(3, 17, 20), 60, "deadlift", ingest.RegionLower),
		newAct("R4-fri", ingest.KindRun, day(4, 7, 0), 60),
		l3,
		lift("L5-sat", day(5, 8, 0), 60, "squat", ingest.RegionLower),
		newAct("R5-sat", ingest.KindRun, day(5, 12, 0), 40),
		lift("L6-sat", day(5, 18, 0), 60, "bench_press", ingest.RegionUpper),
		{ID: "C1", Kind: ingest.KindCardio, Start: day(6, 9, 0), ElapsedS: 3600},
	}
}

func TestAnalyzeTiming(t *testing.T) {
	runs, lifts := Analyze(week(), testParams())
	if len(runs) != 5 || len(lifts) != 6 {
		t.Fatalf("%d runs, %d lifts", len(runs), len(lifts))
	}
	want := []struct {
		id              string
		since, to       float64
		prev, next      string
		order           string
		nearest         string
		gap             float64
		region          ingest.Region
		notes           int
		nearestDateOnly bool
	}{
		{"R1-mon", 0.5, 57, "L1-mon", "L2-wed", OrderLiftThenRun, "L1-mon", 0.5, ingest.RegionLower, 0, false},
		{"R2-wed", 46, 11.25, "L1-mon", "L2-wed", OrderRunThenLift, "L2-wed", 11.25, ingest.RegionUpper, 0, false},
		{"R3-thu", 22, 0, "L2-wed", "L4-thu", OrderRunThenLift, "L4-thu", 0, ingest.RegionLower, 0, false},
		{"R4-fri", 12 + 40.0/60, 4, "L4-thu", "L3-fri-date", OrderRunThenLift, "L3-fri-date", 4, ingest.RegionLower, 1, true},
		{"R5-sat", 3, 18 - 12 - 40.0/60, "L5-sat", "L6-sat", OrderBoth, "L5-sat", 3, ingest.RegionLower, 0, false},
	}
	for i, w := range want {
		r := runs[i]
		if r.ActivityID != w.id {
			t.Fatalf("run %d is %s, want %s", i, r.ActivityID, w.id)
		}
		near(t, w.id+" since", r.HoursSinceLift, w.since, 1e-9)
		near(t, w.id+" to", r.HoursToLift, w.to, 1e-9)
		near(t, w.id+" gap", r.NearestLiftGapH, w.gap, 1e-9)
		if r.PrevLiftID != w.prev || r.NextLiftID != w.next || r.SameDayOrder != w.order ||
			r.NearestLiftID != w.nearest || r.NearestLiftRegion != w.region || len(r.Notes) != w.notes ||
			(r.NearestLiftPrecision == ingest.PrecisionDate) != w.nearestDateOnly {
			t.Errorf("%s: prev %s next %s order %s nearest %s/%s notes %q precision %s", w.id, r.PrevLiftID,
				r.NextLiftID, r.SameDayOrder, r.NearestLiftID, r.NearestLiftRegion, r.Notes, r.NearestLiftPrecision)
		}
	}
}

func TestAnalyzeNoLifts(t *testing.T) {
	runs, lifts := Analyze([]ingest.Activity{newAct("R", ingest.KindRun, t0, 30)}, testParams())
	if len(lifts) != 0 || len(runs) != 1 {
		t.Fatalf("%d runs %d lifts", len(runs), len(lifts))
	}
	r := runs[0]
	if !math.IsNaN(r.HoursSinceLift) || !math.IsNaN(r.HoursToLift) || !math.IsNaN(r.NearestLiftGapH) ||
		r.PrevLiftID != "" || r.NextLiftID != "" || r.NearestLiftID != "" || r.NearestLiftRegion != "" ||
		r.SameDayOrder != OrderSeparateDays {
		t.Errorf("run without lifts: %+v", r)
	}
	if r, l := Analyze(nil, testParams()); r != nil || l != nil {
		t.Errorf("Analyze(nil) = %v, %v", r, l)
	}
}

// Local dates follow p.Loc, or the activity's own offset when it has one.
func TestAnalyzeLocalDay(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	p := testParams()
	p.Loc = ny
	// Run Mon 3 Mar 07:00 EST (12:00 UTC); lift Mon 20:00 EST = Tue 01:00 UTC.
	run := newAct("R", ingest.KindRun, time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC), 30)
	lift := newAct("L", ingest.KindLift, time.Date(2025, 3, 4, 1, 0, 0, 0, time.UTC), 60)
	runs, lifts := Analyze([]ingest.Activity{lift, run}, p)
	if runs[0].SameDayOrder != OrderRunThenLift {
		t.Errorf("profile zone: order %s, want run_then_lift", runs[0].SameDayOrder)
	}
	if got := lifts[0].LocalDate; got.Year() != 2025 || got.Day() != 3 || got.Location() != ny {
		t.Errorf("lift LocalDate %v", got)
	}
	// The same lift recorded with its own offset of +9 h is on Tue 4 Mar locally.
	lift.HasTZ, lift.TZOffsetS = true, 9*3600
	runs, lifts = Analyze([]ingest.Activity{lift, run}, p)
	if runs[0].SameDayOrder != OrderSeparateDays || lifts[0].LocalDate.Day() != 4 {
		t.Errorf("own offset: order %s, lift date %v", runs[0].SameDayOrder, lifts[0].LocalDate)
	}
	near(t, "gap ignores zones", runs[0].HoursToLift, 12.5, 1e-9)
}

func TestRunFactsFields(t *testing.T) {
	p := testParams()
	a := newAct("R", ingest.KindRun, t0, 45)
	a.TimerS = 0 // missing: elapsed used
	a.Samples = stream(t0, 45*60, func(i int) (float64, float64) { return 150, 3 })
	for i := range a.Samples {
		a.Samples[i].DistanceM = 3 * float64(i)
	}
	r := RunFacts(&a, p, nil)
	near(t, "TRIMP", r.TRIMP, 75.33, 0.01)
	near(t, "HRTSS", r.HRTSS, 45.13, 0.01)
	near(t, "AvgHR", r.AvgHR, 150, 1e-9)
	near(t, "MaxHR", r.MaxHR, 150, 1e-9)
	near(t, "TimerS", r.TimerS, 2700, 0)
	near(t, "MovingS", r.MovingS, 2700, 1e-9)
	near(t, "DistanceM from samples", r.DistanceM, 8100, 1e-9)
	near(t, "NetKcal distance model", r.NetKcal, 70*8.1, 1e-9)
	near(t, "Z4 seconds", r.ZoneS[3], 2700, 1e-9)
	if r.HRSource != "samples" || r.Class != ClassTempo || r.KcalSource != KcalDistance || len(r.Notes) != 1 ||
		r.Athlete != "ann" || !r.LocalDate.Equal(time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("RunFacts = %+v", r)
	}

	// Average HR only.
	b := newAct("B", ingest.KindRun, t0, 45)
	b.AvgHR = 150
	r = RunFacts(&b, p, nil)
	near(t, "TRIMP from average", r.TRIMP, 75.33, 0.01)
	if r.HRSource != "average" || r.Class != ClassUnknown || r.ZoneS != [5]float64{} || r.MovingS != 2700 {
		t.Errorf("average-HR run: %+v", r)
	}
	// No HR at all.
	c := newAct("C", ingest.KindRun, t0, 30)
	r = RunFacts(&c, p, nil)
	if r.HRSource != "none" || !math.IsNaN(r.TRIMP) || !math.IsNaN(r.HRTSS) || r.KcalSource != KcalMET {
		t.Errorf("no-HR run: %+v", r)
	}
	near(t, "MET kcal", r.NetKcal, 30*7*70/60.0, 1e-9)
}

// Properties: outputs do not depend on input order, defined values are
// never NaN, loads are never negative.
func TestAnalyzeProperties(t *testing.T) {
	acts := syntheticAthlete(2, 30) // 2 weeks, 30-s sample step to keep it quick
	acts = append(acts, week()...)
	p := testParams()
	runs0, lifts0 := Analyze(acts, p)
	checkInvariants(t, runs0, lifts0)
	for k := range 5 {
		shuffled := slices.Clone(acts)
		perm(shuffled, uint64(k+1))
		runs, lifts := Analyze(shuffled, p)
		if !equalRuns(runs, runs0) || !equalLifts(lifts, lifts0) {
			t.Fatalf("shuffle %d changed the result", k)
		}
	}
}

func checkInvariants(t *testing.T, runs []Run, lifts []Lift) {
	t.Helper()
	for i, r := range runs {
		if i > 0 && r.Start.Before(runs[i-1].Start) {
			t.Errorf("runs not sorted at %d", i)
		}
		for name, v := range map[string]float64{"ElapsedS": r.ElapsedS, "TimerS": r.TimerS, "MovingS": r.MovingS,
			"NetKcal": r.NetKcal, "Z1": r.ZoneS[0], "Z2": r.ZoneS[1], "Z3": r.ZoneS[2], "Z4": r.ZoneS[3], "Z5": r.ZoneS[4]} {
			if math.IsNaN(v) || v < 0 {
				t.Errorf("run %s: %s = %v", r.ActivityID, name, v)
			}
		}
		if r.HRSource != "none" && (math.IsNaN(r.TRIMP) || r.TRIMP < 0 || math.IsNaN(r.HRTSS)) {
			t.Errorf("run %s: HR source %s but TRIMP %v hrTSS %v", r.ActivityID, r.HRSource, r.TRIMP, r.HRTSS)
		}
		if (r.NearestLiftID == "") != math.IsNaN(r.NearestLiftGapH) || r.NearestLiftGapH < 0 ||
			(r.PrevLiftID == "") != math.IsNaN(r.HoursSinceLift) || (r.NextLiftID == "") != math.IsNaN(r.HoursToLift) {
			t.Errorf("run %s: timing ids and gaps disagree: %+v", r.ActivityID, r)
		}
		if r.Class == "" || r.SameDayOrder == "" || r.KcalSource == "" || r.ActivityID == "" {
			t.Errorf("run %s: empty label: %+v", r.ActivityID, r)
		}
	}
	for _, l := range lifts {
		if math.IsNaN(l.DurationS) || l.DurationS < 0 || math.IsNaN(l.NetKcal) || l.NetKcal < 0 || l.End.Before(l.Start) {
			t.Errorf("lift %s: %+v", l.ActivityID, l)
		}
	}
}

// perm shuffles a deterministically (xorshift).
func perm(a []ingest.Activity, seed uint64) {
	x := seed*2654435761 + 1
	for i := len(a) - 1; i > 0; i-- {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		j := int(x % uint64(i+1))
		a[i], a[j] = a[j], a[i]
	}
}

func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

func equalRuns(a, b []Run) bool {
	return slices.EqualFunc(a, b, func(x, y Run) bool {
		return x.ActivityID == y.ActivityID && same(x.TRIMP, y.TRIMP) && same(x.HoursSinceLift, y.HoursSinceLift) &&
			same(x.HoursToLift, y.HoursToLift) && same(x.NearestLiftGapH, y.NearestLiftGapH) &&
			x.NearestLiftID == y.NearestLiftID && x.SameDayOrder == y.SameDayOrder && x.Class == y.Class &&
			same(x.NetKcal, y.NetKcal) && x.ZoneS == y.ZoneS && slices.Equal(x.Notes, y.Notes)
	})
}

func equalLifts(a, b []Lift) bool {
	return slices.EqualFunc(a, b, func(x, y Lift) bool {
		return x.ActivityID == y.ActivityID && x.Region == y.Region && x.Sets == y.Sets &&
			same(x.TonnageKg, y.TonnageKg) && x.End.Equal(y.End) && same(x.NetKcal, y.NetKcal)
	})
}

// TestLiftRegionVolume pins the per-region facts of LiftFacts: tonnage and
// hard sets per region (a full-body set counts in both), warm-ups (lighter
// than 60 % of the exercise's heaviest set, before it), sets of more than
// 30 reps, the main exercise and the missing session RPE.
func TestLiftRegionVolume(t *testing.T) {
	p := testParams()
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	a := newAct("V", ingest.KindLift, t0, 60)
	a.Sets = []ingest.Set{
		set(at(0), ingest.SetActive, "bench_press", ingest.RegionUpper, 10, 40), // warm-up: 40 < 0.6 × 100, before the 100 kg set
		set(at(2), ingest.SetActive, "bench_press", ingest.RegionUpper, 5, 100),
		set(at(4), ingest.SetActive, "bench_press", ingest.RegionUpper, 8, 50), // after the top set: a back-off set, hard
		set(at(6), ingest.SetActive, "squat", ingest.RegionLower, 10, 60),      // warm-up
		set(at(8), ingest.SetActive, "squat", ingest.RegionLower, 5, 140),
		set(at(9), ingest.SetRest, "", "", -1, math.NaN()),
		set(at(10), ingest.SetActive, "power_clean", ingest.RegionFull, 3, 60),
		set(at(12), ingest.SetActive, "calf_raise", ingest.RegionLower, 40, 20),    // > 30 reps: not hard
		set(at(14), ingest.SetActive, "pull_up", ingest.RegionUpper, 10, 0),        // bodyweight: never a warm-up
		set(at(16), ingest.SetActive, "plank", ingest.RegionUpper, -1, math.NaN()), // reps unknown: hard
	}
	l := LiftFacts(&a, p)
	if l.WarmupSets != 2 || l.LowerHardSets != 2 || l.UpperHardSets != 5 || l.MainExercise != "squat" {
		t.Errorf("warm-ups %d, hard sets lower %d upper %d, main %q; want 2, 2, 5, squat", l.WarmupSets, l.LowerHardSets, l.UpperHardSets, l.MainExercise)
	}
	near(t, "lower tonnage", l.LowerTonnageKg, 10*60+5*140+3*60+40*20, 1e-9)
	near(t, "upper tonnage", l.UpperTonnageKg, 10*40+5*100+8*50+3*60+0, 1e-9)
	if !math.IsNaN(l.SessionRPE) || !math.IsNaN(l.SRPELoad) {
		t.Errorf("session RPE %v load %v, want NaN", l.SessionRPE, l.SRPELoad)
	}

	for _, c := range []struct {
		name string
		sets []ingest.Set
		main string
	}{
		{"no sets", nil, ""},
		{"upper only: first exercise", []ingest.Set{set(t0, ingest.SetActive, "row", ingest.RegionUpper, 8, 60), set(t0, ingest.SetActive, "curl", ingest.RegionUpper, 8, 20)}, "row"},
		{"full before lower: lower wins", []ingest.Set{set(t0, ingest.SetActive, "power_clean", ingest.RegionFull, 3, 60), set(t0, ingest.SetActive, "lunge", ingest.RegionLower, 8, 20)}, "lunge"},
		{"full and upper: full wins", []ingest.Set{set(t0, ingest.SetActive, "bench_press", ingest.RegionUpper, 3, 60), set(t0, ingest.SetActive, "thruster", ingest.RegionFull, 8, 20)}, "thruster"},
	} {
		b := newAct("M", ingest.KindLift, t0, 30)
		b.Sets = c.sets
		if got := LiftFacts(&b, p); got.MainExercise != c.main {
			t.Errorf("%s: main exercise %q, want %q", c.name, got.MainExercise, c.main)
		}
	}
}
