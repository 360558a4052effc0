package plan

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"gainguard/ingest"
)

// iCalendar (RFC 5545) is decoded by github.com/emersion/go-ical (line
// unfolding, parameters, escaping, the component tree) and recurrence
// rules are expanded by github.com/teambition/rrule-go (the library
// go-ical builds its RRULE support on). This file maps events to
// sessions: time zones (TZID: an IANA name, else the file's VTIMEZONE),
// durations (DTEND, DURATION, else "45 min" in the summary), RRULE with
// EXDATE and RECURRENCE-ID overrides over the planned week, and the sport
// from CATEGORIES and SUMMARY.

// maxOccurrences bounds one recurring event's occurrences in the week;
// maxRecurYears how far back a recurring event may start (rrule-go
// iterates from the first occurrence).
const (
	maxOccurrences = 50
	maxRecurYears  = 20
)

// ReadICS reads an iCalendar file. Timed events of the planned week become
// sessions; all-day events, cancelled events, events of other weeks and
// events that are not training are listed in Ignored with the reason;
// events that cannot be read (no DTSTART, an unknown zone, no duration, a
// bad RRULE) in Problems. A file that is not iCalendar, or whose structure
// is broken, is an *Error naming the line.
func ReadICS(r io.Reader, path string, opt Options) (*Plan, error) {
	loc := opt.Loc
	if loc == nil {
		loc = time.UTC
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &Error{Path: path, Msg: err.Error()}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	eventLines, err := scanICS(data, path)
	if err != nil {
		return nil, err
	}
	cal, err := decodeICS(data)
	if err != nil {
		return nil, &Error{Path: path, Msg: fmt.Sprintf("not a readable iCalendar file: %v", err)}
	}
	zones := map[string]*ical.Component{}
	var events []*ical.Component
	for _, c := range cal.Children {
		switch c.Name {
		case ical.CompTimezone:
			if id, err := c.Props.Text(ical.PropTimezoneID); err == nil && id != "" {
				zones[id] = c
			}
		case ical.CompEvent:
			events = append(events, c)
		}
	}
	if len(events) != len(eventLines) { // cannot happen: both count top-level VEVENTs
		return nil, &Error{Path: path, Msg: fmt.Sprintf("%d events decoded, %d found", len(events), len(eventLines))}
	}
	p := &Plan{Path: path}
	ic := icsReader{path: path, loc: loc, zones: zones, p: p, sport: opt.Sport}

	// Overrides of single occurrences (RECURRENCE-ID) replace them.
	overridden := map[string]map[int64]bool{}
	for _, ev := range events {
		if rid := ev.Props.Get(ical.PropRecurrenceID); rid != nil {
			uid, _ := ev.Props.Text(ical.PropUID)
			if t, _, err := ic.dateTime(rid); err == nil {
				if overridden[uid] == nil {
					overridden[uid] = map[int64]bool{}
				}
				overridden[uid][t.Unix()] = true
			}
		}
	}
	var raws []rawEvent
	for k, ev := range events {
		if re, ok := ic.event(ev, eventLines[k]); ok {
			uid, _ := ev.Props.Text(ical.PropUID)
			if ev.Props.Get(ical.PropRecurrenceID) == nil {
				re.skip = overridden[uid]
			}
			raws = append(raws, re)
		}
	}
	// The planned week: given, else the week of the earliest one-off
	// event, else of the earliest recurring event's first occurrence.
	if opt.Week.IsZero() && len(raws) > 0 {
		var first time.Time
		for _, oneOff := range []bool{true, false} {
			for _, re := range raws {
				if (re.rule == nil) == oneOff && (first.IsZero() || re.start.Before(first)) {
					first = re.start
				}
			}
			if !first.IsZero() {
				break
			}
		}
		opt.Week = dateOf(first.In(loc))
	}
	ws := weekOf(opt.Week, opt.WeekStart)
	y, m, d := ws.Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 0, 7)
	var all []Session
	for _, re := range raws {
		if re.rule == nil {
			all = append(all, re.session(path, re.start))
			continue
		}
		if re.start.Before(from.AddDate(-maxRecurYears, 0, 0)) {
			p.Problems = append(p.Problems, Event{Line: re.line, Text: re.text,
				Reason: fmt.Sprintf("recurring since %s, more than %d years before the planned week: not expanded", re.start.Format(time.DateOnly), maxRecurYears)})
			continue
		}
		occ := re.rule.Between(from.Add(-re.dur), to, true)
		n := 0
		for _, t := range occ {
			if re.skip[t.Unix()] {
				continue
			}
			if n++; n > maxOccurrences {
				p.Problems = append(p.Problems, Event{Line: re.line, Text: re.text,
					Reason: fmt.Sprintf("more than %d occurrences in the week: the rest are not used", maxOccurrences)})
				break
			}
			all = append(all, re.session(path, t))
		}
		if len(occ) == 0 {
			p.Ignored = append(p.Ignored, Event{Line: re.line, Text: re.text, Reason: "recurring event with no occurrence in the planned week"})
		}
	}
	p.finish(all, opt)
	return p, nil
}

// decodeICS decodes data with go-ical, whose decoder panics on some
// malformed lines that scanICS does not know of: a panic is an error.
func decodeICS(data []byte) (cal *ical.Calendar, err error) {
	defer func() {
		if r := recover(); r != nil {
			cal, err = nil, fmt.Errorf("%v", r)
		}
	}()
	return ical.NewDecoder(bytes.NewReader(data)).Decode()
}

// rawEvent is a readable training event before the week is known.
type rawEvent struct {
	line      int
	text      string
	kind      ingest.Kind
	sport     string
	region    ingest.Region
	intensity string
	start     time.Time // first occurrence
	dur       time.Duration
	dateOnly  bool
	rule      *rrule.Set
	skip      map[int64]bool // occurrences replaced by RECURRENCE-ID events
}

func (re rawEvent) session(path string, start time.Time) Session {
	return newSession(path, re.line, re.text, re.kind, re.sport, start, re.dur, re.region, re.intensity, re.dateOnly)
}

type icsReader struct {
	path  string
	loc   *time.Location
	zones map[string]*ical.Component
	p     *Plan
	sport string // Options.Sport
}

// event reads one VEVENT; ok false when it was listed as a problem or
// ignored.
func (ic *icsReader) event(ev *ical.Component, line int) (rawEvent, bool) {
	summary, _ := ev.Props.Text(ical.PropSummary)
	var cats []string
	for _, c := range ev.Props.Values(ical.PropCategories) {
		if l, err := c.TextList(); err == nil {
			cats = append(cats, l...)
		}
	}
	text := strings.TrimSpace(summary)
	if len(cats) > 0 {
		text = strings.TrimSpace(text + " [" + strings.Join(cats, ", ") + "]")
	}
	if text == "" {
		text = "(no SUMMARY)"
	}
	problem := func(format string, args ...any) (rawEvent, bool) {
		ic.p.Problems = append(ic.p.Problems, Event{Line: line, Text: text, Reason: fmt.Sprintf(format, args...)})
		return rawEvent{}, false
	}
	ignore := func(reason string) (rawEvent, bool) {
		ic.p.Ignored = append(ic.p.Ignored, Event{Line: line, Text: text, Reason: reason})
		return rawEvent{}, false
	}
	if st, _ := ev.Props.Text(ical.PropStatus); strings.EqualFold(st, "CANCELLED") {
		return ignore("cancelled (STATUS:CANCELLED)")
	}
	dtstart := ev.Props.Get(ical.PropDateTimeStart)
	if dtstart == nil {
		return problem("no DTSTART")
	}
	start, allDay, err := ic.dateTime(dtstart)
	if err != nil {
		return problem("DTSTART %q: %v", dtstart.Value, err)
	}
	if allDay {
		return ignore("all-day event: no time of day, so its gap to the other sessions is unknown; not scored (give it a start time to include it)")
	}
	// Sport: the categories first (intervals.icu and TrainingPeaks put the
	// sport there), then the summary.
	kind, sport, ok := sportOf(strings.Join(cats, " "))
	if !ok {
		kind, sport, ok = sportOf(summary)
	}
	if !ok && ic.sport != "" {
		kind, sport, ok = sportOf(ic.sport)
	}
	if !ok {
		return ignore("not a run, lift or other training session (no sport word in SUMMARY or CATEGORIES)")
	}
	var dur time.Duration
	switch {
	case ev.Props.Get(ical.PropDateTimeEnd) != nil:
		endProp := ev.Props.Get(ical.PropDateTimeEnd)
		end, _, err := ic.dateTime(endProp)
		if err != nil {
			return problem("DTEND %q: %v", endProp.Value, err)
		}
		dur = end.Sub(start)
	case ev.Props.Get(ical.PropDuration) != nil:
		dur, err = ev.Props.Get(ical.PropDuration).Duration()
		if err != nil {
			return problem("DURATION %q: %v", ev.Props.Get(ical.PropDuration).Value, err)
		}
	default:
		if m, ok := minutesIn(summary); ok {
			dur = time.Duration(m * float64(time.Minute))
		}
	}
	if dur <= 0 {
		return problem("no duration: neither DTEND after DTSTART, DURATION nor minutes in the summary")
	}
	if dur > MaxPlanMinutes*time.Minute {
		return problem("duration %s: more than a day", dur)
	}
	re := rawEvent{line: line, text: text, kind: kind, sport: sport, start: start, dur: dur,
		intensity: intensityOf(text)}
	if kind == ingest.KindLift {
		re.region = regionOf(text)
	}
	ro, err := ev.Props.RecurrenceRule()
	if err != nil {
		return problem("RRULE: %v", err)
	}
	if ro != nil {
		if ro.Freq > rrule.DAILY { // HOURLY, MINUTELY, SECONDLY
			return problem("RRULE %q: repeats more often than daily; not a training plan", ev.Props.Get(ical.PropRecurrenceRule).Value)
		}
		ro.Dtstart = start
		rule, err := rrule.NewRRule(*ro)
		if err != nil {
			return problem("RRULE %q: %v", ev.Props.Get(ical.PropRecurrenceRule).Value, err)
		}
		set := &rrule.Set{}
		set.RRule(rule)
		for _, prop := range ev.Props.Values(ical.PropExceptionDates) {
			for _, v := range strings.Split(prop.Value, ",") {
				px := prop
				px.Value = strings.TrimSpace(v)
				t, _, err := ic.dateTime(&px)
				if err != nil {
					return problem("EXDATE %q: %v", v, err)
				}
				set.ExDate(t)
			}
		}
		for _, prop := range ev.Props.Values(ical.PropRecurrenceDates) {
			for _, v := range strings.Split(prop.Value, ",") {
				px := prop
				px.Value = strings.TrimSpace(v)
				t, _, err := ic.dateTime(&px)
				if err != nil {
					return problem("RDATE %q: %v", v, err)
				}
				set.RDate(t)
			}
		}
		re.rule = set
	}
	return re, true
}

// dateTime parses a DATE or DATE-TIME property: UTC ("Z"), with a TZID
// (an IANA name, else the file's VTIMEZONE of that id), or floating (the
// athlete's zone). allDay is true for a DATE.
func (ic *icsReader) dateTime(prop *ical.Prop) (t time.Time, allDay bool, err error) {
	v := strings.TrimSpace(prop.Value)
	if prop.ValueType() == ical.ValueDate || len(v) == len("20060102") {
		t, err := time.ParseInLocation("20060102", v, ic.loc)
		return t, true, err
	}
	if strings.HasSuffix(v, "Z") {
		t, err := time.Parse("20060102T150405Z", v)
		return t, false, err
	}
	wall, err := time.Parse("20060102T150405", v)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("want YYYYMMDDTHHMMSS[Z]")
	}
	tzid := prop.Params.Get(ical.PropTimezoneID)
	if tzid == "" {
		return inLoc(wall, ic.loc), false, nil
	}
	loc, err := ic.zone(tzid, wall)
	if err != nil {
		return time.Time{}, false, err
	}
	return inLoc(wall, loc), false, nil
}

// inLoc reads wall's clock fields in loc.
func inLoc(wall time.Time, loc *time.Location) time.Time {
	return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, loc)
}

// zone resolves a TZID: an IANA name (also behind a "/vendor/.../"
// prefix), else the VTIMEZONE of the file with that id, as the fixed
// offset in force at wall.
func (ic *icsReader) zone(tzid string, wall time.Time) (*time.Location, error) {
	if loc, err := time.LoadLocation(tzid); err == nil {
		return loc, nil
	}
	if vt := ic.zones[tzid]; vt != nil {
		return vtimezoneAt(vt, tzid, wall)
	}
	// "/mozilla.org/20050126_1/Europe/Berlin" and similar.
	parts := strings.Split(strings.Trim(tzid, "/"), "/")
	for i := range parts {
		if loc, err := time.LoadLocation(strings.Join(parts[i:], "/")); err == nil && strings.Contains(strings.Join(parts[i:], "/"), "/") {
			return loc, nil
		}
	}
	return nil, fmt.Errorf("time zone %q is neither an IANA name nor defined by a VTIMEZONE in the file", tzid)
}

// vtimezoneAt returns the offset of a VTIMEZONE in force at local wall
// time wall: the observance (STANDARD or DAYLIGHT) with the latest onset
// (DTSTART, repeated by its RRULE) not after wall gives TZOFFSETTO.
func vtimezoneAt(vt *ical.Component, tzid string, wall time.Time) (*time.Location, error) {
	var best time.Time
	offset, found := 0, false
	for _, obs := range vt.Children {
		if obs.Name != "STANDARD" && obs.Name != "DAYLIGHT" {
			continue
		}
		ds := obs.Props.Get(ical.PropDateTimeStart)
		to := obs.Props.Get("TZOFFSETTO")
		if ds == nil || to == nil {
			continue
		}
		off, err := parseOffset(to.Value)
		if err != nil {
			return nil, fmt.Errorf("VTIMEZONE %q: TZOFFSETTO %q: %v", tzid, to.Value, err)
		}
		onset, err := time.Parse("20060102T150405", strings.TrimSpace(ds.Value))
		if err != nil {
			return nil, fmt.Errorf("VTIMEZONE %q: DTSTART %q: want YYYYMMDDTHHMMSS", tzid, ds.Value)
		}
		last := time.Time{}
		if !onset.After(wall) {
			last = onset
		}
		if ro, err := obs.Props.RecurrenceRule(); err == nil && ro != nil && ro.Freq == rrule.YEARLY {
			// Outlook writes onsets of 1601; rrule-go stops iterating long
			// before today, so the rule starts a year before wall instead
			// (same month, day and clock: the yearly rule is unchanged).
			if onset.Year() < wall.Year()-1 {
				onset = time.Date(wall.Year()-1, onset.Month(), onset.Day(), onset.Hour(), onset.Minute(), onset.Second(), 0, time.UTC)
			}
			ro.Dtstart = onset // wall clock as UTC fields, like wall
			if rule, err := rrule.NewRRule(*ro); err == nil {
				if t := rule.Before(wall, true); !t.IsZero() {
					last = t
				}
			}
		}
		if !last.IsZero() && (!found || last.After(best)) {
			best, offset, found = last, off, true
		}
	}
	if !found {
		return nil, fmt.Errorf("VTIMEZONE %q has no observance in force at %s", tzid, wall.Format("2006-01-02 15:04"))
	}
	return time.FixedZone(tzid, offset), nil
}

// parseOffset reads "+0100", "-0530" or "+013000" as seconds east of UTC.
func parseOffset(s string) (int, error) {
	s = strings.TrimSpace(s)
	if len(s) != 5 && len(s) != 7 || (s[0] != '+' && s[0] != '-') {
		return 0, fmt.Errorf("want ±HHMM")
	}
	n, err := strconv.Atoi(s[1:])
	if err != nil {
		return 0, fmt.Errorf("want ±HHMM")
	}
	var sec int
	if len(s) == 5 {
		sec = n/100*3600 + n%100*60
	} else {
		sec = n/10000*3600 + n/100%100*60 + n%100
	}
	if s[0] == '-' {
		sec = -sec
	}
	return sec, nil
}

// minutesRe finds a duration in free text: "45 min", "45'", "45m",
// "1h30", "1:15h", "1.5 h".
var minutesRe = regexp.MustCompile(`(?i)(\d+(?:[.,]\d+)?)\s*(h|hr|hrs|hours?|std)\s*(\d{1,2})?|(\d+)\s*(?:min|mins|minutes|m|')(?:\b|$)`)

// minutesIn returns the first duration written in s, in minutes.
func minutesIn(s string) (float64, bool) {
	m := minutesRe.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	if m[4] != "" {
		v, err := strconv.ParseFloat(m[4], 64)
		return v, err == nil && v > 0
	}
	h, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", "."), 64)
	if err != nil {
		return 0, false
	}
	v := h * 60
	if m[3] != "" {
		extra, _ := strconv.ParseFloat(m[3], 64)
		v += extra
	}
	return v, v > 0
}

// propNameRe is a content line's name (RFC 5545 iana-token / x-name).
var propNameRe = regexp.MustCompile(`^[A-Za-z0-9-]+[;:]`)

// checkParams checks the parameters of a content line (RFC 5545 3.1:
// ";NAME=VALUE[,VALUE]", a value quoted or free of ";:,\"", up to the
// ":" before the property value) and returns what is wrong, or "". The
// decoder panics on some of these (a quoted value followed by other
// text), so they are caught here, with the line.
func checkParams(text string) string {
	i := strings.IndexAny(text, ";:")
	for i < len(text) && text[i] == ';' {
		i++
		j := i
		for j < len(text) && (text[j] == '-' || text[j] >= 'A' && text[j] <= 'Z' || text[j] >= 'a' && text[j] <= 'z' || text[j] >= '0' && text[j] <= '9') {
			j++
		}
		if j == i || j == len(text) || text[j] != '=' {
			return "a parameter without NAME="
		}
		i = j
		for {
			i++ // past '=' or ','
			if i < len(text) && text[i] == '"' {
				end := strings.IndexByte(text[i+1:], '"')
				if end < 0 {
					return "a parameter value with an open quote"
				}
				i += end + 2
			} else {
				for i < len(text) && !strings.ContainsRune(";:,\"", rune(text[i])) {
					i++
				}
			}
			if i >= len(text) {
				return "no \":\" before the value"
			}
			if text[i] != ',' {
				break
			}
		}
		if text[i] != ';' && text[i] != ':' {
			return "a malformed parameter value"
		}
	}
	return ""
}

// scanICS checks the file's structure line by line — content lines
// "NAME[;PARAM=…]:VALUE", BEGIN/END balanced, one VCALENDAR — so that a
// broken file is an error naming its line, and returns the line of each
// top-level VEVENT's BEGIN, in order.
func scanICS(data []byte, path string) ([]int, error) {
	lines := strings.Split(string(data), "\n")
	var stack []string
	var events []int
	type logical struct {
		line int
		text string
	}
	var ls []logical
	for i, l := range lines {
		l = strings.TrimRight(l, "\r")
		if len(l) > 0 && (l[0] == ' ' || l[0] == '\t') {
			if len(ls) == 0 {
				return nil, &Error{Path: path, Line: i + 1, Msg: "continuation line before any content line"}
			}
			ls[len(ls)-1].text += l[1:]
			continue
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		ls = append(ls, logical{i + 1, l})
	}
	if len(ls) == 0 {
		return nil, &Error{Path: path, Msg: "empty file: want BEGIN:VCALENDAR"}
	}
	for k, l := range ls {
		if !propNameRe.MatchString(l.text) || !strings.Contains(l.text, ":") {
			return nil, &Error{Path: path, Line: l.line, Msg: fmt.Sprintf("not an iCalendar content line (NAME:VALUE): %.60q", l.text)}
		}
		if err := checkParams(l.text); err != "" {
			return nil, &Error{Path: path, Line: l.line, Msg: fmt.Sprintf("%s: %.60q", err, l.text)}
		}
		name, value, _ := strings.Cut(l.text, ":")
		name = strings.ToUpper(name)
		value = strings.ToUpper(strings.TrimSpace(value))
		switch name {
		case "BEGIN":
			if k == 0 && value != "VCALENDAR" {
				return nil, &Error{Path: path, Line: l.line, Msg: "want BEGIN:VCALENDAR first"}
			}
			if k > 0 && len(stack) == 0 {
				return nil, &Error{Path: path, Line: l.line, Msg: fmt.Sprintf("BEGIN:%s after the calendar's END", value)}
			}
			if value == "VEVENT" && len(stack) == 1 {
				events = append(events, l.line)
			}
			stack = append(stack, value)
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				want := "nothing open"
				if len(stack) > 0 {
					want = "END:" + stack[len(stack)-1]
				}
				return nil, &Error{Path: path, Line: l.line, Msg: fmt.Sprintf("END:%s, want %s", value, want)}
			}
			stack = stack[:len(stack)-1]
		default:
			if k == 0 {
				return nil, &Error{Path: path, Line: l.line, Msg: "want BEGIN:VCALENDAR first"}
			}
			if len(stack) == 0 {
				return nil, &Error{Path: path, Line: l.line, Msg: "content after the calendar's END"}
			}
		}
	}
	if len(stack) > 0 {
		return nil, &Error{Path: path, Line: ls[len(ls)-1].line, Msg: fmt.Sprintf("file ends inside %s (no END:%s)", stack[len(stack)-1], stack[len(stack)-1])}
	}
	return events, nil
}
