package csvlog

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// lbsToKg is the exact international avoirdupois pound.
const lbsToKg = 0.45359237

// parseNumber reads a decimal number as lifting apps and spreadsheets write
// it: "62.5", "62,5" (decimal comma), "1,050" or "1.050.000" (thousands
// separators), " 80 " and "80 kg" (a trailing unit, returned lower-cased).
// semicolon says the file is ';'-separated, where a lone comma is always
// the decimal separator; elsewhere a comma followed by groups of exactly
// three digits is a thousands separator ("1,050" = 1050) and any other
// comma is decimal ("62,5"). With both '.' and ',' present the later one
// is the decimal separator. ok is false for empty or unreadable text, NaN
// and infinities.
func parseNumber(s string, semicolon bool) (v float64, unit string, ok bool) {
	s = strings.TrimSpace(s)
	// Trailing unit: "80 kg", "176lbs", "12 %".
	end := len(s)
	for end > 0 {
		c := s[end-1]
		if c >= '0' && c <= '9' || c == '.' || c == ',' {
			break
		}
		end--
	}
	unit = strings.ToLower(strings.TrimSpace(s[end:]))
	s = s[:end]
	if len(unit) > 5 {
		return 0, "", false
	}
	// Spaces, no-break and thin spaces as digit grouping: "1 050".
	if strings.ContainsAny(s, " \u00a0\u202f'") {
		s = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\'' {
				return -1
			}
			return r
		}, s)
	}
	if s == "" {
		return 0, "", false
	}
	dot, comma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	switch {
	case dot >= 0 && comma >= 0:
		if comma > dot {
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		} else {
			s = strings.ReplaceAll(s, ",", "")
		}
	case comma >= 0:
		if !semicolon && thousands(s, ',') {
			s = strings.ReplaceAll(s, ",", "")
		} else if strings.Count(s, ",") == 1 {
			s = strings.Replace(s, ",", ".", 1)
		} else if thousands(s, ',') {
			s = strings.ReplaceAll(s, ",", "")
		} else {
			return 0, "", false
		}
	case dot >= 0 && strings.Count(s, ".") > 1:
		if !thousands(s, '.') {
			return 0, "", false
		}
		s = strings.ReplaceAll(s, ".", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, "", false
	}
	return v, unit, true
}

// thousands reports whether s is digits grouped by sep in threes
// ("1,050", "-12,345,678").
func thousands(s string, sep byte) bool {
	s = strings.TrimPrefix(s, "-")
	groups := strings.Split(s, string(sep))
	if len(groups) < 2 || len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for i, g := range groups {
		if i > 0 && len(g) != 3 {
			return false
		}
		for j := 0; j < len(g); j++ {
			if g[j] < '0' || g[j] > '9' {
				return false
			}
		}
	}
	return true
}

// unitKind classifies a weight unit as written in headers, unit columns
// and value suffixes.
func weightFactor(unit string) (float64, bool) {
	switch strings.ToLower(strings.TrimSpace(strings.TrimSuffix(unit, "."))) {
	case "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms":
		return 1, true
	case "lb", "lbs", "pound", "pounds", "#":
		return lbsToKg, true
	}
	return 0, false
}

// wallClock is a parsed date and time. Without a zone in the text, t holds
// the wall-clock reading as if it were UTC (a floating time).
type wallClock struct {
	t       time.Time
	hasTime bool
	hasZone bool // t is a real instant (the text gave Z or an offset)
	offsetS int  // the offset the text gave
}

var isoLayouts = []struct {
	layout  string
	hasTime bool
	hasZone bool
}{
	{"2006-01-02 15:04:05", true, false},
	{"2006-01-02", false, false},
	{"2006-01-02 15:04", true, false},
	{"2006-01-02T15:04:05", true, false},
	{"2006-01-02T15:04", true, false},
	{"2006-01-02T15:04:05Z07:00", true, true},
	{"2006-01-02 15:04:05Z07:00", true, true},
	{"2006-01-02T15:04:05Z0700", true, true},
	{"2006-01-02 15:04:05 -0700", true, true},
	{"2006/01/02 15:04:05", true, false},
	{"2006/01/02 15:04", true, false},
	{"2006/01/02", false, false},
	// Fractional seconds.
	{"2006-01-02T15:04:05.999999999Z07:00", true, true},
	{"2006-01-02 15:04:05.999999999", true, false},
}

var timeOfDay = regexp.MustCompile(`(?i)(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([ap])?\.?\s*(m\.?)?`)

// monthNames maps the first letters of month names in the languages lift
// apps export in (English, German, French, Spanish, Italian, Dutch...) to
// months. Matching is on a lower-cased prefix of at least three letters.
var monthNames = map[string]time.Month{
	"jan": 1, "feb": 2, "fév": 2, "fev": 2, "mar": 3, "mär": 3, "maa": 3, "apr": 4, "avr": 4, "abr": 4,
	"may": 5, "mai": 5, "mei": 5, "mag": 5, "jun": 6, "jui": 0, "jul": 7, "lug": 7, "aug": 8, "aoû": 8,
	"ago": 8, "sep": 9, "set": 9, "oct": 10, "okt": 10, "ott": 10, "nov": 11, "dec": 12, "dez": 12,
	"déc": 12, "dic": 12, "gen": 1, "ene": 1, "giu": 6,
}

// monthOf reads a month name ("Sep", "Sept.", "September", "Juni",
// "juin", "juil.") or a Korean/Japanese/Chinese "9월"/"9月".
func monthOf(w string) time.Month {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	r := []rune(w)
	if len(r) < 3 {
		return 0
	}
	switch {
	case strings.HasPrefix(w, "juin"), w == "juni", w == "june":
		return 6
	case strings.HasPrefix(w, "juil"), w == "juli", strings.HasPrefix(w, "july"):
		return 7
	}
	return monthNames[string(r[:3])]
}

// fillerWords may appear in a date without meaning anything to it:
// weekdays, "at", "de", and CJK year/day markers.
var fillerWords = map[string]bool{
	"t": true, "de": true, "at": true, "um": true, "à": true, "om": true, "of": true, "del": true,
	"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "년": true, "年": true, "일": true, "日": true,
}

var tokenRE = regexp.MustCompile(`\d+|[\p{L}]+\.?`)

// parseDateTime reads the date-times of lift, food and body logs: ISO 8601
// ("2023-01-05 18:30:00", "2024-01-15T08:30", with or without a zone),
// Hevy's "15 Sep 2025, 07:48" and "Sep 22, 2026, 6:00 AM" (and their
// German "1 Sept. 2026", Korean "5 9월 2026" spellings), dotted European
// "22.09.2026, 17:00" and slashed "1/15/2024 8:30 PM" dates. Slashed dates
// are month/day/year unless the first number exceeds 12 (then
// day/month/year); dotted and dashed day-first dates are day/month/year.
func parseDateTime(s string) (wallClock, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return wallClock{}, false
	}
	if w, ok, iso := parseISO(s); iso {
		return w, ok
	}
	clock, datePart, ok := cutTimeOfDay(s)
	if !ok {
		return wallClock{}, false
	}
	nums, month, ok := dateTokens(datePart)
	if !ok {
		return wallClock{}, false
	}
	year, month, day, ok := dateFields(nums, month, strings.Contains(datePart, "/"))
	if !ok {
		return wallClock{}, false
	}
	t := time.Date(year, month, day, clock.hour, clock.minute, clock.sec, 0, time.UTC)
	if t.Day() != day {
		return wallClock{}, false // 31 Feb
	}
	return wallClock{t: t, hasTime: clock.given}, true
}

// parseISO reads s by the first of isoLayouts that fits it; iso is false
// when none does, ok whether the year is plausible.
func parseISO(s string) (w wallClock, ok, iso bool) {
	for _, l := range isoLayouts {
		if len(s) < 10 || len(l.layout) < 10 && len(s) != len(l.layout) {
			continue
		}
		if t, err := time.Parse(l.layout, s); err == nil {
			w := wallClock{t: t, hasTime: l.hasTime, hasZone: l.hasZone}
			if l.hasZone {
				_, w.offsetS = t.Zone()
				w.t = t.UTC()
			}
			return w, plausibleYear(w.t.Year()), true
		}
	}
	return wallClock{}, false, false
}

// clockTime is a time of day; given is false when the text had none
// (midnight then).
type clockTime struct {
	hour, minute, sec int
	given             bool
}

// cutTimeOfDay finds a time of day in s ("07:48", "6:00 AM", "17h30")
// and returns it with the rest of s, the date; ok is false for an
// impossible time ("13:00 PM", "24:10").
func cutTimeOfDay(s string) (c clockTime, datePart string, ok bool) {
	m := timeOfDay.FindStringSubmatchIndex(s)
	if m == nil {
		return clockTime{}, s, true
	}
	sub := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	c.hour, _ = strconv.Atoi(sub(1))
	c.minute, _ = strconv.Atoi(sub(2))
	if x := sub(3); x != "" {
		c.sec, _ = strconv.Atoi(x)
	}
	if ap := strings.ToLower(sub(4)); ap != "" && sub(5) != "" {
		if c.hour < 1 || c.hour > 12 {
			return clockTime{}, "", false
		}
		c.hour %= 12
		if ap == "p" {
			c.hour += 12
		}
	}
	if c.hour > 23 || c.minute > 59 || c.sec > 60 {
		return clockTime{}, "", false
	}
	c.given = true
	return c, s[:m[0]] + " " + s[m[1]:], true
}

// dateTokens splits a date into its numbers and the month it names ("Sep",
// "9월"; 0 when none); ok is false when a word is neither a month nor one
// of the fillerWords.
func dateTokens(datePart string) (nums []string, month time.Month, ok bool) {
	for _, tok := range tokenRE.FindAllString(datePart, -1) {
		switch c := tok[0]; {
		case c >= '0' && c <= '9':
			nums = append(nums, tok)
		default:
			if m := monthOf(tok); m != 0 && month == 0 {
				month = m
				continue
			}
			if tok == "월" || tok == "月" {
				// "9월": the number before it is the month.
				if len(nums) > 0 && month == 0 {
					n, _ := strconv.Atoi(nums[len(nums)-1])
					month = time.Month(n)
					nums = nums[:len(nums)-1]
				}
				continue
			}
			if fillerWords[strings.ToLower(strings.TrimSuffix(tok, "."))] {
				continue
			}
			return nil, 0, false
		}
	}
	return nums, month, true
}

// dateFields orders a date's numbers: with a month name, the day and the
// year (either first); without, year/month/day when the first has four
// digits, month/day/year when slashed (slash) and the first is at most 12,
// else day/month/year, a two-digit year being 20yy. ok is false for other
// counts of numbers and for out-of-range fields.
func dateFields(nums []string, month time.Month, slash bool) (year int, mon time.Month, day int, ok bool) {
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	mon = month
	switch {
	case month != 0 && len(nums) == 2:
		a, b := nums[0], nums[1]
		if len(a) == 4 {
			year, day = atoi(a), atoi(b)
		} else {
			day, year = atoi(a), atoi(b)
		}
	case month == 0 && len(nums) == 3:
		a, b, c := atoi(nums[0]), atoi(nums[1]), atoi(nums[2])
		switch {
		case len(nums[0]) == 4: // 2024.01.15, 2024/1/5
			year, mon, day = a, time.Month(b), c
		case slash && a <= 12:
			mon, day, year = time.Month(a), b, c
		default: // 15.01.2024, 15/01/2024, 15-01-2024
			day, mon, year = a, time.Month(b), c
		}
		if len(nums[2]) == 2 && len(nums[0]) != 4 {
			year += 2000
		}
	default:
		return 0, 0, 0, false
	}
	if mon < 1 || mon > 12 || day < 1 || day > 31 || !plausibleYear(year) {
		return 0, 0, 0, false
	}
	return year, mon, day, true
}

func plausibleYear(y int) bool { return y >= 1970 && y <= 2200 }

// parseClock reads a time of day ("18:30", "18:30:05", "6:30 PM") for the
// generic logs' separate time column.
func parseClock(s string) (h, m, sec int, ok bool) {
	s = strings.TrimSpace(s)
	loc := timeOfDay.FindStringSubmatchIndex(s)
	if loc == nil || loc[0] != 0 || loc[1] != len(s) {
		return 0, 0, 0, false
	}
	w, ok := parseDateTime("2000-01-01 " + s)
	if !ok || !w.hasTime {
		// AM/PM forms go through the generic path.
		w, ok = parseDateTime("1 Jan 2000, " + s)
		if !ok {
			return 0, 0, 0, false
		}
	}
	return w.t.Hour(), w.t.Minute(), w.t.Second(), true
}

var durationPart = regexp.MustCompile(`(?i)(\d+(?:[.,]\d+)?)\s*(h|hr|hrs|hours?|std|m|min|mins|minutes?|s|sec|secs|seconds?)\b`)

// parseDuration reads a workout duration: Strong's "1h 5m", "45m", "2h",
// "13min", "1h 5m 30s"; clock forms "01:05:00" and "65:00" (minutes and
// seconds); or a bare number, in seconds when unitSeconds is set and in
// minutes otherwise.
func parseDuration(s string, unitSeconds, semicolon bool) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if v, unit, ok := parseNumber(s, semicolon); ok && unit == "" {
		if v < 0 {
			return 0, false
		}
		if unitSeconds {
			return v, true
		}
		return v * 60, true
	}
	if strings.Count(s, ":") >= 1 && !strings.ContainsAny(s, "hms") {
		parts := strings.Split(s, ":")
		if len(parts) > 3 {
			return 0, false
		}
		total := 0.0
		for _, p := range parts {
			n, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || n < 0 {
				return 0, false
			}
			total = total*60 + n
		}
		return total, true // h:mm:ss, or mm:ss
	}
	matches := durationPart.FindAllStringSubmatch(s, -1)
	if matches == nil {
		return 0, false
	}
	total := 0.0
	for _, m := range matches {
		n, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
		if err != nil {
			return 0, false
		}
		switch u := strings.ToLower(m[2]); {
		case u[0] == 'h' || u == "std":
			total += n * 3600
		case u[0] == 'm':
			total += n * 60
		default:
			total += n
		}
	}
	return total, true
}
