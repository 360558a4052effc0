package ingest

import (
	"sort"
	"time"
)

// SleepNight is one night of sleep from a wellness export (Apple Health's
// sleep analysis, Garmin's sleep data), dated by the local date of waking.
type SleepNight struct {
	Athlete string
	Source  string
	Date    time.Time // local date of waking, as midnight UTC
	AsleepS float64   // time asleep (all stages), s
	InBedS  float64   // time in bed, s; NaN when not recorded
	// Origin names the app or device that recorded it ("Apple Health:
	// Jo's Apple Watch", "Garmin Connect"), for the report.
	Origin string
}

// RestingHR is one day's resting heart rate from a wellness export.
type RestingHR struct {
	Athlete string
	Source  string
	Date    time.Time // local date, as midnight UTC
	BPM     float64
	Origin  string // "Garmin Connect", "Apple Health"
}

// sortResting orders days by athlete, date, then source.
func sortResting(s []RestingHR) {
	sort.SliceStable(s, func(i, j int) bool {
		x, y := &s[i], &s[j]
		if x.Athlete != y.Athlete {
			return x.Athlete < y.Athlete
		}
		if !x.Date.Equal(y.Date) {
			return x.Date.Before(y.Date)
		}
		return x.Source < y.Source
	})
}

// sortSleep orders nights by athlete, date, then source.
func sortSleep(s []SleepNight) {
	sort.SliceStable(s, func(i, j int) bool {
		x, y := &s[i], &s[j]
		if x.Athlete != y.Athlete {
			return x.Athlete < y.Athlete
		}
		if !x.Date.Equal(y.Date) {
			return x.Date.Before(y.Date)
		}
		return x.Source < y.Source
	})
}
