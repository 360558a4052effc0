package main

import (
	"slices"
	"testing"

	"gainguard/ingest"
)

// TestFileEdits: the import's rows of several batches, merged, sorted by
// path and edited (fileEdits), are the rows Build returned for those
// batches, merged and sorted, as analyze held them before it kept one
// list: a changed row replaces the first row of its path only, an added
// row goes to its place by path.
func TestFileEdits(t *testing.T) {
	row := func(path string, status ingest.FileStatus, reason string) ingest.FileResult {
		return ingest.FileResult{Path: path, Athlete: path[:1], Format: "fit", Status: status, Reason: reason}
	}
	imported := [][]ingest.FileResult{
		{row("b/1.fit", ingest.StatusImported, ""), row("b/athlete.json", ingest.StatusImported, ""), row("b/z.fit", ingest.StatusImported, "")},
		{row("a/athlete.json", ingest.StatusImported, ""), row("a/athlete.json", ingest.StatusImported, "second"), row("a/x.fit", ingest.StatusSkipped, "no")},
		{row("c/1.fit", ingest.StatusImported, "")},
	}
	edit := [](func([]ingest.FileResult) []ingest.FileResult){
		func(r []ingest.FileResult) []ingest.FileResult { // fails b's profile
			r[1].Status, r[1].Reason = ingest.StatusFailed, "b/athlete.json: tuning"
			return r
		},
		func(r []ingest.FileResult) []ingest.FileResult { // notes a's (the first row of the path)
			r[0].Reason += "; unknown key"
			return r
		},
		func(r []ingest.FileResult) []ingest.FileResult { // a row for a profile file c's rows lack
			return append(r, row("c/0/athlete.json", ingest.StatusFailed, "gone"))
		},
	}
	var want, rows []ingest.FileResult
	var e fileEdits
	for i, b := range imported {
		built := edit[i](slices.Clone(b))
		e.add(b, built)
		want = append(want, built...)
		rows = append(rows, b...)
	}
	slices.SortStableFunc(want, byPath)
	slices.SortStableFunc(rows, byPath)
	if len(e.changed) != 2 || len(e.added) != 1 {
		t.Errorf("edits: %d changed, %d added rows; want 2 and 1", len(e.changed), len(e.added))
	}
	if got := e.apply(rows); !slices.Equal(got, want) {
		t.Errorf("edited rows:\n%+v\nwant:\n%+v", got, want)
	}
	var none fileEdits
	none.add(imported[2], slices.Clone(imported[2]))
	if len(none.changed)+len(none.added) != 0 {
		t.Errorf("unchanged rows gave edits %+v", none)
	}
}
