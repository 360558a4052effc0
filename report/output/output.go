// Package output writes a [report.Dataset] into the output folder: the
// Parquet tables (report/tables) and report.html (report/html), committed
// as one set with manifest.json written last ([WriteAll], ingest/commit),
// partitioned tables swapped in whole, and the repair of what a killed run
// left ([RecoverPartitions]). See docs/operations.md.
package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gainguard/ingest/commit"
	"gainguard/report"
	"gainguard/report/html"
	"gainguard/report/tables"
)

// HTMLFile is the HTML report ([html.Write]) in the output folder.
const HTMLFile = "report.html"

// OutputFiles lists the files [WriteAll] writes, in the order it writes
// them: the tables ([tables.Files]), then report.html.
var OutputFiles = append(slices.Clone(tables.Files), HTMLFile)

// WriteAll writes the Parquet tables (activities, runs, lifts, sets,
// weeks, rules, days, strength, progress, files; report/tables,
// docs/data-dictionary.md) and report.html (report/html)
// into dir, creating dir when needed.
//
// The set is replaced as a whole as far as a file system allows: every
// file is first written and synced under a temporary name in dir, and only
// when all of them are complete are they renamed over the previous
// outputs. If any write fails, the previous outputs are left untouched and
// the temporary files are removed. Last, manifest.json (see [Manifest])
// lists the set with sizes and SHA-256, so a reader can verify it.
func WriteAll(dir string, d *report.Dataset) error {
	if d == nil {
		return fmt.Errorf("report: nil dataset")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	files := outputs(dir, d)
	if err := writeOutputSet(dir, d, files, func(files []commit.File, c *commitHook) error {
		return writeOutputsWithManifest(dir, files, d, c, 0, nil)
	}); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// outputs lists the files WriteAll writes into dir, with their writers.
func outputs(dir string, d *report.Dataset) []commit.File {
	files := make([]commit.File, 0, len(OutputFiles))
	for _, name := range OutputFiles {
		write := func(w io.Writer) error { return tables.Write(w, d, name) }
		if name == HTMLFile {
			write = func(w io.Writer) error { return html.Write(w, d) }
		}
		files = append(files, commit.File{Path: filepath.Join(dir, name), Write: write})
	}
	return files
}

// writeOutputSet writes the outputs of [WriteAll]: files through
// writeFiles (all-or-nothing file writes), plus records.parquet when
// asked; or, partitioned, every table as a folder (all staged first,
// swapped in after writeFiles wrote the other files, report.html). It then removes
// what an earlier run with other options left: records when not asked,
// TABLE.parquet when partitioned, the TABLE folders when not.
func writeOutputSet(dir string, d *report.Dataset, files []commit.File, writeFiles func([]commit.File, *commitHook) error) error {
	opt := d.Output
	if opt.Records {
		files = append(files, commit.File{Path: filepath.Join(dir, tables.RecordsFile), Write: func(w io.Writer) error { return tables.Write(w, d, tables.RecordsFile) }})
	}
	parted := tables.PartTables()
	if !opt.Partition {
		if err := writeFiles(files, nil); err != nil {
			return err
		}
		var stale []string
		for _, f := range files {
			if t, ok := parted[filepath.Base(f.Path)]; ok {
				stale = append(stale, t.Table)
			}
		}
		if !opt.Records {
			stale = append(stale, "records")
			if err := removeFile(filepath.Join(dir, tables.RecordsFile)); err != nil {
				return err
			}
		}
		for _, table := range stale {
			if ok, _ := isPartitionDir(filepath.Join(dir, table)); ok {
				if err := os.RemoveAll(filepath.Join(dir, table)); err != nil {
					return err
				}
			}
		}
		return nil
	}

	var parts []tables.PartTable
	var others []commit.File
	for _, f := range files {
		if t, ok := parted[filepath.Base(f.Path)]; ok {
			parts = append(parts, t)
		} else {
			others = append(others, f)
		}
	}
	for _, t := range parts {
		if ok, err := isPartitionDir(filepath.Join(dir, t.Table)); !ok {
			return err
		}
	}
	staged := make([]string, 0, len(parts))
	defer func() {
		for _, s := range staged {
			if s != "" {
				os.RemoveAll(s)
			}
		}
	}()
	hook := &commitHook{}
	for _, t := range parts {
		tmp, err := stageTable(dir, d, t)
		if err != nil {
			return err
		}
		staged = append(staged, tmp)
		items, err := commit.ItemsUnder(tmp, t.Table)
		if err != nil {
			return err
		}
		hook.items = append(hook.items, items...)
	}
	// The order of a partitioned commit: report.html (and the other
	// files) renamed into place, then each table folder exchanged with
	// its staged one, then manifest.json, listing every file, renamed
	// last (see docs/operations.md).
	hook.commit = func() error {
		for i, t := range parts {
			if err := commit.SwapDir(dir, t.Table, staged[i], hooks); err != nil {
				return err
			}
			staged[i] = ""
		}
		return commit.SyncDir(dir)
	}
	if err := writeFiles(others, hook); err != nil {
		return err
	}
	for _, t := range parts {
		if err := removeFile(filepath.Join(dir, t.File)); err != nil {
			return err
		}
	}
	if !opt.Records {
		if err := removeFile(filepath.Join(dir, tables.RecordsFile)); err != nil {
			return err
		}
		if ok, _ := isPartitionDir(filepath.Join(dir, "records")); ok {
			if err := os.RemoveAll(filepath.Join(dir, "records")); err != nil {
				return err
			}
		}
	}
	return commit.SyncDir(dir)
}

// isPartitionDir reports whether path may be replaced or removed as a
// partitioned table: it does not exist, or is a folder holding only
// athlete=… folders. Anything else gives false and an error naming it,
// so that a folder that is not gainguard's is never deleted.
func isPartitionDir(path string) (bool, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.IsDir() {
		return false, fmt.Errorf("%s exists and is not a partitioned table folder; move it away", path)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "athlete=") {
			return false, fmt.Errorf("%s holds %q: not a gainguard partitioned table, left alone; move it away", path, e.Name())
		}
	}
	return true, nil
}

// stageTable writes table t's partitions into a new folder
// dir/.TABLE.tmp-XXXX and returns it; on error it is removed.
func stageTable(dir string, d *report.Dataset, t tables.PartTable) (string, error) {
	return commit.StageDir(dir, t.Table, func(staged string) error { return t.Write(staged, d) })
}

// removeFile removes path when it is a regular file left by an earlier
// run; a missing file is fine.
func removeFile(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return nil
	}
	return os.Remove(path)
}
