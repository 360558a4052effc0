package ingest

import (
	"fmt"
	"strings"
	"time"
)

// ParseXMLTime parses an xsd:dateTime as GPX and TCX files write it:
// RFC 3339 with optional fractional seconds (dot or comma) and an optional
// zone (Z, ±hh:mm, ±hhmm, ±hh). A time without a zone is UTC, as the GPX
// schema prescribes. A space or a lower-case 't' between date and time is
// tolerated; years outside 1900–2200 are refused. The result is UTC.
func ParseXMLTime(s string) (time.Time, error) {
	if t, ok := parseXMLTimeFast(s); ok {
		return t, nil
	}
	return parseXMLTime(s)
}

// parseXMLTime is the general parser behind [ParseXMLTime].
func parseXMLTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) < 19 || len(s) > 64 {
		return time.Time{}, fmt.Errorf("bad time %q", s)
	}
	b := []byte(s)
	if b[10] == ' ' || b[10] == 't' {
		b[10] = 'T'
	}
	if b[len(b)-1] == 'z' {
		b[len(b)-1] = 'Z'
	}
	s = string(b)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if y := t.Year(); y < 1900 || y > 2200 {
				return time.Time{}, fmt.Errorf("implausible time %q", s)
			}
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q", s)
}

// Fractional seconds after "05" are accepted by time.Parse even though the
// layouts do not spell them.
var timeLayouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05Z07",
	"2006-01-02T15:04:05",
}

// parseXMLTimeFast parses, without allocating, the form nearly every
// device writes — "2006-01-02T15:04:05", then 0–9 fraction digits after a
// '.', then "Z" or "±hh:mm" (hh ≤ 14) or nothing — with every field in
// range and a year in 1900–2200. ok is false for anything else, which
// [parseXMLTime] then decides; FuzzParseXMLTime holds the two equal.
func parseXMLTimeFast(s string) (t time.Time, ok bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return t, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for k := i; k < i+n; k++ {
			c := s[k]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	minute, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || year < 1900 || year > 2200 || month < 1 || month > 12 ||
		day < 1 || day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 || sec > 59 {
		return t, false
	}
	i, ns := 19, 0
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		digits := j - i - 1
		if digits == 0 || digits > 9 {
			return t, false
		}
		v, _ := num(i+1, digits)
		for range 9 - digits {
			v *= 10
		}
		ns, i = v, j
	}
	offset := 0
	switch rest := s[i:]; {
	case rest == "" || rest == "Z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, okh := num(i+1, 2)
		om, okm := num(i+4, 2)
		if !okh || !okm || oh > 14 || om > 59 {
			return t, false
		}
		offset = (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return t, false
	}
	t = time.Date(year, time.Month(month), day, hour, minute, sec, ns, time.UTC)
	return t.Add(-time.Duration(offset) * time.Second), true
}

// daysIn returns the number of days in month m of year y.
func daysIn(m time.Month, y int) int {
	if m == time.February {
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31 - int((m-1)%7%2)
}
