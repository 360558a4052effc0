// Package values holds the few conversions the scoring package and its
// writers (report/tables, report/html) share, so that each is written once:
// the NULL and DATE conventions of the tables and the wording of counts,
// dates and signed percentages in sentences and labels.
package values

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Nullable returns nil for NaN (or ±Inf), else a pointer to v: a table
// cell, NULL when the number is unknown.
func Nullable(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// EpochDays returns the calendar date of t, in t's own location, as days
// since 1970-01-01 (the Parquet DATE representation).
func EpochDays(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// DateOf returns t's calendar date (in t's own location) as midnight UTC.
func DateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Plural returns "1 run", "2 runs".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// SignedPct formats a percentage with its sign and a true minus: "+2.4",
// "−0.6".
func SignedPct(v float64) string {
	s := fmt.Sprintf("%+.1f", v)
	if s == "-0.0" || s == "+0.0" {
		return "±0.0"
	}
	return strings.Replace(s, "-", "−", 1)
}
