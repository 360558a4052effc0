package main

import (
	"slices"
	"strings"

	"gainguard/ingest"
)

// byPath orders file rows by path, as a batch's are.
func byPath(x, y ingest.FileResult) int { return strings.Compare(x.Path, y.Path) }

// fileEdits are the file rows report.BuildStream changed or added (its
// notes on profile files' rows, a rejected profile file), so that a
// streamed run holds one list of file rows, not two: the import's, which
// the log and the empty-input guard read, edited into Build's once they
// are read, which the outputs and the summary read.
type fileEdits struct {
	changed []ingest.FileResult // Build's rows where they differ from the import's
	added   []ingest.FileResult // rows Build added
}

// add records how built, the rows of the summary BuildStream returned for
// a batch, differs from imported, the batch's rows: BuildStream clones
// them, edits some in place (never their paths) and appends.
func (e *fileEdits) add(imported, built []ingest.FileResult) {
	for i, f := range built {
		switch {
		case i >= len(imported) || f.Path != imported[i].Path:
			e.added = append(e.added, f)
		case f != imported[i]:
			e.changed = append(e.changed, f)
		}
	}
}

// apply turns rows, the import's rows of every batch sorted by path, into
// Build's, sorted by path, in place: each changed row replaces the first
// row of its path (Build edits the first; a path is one athlete's, so all
// its rows come from one batch, in that batch's order), and the added rows
// go to their place by path.
func (e *fileEdits) apply(rows []ingest.FileResult) []ingest.FileResult {
	for _, f := range e.changed {
		i, ok := slices.BinarySearchFunc(rows, f.Path, func(r ingest.FileResult, path string) int {
			return strings.Compare(r.Path, path)
		})
		if ok {
			rows[i] = f
		}
	}
	if len(e.added) > 0 {
		rows = append(rows, e.added...)
		slices.SortStableFunc(rows, byPath)
	}
	return rows
}
