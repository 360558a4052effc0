// Package tcx imports Garmin Training Center XML (TCX v2) files, as written
// by Garmin Connect, Strava, Polar Flow, Wahoo, Fitbit and older Garmin
// desktop tools, into gainguard's [ingest.Activity] vocabulary.
//
// The document is streamed with encoding/xml's Decoder.Token; only one
// <Trackpoint> (or lap value, or <Creator>) at a time is decoded into a
// small struct with DecodeElement, so memory grows with the samples kept,
// not with the XML. Elements are matched by local name, so the default
// TrainingCenterDatabase v2 namespace and the ActivityExtension v2
// prefixes (ns3:TPX, ext:TPX, x:TPX, or TPX with its own xmlns) all read
// the same. A UTF-8 byte-order mark and blanks before the XML declaration
// are skipped; a declared ISO-8859-1 or windows-1252 encoding is transcoded
// (standard library only), any other non-UTF-8 encoding fails clearly.
//
// Mapping. Each <Activity> — under <Activities>, or under a
// <MultiSportSession>'s <FirstSport>/<NextSport> — becomes one Activity
// whose Index is its position among the file's <Activity> elements (so ids
// do not move when a neighbour is dropped). Sport="Running" → "running",
// "Biking" → "cycling", "Other" → "" (non-schema values some exporters
// write, such as "Walking", are normalized); Kind is ingest.Classify(sport,
// "", false). <Creator><Name> gives Product ("Forerunner 405", firmware
// suffix dropped) and, from the model name, Manufacturer with the FIT
// profile's spelling ("garmin", "polar_electro", "wahoo_fitness"...).
//
// Start is <Id>, else the first lap's StartTime, else the first trackpoint;
// it moves earlier if a trackpoint precedes it. Trackpoints more than a day
// before Start or a day after the laps' end are dropped with a note (their
// clock disagrees with the activity's own header). ElapsedS spans Start to
// the later of the last trackpoint and the laps' end; TimerS = Σ lap
// TotalTimeSeconds (capped at ElapsedS; ElapsedS when no lap has one);
// DistanceM = Σ lap DistanceMeters, else the largest trackpoint
// DistanceMeters; Calories = Σ lap Calories; Avg/Max HR from the samples'
// HR, else from the laps (time-weighted average, maximum of maxima).
// Trackpoints give Time, position ((0,0) is "no fix"), altitude, distance,
// HR, Cadence or TPX RunCadence (stored as written: Garmin's is per leg),
// TPX Speed and Watts. Samples are kept in time order; repeated timestamps
// (and repeated identical laps) keep their first copy. Times are RFC 3339
// with or without fractions and offsets; a time without a zone is UTC.
// HasTZ is false: TCX carries no local zone, so the profile's zone applies.
//
// Outcomes. Course files (<Courses>: planned routes) and files with no
// <Activity> are skipped ([ingest.Skip]); activities with no time at all or
// no laps and no trackpoints are dropped with a note, and the file is
// skipped when none is left. Unreadable files fail with a [*FormatError].
package tcx

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"gainguard/ingest"
)

// Format is the TCX entry for the batch importer's format table.
var Format = ingest.Format{Name: "tcx", Exts: []string{".tcx"}, Decode: Decode}

// MaxFileBytes bounds how much of one file Decode reads.
const MaxFileBytes = 512 << 20

// What values of FormatError that callers may want to test for.
const (
	WhatEmpty     = "empty file"
	WhatTooLarge  = "file too large"
	WhatRead      = "read failed"
	WhatEncoding  = "unsupported encoding"
	WhatMalformed = "malformed XML"
	WhatNotTCX    = "not a TCX file"
	WhatInternal  = "internal decoder failure"
)

// FormatError says why a file could not be read as TCX: an
// [ingest.FormatError] with Format "tcx" and What one of the What*
// constants, possibly with detail ("not a TCX file: root element is <gpx>").
type FormatError = ingest.FormatError

// Skip reasons.
const (
	reasonCourse     = "TCX course: a planned route, not a recorded activity"
	reasonNoActivity = "TCX holds no activities: nothing recorded to import"
	reasonNoTime     = "TCX activities have no timestamps: cannot place them in time"
)

var errTooLarge = errors.New("file too large")

// limitReader fails with errTooLarge once more than n bytes were read.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// Decode reads one TCX document from r.
func Decode(r io.Reader) (out ingest.Decoded, err error) {
	defer func() {
		if p := recover(); p != nil {
			out = ingest.Decoded{}
			err = &FormatError{Format: "tcx", What: WhatInternal, Err: fmt.Errorf("panic: %v", p)}
		}
	}()
	br := bufio.NewReaderSize(&limitReader{r: r, n: MaxFileBytes}, 64<<10)
	if err := skipPreamble(br); err != nil {
		return ingest.Decoded{}, err
	}
	p := &parser{dec: xml.NewDecoder(br)}
	p.dec.CharsetReader = charsetReader
	if err := p.run(); err != nil {
		return ingest.Decoded{}, err
	}
	return p.result()
}

// skipPreamble drops a UTF-8 byte-order mark and leading blanks, and
// reports empty files and UTF-16/32 byte-order marks.
func skipPreamble(br *bufio.Reader) error {
	if b, _ := br.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	if b, _ := br.Peek(2); bytes.Equal(b, []byte{0xFF, 0xFE}) || bytes.Equal(b, []byte{0xFE, 0xFF}) {
		return &FormatError{Format: "tcx", What: WhatEncoding + ": UTF-16 (only UTF-8, ISO-8859-1 and windows-1252 are read)"}
	}
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return &FormatError{Format: "tcx", What: WhatEmpty}
		}
		if err != nil {
			return readError(err)
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		br.UnreadByte()
		return nil
	}
}

func readError(err error) error {
	if errors.Is(err, errTooLarge) {
		return &FormatError{Format: "tcx", What: fmt.Sprintf("%s (over %d MiB)", WhatTooLarge, MaxFileBytes>>20)}
	}
	return &FormatError{Format: "tcx", What: WhatRead, Err: err}
}

// Wire structs, decoded one element at a time. Every value is kept as text
// and parsed by hand, so a bad number never fails the element. Field tags
// without a namespace match any namespace.
type (
	xValue struct {
		Value string `xml:"Value"`
	}
	xTPX struct {
		Speed      string `xml:"Speed"`
		RunCadence string `xml:"RunCadence"`
		Watts      string `xml:"Watts"`
	}
	xTrackpoint struct {
		Time     string `xml:"Time"`
		Position *struct {
			Lat string `xml:"LatitudeDegrees"`
			Lon string `xml:"LongitudeDegrees"`
		} `xml:"Position"`
		Alt     string  `xml:"AltitudeMeters"`
		Dist    string  `xml:"DistanceMeters"`
		HR      *xValue `xml:"HeartRateBpm"`
		Cadence string  `xml:"Cadence"`
		Ext     struct {
			TPX []xTPX `xml:"TPX"`
		} `xml:"Extensions"`
	}
	xCreator struct {
		Name string `xml:"Name"`
	}
)

// parser walks the token stream.
type parser struct {
	dec   *xml.Decoder
	stack []string // local names of the open elements the parser descended into

	acts      []*actBuilder
	cur       *actBuilder
	lap       *lapRaw
	nActivity int // <Activity> elements seen, for Index
	sawCourse bool
}

func (p *parser) parent() string {
	if len(p.stack) == 0 {
		return ""
	}
	return p.stack[len(p.stack)-1]
}

func (p *parser) fail(err error, elem string) error {
	var fe *FormatError
	if errors.As(err, &fe) {
		return fe
	}
	if errors.Is(err, errTooLarge) {
		return readError(err)
	}
	line, _ := p.dec.InputPos()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if strings.Contains(err.Error(), "CharsetReader") || strings.Contains(err.Error(), "unsupported encoding") {
		return &FormatError{Format: "tcx", What: WhatEncoding, Line: line, Err: err}
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &FormatError{Format: "tcx", What: WhatMalformed, Element: elem, Line: line, Err: err}
	}
	return &FormatError{Format: "tcx", What: WhatRead, Element: elem, Line: line, Err: err}
}

// text decodes the character data of the element se starts.
func (p *parser) text(se *xml.StartElement) (string, error) {
	var s string
	if err := p.dec.DecodeElement(&s, se); err != nil {
		return "", p.fail(err, se.Name.Local)
	}
	return s, nil
}

func (p *parser) run() error {
	rootSeen := false
	for {
		tok, err := p.dec.Token()
		if err == io.EOF {
			if !rootSeen {
				return &FormatError{Format: "tcx", What: WhatNotTCX + ": no root element"}
			}
			return p.fail(io.ErrUnexpectedEOF, "")
		}
		if err != nil {
			return p.fail(err, p.parent())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !rootSeen {
				if t.Name.Local != "TrainingCenterDatabase" {
					return &FormatError{Format: "tcx", What: fmt.Sprintf("%s: root element is <%s>", WhatNotTCX, t.Name.Local)}
				}
				rootSeen = true
				p.stack = append(p.stack, t.Name.Local)
				continue
			}
			if err := p.start(&t); err != nil {
				return err
			}
		case xml.EndElement:
			if len(p.stack) == 0 {
				continue
			}
			name := p.stack[len(p.stack)-1]
			p.stack = p.stack[:len(p.stack)-1]
			switch name {
			case "Lap":
				if p.cur != nil && p.lap != nil {
					p.cur.laps = append(p.cur.laps, *p.lap)
					p.lap = nil
				}
			case "Activity":
				p.cur, p.lap = nil, nil
			}
			if len(p.stack) == 0 { // root closed: ignore whatever follows
				return nil
			}
		}
	}
}

// start handles one start element below the root. Elements whose value is
// read are consumed by DecodeElement; subtrees of no interest are skipped;
// containers are descended into (pushed on the stack).
func (p *parser) start(se *xml.StartElement) error {
	name := se.Name.Local
	parent := p.parent()
	push := func() error { p.stack = append(p.stack, name); return nil }
	skip := func() error {
		if err := p.dec.Skip(); err != nil {
			return p.fail(err, name)
		}
		return nil
	}

	if p.cur == nil {
		switch name {
		case "Activities", "MultiSportSession", "FirstSport", "NextSport":
			return push()
		case "Activity":
			p.cur = &actBuilder{index: p.nActivity}
			p.nActivity++
			for _, a := range se.Attr {
				if a.Name.Local == "Sport" {
					p.cur.sportRaw = a.Value
				}
			}
			p.acts = append(p.acts, p.cur)
			return push()
		case "Courses", "Course":
			p.sawCourse = true
		}
		// Folders, Workouts, Author, Extensions, a multisport <Id> or
		// <Transition> lap, and anything unknown.
		return skip()
	}

	a := p.cur
	switch {
	case name == "Trackpoint":
		var tp xTrackpoint
		if err := p.dec.DecodeElement(&tp, se); err != nil {
			return p.fail(err, name)
		}
		a.addTrackpoint(&tp)
		return nil
	case parent == "Activity" && name == "Id":
		s, err := p.text(se)
		if err != nil {
			return err
		}
		a.idRaw = s
		return nil
	case parent == "Activity" && name == "Lap":
		p.lap = newLapRaw()
		for _, at := range se.Attr {
			if at.Name.Local == "StartTime" {
				if t, err := ingest.ParseXMLTime(at.Value); err == nil {
					p.lap.start, p.lap.startOK = t, true
				} else {
					a.badTime++
				}
			}
		}
		return push()
	case parent == "Activity" && name == "Creator":
		var c xCreator
		if err := p.dec.DecodeElement(&c, se); err != nil {
			return p.fail(err, name)
		}
		a.manufacturer, a.product = deviceNames(c.Name)
		return nil
	case parent == "Lap" && p.lap != nil:
		switch name {
		case "Track":
			return push()
		case "TotalTimeSeconds", "DistanceMeters", "Calories":
			s, err := p.text(se)
			if err != nil {
				return err
			}
			v := a.num(s, 0, lapLimits[name])
			switch name {
			case "TotalTimeSeconds":
				p.lap.total = v
			case "DistanceMeters":
				p.lap.dist = v
			default:
				p.lap.cal = v
			}
			return nil
		case "AverageHeartRateBpm", "MaximumHeartRateBpm":
			var hv xValue
			if err := p.dec.DecodeElement(&hv, se); err != nil {
				return p.fail(err, name)
			}
			v := a.hr(hv.Value)
			if name == "AverageHeartRateBpm" {
				p.lap.avgHR = v
			} else {
				p.lap.maxHR = v
			}
			return nil
		}
		return skip()
	case name == "Track" && parent == "Activity":
		// Not in the schema, but some converters put tracks outside laps.
		return push()
	}
	return skip()
}
