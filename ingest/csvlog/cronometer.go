package csvlog

import (
	"strings"
)

// Cronometer's exports (More → Account → Export Data):
//
//   - servings.csv, "Food & Recipe Entries": one row per food eaten,
//     Day,Time,Group,Food Name,Amount,Energy (kcal),... with a column per
//     nutrient ("Protein (g)", "Carbs (g)", "Vitamin B12 (µg)"); the
//     nutrient set changes between export versions. Time is 24 h ("13:05"),
//     12 h ("1:05 PM") or empty; only the day is used: rows are summed per
//     Day. A blank nutrient cell is unknown, not zero.
//   - dailysummary.csv, "Daily Nutrition": one row per day, Date,Energy
//     (kcal),...,Protein (g),...,Completed. Completed is the diary's "mark
//     day complete" flag. When a file marks some days complete, the days
//     not marked are partial logs and are dropped (their intake would read
//     as a deficit); when it marks none, the flag is not in use and every
//     day is kept. Either way a note says so.
//
// Both are food logs (see food.go); this file only filters their rows.

// cronometer returns the rows of a Cronometer export to sum.
func (rd *reader) cronometer(rows []row) []row {
	c := rd.cols
	if rd.kind == CronometerServings {
		clock := c.find("time")
		var h12, h24, none, bad int
		for _, r := range rows {
			t := r.get(clock)
			switch _, _, _, ok := parseClock(t); {
			case t == "":
				none++
			case !ok:
				bad++
			case strings.ContainsAny(strings.ToLower(t), "ap"):
				h12++
			default:
				h24++
			}
		}
		if h12+h24+bad > 0 || none > 0 {
			rd.note("times: %d 24-hour, %d 12-hour, %d empty, %d unreadable (only the day is used)", h24, h12, none, bad)
		}
		return rows
	}
	done := c.find("completed")
	marked := 0
	for _, r := range rows {
		if strings.EqualFold(r.get(done), "true") {
			marked++
		}
	}
	if marked == 0 {
		rd.note("no day marked completed: the Completed flag is not in use, every day kept")
		return rows
	}
	kept := rows[:0:0]
	for _, r := range rows {
		if strings.EqualFold(r.get(done), "true") {
			kept = append(kept, r)
		} else {
			rd.skip(r.line, "day not marked completed (a partial log)")
		}
	}
	return kept
}
