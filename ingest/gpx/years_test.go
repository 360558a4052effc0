package gpx

import (
	"strings"
	"testing"

	"gainguard/ingest"
)

// TestOutOfRangeYears: a GPX whose every <time> lies outside 1900–2200
// is skipped for unusable timestamps, not for having none; one without
// <time> still says it has none.
func TestOutOfRangeYears(t *testing.T) {
	doc := func(times ...string) string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>`)
		for _, tm := range times {
			b.WriteString(`<trkpt lat="48.1" lon="11.5">`)
			if tm != "" {
				b.WriteString("<time>" + tm + "</time>")
			}
			b.WriteString("</trkpt>")
		}
		b.WriteString(`</trkseg></trk></gpx>`)
		return b.String()
	}
	for _, tc := range []struct {
		name, gpx, want string
	}{
		{"year 2500", doc("2500-05-01T10:00:00Z", "2500-05-01T10:00:01Z", "2500-05-01T10:00:02Z"),
			"GPX timestamps unusable: 3 of 3 track points"},
		{"year 1850", doc("1850-05-01T10:00:00Z", "1850-05-01T10:00:01Z"), "outside the years 1900–2200"},
		{"year 0000", doc("0000-01-01T00:00:00Z", "0000-01-01T00:00:01Z"), "GPX timestamps unusable"},
		{"no time", doc("", ""), reasonNoTimestamps},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tc.gpx))
			if err == nil || !ingest.IsSkip(err) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a skip with %q", err, tc.want)
			}
		})
	}
}
