package tables

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"gainguard/report"
)

// fillRandom sets every field of the struct v to a random value: NULLs
// and pointers to zero, nil and empty lists, lists with NULLs, zero and
// far times, -0, when nan NaN too.
func fillRandom(r *rand.Rand, v reflect.Value, nan bool) {
	switch {
	case v.Type() == timeType:
		ts := []time.Time{{}, time.Unix(r.Int64N(4e9), r.Int64N(1e9)).UTC(), time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)}
		v.Set(reflect.ValueOf(ts[r.IntN(len(ts))]))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			fillRandom(r, v.Field(i), nan)
		}
	case reflect.String:
		s := []string{"", "alex", "Zoë <b>&</b> \u2028", string(make([]byte, r.IntN(300)))}
		v.SetString(s[r.IntN(len(s))])
	case reflect.Int32, reflect.Int64:
		n := []int64{0, -1, math.MaxInt32, math.MinInt32, r.Int64N(1 << 31)}
		v.SetInt(n[r.IntN(len(n))])
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 1)
	case reflect.Float64:
		f := []float64{0, math.Copysign(0, -1), 1.0 / 3, -1e300, math.SmallestNonzeroFloat64}
		if nan {
			f = append(f, math.NaN(), math.Inf(-1))
		}
		v.SetFloat(f[r.IntN(len(f))])
	case reflect.Pointer:
		if r.IntN(3) > 0 {
			p := reflect.New(v.Type().Elem())
			fillRandom(r, p.Elem(), nan)
			v.Set(p)
		}
	case reflect.Slice:
		switch r.IntN(3) {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			s := reflect.MakeSlice(v.Type(), 1+r.IntN(5), 1+r.IntN(5)+5)
			for i := range s.Len() {
				fillRandom(r, s.Index(i), nan)
			}
			v.Set(s)
		}
	default:
		panic("fillRandom: " + v.Type().String())
	}
}

func roundTrip[T any](t *testing.T) {
	t.Helper()
	c, err := newRowCodec[T]()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, nan := range []bool{false, true} {
		rows := make([]T, 200)
		for i := range rows {
			fillRandom(r, reflect.ValueOf(&rows[i]).Elem(), nan)
		}
		enc := c.append(nil, rows)
		got, err := c.decode(nil, string(enc))
		if err != nil {
			t.Fatalf("%T: %v", rows[0], err)
		}
		// The encoding keeps every float's bits: the decoded rows encode
		// to the same bytes; without NaN they are equal too.
		if again := c.append(nil, got); !bytes.Equal(again, enc) {
			t.Errorf("%T (NaN %t): decoded rows encode differently", rows[0], nan)
		}
		if !nan && !reflect.DeepEqual(got, rows) {
			t.Errorf("%T: decoded rows differ", rows[0])
		}
		// Every truncation is an error, never a panic or short rows.
		few := c.append(nil, rows[:4])
		for n := range len(few) {
			if _, err := c.decode(nil, string(few[:n])); err == nil {
				t.Fatalf("%T: %d of %d bytes decoded without error", rows[0], n, len(few))
			}
		}
		if _, err := c.decode(nil, string(few)+"x"); err == nil {
			t.Errorf("%T: trailing byte accepted", rows[0])
		}
	}
}

// TestRowCodecRoundTrip: every streamed table's rows read back from the
// spool as they were (NULL against 0, nil against empty lists, NULLs in
// lists, -0, times to the nanosecond, in UTC), and a spool cut short is
// an error.
func TestRowCodecRoundTrip(t *testing.T) {
	roundTrip[ActivityRow](t)
	roundTrip[RunRow](t)
	roundTrip[LiftRow](t)
	roundTrip[SetRow](t)
	roundTrip[WeekRow](t)
	roundTrip[RuleRow](t)
	roundTrip[report.DayRow](t)
	roundTrip[StrengthRow](t)
	roundTrip[ProgressRow](t)

	type unsupported struct{ M map[string]int }
	if _, err := newRowCodec[unsupported](); err == nil {
		t.Error("a map field: no error")
	}
}

// TestWriteSpooledDamagedFrames: a spool whose frame lengths or row
// counts are damaged is an error naming the table, without allocating
// what the damaged numbers claim (a length of 2^39 bytes with three
// behind it, a count of a million rows in a 1 MiB frame of zeros).
func TestWriteSpooledDamagedFrames(t *testing.T) {
	meta := &report.Dataset{Version: "test"}
	frame := func(b []byte) []byte { return append(binary.AppendUvarint(nil, uint64(len(b))), b...) }
	cases := map[string][]byte{
		"huge length":    append(binary.AppendUvarint(nil, 1<<39), "xyz"...),
		"length too big": append(binary.AppendUvarint(nil, 10), "xyz"...),
		"huge count":     frame(append(binary.AppendUvarint(nil, 1_000_000), make([]byte, 1<<20)...)),
	}
	for name, spool := range cases {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := WriteSpooled(io.Discard, meta, RunsFile, bytes.NewReader(spool))
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "runs spool") {
			t.Errorf("%s: error %v, want one naming the runs spool", name, err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
			t.Errorf("%s: %d MB allocated", name, grew>>20)
		}
	}
}
