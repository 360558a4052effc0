package tables

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"time"
)

// rowCodec is how a [Stream] spools rows of the row type T: every field in
// order, in a compact binary form that keeps exactly what the Parquet
// writer reads of it, so that rows read back write the same bytes:
//
//   - string: uvarint length, bytes;
//   - int32, int64: varint; bool: one byte; float64: its 8 bytes
//     (math.Float64bits, little-endian, so -0 and every NaN survive);
//   - time.Time: varint Unix seconds, uvarint nanoseconds (the instant;
//     read back in UTC);
//   - a pointer: a byte (0 nil, 1 set), then the value;
//   - a slice: uvarint 0 for nil, else length+1, then the elements.
//
// A row type with a field of another type has no codec ([newRowCodec]
// fails; TestRowCodecRoundTrip covers every table's row type).
type rowCodec[T any] struct {
	fields []fieldCodec
}

// fieldCodec encodes and decodes one field (index) of the row struct.
type fieldCodec struct {
	index int
	enc   encFunc
	dec   decFunc
}

type (
	encFunc func(b []byte, v reflect.Value) []byte
	decFunc func(d *spoolDecoder, v reflect.Value)
)

var timeType = reflect.TypeFor[time.Time]()

func newRowCodec[T any]() (*rowCodec[T], error) {
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("spool: %v is not a struct", t)
	}
	c := &rowCodec[T]{}
	for i := range t.NumField() {
		enc, dec, err := codecOf(t.Field(i).Type)
		if err != nil {
			return nil, fmt.Errorf("spool: %v.%s: %w", t, t.Field(i).Name, err)
		}
		c.fields = append(c.fields, fieldCodec{index: i, enc: enc, dec: dec})
	}
	return c, nil
}

// codecOf returns the encoder and decoder of a field of type t.
func codecOf(t reflect.Type) (encFunc, decFunc, error) {
	switch {
	case t == timeType:
		return func(b []byte, v reflect.Value) []byte {
				tm := v.Addr().Interface().(*time.Time)
				return binary.AppendUvarint(binary.AppendVarint(b, tm.Unix()), uint64(tm.Nanosecond()))
			}, func(d *spoolDecoder, v reflect.Value) {
				sec, ns := d.varint(), d.uvarint()
				if ns >= 1e9 {
					d.fail()
				}
				*v.Addr().Interface().(*time.Time) = time.Unix(sec, int64(ns)).UTC()
			}, nil
	case t == reflect.TypeFor[*float64]():
		// The most common column (NULL or a float): decoded into
		// chunks of floats instead of one allocation each.
		return func(b []byte, v reflect.Value) []byte {
				p := v.Interface().(*float64)
				if p == nil {
					return append(b, 0)
				}
				return binary.LittleEndian.AppendUint64(append(b, 1), math.Float64bits(*p))
			}, func(d *spoolDecoder, v reflect.Value) {
				if d.flag() {
					v.Set(reflect.ValueOf(d.float64Ptr(math.Float64frombits(d.uint64()))))
				}
			}, nil
	}
	switch t.Kind() {
	case reflect.String:
		return func(b []byte, v reflect.Value) []byte {
				s := v.String()
				return append(binary.AppendUvarint(b, uint64(len(s))), s...)
			}, func(d *spoolDecoder, v reflect.Value) {
				v.SetString(d.string())
			}, nil
	case reflect.Int32, reflect.Int64:
		return func(b []byte, v reflect.Value) []byte {
				return binary.AppendVarint(b, v.Int())
			}, func(d *spoolDecoder, v reflect.Value) {
				if x := d.varint(); v.OverflowInt(x) {
					d.fail()
				} else {
					v.SetInt(x)
				}
			}, nil
	case reflect.Bool:
		return func(b []byte, v reflect.Value) []byte {
				if v.Bool() {
					return append(b, 1)
				}
				return append(b, 0)
			}, func(d *spoolDecoder, v reflect.Value) {
				v.SetBool(d.flag())
			}, nil
	case reflect.Float64:
		return func(b []byte, v reflect.Value) []byte {
				return binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Float()))
			}, func(d *spoolDecoder, v reflect.Value) {
				v.SetFloat(math.Float64frombits(d.uint64()))
			}, nil
	case reflect.Pointer:
		enc, dec, err := codecOf(t.Elem())
		if err != nil {
			return nil, nil, err
		}
		elem := t.Elem()
		return func(b []byte, v reflect.Value) []byte {
				if v.IsNil() {
					return append(b, 0)
				}
				return enc(append(b, 1), v.Elem())
			}, func(d *spoolDecoder, v reflect.Value) {
				if d.flag() {
					p := reflect.New(elem)
					dec(d, p.Elem())
					v.Set(p)
				}
			}, nil
	case reflect.Slice:
		enc, dec, err := codecOf(t.Elem())
		if err != nil {
			return nil, nil, err
		}
		return func(b []byte, v reflect.Value) []byte {
				if v.IsNil() {
					return append(b, 0)
				}
				b = binary.AppendUvarint(b, uint64(v.Len())+1)
				for i := range v.Len() {
					b = enc(b, v.Index(i))
				}
				return b
			}, func(d *spoolDecoder, v reflect.Value) {
				n := d.uvarint()
				if n == 0 {
					return
				}
				if n-1 > uint64(d.left()) { // every element takes a byte at least
					d.fail()
					return
				}
				s := reflect.MakeSlice(t, int(n-1), int(n-1))
				for i := range int(n - 1) {
					dec(d, s.Index(i))
				}
				v.Set(s)
			}, nil
	}
	return nil, nil, fmt.Errorf("no spool encoding of %v", t)
}

// append encodes rows, after their count, to b.
func (c *rowCodec[T]) append(b []byte, rows []T) []byte {
	b = binary.AppendUvarint(b, uint64(len(rows)))
	for i := range rows {
		b = c.appendRow(b, &rows[i])
	}
	return b
}

// appendRow encodes one row to b.
func (c *rowCodec[T]) appendRow(b []byte, row *T) []byte {
	v := reflect.ValueOf(row).Elem()
	for _, f := range c.fields {
		b = f.enc(b, v.Field(f.index))
	}
	return b
}

// decode decodes the rows [rowCodec.append] encoded in s, appended to
// rows.
func (c *rowCodec[T]) decode(rows []T, s string) ([]T, error) {
	d := &spoolDecoder{s: s}
	n := d.uvarint()
	if n > uint64(len(s)/max(len(c.fields), 1)) { // every field takes a byte at least
		d.fail()
	}
	if d.err != nil {
		return nil, d.err
	}
	start := len(rows)
	rows = slices.Grow(rows, int(n))[:start+int(n)]
	clear(rows[start:])
	for i := start; i < len(rows); i++ {
		v := reflect.ValueOf(&rows[i]).Elem()
		for _, f := range c.fields {
			f.dec(d, v.Field(f.index))
		}
		if d.err != nil {
			return nil, d.err
		}
	}
	if d.left() != 0 {
		return nil, errors.New("spool: bytes left after the rows")
	}
	return rows, nil
}

// spoolDecoder reads the fields of encoded rows from s; the strings it
// returns are substrings of s. Reading past the end sets err (and returns
// zeros from then on).
type spoolDecoder struct {
	s      string
	i      int
	err    error
	floats []float64 // a chunk the decoded *float64 point into
}

func (d *spoolDecoder) fail() {
	if d.err == nil {
		d.err = errors.New("spool: truncated or corrupt rows")
	}
	d.i = len(d.s)
}

// flag reads a 0 or 1 byte (a NULL flag, a bool); anything else is damage.
func (d *spoolDecoder) flag() bool {
	switch d.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	d.fail()
	return false
}

func (d *spoolDecoder) left() int { return len(d.s) - d.i }

func (d *spoolDecoder) byte() byte {
	if d.i >= len(d.s) {
		d.fail()
		return 0
	}
	d.i++
	return d.s[d.i-1]
}

func (d *spoolDecoder) uvarint() uint64 {
	var x uint64
	for shift := uint(0); shift < 64; shift += 7 {
		c := d.byte()
		if d.err != nil {
			return 0
		}
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x
		}
	}
	d.fail()
	return 0
}

func (d *spoolDecoder) varint() int64 {
	u := d.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (d *spoolDecoder) uint64() uint64 {
	if d.left() < 8 {
		d.fail()
		return 0
	}
	var x uint64
	for k := range 8 {
		x |= uint64(d.s[d.i+k]) << (8 * k)
	}
	d.i += 8
	return x
}

func (d *spoolDecoder) string() string {
	n := d.uvarint()
	if n > uint64(d.left()) {
		d.fail()
		return ""
	}
	s := d.s[d.i : d.i+int(n)]
	d.i += int(n)
	return s
}

// float64Ptr returns a pointer to x, in a chunk shared with the other
// floats decoded.
func (d *spoolDecoder) float64Ptr(x float64) *float64 {
	if len(d.floats) == cap(d.floats) {
		d.floats = make([]float64, 0, 1024)
	}
	d.floats = append(d.floats, x)
	return &d.floats[len(d.floats)-1]
}
