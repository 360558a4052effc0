package output

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"gainguard/report"
	"gainguard/report/internal/reporttest"
	"gainguard/report/tables"
)

// TestAthletePartitionShort: a name whose escaped folder passes 255 bytes
// keeps a readable prefix and a hash; short names are unchanged.
func TestAthletePartitionShort(t *testing.T) {
	long := strings.Repeat("a:", 150)  // escapes to 450 bytes
	euro := strings.Repeat("€", 120)   // 360 bytes, not escaped
	mixed := strings.Repeat("é%", 100) // "%" escapes to %25
	for _, a := range []string{"alex", long, long + "b", euro, mixed, strings.Repeat("x", 247)} {
		p := tables.AthletePartition(a)
		if len(p) > tables.MaxPartitionName || !utf8.ValidString(p) || !strings.HasPrefix(p, "athlete=") {
			t.Errorf("AthletePartition(%.20q…) = %q (%d bytes)", a, p, len(p))
		}
		if full := "athlete=" + tables.HivePathEscape(a); len(full) <= tables.MaxPartitionName && p != full {
			t.Errorf("short name %q changed to %q", a, p)
		}
		// A shortened name never ends inside a %XX escape.
		if i := strings.LastIndexByte(p, '~'); i >= 0 && len(p) > tables.MaxPartitionName-20 {
			head := p[:i]
			if j := strings.LastIndexByte(head, '%'); j >= 0 && j > len(head)-3 {
				t.Errorf("%q splits an escape", p)
			}
		}
	}
	if tables.AthletePartition(long) == tables.AthletePartition(long+"b") {
		t.Error("two long names sharing a prefix share a folder")
	}
}

// TestPartitionLongAthleteName: one athlete name over 255 bytes after
// escaping used to stop every --partition run (ENAMETOOLONG). The run
// must succeed, every folder name fit, and the full name be recoverable
// from manifest.json.
func TestPartitionLongAthleteName(t *testing.T) {
	dir := t.TempDir()
	d, _ := reporttest.RecordsDataset(64<<10 + 100)
	long := strings.Repeat("Ö:", 100) + "end"
	reporttest.RenameAthlete(d, "sam", long)
	d.Output = report.WriteOptions{Records: true, Partition: true}
	if err := WriteAll(dir, d); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if len(e.Name()) > tables.MaxPartitionName {
			t.Errorf("%s: name of %d bytes", path, len(e.Name()))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.AthletePartitions[tables.AthletePartition(long)]; got != long {
		t.Errorf("manifest athlete_partitions = %v, want %q → the full name", m.AthletePartitions, tables.AthletePartition(long))
	}
	if err := m.Verify(dir); err != nil {
		t.Error(err)
	}
}
