package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/commit"
	"gainguard/ingest/state"
	"gainguard/report"
	"gainguard/report/output"
)

// The up-to-date fast path. After a successful run, analyze records in the
// state folder (upToDateFile) a run fingerprint: a SHA-256 over the
// gainguard version, every option that shapes the outputs, and the path,
// size and modification time of every input file the import walks (see
// ingest.Stat; nothing is read). The next run, once it holds the lock,
// stats the inputs again; when the fingerprint is the same, manifest.json
// is the recorded run's and every output file is there with its recorded
// size, and the state index is the one it saved, it skips import, metrics and writing, prints the recorded summary
// and exits. Any doubt (no or damaged record, another fingerprint, a
// missing or resized output, --no-cache) means a normal run. A normal run
// removes the record before writing anything, so a run killed half-way
// leaves none.

// upToDateFile names the record in the state folder.
const upToDateFile = "uptodate.json"

// upToDate is the record of the last successful run.
type upToDate struct {
	Version     string    `json:"gainguard_version"`
	Fingerprint string    `json:"fingerprint"`
	RunID       string    `json:"run_id"` // manifest.json's
	Generated   time.Time `json:"generated"`
	// State is the SHA-256 of the state index as this run saved it: a
	// damaged or replaced state means a normal run (which reports it).
	State string `json:"state_sha256"`
	// Summary counts, as printed and logged.
	Files      int `json:"files"`
	Imported   int `json:"imported"`
	Duplicates int `json:"duplicates"`
	Skipped    int `json:"skipped"`
	Failed     int `json:"failed"`
	Activities int `json:"activities"`
	Weeks      int `json:"weeks"`
	Warnings   int `json:"warnings"` // profile notes (unknown keys): --strict fails on them
	// Terminal is --format and --weeks of the recorded run, and Stdout
	// what it printed (or would have, under -q) with them.
	Terminal string `json:"terminal"`
	Stdout   string `json:"stdout"`
	// Outputs lists every file under OUT (the state folder aside) with its
	// size, which covers the partitioned layout too.
	Outputs []upToDateFileSize `json:"outputs"`
}

type upToDateFileSize struct {
	Path string `json:"path"` // relative to OUT, slash-separated
	Size int64  `json:"size"`
}

// terminalKey is the record's Terminal for c.
func terminalKey(c *analyzeConfig) string { return fmt.Sprintf("%s/%d", c.term.format, c.term.weeks) }

// runFingerprint is the run fingerprint of c's options and inputs, or ""
// when it cannot be taken (an input or --profile unreadable: the normal
// run reports it).
func runFingerprint(c *analyzeConfig, opt ingest.Options, generated time.Time) string {
	h := sha256.New()
	fmt.Fprintf(h, "gainguard %s\n", version)
	fmt.Fprintf(h, "out=%q state=%q records=%t partition=%t since=%q week-start=%q athlete=%q\n",
		c.out, c.state.dir, c.output.Records, c.output.Partition, c.ops.since,
		strings.ToLower(c.weekStart)[:3], c.athlete)
	fmt.Fprintf(h, "override=%+v\n", c.override)
	fmt.Fprintf(h, "coach=%t\n", c.coach)
	fmt.Fprintf(h, "sport-override=%q\n", c.sports.String())
	fmt.Fprintf(h, "generated=%d\n", generated.Unix()) // SOURCE_DATE_EPOCH or a test's fixed clock
	fmt.Fprintf(h, "ingest=%s\n", opt.Fingerprint())
	fmt.Fprintf(h, "profile=%q", c.profileFile)
	if c.profileFile != "" {
		data, err := ingest.ReadRegular(c.profileFile, true)
		if err != nil {
			return ""
		}
		fmt.Fprintf(h, " %x", sha256.Sum256(data))
	}
	fmt.Fprintf(h, "\npaths=%q\n", c.paths)
	stats, err := ingest.Stat(c.paths, opt)
	if err != nil {
		return ""
	}
	for _, s := range stats {
		fmt.Fprintf(h, "%q %d %d %o %q\n", s.Path, s.Size, s.ModTime.UnixNano(), uint32(s.Mode), s.Err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fastPath takes the fast path when the record in the state folder says
// the outputs are current: it logs one line, prints the recorded summary
// (unless -q) and returns the exit code and true. Otherwise (or under
// --no-cache) it returns false and the run goes on as usual.
func (a *analyzeRun) fastPath() (int, bool) {
	c := a.c
	if c.state.noCache || a.fingerprint == "" || c.sharded() {
		return 0, false
	}
	rec, why := checkUpToDate(c, a.state.path, a.fingerprint)
	if rec == nil {
		a.log.Debug("outputs not known to be current; running", "reason", why)
		return 0, false
	}
	a.bar.finish()
	code := exitOK
	if (rec.Failed > 0 || rec.Warnings > 0) && c.strict {
		code = exitStrict
	}
	a.m.FastPaths.Add(1)
	a.log.Info(fmt.Sprintf("nothing changed since %s: outputs in %s are current", rec.Generated.UTC().Format(time.RFC3339), c.out),
		"files", rec.Files, "failed", rec.Failed, "weeks", rec.Weeks,
		"duration", time.Since(a.start).Round(time.Millisecond), "exit", code)
	if !c.quiet {
		if _, err := io.WriteString(a.m.Stdout, rec.Stdout); err != nil {
			return exitFailed, true
		}
	}
	return code, true
}

// checkUpToDate returns the record when it matches fingerprint and the
// outputs in c.out, or nil and why not.
func checkUpToDate(c *analyzeConfig, stateDir, fingerprint string) (*upToDate, string) {
	data, err := ingest.ReadRegular(filepath.Join(stateDir, upToDateFile), false)
	if err != nil {
		return nil, "no record"
	}
	var rec upToDate
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, "record damaged"
	}
	switch {
	case rec.Version != version:
		return nil, "another version"
	case rec.Fingerprint == "" || rec.Fingerprint != fingerprint:
		return nil, "inputs or options changed"
	case rec.Terminal != terminalKey(c):
		return nil, "another --format or --weeks"
	case len(rec.Outputs) == 0:
		return nil, "record lists no outputs"
	}
	if sum, err := stateSum(stateDir); err != nil || sum != rec.State {
		return nil, "state changed or damaged"
	}
	m, err := output.ReadManifest(c.out)
	if err != nil {
		return nil, "manifest unreadable"
	}
	if m.RunID != rec.RunID || len(m.Files) == 0 {
		return nil, "manifest is another run's"
	}
	for _, it := range m.Files {
		if st, err := os.Stat(filepath.Join(c.out, it.Name)); err != nil || !st.Mode().IsRegular() || st.Size() != it.Size {
			return nil, "output " + it.Name + " missing or changed"
		}
	}
	for _, o := range rec.Outputs {
		if st, err := os.Stat(filepath.Join(c.out, filepath.FromSlash(o.Path))); err != nil || !st.Mode().IsRegular() || st.Size() != o.Size {
			return nil, "output " + o.Path + " missing or changed"
		}
	}
	return &rec, ""
}

// stateSum is the SHA-256 of the state index in stateDir (small: one
// record per input file; the packs of decoded outcomes are not read).
func stateSum(stateDir string) (string, error) {
	data, err := ingest.ReadRegular(filepath.Join(stateDir, state.IndexFileName), false)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// clearUpToDate removes the record; a normal run calls it before writing.
func clearUpToDate(stateDir string) { os.Remove(filepath.Join(stateDir, upToDateFile)) }

// saveUpToDate records a successful run. Failures are logged, not fatal:
// the next run is then a normal one.
func saveUpToDate(c *analyzeConfig, stateDir, fingerprint string, ds *report.Dataset, summary []byte, log *slog.Logger) {
	if fingerprint == "" {
		return
	}
	m, err := output.ReadManifest(c.out)
	if err != nil {
		log.Warn("up-to-date record not saved", "error", err)
		return
	}
	sum, err := stateSum(stateDir)
	if err != nil {
		log.Warn("up-to-date record not saved", "error", err)
		return
	}
	imported, duplicates, skipped, failed := ingest.SummarizeFiles(ds.Files)
	rec := upToDate{State: sum, Version: version, Fingerprint: fingerprint, RunID: m.RunID, Generated: m.Generated,
		Files: len(ds.Files), Imported: imported, Duplicates: duplicates, Skipped: skipped, Failed: failed,
		Activities: ds.NumActivities(), Weeks: ds.NumWeeks(), Warnings: len(ds.Warnings), Terminal: terminalKey(c), Stdout: string(summary)}
	rec.Outputs, err = outputSizes(c.out, stateDir)
	if err != nil {
		log.Warn("up-to-date record not saved", "error", err)
		return
	}
	err = commit.WriteFile(filepath.Join(stateDir, upToDateFile), func(w io.Writer) error {
		return json.NewEncoder(w).Encode(&rec)
	}, outputHooks)
	if err != nil {
		log.Warn("up-to-date record not saved", "error", err)
	}
}

// outputSizes lists the regular files under out, hidden entries (the
// state folder, temporary files) and stateDir aside.
func outputSizes(out, stateDir string) ([]upToDateFileSize, error) {
	stateAbs, _ := filepath.Abs(stateDir)
	var list []upToDateFileSize
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == out {
			return nil
		}
		if abs, _ := filepath.Abs(p); abs == stateAbs || strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(out, p)
		if err != nil {
			return err
		}
		list = append(list, upToDateFileSize{Path: filepath.ToSlash(rel), Size: info.Size()})
		return nil
	})
	return list, err
}
