package applehealth

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/internal/corpustest"
)

// appsDir is ../shared/corpus-apps beside the repository.
var appsDir = filepath.Join(corpustest.Dir, "..", "corpus-apps")

func appleFiles(tb testing.TB) []string {
	tb.Helper()
	m, _ := filepath.Glob(filepath.Join(appsDir, "apple", "*.xml"))
	if len(m) == 0 {
		tb.Skipf("no corpus-apps/apple at %s", appsDir)
	}
	sort.Strings(m)
	return m
}

// pyCount is testdata/count_export.py's JSON for one file.
type pyCount struct {
	Records            map[string]int     `json:"records"`
	Workouts           map[string]int     `json:"workouts"`
	Other              map[string]int     `json:"other"`
	CorrelationRecords int                `json:"correlation_records"`
	Weighins           int                `json:"weighins"`
	FoodDays           int                `json:"food_days"`
	HRInWorkouts       int                `json:"hr_in_workouts"`
	SleepAsleepS       map[string]float64 `json:"sleep_asleep_s"` // night → asleep seconds
}

// pythonCounts runs the independent count (python3's xml.etree) over files.
func pythonCounts(tb testing.TB, files ...string) map[string]pyCount {
	tb.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		tb.Skip("python3 not found: no independent count")
	}
	out, err := exec.Command(py, append([]string{"testdata/count_export.py"}, files...)...).Output()
	if err != nil {
		tb.Fatalf("count_export.py: %v", err)
	}
	var m map[string]pyCount
	if err := json.Unmarshal(out, &m); err != nil {
		tb.Fatal(err)
	}
	return m
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func workoutTypes(x Export) map[string]int {
	m := map[string]int{}
	for _, w := range x.Workouts {
		m[w.Type]++
	}
	return m
}

// TestCorpus accounts for every export.xml of corpus-apps/apple: exact
// counts, and the same counts from python3's xml.etree.
func TestCorpus(t *testing.T) {
	files := appleFiles(t)
	want := map[string]struct {
		workouts       map[string]int // by workoutActivityType
		kinds          map[ingest.Kind]int
		records        int // top-level
		weighins, food int
		sleepNights    int
		hrInWorkouts   int // HR samples attached to workouts
		routeNotes     int // routes not read (no opener)
	}{
		"alxdrcirilo_export.xml": {workouts: map[string]int{}, kinds: map[ingest.Kind]int{}, records: 8, sleepNights: 1},
		"dogsheep_export.xml": {workouts: map[string]int{"HKWorkoutActivityTypeRunning": 1},
			kinds: map[ingest.Kind]int{ingest.KindRun: 1}, records: 2},
		"dogsheep_zip_export.xml": {workouts: map[string]int{"HKWorkoutActivityTypeRunning": 1},
			kinds: map[ingest.Kind]int{ingest.KindRun: 1}, records: 2, routeNotes: 1},
		"opendroid_sampleexport_v11.xml": {workouts: map[string]int{"HKWorkoutActivityTypeWalking": 1},
			kinds: map[ingest.Kind]int{ingest.KindCardio: 1}, records: 5, routeNotes: 1},
		"paulstaab_export_running.xml": {workouts: map[string]int{"HKWorkoutActivityTypeRunning": 7, "HKWorkoutActivityTypeCycling": 1},
			kinds: map[ingest.Kind]int{ingest.KindRun: 7, ingest.KindCardio: 1}, records: 5, hrInWorkouts: 5, routeNotes: 4},
		"tdda_export6s3sample.xml": {workouts: map[string]int{"HKWorkoutActivityTypeOther": 1},
			kinds: map[ingest.Kind]int{ingest.KindOther: 1}, records: 15},
	}
	py := pythonCounts(t, files...)
	if len(files) != len(want) {
		t.Errorf("%d export files in the corpus, %d expected: update the table", len(files), len(want))
	}
	for _, p := range files {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("no expectation for %s", name)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			x, err := Read(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			pc := py[p]
			if got := workoutTypes(x); !equalCounts(got, w.workouts) || !equalCounts(got, pc.Workouts) {
				t.Errorf("workouts %v, want %v (python %v)", got, w.workouts, pc.Workouts)
			}
			if !equalCounts(x.Records, pc.Records) || total(x.Records) != w.records {
				t.Errorf("records %v (%d), want %d (python %v)", x.Records, total(x.Records), w.records, pc.Records)
			}
			if !equalCounts(x.Other, pc.Other) || x.CorrelationRecords != pc.CorrelationRecords {
				t.Errorf("other %v / %d correlation records, python %v / %d", x.Other, x.CorrelationRecords, pc.Other, pc.CorrelationRecords)
			}
			if len(x.Weighins) != w.weighins || len(x.Weighins) != pc.Weighins || len(x.Food) != w.food || len(x.Food) != pc.FoodDays {
				t.Errorf("%d weigh-ins, %d food days; want %d, %d (python %d, %d)", len(x.Weighins), len(x.Food),
					w.weighins, w.food, pc.Weighins, pc.FoodDays)
			}
			if len(x.Sleep) != w.sleepNights || len(x.Sleep) != len(pc.SleepAsleepS) {
				t.Errorf("%d sleep nights, want %d (python %d)", len(x.Sleep), w.sleepNights, len(pc.SleepAsleepS))
			}
			for _, n := range x.Sleep {
				if py, ok := pc.SleepAsleepS[n.Date.Format(time.DateOnly)]; !ok || math.Abs(py-n.AsleepS) > 0.5 {
					t.Errorf("night %s asleep %.0f s, python %v (%v)", n.Date.Format(time.DateOnly), n.AsleepS, py, ok)
				}
			}
			d := Convert(x, nil)
			kinds := map[ingest.Kind]int{}
			hr := 0
			for _, a := range d.Activities {
				kinds[a.Kind]++
				hr += a.NumHRSamples()
			}
			if !equalCounts(kinds, w.kinds) || hr != w.hrInWorkouts || hr != pc.HRInWorkouts {
				t.Errorf("kinds %v with %d HR samples, want %v with %d (python %d)", kinds, hr, w.kinds, w.hrInWorkouts, pc.HRInWorkouts)
			}
			n := 0
			for _, s := range d.Notes {
				if strings.Contains(s, "not read (export.xml given alone)") {
					n++
				}
			}
			if n != w.routeNotes {
				t.Errorf("%d route notes, want %d: %q", n, w.routeNotes, d.Notes)
			}
			// The fast path and the encoding/xml reference agree.
			ref, err := readReference(data)
			if err != nil {
				t.Fatalf("reference: %v", err)
			}
			if dump(ref) != dump(x) {
				t.Errorf("fast and reference differ:\n%s\n%s", dump(x), dump(ref))
			}
		})
	}
}

func equalCounts[K comparable](a, b map[K]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// doc wraps body in a minimal export.
func doc(body string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<HealthData locale=\"en_US\">\n" + body + "\n</HealthData>\n")
}

func rec(typ, unit, start, value string) string {
	return `<Record type="` + typ + `" sourceName="Test" unit="` + unit + `" startDate="` + start + `" endDate="` + start + `" value="` + value + `"/>`
}

func mustRead(t *testing.T, data []byte) Export {
	t.Helper()
	x, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := readReference(data)
	if err != nil {
		t.Fatalf("reference: %v", err)
	}
	if dump(ref) != dump(x) {
		t.Fatalf("fast and reference differ:\n%s\n%s", dump(x), dump(ref))
	}
	return x
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(b)) }

// TestUnits converts every unit the export writes, each in its own row.
func TestUnits(t *testing.T) {
	const when = "2024-10-25 07:04:44 -0500"
	for _, tc := range []struct {
		name, body string
		get        func(Export) float64
		want       float64
	}{
		{"kcal", rec(typeEnergy, "kcal", when, "500"), func(x Export) float64 { return x.Food[0].Kcal }, 500},
		{"Cal", rec(typeEnergy, "Cal", when, "500"), func(x Export) float64 { return x.Food[0].Kcal }, 500},
		{"kJ", rec(typeEnergy, "kJ", when, "2092"), func(x Export) float64 { return x.Food[0].Kcal }, 500},
		{"protein g", rec(typeProtein, "g", when, "30"), func(x Export) float64 { return x.Food[0].ProteinG }, 30},
		{"protein mg", rec(typeProtein, "mg", when, "30000"), func(x Export) float64 { return x.Food[0].ProteinG }, 30},
		{"carbs g", rec(typeCarbs, "g", when, "80.5"), func(x Export) float64 { return x.Food[0].CarbsG }, 80.5},
		{"kg", rec(typeMass, "kg", when, "72.5"), func(x Export) float64 { return x.Weighins[0].MassKg }, 72.5},
		{"lb", rec(typeMass, "lb", when, "160"), func(x Export) float64 { return x.Weighins[0].MassKg }, 72.5747792},
		{"bpm", rec(typeResting, "count/min", when, "52"), func(x Export) float64 { return x.RestingHR[0].BPM }, 52},
		{"km", `<Workout workoutActivityType="HKWorkoutActivityTypeRunning" totalDistance="10" totalDistanceUnit="km" startDate="` + when + `" endDate="2024-10-25 08:00:00 -0500"/>`,
			func(x Export) float64 { return x.Workouts[0].DistanceM }, 10000},
		{"mi", `<Workout workoutActivityType="HKWorkoutActivityTypeRunning" totalDistance="3.10686" totalDistanceUnit="mi" startDate="` + when + `" endDate="2024-10-25 08:00:00 -0500"/>`,
			func(x Export) float64 { return x.Workouts[0].DistanceM }, 5000.00649984},
		{"statistics mi", `<Workout workoutActivityType="HKWorkoutActivityTypeRunning" startDate="` + when + `" endDate="2024-10-25 08:00:00 -0500"><WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" sum="1" unit="mi"/></Workout>`,
			func(x Export) float64 { return x.Workouts[0].DistanceM }, 1609.344},
		{"workout Cal", `<Workout workoutActivityType="HKWorkoutActivityTypeWalking" totalEnergyBurned="259" totalEnergyBurnedUnit="Cal" startDate="` + when + `" endDate="2024-10-25 08:00:00 -0500"/>`,
			func(x Export) float64 { return x.Workouts[0].EnergyKcal }, 259},
		{"statistics kJ", `<Workout workoutActivityType="HKWorkoutActivityTypeRunning" startDate="` + when + `" endDate="2024-10-25 08:00:00 -0500"><WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" sum="900" unit="kJ"/></Workout>`,
			func(x Export) float64 { return x.Workouts[0].EnergyKcal }, 215.10516252390056},
		{"duration min", `<Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30.5" durationUnit="min" startDate="` + when + `" endDate="2024-10-25 08:00:00 -0500"/>`,
			func(x Export) float64 { return x.Workouts[0].DurationS }, 1830},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := mustRead(t, doc(tc.body))
			if got := tc.get(x); !near(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	// An unknown unit is dropped and noted, never read as another.
	x := mustRead(t, doc(rec(typeMass, "stone-ish", when, "11")))
	if len(x.Weighins) != 0 || x.BadValues["BodyMass: implausible or unit stone-ish"] != 1 {
		t.Errorf("unknown unit: %d weigh-ins, bad %v", len(x.Weighins), x.BadValues)
	}
}

// TestDates: the offset in each date places the instant and the local day.
func TestDates(t *testing.T) {
	for _, tc := range []struct {
		in  string
		utc string
		off int
		ok  bool
	}{
		{"2024-10-25 07:04:44 -0500", "2024-10-25T12:04:44Z", -5 * 3600, true},
		{"2024-01-01 23:30:00 +0200", "2024-01-01T21:30:00Z", 7200, true},
		{"2024-01-01 23:30:00 +0530", "2024-01-01T18:00:00Z", 5*3600 + 1800, true},
		{"2024-01-01T23:30:00Z", "2024-01-01T23:30:00Z", 0, true},
		{"2024-02-30 10:00:00 +0000", "", 0, false},
		{"2024-01-01 10:00:00", "", 0, false},
		{"2024-01-01 10:00:00 +1500", "", 0, false},
	} {
		tm, off, ok := parseDate([]byte(tc.in))
		if ok != tc.ok || ok && (tm.Format(time.RFC3339) != tc.utc || off != tc.off) {
			t.Errorf("parseDate(%q) = %v %d %v, want %s %d %v", tc.in, tm, off, ok, tc.utc, tc.off, tc.ok)
		}
	}
}

// TestFood sums top-level dietary records per local day; the records a
// food Correlation repeats are not added again.
func TestFood(t *testing.T) {
	body := rec(typeEnergy, "kcal", "2024-03-01 08:00:00 -0500", "500") +
		rec(typeEnergy, "kcal", "2024-03-01 23:30:00 -0500", "300") + // 04:30 UTC the next day: still March 1 locally
		rec(typeProtein, "g", "2024-03-01 08:00:00 -0500", "40") +
		rec(typeEnergy, "kJ", "2024-03-02 12:00:00 -0500", "4184") +
		`<Correlation type="HKCorrelationTypeIdentifierFood" sourceName="Test" startDate="2024-03-01 08:00:00 -0500" endDate="2024-03-01 08:00:00 -0500">` +
		rec(typeEnergy, "kcal", "2024-03-01 08:00:00 -0500", "500") + rec(typeProtein, "g", "2024-03-01 08:00:00 -0500", "40") +
		`</Correlation>`
	x := mustRead(t, doc(body))
	if len(x.Food) != 2 {
		t.Fatalf("%d food days: %+v", len(x.Food), x.Food)
	}
	d1, d2 := x.Food[0], x.Food[1]
	if d1.Date.Format("2006-01-02") != "2024-03-01" || d1.Kcal != 800 || d1.ProteinG != 40 || !math.IsNaN(d1.CarbsG) {
		t.Errorf("day 1: %+v", d1)
	}
	if d2.Date.Format("2006-01-02") != "2024-03-02" || !near(d2.Kcal, 1000) || !math.IsNaN(d2.ProteinG) {
		t.Errorf("day 2: %+v", d2)
	}
	if x.CorrelationRecords != 2 || x.Correlations != 1 {
		t.Errorf("correlation records %d in %d", x.CorrelationRecords, x.Correlations)
	}
	// Direction: one more top-level record raises that day's total; one
	// more correlation child changes nothing.
	more := mustRead(t, doc(body+rec(typeEnergy, "kcal", "2024-03-01 12:00:00 -0500", "100")))
	if more.Food[0].Kcal != 900 {
		t.Errorf("with one more record: %v kcal", more.Food[0].Kcal)
	}
	child := mustRead(t, doc(body+`<Correlation type="HKCorrelationTypeIdentifierFood" sourceName="Test" startDate="2024-03-01 12:00:00 -0500" endDate="2024-03-01 12:00:00 -0500">`+
		rec(typeEnergy, "kcal", "2024-03-01 12:00:00 -0500", "100")+`</Correlation>`))
	if child.Food[0].Kcal != 800 {
		t.Errorf("with one more correlation child: %v kcal", child.Food[0].Kcal)
	}
	d := Convert(x, nil)
	if len(d.Intake) != 2 || d.Intake[0].Kcal != 800 || !math.IsNaN(d.Intake[0].RunCarbsG) {
		t.Errorf("intake %+v", d.Intake)
	}
}

// TestSleepAndResting: stages are one night (union, not sum, of two
// sources' overlapping intervals); awake is not asleep; resting HR is
// averaged per day.
func TestSleepAndResting(t *testing.T) {
	sl := func(src, s, e, v string) string {
		return `<Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="` + src + `" startDate="` + s + `" endDate="` + e + `" value="HKCategoryValueSleepAnalysis` + v + `"/>`
	}
	body := sl("Watch", "2024-03-01 23:00:00 +0100", "2024-03-02 01:00:00 +0100", "AsleepCore") +
		sl("Watch", "2024-03-02 01:00:00 +0100", "2024-03-02 01:30:00 +0100", "Awake") +
		sl("Watch", "2024-03-02 01:30:00 +0100", "2024-03-02 06:30:00 +0100", "AsleepDeep") +
		sl("AutoSleep", "2024-03-02 00:00:00 +0100", "2024-03-02 02:00:00 +0100", "Asleep") + // overlaps both
		sl("Phone", "2024-03-01 22:45:00 +0100", "2024-03-02 07:00:00 +0100", "InBed") +
		rec(typeResting, "count/min", "2024-03-02 07:00:00 +0100", "50") +
		rec(typeResting, "count/min", "2024-03-02 19:00:00 +0100", "54")
	x := mustRead(t, doc(body))
	if len(x.Sleep) != 1 {
		t.Fatalf("%d nights: %+v", len(x.Sleep), x.Sleep)
	}
	n := x.Sleep[0]
	// 23:00–02:00 (core and AutoSleep joined) + 01:30–06:30 → 23:00–06:30 = 7.5 h.
	if n.Date.Format("2006-01-02") != "2024-03-02" || n.AsleepS != 7.5*3600 || n.InBedS != 8.25*3600 || len(n.Sources) != 3 {
		t.Errorf("night %+v", n)
	}
	if len(x.RestingHR) != 1 || x.RestingHR[0].BPM != 52 || x.RestingHR[0].N != 2 {
		t.Errorf("resting %+v", x.RestingHR)
	}
}

// TestWorkout: pauses from events, statistics, HR records inside the
// span become samples (and only those), kinds by type.
func TestWorkout(t *testing.T) {
	w := `<Workout workoutActivityType="HKWorkoutActivityTypeRunning" sourceName="Watch" startDate="2024-05-01 07:00:00 +0200" endDate="2024-05-01 08:00:00 +0200">
  <WorkoutEvent type="HKWorkoutEventTypePause" date="2024-05-01 07:20:00 +0200"/>
  <WorkoutEvent type="HKWorkoutEventTypeResume" date="2024-05-01 07:25:00 +0200"/>
  <WorkoutEvent type="HKWorkoutEventTypeMotionPaused" date="2024-05-01 07:50:00 +0200"/>
  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="2024-05-01 07:00:00 +0200" duration="10" durationUnit="min"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" average="150" minimum="100" maximum="181" unit="count/min"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" sum="10.2" unit="km"/>
  <MetadataEntry key="HKIndoorWorkout" value="1"/>
  <WorkoutRoute sourceName="Watch" startDate="2024-05-01 07:00:00 +0200" endDate="2024-05-01 08:00:00 +0200">
    <Location date="2024-05-01 07:00:01 +0200" latitude="52.1" longitude="4.3" altitude="3" speed="2.5"/>
    <Location date="2024-05-01 07:00:10 +0200" latitude="52.1001" longitude="4.3" altitude="3" speed="2.6"/>
  </WorkoutRoute>
</Workout>`
	hr := rec(typeHR, "count/min", "2024-05-01 07:00:10 +0200", "140") +
		rec(typeHR, "count/min", "2024-05-01 07:30:00 +0200", "155") +
		rec(typeHR, "count/min", "2024-05-01 08:30:00 +0200", "90") // after the workout
	x := mustRead(t, doc(hr+w))
	d := Convert(x, nil)
	if len(d.Activities) != 1 {
		t.Fatalf("%d activities", len(d.Activities))
	}
	a := d.Activities[0]
	if a.Kind != ingest.KindRun || a.SubSport != "treadmill" || a.ElapsedS != 3600 || a.TimerS != 3600-300-600 ||
		a.DistanceM != 10200 || a.AvgHR != 150 || a.MaxHR != 181 || a.TZOffsetS != 7200 || !a.HasTZ {
		t.Errorf("activity %+v", a)
	}
	if len(a.Samples) != 3 || a.NumHRSamples() != 2 || a.Samples[1].HR != 140 || a.Samples[1].Lat != 52.1001 {
		t.Errorf("samples %+v", a.Samples)
	}
	// Direction: an HR record inside the span adds an HR sample; one
	// outside does not.
	in := Convert(mustRead(t, doc(hr+rec(typeHR, "count/min", "2024-05-01 07:40:00 +0200", "160")+w)), nil).Activities[0]
	out := Convert(mustRead(t, doc(hr+rec(typeHR, "count/min", "2024-05-01 06:59:00 +0200", "60")+w)), nil).Activities[0]
	if in.NumHRSamples() != 3 || out.NumHRSamples() != 2 {
		t.Errorf("HR samples with one inside %d, outside %d", in.NumHRSamples(), out.NumHRSamples())
	}
	for typ, want := range map[string]ingest.Kind{
		"Running": ingest.KindRun, "TraditionalStrengthTraining": ingest.KindLift, "FunctionalStrengthTraining": ingest.KindLift,
		"Cycling": ingest.KindCardio, "Walking": ingest.KindCardio, "Hiking": ingest.KindCardio, "Rowing": ingest.KindCardio,
		"Elliptical": ingest.KindCardio, "StairClimbing": ingest.KindCardio, "Swimming": ingest.KindCardio,
		"HighIntensityIntervalTraining": ingest.KindOther, "Yoga": ingest.KindOther, "CoreTraining": ingest.KindOther,
		"Other": ingest.KindOther, "DownhillSkiing": ingest.KindOther, "CrossTraining": ingest.KindOther,
	} {
		x := mustRead(t, doc(`<Workout workoutActivityType="HKWorkoutActivityType`+typ+`" startDate="2024-05-01 07:00:00 +0200" endDate="2024-05-01 08:00:00 +0200"/>`))
		if k := Convert(x, nil).Activities[0].Kind; k != want {
			t.Errorf("%s: kind %s, want %s", typ, k, want)
		}
	}
}

// TestBrokenDoctype: the iOS 16 DOCTYPE (an ATTLIST never closed) stops
// encoding/xml and python's expat; the importer reads past it and says so.
func TestBrokenDoctype(t *testing.T) {
	data := []byte(GenerateHead + rec(typeMass, "kg", "2024-10-25 07:04:44 -0500", "70") + "\n</HealthData>\n")
	if err := plainXML(data); err == nil {
		t.Fatal("encoding/xml reads the broken DOCTYPE; the test shows nothing")
	}
	x := mustRead(t, data)
	if len(x.Weighins) != 1 || len(x.BrokenDecls) != 1 || x.BrokenDecls[0] != "ATTLIST VisionPrescription" {
		t.Fatalf("weigh-ins %d, broken %q", len(x.Weighins), x.BrokenDecls)
	}
	d := Convert(x, nil)
	if !strings.Contains(strings.Join(d.Notes, "; "), "broken DOCTYPE (the iOS 16 export bug): ATTLIST VisionPrescription never closed") {
		t.Errorf("notes %q", d.Notes)
	}
	// A well-formed DOCTYPE is no note.
	good := strings.Replace(GenerateHead, "  brand            CDATA #IMPLIED\n", "  brand            CDATA #IMPLIED\n>\n", 1)
	x = mustRead(t, []byte(good+"</HealthData>\n"))
	if len(x.BrokenDecls) != 0 {
		t.Errorf("well-formed DOCTYPE flagged: %q", x.BrokenDecls)
	}
	if err := plainXML([]byte(good + "</HealthData>\n")); err != nil {
		t.Errorf("the repaired head does not parse with encoding/xml: %v", err)
	}
	if py, err := exec.LookPath("python3"); err == nil {
		f := filepath.Join(t.TempDir(), "export.xml")
		os.WriteFile(f, data, 0o644)
		if err := exec.Command(py, "-c", "import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])", f).Run(); err == nil {
			t.Error("python's xml.etree reads the broken DOCTYPE")
		}
	}
}

// TestControlChars: a U+000B in a value (real exports have them) stops
// encoding/xml; the importer replaces it, reads on, and notes it.
func TestControlChars(t *testing.T) {
	data := doc(`<Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale` + "\v" + `" unit="kg" startDate="2024-10-25 07:04:44 -0500" endDate="2024-10-25 07:04:44 -0500" value="70"/>` +
		"\n<MetadataEntry key=\"x\" value=\"a\x0bb\x01\"/>")
	if err := plainXML(data); err == nil {
		t.Fatal("encoding/xml reads U+000B; the test shows nothing")
	}
	x := mustRead(t, data)
	if x.ControlChars != 3 || len(x.Weighins) != 1 || x.Weighins[0].Source != "Scale " {
		t.Fatalf("control chars %d, weigh-ins %+v", x.ControlChars, x.Weighins)
	}
	first := int64(bytes.IndexByte(data, '\v'))
	if x.FirstControl != first {
		t.Errorf("first at %d, want %d", x.FirstControl, first)
	}
	if n := strings.Join(Convert(x, nil).Notes, "; "); !strings.Contains(n, "3 control character(s) replaced by spaces") {
		t.Errorf("notes %q", n)
	}
}

func plainXML(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return nil
			}
			return err
		}
	}
}

// TestNotExport: other XML is skipped with a reason, broken XML fails
// naming what is wrong.
func TestNotExport(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		skip     bool
	}{
		{`<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"></ClinicalDocument>`, "clinical document", true},
		{`<gpx version="1.1"></gpx>`, "not an Apple Health export: root element <gpx>", true},
		{``, "no XML element", true},
		{`<HealthData><Record type="x" value="1"/>`, "the file ends inside <HealthData> (truncated?)", false},
		{`<HealthData><Record type="x></HealthData>`, "the file ends inside", false},
		{`<HealthData></Workout>`, "end tag </Workout> does not match <HealthData>", false},
	} {
		_, err := Decode(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) || ingest.IsSkip(err) != tc.skip {
			t.Errorf("%q: error %v (skip %v), want %q (skip %v)", tc.in, err, ingest.IsSkip(err), tc.want, tc.skip)
		}
	}
}

// TestFastMatchesReference runs the generated export (every element kind
// the generator writes) through both parsers, and through the fast one a
// byte at a time (a refill inside every token).
func TestFastMatchesReference(t *testing.T) {
	var buf bytes.Buffer
	if err := Generate(&buf, 2<<20, 7); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	x := mustRead(t, data)
	if len(x.Workouts) == 0 || len(x.Food) == 0 || len(x.Sleep) == 0 || len(x.Weighins) == 0 || len(x.RestingHR) == 0 {
		t.Fatalf("generated export lacks something: %d workouts, %d food days, %d nights, %d weigh-ins, %d resting",
			len(x.Workouts), len(x.Food), len(x.Sleep), len(x.Weighins), len(x.RestingHR))
	}
	small := data[:0:0]
	small = append(small, GenerateHead...)
	small = append(small, data[len(GenerateHead):len(GenerateHead)+20000]...)
	cut := bytes.LastIndex(small, []byte("\n <Record"))
	small = append(small[:cut], "\n</HealthData>\n"...)
	want, err := readReference(small)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read(&oneByteReader{b: bytes.Clone(small)})
	if err != nil {
		t.Fatal(err)
	}
	if dump(got) != dump(want) {
		t.Errorf("byte-at-a-time read differs")
	}
}
