package html

import (
	"reflect"
	"unicode"
)

// Bidi isolation in report.html. A name from a file that holds a
// right-to-left override (U+202E) or right-to-left letters reorders the
// text around it: one athlete's name could visually reverse the others'
// in a list. Every string of the page model that could do so (see
// [needsIsolation]) is wrapped in FIRST STRONG ISOLATE (U+2068) … POP
// DIRECTIONAL ISOLATE (U+2069), the character form of <bdi>: it works in
// text, attributes and SVG titles alike, and the PDI closes any override
// the string leaves open (Unicode UAX #9, rule X6a). Strings without such
// characters (every string gainguard writes itself) are left as they are.

const (
	fsi = "\u2068"
	pdi = "\u2069"
)

// bidiIsolate returns s wrapped in FSI … PDI when it needs isolation.
func bidiIsolate(s string) string {
	if !needsIsolation(s) {
		return s
	}
	return fsi + s + pdi
}

// needsIsolation reports whether s holds an explicit bidi formatting
// character or a right-to-left letter (or Arabic digits), which can
// reorder the text around it.
func needsIsolation(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x0590:
		case r >= 0x0590 && r <= 0x08ff, // Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic
			r >= 0xfb1d && r <= 0xfdff, r >= 0xfe70 && r <= 0xfeff, // presentation forms
			r >= 0x10800 && r <= 0x10fff, r >= 0x1e800 && r <= 0x1efff, // historic RTL scripts
			r == 0x200e, r == 0x200f, r == 0x061c, // LRM, RLM, ALM
			r >= 0x202a && r <= 0x202e, // LRE, RLE, PDF, LRO, RLO
			r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
			return true
		case unicode.Is(unicode.Bidi_Control, r):
			return true
		}
	}
	return false
}

var stringType = reflect.TypeFor[string]()

// isolatePage returns a copy of v (a page model value) in which every
// plain string field, slice or array element and pointed-to string is
// passed through [bidiIsolate]. Slices and pointers are copied before
// being changed, so the dataset the model shares memory with is never
// written; a part of v without a string that needs isolation (the whole
// page, usually) is not copied but returned as it is, since nothing
// would change in its copy. Named string types (template.HTML and the
// like, built by gainguard), unexported fields and maps are left alone.
func isolatePage(v reflect.Value) reflect.Value {
	n, _ := isolated(v)
	return n
}

// isolated is isolatePage, reporting whether anything changed (when
// nothing did, it returns v).
func isolated(v reflect.Value) (reflect.Value, bool) {
	switch v.Kind() {
	case reflect.String:
		if v.Type() == stringType {
			if s := v.String(); needsIsolation(s) {
				return reflect.ValueOf(bidiIsolate(s)), true
			}
		}
	case reflect.Pointer:
		if v.IsNil() {
			return v, false
		}
		e, changed := isolated(v.Elem())
		if !changed {
			return v, false
		}
		n := reflect.New(v.Type().Elem())
		n.Elem().Set(e)
		return n, true
	case reflect.Struct:
		var n reflect.Value // the copy, made at the first change
		t := v.Type()
		for i := range v.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			f, changed := isolated(v.Field(i))
			if !changed {
				continue
			}
			if !n.IsValid() {
				n = reflect.New(t).Elem()
				n.Set(v)
			}
			n.Field(i).Set(f)
		}
		if n.IsValid() {
			return n, true
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return v, false
		}
		var n reflect.Value
		for i := range v.Len() {
			e, changed := isolated(v.Index(i))
			if !changed {
				continue
			}
			if !n.IsValid() {
				if v.Kind() == reflect.Slice {
					n = reflect.MakeSlice(v.Type(), v.Len(), v.Len())
				} else {
					n = reflect.New(v.Type()).Elem()
				}
				reflect.Copy(n, v)
			}
			n.Index(i).Set(e)
		}
		if n.IsValid() {
			return n, true
		}
	}
	return v, false
}
