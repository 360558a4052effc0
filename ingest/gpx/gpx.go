// Package gpx imports GPX 1.0 and 1.1 files (tracks recorded by watches,
// phones and bike computers, as exported by Garmin Connect, Strava, Apple
// Health, Polar Flow...) into gainguard's [ingest.Activity] vocabulary.
//
// github.com/tkrajina/gpxgo is the parser: it builds the document model
// (tracks, segments, points, positions, elevation, names, types, creator and
// point extensions). Two defects of gpxgo v1.5.1 are worked around while the
// XML streams into it, in a single pass, through a token tap (see tap.go):
//
//   - Timestamps. gpxgo cuts every time string at its first '.', so it drops
//     fractional seconds and, for "2023-05-01T10:00:00.123+02:00", the UTC
//     offset as well (the time comes out two hours off). The tap records the
//     raw text of every <trk>/<trkseg>/<trkpt>/<time> as the tokens go by —
//     the very tokens gpxgo consumes, so the n-th recorded time belongs to
//     gpxgo's n-th track point — and this package parses it itself
//     (RFC 3339 with fractions and any offset; a time without a zone is UTC,
//     as the GPX schema says). gpxgo's own Timestamp is only used if the
//     counts ever disagree, with a note.
//   - Empty elements. gpxgo's nullable numbers (<ele>, <number>) read one
//     token and then skip to the end of the element; on an empty <ele/>
//     the token read is the element's own end, so the skip swallows the
//     rest of the enclosing <trkpt> and the model desynchronizes (a whole
//     file fails with EOF). The tap hands gpxgo an empty text node inside
//     empty elements, and trims blanks around numbers in <ele>.
//
// Fast path (fast.go). Most files are plain UTF-8 track logs, and
// tokenizing them with encoding/xml and unmarshalling them by reflection
// dominates import time; a hand-written byte scanner reads those directly
// into the intermediate docData that the gpxgo path also builds (convert),
// so both share one mapping (mapDoc). It bails out, and Decode runs gpxgo
// on the same bytes, on anything it is not sure gpxgo reads the same way
// and without error: encodings other than UTF-8, DOCTYPE, CDATA,
// processing instructions, character references, entities in numbers and
// times, comments inside <trk>, waypoints and routes, attributes other
// than lat/lon on <trkpt>, empty or unusual numbers (anything the tap
// would repair), non-ASCII names, malformed XML, a root other than <gpx>.
// Every error therefore comes from the gpxgo path. TestFastMatchesGpxgo
// (corpus, samples/) and FuzzFastMatchesGpxgo check that whenever the fast
// path answers, its result is identical to gpxgo's.
//
// Mapping. Each <trk> becomes one Activity (Index = the track's position in
// the file, so ids do not move when a neighbouring track is dropped); its
// segments are concatenated in time order. ElapsedS spans first to last
// point; TimerS sums the segment spans, so the gaps between segments count
// as pauses (pauses inside a segment are not detected). Distance is the
// haversine sum between consecutive positioned points of the same segment
// (segment gaps add none); Sample.DistanceM is cumulative and SpeedMS is the
// raw point-to-point speed, left unsmoothed for package metrics. HR, cadence
// and power come from point extensions matched by local name in any
// namespace (Garmin TrackPointExtension v1/v2 hr/cad, "ns3:" variants,
// Cluetrust gpxdata:hr/cadence, <heartrate>, <hr>, Holux <bpm>,
// PowerInWatts/power). Cadence is stored as written (Garmin running cadence
// is per leg, as in FIT).
//
// Sport comes from <trk><type> ("running", "cycling", Strava's numeric 9=run
// and 1=ride...); when a track has no <type>, a Strava-style name word
// ("Friday Evening Run", "Morning Ride", "Lunch Walk", "Hike") decides it and
// a note says so; otherwise the sport stays "" (Kind other). Manufacturer is
// the lower-cased creator attribute. Times are UTC with HasTZ=false: GPX
// carries no reliable local zone, so the athlete profile's zone applies.
//
// Files that hold nothing placeable in time are skipped ([ingest.Skip]): no
// tracks (routes, waypoints), tracks without points, points without
// timestamps, or tracks where fewer than half of the points are timed
// (a drawn or converted track, not a recording). Unreadable files fail with
// a [*FormatError].
package gpx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	gpxgo "github.com/tkrajina/gpxgo/gpx"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"

	"gainguard/ingest"
)

// Format is the GPX entry for the batch importer's format table.
var Format = ingest.Format{Name: "gpx", Exts: []string{".gpx"}, Decode: Decode}

// MaxFileBytes bounds how much of one file Decode reads.
const MaxFileBytes = 256 << 20

// What values of FormatError that callers may want to test for.
const (
	WhatEmpty     = "empty file"
	WhatTooLarge  = "file too large"
	WhatRead      = "read failed"
	WhatMalformed = "malformed XML"
	WhatNotGPX    = "not a GPX file"
	WhatInvalid   = "invalid GPX"
	WhatInternal  = "internal decoder failure"
)

// FormatError says why a file could not be read as GPX: an
// [ingest.FormatError] with Format "gpx" and What one of the What*
// constants, possibly with detail ("not a GPX file: root element is <kml>").
type FormatError = ingest.FormatError

// Skip reasons.
const (
	reasonNoTimestamps = "GPX has no timestamps: cannot place it in time"
)

// Decode reads one GPX document from r.
func Decode(r io.Reader) (ingest.Decoded, error) {
	dec, _, err := decode(r, true)
	return dec, err
}

// decode is Decode. With tryFast false it always takes the gpxgo path;
// fast reports whether the fast path produced the result (tests compare
// the two paths).
func decode(r io.Reader, tryFast bool) (dec ingest.Decoded, fast bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			dec = ingest.Decoded{}
			err = &FormatError{Format: "gpx", What: WhatInternal, Err: fmt.Errorf("panic: %v", p)}
		}
	}()
	data, err := ingest.ReadAll(limitReader{io.LimitReader(r, MaxFileBytes+1), r})
	if err != nil {
		return ingest.Decoded{}, false, &FormatError{Format: "gpx", What: WhatRead, Err: err}
	}
	if len(data) > MaxFileBytes {
		return ingest.Decoded{}, false, &FormatError{Format: "gpx", What: fmt.Sprintf("%s (over %d MiB)", WhatTooLarge, MaxFileBytes>>20)}
	}
	data, transcoded, err := toUTF8(data)
	if err != nil {
		return ingest.Decoded{}, false, &FormatError{Format: "gpx", What: WhatMalformed, Err: err}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return ingest.Decoded{}, false, &FormatError{Format: "gpx", What: WhatEmpty}
	}
	if tryFast && !transcoded {
		if doc, ok := decodeFast(data); ok {
			dec, err = mapDoc(nil, &doc)
			return dec, true, err
		}
	}
	dec, err = decodeGpxgo(data, transcoded)
	return dec, false, err
}

// decodeGpxgo decodes UTF-8 data (or data with a declared encoding) with
// gpxgo behind the tap.
func decodeGpxgo(data []byte, transcoded bool) (ingest.Decoded, error) {
	csr := charsetReader(transcoded)

	version, err := scanRoot(data, csr)
	if err != nil {
		return ingest.Decoded{}, err
	}

	tp := newTap(data, csr)
	// gpxgo guesses the version from the first bytes it is given; hand it
	// the version read from the root element instead of the raw prefix,
	// which may hold long comments or no "<gpx" in its first kilobyte.
	g, err := gpxgo.ParseDecoder(xml.NewTokenDecoder(tp), []byte(`<gpx version="`+version+`">`))
	if err != nil {
		return ingest.Decoded{}, tp.formatError(err)
	}
	return convert(g, tp.times, tp.repaired)
}

// toUTF8 strips a UTF-8 byte-order mark and transcodes UTF-16 (with a BOM).
func toUTF8(data []byte) (out []byte, transcoded bool, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], false, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return nil, false, fmt.Errorf("bad UTF-16: %w", err)
		}
		return out, true, nil
	}
	return data, false, nil
}

// charsetReader decodes declared encodings (ISO-8859-1, windows-1252...).
// After a UTF-16 transcode the declaration still says UTF-16; ignore it.
func charsetReader(transcoded bool) func(string, io.Reader) (io.Reader, error) {
	return func(label string, in io.Reader) (io.Reader, error) {
		l := strings.ToLower(strings.TrimSpace(label))
		if l == "utf-8" || l == "utf8" || (transcoded && strings.HasPrefix(l, "utf-16")) {
			return in, nil
		}
		return charset.NewReaderLabel(label, in)
	}
}

// scanRoot checks that the document's root element is <gpx> and returns
// its version ("1.0" or "1.1"; other or missing versions read as 1.1).
func scanRoot(data []byte, csr func(string, io.Reader) (io.Reader, error)) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = csr
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return "", &FormatError{Format: "gpx", What: WhatNotGPX + ": no root element"}
		}
		if err != nil {
			line, _ := d.InputPos()
			return "", &FormatError{Format: "gpx", What: WhatMalformed, Line: line, Err: err}
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "gpx" {
			return "", &FormatError{Format: "gpx", What: fmt.Sprintf("%s: root element is <%s>", WhatNotGPX, se.Name.Local)}
		}
		for _, a := range se.Attr {
			if a.Name.Local == "version" && strings.HasPrefix(strings.TrimSpace(a.Value), "1.0") {
				return "1.0", nil
			}
		}
		return "1.1", nil
	}
}

// point is one timed track point on its way to becoming a Sample.
type point struct {
	t              time.Time
	seg            int
	lat, lon, ele  float64 // NaN when missing
	hr, cad, power float64 // NaN when missing
	hasPos         bool
}

// docData is what the mapping (mapDoc) needs of a GPX document. The gpxgo
// path builds it from gpxgo's model and the tap's raw times (convert); the
// fast path (fast.go) builds it directly from the bytes.
type docData struct {
	creator, name     string // <gpx creator>, document name (1.1 <metadata><name>, 1.0 <gpx><name>)
	waypoints, routes int
	tracks            []trackData
}

// trackData is one <trk>: its raw <name> and <type> text, how many points
// it has, how many of their <time>s did not parse, and its timed points in
// document order.
type trackData struct {
	name, typ string
	n         int
	badTime   int
	pts       []point
}

// pointTime parses the raw <time> text of a track point (present: the
// point has a <time> element). bad reports text that does not parse.
func pointTime(s string, present bool) (t time.Time, ok, bad bool) {
	if !present || s == "" {
		return time.Time{}, false, false
	}
	t, err := ingest.ParseXMLTime(s)
	if err != nil {
		return time.Time{}, false, true
	}
	return t, true, false
}

func convert(g *gpxgo.GPX, times []rawTime, repaired int) (ingest.Decoded, error) {
	var notes []string
	if repaired > 0 {
		notes = append(notes, fmt.Sprintf("%d unreadable optional values (elevation, DOP, waypoint coordinates...) ignored", repaired))
	}
	doc := docData{creator: g.Creator, name: g.Name, waypoints: len(g.Waypoints), routes: len(g.Routes)}

	total := 0
	for _, trk := range g.Tracks {
		for _, seg := range trk.Segments {
			total += len(seg.Points)
		}
	}
	useRaw := len(times) == total
	if !useRaw && len(g.Tracks) > 0 {
		notes = append(notes, fmt.Sprintf("timestamp pre-scan found %d track points, gpxgo %d: using gpxgo's whole-second times", len(times), total))
	}

	k := 0 // index into times, in document order
	doc.tracks = make([]trackData, len(g.Tracks))
	for ti, trk := range g.Tracks {
		td := &doc.tracks[ti]
		td.name, td.typ = trk.Name, trk.Type
		size := 0
		for _, seg := range trk.Segments {
			size += len(seg.Points)
		}
		td.pts = make([]point, 0, size)
		for si, seg := range trk.Segments {
			for pi := range seg.Points {
				p := &seg.Points[pi]
				td.n++
				var tm time.Time
				ok := false
				if useRaw {
					rt := times[k]
					k++
					var bad bool
					if tm, ok, bad = pointTime(rt.s, rt.ok); bad {
						td.badTime++
					}
				} else if !p.Timestamp.IsZero() && p.Timestamp.Year() > 1 {
					tm, ok = p.Timestamp.UTC(), true
				}
				if !ok {
					continue
				}
				var ev extVals
				ev.init()
				for i := range p.Extensions.Nodes {
					ev.walk(&p.Extensions.Nodes[i], 0)
				}
				td.pts = append(td.pts, newPoint(tm, si, p.Latitude, p.Longitude,
					p.Elevation.Value(), p.Elevation.NotNull(), ev))
			}
		}
	}
	return mapDoc(notes, &doc)
}

// mapDoc turns a document's tracks into activities; notes are the
// document-level notes gathered so far. It is the one mapping of both the
// gpxgo and the fast path.
func mapDoc(notes []string, doc *docData) (ingest.Decoded, error) {
	out := ingest.Decoded{Notes: notes}
	note := func(format string, args ...any) { out.Notes = append(out.Notes, fmt.Sprintf(format, args...)) }

	if len(doc.tracks) == 0 {
		return out, ingest.Skip(fmt.Sprintf("GPX has no tracks (%d waypoints, %d routes): nothing recorded to import",
			doc.waypoints, doc.routes))
	}

	// Per-track notes are capped so a file of many empty logs stays readable.
	const maxTrackNotes = 12
	trackNotes, suppressed := 0, 0
	tnote := func(format string, args ...any) {
		if trackNotes++; trackNotes > maxTrackNotes {
			suppressed++
			return
		}
		note(format, args...)
	}
	manufacturer := strings.ToLower(strings.TrimSpace(doc.creator))
	allPoints, allTimed, allBad := 0, 0, 0
	for ti := range doc.tracks {
		trk := &doc.tracks[ti]
		label := fmt.Sprintf("track %d", ti)
		if n := strings.TrimSpace(trk.name); n != "" {
			label += fmt.Sprintf(" (%q)", n)
		}
		pts, n := trk.pts, trk.n
		allPoints += n
		allTimed += len(pts)
		allBad += trk.badTime
		switch {
		case n == 0:
			tnote("%s skipped: no points", label)
			continue
		case len(pts) == 0 && trk.badTime > 0:
			tnote("%s skipped: %d unusable timestamps (unparseable, or a year outside 1900–2200)", label, trk.badTime)
			continue
		case len(pts) == 0:
			tnote("%s skipped: no timestamps", label)
			continue
		case 2*len(pts) < n:
			tnote("%s skipped: only %d of %d points have a timestamp", label, len(pts), n)
			continue
		}
		if dropped := n - len(pts); dropped > 0 {
			tnote("%s: %d of %d points without a usable timestamp dropped", label, dropped, n)
		}
		if trk.badTime > 0 {
			tnote("%s: %d unparseable timestamps", label, trk.badTime)
		}
		if !sort.SliceIsSorted(pts, func(i, j int) bool { return pts[i].t.Before(pts[j].t) }) {
			sort.SliceStable(pts, func(i, j int) bool { return pts[i].t.Before(pts[j].t) })
			tnote("%s: points out of time order were sorted", label)
		}

		a := buildActivity(pts)
		a.Format = "gpx"
		a.Index = ti
		a.Precision = ingest.PrecisionExact
		a.Manufacturer = manufacturer
		a.Name = strings.TrimSpace(trk.name)
		if a.Name == "" {
			a.Name = strings.TrimSpace(doc.name)
		}
		if typ := strings.TrimSpace(trk.typ); typ != "" {
			a.Sport, a.SubSport = sportFromType(typ)
		} else if s, sub, word := sportFromName(a.Name); s != "" {
			a.Sport, a.SubSport, a.SportSource = s, sub, ingest.SportSourceName
			tnote("%s: sport %q inferred from the word %q in its name (no <type>)", label, s, word)
		}
		a.Kind = ingest.Classify(a.Sport, "", false)
		out.Activities = append(out.Activities, a)
	}

	if suppressed > 0 {
		note("%d more track notes not shown", suppressed)
	}
	if len(out.Activities) == 0 {
		notes := out.Notes
		out = ingest.Decoded{Notes: notes}
		switch {
		case allPoints == 0:
			return out, ingest.Skip(fmt.Sprintf("GPX tracks hold no points (%d tracks)", len(doc.tracks)))
		case allTimed == 0 && allBad > 0:
			// Times are there but unusable: say so, not "no timestamps".
			return out, ingest.Skip(fmt.Sprintf("GPX timestamps unusable: %d of %d track points have a time that "+
				"does not parse or lies outside the years 1900–2200: cannot place it in time", allBad, allPoints))
		case allTimed == 0:
			return out, ingest.Skip(reasonNoTimestamps)
		default:
			return out, ingest.Skip(fmt.Sprintf(
				"GPX has no timestamps on most track points (%d of %d timed): cannot place it in time", allTimed, allPoints))
		}
	}
	return out, nil
}

// newPoint builds a timed point from a track point's values as read
// (ele only when hasEle); positions and elevations that are unusable
// become NaN.
func newPoint(tm time.Time, seg int, lat, lon, ele float64, hasEle bool, ev extVals) point {
	nan := math.NaN()
	pt := point{t: tm, seg: seg, lat: nan, lon: nan, ele: nan, hr: ev.hr, cad: ev.cad, power: ev.power}
	// (0,0) is what loggers write for "no fix"; out-of-range is garbage.
	if finite(lat) && finite(lon) && math.Abs(lat) <= 90 && math.Abs(lon) <= 180 && (lat != 0 || lon != 0) {
		pt.lat, pt.lon, pt.hasPos = lat, lon, true
	}
	if hasEle && finite(ele) {
		pt.ele = ele
	}
	return pt
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// buildActivity fills samples, durations, distance and HR summary from
// time-ordered points.
func buildActivity(pts []point) ingest.Activity {
	a := ingest.Activity{
		RPE:       math.NaN(), // not logged
		DistanceM: math.NaN(), Calories: math.NaN(), AvgHR: math.NaN(), MaxHR: math.NaN(),
		Samples: make([]ingest.Sample, len(pts)),
	}
	first, last := pts[0].t, pts[len(pts)-1].t
	a.Start = first
	a.ElapsedS = last.Sub(first).Seconds()

	type span struct{ from, to time.Time }
	spans := map[int]*span{}
	var order []int

	dist := math.NaN()
	lastPos := -1 // index of the last positioned point
	var hrSum float64
	hrN := 0
	for i, p := range pts {
		s := ingest.NewSample(p.t)
		s.AltM, s.HR, s.Cadence, s.PowerW = p.ele, p.hr, p.cad, p.power
		if p.hasPos {
			s.Lat, s.Lon = p.lat, p.lon
			if lastPos < 0 {
				dist = 0
			} else if q := pts[lastPos]; q.seg == p.seg {
				d := haversine(q.lat, q.lon, p.lat, p.lon)
				dist += d
				if dt := p.t.Sub(q.t).Seconds(); dt > 0 {
					s.SpeedMS = d / dt
				}
			}
			lastPos = i
		}
		s.DistanceM = dist
		if ingest.Known(p.hr) {
			hrSum += p.hr
			hrN++
			if !(a.MaxHR >= p.hr) {
				a.MaxHR = p.hr
			}
		}
		a.Samples[i] = s

		sp := spans[p.seg]
		if sp == nil {
			spans[p.seg] = &span{p.t, p.t}
			order = append(order, p.seg)
		} else {
			if p.t.Before(sp.from) {
				sp.from = p.t
			}
			if p.t.After(sp.to) {
				sp.to = p.t
			}
		}
	}
	for _, seg := range order {
		a.TimerS += spans[seg].to.Sub(spans[seg].from).Seconds()
	}
	if a.TimerS > a.ElapsedS { // overlapping segments
		a.TimerS = a.ElapsedS
	}
	a.DistanceM = dist
	if hrN > 0 {
		a.AvgHR = hrSum / float64(hrN)
	}
	return a
}

// haversine returns the great-circle distance in metres.
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const earthRadiusM = 6371008.8 // mean radius (IUGG)
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	s1, s2 := math.Sin(dLat/2), math.Sin(dLon/2)
	h := s1*s1 + math.Cos(lat1*rad)*math.Cos(lat2*rad)*s2*s2
	return 2 * earthRadiusM * math.Asin(math.Sqrt(math.Min(1, h)))
}

// limitReader is a limited reader that keeps the size hint of the reader
// it limits (see [ingest.ReadAll]).
type limitReader struct {
	io.Reader
	orig io.Reader
}

// SizeHint returns the wrapped reader's hint, 0 when it has none.
func (l limitReader) SizeHint() int64 {
	if h, ok := l.orig.(interface{ SizeHint() int64 }); ok {
		return min(h.SizeHint(), MaxFileBytes+1)
	}
	return 0
}
