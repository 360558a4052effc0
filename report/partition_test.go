package report

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go/format"
)

func TestHivePathEscape(t *testing.T) {
	for in, want := range map[string]string{
		"alex":        "alex",
		"":            HiveDefaultPartition,
		"co/ach=1%":   "co%2Fach%3D1%25",
		"José Müller": "José Müller",
		"a\tb\x7f":    "a%09b%7F",
		`x:y?"z"#*'`:  "x%3Ay%3F%22z%22%23%2A%27",
		`\{[]^<>|`:    "%5C%7B%5B%5D%5E%3C%3E%7C",
	} {
		if got := HivePathEscape(in); got != want {
			t.Errorf("HivePathEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

// renameAthlete renames athlete old to name everywhere in d.
func renameAthlete(d *Dataset, old, name string) {
	for i := range d.Activities {
		if d.Activities[i].Athlete == old {
			d.Activities[i].Athlete = name
		}
	}
	for i := range d.Runs {
		if d.Runs[i].Athlete == old {
			d.Runs[i].Athlete = name
		}
	}
	for i := range d.Lifts {
		if d.Lifts[i].Athlete == old {
			d.Lifts[i].Athlete = name
		}
	}
	for i := range d.Weeks {
		if d.Weeks[i].Athlete == old {
			d.Weeks[i].Athlete = name
		}
	}
	for i := range d.Files {
		if d.Files[i].Athlete == old {
			d.Files[i].Athlete = name
		}
	}
	if p, ok := d.Params[old]; ok {
		delete(d.Params, old)
		p.Athlete = name
		d.Params[name] = p
	}
}

func TestPartitionLayout(t *testing.T) {
	dir := t.TempDir()
	d, samples := recordsDataset()
	const sam = "sam/b=c%"
	renameAthlete(d, "sam", sam)
	escaped := "athlete=sam%2Fb%3Dc%25"
	d.Output = WriteOptions{Records: true, Partition: true}
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}

	// Rows per partition, from the flat row functions.
	want := map[string]int64{}
	add := func(table, athlete, year string) {
		p := filepath.Join(table, "athlete="+HivePathEscape(athlete))
		if year != "" {
			p = filepath.Join(p, "year="+year)
		}
		want[filepath.Join(p, partFile)]++
	}
	for _, r := range ActivityRows(d) {
		add("activities", r.Athlete, yearOf(r.StartUTC))
	}
	for _, r := range RunRows(d) {
		add("runs", r.Athlete, yearOf(r.StartUTC))
	}
	for _, r := range LiftRows(d) {
		add("lifts", r.Athlete, yearOf(r.StartUTC))
	}
	for _, r := range SetRows(d) {
		add("sets", r.Athlete, "2024")
	}
	for _, r := range WeekRows(d) {
		add("weeks", r.Athlete, yearOfDays(r.WeekStart))
	}
	for _, r := range RuleRows(d) {
		add("rules", r.Athlete, yearOfDays(r.WeekStart))
	}
	for _, r := range DayRows(d) {
		add("days", r.Athlete, yearOfDays(r.LocalDate))
	}
	for _, r := range FileRows(d) {
		add("files", r.Athlete, "")
	}
	for _, r := range RecordRows(d) {
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
		pf := openParquet(t, p)
		got[rel] = pf.NumRows()
		if _, ok := pf.Schema().Lookup("athlete"); ok {
			t.Errorf("%s has an athlete column", rel)
		}
		table := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
		for key, want := range map[string]string{MetaSchemaVersion: SchemaVersion, MetaTable: table, MetaVersion: "0.1.0-test"} {
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
	tables := partTables()
	for _, f := range OutputFiles {
		if _, ok := tables[f]; strings.HasSuffix(f, ".parquet") && !ok {
			t.Errorf("%s is not partitioned under --partition", f)
		}
	}

	// Deterministic: a second run writes the same bytes.
	first := readTree(t, dir)
	d.Output = WriteOptions{Records: true, Partition: true}
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	second := readTree(t, dir)
	if !maps.Equal(first, second) {
		t.Error("partitioned outputs differ between two runs")
	}

	// Back to the flat layout: the folders go, the files come back.
	d.Output = WriteOptions{}
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
	d.Output = WriteOptions{Partition: true}
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, WeeksFile)); !os.IsNotExist(err) {
		t.Errorf("weeks.parquet after a partitioned run: %v", err)
	}
	d.Output = WriteOptions{Partition: true, Records: true}
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	d.Output = WriteOptions{Partition: true}
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
	d := testDataset()
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
