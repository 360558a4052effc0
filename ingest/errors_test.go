package ingest_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"gainguard/ingest"
	"gainguard/ingest/applehealth"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/ingest/garminwellness"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
)

// TestFormatErrorShape: every importer reports a bad file as one
// *ingest.FormatError, found with one errors.As, whose Format names the
// importer and whose message starts with it.
func TestFormatErrorShape(t *testing.T) {
	cases := []struct {
		name   string
		decode func([]byte) error
		input  string
		format string
		what   string
	}{
		{"fit empty", decodeWith(fit.Decode), "", "fit", "empty file"},
		{"fit not fit", decodeWith(fit.Decode), strings.Repeat("x", 40), "fit", "not a FIT file"},
		{"gpx malformed", decodeWith(gpx.Decode), "<gpx><trk><trkseg><trkpt lat=", "gpx", gpx.WhatMalformed},
		{"gpx bad lat", decodeWith(gpx.Decode), `<gpx><trk><trkseg><trkpt lat="north" lon="1"><time>2024-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>`, "gpx", gpx.WhatInvalid},
		{"tcx empty", decodeWith(tcx.Decode), "", "tcx", tcx.WhatEmpty},
		{"tcx not tcx", decodeWith(tcx.Decode), "<gpx></gpx>", "tcx", tcx.WhatNotTCX},
		{"csv empty", decodeWith(csvlog.Decode), "", "csv", "no header line (empty file)"},
		{"csv header only", decodeWith(csvlog.Decode), "date,kcal\n", "csv (food)", "header only, no data rows"},
		{"apple health", decodeWith(applehealth.Decode), "<HealthData><Record type=\"x\" <", "apple health", "malformed XML"},
		{"garmin wellness", decodeWith(garminwellness.Decode), "{not json", "garmin wellness JSON", "not valid JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.decode([]byte(c.input))
			var fe *ingest.FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err %v (%T), want *ingest.FormatError", err, err)
			}
			if fe.Format != c.format || !strings.HasPrefix(fe.What, c.what) {
				t.Errorf("Format %q What %q, want %q and %q...", fe.Format, fe.What, c.format, c.what)
			}
			if !strings.HasPrefix(err.Error(), c.format+": ") {
				t.Errorf("message %q does not start with %q", err, c.format+": ")
			}
		})
	}
}

func decodeWith(decode func(io.Reader) (ingest.Decoded, error)) func([]byte) error {
	return func(b []byte) error {
		_, err := decode(bytes.NewReader(b))
		return err
	}
}

// TestFormatErrorMessage: the one layout, position first, the line left
// out when the underlying error prints its own.
func TestFormatErrorMessage(t *testing.T) {
	under := errors.New("boom")
	cases := []struct {
		e    ingest.FormatError
		want string
	}{
		{ingest.FormatError{Format: "fit", What: "truncated"}, "fit: truncated"},
		{ingest.FormatError{Format: "fit", What: "truncated", Err: under}, "fit: truncated: boom"},
		{ingest.FormatError{Format: "csv (body)", What: "no usable row", Line: 2}, "csv (body): line 2: no usable row"},
		{ingest.FormatError{Format: "csv", What: "bad", Line: 1, Column: 4, Err: under}, "csv: line 1, column 4: bad: boom"},
		{ingest.FormatError{Format: "gpx", What: "invalid GPX", Element: "trkpt", Line: 7, Err: under}, "gpx: line 7: invalid GPX in <trkpt>: boom"},
	}
	for _, c := range cases {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
		if c.e.Err != nil && !errors.Is(&c.e, under) {
			t.Errorf("%q does not unwrap to its Err", c.want)
		}
	}
}
