package applehealth

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// The fast path: a streaming byte scanner for export.xml. It reads the file
// in 1 MiB chunks and hands each start and end tag to a handler, with the
// attributes as slices of its buffer (no strings, no encoding/xml tokens,
// no reflection). It knows just enough XML for what the Health app writes:
// tags with quoted attributes, comments, processing instructions, CDATA,
// and a DOCTYPE whose internal subset it skips without reading, which is
// how it survives the iOS 16 DTD with an ATTLIST that is never closed.
// Control characters (U+000B...) are replaced by spaces as they are read
// and counted. The reference parser in the tests (encoding/xml behind the
// same repairs) must produce the same events; TestFastMatchesReference and
// FuzzFastMatchesReference hold the two equal.

// attr is one attribute: name and value as they are in the buffer; esc is
// true when the value holds an entity reference ("&amp;") still to decode.
type attr struct {
	name, val []byte
	esc       bool
}

// handler receives the elements in document order. depth is the number of
// open ancestors (0 for the root). The slices are valid during the call
// only.
type handler interface {
	start(depth int, name []byte, attrs []attr) error
	end(depth int, name []byte) error
}

const (
	chunkSize = 1 << 20
	// maxToken caps one tag (or the DOCTYPE): a longer one is refused
	// rather than buffered without bound.
	maxToken = 64 << 20
	maxDepth = 64
)

// repairs are the malformations the scanner got past, for the file's notes.
type repairs struct {
	controlChars int64    // control characters replaced by spaces
	firstControl int64    // byte offset of the first one
	brokenDecls  []string // DOCTYPE declarations never closed ("ATTLIST VisionPrescription")
	spacedAttrs  int64    // attribute names with spaces (Withings, 2015)
}

type scanner struct {
	r      io.Reader
	buf    []byte
	pos    int // next byte to read in buf
	end    int // end of valid data in buf
	eof    bool
	base   int64 // file offset of buf[0]
	attrs  []attr
	stack  []byte // open element names, concatenated
	starts []int  // offsets in stack
	fix    repairs
	root   bool // the root element was seen
	closed bool // the root element was closed
}

// syntaxError is a malformed document, with the byte offset where it was
// found.
type syntaxError struct {
	off int64
	msg string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("XML syntax error at byte %d: %s", e.off, e.msg)
}

func (s *scanner) errorf(at int, format string, args ...any) error {
	return &syntaxError{off: s.base + int64(at), msg: fmt.Sprintf(format, args...)}
}

// fill moves the unread bytes to the front and reads more; it returns
// false at the end of the input. Read errors are returned.
func (s *scanner) fill() (bool, error) {
	if s.eof {
		return false, nil
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxToken {
			return false, s.errorf(0, "a tag longer than %d MiB", maxToken>>20)
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	// Read until the buffer is full (or the input ends), so that a token
	// left incomplete is scanned again only after the data doubled.
	n, err := io.ReadFull(s.r, s.buf[s.end:])
	s.clean(s.buf[s.end : s.end+n])
	s.end += n
	switch err {
	case nil:
		return true, nil
	case io.EOF, io.ErrUnexpectedEOF:
		s.eof = true
		return n > 0, nil
	}
	return false, err
}

// clean replaces control characters (other than tab, CR and LF), which XML
// forbids and the Health app writes now and then, by spaces.
func (s *scanner) clean(b []byte) {
	for i, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			if s.fix.controlChars == 0 {
				s.fix.firstControl = s.base + int64(s.end+i)
			}
			s.fix.controlChars++
			b[i] = ' '
		}
	}
}

// scan reads the whole document, calling h for every element.
func (s *scanner) scan(h handler) error {
	if s.buf == nil {
		s.buf = make([]byte, chunkSize)
	}
	if _, err := s.fill(); err != nil {
		return err
	}
	if bytes.HasPrefix(s.buf[:s.end], bom) {
		s.pos = len(bom)
	}
	for {
		i := bytes.IndexByte(s.buf[s.pos:s.end], '<')
		if i < 0 {
			if err := s.text(s.buf[s.pos:s.end]); err != nil {
				return err
			}
			s.pos = s.end
			more, err := s.fill()
			if err != nil {
				return err
			}
			if !more {
				break
			}
			continue
		}
		if err := s.text(s.buf[s.pos : s.pos+i]); err != nil {
			return err
		}
		s.pos += i
		n, err := s.token(h)
		if err != nil {
			return err
		}
		if n == 0 { // the token continues past the buffer
			more, err := s.fill()
			if err != nil {
				return err
			}
			if !more {
				return s.errorf(s.pos, "the file ends inside a tag")
			}
			continue
		}
		s.pos += n
	}
	switch {
	case !s.root:
		return errNoRoot
	case len(s.starts) > 0:
		return s.errorf(s.end, "the file ends inside <%s> (truncated?)", s.stack[s.starts[len(s.starts)-1]:])
	}
	return nil
}

var errNoRoot = errors.New("no XML element in the file")

// text checks character data between tags: only white space is allowed
// outside the root; inside, text is ignored (Apple's elements carry their
// data in attributes).
func (s *scanner) text(b []byte) error {
	if s.root && !s.closed {
		return nil
	}
	for i, c := range b {
		if !isBlank(c) {
			return s.errorf(s.pos+i, "text outside the root element")
		}
	}
	return nil
}

var bom = []byte{0xEF, 0xBB, 0xBF}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// token reads the markup at s.buf[s.pos] ('<') and returns its length, or
// 0 when it is not complete in the buffer.
func (s *scanner) token(h handler) (int, error) {
	b := s.buf[s.pos:s.end]
	if len(b) < 2 {
		return 0, nil
	}
	switch b[1] {
	case '?':
		return s.until(b, "?>", "a processing instruction")
	case '!':
		switch {
		case len(b) < 9 && !s.eof:
			return 0, nil
		case bytes.HasPrefix(b, []byte("<!--")):
			return s.until(b, "-->", "a comment")
		case bytes.HasPrefix(b, []byte("<![CDATA[")):
			n, err := s.until(b, "]]>", "a CDATA section")
			if n > 0 && err == nil {
				err = s.text(b[9 : n-3])
			}
			return n, err
		case bytes.HasPrefix(b, []byte("<!DOCTYPE")):
			if s.root {
				return 0, s.errorf(s.pos, "DOCTYPE inside the document")
			}
			return s.doctype(b)
		}
		return 0, s.errorf(s.pos, "unknown markup %q", clip(b, 12))
	case '/':
		return s.endTag(b, h)
	}
	return s.startTag(b, h)
}

// until returns the length of b up to and including the first sep.
func (s *scanner) until(b []byte, sep, what string) (int, error) {
	i := bytes.Index(b[2:], []byte(sep))
	if i < 0 {
		if s.eof {
			return 0, s.errorf(s.pos, "%s never ends", what)
		}
		return 0, nil
	}
	return 2 + i + len(sep), nil
}

// doctype skips <!DOCTYPE name [ internal subset ]>. The subset is not
// parsed: it ends at the first ']' followed by '>' (blanks between), and
// its declarations are only checked to be closed before the next one
// starts, so that a broken one (iOS 16 leaves an ATTLIST open) is noted,
// not fatal.
func (s *scanner) doctype(b []byte) (int, error) {
	i := 9
	for ; i < len(b) && b[i] != '[' && b[i] != '>'; i++ {
	}
	if i == len(b) {
		return s.more("the DOCTYPE never ends")
	}
	if b[i] == '>' {
		return i + 1, nil
	}
	for j := i + 1; ; {
		k := bytes.IndexByte(b[j:], ']')
		if k < 0 {
			return s.more("the DOCTYPE never ends")
		}
		e := j + k + 1
		for ; e < len(b) && isBlank(b[e]); e++ {
		}
		if e == len(b) {
			return s.more("the DOCTYPE never ends")
		}
		if b[e] == '>' {
			s.fix.brokenDecls = append(s.fix.brokenDecls, unclosedDecls(b[i+1:j+k])...)
			return e + 1, nil
		}
		j = j + k + 1
	}
}

// unclosedDecls names the declarations of a DTD subset that the next one
// (or the subset's end) interrupts before their '>'; comments are skipped.
func unclosedDecls(subset []byte) []string {
	var out []string
	open := -1
	for i := 0; i < len(subset); i++ {
		switch subset[i] {
		case '<':
			if bytes.HasPrefix(subset[i:], []byte("<!--")) {
				j := bytes.Index(subset[i+4:], []byte("-->"))
				if j < 0 {
					i = len(subset)
					continue
				}
				i += 4 + j + 2
				continue
			}
			if open >= 0 {
				out = append(out, declName(subset[open:i]))
			}
			open = i
		case '>':
			open = -1
		}
	}
	if open >= 0 {
		out = append(out, declName(subset[open:]))
	}
	return out
}

// more asks for more input, or fails with msg at the end of the file.
func (s *scanner) more(msg string) (int, error) {
	if s.eof {
		return 0, s.errorf(s.pos, "%s", msg)
	}
	return 0, nil
}

// declName names a DTD declaration for a note: "ATTLIST VisionPrescription".
func declName(d []byte) string {
	f := bytes.Fields(bytes.TrimPrefix(d, []byte("<!")))
	if len(f) >= 2 {
		return string(clip(f[0], 16)) + " " + string(clip(f[1], 64))
	}
	return string(clip(d, 64))
}

func clip(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

func (s *scanner) endTag(b []byte, h handler) (int, error) {
	i := bytes.IndexByte(b, '>')
	if i < 0 {
		return s.more("the file ends inside an end tag")
	}
	name := bytes.TrimRight(b[2:i], " \t\r\n")
	if len(s.starts) == 0 {
		return 0, s.errorf(s.pos, "unexpected end tag </%s>", clip(name, 64))
	}
	top := len(s.starts) - 1
	if open := s.stack[s.starts[top]:]; !bytes.Equal(open, name) {
		return 0, s.errorf(s.pos, "end tag </%s> does not match <%s>", clip(name, 64), clip(open, 64))
	}
	if err := h.end(top, name); err != nil {
		return 0, err
	}
	s.stack = s.stack[:s.starts[top]]
	s.starts = s.starts[:top]
	if top == 0 {
		s.closed = true
	}
	return i + 1, nil
}

func isNameEnd(c byte) bool { return isBlank(c) || c == '>' || c == '/' || c == '=' }

func (s *scanner) startTag(b []byte, h handler) (int, error) {
	i := 1
	for ; i < len(b) && !isNameEnd(b[i]); i++ {
	}
	if i == len(b) {
		return s.more("the file ends inside a start tag")
	}
	name := b[1:i]
	if len(name) == 0 || !nameStart(name[0]) {
		return 0, s.errorf(s.pos, "bad element name %q", clip(b, 16))
	}
	if s.closed {
		return 0, s.errorf(s.pos, "a second root element <%s>", clip(name, 64))
	}
	s.attrs = s.attrs[:0]
	for {
		for ; i < len(b) && isBlank(b[i]); i++ {
		}
		if i == len(b) {
			return s.more("the file ends inside a start tag")
		}
		switch b[i] {
		case '>':
			return i + 1, s.open(name, h, false)
		case '/':
			if i+1 == len(b) {
				return s.more("the file ends inside a start tag")
			}
			if b[i+1] != '>' {
				return 0, s.errorf(s.pos+i, "'/' not followed by '>' in <%s>", clip(name, 64))
			}
			return i + 2, s.open(name, h, true)
		}
		// An attribute: name, '=', quoted value. Names with spaces
		// (old Withings records) are read up to the '='.
		j, blank, last := i, false, i // last: end of the name without trailing blanks
		for ; j < len(b); j++ {
			c := b[j]
			if c == '=' || c == '>' || c == '"' || c == '\'' || c == '<' {
				break
			}
			if isBlank(c) {
				blank = true
			} else {
				last = j + 1
			}
		}
		if j == len(b) {
			return s.more("the file ends inside a start tag")
		}
		if b[j] != '=' {
			return 0, s.errorf(s.pos+i, "attribute without a value in <%s>", clip(name, 64))
		}
		an := b[i:last]
		if blank && bytes.IndexAny(an, " \t\r\n") >= 0 {
			s.fix.spacedAttrs++
		}
		if len(an) == 0 || !nameStart(an[0]) {
			return 0, s.errorf(s.pos+i, "bad attribute name in <%s>", clip(name, 64))
		}
		for j++; j < len(b) && isBlank(b[j]); j++ {
		}
		if j == len(b) {
			return s.more("the file ends inside a start tag")
		}
		q := b[j]
		if q != '"' && q != '\'' {
			return 0, s.errorf(s.pos+j, "unquoted attribute value in <%s>", clip(name, 64))
		}
		k := bytes.IndexByte(b[j+1:], q)
		if k < 0 {
			return s.more("the file ends inside an attribute value")
		}
		val := b[j+1 : j+1+k]
		if bytes.IndexByte(val, '<') >= 0 {
			return 0, s.errorf(s.pos+j, "'<' in an attribute value of <%s>", clip(name, 64))
		}
		if bytes.IndexByte(val, '\r') >= 0 {
			// XML reads CR LF and a lone CR as LF (a copy: the buffer
			// must stay as it is in case the tag is read again).
			val = bytes.ReplaceAll(bytes.ReplaceAll(val, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
		}
		s.attrs = append(s.attrs, attr{name: an, val: val, esc: bytes.IndexByte(val, '&') >= 0})
		i = j + 2 + k
	}
}

// nameStart accepts what may begin an XML name (any non-ASCII byte too).
func nameStart(c byte) bool {
	return c == '_' || c == ':' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= 0x80
}

func (s *scanner) open(name []byte, h handler, empty bool) error {
	depth := len(s.starts)
	if depth >= maxDepth {
		return s.errorf(s.pos, "elements nested deeper than %d", maxDepth)
	}
	s.root = true
	if err := h.start(depth, name, s.attrs); err != nil {
		return err
	}
	if empty {
		if depth == 0 {
			s.closed = true
		}
		return h.end(depth, name)
	}
	s.starts = append(s.starts, len(s.stack))
	s.stack = append(s.stack, name...)
	return nil
}
