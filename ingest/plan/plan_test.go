package plan

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
)

var berlin = mustLoc("Europe/Berlin")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// planWeek is any day of the planned week of the testdata files.
var planWeek = time.Date(2026, 12, 9, 0, 0, 0, 0, time.UTC)

// want is one expected session: "Mon 12-07 16:20 run 60 tempo" or
// "Mon 12-07 17:30 lift 75 lower".
type want = string

func describe(s Session) string {
	a := s.Activity
	tail := s.Intensity
	if a.Kind == ingest.KindLift {
		tail = string(a.Sets[0].Region)
	}
	if a.Kind == ingest.KindCardio || a.Kind == ingest.KindOther {
		tail = a.Sport
	}
	return strings.TrimSpace(a.Start.In(berlin).Format("Mon 01-02 15:04") + " " + string(a.Kind) + " " +
		fmt.Sprintf("%.0f", a.ElapsedS/60) + " " + tail)
}

func TestReadFiles(t *testing.T) {
	for _, tc := range []struct {
		file     string
		sessions []want
		problems map[int]string // line → part of the reason
		ignored  map[int]string
	}{
		{
			// Google Calendar: VTIMEZONE + TZID, a weekly RRULE that began
			// in summer time with an EXDATE (Thu) and a RECURRENCE-ID
			// override (Tue moved to 07:00), a UTC event, a non-training
			// event and an all-day event.
			file: "google-calendar.ics",
			sessions: []want{
				"Mon 12-07 16:20 run 60 tempo",
				"Mon 12-07 17:30 lift 75 lower",
				"Tue 12-08 07:00 run 60 easy",
				"Wed 12-09 07:00 lift 60 upper",
				"Sat 12-12 18:30 run 60 easy",
			},
			ignored: map[int]string{89: "not a run, lift", 99: "all-day event"},
		},
		{
			// intervals.icu: UTC start + DURATION, sport in CATEGORIES, a
			// date-only note, a ride, a weekly RRULE with COUNT.
			file: "intervals-icu.ics",
			sessions: []want{
				"Mon 12-07 06:30 run 45 easy",
				"Tue 12-08 16:00 run 50 hiit",
				"Tue 12-08 17:00 lift 60 lower",
				"Thu 12-10 18:00 cardio 90 cycling",
				"Sat 12-12 09:00 run 75 easy",
			},
			ignored: map[int]string{35: "all-day event"},
		},
		{
			// TrainingPeaks (Outlook-style): a Windows TZID defined by the
			// file's VTIMEZONE (1601 onsets), quoted TZID, a folded line,
			// duration from the summary (90'), no DTSTART, an unknown zone.
			file: "trainingpeaks.ics",
			sessions: []want{
				"Fri 12-11 17:30 lift 60 full",
				"Sat 12-12 09:00 run 90 easy",
			},
			problems: map[int]string{38: "no DTSTART", 44: "Mars/Olympus_Mons"},
		},
		{
			file: "plan.csv",
			sessions: []want{
				"Mon 12-07 17:00 run 60 tempo",
				"Mon 12-07 18:05 lift 60 lower",
				"Tue 12-08 18:30 run 35 easy",
				"Wed 12-09 07:00 lift 50 upper",
				"Wed 12-09 18:30 run 30 easy",
				"Fri 12-11 12:00 lift 60 lower",
				"Sat 12-12 10:00 run 72 easy",
			},
			problems: map[int]string{9: `time "25:00"`, 10: `sport "zumba"`},
			ignored:  map[int]string{11: "outside the planned week"},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			p, err := Read(filepath.Join("testdata", tc.file), Options{Week: planWeek, WeekStart: time.Monday, Loc: berlin})
			if err != nil {
				t.Fatal(err)
			}
			if got := p.WeekStart.Format(time.DateOnly); got != "2026-12-07" {
				t.Errorf("week starts %s", got)
			}
			var got []string
			for _, s := range p.Sessions {
				got = append(got, describe(s))
				if s.Activity.Format != Format || s.Activity.Source == "" || s.Line <= 0 || s.Activity.Floating {
					t.Errorf("session %+v: format, source, line or floating wrong", s)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.sessions, "\n") {
				t.Errorf("sessions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.sessions, "\n"))
			}
			check := func(what string, evs []Event, want map[int]string) {
				t.Helper()
				if len(evs) != len(want) {
					t.Errorf("%s: %+v, want lines %v", what, evs, want)
				}
				for _, e := range evs {
					if w, ok := want[e.Line]; !ok || !strings.Contains(e.Reason, w) || e.Text == "" {
						t.Errorf("%s: line %d %q: %s (want %q)", what, e.Line, e.Text, e.Reason, w)
					}
				}
			}
			check("problems", p.Problems, tc.problems)
			check("ignored", p.Ignored, tc.ignored)
		})
	}
}

// TestRecurringKeepsWallClockAcrossDST: the Google run was created on a
// summer Tuesday at 18:30 (16:30 UTC); in December it stays at 18:30 local
// (17:30 UTC).
func TestRecurringKeepsWallClockAcrossDST(t *testing.T) {
	p, err := Read(filepath.Join("testdata", "google-calendar.ics"), Options{Week: planWeek, WeekStart: time.Monday, Loc: berlin})
	if err != nil {
		t.Fatal(err)
	}
	s := p.Sessions[len(p.Sessions)-1]
	if got := s.Activity.Start.UTC().Format("2006-01-02 15:04"); got != "2026-12-12 17:30" {
		t.Errorf("Saturday occurrence at %s UTC, want 17:30", got)
	}
	// Another week: the EXDATE and the override don't apply, all three come.
	p, err = Read(filepath.Join("testdata", "google-calendar.ics"), Options{Week: time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC), WeekStart: time.Monday, Loc: berlin})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range p.Sessions {
		got = append(got, describe(s))
	}
	if want := "Tue 11-17 18:30 run 60 easy|Thu 11-19 18:30 run 60 easy|Sat 11-21 18:30 run 60 easy"; strings.Join(got, "|") != want {
		t.Errorf("week of 11-16: %q, want %q", strings.Join(got, "|"), want)
	}
}

// TestVTimezoneSummer: the file's Windows zone gives +02:00 in July and
// +01:00 in December.
func TestVTimezoneSummer(t *testing.T) {
	ics := strings.ReplaceAll(string(readTestdata(t, "trainingpeaks.ics")), "20261211T1", "20260710T1")
	p, err := ReadICS(strings.NewReader(ics), "tp.ics", Options{Week: time.Date(2026, 7, 10, 0, 0, 0, 0, time.UTC), WeekStart: time.Monday, Loc: berlin})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Sessions) != 1 {
		t.Fatalf("sessions %+v", p.Sessions)
	}
	if got := p.Sessions[0].Activity.Start.UTC().Format("15:04"); got != "15:30" {
		t.Errorf("17:30 W. Europe Standard Time in July = %s UTC, want 15:30", got)
	}
}

// TestDefaultWeek: without Options.Week the plan is the week of the
// earliest one-off event, not of the recurring event's first occurrence.
func TestDefaultWeek(t *testing.T) {
	p, err := Read(filepath.Join("testdata", "google-calendar.ics"), Options{WeekStart: time.Monday, Loc: berlin})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.WeekStart.Format(time.DateOnly); got != "2026-12-07" {
		t.Errorf("default week %s, want 2026-12-07", got)
	}
	// Sunday weeks move the Sunday into the next week.
	p, err = Read(filepath.Join("testdata", "plan.csv"), Options{WeekStart: time.Sunday, Loc: berlin})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.WeekStart.Format(time.DateOnly); got != "2026-12-06" {
		t.Errorf("Sunday week %s, want 2026-12-06", got)
	}
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBadFiles: a file that cannot be read is an error naming the line.
func TestBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name, file, body string
		line             int
		msg              string
	}{
		{"not ics", "x.ics", "hello\r\n", 1, "content line"},
		{"no VCALENDAR", "x.ics", "BEGIN:VEVENT\r\nEND:VEVENT\r\n", 1, "BEGIN:VCALENDAR"},
		{"garbage line", "x.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nthis is not a line\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", 4, "content line"},
		{"unbalanced", "x.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", 3, "want END:VEVENT"},
		{"truncated", "x.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Run\r\n", 3, "ends inside VEVENT"},
		{"empty ics", "x.ics", "", 0, "empty"},
		// The decoder panics on these (found by FuzzReadICS): caught with the line.
		{"text after quoted param", "x.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=\"Europe/Berlin\"x:20261207T170000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", 3, "malformed parameter"},
		{"open quote", "x.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=\"Europe/Berlin:20261207T170000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", 3, "open quote"},
		{"param without name", "x.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;=x:20261207T170000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", 3, "NAME="},
		{"csv no header", "x.csv", "2026-12-07,17:00,run,60,,\n", 1, `no "date" column`},
		{"csv bad quote", "x.csv", "date,time,sport,duration_min\n2026-12-07,17:00,\"run,60\n", 2, "quote"},
		{"csv empty", "x.csv", "", 0, "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if strings.HasSuffix(tc.file, ".ics") {
				_, err = ReadICS(strings.NewReader(tc.body), tc.file, Options{})
			} else {
				_, err = ReadCSV(strings.NewReader(tc.body), tc.file, Options{})
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want *Error", err)
			}
			if pe.Line != tc.line || !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), tc.file) {
				t.Errorf("error %q (line %d), want line %d and %q", err, pe.Line, tc.line, tc.msg)
			}
		})
	}
}

func TestWordRules(t *testing.T) {
	for _, tc := range []struct {
		text            string
		kind            ingest.Kind
		region          ingest.Region
		intensity       string
		minutes         float64
		minutesNotFound bool
	}{
		{text: "Leg day (squats)", kind: ingest.KindLift, region: ingest.RegionLower, minutesNotFound: true},
		{text: "Upper body: bench + rows", kind: ingest.KindLift, region: ingest.RegionUpper, minutesNotFound: true},
		{text: "Strength: Full body", kind: ingest.KindLift, region: ingest.RegionFull, minutesNotFound: true},
		{text: "Run: Threshold 3x10'", kind: ingest.KindRun, intensity: "tempo", minutes: 10},
		{text: "VO2 6x3m [Run]", kind: ingest.KindRun, intensity: "hiit", minutes: 3},
		{text: "Z2 Endurance 45m", kind: "", intensity: "easy", minutes: 45},
		{text: "Long ride 1h30", kind: ingest.KindCardio, intensity: "easy", minutes: 90},
		{text: "Easy jog 30 min", kind: ingest.KindRun, intensity: "easy", minutes: 30},
		{text: "Dentist", kind: "", minutesNotFound: true},
	} {
		kind, _, ok := sportOf(tc.text)
		if kind != tc.kind || ok != (tc.kind != "") {
			t.Errorf("sportOf(%q) = %q %v, want %q", tc.text, kind, ok, tc.kind)
		}
		if tc.kind == ingest.KindLift {
			if r := regionOf(tc.text); r != tc.region {
				t.Errorf("regionOf(%q) = %q, want %q", tc.text, r, tc.region)
			}
		}
		if got := intensityOf(tc.text); got != tc.intensity {
			t.Errorf("intensityOf(%q) = %q, want %q", tc.text, got, tc.intensity)
		}
		m, ok := minutesIn(tc.text)
		if ok == tc.minutesNotFound || (ok && m != tc.minutes) {
			t.Errorf("minutesIn(%q) = %v %v, want %v", tc.text, m, ok, tc.minutes)
		}
	}
}
