package tables

import (
	"cmp"
	"math"
	"slices"

	"gainguard/metrics"
	"gainguard/report"
	"gainguard/report/internal/values"
)

// Strength progress tables (docs/data-dictionary.md).
const (
	StrengthFile = "strength.parquet"
	ProgressFile = "progress.parquet"
)

// StrengthRow is one row of strength.parquet: one athlete, lift session
// and exercise ([metrics.StrengthSessions]).
type StrengthRow struct {
	Athlete           string   `parquet:"athlete,dict"`
	ActivityID        string   `parquet:"activity_id"`
	LocalDate         *int32   `parquet:"local_date,date,optional"`
	Exercise          string   `parquet:"exercise,dict"`           // as logged, normalized
	CanonicalExercise string   `parquet:"canonical_exercise,dict"` // main-lift name or the exercise itself
	MainLift          bool     `parquet:"main_lift"`
	Region            string   `parquet:"region,dict"`
	BestWeightKg      *float64 `parquet:"best_weight_kg,optional"`
	BestReps          *int32   `parquet:"best_reps,optional"`
	E1RMKg            *float64 `parquet:"e1rm_kg,optional"`
	E1RMMethod        string   `parquet:"e1rm_method,dict"`
	WorkSets          int32    `parquet:"work_sets"`
	HardSets          int32    `parquet:"hard_sets"`
	WarmupSets        int32    `parquet:"warmup_sets"`
	DropSets          int32    `parquet:"drop_sets"`
	FailureSets       int32    `parquet:"failure_sets"`
	TonnageKg         *float64 `parquet:"tonnage_kg,optional"`
}

// ProgressRow is one row of progress.parquet: one athlete, week and
// tracked exercise, with the athlete-week's body mass, load and hard sets
// repeated on each exercise row of the week.
type ProgressRow struct {
	Athlete           string   `parquet:"athlete,dict"`
	WeekStart         int32    `parquet:"week_start,date"`
	CanonicalExercise string   `parquet:"canonical_exercise,dict"`
	MainLift          bool     `parquet:"main_lift"`
	E1RMKg            *float64 `parquet:"e1rm_kg,optional"`
	E1RMTrendPct4Wk   *float64 `parquet:"e1rm_trend_pct_4wk,optional"`
	Sessions          int32    `parquet:"sessions"`
	HardSets          int32    `parquet:"hard_sets"`
	TonnageKg         *float64 `parquet:"tonnage_kg,optional"`
	PRE1RM            bool     `parquet:"pr_e1rm"`
	PR1RM             bool     `parquet:"pr_1rm"`
	PR3RM             bool     `parquet:"pr_3rm"`
	PR5RM             bool     `parquet:"pr_5rm"`
	PR8RM             bool     `parquet:"pr_8rm"`
	PR10RM            bool     `parquet:"pr_10rm"`
	Best1RMKg         *float64 `parquet:"best_1rm_kg,optional"`
	Best3RMKg         *float64 `parquet:"best_3rm_kg,optional"`
	Best5RMKg         *float64 `parquet:"best_5rm_kg,optional"`
	Best8RMKg         *float64 `parquet:"best_8rm_kg,optional"`
	Best10RMKg        *float64 `parquet:"best_10rm_kg,optional"`

	LowerHardSets     int32    `parquet:"lower_hard_sets"`
	UpperHardSets     int32    `parquet:"upper_hard_sets"`
	BodyMassTrendKg   *float64 `parquet:"body_mass_trend_kg,optional"`
	BodyMassRatePctWk *float64 `parquet:"body_mass_rate_pct_wk,optional"`
	LeanMassTrendKg   *float64 `parquet:"lean_mass_trend_kg,optional"`
	WeekLoad          float64  `parquet:"week_load"`
	AcuteLoad         float64  `parquet:"acute_load"`
	ChronicLoad       float64  `parquet:"chronic_load"`
	LoadRatio         *float64 `parquet:"load_ratio,optional"`
	InterferenceGroup string   `parquet:"interference_group,dict"`
	FuelingGroup      string   `parquet:"fueling_group,dict"`
}

// StrengthRows returns the rows of strength.parquet, sorted by athlete,
// date, activity id and the exercise's order in the session.
func StrengthRows(d *report.Dataset) []StrengthRow {
	rows := make([]StrengthRow, 0, len(d.Strength))
	for _, s := range d.Strength {
		rows = append(rows, StrengthRow{
			Athlete: s.Athlete, ActivityID: s.ActivityID, LocalDate: nullableDate(s.LocalDate),
			Exercise: s.Exercise, CanonicalExercise: s.Canonical, MainLift: metrics.IsMainLift(s.Canonical), Region: string(s.Region),
			BestWeightKg: values.Nullable(s.BestWeightKg), BestReps: nullableCount(s.BestReps),
			E1RMKg: values.Nullable(s.E1RMKg), E1RMMethod: s.E1RMMethod,
			WorkSets: int32(s.WorkSets), HardSets: int32(s.HardSets), WarmupSets: int32(s.WarmupSets),
			DropSets: int32(s.DropSets), FailureSets: int32(s.FailureSets), TonnageKg: values.Nullable(s.TonnageKg),
		})
	}
	slices.SortStableFunc(rows, func(x, y StrengthRow) int {
		return cmp.Or(cmp.Compare(x.Athlete, y.Athlete), cmp.Compare(deref32(x.LocalDate), deref32(y.LocalDate)),
			cmp.Compare(x.ActivityID, y.ActivityID))
	})
	return rows
}

// ProgressRows returns the rows of progress.parquet, sorted by athlete,
// week and exercise (main lifts first, in [metrics.MainLifts] order).
func ProgressRows(d *report.Dataset) []ProgressRow {
	rows := make([]ProgressRow, 0, len(d.Progress))
	for _, p := range d.Progress {
		r := ProgressRow{
			Athlete: p.Athlete, WeekStart: values.EpochDays(p.WeekStart), CanonicalExercise: p.Exercise, MainLift: p.MainLift,
			E1RMKg: values.Nullable(p.E1RMKg), E1RMTrendPct4Wk: values.Nullable(p.TrendPct),
			Sessions: int32(p.Sessions), HardSets: int32(p.HardSets), TonnageKg: values.Nullable(p.TonnageKg),
			PRE1RM: p.PRE1RM, PR1RM: p.PR[0], PR3RM: p.PR[1], PR5RM: p.PR[2], PR8RM: p.PR[3], PR10RM: p.PR[4],
			Best1RMKg: values.Nullable(p.RepMaxKg[0]), Best3RMKg: values.Nullable(p.RepMaxKg[1]), Best5RMKg: values.Nullable(p.RepMaxKg[2]),
			Best8RMKg: values.Nullable(p.RepMaxKg[3]), Best10RMKg: values.Nullable(p.RepMaxKg[4]),
			LowerHardSets: int32(p.LowerHardSets), UpperHardSets: int32(p.UpperHardSets),
			BodyMassTrendKg: values.Nullable(p.BodyMassTrendKg), BodyMassRatePctWk: values.Nullable(p.BodyMassRatePct),
			LeanMassTrendKg: values.Nullable(p.LeanMassTrendKg),
			WeekLoad:        finite(p.WeekLoad), AcuteLoad: finite(p.AcuteLoad), ChronicLoad: finite(p.ChronicLoad),
			LoadRatio:         values.Nullable(p.LoadRatio),
			InterferenceGroup: p.InterferenceGroup, FuelingGroup: p.FuelingGroup,
		}
		rows = append(rows, r)
	}
	// Rows come out of buildStrength grouped by athlete and week in
	// tracked order; the stable sort keeps that order within a week.
	slices.SortStableFunc(rows, func(x, y ProgressRow) int {
		return cmp.Or(cmp.Compare(x.Athlete, y.Athlete), cmp.Compare(x.WeekStart, y.WeekStart))
	})
	return rows
}

func deref32(p *int32) int32 {
	if p == nil {
		return math.MinInt32
	}
	return *p
}

// finite returns v, or 0 for NaN and infinities.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}
