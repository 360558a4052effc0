package tables

import (
	"cmp"
	"slices"
	"strings"

	"gainguard/report"
	"gainguard/report/internal/values"
)

// RuleRow is one row of rules.parquet: one rule that fired in one
// athlete-week, with the activities behind it, so that any score can be
// traced back to the sessions that produced it (join activity_ids to
// activities.id). weeks.parquet carries the same hits as parallel lists.
type RuleRow struct {
	Athlete     string   `parquet:"athlete,dict"`
	WeekStart   int32    `parquet:"week_start,date"`
	Rank        int32    `parquet:"rank"` // 1 = largest contribution in the week
	Score       string   `parquet:"score,dict"`
	Rule        string   `parquet:"rule,dict"`
	Points      *float64 `parquet:"points,optional"`
	Value       *float64 `parquet:"value,optional"`
	ActivityIDs []string `parquet:"activity_ids,list"`
	Reason      string   `parquet:"reason"`
	Advice      string   `parquet:"advice"`
}

// RulesFile is the rule-hit table ([RuleRows]).
const RulesFile = "rules.parquet"

// RuleRows returns the rows of rules.parquet, sorted by athlete, week and rank.
func RuleRows(d *report.Dataset) []RuleRow {
	var rows []RuleRow
	for i := range d.Weeks {
		w := &d.Weeks[i]
		for k, h := range w.Rules {
			ids := slices.Clone(h.Activities)
			if ids == nil {
				ids = []string{}
			}
			rows = append(rows, RuleRow{
				Athlete:     w.Athlete,
				WeekStart:   values.EpochDays(w.WeekStart),
				Rank:        int32(k + 1),
				Score:       string(h.Score),
				Rule:        string(h.Rule),
				Points:      values.Nullable(h.Points),
				Value:       values.Nullable(h.Value),
				ActivityIDs: ids,
				Reason:      h.Reason,
				Advice:      h.Advice,
			})
		}
	}
	slices.SortStableFunc(rows, func(x, y RuleRow) int {
		return cmp.Or(strings.Compare(x.Athlete, y.Athlete), cmp.Compare(x.WeekStart, y.WeekStart), cmp.Compare(x.Rank, y.Rank))
	})
	return rows
}
