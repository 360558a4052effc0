package csvlog

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
)

// corpusDir is the shared corpus of real exports, relative to this package.
const corpusDir = "../../../shared/corpus"

// want is what Decode makes of one file.
type want struct {
	kind      Kind
	workouts  int
	sets      int
	reps      int     // total over active sets with known reps
	tonnageKg float64 // Σ reps × kg over active sets with both known
	first     string  // first activity's Start (or first day / reading), RFC 3339
	precision ingest.Precision
	records   int    // food days or body readings
	note      string // substring of some note
}

// corpusWant covers every file of the corpus's csv/ folder.
var corpusWant = map[string]want{
	// Real user data (an Olympic lifter). MANIFEST says "weights in lb",
	// but the export names no unit and the loads (snatch ≤ 75, squat 135,
	// clean and jerk 102.5) are kg: read as kg, as for every unit-less
	// Strong export. 2 workouts with 42 h/83 h durations (timer left
	// running) get an unknown duration; 21 timed rows are cardio.
	"csv/strong.csv": {Strong, 86, 1903, 7432, 394186, "2020-12-30T18:51:52Z", ingest.PrecisionExact, 0,
		"2 workout durations over 12 h taken as unknown"},
	"csv/sample_strong.csv":        {Strong, 15, 250, 2830, 49237.4, "2024-11-28T17:36:08Z", ingest.PrecisionExact, 0, "250 weights without a unit read as kg"},
	"csv/sample_strong_legacy.csv": {Strong, 3, 6, 33, 1240, "2024-11-28T17:36:08Z", ingest.PrecisionExact, 0, ""},
	// 275 "Warm Up" rows with duration_seconds only are cardio sets.
	"csv/sample_hevy.csv": {Hevy, 335, 7211, 72679, 2304917.0, "2024-07-03T15:36:00Z", ingest.PrecisionExact, 0,
		"2195 warm-up, 43 drop and 1122 failure sets kept as active sets"},
	"csv/FitNotes_Export_2025_05_21_08_39_11.csv": {FitNotes, 141, 750, 7700, 281635.73, "2022-09-14T12:00:00Z", ingest.PrecisionDate, 0,
		"750 weights in lbs converted to kg"},
}

// testdataWant covers the hand-written exports of dialects and locales the
// corpus lacks.
var testdataWant = map[string]want{
	"strong_semicolon.csv": {Strong, 2, 11, 61, 2880.31, "2023-03-01T07:00:00Z", ingest.PrecisionExact, 0, "1 row skipped: unreadable reps on line 12"},
	"strong_v6.csv":        {Strong, 2, 12, 73, 4620, "2024-01-15T08:30:00Z", ingest.PrecisionExact, 0, "1 rest-timer rows kept as rest sets"},
	"hevy_lbs.csv":         {Hevy, 2, 11, 71, 6367.07, "2026-09-14T18:05:00Z", ingest.PrecisionExact, 0, "1 negative (assisted) weights stored as 0"},
	"lift_generic.csv":     {GenericLift, 3, 12, 82, 5727.23, "2025-02-03T06:45:00Z", ingest.PrecisionExact, 0, "1 row skipped: unreadable weight on line 12"},
	"food_generic.csv":     {Food, 0, 0, 0, 0, "2025-03-01T00:00:00Z", "", 8, "1 days summed from several rows (meals)"},
	"mfp_nutrition.csv":    {MyFitnessPal, 0, 0, 0, 0, "2024-01-15T00:00:00Z", "", 3, "total row"},
	"body_generic_tab.csv": {Body, 0, 0, 0, 0, "2025-01-06T07:02:00Z", ingest.PrecisionExact, 9, "9 weights in lbs converted to kg"},
	"body_semicolon.csv":   {Body, 0, 0, 0, 0, "2025-02-01T12:00:00Z", ingest.PrecisionDate, 10, ""},
	"withings_weight.csv":  {Body, 0, 0, 0, 0, "2024-03-01T07:05:30Z", ingest.PrecisionExact, 10, ""},
}

func decodePath(tb testing.TB, path string) (ingest.Decoded, error) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return Decode(bytes.NewReader(data))
}

func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "csv", "*"))
	if len(files) == 0 {
		t.Skipf("shared corpus not found at %s", corpusDir)
	}
	seen := map[string]bool{}
	for _, p := range files {
		rel := "csv/" + filepath.Base(p)
		seen[rel] = true
		t.Run(rel, func(t *testing.T) {
			w, ok := corpusWant[rel]
			if !ok {
				t.Fatalf("corpus file %s has no entry in corpusWant", rel)
			}
			check(t, p, w)
		})
	}
	for rel := range corpusWant {
		if !seen[rel] {
			t.Errorf("%s is in corpusWant but not in the corpus", rel)
		}
	}
}

func TestTestdata(t *testing.T) {
	for name, w := range testdataWant {
		t.Run(name, func(t *testing.T) { check(t, filepath.Join("testdata", name), w) })
	}
}

func check(t *testing.T, path string, w want) {
	t.Helper()
	d, err := decodePath(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Notes) == 0 || d.Notes[0] != "format: "+string(w.kind) {
		t.Errorf("notes %q: want first \"format: %s\"", d.Notes, w.kind)
	}
	if w.note != "" && !containsNote(d.Notes, w.note) {
		t.Errorf("notes %q lack %q", d.Notes, w.note)
	}
	sets, reps, ton := tally(d.Activities)
	if len(d.Activities) != w.workouts || sets != w.sets || reps != w.reps || math.Abs(ton-w.tonnageKg) > 0.01 {
		t.Errorf("workouts %d sets %d reps %d tonnage %.2f; want %d %d %d %.2f",
			len(d.Activities), sets, reps, ton, w.workouts, w.sets, w.reps, w.tonnageKg)
	}
	if got := len(d.Intake) + len(d.Body); got != w.records {
		t.Errorf("%d records, want %d", got, w.records)
	}
	var first time.Time
	var prec ingest.Precision
	switch {
	case len(d.Activities) > 0:
		first, prec = d.Activities[0].Start, d.Activities[0].Precision
	case len(d.Intake) > 0:
		first = d.Intake[0].Date
	case len(d.Body) > 0:
		first, prec = d.Body[0].Time, d.Body[0].Precision
	}
	if got := first.Format(time.RFC3339); got != w.first || prec != w.precision {
		t.Errorf("first %s %s, want %s %s", got, prec, w.first, w.precision)
	}
	checkInvariants(t, d)
}

func containsNote(notes []string, sub string) bool {
	for _, n := range notes {
		if strings.Contains(n, sub) {
			return true
		}
	}
	return false
}

// tally counts sets, reps and tonnage (active sets with known reps and
// weight) over activities.
func tally(acts []ingest.Activity) (sets, reps int, ton float64) {
	for _, a := range acts {
		sets += len(a.Sets)
		for _, s := range a.Sets {
			if s.Type != ingest.SetActive || s.Reps < 0 {
				continue
			}
			reps += s.Reps
			if ingest.Known(s.WeightKg) {
				ton += float64(s.Reps) * s.WeightKg
			}
		}
	}
	return
}

// checkInvariants holds for everything Decode returns.
func checkInvariants(t testing.TB, d ingest.Decoded) {
	t.Helper()
	for i, a := range d.Activities {
		if a.Index != i || a.Kind != ingest.KindLift || a.Sport != "training" || a.SubSport != "strength_training" || a.Format != "csv" {
			t.Fatalf("activity %d: bookkeeping %d %s %s/%s %s", i, a.Index, a.Kind, a.Sport, a.SubSport, a.Format)
		}
		if a.Start.IsZero() || a.Start.Location() != time.UTC || !(a.ElapsedS >= 0) || a.ElapsedS > maxWorkoutS || len(a.Sets) == 0 {
			t.Fatalf("activity %d: start %v elapsed %v sets %d", i, a.Start, a.ElapsedS, len(a.Sets))
		}
		if a.Precision != ingest.PrecisionExact && a.Precision != ingest.PrecisionDate {
			t.Fatalf("activity %d: precision %q", i, a.Precision)
		}
		if a.Precision == ingest.PrecisionDate && (a.Start.Hour() != 12 || a.Start.Minute() != 0) {
			t.Fatalf("activity %d: date precision at %v", i, a.Start)
		}
		if i > 0 && a.Start.Before(d.Activities[i-1].Start) {
			t.Fatalf("activity %d out of order", i)
		}
		for j, s := range a.Sets {
			if s.Start.Before(a.Start) || s.Start.After(a.End()) || (j > 0 && s.Start.Before(a.Sets[j-1].Start)) {
				t.Fatalf("activity %d set %d: start %v outside %v–%v", i, j, s.Start, a.Start, a.End())
			}
			if s.Reps < -1 || (ingest.Known(s.WeightKg) && (s.WeightKg < 0 || math.IsInf(s.WeightKg, 0))) ||
				(ingest.Known(s.DurationS) && !(s.DurationS > 0)) || s.Region == "" {
				t.Fatalf("activity %d set %d: %+v", i, j, s)
			}
			if s.Type == ingest.SetActive && s.Exercise == "" {
				t.Fatalf("activity %d set %d: no exercise", i, j)
			}
		}
	}
	for i, x := range d.Intake {
		if x.Date.Location() != time.UTC || x.Date.Hour() != 0 || (i > 0 && !x.Date.After(d.Intake[i-1].Date)) {
			t.Fatalf("intake %d: date %v", i, x.Date)
		}
		for _, v := range []float64{x.Kcal, x.ProteinG, x.CarbsG, x.RunCarbsG} {
			if ingest.Known(v) && (v < 0 || math.IsInf(v, 0)) {
				t.Fatalf("intake %d: %+v", i, x)
			}
		}
	}
	for i, b := range d.Body {
		if b.Time.Location() != time.UTC || (i > 0 && b.Time.Before(d.Body[i-1].Time)) {
			t.Fatalf("body %d: time %v", i, b.Time)
		}
		if !(b.MassKg > 0) && !(b.FatPct > 0) && !(b.MuscleKg > 0) {
			t.Fatalf("body %d: no value %+v", i, b)
		}
	}
}

func decodeString(t *testing.T, s string) (ingest.Decoded, error) {
	t.Helper()
	return Decode(strings.NewReader(s))
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   Kind
	}{
		{"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE", Strong},
		{`"Workout #","Date","Workout Name","Duration (sec)","Exercise Name","Set Order","Weight (kg)","Reps","RPE","Distance (meters)","Seconds","Notes","Workout Notes"`, Strong},
		{`"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"`, Hevy},
		{"Date,Exercise,Category,Weight (kg),Reps,Distance,Distance Unit,Time", FitNotes},
		{"Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment", FitNotes},
		{"date,time,exercise,set,reps,weight,unit,rpe,workout", GenericLift},
		{"DATE,EXERCISE,REPS,WEIGHT_KG", GenericLift},
		{"date,kcal,protein_g,carbs_g", Food},
		{"Date,Calories,Protein,Carbohydrate_g,Fat_g", Food},
		{"date,energy_kcal", Food},
		{"Date,Meal,Calories,Fat (g),Carbohydrates (g),Protein (g)", MyFitnessPal},
		{"date,weight_kg", Body},
		{"date,time,weight,unit,body_fat_pct,muscle_kg", Body},
		{"Date,Body Fat %,Weight", Body},
		{`Date,"Weight (kg)","Fat mass (kg)","Bone mass (kg)","Muscle mass (kg)","Hydration (kg)",Comments`, Body},
		{"Activity ID,Activity Date,Activity Name,Activity Type,Activity Description", StravaActivities},
		{"Date,Exercise,Type,Exercise Calories,Exercise Minutes", MyFitnessPalExercise},
		{"name,value", Unknown},
		{"", Unknown},
	} {
		r := csv.NewReader(strings.NewReader(tc.header))
		rec, _ := r.Read()
		if got := Detect(rec); got != tc.want {
			t.Errorf("Detect(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		skip     bool
		sub      string
	}{
		{"unknown header", "name,value,x,y,z,w\na,1,2,3,4,5\n", true, "CSV header matches no known format: name, value, x, y, z"},
		{"strava", "Activity ID,Activity Date,Activity Name,Activity Type\n1,2,3,4\n", true, "Strava activities.csv: read with its archive"},
		{"empty", "", false, "no header line"},
		{"blank lines", "\n\r\n\n", false, "no header line"},
		{"header only", "date,kcal\n", false, "csv (food): header only, no data rows"},
		{"no good row", "date,weight_kg\nyesterday,80\n2024-01-01,heavy\n", false, "csv (body): line 2: no usable row (first: unreadable date)"},
		{"bad quote", "date,weight_kg\n2024-01-01,\"80\n", false, "no usable row: extraneous or missing \" in quoted-field"},
	} {
		_, err := decodeString(t, tc.in)
		if err == nil || ingest.IsSkip(err) != tc.skip || !strings.Contains(err.Error(), tc.sub) {
			t.Errorf("%s: err %v, want skip=%v containing %q", tc.name, err, tc.skip, tc.sub)
			continue
		}
		var fe *FormatError
		if !tc.skip && !errors.As(err, &fe) {
			t.Errorf("%s: %T is not a *FormatError", tc.name, err)
		}
	}
	// Malformed CSV in the header: a FormatError with line and column
	// wrapping csv.ErrBareQuote.
	_, err := decodeString(t, "date,wei\"ght\n2024-01-01,80\n")
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Line != 1 || fe.Column == 0 || !errors.Is(err, csv.ErrBareQuote) {
		t.Errorf("bad header: %v", err)
	}
}

func TestParseErrorRowSkipped(t *testing.T) {
	// A bare quote in an unquoted field, and an unterminated quote (which
	// swallows the rest of the file), are skipped rows.
	in := "date,weight_kg\n2024-01-01,80\n2024-01-02,8\"1\n2024-01-03,82\n2024-01-04,\"81\n"
	d, err := decodeString(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Body) != 2 || !containsNote(d.Notes, "2 rows skipped: malformed CSV on lines 3, 5") {
		t.Errorf("body %d notes %q", len(d.Body), d.Notes)
	}
}

func TestSeparatorsAndLocales(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		kg       float64
	}{
		{"comma", "date,weight_kg\n2024-01-01,80.5\n", 80.5},
		{"semicolon decimal comma", "date;weight_kg\n2024-01-01;80,5\n", 80.5},
		{"tab", "date\tweight_kg\n2024-01-01\t80.5\n", 80.5},
		{"BOM CRLF", "\ufeffdate,weight_kg\r\n2024-01-01,80.5\r\n\r\n", 80.5},
		{"excel sep line", "sep=;\r\ndate;weight\r\n2024-01-01;80,5\r\n", 80.5},
		{"quoted decimal comma", "date,weight_kg\n2024-01-01,\"80,5\"\n", 80.5},
		{"lbs column", "date,weight_lbs\n2024-01-01,200\n", 200 * lbsToKg},
		{"unit column", "date,weight,unit\n2024-01-01,200,lbs\n", 200 * lbsToKg},
		{"unit suffix", "date,weight\n2024-01-01,200 lb\n", 200 * lbsToKg},
		{"leading blank lines", "\n\ndate,weight_kg\n\n2024-01-01,80.5\n\n", 80.5},
		{"utf16", string(utf16le("date,weight_kg\r\n2024-01-01,80.5\r\n")), 80.5},
		{"latin1", "date,weight_kg,comment\n2024-01-01,80.5,\xe9t\xe9\n", 80.5},
	} {
		d, err := decodeString(t, tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if len(d.Body) != 1 || math.Abs(d.Body[0].MassKg-tc.kg) > 1e-9 {
			t.Errorf("%s: body %+v, want %g kg", tc.name, d.Body, tc.kg)
		}
	}
}

func utf16le(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in        string
		semicolon bool
		want      float64
		unit      string
		ok        bool
	}{
		{"62.5", false, 62.5, "", true},
		{"62,5", false, 62.5, "", true},
		{"62,5", true, 62.5, "", true},
		{"1,050", false, 1050, "", true},
		{"1,050", true, 1.05, "", true},
		{"1.050.000", true, 1050000, "", true},
		{"1,050.5", false, 1050.5, "", true},
		{"1.050,5", true, 1050.5, "", true},
		{"1 050", false, 1050, "", true},
		{"80 kg", false, 80, "kg", true},
		{"176lbs", false, 176, "lbs", true},
		{"-22.05", false, -22.05, "", true},
		{"", false, 0, "", false},
		{"heavy", false, 0, "", false},
		{"NaN", false, 0, "", false},
		{"1e400", false, 0, "", false},
		{"1,2,3", false, 0, "", false},
	} {
		v, unit, ok := parseNumber(tc.in, tc.semicolon)
		if ok != tc.ok || (ok && (math.Abs(v-tc.want) > 1e-9 || unit != tc.unit)) {
			t.Errorf("parseNumber(%q, %v) = %g %q %v, want %g %q %v", tc.in, tc.semicolon, v, unit, ok, tc.want, tc.unit, tc.ok)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    string
		hasTime bool
	}{
		{"2023-01-05 18:30:00", "2023-01-05T18:30:00Z", true},
		{"2023-01-05", "2023-01-05T00:00:00Z", false},
		{"2024-01-15T08:30", "2024-01-15T08:30:00Z", true},
		{"2024-01-15T08:30:00+02:00", "2024-01-15T06:30:00Z", true},
		{"15 Sep 2025, 07:48", "2025-09-15T07:48:00Z", true},
		{"Sep 22, 2026, 6:00 PM", "2026-09-22T18:00:00Z", true},
		{"Sep 22, 2026, 12:10 AM", "2026-09-22T00:10:00Z", true},
		{"1 Sept. 2026, 07:30", "2026-09-01T07:30:00Z", true},
		{"16 Juni 2026, 18:00", "2026-06-16T18:00:00Z", true},
		{"5 9월 2026, 06:10", "2026-09-05T06:10:00Z", true},
		{"22.09.2026, 17:00", "2026-09-22T17:00:00Z", true},
		{"15.01.2024", "2024-01-15T00:00:00Z", false},
		{"1/15/2024 8:30 PM", "2024-01-15T20:30:00Z", true},
		{"15/01/2024", "2024-01-15T00:00:00Z", false},
	} {
		w, ok := parseDateTime(tc.in)
		if !ok || w.t.Format(time.RFC3339) != tc.want || w.hasTime != tc.hasTime {
			t.Errorf("parseDateTime(%q) = %v %v %v, want %s %v", tc.in, w.t.Format(time.RFC3339), w.hasTime, ok, tc.want, tc.hasTime)
		}
	}
	for _, bad := range []string{"", "yesterday", "31 Feb 2024", "2024-13-01", "Totals", "13/13/2024", "25:00 1 Jan 2024"} {
		if w, ok := parseDateTime(bad); ok {
			t.Errorf("parseDateTime(%q) = %v, want failure", bad, w.t)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		sec  bool
		want float64
	}{
		{"1h 5m", false, 3900}, {"45m", false, 2700}, {"2h", false, 7200}, {"13min", false, 780},
		{"1h 5m 30s", false, 3930}, {"01:05:00", false, 3900}, {"3900", true, 3900}, {"75", false, 4500},
	} {
		if got, ok := parseDuration(tc.in, tc.sec, false); !ok || got != tc.want {
			t.Errorf("parseDuration(%q) = %g %v, want %g", tc.in, got, ok, tc.want)
		}
	}
}

func TestStrongDetails(t *testing.T) {
	d, err := decodePath(t, "testdata/strong_v6.csv")
	if err != nil {
		t.Fatal(err)
	}
	push := d.Activities[0]
	if push.Name != "Push Day" || push.ElapsedS != 3900 || !push.Floating || push.HasTZ {
		t.Errorf("push: %q elapsed %g floating %v", push.Name, push.ElapsedS, push.Floating)
	}
	// 6 sets over 3900 s: one every 650 s.
	if got := push.Sets[1].Start.Sub(push.Start); got != 650*time.Second {
		t.Errorf("second set %v after start, want 650s", got)
	}
	rest := push.Sets[3]
	if rest.Type != ingest.SetRest || rest.DurationS != 90 || rest.Exercise != "" {
		t.Errorf("rest timer row: %+v", rest)
	}
	legs := d.Activities[1]
	run := legs.Sets[len(legs.Sets)-1]
	if run.Reps != -1 || ingest.Known(run.WeightKg) || run.DurationS != 900 || run.Region != ingest.RegionUnknown {
		t.Errorf("treadmill row: %+v", run)
	}
	if s := legs.Sets[1]; s.Exercise != "squat_barbell" || s.Region != ingest.RegionLower || s.WeightKg != 100 || s.Reps != 5 {
		t.Errorf("squat: %+v", s)
	}

	// Placing a floating workout in the athlete's zone.
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	ingest.PlaceInZone(&push, berlin)
	if want := time.Date(2024, 1, 15, 7, 30, 0, 0, time.UTC); !push.Start.Equal(want) {
		t.Errorf("placed start %v, want %v", push.Start, want)
	}
}

func TestFitNotesCategoryRegion(t *testing.T) {
	in := "Date,Exercise,Category,Weight (kg),Reps,Distance,Distance Unit,Time\n" +
		"2024-05-01,Zercher Thing,Legs,60.0,8,,,\n" +
		"2024-05-01,Mystery Move,Shoulders,20.0,10,,,\n" +
		"2024-05-01,Treadmill Jog,Cardio,,,3.0,km,0:20:00\n"
	d, err := decodeString(t, in)
	if err != nil {
		t.Fatal(err)
	}
	a := d.Activities[0]
	if a.Precision != ingest.PrecisionDate || a.Start.Hour() != 12 || !a.Floating || len(a.Sets) != 3 {
		t.Fatalf("activity %+v", a)
	}
	if a.Sets[0].Region != ingest.RegionLower || a.Sets[1].Region != ingest.RegionUpper {
		t.Errorf("regions %s %s", a.Sets[0].Region, a.Sets[1].Region)
	}
	if s := a.Sets[2]; s.DurationS != 1200 || s.Reps != -1 {
		t.Errorf("cardio row %+v", s)
	}
}

func TestFoodSums(t *testing.T) {
	d, err := decodePath(t, "testdata/food_generic.csv")
	if err != nil {
		t.Fatal(err)
	}
	day := d.Intake[2] // 2025-03-03: three meals
	if day.Kcal != 2660 || day.ProteinG != 155 || day.CarbsG != 295 || day.RunCarbsG != 45 {
		t.Errorf("summed day %+v", day)
	}
	if ingest.Known(d.Intake[1].RunCarbsG) {
		t.Errorf("2025-03-02 run carbs %g, want NaN (not logged)", d.Intake[1].RunCarbsG)
	}
	if d.Intake[3].Kcal != 2980 {
		t.Errorf("thousands separator: %g", d.Intake[3].Kcal)
	}
}

func TestGenericLiftPrecision(t *testing.T) {
	d, err := decodePath(t, "testdata/lift_generic.csv")
	if err != nil {
		t.Fatal(err)
	}
	if p := d.Activities[1].Precision; p != ingest.PrecisionDate {
		t.Errorf("workout without time: precision %s", p)
	}
	if got := d.Activities[2].Start.Format("15:04"); got != "18:30" {
		t.Errorf("6:30 PM read as %s", got)
	}
	ohp := d.Activities[1].Sets[4]
	if math.Abs(ohp.WeightKg-95*lbsToKg) > 1e-9 || ohp.Exercise != "overhead_press" {
		t.Errorf("lbs row %+v", ohp)
	}
}
