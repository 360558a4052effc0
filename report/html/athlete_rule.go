package html

import (
	"fmt"
	"slices"
	"strings"

	"gainguard/ingest"
)

// athleteRule says in one sentence which rule made the files of athlete
// one athlete (the athlete_rule column of files.parquet; README.md, "Who
// is the athlete"), so that a reader can tell two athletes from one
// person counted twice.
func athleteRule(files []ingest.FileResult, athlete string) string {
	rules := map[ingest.AthleteRule]bool{}
	var profiles []string
	for _, f := range files {
		if f.Athlete != athlete || f.AthleteRule == "" {
			continue
		}
		rules[f.AthleteRule] = true
		if f.Format == "profile" && f.Status == ingest.StatusImported {
			profiles = append(profiles, f.Path)
		}
	}
	var parts []string
	if rules[ingest.RuleFlag] {
		parts = append(parts, "--athlete names the athlete of every input file")
	}
	if rules[ingest.RuleProfile] {
		slices.Sort(profiles)
		if len(profiles) == 0 {
			parts = append(parts, "named by an athlete.json (files in its folder and below)")
		} else {
			parts = append(parts, fmt.Sprintf("named by %s (files in its folder and below)", strings.Join(profiles, ", ")))
		}
	}
	if rules[ingest.RuleCoach] {
		parts = append(parts, "--coach: each top-level folder of an input is one athlete, and this is one of them")
	}
	if rules[ingest.RuleOneAthlete] {
		parts = append(parts, "one athlete per run: every input file under no athlete.json is this athlete, whatever sub-folder it lies in (give sub-folders an athlete.json, or use --coach, to keep people apart)")
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, "; ")
	return "Athlete rule — " + s + "."
}
