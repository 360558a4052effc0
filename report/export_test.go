package report

import "io"

// The writers (report/html, report/tables) import report, so the internal
// tests that check how a scored result is written (the days table round
// trip, the strength charts) reach them through these, set by
// writers_test.go (package report_test) before any test runs.
var (
	writeHTML      func(w io.Writer, d *Dataset) error
	writeTableFile func(w io.Writer, d *Dataset, file string) error
)

// SetTestWriters sets the writers the internal tests use.
func SetTestWriters(html func(io.Writer, *Dataset) error, table func(io.Writer, *Dataset, string) error) {
	writeHTML, writeTableFile = html, table
}
