package fit

import (
	"errors"
	"math"

	"gainguard/ingest"

	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/proto"
)

// Heart rate in hr messages. Some devices (Garmin swim watches, whose
// chest strap stores heart rate while under water, and others that batch
// heart rate) write it not in the records but in separate hr messages: an
// anchor message with a timestamp and one event_timestamp, then messages
// holding up to eight beats' event times (event_timestamp_12, 12 bits
// each, accumulated) and filtered bpm values. The FIT SDK merges them
// into the records (mergeHeartRates in @garmin/fitsdk's
// utils-hr-mesg.js, on by default); mergeHR does the same, step for step,
// so that both readers give every record the same heart rate.

// hrMsg is what we keep of one hr message.
type hrMsg struct {
	seg       int
	anchor    float64 // timestamp (+ fractional_timestamp), FIT seconds; NaN when absent
	events    []float64
	bpm       []float64
	badLength bool // event_timestamp and filtered_bpm counts differ
}

// Scales of the hr message's fields.
const (
	hrFracScale  = 32768 // fractional_timestamp
	hrEventScale = 1024  // event_timestamp
)

func (c *collector) onHR(m *proto.Message) {
	h := hrMsg{seg: len(c.segs) - 1, anchor: math.NaN()}
	var ts uint32 = math.MaxUint32
	frac := math.NaN()
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.HrTimestamp:
			ts = c.timeValue(f)
		case fieldnum.HrFractionalTimestamp:
			frac = number(f) / hrFracScale
		case fieldnum.HrEventTimestamp:
			if f.IsExpandedField {
				continue // from event_timestamp_12, accumulated below instead
			}
			var raw []uint32
			switch f.Value.Type() {
			case proto.TypeUint32:
				raw = []uint32{f.Value.Uint32()}
			case proto.TypeSliceUint32:
				raw = f.Value.SliceUint32()
			}
			for _, v := range raw {
				h.events = append(h.events, float64(v)/hrEventScale)
				c.hrAcc.set(int64(v))
			}
		case fieldnum.HrEventTimestamp12:
			if f.Value.Type() != proto.TypeSliceUint8 {
				continue
			}
			b := f.Value.SliceUint8()
			for bit := 0; bit+12 <= 8*len(b); bit += 12 {
				v := int64(b[bit/8]) | int64(b[bit/8+1])<<8
				if bit/8+2 < len(b) {
					v |= int64(b[bit/8+2]) << 16
				}
				v = (v >> (bit % 8)) & 0xFFF
				h.events = append(h.events, float64(c.hrAcc.add(v, 12))/hrEventScale)
			}
		case fieldnum.HrFilteredBpm:
			switch f.Value.Type() {
			case proto.TypeUint8:
				h.bpm = append(h.bpm, float64(f.Value.Uint8()))
			case proto.TypeSliceUint8:
				for _, v := range f.Value.SliceUint8() {
					h.bpm = append(h.bpm, float64(v))
				}
			}
		}
	}
	if ts != math.MaxUint32 && ts != 0xFFFFFFFF {
		h.anchor = float64(ts)
		if !math.IsNaN(frac) {
			h.anchor += frac
		}
	}
	c.hrs = append(c.hrs, h)
}

// hrAccumulator accumulates event_timestamp_12 values into full event
// times as the FIT SDK's Accumulator does. Unlike the decoder's own
// accumulator, which starts afresh in each chained FIT file, it runs
// across the chain like the SDK's: Garmin watches append the hr messages
// of a recording as further chained files.
type hrAccumulator struct {
	acc, last int64
	ok        bool
}

// set starts accumulating from a full value.
func (a *hrAccumulator) set(v int64) { a.acc, a.last, a.ok = v, v, true }

// add accumulates a value of the given bit width.
func (a *hrAccumulator) add(v int64, bits uint) int64 {
	if !a.ok {
		a.set(v)
	}
	a.acc += (v - a.last) & (1<<bits - 1)
	a.last = v
	return a.acc
}

// errHRMesgs reports hr messages the FIT SDK refuses to merge (its
// "FIT Runtime Error"s): no anchor before the deltas, an anchor with other
// than one event time, counts of times and values that differ, or event
// times that run backwards.
var errHRMesgs = errors.New("hr messages out of order or inconsistent")

// expandHR turns hr messages into (time, bpm) beats in FIT seconds, as
// expandHeartRates in the SDK does, with its gap filling: the previous
// value is carried forward in 250 ms steps for up to 5 s.
func expandHR(msgs []hrMsg) ([][2]float64, error) {
	const (
		gapStep  = 0.25
		gapSteps = 20
		rollover = 0x400000 // 2^32 / 1024: event_timestamp wraps
	)
	var out [][2]float64
	anchorEvent, anchor := 0.0, math.NaN()
	for _, h := range msgs {
		if !math.IsNaN(h.anchor) {
			anchor = h.anchor
			if len(h.events) != 1 {
				return nil, errHRMesgs
			}
			anchorEvent = h.events[0]
		}
		if math.IsNaN(anchor) || len(h.events) != len(h.bpm) {
			return nil, errHRMesgs
		}
		for i, ev := range h.events {
			if ev < anchorEvent {
				if anchorEvent-ev > rollover {
					ev += rollover
				} else {
					return nil, errHRMesgs
				}
			}
			cur := [2]float64{anchor + ev - anchorEvent, h.bpm[i]}
			if n := len(out); n > 0 {
				prev := out[n-1]
				gap := math.Abs(cur[0]-prev[0]) * 1000
				for step := 1; gap > gapStep*1000 && step <= gapSteps; step++ {
					out = append(out, [2]float64{prev[0] + gapStep*float64(step), prev[1]})
					gap -= gapStep * 1000
				}
			}
			out = append(out, cur)
		}
	}
	return out, nil
}

// mergeHR sets the heart rate of records from hr messages of the same
// chained FIT file, as mergeHeartRates in the SDK does: each record takes
// the rounded mean of the beats after the previous record's time, up to
// and including its own. It returns how many records it gave a heart rate
// they did not have.
func mergeHR(samples []ingest.Sample, msgs []hrMsg) (int, error) {
	if len(samples) == 0 || len(msgs) == 0 {
		return 0, nil
	}
	beats, err := expandHR(msgs)
	if err != nil {
		return 0, err
	}
	added := 0
	k := 0
	rangeStart, haveStart := 0.0, false
	for i := range samples {
		end := float64(samples[i].Time.Unix() - fitEpochUnix)
		if !haveStart {
			rangeStart, haveStart = end, true
		}
		if rangeStart == end {
			rangeStart--
			if k >= 1 {
				k--
			} else {
				k = 0
			}
		}
		sum, n := 0.0, 0
		for k < len(beats) {
			b := beats[k]
			if b[0] > rangeStart && b[0] <= end {
				sum += b[1]
				n++
			} else if b[0] > end {
				if n > 0 {
					if math.IsNaN(samples[i].HR) {
						added++
					}
					samples[i].HR = math.Round(sum / float64(n))
				}
				rangeStart = end
				break
			}
			k++
		}
	}
	return added, nil
}
