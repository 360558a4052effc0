package html

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
	"gainguard/report"
	"gainguard/report/internal/values"
)

// session is one run or lift of an athlete, placed in local time.
type session struct {
	ID, Name   string
	Kind       ingest.Kind // KindRun or KindLift
	Class      string      // run: liss | tempo | hiit | unknown; lift: lower | upper | full | unknown
	Start, End time.Time   // UTC
	// Wall is the local wall-clock start written as a UTC time, so that
	// calendar arithmetic (days, midnights) is plain; WallEnd = Wall + duration.
	Wall, WallEnd time.Time
	DateOnly      bool // lift logged with a date only: 12:00 start assumed
	ZoneS         [5]float64
	NetKcal       float64
}

func (s *session) minutes() float64 { return s.End.Sub(s.Start).Minutes() }

// day is the local calendar date of the start, as midnight UTC.
func (s *session) day() time.Time { return values.DateOf(s.Wall) }

// wallClock returns t's local wall-clock reading as a UTC time.
func wallClock(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// localStart returns start in the athlete's local time for activity id:
// the activity's own offset when its file had one, else the athlete's
// zone (the rule of activities.parquet's local_date), else UTC.
func localStart(id string, start time.Time, acts map[string]*ingest.Activity, params map[string]metrics.Params, athlete string) time.Time {
	if a, ok := acts[id]; ok && a.Start.Equal(start) {
		return report.ActivityLocal(a, params)
	}
	if a, ok := acts[id]; ok && a.HasTZ {
		return a.Local(start)
	}
	if p, ok := params[athlete]; ok && p.Loc != nil {
		return start.In(p.Loc)
	}
	return start.UTC()
}

// athleteSessions returns the runs and lifts of athlete sorted by start.
func athleteSessions(d *report.Dataset, athlete string, acts map[string]*ingest.Activity) []session {
	var ss []session
	for i := range d.Runs {
		r := &d.Runs[i]
		if r.Athlete != athlete || r.Start.IsZero() {
			continue
		}
		sp := metrics.RunSpan(r)
		s := session{ID: r.ActivityID, Name: r.Name, Kind: ingest.KindRun, Class: string(cmp.Or(r.Class, metrics.ClassUnknown)),
			Start: sp.Start, End: sp.End, ZoneS: r.ZoneS, NetKcal: r.NetKcal}
		ss = append(ss, s)
	}
	for i := range d.Lifts {
		l := &d.Lifts[i]
		if l.Athlete != athlete || l.Start.IsZero() {
			continue
		}
		sp := metrics.LiftSpan(l)
		s := session{ID: l.ActivityID, Name: l.Name, Kind: ingest.KindLift, Class: cmp.Or(string(l.Region), "unknown"),
			Start: sp.Start, End: sp.End, DateOnly: l.Precision == ingest.PrecisionDate, NetKcal: l.NetKcal}
		ss = append(ss, s)
	}
	for i := range ss {
		s := &ss[i]
		if s.Name == "" {
			if a, ok := acts[s.ID]; ok {
				s.Name = a.Name
			}
		}
		s.Wall = wallClock(localStart(s.ID, s.Start, acts, d.Params, athlete))
		s.WallEnd = s.Wall.Add(s.End.Sub(s.Start))
	}
	slices.SortStableFunc(ss, func(a, b session) int {
		return cmp.Or(a.Start.Compare(b.Start), strings.Compare(a.ID, b.ID))
	})
	return ss
}

// gapPair is a run and a lift less than 24 h apart.
type gapPair struct {
	Run, Lift *session
	GapH      float64 // between the sessions' edges; 0 when they overlap
	RunFirst  bool
	Risky     bool // under 6 h and the lift loads the legs (lower or full body)
}

// riskyGapH is the gap under which a run next to a leg day is marked.
const riskyGapH = 6.0

// athletePairs is athlete's one list of run–lift pairs as Build stored it
// (Dataset.Pairs, from [metrics.AnalyzeSessions]): the list INT-P scored
// and the timing columns came from.
func athletePairs(d *report.Dataset, athlete string) []metrics.SessionPair {
	return d.Pairs[athlete]
}

// sessionPairs returns, for every lift, the nearest run before it and the
// nearest run after it when less than 24 h away, read from the athlete's
// one pair list (athletePairs: the pairs INT-P scores, runs only; gaps
// between the sessions' edges, overlapping sessions have gap 0). ss are
// the athlete's sessions (athleteSessions), matched to the pairs by id.
// Sorted by the start of the pair's earlier session.
func sessionPairs(ss []session, pairs []metrics.SessionPair) []gapPair {
	runAt, liftAt := map[string]int{}, map[string]int{}
	for i := range ss {
		at := runAt
		if ss[i].Kind == ingest.KindLift {
			at = liftAt
		}
		if _, ok := at[ss[i].ID]; !ok {
			at[ss[i].ID] = i
		}
	}
	type cand struct {
		run, lift int
		pr        metrics.SessionPair
	}
	best := map[[2]int]cand{} // (lift, run first?) → nearest run
	var keys [][2]int
	for _, pr := range pairs {
		ri, rok := runAt[pr.Run.ID]
		li, lok := liftAt[pr.Lift.ID]
		if pr.Cardio || !rok || !lok {
			continue
		}
		key := [2]int{li, 0}
		if pr.RunFirst {
			key[1] = 1
		}
		// Nearest first; on a tie, the earlier session of ss.
		b, ok := best[key]
		if ok && (b.pr.GapH < pr.GapH || (b.pr.GapH == pr.GapH && b.run < ri)) {
			continue
		}
		if !ok {
			keys = append(keys, key)
		}
		best[key] = cand{ri, li, pr}
	}
	out := make([]gapPair, 0, len(keys))
	for _, key := range keys {
		c := best[key]
		l := &ss[c.lift]
		out = append(out, gapPair{Run: &ss[c.run], Lift: l, GapH: c.pr.GapH, RunFirst: c.pr.RunFirst,
			Risky: c.pr.GapH < riskyGapH && (l.Class == string(ingest.RegionLower) || l.Class == string(ingest.RegionFull))})
	}
	slices.SortStableFunc(out, func(a, b gapPair) int {
		return cmp.Or(a.first().Start.Compare(b.first().Start), strings.Compare(a.Lift.ID, b.Lift.ID))
	})
	return out
}

func (p gapPair) first() *session {
	if p.RunFirst {
		return p.Run
	}
	return p.Lift
}

func (p gapPair) second() *session {
	if p.RunFirst {
		return p.Lift
	}
	return p.Run
}

// label is the gap as the timeline shows it: "0.2 h", "12 h", "~3.5 h"
// when a date-only lift's start is assumed.
func (p gapPair) label() string {
	s := formatHours(p.GapH)
	if p.Lift.DateOnly {
		s = "~" + s
	}
	return s
}

func formatHours(h float64) string {
	if h < 10 {
		return strconv.FormatFloat(h, 'f', 1, 64) + " h"
	}
	return strconv.FormatFloat(math.Round(h), 'f', 0, 64) + " h"
}

// describe says what the pair is from the run's point of view:
// "60-min run 0.2 h before lower-body lift".
func (p gapPair) describe() string {
	dir := "after"
	if p.RunFirst {
		dir = "before"
	}
	return fmt.Sprintf("%s-min run %s %s %s", formatScore(p.Run.minutes()), p.label(), dir, regionText(p.Lift.Class)+" lift")
}

func regionText(c string) string {
	switch c {
	case "lower", "upper", "full":
		return c + "-body"
	}
	return "unknown-region"
}

func classText(c string) string {
	switch c {
	case "liss":
		return "LISS (easy)"
	case "tempo":
		return "tempo"
	case "hiit":
		return "HIIT"
	}
	return "unclassified"
}

// sessionCode is the one-letter code drawn inside a bar (the legend
// explains them), so that colour is not the only cue.
func sessionCode(s *session) string {
	if s.Kind == ingest.KindLift {
		switch s.Class {
		case "lower":
			return "L"
		case "upper":
			return "U"
		case "full":
			return "F"
		}
		return "?"
	}
	switch s.Class {
	case "liss":
		return "E"
	case "tempo":
		return "T"
	case "hiit":
		return "H"
	}
	return "?"
}

// sessionTitle is a session's tooltip: "Mon 2026-03-04 18:00–19:00 ·
// run “Evening Run” · 60 min · tempo".
func sessionTitle(s *session) string {
	var b strings.Builder
	b.WriteString(s.Wall.Format("Mon 2006-01-02 15:04"))
	b.WriteString("–")
	b.WriteString(s.WallEnd.Format("15:04"))
	b.WriteString(" · ")
	b.WriteString(string(s.Kind))
	if s.Name != "" {
		b.WriteString(" “" + bidiIsolate(s.Name) + "”")
	}
	b.WriteString(" · " + formatScore(s.minutes()) + " min · ")
	if s.Kind == ingest.KindLift {
		b.WriteString(regionText(s.Class))
		if s.DateOnly {
			b.WriteString(" · date only: 12:00 start assumed")
		}
	} else {
		b.WriteString(classText(s.Class))
	}
	return b.String()
}

// Timeline layout, in SVG user units: one row per day, a lift lane on
// top, a run lane below, and the band between them for same-day gaps.
const (
	tlW      = 560
	tlLeft   = 68.0
	tlRight  = 14.0
	tlTop    = 26.0
	tlRowH   = 50.0
	tlBottom = 4.0
	tlLaneH  = 15.0
	tlLiftY  = 4.0  // lift lane top, within a row
	tlRunY   = 31.0 // run lane top
	tlMidY   = 25.0 // same-day gap line
)

func tlHourW() float64 { return (tlW - tlLeft - tlRight) / 24 }

// tlX is the x of local hour h (0–24).
func tlX(h float64) float64 { return tlLeft + h*tlHourW() }

func tlRowY(day int) float64 { return tlTop + float64(day)*tlRowH }

func laneTop(k ingest.Kind) float64 {
	if k == ingest.KindLift {
		return tlLiftY
	}
	return tlRunY
}

// hourOf returns the hours since midnight of a wall-clock time.
func hourOf(wall time.Time) float64 { return wall.Sub(values.DateOf(wall)).Hours() }

// dayIndex returns the row of a wall-clock time in the week starting at
// weekStart (a date at midnight UTC); outside 0–6 when not in the week.
func dayIndex(wall, weekStart time.Time) int {
	return int(math.Floor(wall.Sub(weekStart).Hours() / 24))
}

// buildTimeline draws the week starting at weekStart (a date as midnight
// UTC): seven day rows in the week's order, the week's sessions as bars
// (split at midnight), and the gaps of pairs whose ends both fall in the
// week.
func buildTimeline(id string, weekStart time.Time, ss []session, pairs []gapPair) *svgFig {
	h := int(tlTop + 7*tlRowH + tlBottom)
	f := &svgFig{ID: id, Class: "chart timeline", W: tlW, H: h}
	weekEnd := weekStart.AddDate(0, 0, 7)
	right := tlX(24)
	for d := range 7 {
		y := tlRowY(d)
		if d%2 == 1 {
			f.rect("tl-alt", tlLeft, y, right-tlLeft, tlRowH, "")
		}
		day := weekStart.AddDate(0, 0, d)
		f.text("tl-day", tlLeft-6, y+tlMidY+4, "end", day.Format("Mon 2"))
	}
	for hr := 0; hr <= 24; hr += 3 {
		class := "grid tl-minor"
		if hr%6 == 0 {
			class = "grid"
			f.text("tl-hour", tlX(float64(hr)), tlTop-8, "middle", fmt.Sprintf("%02d", hr))
		}
		f.line(class, tlX(float64(hr)), tlTop, tlX(float64(hr)), tlRowY(7))
	}
	f.line("tl-base", tlLeft, tlRowY(7), right, tlRowY(7))

	// Gap lines go under the bars, their labels over them.
	bars, lines, labels := &svgFig{}, &svgFig{}, &svgFig{}
	var nRuns, nLifts int
	for i := range ss {
		s := &ss[i]
		if s.Wall.Before(weekStart) && !s.WallEnd.After(weekStart) || !s.Wall.Before(weekEnd) {
			continue
		}
		if !s.Wall.Before(weekStart) {
			if s.Kind == ingest.KindRun {
				nRuns++
			} else {
				nLifts++
			}
		}
		title := sessionTitle(s)
		code := sessionCode(s)
		class := "tl-" + string(s.Kind) + " tl-" + string(s.Kind) + "-" + s.Class
		if s.DateOnly {
			class += " tl-dateonly"
		}
		// Split at local midnights.
		for cur := s.Wall; ; {
			next := values.DateOf(cur).AddDate(0, 0, 1)
			end := s.WallEnd
			if end.After(next) {
				end = next
			}
			if d := dayIndex(cur, weekStart); d >= 0 && d < 7 {
				x0, x1 := tlX(hourOf(cur)), tlX(hourOf(cur)+end.Sub(cur).Hours())
				w := math.Max(x1-x0, 2)
				y := tlRowY(d) + laneTop(s.Kind)
				bars.rect(class, x0, y, w, tlLaneH, title).key = s.ID
				if w >= 9 {
					bars.text("tl-code", x0+w/2, y+tlLaneH-4, "middle", code).key = s.ID
				}
			}
			if !s.WallEnd.After(next) {
				break
			}
			cur = next
		}
	}

	var close, shown int
	for _, p := range pairs {
		a, b := p.first(), p.second()
		// The gap runs from the end of the first session to the start of the second.
		da, db := dayIndex(a.WallEnd, weekStart), dayIndex(b.Wall, weekStart)
		if hourOf(a.WallEnd) == 0 && a.WallEnd.After(a.Wall) {
			da-- // ends exactly at midnight: draw at 24:00 of its own day
		}
		if da < 0 || da > 6 || db < 0 || db > 6 {
			continue
		}
		shown++
		if p.Risky {
			close++
		}
		xa, xb := tlX(hourOf(a.WallEnd)), tlX(hourOf(b.Wall))
		if hourOf(a.WallEnd) == 0 && a.WallEnd.After(a.Wall) {
			xa = tlX(24)
		}
		class, lclass := "gap", "gap-label"
		if p.Risky {
			class, lclass = "gap gap-risky", "gap-label gap-label-risky"
		}
		key := p.Run.ID + "|" + p.Lift.ID
		if da == db {
			y0 := tlRowY(da)
			mid := y0 + tlMidY
			edge := func(s *session) float64 {
				if s.Kind == ingest.KindLift {
					return y0 + tlLiftY + tlLaneH
				}
				return y0 + tlRunY
			}
			lines.line(class, xa, edge(a), xa, mid).key = key
			lines.line(class, xa, mid, xb, mid).key = key
			lines.line(class, xb, mid, xb, edge(b)).key = key
			lx, anchor := math.Max(xa, xb)+4, "start"
			if lx > right-34 {
				lx, anchor = math.Min(xa, xb)-4, "end"
			}
			labels.text(lclass+" halo", lx, mid+4, anchor, p.label()).key = key
		} else {
			ya := tlRowY(da) + laneTop(a.Kind) + tlLaneH/2
			yb := tlRowY(db) + laneTop(b.Kind) + tlLaneH/2
			lines.line(class, xa, ya, xb, yb).key = key
			labels.text(lclass+" halo", (xa+xb)/2, (ya+yb)/2+4, "middle", p.label()).key = key
		}
	}
	f.Els = slices.Concat(f.Els, lines.Els, bars.Els, labels.Els)

	f.Title = "Sessions of the week " + weekStart.Format(time.DateOnly) + " by day and local time"
	f.Desc = fmt.Sprintf("%s and %s on a 24-hour axis, one row per day from %s to %s; "+
		"lifts in the upper lane, runs in the lower lane. %s drawn, %s under 6 h next to a lower- or full-body lift. "+
		"The table of sessions after the chart lists the same.",
		values.Plural(nLifts, "lift", "lifts"), values.Plural(nRuns, "run", "runs"),
		weekStart.Format("Mon 2006-01-02"), weekStart.AddDate(0, 0, 6).Format("Mon 2006-01-02"),
		values.Plural(shown, "run–lift gap under 24 h", "run–lift gaps under 24 h"), values.Plural(close, "gap", "gaps"))
	return f
}
