package report

import "testing"

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
