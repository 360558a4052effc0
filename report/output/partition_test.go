package output

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go/format"

	"gainguard/report"
	"gainguard/report/internal/reporttest"
	"gainguard/report/tables"
)

// partFile, yearOf and yearOfDays restate the partitioned layout
// (report/tables partition.go): the name of the one file in a partition
// folder, and the year of a timestamp (UTC) and of a DATE.
const partFile = "part-0.parquet"

func yearOf(t time.Time) string { return strconv.Itoa(t.UTC().Year()) }

func yearOfDays(days int32) string {
	return strconv.Itoa(time.Unix(int64(days)*86400, 0).UTC().Year())
}

func TestPartitionLayout(t *testing.T) {
	dir := t.TempDir()
	d, samples := reporttest.RecordsDataset(64<<10 + 100)
	const sam = "sam/b=c%"
	reporttest.RenameAthlete(d, "sam", sam)
	escaped := "athlete=sam%2Fb%3Dc%25"
	d.Output = report.WriteOptions{Records: true, Partition: true}
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}

	// Rows per partition, from the flat row functions.
	want := map[string]int64{}
	add := func(table, athlete, year string) {
		p := filepath.Join(table, "athlete="+tables.HivePathEscape(athlete))
		if year != "" {
			p = filepath.Join(p, "year="+year)
		}
		want[filepath.Join(p, partFile)]++
	}
	for _, r := range tables.ActivityRows(d) {
		add("activities", r.Athlete, yearOf(r.StartUTC))
	}
	for _, r := range tables.RunRows(d) {
		add("runs", r.Athlete, yearOf(r.StartUTC))
	}
	for _, r := range tables.LiftRows(d) {
		add("lifts", r.Athlete, yearOf(r.StartUTC))
	}
	for _, r := range tables.SetRows(d) {
		add("sets", r.Athlete, "2024")
	}
	for _, r := range tables.WeekRows(d) {
		add("weeks", r.Athlete, yearOfDays(r.WeekStart))
	}
	for _, r := range tables.RuleRows(d) {
		add("rules", r.Athlete, yearOfDays(r.WeekStart))
	}
	for _, r := range report.DayRows(d) {
		add("days", r.Athlete, yearOfDays(r.LocalDate))
	}
	for _, r := range tables.FileRows(d) {
		add("files", r.Athlete, "")
	}
	for _, r := range tables.RecordRows(d) {
		add("records", r.Athlete, "2024")
	}
	if want[filepath.Join("records", escaped, "year=2024", partFile)] != int64(samples-1) {
		t.Fatalf("test setup: sam's records %v", want)
	}

	got := map[string]int64{}
	var other []string
	if err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if filepath.Base(p) != partFile {
			other = append(other, rel)
			return nil
		}
		pf := reporttest.OpenParquet(t, p)
		got[rel] = pf.NumRows()
		if _, ok := pf.Schema().Lookup("athlete"); ok {
			t.Errorf("%s has an athlete column", rel)
		}
		table := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
		for key, want := range map[string]string{tables.MetaSchemaVersion: tables.SchemaVersion, tables.MetaTable: table, tables.MetaVersion: "0.1.0-test"} {
			if v, ok := pf.Lookup(key); !ok || v != want {
				t.Errorf("%s: metadata %s = %q, want %q", rel, key, v, want)
			}
		}
		for _, rg := range pf.Metadata().RowGroups {
			for _, c := range rg.Columns {
				if c.MetaData.Codec != format.Zstd {
					t.Errorf("%s: column %v codec %v", rel, c.MetaData.PathInSchema, c.MetaData.Codec)
				}
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		t.Errorf("partition files and rows:\n got %v\nwant %v", got, want)
	}
	if !slices.Contains(other, HTMLFile) {
		t.Errorf("no report.html: %v", other)
	}
	for _, f := range other {
		if strings.HasSuffix(f, ".parquet") || strings.Contains(f, ".tmp-") || strings.Contains(f, ".old-") {
			t.Errorf("left in the folder: %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "weeks", escaped, "year=2024", partFile)); err != nil {
		t.Errorf("escaped athlete folder: %v", err)
	}

	// Every table of the flat layout is partitioned.
	parted := tables.PartTables()
	for _, f := range OutputFiles {
		if _, ok := parted[f]; strings.HasSuffix(f, ".parquet") && !ok {
			t.Errorf("%s is not partitioned under --partition", f)
		}
	}

	// Deterministic: a second run writes the same bytes.
	first := readTree(t, dir)
	d.Output = report.WriteOptions{Records: true, Partition: true}
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	second := readTree(t, dir)
	if !maps.Equal(first, second) {
		t.Error("partitioned outputs differ between two runs")
	}

	// Back to the flat layout: the folders go, the files come back.
	d.Output = report.WriteOptions{}
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	for _, f := range OutputFiles {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	for _, table := range []string{"weeks", "records", "files"} {
		if _, err := os.Stat(filepath.Join(dir, table)); !os.IsNotExist(err) {
			t.Errorf("%s/ after a flat run: %v", table, err)
		}
	}

	// And partitioned again: the flat table files go.
	d.Output = report.WriteOptions{Partition: true}
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, tables.WeeksFile)); !os.IsNotExist(err) {
		t.Errorf("weeks.parquet after a partitioned run: %v", err)
	}
	d.Output = report.WriteOptions{Partition: true, Records: true}
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	d.Output = report.WriteOptions{Partition: true}
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "records")); !os.IsNotExist(err) {
		t.Errorf("records/ after a partitioned run without records: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "weeks", escaped)); err != nil {
		t.Error(err)
	}
}

// readTree returns the content of every file under dir but manifest.json
// (its run id changes), by relative path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	if err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || filepath.Base(p) == ManifestFile {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[rel] = string(b)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return m
}

// A TABLE folder that is not gainguard's is never replaced or removed.
func TestPartitionKeepsForeignFolder(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "weeks", "notes.txt")
	if err := os.MkdirAll(filepath.Dir(notes), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(notes, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := reporttest.Dataset()
	d.Output.Partition = true
	err := WriteAll(dir, d)
	if err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Fatalf("WriteAll over a foreign weeks/ folder: %v", err)
	}
	if b, err := os.ReadFile(notes); err != nil || string(b) != "mine" {
		t.Fatalf("foreign file: %q, %v", b, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	// A flat run leaves it alone too.
	d.Output.Partition = false
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(notes); err != nil {
		t.Fatal(err)
	}
}
