package applehealth

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// parseDate reads an export date, "2024-10-25 07:04:44 -0500" (the
// device's local wall clock and its offset). It returns the instant (UTC)
// and the offset in seconds. A 'T' for the space, a "Z" or "±hh:mm" zone
// are accepted too; ok is false for anything else.
func parseDate(b []byte) (t time.Time, off int, ok bool) {
	if len(b) < 19 {
		return t, 0, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d := num(0, 4), num(5, 2), num(8, 2)
	h, mi, sec := num(11, 2), num(14, 2), num(17, 2)
	if b[4] != '-' || b[7] != '-' || (b[10] != ' ' && b[10] != 'T') || b[13] != ':' || b[16] != ':' ||
		y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h < 0 || h > 23 ||
		mi < 0 || mi > 59 || sec < 0 || sec > 59 {
		return t, 0, false
	}
	z := bytes.TrimLeft(b[19:], " ")
	switch {
	case len(z) == 1 && z[0] == 'Z':
	case len(z) == 5 && (z[0] == '+' || z[0] == '-'):
		zh, zm := numOf(z[1:3]), numOf(z[3:5])
		if zh < 0 || zh > 14 || zm < 0 || zm > 59 {
			return t, 0, false
		}
		off = zh*3600 + zm*60
	case len(z) == 6 && (z[0] == '+' || z[0] == '-') && z[3] == ':':
		zh, zm := numOf(z[1:3]), numOf(z[4:6])
		if zh < 0 || zh > 14 || zm < 0 || zm > 59 {
			return t, 0, false
		}
		off = zh*3600 + zm*60
	default:
		return t, 0, false
	}
	if len(z) > 1 && z[0] == '-' {
		off = -off
	}
	t = time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC).Add(-time.Duration(off) * time.Second)
	return t, off, true
}

func numOf(b []byte) int {
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	return v
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// localDay is the local calendar date of an export date (its first ten
// characters, already validated by parseDate), as midnight UTC.
func localDay(t time.Time, off int) time.Time {
	l := t.Add(time.Duration(off) * time.Second)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// parseNum reads a decimal number; ok is false for anything else
// (including NaN and infinities).
func parseNum(b []byte) (float64, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || len(b) > 64 {
		return 0, false
	}
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

// Unit conversions. Each returns ok false for a unit it does not know, so
// that a value in an unknown unit is noted, never taken as the wrong one.

// toKcal converts energy: kcal and Cal (the food calorie) are the same; kJ
// and J are converted (1 kcal = 4.184 kJ).
func toKcal(v float64, unit string) (float64, bool) {
	switch unit {
	case "kcal", "Cal", "Kcal", "cal_food":
		return v, true
	case "kJ", "KJ":
		return v / 4.184, true
	case "J":
		return v / 4184, true
	case "cal":
		return v / 1000, true
	}
	return 0, false
}

// toMeters converts distance.
func toMeters(v float64, unit string) (float64, bool) {
	switch unit {
	case "m":
		return v, true
	case "km":
		return v * 1000, true
	case "mi":
		return v * 1609.344, true
	case "yd":
		return v * 0.9144, true
	case "ft":
		return v * 0.3048, true
	case "cm":
		return v / 100, true
	}
	return 0, false
}

// toKg converts body mass.
func toKg(v float64, unit string) (float64, bool) {
	switch unit {
	case "kg":
		return v, true
	case "lb", "lbs":
		return v * 0.45359237, true
	case "g":
		return v / 1000, true
	case "st":
		return v * 6.35029318, true
	}
	return 0, false
}

// toGrams converts a nutrient mass.
func toGrams(v float64, unit string) (float64, bool) {
	switch unit {
	case "g":
		return v, true
	case "mg":
		return v / 1000, true
	case "kg":
		return v * 1000, true
	case "oz":
		return v * 28.349523125, true
	}
	return 0, false
}

// toSeconds converts a duration.
func toSeconds(v float64, unit string) (float64, bool) {
	switch unit {
	case "s", "sec":
		return v, true
	case "min":
		return v * 60, true
	case "hr", "h":
		return v * 3600, true
	case "ms":
		return v / 1000, true
	}
	return 0, false
}

// toBPM converts a heart rate: count/min, or count/s.
func toBPM(v float64, unit string) (float64, bool) {
	switch unit {
	case "count/min", "", "bpm":
		return v, true
	case "count/s", "Hz":
		return v * 60, true
	}
	return 0, false
}

// unescape decodes the XML entity references of an attribute value
// (the five predefined ones and character references); an unknown one is
// kept as it is.
func unescape(b []byte) string {
	var sb strings.Builder
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			sb.Write(b)
			break
		}
		sb.Write(b[:i])
		b = b[i:]
		j := bytes.IndexByte(b, ';')
		if j < 0 {
			sb.Write(b)
			break
		}
		ent := string(b[1:j])
		switch ent {
		case "lt":
			sb.WriteByte('<')
		case "gt":
			sb.WriteByte('>')
		case "amp":
			sb.WriteByte('&')
		case "quot":
			sb.WriteByte('"')
		case "apos":
			sb.WriteByte('\'')
		default:
			r, ok := charRef(ent)
			if !ok {
				sb.Write(b[:j+1])
				break
			}
			sb.WriteRune(r)
		}
		b = b[j+1:]
	}
	return sb.String()
}

func charRef(ent string) (rune, bool) {
	if !strings.HasPrefix(ent, "#") {
		return 0, false
	}
	var v uint64
	var err error
	if strings.HasPrefix(ent, "#x") {
		v, err = strconv.ParseUint(ent[2:], 16, 32)
	} else {
		v, err = strconv.ParseUint(ent[1:], 10, 32)
	}
	if err != nil || !utf8.ValidRune(rune(v)) {
		return 0, false
	}
	return rune(v), true
}
