package report

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"gainguard/metrics"
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

// TestKeepLatest: a summary trimmed to each athlete's latest keep weeks
// prints the same summary with n = keep (weeks, reasons, the main lift's
// trend) while it holds only those weeks and the main lift's rows of
// them, and still counts every week; keep 0 keeps every week.
func TestKeepLatest(t *testing.T) {
	hit := []RuleHit{{Rule: "INT-P", Score: ScoreInterference, Points: 10, Reason: "run before legs"}}
	var weeks []Week
	var progress []ProgressWeek
	for _, a := range []string{"ann", "bob"} {
		for i := range 5 {
			start := time.Date(2026, 1, 5+7*i, 0, 0, 0, 0, time.UTC)
			hits := slices.Clone(hit)
			hits[0].Reason += fmt.Sprintf(" in week %d", i)
			weeks = append(weeks, Week{Athlete: a, WeekStart: start, Interference: float64(20 + i), Rules: hits})
			// ann's main lift is the squat (5 weeks of e1RM against 4 of
			// bench); bob's the bench press, with a week without e1RM.
			squat, bench := 100+float64(i), 80+float64(i)
			if a == "ann" && i == 4 {
				bench = math.NaN()
			}
			if a == "bob" && i < 3 {
				squat = math.NaN()
			}
			if a == "bob" && i == 3 {
				bench = math.NaN()
			}
			for _, p := range []ProgressWeek{
				{Athlete: a, WeekStart: start, Exercise: metrics.Squat, MainLift: true, E1RMKg: squat, TrendPct: 1.5},
				{Athlete: a, WeekStart: start, Exercise: metrics.BenchPress, MainLift: true, E1RMKg: bench, TrendPct: math.NaN()},
				{Athlete: a, WeekStart: start, Exercise: "lunge", E1RMKg: 50},
			} {
				progress = append(progress, p)
			}
		}
	}
	full := &Dataset{Weeks: slices.Clone(weeks), Progress: slices.Clone(progress)}
	var want bytes.Buffer
	WriteSummary(&want, full, 2)
	for _, lift := range []string{"squat 104.0 kg +1.5 %/4wk", "bench press 84.0 kg"} {
		if !strings.Contains(want.String(), lift) {
			t.Fatalf("the summary does not show %q:\n%s", lift, want.String())
		}
	}
	ds := &Dataset{Weeks: slices.Clone(weeks), Progress: slices.Clone(progress)}
	ds.KeepLatest(2)
	kept := map[string]int{}
	for _, w := range ds.Weeks {
		kept[w.Athlete]++
		if w.Interference < 23 {
			t.Errorf("%s week %v kept", w.Athlete, w.WeekStart)
		}
	}
	if kept["ann"] != 2 || kept["bob"] != 2 || ds.NumWeeks() != 10 {
		t.Errorf("kept %v of %d weeks, want the latest 2 of each athlete's 5", kept, ds.NumWeeks())
	}
	// ann: squat of weeks 3 and 4; bob: bench of week 4 (week 3 has no e1RM).
	if len(ds.Progress) != 3 {
		t.Errorf("kept %d progress rows, want 3: %+v", len(ds.Progress), ds.Progress)
	}
	var got bytes.Buffer
	WriteSummary(&got, ds, 2)
	if got.String() != want.String() {
		t.Errorf("summary changed:\n%s\nwant:\n%s", got.String(), want.String())
	}
	merged := &Dataset{}
	merged.Merge(ds)
	if merged.NumWeeks() != 10 {
		t.Errorf("merged summary counts %d weeks, want 10", merged.NumWeeks())
	}
	ds = &Dataset{Weeks: slices.Clone(weeks), Progress: slices.Clone(progress)}
	if ds.KeepLatest(0); len(ds.Weeks) != 10 || ds.NumWeeks() != 10 {
		t.Errorf("keep 0 kept %d weeks, want every one", len(ds.Weeks))
	}
	want.Reset()
	WriteSummary(&want, full, 5)
	got.Reset()
	WriteSummary(&got, ds, 5)
	if got.String() != want.String() {
		t.Errorf("keep 0: summary changed:\n%s\nwant:\n%s", got.String(), want.String())
	}
}
