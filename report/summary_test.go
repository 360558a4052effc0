package report

import (
	"bytes"
	"slices"
	"testing"
	"time"
)

func TestTopInterferenceReason(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rules []RuleHit
		want  string
	}{
		{"none", nil, "—"},
		{"under-fueling only", []RuleHit{{Rule: "UF-X", Score: "underfueling", Points: 50, Reason: "x"}}, "—"},
		{"single largest", []RuleHit{
			{Rule: "UF-X", Score: "underfueling", Points: 50, Reason: "x"},
			{Rule: "INT-D", Score: "interference", Points: 30, Reason: "dose"},
			{Rule: "INT-N", Score: "interference", Points: 6, Reason: "prior"},
		}, "dose"},
		{"several proximity hits outweigh the dose", []RuleHit{
			{Rule: "INT-D", Score: "interference", Points: 33, Reason: "dose"},
			{Rule: "INT-P", Score: "interference", Points: 13, Reason: "Fri run before squats"},
			{Rule: "INT-P", Score: "interference", Points: 12, Reason: "Mon run before squats"},
			{Rule: "INT-P", Score: "interference", Points: 12, Reason: "Wed run before squats"},
		}, "Fri run before squats"},
		{"zero-point cap entries ignored", []RuleHit{
			{Rule: "INT-CAP", Score: "interference", Points: 0, Reason: "cap"},
			{Rule: "INT-N", Score: "interference", Points: 5, Reason: "prior"},
		}, "prior"},
	} {
		if got := topInterferenceReason(tc.rules); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestDropOldRules: only each athlete's latest keep weeks keep their
// rule hits, and the summary printed with n = keep is unchanged.
func TestDropOldRules(t *testing.T) {
	hit := []RuleHit{{Rule: "INT-P", Score: ScoreInterference, Points: 10, Reason: "run before legs"}}
	var weeks []Week
	for _, a := range []string{"ann", "bob"} {
		for i := range 5 {
			weeks = append(weeks, Week{Athlete: a, WeekStart: time.Date(2026, 1, 5+7*i, 0, 0, 0, 0, time.UTC), Interference: 30, Rules: hit})
		}
	}
	full := &Dataset{Weeks: slices.Clone(weeks)}
	var want bytes.Buffer
	WriteSummary(&want, full, 2)
	ds := &Dataset{Weeks: slices.Clone(weeks)}
	ds.DropOldRules(2)
	kept := map[string]int{}
	for i, w := range ds.Weeks {
		if w.Rules != nil {
			kept[w.Athlete]++
			if i%5 < 3 {
				t.Errorf("%s week %d kept its rules", w.Athlete, i%5)
			}
		}
	}
	if kept["ann"] != 2 || kept["bob"] != 2 || len(ds.Weeks) != 10 {
		t.Errorf("kept %v of %d weeks, want the latest 2 of each athlete's 5", kept, len(ds.Weeks))
	}
	var got bytes.Buffer
	WriteSummary(&got, ds, 2)
	if got.String() != want.String() {
		t.Errorf("summary changed:\n%s\nwant:\n%s", got.String(), want.String())
	}
	ds = &Dataset{Weeks: slices.Clone(weeks)}
	if ds.DropOldRules(0); ds.Weeks[0].Rules == nil {
		t.Error("keep 0 must keep every week's rules")
	}
}
