package report

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
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
	// partitioned layout to the athlete's full name ([AthletePartition]).
	AthletePartitions map[string]string `json:"athlete_partitions,omitempty"`
}

// ManifestItem is one output file in a [Manifest].
type ManifestItem struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

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
	for _, it := range m.Files {
		f, err := os.Open(filepath.Join(dir, it.Name))
		if err != nil {
			return err
		}
		h := sha256.New()
		n, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return err
		}
		if n != it.Size || hex.EncodeToString(h.Sum(nil)) != it.SHA256 {
			return fmt.Errorf("%s does not match %s", it.Name, ManifestFile)
		}
	}
	return nil
}

// CrashEnv names the test-only environment variable that makes a run abort
// (exit status 137, as if killed) at a named point, for the crash-safety
// tests: "before-rename" (every temporary output written), "mid-rename"
// (after the first output is renamed into place), or "before-state" (the
// command checks it after the outputs and manifest are in place, before
// saving its state). cmd/gainguard reads it and passes its value to
// [SetCrashAt]; no library package reads the environment. It has no other
// use.
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

// hashingWriter counts and hashes what passes through it.
type hashingWriter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func (hw *hashingWriter) Write(p []byte) (int, error) {
	n, err := hw.w.Write(p)
	hw.h.Write(p[:n])
	hw.n += int64(n)
	return n, err
}

// writeOutputsWithManifest writes files like writeFilesAtomic (every file
// to a temporary file first; renames only when all are complete), then
// writes the manifest listing them, last.
//
// c, when set, adds items to the manifest (the files of partitioned
// tables) and runs c.commit after the files are renamed into place and
// before the manifest is: the manifest is replaced only once everything
// it lists is in place.
func writeOutputsWithManifest(dir string, files []pendingWrite, d *Dataset, c *commitHook) (err error) {
	items := make([]ManifestItem, len(files))
	temps := make([]string, 0, len(files))
	defer func() {
		if err != nil {
			for _, t := range temps {
				os.Remove(t)
			}
		}
	}()
	// The files are independent (their writers only read the dataset), so
	// they are written on all cores; the renames below stay in order.
	tmpOf := make([]string, len(files))
	errs := make([]error, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				f := files[i]
				hw := &hashingWriter{h: sha256.New()}
				tmpOf[i], errs[i] = writeTemp(f.name, func(w io.Writer) error {
					hw.w = w
					return f.write(hw)
				})
				items[i] = ManifestItem{Name: filepath.Base(f.name), Size: hw.n, SHA256: hex.EncodeToString(hw.h.Sum(nil))}
			}
		})
	}
	wg.Wait()
	for i := range files {
		if tmpOf[i] != "" {
			temps = append(temps, tmpOf[i])
		}
	}
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	if c != nil {
		items = append(items, c.items...)
	}
	m := Manifest{RunID: newRunID(), Version: d.Version, Generated: d.Generated.UTC(), Files: items}
	if d.Output.Partition {
		m.AthletePartitions = AthletePartitions(d)
	}
	mtmp, err := writeTemp(filepath.Join(dir, ManifestFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(&m)
	})
	if err != nil {
		return err
	}
	temps = append(temps, mtmp)
	CrashPoint("before-rename")
	for i, f := range files {
		if err := os.Rename(temps[i], f.name); err != nil {
			temps = temps[i:]
			return err
		}
		if i == 0 {
			CrashPoint("mid-rename")
		}
	}
	if err := syncDir(dir); err != nil {
		temps = temps[len(files):]
		return err
	}
	if c != nil && c.commit != nil {
		if err := c.commit(); err != nil {
			temps = temps[len(files):]
			return err
		}
	}
	if err := os.Rename(mtmp, filepath.Join(dir, ManifestFile)); err != nil {
		temps = temps[len(files):]
		return err
	}
	temps = nil
	return syncDir(dir)
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

// RemoveStaleTemps removes the temporary files (".NAME.tmp-*", for NAME
// in names) a killed run may have left in dir, and returns how many it
// removed. Call it only while holding the output folder's lock.
func RemoveStaleTemps(dir string, names []string) (int, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return 0, nil
		}
		return 0, err
	}
	n := 0
	for _, e := range ents {
		name := e.Name()
		if e.Type().IsRegular() && staleTemp(name, names) {
			if err := os.Remove(filepath.Join(dir, name)); err == nil {
				n++
			}
		}
	}
	return n, nil
}

// staleTemp reports whether name is ".NAME.tmp-*" for one of names.
func staleTemp(name string, names []string) bool {
	for _, n := range names {
		if strings.HasPrefix(name, "."+n+".tmp-") {
			return true
		}
	}
	return false
}
