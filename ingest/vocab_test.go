package ingest

import (
	"bufio"
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestRegionOf(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Region
	}{
		{"squat", RegionLower},
		{"Squat (Barbell)", RegionLower},
		{"Bulgarian Split Squat", RegionLower},
		{"Romanian Deadlift (Dumbbell)", RegionLower},
		{"deadlift", RegionLower},
		{"lunge", RegionLower},
		{"Leg Press", RegionLower},
		{"bench_press", RegionUpper},
		{"Bench Press (Barbell)", RegionUpper},
		{"Overhead Press (Barbell)", RegionUpper},
		{"shoulder_press", RegionUpper},
		{"Bent Over Row (Barbell)", RegionUpper},
		{"Pull Up", RegionUpper},
		{"olympic_lift", RegionFull},
		{"Power Clean", RegionFull},
		{"total_body", RegionFull},
		{"", RegionUnknown},
		{"Yoga flow", RegionUnknown},
		// Lift-app names (Strong, Hevy, FitNotes).
		{"Hip Adduction (Machine)", RegionLower}, // "machine" holds "chin": no pull-up
		{"Hip Abduction (Machine)", RegionLower},
		{"Seated Leg Curl (Machine)", RegionLower},
		{"Calf Press (Machine)", RegionLower},
		{"Sled Push", RegionLower},
		{"Clean and Jerk (Barbell)", RegionFull},
		{"Split Jerk (Barbell)", RegionFull},
		{"Kettlebell Carry", RegionFull},
		{"Skullcrusher (Barbell)", RegionUpper},
		{"Pec Deck (Machine)", RegionUpper},
		{"Chin Up", RegionUpper},
		{"Back Extension (Weighted Hyperextension)", RegionUpper},
		{"Parallel Bar Triceps Dip", RegionUpper},
		{"Flat Dumbbell Bench Press", RegionUpper},
		{"Running (Treadmill)", RegionUnknown},
		{"Rowing Machine", RegionUnknown},
		{"Stair Machine", RegionUnknown},
		{"Warm Up", RegionUnknown},
	} {
		if got := RegionOf(tc.in); got != tc.want {
			t.Errorf("RegionOf(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestCombineRegions(t *testing.T) {
	for _, tc := range []struct {
		in   []Region
		want Region
	}{
		{nil, RegionUnknown},
		{[]Region{RegionLower, RegionLower}, RegionLower},
		{[]Region{RegionUpper, RegionUnknown}, RegionUpper},
		{[]Region{RegionUpper, RegionLower}, RegionFull},
		{[]Region{RegionFull}, RegionFull},
	} {
		if got := CombineRegions(tc.in...); got != tc.want {
			t.Errorf("CombineRegions(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		sport, sub string
		sets       bool
		want       Kind
	}{
		{"running", "", false, KindRun},
		{"running", "trail", false, KindRun},
		{"running", "treadmill", false, KindRun},
		{"fitness_equipment", "treadmill", false, KindRun},
		{"training", "strength_training", false, KindLift},
		{"training", "", false, KindLift},
		{"training", "yoga", false, KindOther},
		{"generic", "", true, KindLift},
		{"cycling", "road", false, KindCardio},
		{"rowing", "", false, KindCardio},
		{"fitness_equipment", "elliptical", false, KindCardio},
		{"walking", "", false, KindCardio},
		{"hiking", "", false, KindCardio},
		{"swimming", "lap_swimming", false, KindCardio},
		{"snorkeling", "", false, KindOther},
		{"", "", false, KindOther},
	} {
		if got := Classify(tc.sport, tc.sub, tc.sets); got != tc.want {
			t.Errorf("Classify(%q, %q, %v) = %s, want %s", tc.sport, tc.sub, tc.sets, got, tc.want)
		}
	}
}

func TestReadProfile(t *testing.T) {
	for _, tc := range []struct {
		in      string
		wantErr string
	}{
		{`{"name":"a","sex":"Male","age":30,"body_mass_kg":80,"hr_max":190,"hr_rest":50,"goal":"hypertrophy","time_zone":"Europe/Berlin"}`, ""},
		{`{}`, ""},
		{`{"hrmax":190}`, ""}, // kept with a note: profile_test.go
		{`{"sex":"robot"}`, `sex "robot" is not one of`},
		{`{"goal":"speed"}`, `goal "speed"`},
		{`{"hr_max":300}`, "hr_max 300 is outside"},
		{`{"hr_max":110,"hr_rest":115}`, "must be below hr_max"},
		{`{"name":`, "unexpected end of JSON input"},
		{`{"fat_free_mass_kg":68,"body_mass_kg":80,"body_fat_pct":15}`, ""},
		{`{"fat_free_mass_kg":8}`, "fat_free_mass_kg 8 is outside"},
		{`{"fat_free_mass_kg":85,"body_mass_kg":80}`, "must be below body_mass_kg"},
		{`{"tuning":{"order_lift_first":0.8,"anything_else":1}}`, ""}, // names are the scorer's to check
		{`{"tuning":{"order_lift_first":"high"}}`, "tuning"},
		{`{"tuning":[1]}`, `tuning "[1]": is a JSON array`},
	} {
		p, err := ReadProfile(strings.NewReader(tc.in))
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tc.in, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: got %v, want error containing %q", tc.in, err, tc.wantErr)
		case tc.wantErr == "" && strings.Contains(tc.in, "Male") && p.Sex != "male":
			t.Errorf("sex not normalized: %q", p.Sex)
		}
	}
}

func TestProfileMerge(t *testing.T) {
	file := Profile{Name: "a", Sex: "male", HRMax: 190, Goal: "strength", FatFreeMassKg: 60,
		Tuning: map[string]float64{"order_lift_first": 0.8, "min_log_days": 5}}
	got := file.Merge(Profile{HRMax: 185, TimeZone: "UTC", Tuning: map[string]float64{"min_log_days": 3}})
	want := Profile{Name: "a", Sex: "male", HRMax: 185, Goal: "strength", TimeZone: "UTC", FatFreeMassKg: 60,
		Tuning: map[string]float64{"order_lift_first": 0.8, "min_log_days": 3}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Merge = %+v, want %+v", got, want)
	}
	if file.Tuning["min_log_days"] != 5 {
		t.Errorf("Merge wrote through to the file's tuning map: %v", file.Tuning)
	}
	if got := file.Merge(Profile{}); !reflect.DeepEqual(got, file) {
		t.Errorf("Merge with an empty profile = %+v, want %+v", got, file)
	}
}

func TestProfileIsZero(t *testing.T) {
	if p := (Profile{}); !p.IsZero() {
		t.Error("empty profile not zero")
	}
	for _, p := range []Profile{{FatFreeMassKg: 60}, {Tuning: map[string]float64{"x": 1}}, {Phase: "cut"}} {
		if p.IsZero() {
			t.Errorf("%+v reported zero", p)
		}
	}
}

func TestActivityIDStable(t *testing.T) {
	a := Activity{Athlete: "a", Format: "fit", Start: time.Date(2026, 1, 1, 7, 0, 0, 0, time.UTC), Kind: KindRun, Sport: "running"}
	b := a
	b.Source = "elsewhere/x.fit"
	if ActivityID(&a) != ActivityID(&b) {
		t.Error("the id must not depend on the file's path")
	}
	b.Start = b.Start.Add(time.Second)
	if ActivityID(&a) == ActivityID(&b) {
		t.Error("different starts must give different ids")
	}
	if len(ActivityID(&a)) != 16 {
		t.Errorf("id %q: want 16 hex digits", ActivityID(&a))
	}
}

func TestPlaceInZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no zoneinfo:", err)
	}
	wall := time.Date(2026, 7, 6, 18, 30, 0, 0, time.UTC) // 18:30 wall clock, summer time
	a := Activity{Start: wall, Floating: true, Sets: []Set{{Start: wall.Add(time.Minute)}, {}}}
	PlaceInZone(&a, berlin)
	if want := time.Date(2026, 7, 6, 16, 30, 0, 0, time.UTC); !a.Start.Equal(want) || a.TZOffsetS != 7200 || a.Floating {
		t.Errorf("placed: start %v offset %d floating %v; want %v, 7200, false", a.Start, a.TZOffsetS, a.Floating, want)
	}
	if !a.Sets[0].Start.Equal(time.Date(2026, 7, 6, 16, 31, 0, 0, time.UTC)) || !a.Sets[1].Start.IsZero() {
		t.Errorf("sets not placed: %v", a.Sets)
	}
	exact := Activity{Start: wall}
	PlaceInZone(&exact, berlin)
	if !exact.Start.Equal(wall) {
		t.Error("a non-floating activity must not move")
	}
}

func TestReadAll(t *testing.T) {
	data := bytes.Repeat([]byte("gainguard "), 1000)
	for _, tc := range []struct {
		name string
		r    io.Reader
	}{
		{"no hint", bytes.NewReader(data)},
		{"exact hint", sizedReader{bufio.NewReader(bytes.NewReader(data)), int64(len(data))}},
		{"hint too small", sizedReader{bufio.NewReader(bytes.NewReader(data)), 10}},
		{"hint too large", sizedReader{bufio.NewReader(bytes.NewReader(data)), 1 << 20}},
	} {
		got, err := ReadAll(tc.r)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: %d bytes, %v", tc.name, len(got), err)
		}
	}
}
