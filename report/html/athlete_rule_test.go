package html

import (
	"strings"
	"testing"

	"gainguard/ingest"
)

// TestAthleteRule: the report's line under each athlete names the rule
// that made the athlete (files.parquet's athlete_rule), with the profile
// file when one named it.
func TestAthleteRule(t *testing.T) {
	files := []ingest.FileResult{
		{Path: "ex/garmin/a.fit", Athlete: "athlete", AthleteRule: ingest.RuleOneAthlete},
		{Path: "ex/alice/athlete.json", Athlete: "Alice", AthleteRule: ingest.RuleProfile, Format: "profile", Status: ingest.StatusImported},
		{Path: "ex/alice/b.fit", Athlete: "Alice", AthleteRule: ingest.RuleProfile},
		{Path: "ex/bob/c.fit", Athlete: "bob", AthleteRule: ingest.RuleCoach},
		{Path: "ex/d.fit", Athlete: "jo", AthleteRule: ingest.RuleFlag},
		{Path: "ex/locked", Status: ingest.StatusFailed},
	}
	for _, tc := range []struct{ athlete, want string }{
		{"athlete", "one athlete per run"},
		{"Alice", "named by ex/alice/athlete.json"},
		{"bob", "--coach"},
		{"jo", "--athlete"},
		{"nobody", ""},
	} {
		got := athleteRule(files, tc.athlete)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want it to contain %q", tc.athlete, got, tc.want)
		}
	}
}
