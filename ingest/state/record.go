package state

import (
	"encoding/binary"
	"errors"
	"math"
	"time"

	"gainguard/ingest"
)

// Record encoding: the gob value message of the Outcome with every
// activity's Samples left out (its types are in the index, once per pack:
// see [packTypes]), then each activity's samples as fixed-width
// little-endian columns (the bulk of the data; gob is several times slower
// at it than the FIT decoder):
//
//	u32 gob length, gob, then per activity: u32 n, n × (i64 unix s, i32 ns, 8 × f64 bits)
const sampleBytes = 8 + 4 + 8*8

// splitSamples leaves the samples out of o's activities (a copy of them)
// and returns them encoded as the record's sample columns.
func splitSamples(o *ingest.Outcome) []byte {
	orig := o.Activities
	acts := make([]ingest.Activity, len(orig))
	copy(acts, orig)
	n := 0
	for i := range acts {
		n += len(acts[i].Samples)
		acts[i].Samples = nil
	}
	o.Activities = acts
	data := make([]byte, 0, 4*len(orig)+n*sampleBytes)
	le := binary.LittleEndian
	for i := range orig {
		data = le.AppendUint32(data, uint32(len(orig[i].Samples)))
		for _, s := range orig[i].Samples {
			data = le.AppendUint64(data, uint64(s.Time.Unix()))
			data = le.AppendUint32(data, uint32(s.Time.Nanosecond()))
			for _, v := range [...]float64{s.HR, s.SpeedMS, s.DistanceM, s.Cadence, s.PowerW, s.Lat, s.Lon, s.AltM} {
				data = le.AppendUint64(data, math.Float64bits(v))
			}
		}
	}
	return data
}

var errRecord = errors.New("state record damaged")

// decodeSamples sets the samples of o's activities from a record's sample
// columns, which must hold exactly one column set per activity.
func decodeSamples(o *ingest.Outcome, rest []byte) error {
	le := binary.LittleEndian
	for i := range o.Activities {
		if len(rest) < 4 {
			return errRecord
		}
		n := int(le.Uint32(rest))
		rest = rest[4:]
		if n > len(rest)/sampleBytes {
			return errRecord
		}
		if n == 0 {
			continue
		}
		ss := make([]ingest.Sample, n)
		for k := range ss {
			b := rest[k*sampleBytes : (k+1)*sampleBytes]
			ss[k] = ingest.Sample{
				Time:      time.Unix(int64(le.Uint64(b)), int64(le.Uint32(b[8:]))).UTC(),
				HR:        math.Float64frombits(le.Uint64(b[12:])),
				SpeedMS:   math.Float64frombits(le.Uint64(b[20:])),
				DistanceM: math.Float64frombits(le.Uint64(b[28:])),
				Cadence:   math.Float64frombits(le.Uint64(b[36:])),
				PowerW:    math.Float64frombits(le.Uint64(b[44:])),
				Lat:       math.Float64frombits(le.Uint64(b[52:])),
				Lon:       math.Float64frombits(le.Uint64(b[60:])),
				AltM:      math.Float64frombits(le.Uint64(b[68:])),
			}
		}
		o.Activities[i].Samples = ss
		rest = rest[n*sampleBytes:]
	}
	if len(rest) != 0 {
		return errRecord
	}
	return nil
}

// nextGobMessage parses the gob message at the start of b: a uint length,
// then the message, which opens with its int type id (negative for a type
// definition). It returns the id and the message's length in b, length
// prefix included.
func nextGobMessage(b []byte) (id int64, n int, ok bool) {
	count, k, ok := gobUint(b)
	if !ok || count == 0 || count > uint64(len(b)-k) {
		return 0, 0, false
	}
	n = k + int(count)
	u, _, ok := gobUint(b[k:n])
	if !ok {
		return 0, 0, false
	}
	id = int64(u >> 1)
	if u&1 != 0 {
		id = ^id
	}
	return id, n, true
}

// gobUint decodes a gob uint at the start of b: one byte below 0x80, else
// a byte holding minus the count of big-endian bytes that follow.
func gobUint(b []byte) (uint64, int, bool) {
	if len(b) == 0 {
		return 0, 0, false
	}
	if b[0] < 0x80 {
		return uint64(b[0]), 1, true
	}
	n := -int(int8(b[0]))
	if n > 8 || len(b) < 1+n {
		return 0, 0, false
	}
	var x uint64
	for _, c := range b[1 : 1+n] {
		x = x<<8 | uint64(c)
	}
	return x, 1 + n, true
}

// valueMessage reports whether b is exactly one gob message holding a
// value (not a type definition).
func valueMessage(b []byte) bool {
	id, n, ok := nextGobMessage(b)
	return ok && id > 0 && n == len(b)
}
