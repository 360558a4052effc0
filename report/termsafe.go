package report

import (
	"fmt"
	"log/slog"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// TermSafe returns s with every character that could act on a terminal
// or reorder a line escaped as Go does ("\x1b", "\u202e"): C0 and C1
// controls (ESC sequences set the window title or clear the screen, a
// newline breaks a table), DEL, and the Unicode bidi controls and other
// invisible format characters (U+202E reverses what follows). Names from
// files (athletes, activities, exercises, paths) reach stdout and stderr
// only through it. A backslash is kept as it is: the escapes are for a
// reader, not for decoding. Bytes that are not UTF-8 are shown as \xNN.
func TermSafe(s string) string {
	if !needsTermEscape(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i]) // a byte that is not UTF-8
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unsafeRune reports the format characters (Unicode category Cf: bidi
// embeddings, overrides and isolates, zero-width marks) and the line and
// paragraph separators.
func unsafeRune(r rune) bool {
	return unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

func needsTermEscape(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r > 0x7f && unsafeRune(r)) {
			return true
		}
	}
	return false
}

// TermSafeAttr is a logger's ReplaceAttr: every string value (and error,
// string slice and Stringer) goes through [TermSafe], so that no log
// line, text or JSON, carries raw control or bidi characters.
func TermSafeAttr(_ []string, a slog.Attr) slog.Attr {
	switch v := a.Value; v.Kind() {
	case slog.KindString:
		if s := v.String(); needsTermEscape(s) {
			a.Value = slog.StringValue(TermSafe(s))
		}
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			a.Value = slog.StringValue(TermSafe(x.Error()))
		case []string:
			out := make([]string, len(x))
			for i, s := range x {
				out[i] = TermSafe(s)
			}
			a.Value = slog.AnyValue(out)
		case fmt.Stringer:
			a.Value = slog.StringValue(TermSafe(x.String()))
		}
	}
	return a
}

// JSONTermSafe escapes, in encoded JSON, the characters [TermSafe] would
// that encoding/json leaves raw (C1 controls, bidi and other format
// characters) as \uXXXX escapes: the document means the same, and a
// terminal shows it as written. Such characters only occur inside
// strings, where the escape is valid.
func JSONTermSafe(data []byte) []byte {
	s := string(data)
	if !needsTermEscape(s) {
		return data
	}
	var b strings.Builder
	for _, r := range s {
		if (r >= 0x80 && r < 0xa0) || (r > 0x7f && unsafeRune(r)) {
			if r > 0xffff {
				r1, r2 := utf16.EncodeRune(r)
				fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
				continue
			}
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return []byte(b.String())
}
