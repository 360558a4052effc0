package output

import (
	"crypto/rand"

	"encoding/hex"
	"encoding/json"
	"fmt"

	"io"

	"path/filepath"

	"os"
	"sync/atomic"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/commit"
	"gainguard/report"
	"gainguard/report/tables"
)

// ManifestFile names the manifest [WriteAll] writes last into the output
// folder.
const ManifestFile = "manifest.json"

// Manifest describes one complete set of outputs. It is written (atomically)
// after every output is in place, so a reader that finds every listed file
// with its size and SHA-256 has a consistent set; a mismatch means a run
// was interrupted while renaming its outputs into place (each file is
// still complete, old or new) and the next run will repair it.
type Manifest struct {
	RunID     string         `json:"run_id"`
	Version   string         `json:"gainguard_version"`
	Generated time.Time      `json:"generated"`
	Files     []ManifestItem `json:"files"`
	// AthletePartitions maps each shortened athlete=… folder of the
	// partitioned layout to the athlete's full name
	// ([tables.AthletePartition]).
	AthletePartitions map[string]string `json:"athlete_partitions,omitempty"`
}

// ManifestItem is one output file in a [Manifest].
type ManifestItem = commit.Item

// ReadManifest reads dir's manifest.json.
func ReadManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestFile, err)
	}
	return &m, nil
}

// Verify checks that every file m lists is in dir with its size and
// SHA-256.
func (m *Manifest) Verify(dir string) error {
	return commit.Verify(dir, ManifestFile, m.Files)
}

// CrashEnv names the test-only environment variable that makes a run abort
// (exit status 137, as if killed) at a named point, for the crash-safety
// tests: "before-rename" (every temporary output written), "mid-rename"
// (after the first output is renamed into place), "mid-exchange" (a
// partitioned table folder exchanged, the old one not yet removed),
// "mid-shard-rename" (a shard's first file renamed into place,
// [WriteShard]), or "before-state" (the command checks it after the outputs and manifest
// are in place, before saving its state). cmd/gainguard reads it and
// passes its value to [SetCrashAt]; no library package reads the
// environment. It has no other use.
const CrashEnv = "GAINGUARD_TEST_CRASH_AT"

// crashAt is the point set by [SetCrashAt] ("" or nil: none).
var crashAt atomic.Pointer[string]

// SetCrashAt sets the point (a [CrashEnv] value; "" for none) at which
// [CrashPoint] aborts the process.
func SetCrashAt(point string) { crashAt.Store(&point) }

// CrashPoint aborts the process when [SetCrashAt] named point.
func CrashPoint(point string) {
	if p := crashAt.Load(); p != nil && *p != "" && *p == point {
		os.Exit(137)
	}
}

// hooks are the test hooks of the output commit: the full-disk fault
// (ingest.SetFault, "outputs") and the crash points ([CrashPoint]).
var hooks = &commit.Hooks{
	Fault: func(path string) error { return ingest.InjectedFault("outputs", path) },
	Crash: CrashPoint,
}

// writeOutputsWithManifest writes files as one [commit.Set] (every file to
// a temporary file first; renames only when all are complete), then
// writes the manifest listing them, last.
//
// c, when set, adds items to the manifest (the files of partitioned
// tables) and runs c.commit after the files are renamed into place and
// before the manifest is: the manifest is replaced only once everything
// it lists is in place.
//
// workers bounds how many files are written at once (0: all cores);
// room, when not nil, makes room on a full disk ([commit.Room]).
func writeOutputsWithManifest(dir string, files []commit.File, d *report.Dataset, c *commitHook, workers int, room *commit.Room) error {
	set := commit.Set{Dir: dir, Files: files, Manifest: ManifestFile, Hooks: hooks, Workers: workers, Room: room,
		WriteManifest: func(w io.Writer, items []commit.Item) error {
			m := Manifest{RunID: newRunID(), Version: d.Version, Generated: d.Generated.UTC(), Files: items}
			if d.Output.Partition {
				m.AthletePartitions = tables.AthletePartitions(d)
			}
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(&m)
		}}
	if c != nil {
		set.Extra, set.BeforeManifest = c.items, c.commit
	}
	return set.Commit()
}

// commitHook is what a partitioned run adds to writeOutputsWithManifest:
// the manifest items of the staged table folders, and the function that
// switches them into place.
type commitHook struct {
	items  []ManifestItem
	commit func() error
}

// newRunID is 16 random hex digits.
func newRunID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return fmt.Sprintf("%016x", time.Now().UnixNano())
	}
	return hex.EncodeToString(b[:])
}
