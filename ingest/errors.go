package ingest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
)

// A FormatError reports that a file's content cannot be read as the
// format its name claims: every importer (ingest/fit, ingest/gpx,
// ingest/tcx, ingest/csvlog, ingest/garminwellness, ingest/applehealth)
// returns one for a bad
// file, so a caller tells a bad file from a failed read with one
// errors.As. The file itself is not named: [Import] records the error as
// the reason of the file's row, which carries the path.
//
// It reads "FORMAT: [line L[, column C]: ]WHAT[ in <ELEMENT>][: ERR]",
// for example "tcx: malformed XML: XML syntax error on line 3: ..." or
// "csv (body): line 2: no usable row (first: unreadable date)".
type FormatError struct {
	// Format names the format in the message ("fit", "gpx", "tcx",
	// "csv", "csv (strong)", "garmin wellness JSON", "apple health").
	Format string
	// What says what is wrong in a few words ("empty file", "not a FIT
	// file", "malformed XML"...); the importers export the values callers
	// may test for.
	What string
	// Element is the XML element being decoded, when known.
	Element string
	// Line and Column locate the problem (1-based; 0 when unknown). The
	// line is not printed when Err prints it itself (an
	// *xml.SyntaxError).
	Line, Column int
	// Err is the underlying error, if any (a decoder's, which may carry
	// a byte offset).
	Err error
}

func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString(e.Format)
	b.WriteString(": ")
	var se *xml.SyntaxError
	if e.Line > 0 && !errors.As(e.Err, &se) {
		fmt.Fprintf(&b, "line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", column %d", e.Column)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.What)
	if e.Element != "" {
		fmt.Fprintf(&b, " in <%s>", e.Element)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *FormatError) Unwrap() error { return e.Err }
