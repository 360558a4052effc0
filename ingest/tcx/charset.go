package tcx

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// charsetReader is the xml.Decoder's CharsetReader: it is called only when
// the XML declaration names an encoding other than "UTF-8". Single-byte
// Latin encodings are mapped byte by byte (ISO-8859-1 is the first 256 code
// points of Unicode; windows-1252 differs only in 0x80–0x9F); every other
// encoding fails with an error that names it.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8":
		return in, nil
	case "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819":
		return &latin1Reader{r: in}, nil
	case "windows-1252", "cp1252", "x-cp1252", "win-1252":
		return &latin1Reader{r: in, cp1252: true}, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q (UTF-8, ISO-8859-1 and windows-1252 are read)", label)
}

// cp1252 holds the code points of windows-1252 bytes 0x80–0x9F; the five
// undefined bytes map to U+FFFD.
var cp1252 = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}

// latin1Reader transcodes a single-byte Latin stream to UTF-8.
type latin1Reader struct {
	r      io.Reader
	cp1252 bool
	in     []byte
	out    []byte // transcoded bytes not yet returned
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(l.out) == 0 {
		if l.in == nil {
			l.in = make([]byte, 4096)
		}
		n, err := l.r.Read(l.in)
		buf := l.out[:0]
		for _, b := range l.in[:n] {
			switch {
			case b < utf8.RuneSelf:
				buf = append(buf, b)
			case l.cp1252 && b < 0xA0:
				buf = utf8.AppendRune(buf, cp1252[b-0x80])
			default:
				buf = utf8.AppendRune(buf, rune(b))
			}
		}
		l.out = buf
		if n == 0 {
			if err == nil {
				return 0, nil
			}
			return 0, err
		}
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	return n, nil
}
