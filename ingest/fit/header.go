package fit

import (
	"bytes"
	"fmt"
)

// fitSignature is at bytes 8–11 of every FIT file header.
var fitSignature = []byte(".FIT")

// Header checks a FIT file header before the file is read (see
// ingest.Format.Header): a header size of at least 12 and the ".FIT"
// signature at byte 8. A short file is left to Decode, which says what is
// wrong with it.
func Header(head []byte) error {
	if len(head) < 12 {
		return nil
	}
	if head[0] < 12 || !bytes.Equal(head[8:12], fitSignature) {
		return &FormatError{Format: "fit", What: "not a FIT file", Err: fmt.Errorf("no FIT file header (header size %d, signature %q)", head[0], head[8:12])}
	}
	return nil
}
