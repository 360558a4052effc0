package applehealth

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// readReference is the reference parser: encoding/xml, after the two
// repairs the fast scanner makes (the DOCTYPE cut out, control characters
// replaced by spaces), feeding the same builder. The fast path must give
// the same Export wherever this one succeeds.
func readReference(data []byte) (Export, error) {
	data = bytes.Clone(data)
	var fix repairs
	for i, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			if fix.controlChars == 0 {
				fix.firstControl = int64(i)
			}
			fix.controlChars++
			data[i] = ' '
		}
	}
	if i := bytes.Index(data, []byte("<!DOCTYPE")); i >= 0 && i < firstElement(data) {
		var n int
		if j, k := bytes.IndexByte(data[i:], '['), bytes.IndexByte(data[i:], '>'); k >= 0 && (j < 0 || k < j) {
			n = k + 1
		} else if end := doctypeEnd.FindIndex(data[i:]); end != nil {
			n = end[1]
			// The same check as the scanner's (TestBrokenDeclsReference
			// holds it to an independent one).
			fix.brokenDecls = unclosedDecls(data[i+bytes.IndexByte(data[i:], '[')+1 : i+end[0]])
		} else {
			return Export{}, errors.New("DOCTYPE never ends")
		}
		data = append(data[:i:i], data[i+n:]...)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	b := newBuilder()
	var stack []string
	root, closed := false, false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Export{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if closed {
				return Export{}, errors.New("second root")
			}
			root = true
			attrs := make([]attr, len(t.Attr))
			for i, a := range t.Attr {
				attrs[i] = attr{name: []byte(qname(a.Name)), val: []byte(a.Value)}
			}
			if err := b.start(len(stack), []byte(qname(t.Name)), attrs); err != nil {
				return Export{}, err
			}
			stack = append(stack, qname(t.Name))
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != qname(t.Name) {
				return Export{}, errors.New("mismatched end tag")
			}
			stack = stack[:len(stack)-1]
			if err := b.end(len(stack), []byte(qname(t.Name))); err != nil {
				return Export{}, err
			}
			closed = len(stack) == 0
		case xml.CharData:
			if (!root || closed) && len(bytes.Trim(t, " \t\r\n")) > 0 {
				return Export{}, errors.New("text outside the root")
			}
		case xml.Directive:
			return Export{}, errors.New("directive in the document")
		}
	}
	switch {
	case !root:
		return Export{}, errNoRoot
	case len(stack) > 0:
		return Export{}, errors.New("unclosed root")
	}
	return b.finish(fix), nil
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// firstElement is the offset of the first start tag ("<" and a name
// character), or len(data).
func firstElement(data []byte) int {
	for i := 0; i+1 < len(data); i++ {
		if data[i] == '<' && nameStart(data[i+1]) {
			return i
		}
	}
	return len(data)
}

var doctypeEnd = regexp.MustCompile(`\][ \t\r\n]*>`)

// brokenDecls lists the declarations of a DOCTYPE's subset that another
// starts inside of (by a plain regular expression, independent of the
// scanner's loop).
func brokenDecls(doctype []byte) []string {
	body := regexp.MustCompile(`(?s)<!--.*?-->`).ReplaceAll(doctype, nil)
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<!([A-Z]+)\s+(\S+)([^<>]*)(.)`).FindAllSubmatch(body, -1) {
		if string(m[1]) == "DOCTYPE" {
			continue
		}
		if string(m[4]) != ">" {
			out = append(out, string(m[1])+" "+string(m[2]))
		}
	}
	return out
}

// dump renders an Export for comparison (NaN prints as NaN, so two equal
// exports dump equal).
func dump(x Export) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%+v", x)
	return sb.String()
}

func readFast(data []byte) (Export, error) {
	return Read(bytes.NewReader(data))
}

// oneByteReader makes the scanner refill at every byte.
type oneByteReader struct{ b []byte }

func (r *oneByteReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = r.b[0]
	r.b = r.b[1:]
	return 1, nil
}

func TestBrokenDeclsReference(t *testing.T) {
	sub := GenerateHead[strings.Index(GenerateHead, "[")+1 : strings.Index(GenerateHead, "]>")]
	want := brokenDecls([]byte(sub))
	if len(want) != 1 || want[0] != "ATTLIST VisionPrescription" {
		t.Fatalf("reference finds %q", want)
	}
	if got := unclosedDecls([]byte(sub)); !slices.Equal(got, want) {
		t.Fatalf("scanner finds %q, reference %q", got, want)
	}
}
