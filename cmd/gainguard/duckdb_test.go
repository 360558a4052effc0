package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gainguard/report/output"
	"gainguard/report/tables"
)

// Tests in this file and browser_test.go prove the outputs in the programs
// people really read them with: DuckDB (through its Node binding) for the
// Parquet tables, Chromium for report.html. Both tools are installed by
// .ci/run; when one is missing the test fails under CI (env CI set), so CI
// can never pass by skipping, and skips loudly on a developer machine.

// needTool fails the test under CI and skips it loudly elsewhere.
func needTool(t *testing.T, what, why, how string) {
	t.Helper()
	msg := fmt.Sprintf("\n%s\n!!! %s is not available: %s\n!!! %s\n!!! Install it: %s\n%s",
		strings.Repeat("!", 72), what, why, t.Name()+" proves the outputs in a real reader and is NOT being run.",
		how, strings.Repeat("!", 72))
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "\n(CI is set: a missing tool is a failure, never a skip)")
	}
	t.Skip(msg)
}

// duckdbDir is where .ci/run installs @duckdb/node-api (npm ci --prefix).
const duckdbDir = "../../.ci/duckdb"

// duckDB returns a function that runs SQL statements with cwd set to dir
// and returns, per statement, its rows.
func duckDB(t *testing.T, dir string) func(sqls ...string) [][]map[string]any {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		needTool(t, "node", err.Error(), "Node.js 20+ (Debian: apt-get install nodejs npm), then bash .ci/run")
	}
	script, err := filepath.Abs(filepath.Join(duckdbDir, "query.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(duckdbDir, "node_modules", "@duckdb", "node-api", "package.json")); err != nil {
		needTool(t, "@duckdb/node-api", err.Error(),
			"bash .ci/run (or: npm ci --prefix .ci/duckdb)")
	}
	return func(sqls ...string) [][]map[string]any {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, node, append([]string{script, "--cwd", dir}, sqls...)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("node query.mjs: %v\nstderr: %s\nSQL:\n%s", err, stderr.String(), strings.Join(sqls, ";\n"))
		}
		var res [][]map[string]any
		dec := json.NewDecoder(&stdout)
		dec.UseNumber()
		if err := dec.Decode(&res); err != nil {
			t.Fatalf("query.mjs output: %v\n%s", err, stdout.String())
		}
		if len(res) != len(sqls) {
			t.Fatalf("query.mjs returned %d results for %d statements", len(res), len(sqls))
		}
		return res
	}
}

// asInt reads an integer that DuckDB's JSON conversion gave as a number
// or (for 64-bit values) a string.
func asInt(t *testing.T, v any) int64 {
	t.Helper()
	switch x := v.(type) {
	case json.Number:
		n, err := x.Int64()
		if err != nil {
			t.Fatalf("not an integer: %v", x)
		}
		return n
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			t.Fatalf("not an integer: %q", x)
		}
		return n
	}
	t.Fatalf("not an integer: %#v", v)
	return 0
}

// Column types DuckDB must read. Only key columns are listed, so that
// adding a column never breaks this test; the naming rules below cover
// every column, including new ones.
const (
	tsTZ    = "TIMESTAMP WITH TIME ZONE"
	date    = "DATE"
	double  = "DOUBLE"
	varchar = "VARCHAR"
	strList = "VARCHAR[]"
	dblList = "DOUBLE[]"
	count   = "INTEGER|BIGINT"
)

var keyColumns = map[string]map[string]string{
	"activities": {"id": varchar, "athlete": varchar, "kind": varchar, "sport": varchar, "start_utc": tsTZ,
		"local_date": date, "tz_offset_s": count, "has_tz": "BOOLEAN", "elapsed_s": double,
		"distance_m": double, "avg_hr_bpm": double, "samples": count, "laps": count, "sets": count},
	"runs": {"activity_id": varchar, "start_utc": tsTZ, "local_date": date, "moving_s": double,
		"distance_m": double, "zone1_s": double, "zone5_s": double, "trimp": double, "class": varchar,
		"hours_since_lift": double, "hours_to_lift": double, "nearest_lift_id": varchar,
		"nearest_lift_region": varchar, "nearest_lift_gap_h": double},
	"lifts": {"activity_id": varchar, "start_utc": tsTZ, "end_utc": tsTZ, "local_date": date,
		"duration_s": double, "region": varchar, "sets": count, "reps": count, "tonnage_kg": double,
		"lower_sets": count, "upper_sets": count},
	"sets": {"activity_id": varchar, "set_index": count, "start_utc": tsTZ, "duration_s": double,
		"type": varchar, "reps": count, "weight_kg": double, "exercise": varchar, "region": varchar},
	"weeks": {"athlete": varchar, "week_start": date, "iso_year": count, "iso_week": count, "runs": count,
		"run_minutes": double, "lifts": count, "rest_days": count, "interference_score": double,
		"interference_band": varchar, "proximity": double, "under_fueling_score": double,
		"under_fueling_band": varchar, "tier": varchar, "confidence": varchar, "rule_ids": strList,
		"rule_scores": strList, "rule_points": dblList, "rule_values": dblList, "rule_reasons": strList,
		"rule_advice": strList, "defaults": strList, "whatif_interference_score": double, "whatif_changes": strList},
	"rules": {"athlete": varchar, "week_start": date, "rank": count, "score": varchar, "rule": varchar,
		"points": double, "value": double, "activity_ids": strList, "reason": varchar, "advice": varchar},
	"days": {"athlete": varchar, "local_date": date, "runs": count, "lifts": count, "intake_kcal": double,
		"exercise_net_kcal": double, "energy_availability": double, "rest_day": "BOOLEAN"},
	"strength": {"athlete": varchar, "activity_id": varchar, "local_date": date, "exercise": varchar,
		"canonical_exercise": varchar, "main_lift": "BOOLEAN", "region": varchar, "best_weight_kg": double,
		"best_reps": count, "e1rm_kg": double, "e1rm_method": varchar, "work_sets": count, "hard_sets": count,
		"warmup_sets": count, "drop_sets": count, "failure_sets": count, "tonnage_kg": double},
	"progress": {"athlete": varchar, "week_start": date, "canonical_exercise": varchar, "main_lift": "BOOLEAN",
		"e1rm_kg": double, "e1rm_trend_pct_4wk": double, "sessions": count, "hard_sets": count, "tonnage_kg": double,
		"pr_e1rm": "BOOLEAN", "pr_1rm": "BOOLEAN", "pr_3rm": "BOOLEAN", "pr_5rm": "BOOLEAN", "pr_8rm": "BOOLEAN",
		"pr_10rm": "BOOLEAN", "best_5rm_kg": double, "lower_hard_sets": count, "upper_hard_sets": count,
		"body_mass_trend_kg": double, "body_mass_rate_pct_wk": double, "lean_mass_trend_kg": double,
		"week_load": double, "acute_load": double, "chronic_load": double, "load_ratio": double,
		"interference_group": varchar, "fueling_group": varchar},
	"files": {"path": varchar, "athlete": varchar, "format": varchar, "status": varchar, "reason": varchar,
		"activities": count, "size_bytes": count},
}

// columnRule checks a column of any table by its name (the conventions of
// report/parquet.go), so that columns added later are held to them too.
func columnRule(name, typ string) string {
	switch {
	case strings.HasSuffix(name, "_utc"):
		if typ != tsTZ {
			return tsTZ
		}
	case name == "week_start" || name == "date" || strings.HasSuffix(name, "_date"):
		if typ != date {
			return date
		}
	case strings.HasSuffix(name, "_ids"):
		if typ != strList {
			return strList
		}
	case strings.HasSuffix(name, "_s") && name != "has_tz" || strings.HasSuffix(name, "_m") ||
		strings.HasSuffix(name, "_kg") || strings.HasSuffix(name, "_bpm") || strings.HasSuffix(name, "_kcal") ||
		strings.HasSuffix(name, "_score"):
		if typ != double && typ != "INTEGER" && typ != "BIGINT" {
			return "a number"
		}
	}
	return ""
}

// TestParquetInDuckDB reads every Parquet table of a samples run with
// DuckDB: the logical types a data scientist relies on, the joins the
// README promises and gainguard's key/value metadata.
func TestParquetInDuckDB(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	query := duckDB(t, out) // fails or skips before the slow part when DuckDB is missing
	if code, stdout, stderr := runCmd(t, "analyze", "-q", "--out", out, samplesDir); code != exitOK {
		t.Fatalf("analyze: exit %d\n%s%s", code, stdout, stderr)
	}

	var tableNames []string
	for _, f := range output.OutputFiles {
		if name, ok := strings.CutSuffix(f, ".parquet"); ok {
			tableNames = append(tableNames, name)
		}
	}
	for table := range keyColumns {
		if !strings.Contains(" "+strings.Join(tableNames, " ")+" ", " "+table+" ") {
			t.Errorf("output.OutputFiles lacks %s.parquet", table)
		}
	}

	// Types: DESCRIBE every table, and read its key/value metadata.
	var sqls []string
	for _, table := range tableNames {
		sqls = append(sqls,
			fmt.Sprintf(`DESCRIBE SELECT * FROM '%s.parquet'`, table),
			fmt.Sprintf(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('%s.parquet')`, table))
	}
	res := query(sqls...)
	for i, table := range tableNames {
		desc, meta := res[2*i], res[2*i+1]
		got := map[string]string{}
		for _, row := range desc {
			name, typ := row["column_name"].(string), row["column_type"].(string)
			got[name] = typ
			if want := columnRule(name, typ); want != "" {
				t.Errorf("%s.%s is %s in DuckDB, want %s", table, name, typ, want)
			}
		}
		for col, want := range keyColumns[table] {
			typ, ok := got[col]
			switch {
			case !ok:
				t.Errorf("%s.parquet has no column %s", table, col)
			case !strings.Contains("|"+want+"|", "|"+typ+"|"):
				t.Errorf("%s.%s is %s in DuckDB, want %s", table, col, typ, want)
			}
		}
		kv := map[string]string{}
		for _, row := range meta {
			kv[row["key"].(string)] = fmt.Sprint(row["value"])
		}
		if kv[tables.MetaSchemaVersion] != tables.SchemaVersion {
			t.Errorf("%s.parquet: metadata %s = %q, want %q (all: %v)", table, tables.MetaSchemaVersion,
				kv[tables.MetaSchemaVersion], tables.SchemaVersion, kv)
		}
		if kv[tables.MetaTable] != table {
			t.Errorf("%s.parquet: metadata %s = %q", table, tables.MetaTable, kv[tables.MetaTable])
		}
		if _, err := time.Parse(time.RFC3339, kv[tables.MetaGenerated]); err != nil {
			t.Errorf("%s.parquet: metadata %s: %v", table, tables.MetaGenerated, err)
		}
	}

	// Values: each check is one SQL statement returning one row of
	// integers, compared with what it must be.
	var inputs int64
	if err := filepath.WalkDir(samplesDir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			inputs++
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what string
		sql  string
		want map[string]int64 // column → value; -1 = "same as column n"
	}{
		{"weeks of alex", `SELECT count(*)::INT AS n FROM 'weeks.parquet' WHERE athlete = 'alex'`,
			map[string]int64{"n": 12}},
		{"week_start is a Monday (ISO day 1)", `SELECT count(*) FILTER (WHERE isodow(week_start) <> 1)::INT AS bad FROM 'weeks.parquet'`,
			map[string]int64{"bad": 0}},
		{"weeks are unique per athlete", `SELECT (count(*) - count(DISTINCT (athlete, week_start)))::INT AS dup FROM 'weeks.parquet'`,
			map[string]int64{"dup": 0}},
		{"scores are 0–100 and never NULL", `SELECT count(*) FILTER (WHERE NOT (interference_score BETWEEN 0 AND 100)
			OR NOT (under_fueling_score BETWEEN 0 AND 100) OR interference_score IS NULL OR under_fueling_score IS NULL)::INT AS bad
			FROM 'weeks.parquet'`, map[string]int64{"bad": 0}},
		{"every run joins to its activity", `SELECT count(*)::INT AS runs, count(a.id)::INT AS joined, count(*) FILTER (WHERE a.kind <> 'run')::INT AS not_run
			FROM 'runs.parquet' r LEFT JOIN 'activities.parquet' a ON a.id = r.activity_id`,
			map[string]int64{"not_run": 0}},
		{"every lift joins to its activity", `SELECT count(*)::INT AS lifts, count(a.id)::INT AS joined
			FROM 'lifts.parquet' l LEFT JOIN 'activities.parquet' a ON a.id = l.activity_id`, nil},
		{"every set joins to its activity", `SELECT count(*)::INT AS sets, count(a.id)::INT AS joined
			FROM 'sets.parquet' s LEFT JOIN 'activities.parquet' a ON a.id = s.activity_id`, nil},
		{"rules.activity_ids unnest to existing activities", `SELECT count(*)::INT AS ids, count(a.id)::INT AS joined
			FROM (SELECT unnest(activity_ids) AS id FROM 'rules.parquet') u LEFT JOIN 'activities.parquet' a ON a.id = u.id`, nil},
		{"rules match the weeks' rule lists", `SELECT (SELECT count(*) FROM 'rules.parquet')::INT AS rules,
			(SELECT sum(len(rule_ids)) FROM 'weeks.parquet')::INT AS listed`, nil},
		{"files has one row per input file", `SELECT count(*)::INT AS files, count(DISTINCT path)::INT AS paths,
			count(*) FILTER (WHERE status = 'failed')::INT AS failed FROM 'files.parquet'`,
			map[string]int64{"files": inputs, "paths": inputs, "failed": 0}},
		{"days are unique per athlete", `SELECT (count(*) - count(DISTINCT (athlete, local_date)))::INT AS dup FROM 'days.parquet'`,
			map[string]int64{"dup": 0}},
		{"every strength row joins to its lift", `SELECT count(*)::INT AS lifts, count(l.activity_id)::INT AS joined
			FROM 'strength.parquet' s LEFT JOIN 'lifts.parquet' l ON l.activity_id = s.activity_id`, nil},
		{"strength rows are unique per session and exercise", `SELECT (count(*) - count(DISTINCT (activity_id, exercise)))::INT AS dup
			FROM 'strength.parquet'`, map[string]int64{"dup": 0}},
		{"Epley/Brzycki e1RMs recomputed in SQL from the best set", `SELECT count(*)::INT AS rules,
			count(*) FILTER (WHERE abs(e1rm_kg - (best_weight_kg * (1 + best_reps / 30) + best_weight_kg * 36 / (37 - best_reps)) / 2) < 1e-9)::INT AS listed
			FROM 'strength.parquet' WHERE e1rm_method = 'epley_brzycki'`, nil},
		{"an e1RM is never below its set's weight and only from 1–12 reps", `SELECT count(*) FILTER (WHERE e1rm_kg < best_weight_kg
			OR best_reps NOT BETWEEN 1 AND 12 OR e1rm_method NOT IN ('single', 'epley_brzycki', 'rpe_table', 'failure_rpe10'))::INT AS bad
			FROM 'strength.parquet' WHERE e1rm_kg IS NOT NULL`, map[string]int64{"bad": 0}},
		{"progress: one row per athlete, week and exercise; 12 squat weeks", `SELECT (count(*) - count(DISTINCT (athlete, week_start, canonical_exercise)))::INT AS dup,
			count(*) FILTER (WHERE canonical_exercise = 'squat' AND athlete = 'alex')::INT AS squat_weeks FROM 'progress.parquet'`,
			map[string]int64{"dup": 0, "squat_weeks": 12}},
		{"progress weeks are scored weeks", `SELECT count(*)::INT AS rules, count(w.week_start)::INT AS joined
			FROM 'progress.parquet' p LEFT JOIN 'weeks.parquet' w ON w.athlete = p.athlete AND w.week_start = p.week_start`, nil},
		{"progress e1RM is the week's best strength e1RM", `SELECT count(*)::INT AS rules, count(*) FILTER (WHERE abs(p.e1rm_kg - s.best) < 1e-9)::INT AS listed
			FROM 'progress.parquet' p JOIN (SELECT athlete, canonical_exercise, date_trunc('week', local_date)::DATE AS wk, max(e1rm_kg) AS best
			FROM 'strength.parquet' GROUP BY ALL) s ON s.athlete = p.athlete AND s.canonical_exercise = p.canonical_exercise AND s.wk = p.week_start
			WHERE s.best IS NOT NULL`, nil},
		{"activities ids are unique", `SELECT (count(*) - count(DISTINCT id))::INT AS dup FROM 'activities.parquet'`,
			map[string]int64{"dup": 0}},
		{"start_utc is the instant: its Berlin date is the local_date", `SELECT count(*)::INT AS runs,
			count(*) FILTER (WHERE (start_utc AT TIME ZONE 'Europe/Berlin')::DATE <> local_date)::INT AS bad
			FROM 'runs.parquet'`, map[string]int64{"bad": 0}},
		{"timestamps are in the samples' season", `SELECT count(*) FILTER (WHERE start_utc < TIMESTAMPTZ '2026-08-01 00:00:00+00'
			OR start_utc > TIMESTAMPTZ '2026-12-31 00:00:00+00')::INT AS bad FROM 'activities.parquet'`,
			map[string]int64{"bad": 0}},
	}
	sqls = sqls[:0]
	for _, c := range checks {
		sqls = append(sqls, c.sql)
	}
	res = query(sqls...)
	for i, c := range checks {
		if len(res[i]) != 1 {
			t.Errorf("%s: %d rows", c.what, len(res[i]))
			continue
		}
		row := res[i][0]
		got := map[string]int64{}
		for k, v := range row {
			got[k] = asInt(t, v)
		}
		for k, want := range c.want {
			if got[k] != want {
				t.Errorf("%s: %s = %d, want %d (row %v)", c.what, k, got[k], want, got)
			}
		}
		// Pairs: the first column is the total, "joined"/"listed"/"paths"
		// must equal it, and the total must not be zero.
		var total int64 = -1
		for _, k := range []string{"runs", "lifts", "sets", "ids", "rules", "files"} {
			if v, ok := got[k]; ok {
				total = v
				break
			}
		}
		if total == 0 {
			t.Errorf("%s: nothing to check (row %v)", c.what, got)
		}
		for _, k := range []string{"joined", "listed"} {
			if v, ok := got[k]; ok && v != total {
				t.Errorf("%s: %s = %d of %d (row %v)", c.what, k, v, total, got)
			}
		}
	}
	t.Logf("DuckDB read %d tables; %d value checks", len(tableNames), len(checks))
}

// dataDictionary is the documentation of the Parquet tables; every ```sql
// block in it is an example query that must run.
const dataDictionary = "../../docs/data-dictionary.md"

var reSQLBlock = regexp.MustCompile("(?s)```sql\n(.*?)```")

// docSQL returns the SQL of the data dictionary's code blocks that re
// matches, without trailing semicolons.
func docSQL(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	doc, err := os.ReadFile(dataDictionary)
	if err != nil {
		t.Fatal(err)
	}
	var sqls []string
	for _, m := range re.FindAllStringSubmatch(string(doc), -1) {
		sqls = append(sqls, strings.TrimSuffix(strings.TrimSpace(m[1]), ";"))
	}
	return sqls
}

// TestDataDictionaryQueries runs every DuckDB example query of
// docs/data-dictionary.md against a fresh gainguard-out/ from samples/:
// each must run and return rows. (Their pasted outputs are illustrations:
// scores move as the scoring is tuned.) Set GAINGUARD_PRINT_DOC_QUERIES=1
// to print each result as a table, for pasting into the document.
func TestDataDictionaryQueries(t *testing.T) {
	t.Parallel()
	sqls := docSQL(t, reSQLBlock)
	if len(sqls) < 3 {
		t.Fatalf("%s has %d sql blocks; want the example queries", dataDictionary, len(sqls))
	}
	dir := t.TempDir()
	query := duckDB(t, dir)
	if code, stdout, stderr := runCmd(t, "analyze", "-q", "--out", filepath.Join(dir, "gainguard-out"), samplesDir); code != exitOK {
		t.Fatalf("analyze: exit %d\n%s%s", code, stdout, stderr)
	}
	res := query(sqls...)
	for i, rows := range res {
		if len(rows) == 0 {
			t.Errorf("query %d of %s returns no rows:\n%s", i+1, dataDictionary, sqls[i])
		}
	}
	if os.Getenv("GAINGUARD_PRINT_DOC_QUERIES") != "" {
		script, _ := filepath.Abs(filepath.Join(duckdbDir, "query.mjs"))
		out, err := exec.Command("node", append([]string{script, "--cwd", dir, "--box"}, sqls...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		t.Logf("results:\n%s", out)
	}
}
