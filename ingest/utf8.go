package ingest

import (
	"archive/zip"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Names that are not UTF-8.
//
// Every string a batch holds is valid UTF-8, so that the Parquet tables
// (whose STRING columns must be UTF-8: DuckDB refuses the file otherwise)
// and report.html can hold it:
//
//   - A zip entry name without the zip's UTF-8 flag (general purpose bit
//     11) that is not valid UTF-8 is CP437, as the zip specification
//     (APPNOTE 4.4.17) says and Windows' own zip tool writes: it is
//     decoded ("Lauf_M\x81nchen.fit" is "Lauf_München.fit").
//   - A path (a file name on disk, such as a Latin-1 "Lauf_M\xfcnchen.fit",
//     or an entry name flagged UTF-8 that is not) that is not valid UTF-8
//     is percent-escaped by [EscapePath]: each byte that is not part of a
//     valid UTF-8 sequence, and each "%", becomes %XX
//     ("Lauf_M%FCnchen.fit"), so that [UnescapePath] gives back the bytes
//     on disk. A valid path is left as it is.
//   - Athlete names (from folder names) are escaped the same way.
//   - Other text (names inside files,
//     reasons) has invalid bytes replaced by U+FFFD.

// EscapePath returns p unchanged when it is valid UTF-8; otherwise every
// byte that does not belong to a valid UTF-8 sequence, and every "%", is
// written %XX (upper-case hex). [UnescapePath] undoes it.
func EscapePath(p string) string {
	if utf8.ValidString(p) {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, "%%%02X", p[i])
			n = 1
		case r == '%':
			b.WriteString("%25")
		default:
			b.WriteString(p[i : i+n])
		}
		i += n
	}
	return b.String()
}

// UnescapePath returns the bytes [EscapePath] escaped: for an escaped
// path (one holding %XX), every %XX decoded. Apply it only to a path
// that was not valid UTF-8 on disk, that is one that is not found as it
// is written.
func UnescapePath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '%' && i+2 < len(p) {
			if v, err := strconv.ParseUint(p[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// cp437 maps the bytes 0x80–0xFF of code page 437 to Unicode.
var cp437 = []rune("ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0")

// decodeCP437 decodes s as code page 437 (bytes below 0x80 are ASCII).
func decodeCP437(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x80 {
			b.WriteByte(c)
		} else {
			b.WriteRune(cp437[c-0x80])
		}
	}
	return b.String()
}

// entryName is a zip entry's name as UTF-8: CP437 decoded when the entry
// lacks the UTF-8 flag and is not valid UTF-8, else escaped if need be.
func entryName(zf *zip.File) string {
	if utf8.ValidString(zf.Name) {
		return zf.Name
	}
	if zf.Flags&0x800 == 0 {
		return decodeCP437(zf.Name)
	}
	return EscapePath(zf.Name)
}

// validText replaces invalid UTF-8 in s by U+FFFD.
func validText(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// validUTF8 makes every string of the batch valid UTF-8 (see the notes
// above): paths escaped, other text repaired. Athletes are renamed
// everywhere (profiles included) the same way.
func (b *Batch) validUTF8() {
	athlete := EscapePath
	for i := range b.Files {
		f := &b.Files[i]
		f.Path, f.DuplicateOf = EscapePath(f.Path), EscapePath(f.DuplicateOf)
		f.Athlete, f.Reason, f.Format = athlete(f.Athlete), validText(f.Reason), validText(f.Format)
	}
	for i := range b.Activities {
		a := &b.Activities[i]
		a.Source, a.Athlete = EscapePath(a.Source), athlete(a.Athlete)
		a.ID, a.Format, a.Sport, a.SubSport = validText(a.ID), validText(a.Format), validText(a.Sport), validText(a.SubSport)
		a.Name, a.Manufacturer, a.Product = validText(a.Name), validText(a.Manufacturer), validText(a.Product)
		for k := range a.Sets {
			a.Sets[k].Exercise = validText(a.Sets[k].Exercise)
		}
	}
	for i := range b.Intake {
		b.Intake[i].Source, b.Intake[i].Athlete = EscapePath(b.Intake[i].Source), athlete(b.Intake[i].Athlete)
	}
	for i := range b.Body {
		b.Body[i].Source, b.Body[i].Athlete = EscapePath(b.Body[i].Source), athlete(b.Body[i].Athlete)
	}
	profiles, paths := make(map[string]Profile, len(b.Profiles)), make(map[string]string, len(b.ProfilePaths))
	for a, p := range b.Profiles {
		p.Name = athlete(p.Name)
		profiles[athlete(a)] = p
	}
	for a, p := range b.ProfilePaths {
		paths[athlete(a)] = EscapePath(p)
	}
	b.Profiles, b.ProfilePaths = profiles, paths
}
