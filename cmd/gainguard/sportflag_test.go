package main

import (
	"io"
	"strings"
	"testing"

	"gainguard/ingest"
)

func TestSportOverrideFlag(t *testing.T) {
	c, err := parseAnalyzeFlags([]string{"--sport-override", "rides/a=b.gpx=ride", "--sport-override", "x.fit=Weight Training", "in"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := sportOverrides{{Path: "rides/a=b.gpx", Sport: "ride"}, {Path: "x.fit", Sport: "Weight Training"}}
	if len(c.sports) != 2 || c.sports[0] != want[0] || c.sports[1] != want[1] {
		t.Errorf("parsed %+v, want %+v", c.sports, want)
	}
	for _, bad := range []struct{ arg, msg string }{
		{"a.gpx", "want FILE=SPORT"},
		{"a.gpx=", "want FILE=SPORT"},
		{"=run", "want FILE=SPORT"},
		{"a.gpx=runing", `unknown sport "runing"`},
	} {
		_, err := parseAnalyzeFlags([]string{"--sport-override", bad.arg, "in"}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), bad.msg) {
			t.Errorf("--sport-override %s: err = %v, want %q", bad.arg, err, bad.msg)
		}
	}
	var _ []ingest.SportOverride = c.sports
}
