package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNonUTF8NamesInDuckDB: inputs named in Latin-1 on disk (a file and
// an athlete folder) and a Windows zip with a CP437 entry name (no UTF-8
// flag) give tables DuckDB reads (it refuses a STRING column that is not
// UTF-8), flat and partitioned, with the names decoded or escaped.
func TestNonUTF8NamesInDuckDB(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	query := duckDB(t, dir)
	in := filepath.Join(dir, "in")
	acts, _ := filepath.Glob(filepath.Join(samplesDir, "activities", "*.fit"))
	if len(acts) < 3 {
		t.Fatal("samples missing")
	}
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, name := range []string{"J\xfcrgen", "kim"} {
		if err := os.MkdirAll(filepath.Join(in, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(in, "J\xfcrgen", "Lauf_M\xfcnchen.fit"), read(acts[0]), 0o644); err != nil {
		t.Skip("this file system refuses non-UTF-8 names:", err)
	}
	if err := os.WriteFile(filepath.Join(in, "kim", "run.fit"), read(acts[1]), 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "Lauf_M\x81nchen.fit", NonUTF8: true, Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(read(acts[2]))
	zw.Close()
	if err := os.WriteFile(filepath.Join(in, "kim", "win.zip"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"analyze", "-q", "--coach", "--out", filepath.Join(dir, "flat"), in},
		{"analyze", "-q", "--coach", "--partition", "--out", filepath.Join(dir, "part"), in},
	} {
		if code, stdout, stderr := runCmd(t, args...); code != exitOK {
			t.Fatalf("%v: exit %d\n%s%s", args, code, stdout, stderr)
		}
	}
	res := query(
		`SELECT path, athlete FROM 'flat/files.parquet' ORDER BY path`,
		`SELECT source, athlete, name FROM 'flat/activities.parquet' ORDER BY source`,
		`SELECT count(*) AS n FROM read_parquet('part/files/**/*.parquet', hive_partitioning=true)`,
		`SELECT count(*) AS n FROM read_parquet('part/activities/**/*.parquet', hive_partitioning=true)`,
	)
	var paths, athletes []string
	for _, r := range res[0] {
		paths = append(paths, r["path"].(string))
		athletes = append(athletes, r["athlete"].(string))
	}
	all := strings.Join(paths, "\n")
	for _, want := range []string{"J%FCrgen/Lauf_M%FCnchen.fit", "kim/win.zip!Lauf_München.fit"} {
		if !strings.Contains(all, want) {
			t.Errorf("files.path has no %q:\n%s", want, all)
		}
	}
	if !strings.Contains(strings.Join(athletes, ","), "J%FCrgen") {
		t.Errorf("athletes %v: want J%%FCrgen", athletes)
	}
	if len(res[1]) != 3 {
		t.Errorf("activities: %d rows, want 3: %v", len(res[1]), res[1])
	}
	if n := asInt(t, res[2][0]["n"]); n != int64(len(res[0])) {
		t.Errorf("partitioned files: %d rows, flat %d", n, len(res[0]))
	}
	if n := asInt(t, res[3][0]["n"]); n != 3 {
		t.Errorf("partitioned activities: %d rows, want 3", n)
	}
}
