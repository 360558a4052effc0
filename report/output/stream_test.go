package output

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"gainguard/ingest"
	"gainguard/report"
	"gainguard/report/internal/reporttest"
)

// TestStreamFullDisk: on a full disk (the injected fault, ingest.SetFault)
// a Stream asks its room function once and tries the write again. When
// room was made ("outputs-once") the set is committed and matches its
// manifest; when the disk stays full ("outputs"), or no room is made, the
// commit fails, the previous outputs stay, and Close leaves no temporary
// file. Without a fault, room is never asked.
func TestStreamFullDisk(t *testing.T) {
	t.Cleanup(func() { ingest.SetFault("") })
	for _, tc := range []struct {
		fault   string
		room    bool // what the room function says
		calls   int
		wantErr bool
	}{
		{fault: "", room: true, calls: 0},
		{fault: "outputs-once", room: true, calls: 1},
		{fault: "outputs-once", room: false, calls: 1, wantErr: true},
		{fault: "outputs", room: true, calls: 1, wantErr: true},
	} {
		name := tc.fault + map[bool]string{true: ", room", false: ", no room"}[tc.room]
		dir := t.TempDir()
		prev := reporttest.Dataset()
		prev.Version = "previous"
		if err := WriteAll(dir, prev); err != nil {
			t.Fatal(err)
		}
		before := map[string]string{}
		for _, n := range append(OutputFiles, ManifestFile) {
			b, _ := os.ReadFile(filepath.Join(dir, n))
			before[n] = string(b)
		}

		ingest.SetFault(tc.fault)
		d := reporttest.Dataset()
		calls := 0
		st, err := NewStream(dir, d.Version, d.Generated, func(err error) bool {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Errorf("%s: room asked for %v", name, err)
			}
			calls++
			return tc.room
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Add(d); err != nil {
			t.Fatal(err)
		}
		err = st.Commit(d)
		if cerr := st.Close(); cerr != nil {
			t.Errorf("%s: Close: %v", name, cerr)
		}
		ingest.SetFault("")
		if calls != tc.calls {
			t.Errorf("%s: room asked %d times, want %d", name, calls, tc.calls)
		}
		for _, n := range entries(t, dir) {
			if strings.Contains(n, ".tmp-") {
				t.Errorf("%s: temporary file %s left", name, n)
			}
		}
		if tc.wantErr {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Errorf("%s: Commit: %v, want a full disk", name, err)
			}
			for n, want := range before {
				if b, _ := os.ReadFile(filepath.Join(dir, n)); string(b) != want {
					t.Errorf("%s: %s changed although the commit failed", name, n)
				}
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: Commit: %v", name, err)
		}
		m, err := ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Verify(dir); err != nil || m.Version != d.Version {
			t.Errorf("%s: manifest %s: %v", name, m.Version, err)
		}
	}
}

// TestStreamCloseBeforeCommit: a run that fails before its commit (Add's
// caller gives up) leaves no temporary file; a commit can be made again
// from the same spools.
func TestStreamCloseBeforeCommit(t *testing.T) {
	dir := t.TempDir()
	d := reporttest.Dataset()
	st, err := NewStream(dir, d.Version, d.Generated, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Add(d); err != nil {
		t.Fatal(err)
	}
	if n := len(entries(t, dir)); n != len(OutputFiles)-1 { // every table but files.parquet, report.html's spool
		t.Errorf("%d temporary files during the run, want %d: %v", n, len(OutputFiles)-1, entries(t, dir))
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("after Close: %v, want nothing", got)
	}

	st, err = NewStream(dir, d.Version, d.Generated, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Commit(&report.Dataset{Output: report.WriteOptions{Records: true}}); err == nil {
		t.Error("Commit with records: no error")
	}
	if err := st.Add(d); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(d); err != nil {
		t.Fatal(err)
	}
	first := mustReadAll(t, dir)
	// Again, from the same spools (what a caller may do after a failure).
	if err := st.Commit(d); err != nil {
		t.Fatal(err)
	}
	for name, b := range mustReadAll(t, dir) {
		if name != ManifestFile && !bytes.Equal(b, first[name]) {
			t.Errorf("%s differs the second time", name)
		}
	}
}

// mustReadAll reads every file in dir.
func mustReadAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, n := range entries(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		files[n] = b
	}
	return files
}
