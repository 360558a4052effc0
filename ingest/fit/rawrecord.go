package fit

import (
	"bytes"
	"encoding/binary"
	"math"
	"sync"

	"gainguard/ingest"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// Record messages straight from the bytes.
//
// Record messages (one a second of recording) are nearly all of a FIT
// file, and building a proto.Message for each, only for onRecord to copy
// eleven fields out of it, was most of the import's decoding time
// (docs/performance.md). When the whole file is in memory and its
// checksums passed (decodeChecked), decodeRaw walks the bytes once: it
// parses every definition message, decodes each record data message
// directly into the collector's samples (readRecord, then addRecord as
// onRecord does), and copies everything else (every definition, every
// other data message) into a filtered FIT stream, whose headers get the
// new data sizes. The library then decodes that stream into the collector
// as before. Handlers read len(c.samples) when a message arrives (a
// session's samplesBefore, a segment's firstSample), so decodeRaw notes
// how many samples preceded each copied message, and recordMerger shows
// the collector exactly that many when the library hands the message on.
//
// The result must be the one decoding the whole file with the library
// gives (TestPooledDecodeMatchesFresh, FuzzDecodePaths, TestRawFallbacks).
// The record decoding reproduces what the library makes of a record (see
// decoder.decodeFields and expandComponents in github.com/muktihari/fit)
// and onRecord of that: invalid values become NaN; speed and altitude,
// when valid, are expanded into enhanced_speed and enhanced_altitude
// (with the float arithmetic and truncation of expandComponents),
// replacing a value the message carries itself; a record without a
// timestamp is counted, not kept; a device-relative time sets sawRelative.
// Wherever equality is not
// certain, decodeRaw declines and the whole file takes the library path
// (the reasons, for tests, are the raw* constants below):
//   - a compressed-timestamp header anywhere (its time builds on the
//     timestamps of the records left out);
//   - a record definition declaring a field read here with another base
//     type or size than the profile's, or twice, or declaring a field
//     whose components expand into one read here (compressed_speed_distance;
//     the list is computed from the profile);
//   - developer fields in a record definition when a field_description
//     message has an invalid base type: the library then fails on a
//     record whose developer field it describes. Otherwise it decodes a
//     record's developer fields without effect on anything but the
//     message, whose developer fields onRecord does not read, so they are
//     skipped;
//   - an invalid base type, a data message without a definition, messages
//     running past the data size the header gives, or the library's
//     decoding of the filtered stream failing, panicking or delivering
//     other messages than were copied.
//
// Chained FIT files are supported: each is filtered in place, with its own
// header and CRC bytes (checksums are not verified again; decodeChecked
// has verified them on the original bytes).
//
// The walk is a loop over the in-memory bytes rather than the library's
// RawDecoder: RawDecoder copies every message through io.ReadFull into its
// own 130 KB array and hands out those copies (its walk alone, with a
// callback doing nothing, costs about what this whole walk costs), while
// here the filtered stream is cut from the original bytes and the records
// are read in place.

// fastRecords is switched off by tests that compare with the library path.
var fastRecords = true

// Why decodeRaw declined a file.
const (
	rawCompressed     = "compressed timestamp header"
	rawBaseType       = "invalid base type"
	rawFieldType      = "record field with another base type or size than the profile's"
	rawDuplicate      = "record field declared twice"
	rawExpands        = "record field expanding into a field read"
	rawDevFieldDesc   = "field description with an invalid base type, and developer fields in records"
	rawNoDefinition   = "data message without a definition"
	rawOverrun        = "message past the data size"
	rawLibrary        = "library decoding of the filtered stream failed"
	rawProfileDiffers = "profile differs from what readRecord assumes"
	rawPanic          = "panic"
)

// The record fields onRecord reads: their index in recordLayout.off.
const (
	rTimestamp = iota
	rLat
	rLon
	rAlt
	rHR
	rCad
	rDist
	rSpeed
	rPower
	rFracCad
	rESpeed
	rEAlt
	nRecordFields
)

// recordFieldNums and recordFieldTypes give each read field's number and
// the base type readRecord decodes it with; rawProfile checks the latter
// against the profile.
var (
	recordFieldNums = [nRecordFields]byte{
		rTimestamp: fieldnum.RecordTimestamp,
		rLat:       fieldnum.RecordPositionLat,
		rLon:       fieldnum.RecordPositionLong,
		rAlt:       fieldnum.RecordAltitude,
		rHR:        fieldnum.RecordHeartRate,
		rCad:       fieldnum.RecordCadence,
		rDist:      fieldnum.RecordDistance,
		rSpeed:     fieldnum.RecordSpeed,
		rPower:     fieldnum.RecordPower,
		rFracCad:   fieldnum.RecordFractionalCadence,
		rESpeed:    fieldnum.RecordEnhancedSpeed,
		rEAlt:      fieldnum.RecordEnhancedAltitude,
	}
	recordFieldTypes = [nRecordFields]basetype.BaseType{
		rTimestamp: basetype.Uint32,
		rLat:       basetype.Sint32,
		rLon:       basetype.Sint32,
		rAlt:       basetype.Uint16,
		rHR:        basetype.Uint8,
		rCad:       basetype.Uint8,
		rDist:      basetype.Uint32,
		rSpeed:     basetype.Uint16,
		rPower:     basetype.Uint16,
		rFracCad:   basetype.Uint8,
		rESpeed:    basetype.Uint32,
		rEAlt:      basetype.Uint32,
	}
)

// expansion is one profile component expanding a uint16 field into a
// uint32 one (speed → enhanced_speed, altitude → enhanced_altitude).
type expansion struct {
	mask                uint64
	srcScale, srcOffset float64
	dstScale, dstOffset float64
	dstInvalid          uint32
}

// apply is the library's expandComponents for one valid source value v:
// the component's bits pulled from v, scaled, converted back to the
// destination's raw units (truncated, as uint64(float64) does) and
// converted to the destination's uint32 value.
func (e *expansion) apply(v uint64) uint32 {
	v &= e.mask
	scaled := float64(v)/e.srcScale - e.srcOffset
	return uint32(uint64((scaled + e.dstOffset) * e.dstScale))
}

// value is what number makes of the expanded field: apply's value, NaN
// if that is the destination's invalid value.
func (e *expansion) value(v uint16) float64 {
	if x := e.apply(uint64(v)); x != e.dstInvalid {
		return float64(x)
	}
	return math.NaN()
}

// recordProfile is what decodeRaw needs of the record message's profile.
type recordProfile struct {
	ok      bool                 // the profile is what readRecord assumes
	slot    [256]int8            // field number → index in recordFieldNums, -1 if not read
	expands [256]bool            // fields whose components reach a field read (decline)
	speed   expansion            // speed → enhanced_speed
	alt     expansion            // altitude → enhanced_altitude
	size    [nRecordFields]uint8 // profile size of each field read
}

// rawProfile is computed once from the decoder's own field table.
var rawProfile = sync.OnceValue(func() *recordProfile {
	p := &recordProfile{ok: true}
	t := tables()
	fields := &t.fields[t.index[mesgnum.Record]]
	for i := range p.slot {
		p.slot[i] = -1
	}
	for k, num := range recordFieldNums {
		p.slot[num] = int8(k)
		f := fields[num]
		if f == nil || f.BaseType != recordFieldTypes[k] || f.Array || len(f.SubFields) > 0 {
			p.ok = false
			continue
		}
		p.size[k] = f.BaseType.Size()
	}
	// reach reports whether expanding field num's components (and theirs,
	// as the library does recursively) writes a field read here.
	state := make(map[byte]int8) // 1 visiting, 2 reaches, 3 does not
	var reach func(num byte) bool
	reach = func(num byte) bool {
		switch state[num] {
		case 1, 3:
			return false
		case 2:
			return true
		}
		state[num] = 1
		f := fields[num]
		r := false
		if f != nil {
			var targets []byte
			for _, c := range f.Components {
				targets = append(targets, c.FieldNum)
			}
			for _, s := range f.SubFields {
				for _, c := range s.Components {
					targets = append(targets, c.FieldNum)
				}
			}
			for _, dst := range targets {
				if p.slot[dst] >= 0 || reach(dst) {
					r = true
				}
			}
		}
		state[num] = 3
		if r {
			state[num] = 2
		}
		return r
	}
	for num := range 256 {
		p.expands[num] = reach(byte(num))
	}
	// Speed and altitude expand into their enhanced fields, which
	// readRecord reproduces; any other field of ours that expands would
	// mean a profile readRecord was not written for.
	p.speed, p.ok = simpleExpansion(fields, fieldnum.RecordSpeed, fieldnum.RecordEnhancedSpeed, p.ok)
	p.alt, p.ok = simpleExpansion(fields, fieldnum.RecordAltitude, fieldnum.RecordEnhancedAltitude, p.ok)
	for k, num := range recordFieldNums {
		if p.expands[num] && k != rSpeed && k != rAlt {
			p.ok = false
		}
	}
	p.expands[fieldnum.RecordSpeed], p.expands[fieldnum.RecordAltitude] = false, false
	return p
})

// simpleExpansion returns the expansion of field src into field dst when
// it is the only component of src, the destination is a plain uint32
// field without components of its own, and nothing accumulates; ok is
// false otherwise.
func simpleExpansion(fields *[256]*proto.FieldBase, src, dst byte, ok bool) (expansion, bool) {
	s, d := fields[src], fields[dst]
	if s == nil || d == nil || len(s.Components) != 1 {
		return expansion{}, false
	}
	c := s.Components[0]
	if c.FieldNum != dst || c.Accumulate || c.Bits == 0 || c.Bits > 32 || s.BaseType != basetype.Uint16 ||
		d.BaseType != basetype.Uint32 || len(d.Components) > 0 || len(d.SubFields) > 0 || d.Accumulate {
		return expansion{}, false
	}
	return expansion{
		mask:     1<<c.Bits - 1,
		srcScale: c.Scale, srcOffset: c.Offset,
		dstScale: d.Scale, dstOffset: d.Offset,
		dstInvalid: basetype.Uint32Invalid,
	}, ok
}

// recordLayout is where a record definition puts the fields read.
type recordLayout struct {
	big bool                 // big-endian
	off [nRecordFields]int32 // offset after the message header, -1 when absent
}

// localDef is a local message type's current definition.
type localDef struct {
	defined bool
	record  bool
	dev     bool // a record definition with developer fields
	size    int  // bytes of a data message after its header
	layout  recordLayout
}

// parse reads the definition message at the start of b (which ends where
// the FIT file's data ends) as the library does, and returns its length.
func (d *localDef) parse(b []byte, p *recordProfile) (int, string) {
	if len(b) < 6 {
		return 0, rawOverrun
	}
	big := b[2] != proto.LittleEndian
	var num uint16
	if big {
		num = binary.BigEndian.Uint16(b[3:5])
	} else {
		num = binary.LittleEndian.Uint16(b[3:5])
	}
	n := 6 + 3*int(b[5])
	if len(b) < n {
		return 0, rawOverrun
	}
	*d = localDef{defined: true, record: num == uint16(mesgnum.Record)}
	if d.record {
		d.layout.big = big
		for k := range d.layout.off {
			d.layout.off[k] = -1
		}
	}
	for f := b[6:n]; len(f) >= 3; f = f[3:] {
		num, size, bt := f[0], int(f[1]), basetype.BaseType(f[2])
		if !bt.Valid() {
			return 0, rawBaseType
		}
		if size == 0 {
			continue // the library drops it
		}
		if d.record {
			if k := p.slot[num]; k >= 0 {
				if bt != recordFieldTypes[k] || size != int(p.size[k]) {
					return 0, rawFieldType
				}
				if d.layout.off[k] >= 0 {
					return 0, rawDuplicate
				}
				d.layout.off[k] = int32(d.size)
			} else if p.expands[num] {
				return 0, rawExpands
			}
		}
		d.size += size
	}
	if b[0]&proto.DevDataMask != 0 {
		if len(b) < n+1 {
			return 0, rawOverrun
		}
		m := n + 1 + 3*int(b[n])
		if len(b) < m {
			return 0, rawOverrun
		}
		for f := b[n+1 : m]; len(f) >= 3; f = f[3:] {
			if f[1] == 0 {
				continue
			}
			d.dev = d.dev || d.record
			d.size += int(f[1])
		}
		n = m
	}
	return n, ""
}

// rawScratch is one decode's reusable storage.
type rawScratch struct {
	out        []byte // the filtered FIT stream
	before     []int  // samples decoded before each data message in out
	segStart   []int  // samples decoded before each FIT file of the chain
	devRecords bool   // some record definition has developer fields
	merger     recordMerger
}

var rawPool sync.Pool // *rawScratch

func getScratch() *rawScratch {
	if pooling {
		if s, ok := rawPool.Get().(*rawScratch); ok {
			return s
		}
	}
	return new(rawScratch)
}

func putScratch(s *rawScratch) {
	if !pooling || cap(s.out) > 16<<20 {
		return
	}
	s.out, s.before, s.segStart, s.devRecords = s.out[:0], s.before[:0], s.segStart[:0], false
	s.merger = recordMerger{}
	rawPool.Put(s)
}

// scan walks data, the FIT files want back to back, decoding the records
// into c and copying the rest into s.out. It returns why decodeRaw must
// decline, or "".
func (s *rawScratch) scan(c *collector, data []byte, want []sequence) string {
	p := rawProfile()
	if !p.ok {
		return rawProfileDiffers
	}
	out := s.out[:0]
	defer func() { s.out = out }()
	var r recordFields
	pos := 0
	for _, seq := range want {
		hs := int(seq.headerSize)
		end := pos + hs + int(seq.dataSize) // libraryChecksumsOK checked end+2 <= len(data)
		s.segStart = append(s.segStart, len(c.samples))
		hdr := len(out)
		out = append(out, data[pos:pos+hs]...)
		var defs [proto.LocalMesgNumMask + 1]localDef
		for i := pos + hs; i < end; {
			h := data[i]
			switch {
			case h&proto.MesgCompressedHeaderMask != 0:
				return rawCompressed
			case h&proto.MesgDefinitionMask != 0:
				n, why := defs[h&proto.LocalMesgNumMask].parse(data[i:end], p)
				if why != "" {
					return why
				}
				out = append(out, data[i:i+n]...)
				s.devRecords = s.devRecords || defs[h&proto.LocalMesgNumMask].dev
				i += n
			default:
				d := &defs[h&proto.LocalMesgNumMask]
				if !d.defined {
					return rawNoDefinition
				}
				n := 1 + d.size
				if n > end-i {
					return rawOverrun
				}
				if d.record {
					readRecord(&d.layout, p, data[i+1:i+n], &r, &c.sawRelative)
					c.addRecord(&r)
				} else {
					out = append(out, data[i:i+n]...)
					s.before = append(s.before, len(c.samples))
				}
				i += n
			}
		}
		binary.LittleEndian.PutUint32(out[hdr+4:], uint32(len(out)-hdr-hs))
		out = append(out, data[end:end+2]...)
		pos = end + 2
	}
	return ""
}

// readRecord decodes one record data message b (after its header) laid
// out as l into r: what onRecord would have read from the library's
// message. A device-relative timestamp sets *sawRelative, as timeValue
// does.
func readRecord(l *recordLayout, p *recordProfile, b []byte, r *recordFields, sawRelative *bool) {
	*r = noRecordFields
	if v, ok := l.u32(b, rTimestamp); ok {
		r.ts = v
		if v < minAbsTime {
			*sawRelative = true
		}
	}
	if v, ok := l.u8(b, rHR); ok && v != basetype.Uint8Invalid {
		r.hr = float64(v)
	}
	if v, ok := l.u8(b, rCad); ok && v != basetype.Uint8Invalid {
		r.cad = float64(v)
	}
	if v, ok := l.u8(b, rFracCad); ok && v != basetype.Uint8Invalid {
		r.fracCad, r.haveFracCad = float64(v)/128, true
	}
	if v, ok := l.u16(b, rPower); ok && v != basetype.Uint16Invalid {
		r.power = float64(v)
	}
	if v, ok := l.u32(b, rDist); ok && v != basetype.Uint32Invalid {
		r.dist = float64(v)
	}
	if v, ok := l.u32(b, rESpeed); ok && v != basetype.Uint32Invalid {
		r.espeed = float64(v)
	}
	if v, ok := l.u16(b, rSpeed); ok && v != basetype.Uint16Invalid {
		r.speed = float64(v)
		r.espeed = p.speed.value(v)
	}
	if v, ok := l.u32(b, rEAlt); ok && v != basetype.Uint32Invalid {
		r.ealt = float64(v)
	}
	if v, ok := l.u16(b, rAlt); ok && v != basetype.Uint16Invalid {
		r.alt = float64(v)
		r.ealt = p.alt.value(v)
	}
	if v, ok := l.u32(b, rLat); ok {
		r.lat, r.haveLat = int32(v), int32(v) != basetype.Sint32Invalid
	}
	if v, ok := l.u32(b, rLon); ok {
		r.lon, r.haveLon = int32(v), int32(v) != basetype.Sint32Invalid
	}
}

// u8, u16 and u32 return field k of record b, and whether it is there.
func (l *recordLayout) u8(b []byte, k int) (uint8, bool) {
	if o := l.off[k]; o >= 0 {
		return b[o], true
	}
	return 0, false
}

func (l *recordLayout) u16(b []byte, k int) (uint16, bool) {
	o := l.off[k]
	if o < 0 {
		return 0, false
	}
	x := b[o : o+2]
	if l.big {
		return binary.BigEndian.Uint16(x), true
	}
	return binary.LittleEndian.Uint16(x), true
}

func (l *recordLayout) u32(b []byte, k int) (uint32, bool) {
	o := l.off[k]
	if o < 0 {
		return 0, false
	}
	x := b[o : o+4]
	if l.big {
		return binary.BigEndian.Uint32(x), true
	}
	return binary.LittleEndian.Uint32(x), true
}

// recordMerger sits between the decoder and the collector while the
// filtered stream is decoded: before the collector sees the k-th message,
// it shows it the samples of the records that preceded that message.
type recordMerger struct {
	c      *collector
	all    []ingest.Sample // every sample decoded by scan
	before []int
	next   int
	dev    bool   // records carry developer fields
	why    string // set when the result would differ from the library's
}

// OnMesg implements decoder.MesgListener.
func (m *recordMerger) OnMesg(msg proto.Message) {
	if m.why != "" {
		return
	}
	if m.next >= len(m.before) || msg.Num == mesgnum.Record {
		m.why = rawLibrary // not what scan copied
		return
	}
	// The decoder keeps the same mesgdef.FieldDescription of this message
	// to decode developer fields with.
	if m.dev && msg.Num == mesgnum.FieldDescription && !mesgdef.NewFieldDescription(&msg).FitBaseTypeId.Valid() {
		m.why = rawDevFieldDesc
		return
	}
	m.c.samples = m.all[:m.before[m.next]]
	m.next++
	m.c.OnMesg(msg)
}

// decodeRaw is decodeStream over data (whose checksums passed as want
// says) with the records decoded from the bytes; it returns nil, and the
// reason, when the file must take the library path instead.
func decodeRaw(data []byte, want []sequence, size int64) (res *collector, why string) {
	if recoverPanics {
		// The library path then decodes the file (and meets the same
		// panic, if it was the library's, reported as Decode reports it).
		defer func() {
			if p := recover(); p != nil {
				res, why = nil, rawPanic
			}
		}()
	}
	s := getScratch()
	defer putScratch(s)
	c := newCollector(size)
	if why := s.scan(c, data, want); why != "" {
		c.release()
		return nil, why
	}
	m := &s.merger
	*m = recordMerger{c: c, all: c.samples, before: s.before, dev: s.devRecords}
	d := getDecoder(bytes.NewReader(s.out),
		decoder.WithMesgListener(m),
		decoder.WithBroadcastOnly(),
		decoder.WithFactory(decoderFactory()),
		decoder.WithIgnoreChecksum(),
	)
	defer putDecoder(d)
	files := 0
	ok := true
	for d.Next() {
		if files == len(want) {
			ok = false
			break
		}
		c.samples = m.all[:s.segStart[files]]
		c.startSegment()
		if _, err := d.Decode(); err != nil {
			ok = false
			break
		}
		files++
	}
	c.samples = m.all
	if m.why == "" && (!ok || m.next != len(m.before) || files != len(want)) {
		m.why = rawLibrary
	}
	if m.why != "" {
		c.release()
		return nil, m.why
	}
	c.seqs = want
	c.bytesRead = int64(len(data))
	c.rawRecords = true
	return c, ""
}
