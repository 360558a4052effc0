package gpx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
)

// rawTime is the text of one track point's <time>, in document order.
type rawTime struct {
	s  string
	ok bool // the point has a <time> element
}

// tapped is a token with the input line it started on.
type tapped struct {
	tok  xml.Token
	line int
}

// tap is the xml.TokenReader gpxgo decodes from. It passes the tokens of
// an ordinary xml.Decoder through unchanged except for two repairs, and
// records what gpxgo would lose:
//
//   - times: the raw text of every gpx/trk/trkseg/trkpt/time, one entry per
//     trkpt, matched by local name at exactly that depth like gpxgo's struct
//     tags (`xml:"trk"`, `xml:"trkseg"`, `xml:"trkpt"`, `xml:"time"`), so
//     entry n belongs to gpxgo's n-th track point.
//   - numbers gainguard can do without must not sink the file: an empty
//     <ele/> or <number/> gets a comment token inside, so gpxgo's Nullable*
//     UnmarshalXML (read one token, then Skip) does not skip past the
//     enclosing element; their text is trimmed (gpxgo trims only spaces),
//     and text that is not a number is replaced (null for <ele>, empty for
//     <sat>, <hdop>...); unreadable lat/lon of waypoints, route points and
//     bounds become 0.
//
// It also remembers the last element handed out, for error messages.
type tap struct {
	dec  *xml.Decoder
	buf  [3]tapped // tokens read ahead, handed out from buf[head:n]
	head int
	n    int
	err  error // error to return once the queue is drained

	depth, matched int
	timeBuf        []byte
	times          []rawTime

	elem string // last start element handed out
	line int

	repaired int // unreadable optional values neutralized
}

var timePath = [...]string{"gpx", "trk", "trkseg", "trkpt", "time"}

func newTap(data []byte, csr func(string, io.Reader) (io.Reader, error)) *tap {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = csr
	return &tap{dec: d}
}

// Token implements xml.TokenReader.
func (t *tap) Token() (xml.Token, error) {
	if t.head == t.n {
		if t.err != nil {
			return nil, t.err
		}
		t.head, t.n = 0, 0
		t.fill()
		if t.n == 0 {
			return nil, t.err
		}
	}
	next := t.buf[t.head]
	t.buf[t.head] = tapped{}
	t.head++
	t.observe(next)
	return next.tok, nil
}

func (t *tap) push(tok xml.Token, line int) {
	t.buf[t.n] = tapped{tok, line}
	t.n++
}

func (t *tap) fill() {
	tok, err := t.dec.Token()
	if err != nil {
		t.err = err
		return
	}
	line, _ := t.dec.InputPos()
	se, ok := tok.(xml.StartElement)
	if !ok {
		t.push(tok, line)
		return
	}
	if fix, ok := coordAttrs[se.Name.Local]; ok {
		if fixed, changed := t.fixAttrs(se, fix); changed {
			tok = fixed
		}
	}
	t.push(tok, line) // the original interface value: no re-boxing
	kind, numeric := numericElems[se.Name.Local]
	if !numeric {
		return
	}
	// Peek one token: the StartElement's strings stay valid, and the peeked
	// token is handed out before the decoder is read again.
	tok, err = t.dec.Token()
	if err != nil {
		t.err = err
		return
	}
	switch x := tok.(type) {
	case xml.EndElement:
		if kind == numNullable {
			// gpxgo's Nullable*.UnmarshalXML reads one token, then Skips to
			// the element's end; give it a token that is not the end.
			t.push(commentEmpty, line)
		}
		t.push(tok, line)
	case xml.CharData:
		x = bytes.TrimSpace(x)
		if !parses(kind, x) {
			t.repaired++
			if kind == numNullable {
				// On text that does not parse, Nullable*.UnmarshalXML returns
				// without consuming the element, which fails the whole file;
				// on a non-text token it Skips. Either way the value is null.
				t.push(commentUnreadable, line)
				return
			}
			x = xml.CharData{} // encoding/xml reads empty text as 0
		}
		t.push(x, line)
	default:
		t.push(tok, line)
	}
}

var (
	commentEmpty      xml.Token = xml.Comment("empty")
	commentUnreadable xml.Token = xml.Comment("unreadable number")
)

// Numeric elements of gpxgo's model that one bad value would make fail the
// whole file, though gainguard ignores or can do without them.
const (
	numNullable = iota // gpxgo NullableFloat64/NullableInt: <ele>, <number>
	numFloat           // *float64
	numInt             // *int
)

var numericElems = map[string]int{
	"ele": numNullable, "number": numNullable,
	"hdop": numFloat, "vdop": numFloat, "pdop": numFloat, "ageofdgpsdata": numFloat,
	"sat": numInt, "dgpsid": numInt,
}

// coordAttrs are float attributes of elements gainguard does not use
// (waypoints, route points, bounds); unreadable values become "0" rather
// than failing the file. Track point lat/lon are left alone: a track point
// without a readable position is a broken file.
var coordAttrs = map[string][]string{
	"wpt": {"lat", "lon"}, "rtept": {"lat", "lon"},
	"bounds": {"minlat", "minlon", "maxlat", "maxlon"},
}

func parses(kind int, b []byte) bool {
	if kind == numInt {
		_, err := strconv.ParseInt(string(b), 10, 64)
		return err == nil
	}
	_, err := strconv.ParseFloat(string(b), 64)
	return err == nil
}

func (t *tap) fixAttrs(se xml.StartElement, names []string) (xml.StartElement, bool) {
	var attrs []xml.Attr
	for i, a := range se.Attr {
		if a.Name.Space != "" || !slices.Contains(names, a.Name.Local) {
			continue
		}
		if _, err := strconv.ParseFloat(strings.TrimSpace(a.Value), 64); err == nil {
			continue
		}
		if attrs == nil {
			attrs = slices.Clone(se.Attr)
		}
		attrs[i].Value = "0"
		t.repaired++
	}
	if attrs == nil {
		return se, false
	}
	se.Attr = attrs
	return se, true
}

func (t *tap) observe(tt tapped) {
	switch x := tt.tok.(type) {
	case xml.StartElement:
		t.depth++
		t.elem, t.line = x.Name.Local, tt.line
		if t.matched == t.depth-1 && t.depth <= len(timePath) && x.Name.Local == timePath[t.depth-1] {
			t.matched = t.depth
			switch t.depth {
			case 4:
				t.times = append(t.times, rawTime{})
			case 5:
				t.timeBuf = t.timeBuf[:0]
			}
		}
	case xml.EndElement:
		if t.matched == t.depth {
			if t.depth == 5 && len(t.times) > 0 {
				// gpxgo keeps the last <time> of a point; so do we.
				t.times[len(t.times)-1] = rawTime{s: string(bytes.TrimSpace(t.timeBuf)), ok: true}
			}
			t.matched--
		}
		t.depth--
	case xml.CharData:
		if t.matched == 5 && t.depth == 5 && len(t.timeBuf) < 256 {
			t.timeBuf = append(t.timeBuf, x...)
		}
	}
}

// formatError turns a gpxgo/encoding/xml failure into a *FormatError.
func (t *tap) formatError(err error) *FormatError {
	var se *xml.SyntaxError
	switch {
	case errors.As(err, &se):
		return &FormatError{Format: "gpx", What: WhatMalformed, Line: se.Line, Err: err}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &FormatError{Format: "gpx", What: WhatMalformed + ": unexpected end of file", Line: t.line, Err: err}
	}
	return &FormatError{Format: "gpx", What: WhatInvalid, Element: t.elem, Line: t.line, Err: err}
}
