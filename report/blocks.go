package report

import (
	"fmt"
	"slices"
	"time"

	"gainguard/report/internal/values"
)

// BlockGapWeeks is the longest run of whole weeks without any activity
// that a training block spans: a longer gap ends the block, and the weeks
// of the gap get no row (docs/scoring.md, "Training blocks"). One 2012
// file in a 2026 folder is then a block of its own, not ~700 empty weeks
// scored as rest.
const BlockGapWeeks = 4

// block is a training block: the first days of its first and last weeks.
type block struct{ first, last day }

// trainingBlocks splits the weeks from the first to the last training day
// into blocks at every gap of more than BlockGapWeeks weeks without a
// training day.
func trainingBlocks(training map[day]bool, start time.Weekday) []block {
	weeks := make([]day, 0, len(training))
	for d := range training {
		weeks = append(weeks, weekStartOf(d, start))
	}
	slices.Sort(weeks)
	weeks = slices.Compact(weeks)
	var blocks []block
	for i, w := range weeks {
		if i == 0 || int(w-weeks[i-1])/7-1 > BlockGapWeeks {
			blocks = append(blocks, block{w, w})
			continue
		}
		blocks[len(blocks)-1].last = w
	}
	return blocks
}

// LatestBlock returns the weeks of the latest training block (weeks
// sorted by start) and a one-line summary of each earlier block.
func LatestBlock(weeks []Week) (latest []Week, earlier []string) {
	if len(weeks) == 0 {
		return nil, nil
	}
	last := weeks[len(weeks)-1].Block
	for i := 0; i < len(weeks); {
		j := i
		runs, lifts, days := 0, 0, 0
		for ; j < len(weeks) && weeks[j].Block == weeks[i].Block; j++ {
			runs += weeks[j].Runs
			lifts += weeks[j].Lifts
			days += weeks[j].TrainingDays // other cardio makes training days too
		}
		if weeks[i].Block == last {
			latest = weeks[i:j]
		} else {
			earlier = append(earlier, fmt.Sprintf("%s to %s: %s, %s, %s, %s",
				values.DateOf(weeks[i].WeekStart).Format(time.DateOnly),
				values.DateOf(weeks[j-1].WeekStart).AddDate(0, 0, 6).Format(time.DateOnly),
				values.Plural(j-i, "week", "weeks"), values.Plural(runs, "run", "runs"), values.Plural(lifts, "lift", "lifts"),
				values.Plural(days, "training day", "training days")))
		}
		i = j
	}
	return latest, earlier
}

// gapDays maps the first day of every stretch of more than BlockGapWeeks×7
// days without data (between two days of days) to the next day with data,
// so that days.parquet, like weeks.parquet, has no rows for the gaps
// between training blocks.
func gapDays[T any](days map[day]T) map[day]day {
	keys := make([]day, 0, len(days))
	for d := range days {
		keys = append(keys, d)
	}
	slices.Sort(keys)
	gaps := map[day]day{}
	for i := 1; i < len(keys); i++ {
		if int(keys[i]-keys[i-1])-1 > BlockGapWeeks*7 {
			gaps[keys[i-1]+1] = keys[i]
		}
	}
	return gaps
}
