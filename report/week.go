// Package report turns metrics into the athlete-facing product: per athlete
// and week an interference score and an under-fueling score (0–100) with
// their components and the rules that fired ([Build], [Score], [Dataset]).
// Its writers are sub-packages that import it: report/tables (Parquet
// tables for data scientists), report/html (the self-contained HTML
// report) and report/output (the output folder, committed as one set).
package report

import (
	"time"
)

// Week is one athlete-week of scores. Component values are 0–1 and NaN
// when they could not be computed (the score then uses the documented
// fallback; see docs/scoring.md).
type Week struct {
	Athlete   string
	WeekStart time.Time // local midnight of the first day of the week (as a date; location = athlete's zone)
	Year      int       // ISO-8601 year of WeekStart (or calendar year when weeks start on Sunday)
	Week      int       // ISO-8601 week number of WeekStart
	Block     int       // training block, numbered from 1 (see BlockGapWeeks)

	// Exposure facts of the week.
	Runs          int
	RunMinutes    float64
	RunDistanceKm float64
	RunTRIMP      float64
	Lifts         int
	LowerLifts    int
	TrainingDays  int
	RestDays      int
	MaxConsecDays int // longest streak of consecutive training days ending in this week

	// Interference score and its components (science.md section 4).
	Interference     float64 // 0–100
	InterferenceBand Band    // BandLow | BandModerateRisk | BandHighRisk | BandVeryHighRisk
	Proximity        float64 // P
	Dose             float64 // D
	Recovery         float64 // R
	Nutrition        float64 // N (prior 0.25 when no data)
	Spike            float64 // S
	Multiplier       float64 // C = training status × sex

	// Under-fueling score and its components (science.md sections 5–6).
	UnderFueling     float64    // 0–100
	UnderFuelingBand Band       // BandGreen | BandYellow | BandOrange | BandRed | BandUnknown (tier D)
	Tier             Tier       // TierA … TierD
	Confidence       Confidence // ConfidenceHigh | ConfidenceMedium | ConfidenceLow | ConfidenceExposure
	Coverage         float64    // Σ available weights / 100
	EnergyAvail      float64    // E component
	Deficit          float64    // B component
	Protein          float64    // Pr component
	Carbs            float64    // C component
	Exposure         float64    // X component
	Sleep            float64    // Sl component

	// What-if (docs/scoring.md, "What-if search"): for weeks scored
	// moderate or worse, the interference after the cheapest changes found
	// and those changes in words; NaN and nil for low weeks.
	WhatIfInterference float64
	WhatIfChanges      []string

	Rules    []RuleHit // every rule that fired, largest contribution first
	Defaults []string  // fallbacks used for this athlete (from metrics.Params)
}

// RuleHit is one rule that contributed to a week's score, with the
// activities behind it, so a coach can trace the number.
type RuleHit struct {
	Rule       RuleID    // rule id, e.g. RuleIntProximity (docs/scoring.md)
	Score      ScoreKind // ScoreInterference | ScoreUnderFueling
	Points     float64   // contribution to the 0–100 score
	Value      float64   // the rule's own 0–1 value
	Activities []string  // activity ids involved
	Reason     string    // plain sentence with the numbers: "Tue: 60-min run 0.2 h before lower-body lift, p = 1.00"
	Advice     string    // what to change, grounded in the seeds
}
