package fit

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"gainguard/ingest"

	"github.com/muktihari/fit/profile/typedef"
)

// absLimit is the earliest time a FIT date_time can denote; smaller raw
// values are device-relative.
var absLimit = fitTime(minAbsTime)

// build turns what the collector gathered into activities, or explains why
// there are none.
func (c *collector) build(notes []string) (ingest.Decoded, error) {
	notes = c.mergeHRs(notes)
	c.resolveExercises()
	c.dropNonActivitySessions()
	if c.sawRelative {
		notes = c.fixRelativeTimes(notes)
	}

	notes = c.startsFromRecords(notes)

	// Sessions we can place in time, by chained file and start.
	sess := make([]session, 0, len(c.sessions))
	for _, s := range c.sessions {
		if !s.start.IsZero() && !s.start.Before(absLimit) && !s.end.Before(s.start) {
			sess = append(sess, s)
		}
	}
	if n := len(c.sessions) - len(sess); n > 0 {
		notes = append(notes, fmt.Sprintf("%d session(s) without a usable start time dropped", n))
	}
	sort.SliceStable(sess, func(i, j int) bool {
		if sess[i].seg != sess[j].seg {
			return sess[i].seg < sess[j].seg
		}
		return sess[i].start.Before(sess[j].start)
	})

	sess = dedupe(sess, &notes)

	if c.err != nil {
		// Keep only sessions whose data was fully read before the damage.
		complete := c.completeSessions(sess)
		var incomplete []session
		kept := sess[:0]
		for i := range sess {
			if complete[i] {
				kept = append(kept, sess[i])
			} else {
				incomplete = append(incomplete, sess[i])
			}
		}
		if n := len(incomplete); n > 0 {
			notes = append(notes, fmt.Sprintf("%d incomplete session(s) dropped", n))
		}
		sess = kept
		if len(sess) == 0 {
			if len(c.sessions) == 0 && len(c.body) > 0 && c.isWeightFile() {
				notes = append(notes, fmt.Sprintf("decoding stopped early (%s: %v); kept %d weight-scale reading(s)",
					reasonOf(c.err), c.err, len(c.body)))
				return c.bodyOnly(notes), nil
			}
			if c.noActivityReason() != "" {
				return ingest.Decoded{}, &FormatError{Format: "fit", What: reasonOf(c.err), Err: c.err}
			}
			// Cut short before any complete session: the records read
			// are the activity, flagged by the note.
			a := c.derivedActivity()
			if n := len(a.Samples); fixStrayStart(&a) != "" {
				notes = append(notes, fmt.Sprintf("%d stray record(s) more than 6 h from the main block dropped", n-len(a.Samples)))
			}
			if len(incomplete) > 0 {
				s := &incomplete[0]
				a.Sport, a.SubSport, a.Name = sportName(s.sport), subSportName(s.subSport), c.nameFor(s)
				a.Kind = ingest.Classify(a.Sport, a.SubSport, strengthSets(a.Sets))
				a.SportSource = ""
				if a.Sport != "" && a.Sport != "generic" {
					a.SportSource = ingest.SportSourceDevice
				}
			}
			notes = append(notes, fmt.Sprintf("file cut short (%s: %v) before a complete session: activity derived from the %d records read (%.0f s)",
				reasonOf(c.err), c.err, len(a.Samples), a.ElapsedS))
			if note := ingest.SanitizeHR(&a); note != "" {
				notes = append(notes, note)
			}
			return c.finish([]ingest.Activity{a}, notes), nil
		}
		notes = append(notes, fmt.Sprintf("decoding stopped early (%s: %v); kept %d complete session(s)",
			reasonOf(c.err), c.err, len(sess)))
	}

	var acts []ingest.Activity
	switch {
	case len(sess) > 0:
		acts = c.sessionActivities(sess, &notes)
	case len(c.sessions) == 0:
		if reason := c.noActivityReason(); reason != "" {
			if len(c.body) > 0 && c.isWeightFile() {
				return c.bodyOnly(notes), nil
			}
			return ingest.Decoded{}, ingest.Skip(reason)
		}
		acts = []ingest.Activity{c.derivedActivity()}
		notes = append(notes, "no session message; summary derived from records")
		if note := ingest.SanitizeHR(&acts[0]); note != "" {
			notes = append(notes, note)
		}
	default:
		if c.sawRelative && !c.relMapped() {
			// Seconds since the device was switched on are no date: two
			// runs would share one. Without the activity message's
			// local_timestamp to anchor them, the file cannot be placed.
			return ingest.Decoded{}, ingest.Skip("FIT activity file has a device-relative clock (seconds since power-on) and no activity message with a local time to date it")
		}
		return ingest.Decoded{}, ingest.Skip("FIT activity file holds no session with a usable start time")
	}
	return c.finish(acts, notes), nil
}

// finish numbers the activities and adds the notes that apply to every
// result.
func (c *collector) finish(acts []ingest.Activity, notes []string) ingest.Decoded {
	if c.recordsNoTime > 0 {
		notes = append(notes, fmt.Sprintf("%d record(s) without a usable timestamp dropped", c.recordsNoTime))
	}
	for i := range acts {
		acts[i].Format = "fit"
		acts[i].Index = i
		acts[i].Precision = ingest.PrecisionExact
	}
	if n := c.bodyDropped; n > 0 && len(c.body) > 0 {
		notes = append(notes, fmt.Sprintf("%d weight-scale reading(s) without a time or value dropped", n))
	}
	return ingest.Decoded{Activities: acts, Body: c.body, Notes: notes}
}

// isWeightFile reports whether the file is a smart scale's weight file (by
// its file type, or by weight_scale messages and no timed records).
func (c *collector) isWeightFile() bool {
	return c.fileType() == typedef.FileWeight || (c.weightScales > 0 && len(c.samples) == 0)
}

// bodyOnly is the result for a weight-scale file: no activity, one body
// measurement per usable weight_scale message, in time order.
func (c *collector) bodyOnly(notes []string) ingest.Decoded {
	slices.SortStableFunc(c.body, func(a, b ingest.BodyMeasurement) int { return a.Time.Compare(b.Time) })
	if c.bodyDropped > 0 {
		notes = append(notes, fmt.Sprintf("%d weight-scale reading(s) without a time or value dropped", c.bodyDropped))
	}
	return ingest.Decoded{Body: c.body, Notes: notes}
}

// fileType is the type of the first chained file that has a file_id.
func (c *collector) fileType() typedef.File {
	for _, sg := range c.segs {
		if sg.fileType != typedef.FileInvalid {
			return sg.fileType
		}
	}
	return typedef.FileInvalid
}

// dropNonActivitySessions ignores session messages in chained FIT files
// that say they are not activities (a course or workout file), so that
// planned sessions are not taken for recorded ones.
func (c *collector) dropNonActivitySessions() {
	kept := c.sessions[:0]
	for _, s := range c.sessions {
		if s.seg >= 0 && s.seg < len(c.segs) {
			switch c.segs[s.seg].fileType {
			case typedef.FileActivity, typedef.FileActivitySummary, typedef.FileInvalid:
			default:
				continue
			}
		}
		kept = append(kept, s)
	}
	c.sessions = kept
}

// dedupe drops sessions repeated verbatim in a later chained FIT file (the
// same recording appended twice): same start, sport, sub-sport and elapsed
// time.
func dedupe(sess []session, notes *[]string) []session {
	type key struct {
		start         int64
		sport         typedef.Sport
		subSport      typedef.SubSport
		elapsedMillis int64
	}
	seen := make(map[key]int, len(sess))
	kept := sess[:0]
	for _, s := range sess {
		k := key{s.start.Unix(), s.sport, s.subSport, -1}
		if !math.IsNaN(s.elapsed) {
			k.elapsedMillis = int64(math.Round(s.elapsed * 1000))
		}
		if seg, dup := seen[k]; dup && seg != s.seg {
			continue
		}
		seen[k] = s.seg
		kept = append(kept, s)
	}
	if n := len(sess) - len(kept); n > 0 {
		*notes = append(*notes, fmt.Sprintf("%d duplicate session(s) from a repeated chained FIT file dropped", n))
	}
	return kept
}

// fixRelativeTimes maps device-relative times to local wall-clock time in
// chained files whose activity message gives the mapping, and drops
// records, laps and sets whose time stays unknown.
func (c *collector) fixRelativeTimes(notes []string) []string {
	shift := func(seg int, t time.Time) (time.Time, bool) {
		if !t.Before(absLimit) {
			return t, true
		}
		if seg < 0 || seg >= len(c.segs) || !c.segs[seg].hasRelMap {
			return t, false
		}
		return t.Add(time.Duration(c.segs[seg].relToLocal) * time.Second), true
	}
	mapped := false
	for i := range c.segs {
		if c.segs[i].hasRelMap {
			mapped = true
			// The mapping gives local wall-clock time only: the activity
			// is floating (ingest.Activity.Floating) until the batch's
			// consumer places it in the athlete's zone. It claims no zone
			// of its own (an offset of 0 would pass for UTC).
			c.segs[i].tzOffsetS, c.segs[i].hasTZ = 0, false
			c.segs[i].floating = true
		}
	}
	// Samples: shift in place, compacting away those left without a date.
	out := c.samples[:0]
	for si := range c.segs {
		a := c.segs[si].firstSample
		b := len(c.samples)
		if si+1 < len(c.segs) {
			b = c.segs[si+1].firstSample
		}
		c.segs[si].firstSample = len(out)
		for _, s := range c.samples[a:b] {
			t, ok := shift(si, s.Time)
			if !ok {
				c.recordsNoTime++
				continue
			}
			s.Time = t
			out = append(out, s)
		}
	}
	// Session arrival positions refer to the uncompacted slice; they only
	// matter after a decoding error, and relative-time files are rare,
	// so recount them conservatively.
	if len(out) != len(c.samples) {
		for i := range c.sessions {
			c.sessions[i].samplesBefore = min(c.sessions[i].samplesBefore, len(out))
		}
	}
	c.samples = out
	for i := range c.sessions {
		s := &c.sessions[i]
		if s.start.IsZero() {
			if !s.end.IsZero() {
				if en, ok := shift(s.seg, s.end); ok {
					s.end = en
				} else {
					s.end = time.Time{}
				}
			}
			continue
		}
		st, ok1 := shift(s.seg, s.start)
		en, ok2 := shift(s.seg, s.end)
		if ok1 && ok2 {
			s.start, s.end = st, en
		} else {
			s.start, s.end = time.Time{}, time.Time{}
		}
	}
	laps := c.laps[:0]
	for _, l := range c.laps {
		if t, ok := shift(l.seg, l.lap.Start); ok {
			l.lap.Start = t
			laps = append(laps, l)
		}
	}
	c.laps = laps
	sets := c.sets[:0]
	for _, p := range c.sets {
		if t, ok := shift(p.seg, p.set.Start); ok {
			p.set.Start = t
			sets = append(sets, p)
		}
	}
	c.sets = sets
	if mapped {
		notes = append(notes, "device clock has no UTC reference: times are local wall-clock time, placed in the athlete's time zone")
	}
	return notes
}

// resolveExercises names active sets that carry no category after an
// exercise_title: the one their workout step points at, else the one
// preceding them. Rest sets stay unnamed.
func (c *collector) resolveExercises() {
	for i := range c.sets {
		p := &c.sets[i]
		if p.set.Exercise == "" && p.set.Type == ingest.SetActive && len(c.titles) > 0 {
			if p.wktStep != 0xFFFF {
				step := p.wktStep & uint16(typedef.MessageIndexMask)
				for _, t := range c.titles {
					if t.index == step {
						p.set.Exercise = t.name
						break
					}
				}
			}
			if p.set.Exercise == "" && p.hasTitle {
				p.set.Exercise = c.titles[p.prevTitle].name
			}
		}
		p.set.Region = ingest.RegionOf(p.set.Exercise)
	}
}

// completeSessions reports, for sessions sorted by chained file and start,
// which ones were fully read before a decoding error: those whose session
// message came after all of their records (the usual order: data, then
// summary), or whose records reach the session's end (summary-first files).
func (c *collector) completeSessions(sess []session) []bool {
	type seen struct {
		before, after bool
		last          time.Time
	}
	st := make([]seen, len(sess))
	for _, g := range c.groups(sess) {
		group := sess[g.lo:g.hi]
		for i := g.first; i < g.last; i++ { // arrival order: not yet sorted
			t := c.samples[i].Time
			j := sessionAt(group, t)
			if j < 0 {
				continue
			}
			j += g.lo
			if i < sess[j].samplesBefore {
				st[j].before = true
			} else {
				st[j].after = true
			}
			if t.After(st[j].last) {
				st[j].last = t
			}
		}
	}
	const slack = time.Minute
	out := make([]bool, len(sess))
	for j, s := range sess {
		switch {
		case st[j].before && !st[j].after:
			out[j] = true
		case (st[j].before || st[j].after) && !st[j].last.Before(s.end.Add(-slack)):
			out[j] = true
		}
	}
	return out
}

// group is the run of sessions (sess[lo:hi]) of one chained FIT file and
// that file's samples (c.samples[first:last]).
type group struct{ lo, hi, first, last int }

func (c *collector) groups(sess []session) []group {
	var gs []group
	for lo := 0; lo < len(sess); {
		hi := lo + 1
		for hi < len(sess) && sess[hi].seg == sess[lo].seg {
			hi++
		}
		first, last := 0, len(c.samples)
		if sg := sess[lo].seg; sg >= 0 && sg < len(c.segs) {
			first = c.segs[sg].firstSample
			if sg+1 < len(c.segs) {
				last = c.segs[sg+1].firstSample
			}
		}
		gs = append(gs, group{lo: lo, hi: hi, first: first, last: last})
		lo = hi
	}
	return gs
}

// sessionAt returns the index of the latest-starting session in sess
// (sorted by start) whose span contains t, or -1.
func sessionAt(sess []session, t time.Time) int {
	j := sort.Search(len(sess), func(i int) bool { return sess[i].start.After(t) }) - 1
	for k := 0; j >= 0 && k < 4; j, k = j-1, k+1 { // overlapping sessions are rare
		if !t.After(sess[j].end) {
			return j
		}
	}
	return -1
}

func byTime(a, b ingest.Sample) int { return a.Time.Compare(b.Time) }

// sessionActivities makes one activity per session. Each session takes the
// records, laps and sets of its own chained FIT file that fall in its span
// [start_time, end]; back-to-back sessions (multisport) split at the next
// session's start.
func (c *collector) sessionActivities(sess []session, notes *[]string) []ingest.Activity {
	acts := make([]ingest.Activity, len(sess))
	for i := range acts {
		acts[i].RPE = math.NaN() // FIT sessions carry no RPE gainguard reads
	}
	covered := 0
	groups := c.groups(sess)
	for _, g := range groups {
		samples := c.samples[g.first:g.last]
		if !slices.IsSortedFunc(samples, byTime) {
			slices.SortStableFunc(samples, byTime)
		}
		prevHi := 0
		for j := g.lo; j < g.hi; j++ {
			s := &sess[j]
			// Records carry whole seconds; the end computed from a
			// millisecond elapsed time is rounded up to include the last one.
			end := s.end.Truncate(time.Second)
			if end.Before(s.end) {
				end = end.Add(time.Second)
			}
			lo, _ := slices.BinarySearchFunc(samples, s.start, func(x ingest.Sample, t time.Time) int { return x.Time.Compare(t) })
			hi := lo + sort.Search(len(samples)-lo, func(k int) bool { return samples[lo+k].Time.After(end) })
			if j+1 < g.hi && !sess[j+1].start.After(end) {
				next, _ := slices.BinarySearchFunc(samples, sess[j+1].start, func(x ingest.Sample, t time.Time) int { return x.Time.Compare(t) })
				hi = max(lo, min(hi, next))
			}
			if hi > prevHi {
				covered += hi - max(lo, prevHi)
				prevHi = hi
			}
			a := &acts[j]
			if hi > lo {
				a.Samples = samples[lo:hi:hi]
			}
			c.fillFromSession(a, s)
		}
	}
	if n := len(c.samples) - covered; n > 0 {
		*notes = append(*notes, fmt.Sprintf("%d record(s) outside any session dropped", n))
	}
	segGroup := func(seg int) (group, bool) {
		for _, g := range groups {
			if sess[g.lo].seg == seg {
				return g, true
			}
		}
		return group{}, false
	}
	for _, l := range c.laps {
		if g, ok := segGroup(l.seg); ok {
			if j := sessionAt(sess[g.lo:g.hi], l.lap.Start); j >= 0 {
				acts[g.lo+j].Laps = append(acts[g.lo+j].Laps, l.lap)
			}
		}
	}
	for _, p := range c.sets {
		if g, ok := segGroup(p.seg); ok {
			if j := sessionAt(sess[g.lo:g.hi], p.set.Start); j >= 0 {
				acts[g.lo+j].Sets = append(acts[g.lo+j].Sets, p.set)
			}
		}
	}
	for i := range acts {
		a := &acts[i]
		if note := fixStrayStart(a); note != "" {
			*notes = append(*notes, note)
		}
		a.Kind = ingest.Classify(a.Sport, a.SubSport, strengthSets(a.Sets))
		// Implausible heart rates go; missing averages and maxima come
		// from the samples.
		if note := ingest.SanitizeHR(a); note != "" {
			*notes = append(*notes, note)
		}
	}
	// Activities in time order; chained files keep file order on ties.
	sort.SliceStable(acts, func(i, j int) bool { return acts[i].Start.Before(acts[j].Start) })
	return acts
}

// fixStrayStart repairs sessions whose start_time is days before the
// recording (a Magellan unit wrote a 27-day session after a few stray
// records): when a session claims more than a day and its records fall
// into clusters separated by more than 6 hours, the largest cluster is the
// activity. It returns a note when it changed a.
func fixStrayStart(a *ingest.Activity) string {
	const maxSpan, maxGap = 24 * time.Hour, 6 * time.Hour
	if a.ElapsedS < maxSpan.Seconds() || len(a.Samples) < 2 {
		return ""
	}
	bestLo, bestHi, lo := 0, 0, 0
	for i := 1; i <= len(a.Samples); i++ {
		if i == len(a.Samples) || a.Samples[i].Time.Sub(a.Samples[i-1].Time) > maxGap {
			if i-lo > bestHi-bestLo {
				bestLo, bestHi = lo, i
			}
			lo = i
		}
	}
	if bestLo == 0 && bestHi == len(a.Samples) {
		return ""
	}
	old := a.Start
	first, last := a.Samples[bestLo].Time, a.Samples[bestHi-1].Time
	dropped := len(a.Samples) - (bestHi - bestLo)
	a.Samples = a.Samples[bestLo:bestHi:bestHi]
	a.Start = first
	a.ElapsedS = last.Sub(first).Seconds()
	a.TimerS = min(a.TimerS, a.ElapsedS)
	laps := a.Laps[:0]
	for _, l := range a.Laps {
		if !l.Start.Before(first) && !l.Start.After(last) {
			laps = append(laps, l)
		}
	}
	a.Laps = laps
	return fmt.Sprintf("session start %s lies %s before its main block of records; start and elapsed time taken from the records (%d stray record(s) dropped)",
		old.Format(time.RFC3339), first.Sub(old).Round(time.Hour), dropped)
}

func (c *collector) fillFromSession(a *ingest.Activity, s *session) {
	a.Sport = sportName(s.sport)
	a.SubSport = subSportName(s.subSport)
	a.Name = c.nameFor(s)
	if a.Sport != "" && a.Sport != "generic" {
		a.SportSource = ingest.SportSourceDevice
	}
	a.Start = s.start
	a.ElapsedS = s.elapsed
	if math.IsNaN(a.ElapsedS) {
		a.ElapsedS = s.end.Sub(s.start).Seconds()
	}
	a.TimerS = s.timer
	if math.IsNaN(a.TimerS) {
		a.TimerS = a.ElapsedS
	}
	a.DistanceM = s.distance
	a.Calories = s.calories
	a.AvgHR, a.MaxHR = s.avgHR, s.maxHR
	c.fillDevice(a, s.seg)
}

// fillDevice sets the device and time zone from the chained FIT file the
// session came from, or from the first one that has them.
func (c *collector) fillDevice(a *ingest.Activity, seg int) {
	pick := func(ok func(*segment) bool) *segment {
		if seg >= 0 && seg < len(c.segs) && ok(&c.segs[seg]) {
			return &c.segs[seg]
		}
		for i := range c.segs {
			if ok(&c.segs[i]) {
				return &c.segs[i]
			}
		}
		return nil
	}
	if sg := pick(func(s *segment) bool { return s.manufacturer != "" || s.product != "" }); sg != nil {
		a.Manufacturer, a.Product = sg.manufacturer, sg.product
	}
	if seg >= 0 && seg < len(c.segs) && c.segs[seg].floating {
		a.Floating = true
		return
	}
	if sg := pick(func(s *segment) bool { return s.hasTZ }); sg != nil {
		a.TZOffsetS, a.HasTZ = sg.tzOffsetS, true
	}
}

// nameFor picks a user-visible title: the structured workout's name when
// the session followed one, else the sport (profile) message's name.
func (c *collector) nameFor(s *session) string {
	if s.seg >= 0 && s.seg < len(c.segs) {
		ws := c.segs[s.seg].workouts
		if len(ws) == 1 && (ws[0].sport == typedef.SportInvalid || ws[0].sport == s.sport) {
			return ws[0].name
		}
	}
	var only string
	n := 0
	for _, sp := range c.sports {
		if sp.name == "" || (s.seg >= 0 && sp.seg != s.seg) {
			continue
		}
		if sp.sport == s.sport && (sp.subSport == s.subSport || sp.subSport == typedef.SubSportInvalid) {
			return sp.name
		}
		only, n = sp.name, n+1
	}
	if n == 1 {
		return only
	}
	return s.profileName
}

// noActivityReason explains why a file without session messages yields
// no activity, or returns "" when its records make one.
func (c *collector) noActivityReason() string {
	fileType := c.fileType()
	switch {
	case c.isWeightFile():
		return "weight-scale file holds no reading with a time and a weight"
	case fileType != typedef.FileActivity && fileType != typedef.FileInvalid:
		return fmt.Sprintf("FIT file type %s holds no activity", fileTypeName(fileType))
	case c.recordMesgs == 0:
		return "FIT activity file holds no session and no records"
	case len(c.samples) == 0:
		return "FIT activity file holds no session and its records have no timestamps"
	case len(c.samples) == 1:
		return "FIT activity file holds no session and only 1 timestamped record"
	case !c.samples[len(c.samples)-1].Time.After(c.samples[0].Time):
		return "FIT activity file holds no session and its records span no time"
	}
	return ""
}

// derivedActivity builds one activity from the records of a file whose
// recording stopped before its session message was written.
func (c *collector) derivedActivity() ingest.Activity {
	if !slices.IsSortedFunc(c.samples, byTime) {
		slices.SortStableFunc(c.samples, byTime)
	}
	a := ingest.Activity{
		RPE:       math.NaN(), // not logged
		Samples:   c.samples,
		DistanceM: math.NaN(),
		Calories:  math.NaN(),
	}
	first, last := c.samples[0].Time, c.samples[len(c.samples)-1].Time
	a.Start = first
	a.ElapsedS = last.Sub(first).Seconds()
	a.TimerS = a.ElapsedS
	for i := len(c.samples) - 1; i >= 0; i-- {
		if d := c.samples[i].DistanceM; !math.IsNaN(d) {
			a.DistanceM = d
			break
		}
	}
	a.AvgHR, a.MaxHR = math.NaN(), math.NaN() // from the samples, by SanitizeHR in build
	if len(c.sports) > 0 {
		sp := c.sports[0]
		a.Sport, a.SubSport, a.Name = sportName(sp.sport), subSportName(sp.subSport), sp.name
	}
	if a.Sport != "" && a.Sport != "generic" {
		a.SportSource = ingest.SportSourceDevice
	}
	for _, l := range c.laps {
		a.Laps = append(a.Laps, l.lap)
	}
	for _, p := range c.sets {
		a.Sets = append(a.Sets, p.set)
	}
	a.Kind = ingest.Classify(a.Sport, a.SubSport, strengthSets(a.Sets))
	c.fillDevice(&a, 0)
	return a
}

// strengthSets reports whether sets show strength work: an active set
// with an exercise, repetitions or a weight. A lone "set" covering a yoga
// session (Garmin writes those) does not make the session a lift.
func strengthSets(sets []ingest.Set) bool {
	for _, s := range sets {
		if s.Type == ingest.SetActive && (s.Exercise != "" || s.Reps > 0 || s.WeightKg > 0) {
			return true
		}
	}
	return false
}

// mergeHRs merges each chained FIT file's hr messages into its records
// (see mergeHR) and notes how many records gained a heart rate.
func (c *collector) mergeHRs(notes []string) []string {
	if len(c.hrs) == 0 {
		return notes
	}
	// span returns the samples of chained file sg.
	span := func(sg int) (int, int) {
		first, last := 0, len(c.samples)
		if sg >= 0 && sg < len(c.segs) {
			first = c.segs[sg].firstSample
			if sg+1 < len(c.segs) {
				last = c.segs[sg+1].firstSample
			}
		}
		return first, last
	}
	// Garmin watches append a recording's hr messages as further chained
	// files without records: those go with the last file before them
	// that has records, as the SDK (which merges over the whole chain)
	// does.
	target := func(sg int) int {
		for t := sg; t >= 0; t-- {
			if a, b := span(t); b > a {
				return t
			}
		}
		return sg
	}
	added, failed := 0, 0
	for lo := 0; lo < len(c.hrs); {
		tg := target(c.hrs[lo].seg)
		hi := lo + 1
		for hi < len(c.hrs) && target(c.hrs[hi].seg) == tg {
			hi++
		}
		first, last := span(tg)
		n, err := mergeHR(c.samples[first:last], c.hrs[lo:hi])
		if err != nil {
			failed += hi - lo
		}
		added += n
		lo = hi
	}
	if added > 0 {
		notes = append(notes, fmt.Sprintf("heart rate from hr messages merged into %d of the records", added))
	}
	if failed > 0 {
		notes = append(notes, fmt.Sprintf("%d hr message(s) not merged: %v", failed, errHRMesgs))
	}
	c.hrs = nil
	return notes
}

// startsFromRecords gives sessions without a start time the time of their
// first record: the first record of their chained FIT file after the end
// of the file's previous session and not after the session's own
// timestamp (its end). A session with neither a start nor a timestamp
// takes its file's records only when it is the file's only session. The
// elapsed time, when missing, runs to the session's timestamp or last
// record.
func (c *collector) startsFromRecords(notes []string) []string {
	// Real files hold a few sessions; a hostile one with thousands of
	// start-less sessions must not cost sessions × records.
	const maxRepairs = 16
	fixed, tried := 0, 0
	for i := range c.sessions {
		s := &c.sessions[i]
		if !s.start.IsZero() {
			continue
		}
		if tried++; tried > maxRepairs {
			break
		}
		first, last := 0, len(c.samples)
		if s.seg >= 0 && s.seg < len(c.segs) {
			first = c.segs[s.seg].firstSample
			if s.seg+1 < len(c.segs) {
				last = c.segs[s.seg+1].firstSample
			}
		}
		var after time.Time // end of the file's previous session
		others := 0
		for j := range c.sessions {
			o := &c.sessions[j]
			if j == i || o.seg != s.seg {
				continue
			}
			others++
			if !o.end.IsZero() && (s.end.IsZero() || o.end.Before(s.end)) && o.end.After(after) {
				after = o.end
			}
		}
		if s.end.IsZero() && others > 0 {
			continue
		}
		var lo, hi time.Time
		for _, smp := range c.samples[first:last] {
			t := smp.Time
			if t.Before(absLimit) || !t.After(after) || (!s.end.IsZero() && t.After(s.end)) {
				continue
			}
			if lo.IsZero() || t.Before(lo) {
				lo = t
			}
			if t.After(hi) {
				hi = t
			}
		}
		if lo.IsZero() {
			continue
		}
		s.start = lo
		if s.end.IsZero() {
			s.end = hi
		}
		if math.IsNaN(s.elapsed) {
			s.elapsed = s.end.Sub(s.start).Seconds()
		}
		fixed++
	}
	if fixed > 0 {
		notes = append(notes, fmt.Sprintf("start time of %d session(s) taken from their first record", fixed))
	}
	return notes
}

// relMapped reports whether some chained file maps its device-relative
// times to wall-clock time.
func (c *collector) relMapped() bool {
	for i := range c.segs {
		if c.segs[i].hasRelMap {
			return true
		}
	}
	return false
}
