package tcx

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"gainguard/ingest"
)

// lapRaw is one <Lap> as read; missing values are NaN.
type lapRaw struct {
	start            time.Time
	startOK          bool
	total, dist, cal float64
	avgHR, maxHR     float64
}

func newLapRaw() *lapRaw {
	n := math.NaN()
	return &lapRaw{total: n, dist: n, cal: n, avgHR: n, maxHR: n}
}

// actBuilder collects one <Activity>.
type actBuilder struct {
	index                   int
	sportRaw                string
	idRaw                   string
	manufacturer, product   string
	laps                    []lapRaw
	samples                 []ingest.Sample
	noTime, badTime, badVal int
}

// num parses a decimal value in [lo, hi]; blank is missing, anything else
// unparseable or out of range is counted and missing.
func (a *actBuilder) num(s string, lo, hi float64) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < lo || v > hi {
		a.badVal++
		return math.NaN()
	}
	return v
}

// hr parses a heart rate; 0 is what devices write for "no reading".
func (a *actBuilder) hr(s string) float64 {
	v := a.num(s, 0, 255)
	if v == 0 {
		return math.NaN()
	}
	return v
}

func (a *actBuilder) addTrackpoint(tp *xTrackpoint) {
	if strings.TrimSpace(tp.Time) == "" {
		a.noTime++
		return
	}
	t, err := ingest.ParseXMLTime(tp.Time)
	if err != nil {
		a.badTime++
		return
	}
	s := ingest.NewSample(t)
	if pos := tp.Position; pos != nil {
		lat, lon := a.num(pos.Lat, -90, 90), a.num(pos.Lon, -180, 180)
		// (0,0) is what loggers write for "no fix".
		if ingest.Known(lat) && ingest.Known(lon) && (lat != 0 || lon != 0) {
			s.Lat, s.Lon = lat, lon
		}
	}
	s.AltM = a.num(tp.Alt, -1000, 10000)
	s.DistanceM = a.num(tp.Dist, 0, 1e8)
	if tp.HR != nil {
		s.HR = a.hr(tp.HR.Value)
	}
	s.Cadence = a.num(tp.Cadence, 0, 1000)
	for _, x := range tp.Ext.TPX {
		if v := a.num(x.Speed, 0, 1000); ingest.Known(v) {
			s.SpeedMS = v
		}
		if v := a.num(x.Watts, 0, 1e5); ingest.Known(v) {
			s.PowerW = v
		}
		if v := a.num(x.RunCadence, 0, 1000); ingest.Known(v) && !ingest.Known(s.Cadence) {
			s.Cadence = v
		}
	}
	a.samples = append(a.samples, s)
}

// Trackpoints whose time lies this far outside the activity's own span
// (before Start, after the laps' end) are taken to run on another clock.
const clockSlack = 24 * time.Hour

// maxSpan bounds an activity's laps: longer is not one recorded session.
const maxSpan = 7 * 24 * time.Hour

// lapLimits are the largest lap values read; larger ones are unreadable.
var lapLimits = map[string]float64{"TotalTimeSeconds": maxSpan.Seconds(), "DistanceMeters": 1e7, "Calories": 1e5}

// maxNotes caps the notes of one file.
const maxNotes = 20

func (p *parser) result() (ingest.Decoded, error) {
	var out ingest.Decoded
	suppressed := 0
	note := func(format string, args ...any) {
		if len(out.Notes) >= maxNotes {
			suppressed++
			return
		}
		out.Notes = append(out.Notes, fmt.Sprintf(format, args...))
	}
	if len(p.acts) == 0 {
		if p.sawCourse {
			return out, ingest.Skip(reasonCourse)
		}
		return out, ingest.Skip(reasonNoActivity)
	}
	if p.sawCourse {
		note("courses (planned routes) ignored")
	}
	untimed := 0
	for _, b := range p.acts {
		a, ok := b.build(note)
		if !ok {
			if a.Start.IsZero() {
				untimed++
			}
			continue
		}
		out.Activities = append(out.Activities, a)
	}
	if suppressed > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("%d more notes not shown", suppressed))
	}
	if len(out.Activities) == 0 {
		out.Activities = nil
		if untimed == len(p.acts) {
			return out, ingest.Skip(reasonNoTime)
		}
		return out, ingest.Skip(fmt.Sprintf("TCX activities hold no laps or trackpoints (%d activities)", len(p.acts)))
	}
	return out, nil
}

// build turns the collected activity into an ingest.Activity. ok is false
// when it is dropped (a note says why; Start is zero when it had no time).
func (b *actBuilder) build(note func(string, ...any)) (a ingest.Activity, ok bool) {
	label := fmt.Sprintf("activity %d", b.index)
	if b.sportRaw != "" {
		label += fmt.Sprintf(" (%s)", strings.TrimSpace(b.sportRaw))
	}
	note = labelled(label, note)
	if b.badTime > 0 {
		note("%d unparseable times ignored", b.badTime)
	}
	if b.noTime > 0 {
		note("%d trackpoints without a time dropped", b.noTime)
	}
	if b.badVal > 0 {
		note("%d unreadable or out-of-range values ignored", b.badVal)
	}
	laps := uniqueLaps(b.laps, note)
	start := b.start(laps, note)
	samples := b.samples
	if !sort.SliceIsSorted(samples, func(i, j int) bool { return samples[i].Time.Before(samples[j].Time) }) {
		sort.SliceStable(samples, func(i, j int) bool { return samples[i].Time.Before(samples[j].Time) })
		note("trackpoints out of time order were sorted")
	}
	if start.IsZero() && len(samples) > 0 {
		start = samples[0].Time
	}
	if start.IsZero() {
		note(" skipped: no time at all (no <Id>, lap StartTime or trackpoint time)")
		return a, false
	}
	if len(laps) == 0 && len(samples) == 0 {
		note(" skipped: no laps or trackpoints")
		return ingest.Activity{Start: start}, false
	}
	timer, timerKnown, lapEnd := placeLaps(laps, start, note)
	samples = clipSamples(samples, start, lapEnd, note)
	// Start is the earliest recorded moment.
	if len(samples) > 0 && samples[0].Time.Before(start) {
		start = samples[0].Time
	}
	for _, l := range laps {
		if l.start.Before(start) {
			start = l.start
		}
	}

	a = ingest.Activity{
		RPE:       math.NaN(), // not logged
		Format:    "tcx",
		Index:     b.index,
		Start:     start,
		Precision: ingest.PrecisionExact,
		DistanceM: math.NaN(), Calories: math.NaN(), AvgHR: math.NaN(), MaxHR: math.NaN(),
		Manufacturer: b.manufacturer,
		Product:      b.product,
		Samples:      samples,
	}
	a.Sport = sportName(b.sportRaw)
	a.Kind = ingest.Classify(a.Sport, "", false)

	end := lapEnd
	if n := len(samples); n > 0 && samples[n-1].Time.After(end) {
		end = samples[n-1].Time
	}
	a.ElapsedS = end.Sub(start).Seconds()
	a.TimerS = a.ElapsedS
	if timerKnown {
		a.TimerS = timer
		if timer > a.ElapsedS+1 {
			note("laps' timer time %.0f s exceeds the elapsed %.0f s; capped", timer, a.ElapsedS)
		}
		a.TimerS = math.Min(timer, a.ElapsedS)
	}
	lapHR := fillLaps(&a, laps)
	setHR(&a, samples, lapHR)
	return a, true
}

// labelled returns note with every message prefixed by the activity's
// label and a colon ("activity 2 (Running): ..."), or by the label alone
// when the message starts with a space ("activity 2 skipped: ...").
func labelled(label string, note func(string, ...any)) func(string, ...any) {
	return func(format string, args ...any) {
		if !strings.HasPrefix(format, " ") {
			format = ": " + format
		}
		note("%s"+format, append([]any{label}, args...)...)
	}
}

// uniqueLaps drops repeated identical laps (an exporter writing a lap
// twice).
func uniqueLaps(all []lapRaw, note func(string, ...any)) []lapRaw {
	laps := all[:0:0]
	dupLaps := 0
	for _, l := range all {
		if n := len(laps); n > 0 && sameLap(laps[n-1], l) {
			dupLaps++
			continue
		}
		laps = append(laps, l)
	}
	if dupLaps > 0 {
		note("%d repeated laps dropped", dupLaps)
	}
	return laps
}

// start is the activity's <Id> time, else the first lap start known
// (zero when neither is).
func (b *actBuilder) start(laps []lapRaw, note func(string, ...any)) time.Time {
	if t, err := ingest.ParseXMLTime(b.idRaw); err == nil {
		return t
	}
	if strings.TrimSpace(b.idRaw) != "" {
		note("unreadable <Id> %q", truncate(b.idRaw, 40))
	}
	for _, l := range laps {
		if l.startOK {
			return l.start
		}
	}
	return time.Time{}
}

// placeLaps treats lap starts on another clock as unknown, gives every
// lap without a known start the end of the one before, and returns the
// laps' timer sum (when any lap has one) and the laps' end, bounded by
// maxSpan.
func placeLaps(laps []lapRaw, start time.Time, note func(string, ...any)) (timer float64, timerKnown bool, lapEnd time.Time) {
	offLaps := 0
	for i := range laps {
		l := &laps[i]
		if l.startOK && (l.start.Before(start.Add(-clockSlack)) || l.start.After(start.Add(maxSpan))) {
			l.startOK = false
			offLaps++
		}
	}
	if offLaps > 0 {
		note("%d lap start times far from the activity's start ignored", offLaps)
	}
	lapEnd = start
	next := start
	for i := range laps {
		l := &laps[i]
		if !l.startOK {
			l.start = next
		}
		if ingest.Known(l.total) {
			timer += l.total
			timerKnown = true
			next = l.start.Add(seconds(l.total))
		} else {
			next = l.start
		}
		if next.After(lapEnd) {
			lapEnd = next
		}
	}
	if limit := start.Add(maxSpan); lapEnd.After(limit) {
		note("laps add up to more than %v; capped", maxSpan)
		lapEnd = limit
	}
	return timer, timerKnown, lapEnd
}

// clipSamples drops trackpoints on another clock (outside start−slack …
// lapEnd+slack) and those repeating the time before; nil when none is
// left.
func clipSamples(samples []ingest.Sample, start, lapEnd time.Time, note func(string, ...any)) []ingest.Sample {
	lo, hi := start.Add(-clockSlack), lapEnd.Add(clockSlack)
	kept := samples[:0]
	offClock, dups := 0, 0
	var offFirst time.Time
	for _, s := range samples {
		if s.Time.Before(lo) || s.Time.After(hi) {
			if offClock == 0 {
				offFirst = s.Time
			}
			offClock++
			continue
		}
		if n := len(kept); n > 0 && kept[n-1].Time.Equal(s.Time) {
			dups++
			continue
		}
		kept = append(kept, s)
	}
	if offClock > 0 {
		note("%d trackpoints dropped: their times (from %s) lie outside the activity's span (start %s): clocks disagree",
			offClock, offFirst.Format(time.RFC3339), start.Format(time.RFC3339))
	}
	if dups > 0 {
		note("%d trackpoints with a repeated time dropped", dups)
	}
	if len(kept) == 0 {
		return nil
	}
	return kept
}

// lapHR sums the laps' average heart rates: weighted by the lap's timer
// time (sum/weight over n laps that have one), and plain (over plainN).
type lapHR struct {
	sum, weight, plain float64
	n, plainN          int
}

// fillLaps sets a's laps, and its calories, distance (else the samples'
// largest) and maximum heart rate from their totals; it returns the laps'
// heart-rate sums for [setHR].
func fillLaps(a *ingest.Activity, laps []lapRaw) lapHR {
	a.Laps = make([]ingest.Lap, len(laps))
	var hr lapHR
	var dist, cal float64
	distN, calN := 0, 0
	for i, l := range laps {
		el := l.total
		if i+1 < len(laps) {
			if gap := laps[i+1].start.Sub(l.start).Seconds(); !ingest.Known(el) || gap >= el {
				el = gap
			}
		}
		if !ingest.Known(el) || el < 0 {
			el = 0
		}
		tm := l.total
		if !ingest.Known(tm) {
			tm = el
		}
		a.Laps[i] = ingest.Lap{Start: l.start, ElapsedS: el, TimerS: tm, DistanceM: l.dist, AvgHR: l.avgHR, MaxHR: l.maxHR}
		if ingest.Known(l.dist) {
			dist += l.dist
			distN++
		}
		if ingest.Known(l.cal) {
			cal += l.cal
			calN++
		}
		if ingest.Known(l.avgHR) {
			hr.plain += l.avgHR
			hr.plainN++
			if ingest.Known(l.total) && l.total > 0 {
				hr.sum += l.avgHR * l.total
				hr.weight += l.total
				hr.n++
			}
		}
		if ingest.Known(l.maxHR) && !(a.MaxHR >= l.maxHR) {
			a.MaxHR = l.maxHR
		}
	}
	if calN > 0 {
		a.Calories = cal
	}
	if distN > 0 {
		a.DistanceM = dist
	} else {
		for _, s := range a.Samples {
			if ingest.Known(s.DistanceM) && !(a.DistanceM >= s.DistanceM) {
				a.DistanceM = s.DistanceM
			}
		}
	}
	return hr
}

// setHR sets a's average and maximum heart rate: from the samples first,
// the laps otherwise (timer-weighted, else plain); a maximum below the
// average (contradictory lap summaries) is dropped.
func setHR(a *ingest.Activity, samples []ingest.Sample, laps lapHR) {
	var sSum, sMax float64
	sN := 0
	for _, s := range samples {
		if ingest.Known(s.HR) {
			sSum += s.HR
			sN++
			if s.HR > sMax {
				sMax = s.HR
			}
		}
	}
	switch {
	case sN > 0:
		a.AvgHR, a.MaxHR = sSum/float64(sN), sMax
	case laps.n > 0:
		a.AvgHR = laps.sum / laps.weight
	case laps.plainN > 0:
		a.AvgHR = laps.plain / float64(laps.plainN)
	}
	if ingest.Known(a.AvgHR) && ingest.Known(a.MaxHR) && a.MaxHR < a.AvgHR {
		a.MaxHR = math.NaN() // contradictory lap summaries
	}
}

func sameLap(x, y lapRaw) bool {
	eq := func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
	return x.startOK && y.startOK && x.start.Equal(y.start) && eq(x.total, y.total) && eq(x.dist, y.dist)
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// sportName maps the Sport attribute to gainguard's sport names. The schema
// allows Running, Biking and Other; exporters also write other words.
func sportName(raw string) string {
	switch s := ingest.NormalizeName(raw); s {
	case "", "other":
		return ""
	case "running", "run":
		return "running"
	case "biking", "bike", "cycling", "ride":
		return "cycling"
	default:
		return s
	}
}

// deviceNames splits a <Creator><Name> into the manufacturer (the FIT
// profile's spelling, guessed from the model name) and the product (the
// name without a trailing "Software Version …").
func deviceNames(name string) (manufacturer, product string) {
	product = strings.Join(strings.Fields(name), " ")
	if i := strings.Index(strings.ToLower(product), " software version"); i > 0 {
		product = product[:i]
	}
	if len(product) > 100 {
		product = product[:100]
	}
	lower := strings.ToLower(product)
	first := lower
	if i := strings.IndexByte(first, ' '); i >= 0 {
		first = first[:i]
	}
	for _, m := range makers {
		for _, w := range m.words {
			if strings.HasPrefix(first, w) || (strings.Contains(w, " ") && strings.HasPrefix(lower, w)) {
				return m.name, product
			}
		}
	}
	return "", product
}

// makers maps the first word of a device name to its maker.
var makers = []struct {
	name  string
	words []string
}{
	{"garmin", []string{"garmin", "forerunner", "edge", "fenix", "fēnix", "vívoactive", "vivoactive", "vívosmart", "vivosmart",
		"vívomove", "vivomove", "vivosport", "vívosport", "venu", "instinct", "epix", "enduro", "oregon", "etrex", "approach",
		"descent", "quatix", "marq", "tactix"}},
	{"polar_electro", []string{"polar"}},
	{"suunto", []string{"suunto"}},
	{"wahoo_fitness", []string{"wahoo", "elemnt"}},
	{"coros", []string{"coros"}},
	{"fitbit", []string{"fitbit"}},
	{"apple", []string{"apple"}},
	{"bryton", []string{"bryton"}},
	{"hammerhead", []string{"hammerhead", "karoo"}},
	{"stryd", []string{"stryd"}},
	{"zwift", []string{"zwift"}},
}
