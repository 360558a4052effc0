package gpx

import (
	"bytes"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// The fast path: a byte scanner for the common GPX document (UTF-8, tracks
// of <trkpt lat lon> with <ele>, <time> and HR/cadence/power extensions)
// that fills the same docData the gpxgo path builds, without encoding/xml
// tokens or reflection. It only accepts what it is sure gpxgo (behind the
// tap) reads the same way and without error; on anything else decodeFast
// reports "not handled" and Decode runs the gpxgo path on the same bytes.
// TestFastMatchesGpxgo and FuzzFastMatchesGpxgo hold the two paths equal.

// decodeFast decodes data (UTF-8, BOM removed) if the fast path can;
// handled is false when the gpxgo path must decide.
func decodeFast(data []byte) (doc docData, handled bool) {
	if !validChars(data) {
		return docData{}, false
	}
	f := fastDoc{s: scanner{b: data}}
	if !f.document() {
		return docData{}, false
	}
	return f.doc, true
}

// validChars reports whether b is valid UTF-8 holding only characters
// encoding/xml accepts in text (no control characters but tab, CR and LF,
// no U+FFFE/U+FFFF).
func validChars(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += size
	}
	return true
}

// Token kinds of the scanner.
const (
	tkStart = iota + 1 // start tag (a self-closing tag is a start, then an end)
	tkEnd
	tkText
	tkComment
)

type attr struct{ name, val []byte }

// span is b[off:end].
type span struct{ off, end int }

// pushName opens the element whose raw name is s.name, at s.b[off:].
func (s *scanner) pushName(off int) {
	s.stack = append(s.stack, span{off, off + len(s.name)})
}

// scanner splits a document into tags, text and comments. It checks what
// encoding/xml checks (names, attribute syntax, quoting, entities, tag
// nesting) but is stricter: it accepts only ASCII names with at most one
// colon, name="value" attributes separated by blanks, the five predefined
// entities, and no CDATA, DOCTYPE or processing instruction; on anything
// else it fails and the document goes to the gpxgo path.
type scanner struct {
	b     []byte
	i     int
	stack []span // raw names of the open elements (no pointers: no write barriers)

	pendingEnd bool // the last start tag was self-closing

	// The current token.
	name, local []byte // tkStart, tkEnd
	attrs       []attr // tkStart
	text        []byte // tkText (raw), tkComment
	amp         bool   // tkText or attribute values: contains an entity
}

// nameChar classifies ASCII bytes: 1 may start a name, 2 may continue one.
var nameChar = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = 3, 3
	}
	t['_'] = 3
	for c := '0'; c <= '9'; c++ {
		t[c] = 2
	}
	t['.'], t['-'] = 2, 2
	return t
}()

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// scanName reads a name at s.i: NCName or prefix:NCName.
func (s *scanner) scanName() (name, local []byte, ok bool) {
	start := s.i
	colon := -1
	for i := s.i; i < len(s.b); i++ {
		c := s.b[i]
		switch {
		case nameChar[c]&1 != 0:
		case nameChar[c]&2 != 0:
			if i == start || colon >= 0 && i == colon+1 {
				return nil, nil, false
			}
		case c == ':':
			if colon >= 0 || i == start {
				return nil, nil, false
			}
			colon = i
		default:
			if i == start || colon >= 0 && i == colon+1 {
				return nil, nil, false
			}
			s.i = i
			if colon >= 0 {
				return s.b[start:i], s.b[colon+1 : i], true
			}
			return s.b[start:i], s.b[start:i], true
		}
	}
	return nil, nil, false // no end of the name before EOF
}

// entities checks the '&' references of text: only &lt; &gt; &amp; &apos;
// &quot; are accepted. It reports whether there are any. It also refuses
// "]]>", which encoding/xml rejects outside CDATA.
func entities(text []byte) (amp, ok bool) {
	if bytes.IndexByte(text, ']') >= 0 && bytes.Contains(text, []byte("]]>")) {
		return false, false
	}
	for {
		k := bytes.IndexByte(text, '&')
		if k < 0 {
			return amp, true
		}
		text = text[k+1:]
		switch {
		case bytes.HasPrefix(text, []byte("lt;")), bytes.HasPrefix(text, []byte("gt;")),
			bytes.HasPrefix(text, []byte("amp;")), bytes.HasPrefix(text, []byte("apos;")),
			bytes.HasPrefix(text, []byte("quot;")):
			amp = true
		default:
			return amp, false
		}
	}
}

// next reads the next token; ok is false on anything the scanner does not
// accept and at the end of the input.
func (s *scanner) next() (kind int, ok bool) {
	if s.pendingEnd {
		s.pendingEnd = false
		return s.pop()
	}
	b := s.b
	if s.i >= len(b) {
		return 0, false
	}
	if b[s.i] != '<' {
		k := bytes.IndexByte(b[s.i:], '<')
		if k < 0 {
			return 0, false // text runs to EOF inside an element
		}
		s.text = b[s.i : s.i+k]
		s.i += k
		if s.amp, ok = entities(s.text); !ok {
			return 0, false
		}
		return tkText, true
	}
	if s.i+1 >= len(b) {
		return 0, false
	}
	switch b[s.i+1] {
	case '/':
		s.i += 2
		name, local, ok := s.scanName()
		if !ok {
			return 0, false
		}
		for s.i < len(b) && isBlank(b[s.i]) {
			s.i++
		}
		if s.i >= len(b) || b[s.i] != '>' {
			return 0, false
		}
		s.i++
		s.name, s.local = name, local
		return s.pop()
	case '!':
		if !bytes.HasPrefix(b[s.i:], []byte("<!--")) {
			return 0, false // CDATA, DOCTYPE...
		}
		body := b[s.i+4:]
		k := bytes.Index(body, []byte("--"))
		if k < 0 || k+2 >= len(body) || body[k+2] != '>' {
			return 0, false
		}
		s.text = body[:k]
		s.i += 4 + k + 3
		return tkComment, true
	case '?':
		return 0, false
	}
	s.i++
	nameOff := s.i
	name, local, ok := s.scanName()
	if !ok {
		return 0, false
	}
	s.name, s.local = name, local
	s.attrs = s.attrs[:0]
	s.amp = false
	for {
		if s.i >= len(b) {
			return 0, false
		}
		switch c := b[s.i]; {
		case c == '>':
			s.i++
			s.pushName(nameOff)
			return tkStart, true
		case c == '/':
			if s.i+1 >= len(b) || b[s.i+1] != '>' {
				return 0, false
			}
			s.i += 2
			s.pushName(nameOff)
			s.pendingEnd = true
			return tkStart, true
		case !isBlank(c):
			return 0, false
		}
		for s.i < len(b) && isBlank(b[s.i]) {
			s.i++
		}
		if s.i < len(b) && (b[s.i] == '>' || b[s.i] == '/') {
			continue
		}
		an, _, ok := s.scanName()
		if !ok || s.i+1 >= len(b) || b[s.i] != '=' {
			return 0, false
		}
		q := b[s.i+1]
		if q != '"' && q != '\'' {
			return 0, false
		}
		s.i += 2
		k := bytes.IndexByte(b[s.i:], q)
		if k < 0 {
			return 0, false
		}
		val := b[s.i : s.i+k]
		if bytes.IndexByte(val, '<') >= 0 {
			return 0, false
		}
		amp, ok := entities(val)
		if !ok {
			return 0, false
		}
		s.amp = s.amp || amp
		s.attrs = append(s.attrs, attr{an, val})
		s.i += k + 1
		if s.i < len(b) && !isBlank(b[s.i]) && b[s.i] != '>' && b[s.i] != '/' {
			return 0, false
		}
	}
}

// pop closes the innermost element; its name must be s.name.
func (s *scanner) pop() (int, bool) {
	n := len(s.stack)
	if n == 0 {
		return 0, false
	}
	top := s.b[s.stack[n-1].off:s.stack[n-1].end]
	s.stack = s.stack[:n-1]
	if !bytes.Equal(top, s.name) {
		return 0, false
	}
	s.name, s.local = top, localOf(top)
	return tkEnd, true
}

func localOf(name []byte) []byte {
	if k := bytes.IndexByte(name, ':'); k >= 0 {
		return name[k+1:]
	}
	return name
}

// fastDoc walks the document structure on top of the scanner.
type fastDoc struct {
	s   scanner
	v10 bool
	doc docData
}

// document reads the prolog and the root element.
func (f *fastDoc) document() bool {
	s := &f.s
	if bytes.HasPrefix(s.b, []byte("<?xml")) {
		if !f.declaration() {
			return false
		}
	}
	for {
		kind, ok := s.next()
		if !ok {
			return false
		}
		switch kind {
		case tkText:
			if len(bytes.TrimLeft(s.text, " \t\r\n")) > 0 {
				return false
			}
		case tkComment:
		case tkStart:
			return f.root()
		default:
			return false
		}
	}
}

// declaration reads <?xml version="1.0" encoding="UTF-8" standalone=".."?>
// at the very start, accepting only UTF-8 (or no encoding).
func (f *fastDoc) declaration() bool {
	b := f.s.b
	end := bytes.Index(b, []byte("?>"))
	if end < 0 || len(b) < 6 || !isBlank(b[5]) {
		return false
	}
	rest := b[5:end]
	for {
		rest = bytes.TrimLeft(rest, " \t\r\n")
		if len(rest) == 0 {
			break
		}
		eq := bytes.IndexByte(rest, '=')
		if eq < 0 || eq+1 >= len(rest) {
			return false
		}
		name := rest[:eq]
		q := rest[eq+1]
		if q != '"' && q != '\'' {
			return false
		}
		k := bytes.IndexByte(rest[eq+2:], q)
		if k < 0 {
			return false
		}
		val := rest[eq+2 : eq+2+k]
		switch string(name) {
		case "version":
			if string(val) != "1.0" {
				return false
			}
		case "encoding":
			if !bytes.EqualFold(val, []byte("utf-8")) {
				return false
			}
		case "standalone":
			if string(val) != "yes" && string(val) != "no" {
				return false
			}
		default:
			return false
		}
		rest = rest[eq+2+k+1:]
		if len(rest) > 0 && !isBlank(rest[0]) {
			return false
		}
	}
	f.s.i = end + 2
	return true
}

// root reads <gpx ...>...</gpx>; what follows the root element is not read
// by the gpxgo path either.
func (f *fastDoc) root() bool {
	s := &f.s
	if string(s.name) != "gpx" {
		return false
	}
	for _, a := range s.attrs {
		switch string(localOf(a.name)) {
		case "version":
			if bytes.IndexByte(a.val, '&') >= 0 {
				return false
			}
			if bytes.HasPrefix(bytes.TrimSpace(a.val), []byte("1.0")) {
				f.v10 = true
			}
		case "creator":
			c, ok := keptText(a.val)
			if !ok {
				return false
			}
			f.doc.creator = c
		}
	}
	if s.pendingEnd {
		return false // <gpx/>
	}
	for {
		kind, ok := s.next()
		if !ok {
			return false
		}
		switch kind {
		case tkText, tkComment:
		case tkEnd:
			return true
		case tkStart:
			switch string(s.local) {
			case "trk":
				if !f.trk() {
					return false
				}
			case "metadata":
				if f.v10 {
					if !f.other(false) {
						return false
					}
				} else if !f.metadata() {
					return false
				}
			case "name":
				if !f.v10 {
					if !f.other(false) {
						return false
					}
					break
				}
				t, ok := f.keptElem()
				if !ok {
					return false
				}
				f.doc.name = t
			default:
				if !f.other(false) {
					return false
				}
			}
		}
	}
}

// children reads the children of the current element (after its start
// tag) up to its end tag: text is skipped, comments are refused unless
// commentsOK, and child is called on each child element's start tag (it
// must consume the element). It reports whether the fast path can go on.
func (f *fastDoc) children(commentsOK bool, child func() bool) bool {
	for {
		kind, ok := f.s.next()
		if !ok {
			return false
		}
		switch kind {
		case tkComment:
			if !commentsOK {
				return false
			}
		case tkEnd:
			return true
		case tkStart:
			if !child() {
				return false
			}
		}
	}
}

// metadata reads a GPX 1.1 <metadata> (after its start tag).
func (f *fastDoc) metadata() bool {
	return f.children(true, func() bool {
		if string(f.s.local) != "name" {
			return f.other(false)
		}
		t, ok := f.keptElem()
		f.doc.name = t
		return ok
	})
}

// keptText returns text (attribute value or element text) as encoding/xml
// would deliver it, when the mapping keeps it (names, types, creator): the
// five predefined entities (the only ones the scanner accepts) are
// replaced. ok is false on a CR inside the trimmed text, since
// encoding/xml turns CR LF and CR into LF.
func keptText(t []byte) (string, bool) {
	if bytes.IndexByte(bytes.TrimSpace(t), '\r') >= 0 {
		return "", false
	}
	if bytes.IndexByte(t, '&') < 0 {
		return string(t), true
	}
	out := make([]byte, 0, len(t))
	for len(t) > 0 {
		k := bytes.IndexByte(t, '&')
		if k < 0 {
			out = append(out, t...)
			break
		}
		out = append(out, t[:k]...)
		t = t[k:]
		matched := false
		for _, e := range predefined {
			if bytes.HasPrefix(t, []byte(e.ref)) {
				out = append(out, e.c)
				t = t[len(e.ref):]
				matched = true
				break
			}
		}
		if !matched { // cannot happen: entities() checked
			return "", false
		}
	}
	return string(out), true
}

var predefined = [...]struct {
	ref string
	c   byte
}{{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&apos;", '\''}, {"&quot;", '"'}}

// textElem reads the content of the element just started when it is at
// most one text node (no child element, no comment); amp reports entities
// in it.
func (f *fastDoc) textElem() (text []byte, amp, ok bool) {
	s := &f.s
	for {
		kind, ok := s.next()
		if !ok {
			return nil, false, false
		}
		switch kind {
		case tkText:
			if text != nil {
				return nil, false, false
			}
			text, amp = s.text, s.amp
		case tkEnd:
			return text, amp, true
		default:
			return nil, false, false
		}
	}
}

// rawElem is textElem for text read as is (numbers, times): no entities.
func (f *fastDoc) rawElem() ([]byte, bool) {
	t, amp, ok := f.textElem()
	return t, ok && !amp
}

// keptElem is textElem for text the mapping keeps (names, types).
func (f *fastDoc) keptElem() (string, bool) {
	t, _, ok := f.textElem()
	if !ok {
		return "", false
	}
	return keptText(t)
}

// strictNumber reports whether t, already trimmed, is a plain decimal
// number ([+-]digits[.digits][e[+-]digits] and the like).
func strictNumber(t []byte) bool {
	if len(t) == 0 || len(t) > 64 {
		return false
	}
	for _, c := range t {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return false
		}
	}
	return true
}

// numElem checks the element just started, whose local name is one of
// the tap's numericElems, and returns its trimmed text: it must be one
// plain number the tap leaves alone (no repair, no note).
func (f *fastDoc) numElem(kind int) ([]byte, bool) {
	t, ok := f.rawElem()
	if !ok {
		return nil, false
	}
	t = bytes.TrimSpace(t)
	return t, strictNumber(t) && parses(kind, t)
}

// other consumes an element the mapping does not use (after its start
// tag), making sure gpxgo and the tap do not read anything from it that
// could change the result: numbers the tap would repair, waypoints,
// routes, misplaced track elements and bounds with odd coordinates are
// refused. Inside a track, comments are refused too.
func (f *fastDoc) other(inTrk bool) bool {
	if handled, ok := f.guarded(); handled {
		return ok
	}
	return f.children(!inTrk, func() bool { return f.other(inTrk) })
}

// guarded consumes (after its start tag) an element that gpxgo or the tap
// treat specially wherever it stands, and reports whether the fast path
// can go on: numbers the tap trims or repairs (only plain numbers, which
// it leaves alone, are accepted), waypoint, route and misplaced track
// elements (refused), and bounds (attributes for GPX 1.1 and the tap,
// child elements for gpxgo's GPX 1.0 model, <MinLatitude>...: no child
// element is accepted). handled is false, and nothing is consumed, for
// any other element.
func (f *fastDoc) guarded() (handled, ok bool) {
	s := &f.s
	if kind, isNum := numericElems[string(s.local)]; isNum {
		_, ok := f.numElem(kind)
		return true, ok
	}
	switch string(s.local) {
	case "wpt", "rte", "rtept", "trk", "trkseg", "trkpt":
		return true, false
	case "bounds":
		if !f.boundsOK() {
			return true, false
		}
		_, _, ok := f.textElem()
		return true, ok
	}
	return false, false
}

// boundsOK checks a <bounds> start tag: the tap would rewrite coordinates
// that do not parse, gpxgo would fail on some; accept plain numbers only.
func (f *fastDoc) boundsOK() bool {
	for _, a := range f.s.attrs {
		if bytes.IndexByte(a.name, ':') >= 0 {
			return false
		}
		switch string(a.name) {
		case "minlat", "minlon", "maxlat", "maxlon":
			if !strictNumber(a.val) {
				return false
			}
			if _, err := strconv.ParseFloat(string(a.val), 64); err != nil {
				return false
			}
		}
	}
	return true
}

// trk reads one <trk> (after its start tag).
func (f *fastDoc) trk() bool {
	s := &f.s
	f.doc.tracks = append(f.doc.tracks, trackData{})
	td := &f.doc.tracks[len(f.doc.tracks)-1]
	seg := 0
	for {
		kind, ok := s.next()
		if !ok {
			return false
		}
		switch kind {
		case tkText:
		case tkComment:
			return false
		case tkEnd:
			return true
		case tkStart:
			switch string(s.local) {
			case "name":
				t, ok := f.keptElem()
				if !ok {
					return false
				}
				td.name = t
			case "type":
				t, ok := f.keptElem()
				if !ok {
					return false
				}
				td.typ = t
			case "trkseg":
				if !f.trkseg(td, seg) {
					return false
				}
				seg++
			default:
				if !f.other(true) {
					return false
				}
			}
		}
	}
}

// trkseg reads one <trkseg> (after its start tag).
func (f *fastDoc) trkseg(td *trackData, seg int) bool {
	return f.children(false, func() bool {
		if string(f.s.local) == "trkpt" {
			return f.trkpt(td, seg)
		}
		return f.other(true)
	})
}

// trkpt reads one <trkpt> (after its start tag).
func (f *fastDoc) trkpt(td *trackData, seg int) bool {
	s := &f.s
	var lat, lon float64
	var seenLat, seenLon bool
	for _, a := range s.attrs {
		var v *float64
		switch string(a.name) {
		case "lat":
			if seenLat {
				return false
			}
			seenLat, v = true, &lat
		case "lon":
			if seenLon {
				return false
			}
			seenLon, v = true, &lon
		default:
			return false
		}
		if !strictNumber(a.val) {
			return false
		}
		x, err := strconv.ParseFloat(unsafeString(a.val), 64)
		if err != nil {
			return false
		}
		*v = x
	}
	ele, hasEle := 0.0, false
	var tm []byte
	hasTime := false
	var ev extVals
	ev.init()
	for done := false; !done; {
		kind, ok := s.next()
		if !ok {
			return false
		}
		switch kind {
		case tkText:
		case tkComment:
			return false
		case tkEnd:
			done = true
		case tkStart:
			switch string(s.local) {
			case "ele":
				t, ok := f.numElem(numNullable)
				if !ok {
					return false
				}
				if ele, ok = parseFloat(t); !ok {
					return false
				}
				hasEle = true
			case "time":
				t, ok := f.rawElem()
				if !ok {
					return false
				}
				tm = bytes.TrimSpace(t)
				if bytes.IndexByte(tm, '\r') >= 0 {
					return false
				}
				hasTime = true
			case "extensions":
				if f.v10 { // gpxgo's GPX 1.0 points have no extensions
					if !f.other(true) {
						return false
					}
				} else if !f.extNodes(&ev, 0) {
					return false
				}
			default:
				if !f.other(true) {
					return false
				}
			}
		}
	}
	td.n++
	t, ok, bad := pointTime(unsafeString(tm), hasTime)
	if bad {
		td.badTime++
	}
	if ok {
		td.pts = append(td.pts, newPoint(t, seg, lat, lon, ele, hasEle, ev))
	}
	return true
}

func parseFloat(t []byte) (float64, bool) {
	v, err := strconv.ParseFloat(unsafeString(t), 64)
	return v, err == nil
}

// extNodes reads the children of an extension element (after its start
// tag); they are extension nodes at depth, as extVals.walk sees them.
func (f *fastDoc) extNodes(ev *extVals, depth int) bool {
	return f.children(false, func() bool { return f.extNode(ev, depth) })
}

// extNode reads one extension node at depth (after its start tag); a leaf
// (no child element) counts as a value when its name is one of extKinds.
func (f *fastDoc) extNode(ev *extVals, depth int) bool {
	s := &f.s
	if depth > extMaxDepth {
		return false
	}
	if handled, ok := f.guarded(); handled { // never an extKinds name
		return ok
	}
	var lower [16]byte
	kind := extNone
	if l := s.local; len(l) <= len(lower) {
		for i, c := range l {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[i] = c
		}
		kind = extKinds[string(lower[:len(l)])]
	}
	var text []byte
	leaf := true
	for {
		tk, ok := s.next()
		if !ok {
			return false
		}
		switch tk {
		case tkText:
			if s.amp {
				return false
			}
			text = s.text // a leaf has at most one text node
		case tkComment:
			return false
		case tkStart:
			leaf = false
			if !f.extNode(ev, depth+1) {
				return false
			}
		case tkEnd:
			if leaf && kind != extNone {
				ev.leaf(kind, unsafeString(text))
			}
			return true
		}
	}
}

// unsafeString views b as a string without copying. The document bytes are
// never modified once Decode has read them, and the strings made here are
// only parsed, not kept.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
