package ingest

import (
	"testing"
	"time"
)

var xmlTimeSeeds = []string{
	"2026-09-01T07:00:00Z", "2026-09-01T07:00:00.123Z", "2026-09-01T07:00:00.123456789Z",
	"2026-09-01T07:00:00.1234567891Z", "2023-05-01T10:00:00.123+02:00", "2023-05-01T10:00:00-05:30",
	"2023-05-01T10:00:00+14:00", "2023-05-01T10:00:00+15:00", "2023-05-01T10:00:00", "2024-02-29T23:59:59Z",
	"2023-02-29T12:00:00Z", "2100-02-29T12:00:00Z", "2000-02-29T12:00:00Z", "2026-04-31T12:00:00Z",
	"2026-12-31T23:59:60Z", "1899-12-31T23:59:59Z", "2201-01-01T00:00:00Z", "2026-09-01 07:00:00Z",
	"2026-09-01t07:00:00z", " 2026-09-01T07:00:00Z ", "2026-09-01T07:00:00.Z", "2026-09-01T07:00:00,5Z",
	"2026-09-01T07:00:00+0200", "2026-09-01T07:00:00+02", "2026-13-01T07:00:00Z", "2026-09-01T24:00:00Z",
	"2026-9-01T07:00:00Z", "+026-09-01T07:00:00Z", "2026-09-01T07:00:00+02:60", "2026-09-01T07:00:00-00:00",
}

// TestParseXMLTimeFast: wherever the allocation-free parser answers, it
// agrees with the general one, and it answers for the common forms.
func TestParseXMLTimeFast(t *testing.T) {
	for _, s := range xmlTimeSeeds {
		checkXMLTime(t, s)
	}
	for _, s := range []string{"2026-09-01T07:00:00Z", "2026-09-01T07:00:00.123Z", "2023-05-01T10:00:00.123+02:00",
		"2023-05-01T10:00:00", "2024-02-29T23:59:59Z"} {
		if _, ok := parseXMLTimeFast(s); !ok {
			t.Errorf("%q does not take the fast path", s)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = ParseXMLTime("2023-05-01T10:00:00.123+02:00") }); n != 0 {
		t.Errorf("ParseXMLTime allocates %v times per call", n)
	}
}

func checkXMLTime(t *testing.T, s string) {
	t.Helper()
	fast, ok := parseXMLTimeFast(s)
	if !ok {
		return
	}
	slow, err := parseXMLTime(s)
	if err != nil || !fast.Equal(slow) || fast.Location() != time.UTC {
		t.Fatalf("%q: fast %v, general %v (%v)", s, fast, slow, err)
	}
}

func FuzzParseXMLTime(f *testing.F) {
	for _, s := range xmlTimeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkXMLTime(t, s) })
}
