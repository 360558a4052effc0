package main

import (
	"fmt"
	"io"
	"strings"

	"gainguard/ingest"
)

// sportOverrides is analyze's repeatable --sport-override FILE=SPORT
// (ingest.Options.SportOverrides). Each value is checked as it is parsed,
// so a misspelt sport is a usage error before anything is read.
type sportOverrides []ingest.SportOverride

func (s *sportOverrides) String() string {
	parts := make([]string, len(*s))
	for i, o := range *s {
		parts[i] = o.Path + "=" + o.Sport
	}
	return strings.Join(parts, ",")
}

func (s *sportOverrides) Type() string { return "FILE=SPORT" }

// Set adds one FILE=SPORT (split at the last "=", so FILE may hold one).
func (s *sportOverrides) Set(v string) error {
	i := strings.LastIndexByte(v, '=')
	if i <= 0 || i == len(v)-1 {
		return fmt.Errorf("want FILE=SPORT (e.g. rides/2024-05-01.gpx=cycling), got %q", v)
	}
	o := ingest.SportOverride{Path: v[:i], Sport: v[i+1:]}
	if _, _, err := ingest.ParseSport(o.Sport); err != nil {
		return err
	}
	*s = append(*s, o)
	return nil
}

const sportOverrideUsage = "set the sport of FILE's activities (a file, a folder, an archive entry ZIP!ENTRY or a bare file name), e.g. ride.gpx=cycling; repeatable. A folder's " +
	ingest.SportFileName + " names the sport of its untyped activities"

// warnUnusedSportOverrides says which overrides matched no activity.
func warnUnusedSportOverrides(stderr io.Writer, quiet bool, unused []string) {
	for _, p := range unused {
		if !quiet {
			fmt.Fprintf(stderr, "gainguard analyze: --sport-override %s: no activity comes from that file or folder\n", p)
		}
	}
}
