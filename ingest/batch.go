package ingest

// File statuses in a [FileResult].
const (
	StatusImported = "imported"
	StatusSkipped  = "skipped"
	StatusFailed   = "failed"
)

// FileResult accounts for one input file: every file the batch saw gets
// exactly one, whatever happened to it.
type FileResult struct {
	Path       string // as found while walking (relative to the working directory when given so)
	Athlete    string
	Format     string // "fit", "gpx", "profile", or "" when unrecognized
	Status     string // imported | skipped | failed
	Reason     string // why it was skipped or failed; notes for imported files
	Activities int    // activities taken from the file
	SizeBytes  int64
}
