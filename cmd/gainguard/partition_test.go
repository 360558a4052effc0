package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var rePartitionedSQL = regexp.MustCompile("(?s)```sql partitioned\n(.*?)```")

// copyTree copies the files under src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if err := filepath.WalkDir(src, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	}); err != nil {
		t.Fatal(err)
	}
}

// TestPartitionedInDuckDB runs analyze --partition --records on a coach
// folder of two athletes (the samples twice; the second athlete's name
// needs Hive escaping) and reads the partitioned folders as Hive datasets
// in DuckDB: partition columns, types, row counts, and the same rows as
// the flat tables of the same input.
func TestPartitionedInDuckDB(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	query := duckDB(t, dir) // fails or skips before the slow part when DuckDB is missing

	const kim = "kim/b=2 %"
	in := filepath.Join(dir, "coach")
	profile, err := os.ReadFile(filepath.Join(samplesDir, "athlete.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct{ folder, name string }{{"alex", `"alex"`}, {"kim", `"kim/b=2 %"`}} {
		copyTree(t, filepath.Join(samplesDir, "activities"), filepath.Join(in, a.folder))
		p := strings.Replace(string(profile), `"alex"`, a.name, 1)
		if err := os.WriteFile(filepath.Join(in, a.folder, "athlete.json"), []byte(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"analyze", "-q", "--partition", "--records", "--out", filepath.Join(dir, "gainguard-out"), in},
		{"analyze", "-q", "--records", "--out", filepath.Join(dir, "flat"), in},
	} {
		if code, stdout, stderr := runCmd(t, args...); code != exitOK {
			t.Fatalf("%v: exit %d\n%s%s", args, code, stdout, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "gainguard-out", "weeks", "athlete=kim%2Fb%3D2 %25", "year=2026", "part-0.parquet")); err != nil {
		t.Errorf("kim's weeks partition: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "gainguard-out", "files", "athlete=alex", "part-0.parquet")); err != nil {
		t.Errorf("alex's files partition: %v", err)
	}

	hive := func(table string) string {
		return fmt.Sprintf("read_parquet('gainguard-out/%s/**/*.parquet', hive_partitioning=true)", table)
	}
	tables := []string{"activities", "runs", "lifts", "sets", "weeks", "rules", "days", "files", "records"}
	var sqls []string
	for _, table := range tables {
		// Types as DuckDB reads the dataset (partition columns included),
		// and the columns of one file: no athlete.
		sqls = append(sqls, "DESCRIBE SELECT * FROM "+hive(table),
			fmt.Sprintf("DESCRIBE SELECT * FROM read_parquet('gainguard-out/%s/athlete=alex/**/*.parquet', hive_partitioning=false)", table))
	}
	res := query(sqls...)
	for i, table := range tables {
		got := map[string]string{}
		for _, row := range res[2*i] {
			name, typ := row["column_name"].(string), row["column_type"].(string)
			got[name] = typ
			if want := columnRule(name, typ); want != "" {
				t.Errorf("partitioned %s.%s is %s in DuckDB, want %s", table, name, typ, want)
			}
		}
		cols := keyColumns[table]
		if table == "records" {
			cols = map[string]string{"activity_id": varchar, "time_utc": tsTZ, "elapsed_s": double, "hr_bpm": double,
				"speed_m_s": double, "distance_m": double, "cadence_rpm": double, "power_w": double,
				"lat_deg": double, "lon_deg": double, "alt_m": double}
		}
		for col, want := range cols {
			if typ, ok := got[col]; !ok || !strings.Contains("|"+want+"|", "|"+typ+"|") {
				t.Errorf("partitioned %s.%s is %q in DuckDB, want %s", table, col, typ, want)
			}
		}
		if got["athlete"] != varchar {
			t.Errorf("partitioned %s: athlete is %q, want VARCHAR from the path", table, got["athlete"])
		}
		if table != "files" && got["year"] != "BIGINT" {
			t.Errorf("partitioned %s: year is %q, want BIGINT from the path", table, got["year"])
		}
		for _, row := range res[2*i+1] {
			if name := row["column_name"].(string); name == "athlete" || name == "year" {
				t.Errorf("%s files hold a %s column: Spark refuses a column in both the file and the path", table, name)
			}
		}
	}

	checks := []struct {
		what string
		sql  string
		want map[string]int64
	}{
		{"24 weeks of 2 athletes", `SELECT count(*)::INT AS n, count(DISTINCT athlete)::INT AS athletes,
			count(*) FILTER (WHERE athlete = 'alex')::INT AS alex, count(*) FILTER (WHERE athlete = '` + kim + `')::INT AS kim,
			count(*) FILTER (WHERE year <> year(week_start))::INT AS bad_year FROM ` + hive("weeks"),
			map[string]int64{"n": 24, "athletes": 2, "alex": 12, "kim": 12, "bad_year": 0}},
		{"records = Σ activities.samples", `SELECT (SELECT count(*) FROM ` + hive("records") + `)::BIGINT AS records,
			(SELECT sum(samples) FROM ` + hive("activities") + `)::BIGINT AS samples,
			(SELECT count(*) FROM 'flat/records.parquet')::BIGINT AS flat`, nil},
		{"records join their activities", `SELECT count(*)::BIGINT AS n, count(a.id)::BIGINT AS joined,
			count(*) FILTER (WHERE r.athlete <> a.athlete OR r.year <> year(a.start_utc AT TIME ZONE 'UTC'))::BIGINT AS bad
			FROM ` + hive("records") + ` r LEFT JOIN ` + hive("activities") + ` a ON a.id = r.activity_id`,
			map[string]int64{"bad": 0}},
	}
	// Every partitioned table holds exactly the rows of the flat one
	// (athlete moved last, as DuckDB appends the partition columns).
	for _, table := range tables {
		part := "SELECT * EXCLUDE (year) FROM " + hive(table)
		if table == "files" {
			part = "SELECT * FROM " + hive(table) // files has no year level
		}
		flat := fmt.Sprintf("SELECT * EXCLUDE (athlete), athlete FROM 'flat/%s.parquet'", table)
		checks = append(checks, struct {
			what string
			sql  string
			want map[string]int64
		}{table + ": partitioned rows = flat rows", fmt.Sprintf(`SELECT
			(SELECT count(*) FROM 'flat/%[1]s.parquet')::BIGINT AS flat,
			(SELECT count(*) FROM (%[2]s EXCEPT ALL %[3]s))::BIGINT AS only_flat,
			(SELECT count(*) FROM (%[3]s EXCEPT ALL %[2]s))::BIGINT AS only_part`, table, flat, part),
			map[string]int64{"only_flat": 0, "only_part": 0}})
	}
	// The docs' example queries for this layout (```sql partitioned
	// blocks) must run and return rows.
	partSQL := docSQL(t, rePartitionedSQL)
	if len(partSQL) < 2 {
		t.Errorf("%s has %d sql partitioned blocks; want the records and --partition examples", dataDictionary, len(partSQL))
	}
	for i, rows := range query(partSQL...) {
		if len(rows) == 0 {
			t.Errorf("query %d of %s returns no rows:\n%s", i+1, dataDictionary, partSQL[i])
		}
		if i == 0 && len(rows) != 2 {
			t.Errorf("weeks per athlete and year: %d rows, want 2 (%v)", len(rows), rows)
		}
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
		got := map[string]int64{}
		for k, v := range res[i][0] {
			got[k] = asInt(t, v)
		}
		for k, want := range c.want {
			if got[k] != want {
				t.Errorf("%s: %s = %d, want %d (row %v)", c.what, k, got[k], want, got)
			}
		}
		switch {
		case got["records"] != 0 && (got["records"] != got["samples"] || got["records"] != got["flat"]):
			t.Errorf("%s: %v", c.what, got)
		case got["n"] != 0 && got["joined"] != 0 && got["n"] != got["joined"]:
			t.Errorf("%s: %v", c.what, got)
		}
		if v, ok := got["flat"]; ok && v == 0 {
			t.Errorf("%s: nothing to compare (%v)", c.what, got)
		}
	}
}
