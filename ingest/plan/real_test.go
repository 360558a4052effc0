package plan

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestReadRealExports reads calendars exported by Google Calendar (from
// node-ical's test fixtures: testdata/real/README.md). Their events name
// no sport, so they are read with Options.Sport "run" to see the
// recurrence and zone handling on real files; without it every event is
// ignored with a note, none dropped.
func TestReadRealExports(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		week       time.Time
		sessions   []string       // "UTC start | minutes | line" (sessionsOf)
		ignored    map[int]string // line → part of the reason
	}{
		{
			// A daily RRULE with UNTIL in Europe/Kiev (VTIMEZONE + TZID,
			// summer time: 14:00 EEST = 11:00 UTC); the RECURRENCE-ID
			// event (line 27, listed before its series) replaces the
			// 26 August occurrence; UNTIL 11:00Z keeps the 28th.
			name: "google kiev rrule until override", file: "google-calendar-kiev-tz.ics",
			week: time.Date(2016, 8, 24, 0, 0, 0, 0, time.UTC),
			sessions: []string{
				"2016-08-25T11:00:00Z | 60 | 42",
				"2016-08-26T11:00:00Z | 60 | 27",
				"2016-08-27T11:00:00Z | 60 | 42",
				"2016-08-28T11:00:00Z | 60 | 42",
			},
		},
		{
			// Every other Monday and Thursday, 09:00 US/Central (CDT =
			// 14:00 UTC), with a folded, comma-separated EXDATE list that
			// drops Thu 6 July; the second series starts in August.
			name: "google biweekly exdate, on week", file: "biweekly-exdate-until.ics",
			week:     time.Date(2017, 7, 5, 0, 0, 0, 0, time.UTC),
			sessions: []string{"2017-07-03T14:00:00Z | 600 | 9"},
			ignored:  map[int]string{21: "no occurrence in the planned week"},
		},
		{
			name: "google biweekly exdate, off week", file: "biweekly-exdate-until.ics",
			week:    time.Date(2017, 7, 12, 0, 0, 0, 0, time.UTC),
			ignored: map[int]string{9: "no occurrence in the planned week", 21: "no occurrence in the planned week"},
		},
		{
			// Both occurrences of the week excluded (Mon 17, Thu 20).
			name: "google biweekly exdate, both excluded", file: "biweekly-exdate-until.ics",
			week:    time.Date(2017, 7, 19, 0, 0, 0, 0, time.UTC),
			ignored: map[int]string{9: "no occurrence in the planned week", 21: "no occurrence in the planned week"},
		},
		{
			// All-day events (a daily series and its moved occurrence over
			// the October DST change): ignored with the note.
			name: "google all-day moved over dst", file: "whole_day_moved_over_dst_change_berlin.ics",
			week:    time.Date(2024, 10, 28, 0, 0, 0, 0, time.UTC),
			ignored: map[int]string{2: "all-day event", 15: "all-day event"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join("testdata", "real", tc.file)
			p, err := Read(path, Options{Week: tc.week, WeekStart: time.Monday, Loc: berlin, Sport: "run"})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Sessions) != len(tc.sessions) {
				t.Fatalf("%d sessions %v, want %v", len(p.Sessions), sessionsOf(p), tc.sessions)
			}
			for i, s := range sessionsOf(p) {
				if s != tc.sessions[i] {
					t.Errorf("session %d: %s, want %s", i, s, tc.sessions[i])
				}
			}
			if len(p.Problems) != 0 {
				t.Errorf("problems %+v", p.Problems)
			}
			if len(p.Ignored) != len(tc.ignored) {
				t.Errorf("ignored %+v, want lines %v", p.Ignored, tc.ignored)
			}
			for _, e := range p.Ignored {
				if want, ok := tc.ignored[e.Line]; !ok || !strings.Contains(e.Reason, want) {
					t.Errorf("ignored line %d %q: %s; want %q", e.Line, e.Text, e.Reason, want)
				}
			}
			// Without a default sport nothing is used and every event is
			// listed: these calendars name no sport.
			bare, err := Read(path, Options{Week: tc.week, WeekStart: time.Monday, Loc: berlin})
			if err != nil {
				t.Fatal(err)
			}
			if len(bare.Sessions) != 0 || len(bare.Ignored)+len(bare.Problems) == 0 {
				t.Errorf("without Sport: %d sessions, ignored %+v", len(bare.Sessions), bare.Ignored)
			}
			for _, e := range bare.Ignored {
				if !strings.Contains(e.Reason, "no sport word") && !strings.Contains(e.Reason, "all-day event") {
					t.Errorf("without Sport, line %d: %s", e.Line, e.Reason)
				}
			}
		})
	}
}

// sessionsOf describes the sessions as "UTC start | minutes | line".
func sessionsOf(p *Plan) []string {
	var out []string
	for _, s := range p.Sessions {
		out = append(out, s.Activity.Start.UTC().Format(time.RFC3339)+" | "+itoa(int(s.Activity.ElapsedS/60+0.5))+" | "+itoa(s.Line))
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
