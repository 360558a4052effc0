package ingest

import (
	"fmt"
	"strings"
	"time"
)

// ParseXMLTime parses an xsd:dateTime as GPX and TCX files write it:
// RFC 3339 with optional fractional seconds (dot or comma) and an optional
// zone (Z, ±hh:mm, ±hhmm, ±hh). A time without a zone is UTC, as the GPX
// schema prescribes. A space or a lower-case 't' between date and time is
// tolerated; years outside 1900–2200 are refused. The result is UTC.
func ParseXMLTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) < 19 || len(s) > 64 {
		return time.Time{}, fmt.Errorf("bad time %q", s)
	}
	b := []byte(s)
	if b[10] == ' ' || b[10] == 't' {
		b[10] = 'T'
	}
	if b[len(b)-1] == 'z' {
		b[len(b)-1] = 'Z'
	}
	s = string(b)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if y := t.Year(); y < 1900 || y > 2200 {
				return time.Time{}, fmt.Errorf("implausible time %q", s)
			}
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q", s)
}

// Fractional seconds after "05" are accepted by time.Parse even though the
// layouts do not spell them.
var timeLayouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05Z07",
	"2006-01-02T15:04:05",
}
