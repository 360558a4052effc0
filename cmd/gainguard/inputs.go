package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gainguard/ingest"
	"gainguard/report/output"
	"gainguard/report/tables"
)

// checkOut refuses an output folder that would eat the inputs: --out equal
// to an input folder or above one (every input would be excluded as
// output: "0 files" and an empty report written into the exports), or a
// folder inside an input folder that holds input files of its own (an
// athlete's folder). An --out inside an input folder that holds only
// gainguard's outputs is fine: that folder alone is left out of the walk.
func checkOut(out string, paths []string) error {
	outReal := ingest.RealPath(out)
	for _, p := range paths {
		in := ingest.RealPath(p)
		switch {
		case ingest.Within(in, outReal):
			what := "is"
			if in != outReal {
				what = "lies inside"
			}
			return fmt.Errorf("--out %s: input %s %s the output folder; choose an output folder outside the inputs", out, p, what)
		case ingest.Within(outReal, in):
			if f := firstInputFile(out); f != "" {
				return fmt.Errorf("--out %s lies inside input %s and holds input files (%s): choose an output folder of its own", out, p, f)
			}
		}
	}
	return nil
}

// firstInputFile returns an activity file (a name a format claims, a .zip
// or .gz) or profile found in dir, gainguard's state folder aside, or "".
func firstInputFile(dir string) string {
	found := ""
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if d.Name() == StateDirName && p != dir {
				return fs.SkipDir
			}
			return nil
		}
		if d.Name() == ingest.ProfileFileName || ingest.IsActivityFile(d.Name(), formats) {
			found = p
			return fs.SkipAll
		}
		return nil
	})
	return found
}

// errEmptyInputs is the failure of a run whose inputs hold nothing while
// --out holds an earlier run's outputs.
var errEmptyInputs = errors.New("empty inputs")

// guardEmpty refuses to replace an earlier run's outputs in out with
// empty ones: when the batch holds no activity, food-log day or body
// measurement (an emptied or unmounted exports folder) and out holds
// outputs, it returns an error saying so, unless allowEmpty.
func guardEmpty(out string, b *ingest.Batch, allowEmpty bool) error {
	return guardEmptyRows(out, b, len(b.Activities)+len(b.Intake)+len(b.Body), allowEmpty)
}

// guardEmptyRows is guardEmpty for a batch of which only the file rows
// are kept (a streamed run's, stream.go): rows counts its activities,
// food-log days and body measurements.
func guardEmptyRows(out string, b *ingest.Batch, rows int, allowEmpty bool) error {
	if allowEmpty || rows > 0 {
		return nil
	}
	prev := previousOutputs(out)
	if prev == "" {
		return nil
	}
	imported, dups, skipped, failed := b.Summary()
	seen := "no file"
	if n := len(b.Files); n > 0 {
		seen = fmt.Sprintf("%d files: %d imported, %d duplicate, %d skipped, %d failed", n, imported, dups, skipped, failed)
	}
	return fmt.Errorf("%w: the inputs hold no activity, food log or body measurement (%s), and %s holds an earlier run's outputs (%s); they are left untouched. Check that the inputs are there (an emptied or unmounted folder?), or pass --allow-empty to replace them with empty outputs",
		errEmptyInputs, seen, out, prev)
}

// previousOutputs describes the outputs with data an earlier run left in
// out ("" when none: no outputs, or outputs that account for no activity
// or record, so that nothing is lost by replacing them).
func previousOutputs(out string) string {
	if n, ok, err := tables.PreviousData(out); ok && err == nil {
		if n == 0 {
			return ""
		}
		return fmt.Sprintf("%d activities and records", n)
	}
	if m, err := output.ReadManifest(out); err == nil {
		return fmt.Sprintf("%s of %s lists %d files", output.ManifestFile, m.Generated.UTC().Format("2006-01-02 15:04Z"), len(m.Files))
	}
	var found []string
	for _, name := range []string{tables.ActivitiesFile, tables.WeeksFile, tables.FilesFile, output.HTMLFile,
		strings.TrimSuffix(tables.ActivitiesFile, ".parquet")} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			found = append(found, name)
		}
	}
	return strings.Join(found, ", ")
}
