// Package plan reads a planned training week — an iCalendar (.ics) export
// of intervals.icu, TrainingPeaks or Google Calendar, or a simple CSV
// (date,time,sport,duration_min,intensity,region) — into planned
// activities in gainguard's vocabulary (ingest.Activity with Kind, Sport,
// Start, durations and, for lifts, the body region as one set), so that the
// scoring model can score the week before it happens (gainguard plan).
//
// Nothing is dropped silently: an event that cannot be read is listed in
// Plan.Problems with its line and the reason, and an event that is not
// used (all-day, outside the planned week, not a run or lift) in
// Plan.Ignored. A file that cannot be read at all (not iCalendar, a CSV
// without the header, broken quoting) is an error naming the file and the
// line. docs/formats.md describes both formats.
package plan

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"gainguard/ingest"
)

// Format is the Activity.Format of planned sessions.
const Format = "plan"

// Session is one planned session.
type Session struct {
	Activity  ingest.Activity // Kind, Sport, Start (UTC, or wall clock when Floating), ElapsedS = TimerS, Sets (lifts: one set with the region)
	Line      int             // line of the CSV row or of the event's BEGIN:VEVENT
	Text      string          // the event's SUMMARY (and CATEGORIES) or the CSV's sport cell
	Intensity string          // easy | tempo | hiit | "" (unknown)
}

// Event is an event of the file that was not used, with why.
type Event struct {
	Line   int    `json:"line"`
	Text   string `json:"text"` // SUMMARY (and CATEGORIES) or the CSV row
	Reason string `json:"reason"`
}

// Plan is a planned week read from one file.
type Plan struct {
	Path      string
	WeekStart time.Time // first day of the planned week (a date; location = Options.Loc)
	Sessions  []Session // the planned week's runs, lifts and other sessions, by start
	Problems  []Event   // events that could not be read
	Ignored   []Event   // events read but not used (all-day, other weeks, not training)
}

// Options control reading.
type Options struct {
	// Week is any day of the planned week (its date is read in Loc); zero:
	// the week of the earliest timed event (recurring events count with
	// their first occurrence).
	Week time.Time
	// WeekStart is the first day of a week (the zero value is Sunday, as
	// in report.ScoreOptions).
	WeekStart time.Weekday
	// Loc is the athlete's zone: floating times (no zone in the file, and
	// every CSV time) are wall clock in it, and the week's days are its
	// days. Nil: UTC.
	//
	// Sessions come out with real instants (Floating is never set).
	Loc *time.Location
	// Sport is read for .ics events whose SUMMARY and CATEGORIES name no
	// sport (a calendar kept for one kind of training, with events named
	// "Tempo" or "Coach session"): a sport word such as "run" or "lift".
	// Empty: such events are ignored, with a note.
	Sport string
}

// Read reads path by its extension: .ics (iCalendar) or .csv.
func Read(path string, opt Options) (*Plan, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ics", ".ical", ".ifb", ".icalendar":
		return ReadICS(bytes.NewReader(b), path, opt)
	case ".csv":
		return ReadCSV(bytes.NewReader(b), path, opt)
	}
	if bytes.HasPrefix(bytes.TrimLeft(b, "\ufeff \r\n\t"), []byte("BEGIN:VCALENDAR")) {
		return ReadICS(bytes.NewReader(b), path, opt)
	}
	return ReadCSV(bytes.NewReader(b), path, opt)
}

// Error is a file-level error naming the file and line.
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// ---- the planned week ----

// dayKey is a civil date.
type dayKey struct {
	y int
	m time.Month
	d int
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// weekOf returns the first day (UTC midnight of the civil date) of the
// week holding civil date d.
func weekOf(d time.Time, start time.Weekday) time.Time {
	d = dateOf(d)
	back := (int(d.Weekday()) - int(start) + 7) % 7
	return d.AddDate(0, 0, -back)
}

// localCivil returns the civil date of a session's start in loc.
func localCivil(a *ingest.Activity, loc *time.Location) time.Time {
	return dateOf(a.Start.In(loc))
}

// finish chooses the week (when not given), keeps the sessions of that
// week and moves the others to Ignored, and sorts.
func (p *Plan) finish(all []Session, opt Options) {
	loc := opt.Loc
	if loc == nil {
		loc = time.UTC
	}
	var ws time.Time
	switch {
	case !opt.Week.IsZero():
		ws = weekOf(opt.Week, opt.WeekStart)
	case len(all) > 0:
		first := localCivil(&all[0].Activity, loc)
		for i := range all {
			if d := localCivil(&all[i].Activity, loc); d.Before(first) {
				first = d
			}
		}
		ws = weekOf(first, opt.WeekStart)
	}
	y, m, d := ws.Date()
	p.WeekStart = time.Date(y, m, d, 0, 0, 0, 0, loc)
	we := ws.AddDate(0, 0, 7)
	outside := 0
	for _, s := range all {
		d := localCivil(&s.Activity, loc)
		if d.Before(ws) || !d.Before(we) {
			outside++
			p.Ignored = append(p.Ignored, Event{Line: s.Line, Text: s.Text,
				Reason: fmt.Sprintf("on %s, outside the planned week %s to %s", d.Format(time.DateOnly),
					ws.Format(time.DateOnly), we.AddDate(0, 0, -1).Format(time.DateOnly))})
			continue
		}
		p.Sessions = append(p.Sessions, s)
	}
	slices.SortStableFunc(p.Sessions, func(a, b Session) int {
		if c := a.Activity.Start.Compare(b.Activity.Start); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	for i := range p.Sessions {
		p.Sessions[i].Activity.Index = i
	}
	slices.SortStableFunc(p.Ignored, func(a, b Event) int { return a.Line - b.Line })
	slices.SortStableFunc(p.Problems, func(a, b Event) int { return a.Line - b.Line })
}

// ---- sport, region and intensity from words ----

// words splits s into lower-case words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func hasWord(ws []string, prefixes ...string) bool {
	for _, w := range ws {
		for _, p := range prefixes {
			if w == p || (len(p) >= 3 && strings.HasPrefix(w, p)) {
				return true
			}
		}
	}
	return false
}

// Words that make an event a lift, a run, another endurance session.
var (
	liftWords   = []string{"strength", "lift", "lifting", "weights", "weight", "weighttraining", "gym", "squat", "deadlift", "bench", "legs", "leg", "upper", "lower", "push", "pull", "hypertrophy", "powerlifting", "crossfit", "kettlebell"}
	runWords    = []string{"run", "running", "jog", "jogging", "trail", "treadmill", "parkrun", "virtualrun", "5k", "10k", "marathon"}
	cardioWords = []string{"ride", "bike", "cycling", "cycle", "virtualride", "swim", "swimming", "row", "rowing", "walk", "walking", "hike", "hiking", "elliptical", "ski", "skiing", "spin"}
)

// sportOf returns the kind and normalized sport of an event described by
// text (summary, categories or the CSV sport cell); ok false when none
// fits. A lift word wins over a run word ("Legs + run" is two sessions in
// one event and is read as the lift: the caller notes it).
func sportOf(text string) (kind ingest.Kind, sport string, ok bool) {
	ws := words(text)
	isLift := hasWord(ws, liftWords...) || strings.Contains(strings.ToLower(text), "full body")
	isRun := hasWord(ws, runWords...)
	switch {
	case isRun && !isLift:
		return ingest.KindRun, "running", true
	case isLift:
		return ingest.KindLift, "training", true
	case hasWord(ws, "swim", "swimming"):
		return ingest.KindCardio, "swimming", true
	case hasWord(ws, "row", "rowing"):
		return ingest.KindCardio, "rowing", true
	case hasWord(ws, "walk", "walking", "hike", "hiking"):
		return ingest.KindCardio, "walking", true
	case hasWord(ws, cardioWords...):
		return ingest.KindCardio, "cycling", true
	case hasWord(ws, "yoga", "mobility", "stretch", "stretching", "pilates"):
		return ingest.KindOther, "yoga", true
	}
	return "", "", false
}

// SportWord reports whether word names a sport the plan reader knows
// (for Options.Sport).
func SportWord(word string) bool {
	_, _, ok := sportOf(word)
	return ok
}

// regionOf returns a lift's body region from words, else unknown.
func regionOf(text string) ingest.Region {
	ws := words(text)
	lower := strings.ToLower(text)
	switch {
	case hasWord(ws, "full", "total", "fullbody") || strings.Contains(lower, "full body"):
		return ingest.RegionFull
	case hasWord(ws, "leg", "legs", "lower", "squat", "deadlift", "lunge", "glute", "posterior"):
		return ingest.RegionLower
	case hasWord(ws, "upper", "push", "pull", "bench", "chest", "back", "arms", "shoulder", "shoulders"):
		return ingest.RegionUpper
	}
	return ingest.RegionOf(text)
}

// intensityOf returns easy, tempo or hiit from words, else "".
func intensityOf(text string) string {
	ws := words(text)
	switch {
	case hasWord(ws, "interval", "intervals", "hiit", "sprint", "sprints", "repeats", "vo2", "vo2max", "fartlek", "hills"):
		return "hiit"
	case hasWord(ws, "tempo", "threshold", "steady", "race", "progression"):
		return "tempo"
	case hasWord(ws, "easy", "recovery", "liss", "z1", "z2", "aerobic", "base", "long", "jog"):
		return "easy"
	}
	return ""
}

// normIntensity maps a CSV intensity cell to easy, tempo, hiit or "".
func normIntensity(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", true
	case "easy", "liss", "recovery", "low", "z1", "z2", "aerobic", "long":
		return "easy", true
	case "tempo", "moderate", "threshold", "steady", "z3", "z4":
		return "tempo", true
	case "hiit", "hard", "intervals", "interval", "sprint", "sprints", "vo2", "z5":
		return "hiit", true
	}
	return "", false
}

// normRegion maps a CSV region cell to a Region ("" → unknown).
func normRegion(s string) (ingest.Region, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "unknown":
		return ingest.RegionUnknown, true
	case "lower", "legs", "leg", "lower body", "lower_body":
		return ingest.RegionLower, true
	case "upper", "upper body", "upper_body", "push", "pull":
		return ingest.RegionUpper, true
	case "full", "full body", "full_body", "total", "total body":
		return ingest.RegionFull, true
	}
	return "", false
}

// newSession builds a planned activity starting at start (an instant;
// floating times are placed in the athlete's zone by the readers); dur > 0.
func newSession(path string, line int, text string, kind ingest.Kind, sport string, start time.Time,
	dur time.Duration, region ingest.Region, intensity string, dateOnly bool) Session {
	_, off := start.Zone()
	a := ingest.Activity{
		RPE:    math.NaN(), // not logged
		Source: path, Format: Format, Kind: kind, Sport: sport, Name: strings.TrimSpace(text),
		Start: start.UTC(), TZOffsetS: off, HasTZ: true, Precision: ingest.PrecisionExact,
		ElapsedS: dur.Seconds(), TimerS: dur.Seconds(),
		DistanceM: math.NaN(), Calories: math.NaN(), AvgHR: math.NaN(), MaxHR: math.NaN(),
	}
	if dateOnly {
		a.Precision = ingest.PrecisionDate
	}
	if kind == ingest.KindLift {
		a.SubSport = "strength_training"
		// One active set carries the planned region, so that metrics
		// (CombineRegions over the sets) sees it.
		a.Sets = []ingest.Set{{Start: start.UTC(), DurationS: dur.Seconds(), Type: ingest.SetActive, Reps: -1, RPE: math.NaN(),
			WeightKg: math.NaN(), Exercise: "", Region: region}}
	}
	return Session{Activity: a, Line: line, Text: text, Intensity: intensity}
}
