package csvlog

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/internal/corpustest"
)

// appsCSV is ../shared/corpus-apps/csv beside the repository.
var appsCSV = filepath.Join(corpustest.Dir, "..", "corpus-apps", "csv")

// duckQuery runs one SQL statement through DuckDB's Node binding
// (.ci/duckdb, installed by `npm ci --prefix .ci/duckdb`) and returns its
// rows. Missing tools fail the test under CI and skip it elsewhere.
func duckQuery(t *testing.T, sql string) []map[string]any {
	t.Helper()
	missing := func(what string, err error) {
		msg := "DuckDB is not available (" + what + ": " + err.Error() + "): no independent count; npm ci --prefix .ci/duckdb"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node", err)
	}
	dir, _ := filepath.Abs(filepath.Join("..", "..", ".ci", "duckdb"))
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api")); err != nil {
		missing("@duckdb/node-api", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(dir, "query.mjs"), "--cwd", appsCSV, sql)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("duckdb: %v\n%s\n%s", err, errb.String(), sql)
	}
	var res [][]map[string]any
	d := json.NewDecoder(&out)
	d.UseNumber()
	if err := d.Decode(&res); err != nil || len(res) != 1 {
		t.Fatalf("duckdb output: %v %s", err, out.String())
	}
	return res[0]
}

func num(t *testing.T, v any) float64 {
	t.Helper()
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		if err == nil {
			return f
		}
	case string:
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			return f
		}
	case nil:
		return math.NaN()
	}
	t.Fatalf("not a number: %#v", v)
	return 0
}

func decodeApp(t *testing.T, name string) ingest.Decoded {
	t.Helper()
	p := filepath.Join(appsCSV, name)
	f, err := os.Open(p)
	if err != nil {
		t.Skipf("corpus-apps: %v", err)
	}
	defer f.Close()
	d, err := Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d
}

// TestAppsCorpusAccounted: every CSV file of corpus-apps is one of the
// files below (a new one must be added here).
func TestAppsCorpusAccounted(t *testing.T) {
	m, _ := filepath.Glob(filepath.Join(appsCSV, "*.csv"))
	if len(m) == 0 {
		t.Skip("no corpus-apps/csv")
	}
	var got []string
	for _, p := range m {
		got = append(got, filepath.Base(p))
	}
	sort.Strings(got)
	want := []string{"cronometer_davidgma_servings_2020.csv", "cronometer_dawndrain_dailysummary.csv",
		"datojulien_fitbod_WorkoutExport.csv", "strong_abishake_S3_semicolon_quoted.csv"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("corpus-apps/csv holds %q; each file needs a test below", got)
	}
}

// fitbodSQL reads the Fitbod export in DuckDB, every column as text (the
// numbers have leading spaces), without the empty lines.
const fitbodSQL = `(SELECT "Date" AS d, "Exercise" AS ex, CAST(trim("Reps") AS DOUBLE) AS reps,
	CAST("Weight(kg)" AS DOUBLE) AS kg, CAST("Duration(s)" AS DOUBLE) AS secs,
	CAST(trim("multiplier") AS DOUBLE) AS mult, "isWarmup" AS warm
	FROM read_csv('datojulien_fitbod_WorkoutExport.csv', all_varchar = true, header = true)
	WHERE "Date" IS NOT NULL AND trim("Date") <> '')`

func TestFitbodCorpus(t *testing.T) {
	d := decodeApp(t, "datojulien_fitbod_WorkoutExport.csv")
	kinds := map[ingest.Kind]int{}
	sets, warm := 0, 0
	var tonnage float64
	for _, a := range d.Activities {
		kinds[a.Kind]++
		if !a.HasTZ || a.TZOffsetS != 0 || a.Floating {
			t.Fatalf("%v: +0000 times must be real instants", a.Start)
		}
		for _, s := range a.Sets {
			sets++
			if s.Reps > 0 && s.WeightKg > 0 {
				tonnage += float64(s.Reps) * s.WeightKg
			}
		}
	}
	for _, n := range d.Notes {
		if strings.HasPrefix(n, "30 warm-up") {
			warm = 30
		}
	}
	// Exact counts: 1,552 sessions; 874 of cardio rows only (by exercise:
	// cycling, walking, stair stepper, hiking → 806 cardio; running → 68
	// runs); 678 lifts holding 15,130 sets; 30 warm-ups.
	if len(d.Activities) != 1552 || kinds[ingest.KindLift] != 678 || kinds[ingest.KindRun] != 68 || kinds[ingest.KindCardio] != 806 ||
		sets != 15130 || warm != 30 {
		t.Errorf("%d activities %v, %d sets, %d warm-ups", len(d.Activities), kinds, sets, warm)
	}
	if !strings.Contains(strings.Join(d.Notes, "; "), "7226 weights per dumbbell or side multiplied") {
		t.Errorf("notes %q", d.Notes)
	}
	// The same from DuckDB's CSV reader.
	r := duckQuery(t, `WITH f AS `+fitbodSQL+`, s AS (SELECT d, bool_and(reps = 0 AND kg = 0) AS cardio FROM f GROUP BY d)
		SELECT (SELECT count(*) FROM s) AS sessions,
		(SELECT count(*) FROM s WHERE cardio) AS cardio_sessions,
		(SELECT count(*) FROM f JOIN s USING (d) WHERE NOT cardio) AS lift_sets,
		(SELECT count(*) FROM f WHERE warm = 'true') AS warmups,
		(SELECT count(*) FROM f WHERE mult > 1 AND kg > 0 AND NOT (reps = 0 AND kg = 0)) AS per_side,
		(SELECT sum(reps * kg * CASE WHEN mult > 1 THEN mult ELSE 1 END) FROM f JOIN s USING (d) WHERE NOT cardio AND reps > 0 AND kg > 0) AS tonnage`)[0]
	for _, c := range []struct {
		col string
		got float64
	}{
		{"sessions", float64(len(d.Activities))}, {"cardio_sessions", float64(kinds[ingest.KindRun] + kinds[ingest.KindCardio])},
		{"lift_sets", float64(sets)}, {"warmups", float64(warm)}, {"per_side", 7226}, {"tonnage", tonnage},
	} {
		if want := num(t, r[c.col]); math.Abs(want-c.got) > 1e-6*math.Max(1, want) {
			t.Errorf("%s: %v, DuckDB %v", c.col, c.got, want)
		}
	}
	// Direction: the per-dumbbell weight is multiplied, so a dumbbell row
	// weighs twice its Weight(kg).
	for _, a := range d.Activities {
		if a.Start.Equal(time.Date(2025, 12, 17, 3, 24, 30, 0, time.UTC)) {
			if s := a.Sets[len(a.Sets)-1]; s.Exercise != "dumbbell_row" && a.Sets[0].Exercise != "dumbbell_row" {
				t.Logf("first sets %+v", a.Sets[:2])
			}
			for _, s := range a.Sets {
				if s.Exercise == "dumbbell_row" && math.Abs(s.WeightKg-2*34.01946820767298) > 1e-9 {
					t.Errorf("dumbbell row %v kg, want 2 × 34.019", s.WeightKg)
				}
			}
		}
	}
}

func TestStrongS3Corpus(t *testing.T) {
	d := decodeApp(t, "strong_abishake_S3_semicolon_quoted.csv")
	sets, rest, reps := 0, 0, 0
	var tonnage float64
	for _, a := range d.Activities {
		for _, s := range a.Sets {
			sets++
			if s.Type == ingest.SetRest {
				rest++
			}
			if s.Type == ingest.SetActive && s.Reps > 0 {
				reps += s.Reps
				if s.WeightKg > 0 {
					tonnage += float64(s.Reps) * s.WeightKg
				}
			}
		}
	}
	// Repetitions and tonnage of the work sets, from DuckDB too.
	v := duckQuery(t, `SELECT sum(CAST("Reps" AS DOUBLE)) AS reps, sum(CAST("Reps" AS DOUBLE) * CAST("Weight (kg)" AS DOUBLE)) AS tonnage
		FROM read_csv('strong_abishake_S3_semicolon_quoted.csv', delim = ';', quote = '"', header = true, all_varchar = true)
		WHERE regexp_matches("Set Order", '^[0-9]+$') AND CAST("Reps" AS DOUBLE) > 0`)[0]
	if float64(reps) != num(t, v["reps"]) || math.Abs(tonnage-num(t, v["tonnage"])) > 1e-6*tonnage || reps == 0 {
		t.Errorf("%d reps, %.1f kg moved; DuckDB %v", reps, tonnage, v)
	}
	r := duckQuery(t, `SELECT count(DISTINCT "Workout #") AS workouts,
		count(*) FILTER (WHERE "Set Order" <> 'Note') AS sets,
		count(*) FILTER (WHERE "Set Order" = 'Rest Timer') AS rest
		FROM read_csv('strong_abishake_S3_semicolon_quoted.csv', delim = ';', quote = '"', header = true, all_varchar = true)`)[0]
	if len(d.Activities) != 47 || sets != 1616 || rest != 748 ||
		num(t, r["workouts"]) != 47 || num(t, r["sets"]) != float64(sets) || num(t, r["rest"]) != float64(rest) {
		t.Errorf("%d workouts, %d sets, %d rest; DuckDB %v", len(d.Activities), sets, rest, r)
	}
}

func TestCronometerCorpus(t *testing.T) {
	d := decodeApp(t, "cronometer_davidgma_servings_2020.csv")
	rows := duckQuery(t, `SELECT "Day" AS day, sum("Energy (kcal)") AS kcal, sum("Protein (g)") AS protein, sum("Carbs (g)") AS carbs
		FROM read_csv('cronometer_davidgma_servings_2020.csv', header = true) GROUP BY "Day" ORDER BY "Day"`)
	if len(d.Intake) != 3 || len(rows) != 3 {
		t.Fatalf("%d days, DuckDB %d", len(d.Intake), len(rows))
	}
	for i, in := range d.Intake {
		r := rows[i]
		if !strings.HasPrefix(r["day"].(string), in.Date.Format("2006-01-02")) ||
			math.Abs(in.Kcal-num(t, r["kcal"])) > 1e-6 || math.Abs(in.ProteinG-num(t, r["protein"])) > 1e-6 ||
			math.Abs(in.CarbsG-num(t, r["carbs"])) > 1e-6 {
			t.Errorf("day %d: %+v, DuckDB %v", i, in, r)
		}
	}
	if n := strings.Join(d.Notes, "; "); !strings.Contains(n, "times: 54 24-hour, 0 12-hour, 62 empty") {
		t.Errorf("notes %q", n)
	}

	d = decodeApp(t, "cronometer_dawndrain_dailysummary.csv")
	r := duckQuery(t, `SELECT "Date" AS day, "Energy (kcal)" AS kcal, "Protein (g)" AS protein, "Carbs (g)" AS carbs, "Completed" AS done
		FROM read_csv('cronometer_dawndrain_dailysummary.csv', header = true)`)
	if len(d.Intake) != 1 || len(r) != 1 || d.Intake[0].Kcal != num(t, r[0]["kcal"]) || d.Intake[0].ProteinG != num(t, r[0]["protein"]) ||
		d.Intake[0].CarbsG != num(t, r[0]["carbs"]) || d.Intake[0].Kcal != 1477.23 {
		t.Errorf("daily summary %+v, DuckDB %v", d.Intake, r)
	}
}

// TestCronometerTimesAndCompleted: 12 h and 24 h servings times read
// alike (only the day counts); in a daily summary that marks some days
// complete, the unmarked ones are dropped as partial logs.
func TestCronometerTimesAndCompleted(t *testing.T) {
	head := "Day,Time,Group,Food Name,Amount,Energy (kcal),Protein (g),Carbs (g),Category\n"
	h24 := head + `2024-05-01,08:05,Breakfast,"Oats","80.00 g",300.00,10.00,54.00,Cereal` + "\n" +
		`2024-05-01,19:30,Dinner,"Rice","200.00 g",260.00,5.00,56.00,Cereal` + "\n"
	h12 := head + `2024-05-01,8:05 AM,Breakfast,"Oats","80.00 g",300.00,10.00,54.00,Cereal` + "\n" +
		`2024-05-01,7:30 PM,Dinner,"Rice","200.00 g",260.00,5.00,56.00,Cereal` + "\n"
	a, err1 := Decode(strings.NewReader(h24))
	b, err2 := Decode(strings.NewReader(h12))
	if err1 != nil || err2 != nil || len(a.Intake) != 1 || len(b.Intake) != 1 || a.Intake[0].Kcal != b.Intake[0].Kcal || a.Intake[0].ProteinG != b.Intake[0].ProteinG || a.Intake[0].Kcal != 560 {
		t.Fatalf("24 h %+v %v, 12 h %+v %v", a.Intake, err1, b.Intake, err2)
	}
	daily := "Date,Energy (kcal),Carbs (g),Protein (g),Completed\n2024-05-01,2500.00,300.00,140.00,true\n2024-05-02,900.00,100.00,40.00,false\n"
	d, err := Decode(strings.NewReader(daily))
	if err != nil || len(d.Intake) != 1 || d.Intake[0].Kcal != 2500 {
		t.Fatalf("%+v %v", d.Intake, err)
	}
	// Direction: with no day marked, both days count.
	d, err = Decode(strings.NewReader(strings.ReplaceAll(daily, "true", "false")))
	if err != nil || len(d.Intake) != 2 {
		t.Fatalf("%+v %v", d.Intake, err)
	}
}

// TestFitbodQuirks: leading spaces, multiplier, warm-up flag, cardio-only
// sessions, +0000 times, newest first.
func TestFitbodQuirks(t *testing.T) {
	csv := "Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier\n" +
		"2024-05-02 17:00:00 +0000,Running, 0,0.0,1800.0,5000.0,0.0,0.0,false,, 0.0\n" +
		"\n" +
		"2024-05-01 17:00:00 +0000,Dumbbell Bench Press, 10,20.0,0.0,0.0,0.0,0.0,false,, 2.0\n" +
		"2024-05-01 17:00:00 +0000,Barbell Squat, 5,100.0,0.0,0.0,0.0,0.0,true,, 1.0\n" +
		"2024-05-01 17:00:00 +0000,Plank, 0,0.0,60.0,0.0,0.0,0.0,false,, 0.0\n"
	d, err := Decode(strings.NewReader(csv))
	if err != nil || len(d.Activities) != 2 {
		t.Fatalf("%v %d", err, len(d.Activities))
	}
	lift, run := d.Activities[0], d.Activities[1]
	if lift.Kind != ingest.KindLift || len(lift.Sets) != 3 || lift.Sets[0].WeightKg != 40 || lift.Sets[0].Reps != 10 ||
		lift.Sets[1].WeightKg != 100 || lift.Sets[2].Reps != -1 || lift.Sets[2].DurationS != 60 ||
		!lift.Start.Equal(time.Date(2024, 5, 1, 17, 0, 0, 0, time.UTC)) || lift.Floating {
		t.Errorf("lift %+v", lift)
	}
	if run.Kind != ingest.KindRun || run.SubSport != "treadmill" || run.ElapsedS != 1800 || len(run.Sets) != 0 {
		t.Errorf("run %+v", run)
	}
}

// TestMyFitnessPalVariants: the three CSV files of MyFitnessPal's export
// (Nutrition-, Measurement- and Exercise-Summary), with their current
// headers.
func TestMyFitnessPalVariants(t *testing.T) {
	nutrition := "Date,Meal,Time,Calories,Fat (g),Saturated Fat,Polyunsaturated Fat,Monounsaturated Fat,Trans Fat,Cholesterol,Sodium (mg),Potassium,Carbohydrates (g),Fiber,Sugar,Protein (g),Vitamin A,Vitamin C,Calcium,Iron,Note\n" +
		"2025-01-06,Breakfast,7:45 AM,420.0,12.0,4.0,1.0,2.0,0.0,30.0,400.0,200.0,55.0,6.0,12.0,24.0,0.0,0.0,0.0,2.0,\n" +
		"2025-01-06,Dinner,7:10 PM,\"1,180.0\",40.0,12.0,3.0,15.0,0.0,120.0,1200.0,800.0,120.0,8.0,9.0,80.0,10.0,30.0,15.0,20.0,\"pasta, salad\"\n"
	d, err := Decode(strings.NewReader(nutrition))
	if err != nil || len(d.Intake) != 1 || d.Intake[0].Kcal != 1600 || d.Intake[0].ProteinG != 104 || d.Intake[0].CarbsG != 175 {
		t.Errorf("nutrition: %+v %v", d.Intake, err)
	}
	d, err = Decode(strings.NewReader("Date,Weight\n2025-01-06,176.4\n2025-01-13,175.0\n"))
	if err != nil || len(d.Body) != 2 {
		t.Errorf("measurement: %+v %v", d.Body, err)
	}
	_, err = Decode(strings.NewReader("Date,Exercise,Type,Exercise Calories,Exercise Minutes,Sets,Reps Per Set,Pounds,Steps,Note\n2025-01-06,\"Running (jogging), 5 mph (12 min mile)\",Cardio,410,35,,,,,\n"))
	if !ingest.IsSkip(err) || !strings.Contains(err.Error(), "MyFitnessPal exercise summary") {
		t.Errorf("exercise summary: %v", err)
	}
}

// TestAppsCorpusImport imports corpus-apps/csv as a folder, as a user
// would: every file imported, with the activities and food days the
// per-file tests above count (and check against DuckDB), nothing lost
// to the duplicate rule (Strong's local times and Fitbod's instants are
// never duplicates of each other).
func TestAppsCorpusImport(t *testing.T) {
	if _, err := os.Stat(appsCSV); err != nil {
		t.Skipf("corpus-apps: %v", err)
	}
	b, err := ingest.Import(context.Background(), []string{appsCSV}, ingest.Options{Formats: []ingest.Format{Format}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ acts, records int }{
		"datojulien_fitbod_WorkoutExport.csv":     {1552, 0},
		"strong_abishake_S3_semicolon_quoted.csv": {47, 0},
		"cronometer_davidgma_servings_2020.csv":   {0, 3},
		"cronometer_dawndrain_dailysummary.csv":   {0, 1},
	}
	acts := 0
	for _, f := range b.Files {
		w, ok := want[filepath.Base(f.Path)]
		if !ok || f.Status != ingest.StatusImported || f.Activities != w.acts || f.Records != w.records || f.Duplicates != 0 {
			t.Errorf("%s: %s, %d activities, %d records, %d duplicates (%s); want imported %d/%d",
				filepath.Base(f.Path), f.Status, f.Activities, f.Records, f.Duplicates, f.Reason, w.acts, w.records)
		}
		acts += f.Activities
	}
	if len(b.Files) != len(want) || len(b.Activities) != acts || len(b.Intake) != 4 {
		t.Errorf("%d files, %d activities (rows say %d), %d food days", len(b.Files), len(b.Activities), acts, len(b.Intake))
	}
}
