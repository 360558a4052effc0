package fit

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	"gainguard/ingest"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// anyMessage lets the encoder write what it would refuse: invalid values,
// base types other than the profile's, a field twice.
type anyMessage struct{}

func (anyMessage) Validate(*proto.Message) error { return nil }
func (anyMessage) Reset()                        {}

// encodeAny encodes each FIT file of a chain with opts and no validation.
func encodeAny(t testing.TB, opts []encoder.Option, files ...[]proto.Message) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := encoder.New(&buf, append([]encoder.Option{encoder.WithMessageValidator(anyMessage{})}, opts...)...)
	for _, mesgs := range files {
		if err := enc.Encode(&proto.FIT{Messages: mesgs}); err != nil {
			t.Fatalf("encode: %v", err)
		}
	}
	return buf.Bytes()
}

// rf is a record field as the profile defines it, holding v.
func rf(num byte, v proto.Value) proto.Field {
	f := factory.CreateField(mesgnum.Record, num)
	f.Value = v
	return f
}

// odd is a record field declared with base type bt instead of the profile's.
func odd(num byte, bt basetype.BaseType, v proto.Value) proto.Field {
	f := factory.CreateField(mesgnum.Record, num)
	fb := *f.FieldBase
	fb.BaseType = bt
	f.FieldBase = &fb
	f.Value = v
	return f
}

func fitSeconds(t time.Time) uint32 { return uint32(t.Unix() - fitEpochUnix) }

// rawActivity is a 60-record activity (a lap after the 30th record, a
// session and an activity message at the end) whose i-th record holds
// the fields rec(i) returns after its timestamp; start is the FIT time
// of the first record.
func rawActivity(start uint32, rec func(i int) []proto.Field) []proto.Message {
	const n = 60
	mesgs := []proto.Message{fileID(typedef.FileActivity)}
	for i := range n {
		fields := append([]proto.Field{rf(fieldnum.RecordTimestamp, proto.Uint32(start+uint32(i)))}, rec(i)...)
		mesgs = append(mesgs, proto.Message{Num: mesgnum.Record, Fields: fields})
		if i == n/2 {
			mesgs = append(mesgs, mesgdef.NewLap(nil).
				SetTimestamp(fitTime(start+uint32(i))).SetStartTime(fitTime(start)).
				SetTotalElapsedTime(uint32(i*1000)).ToMesg(nil))
		}
	}
	end := fitTime(start + n - 1)
	mesgs = append(mesgs,
		sessionMesg(fitTime(start), (n-1)*time.Second, typedef.SportRunning, typedef.SubSportGeneric).ToMesg(nil),
		activityMesg(end, 2, 1))
	return mesgs
}

func hrOnly(i int) []proto.Field {
	return []proto.Field{rf(fieldnum.RecordHeartRate, proto.Uint8(uint8(100+i)))}
}

// fixChecksums returns b with the header CRC and the CRC after the data of
// each FIT file of its chain recomputed, as far as its headers hold
// together, so that altered and fuzzed files reach the paths that need
// sound checksums.
func fixChecksums(b []byte) []byte {
	b = bytes.Clone(b)
	for pos := 0; pos+12 <= len(b); {
		hs := int(b[pos])
		if (hs != 12 && hs != 14) || pos+hs > len(b) {
			break
		}
		end := pos + hs + int(binary.LittleEndian.Uint32(b[pos+4:]))
		if end+2 > len(b) {
			break
		}
		var c uint16
		if hs == 14 {
			binary.LittleEndian.PutUint16(b[pos+12:], fastCRC(0, b[pos:pos+12]))
			c = fastCRC(0, b[pos+14:end])
		} else {
			c = fastCRC(0, b[pos:end])
		}
		binary.LittleEndian.PutUint16(b[end:], c)
		pos = end + 2
	}
	return b
}

// rawFIT is one FIT file of the given messages' bytes, with a 14-byte
// header and sound checksums.
func rawFIT(mesgs ...[]byte) []byte {
	data := bytes.Join(mesgs, nil)
	b := []byte{14, 0x20, 0x08, 0x08, 0, 0, 0, 0, '.', 'F', 'I', 'T', 0, 0}
	binary.LittleEndian.PutUint32(b[4:], uint32(len(data)))
	b = append(append(b, data...), 0, 0)
	return fixChecksums(b)
}

// rawCases are small files for each way decodeRaw declines a file, and for
// the record semantics it reproduces; why is what decodeRaw says ("" when
// it decodes the file).
var rawCases = []struct {
	name  string
	file  func(t testing.TB) []byte
	why   string
	check func(t *testing.T, a *ingest.Activity) // of the fast path's first activity
}{
	{name: "run written by the encoder", file: runFile},
	{name: "strength, session first", file: strengthFile},
	{
		name: "speed and enhanced_speed: speed's expansion replaces enhanced_speed",
		file: func(t testing.TB) []byte {
			return encodeAny(t, nil, rawActivity(fitSeconds(t0), func(i int) []proto.Field {
				return []proto.Field{rf(fieldnum.RecordSpeed, proto.Uint16(3000)), rf(fieldnum.RecordEnhancedSpeed, proto.Uint32(2500))}
			}))
		},
		check: func(t *testing.T, a *ingest.Activity) {
			if got := a.Samples[0].SpeedMS; got != 3 {
				t.Errorf("speed %v m/s, want 3 (the library replaces enhanced_speed by speed's expansion)", got)
			}
		},
	},
	{
		name: "speed alone: the expansion's float truncation",
		file: func(t testing.TB) []byte {
			return encodeAny(t, nil, rawActivity(fitSeconds(t0), func(i int) []proto.Field {
				return []proto.Field{rf(fieldnum.RecordSpeed, proto.Uint16(uint16(2002+i)))}
			}))
		},
		check: func(t *testing.T, a *ingest.Activity) {
			// Raw speed 2002 expands to enhanced_speed 2001: 2.002/1000*1000
			// is just below 2002 in floating point.
			if got := a.Samples[0].SpeedMS; got != 2.001 {
				t.Errorf("speed %v m/s, want 2.001", got)
			}
		},
	},
	{
		name: "invalid speed, enhanced_speed kept",
		file: func(t testing.TB) []byte {
			return encodeAny(t, nil, rawActivity(fitSeconds(t0), func(i int) []proto.Field {
				return []proto.Field{rf(fieldnum.RecordEnhancedSpeed, proto.Uint32(2500)), rf(fieldnum.RecordSpeed, proto.Uint16(basetype.Uint16Invalid))}
			}))
		},
		check: func(t *testing.T, a *ingest.Activity) {
			if got := a.Samples[0].SpeedMS; got != 2.5 {
				t.Errorf("speed %v m/s, want 2.5", got)
			}
		},
	},
	{
		name: "altitude below -499 m: the expansion's float truncation",
		file: func(t testing.TB) []byte {
			return encodeAny(t, nil, rawActivity(fitSeconds(t0), func(i int) []proto.Field {
				fields := []proto.Field{rf(fieldnum.RecordAltitude, proto.Uint16(uint16(i)))}
				if i%3 == 0 {
					fields = append(fields, rf(fieldnum.RecordEnhancedAltitude, proto.Uint32(4000)))
				}
				if i%7 == 0 {
					fields[0].Value = proto.Uint16(basetype.Uint16Invalid)
				}
				return fields
			}))
		},
		check: func(t *testing.T, a *ingest.Activity) {
			// Raw altitude 1 is -499.8 m, but the library's expansion to
			// enhanced_altitude truncates it to raw 0: -500 m.
			if got := a.Samples[1].AltM; got != -500 {
				t.Errorf("altitude %v m, want -500", got)
			}
		},
	},
	{
		name: "every field read, some invalid, lat without lon, fractional cadence",
		file: func(t testing.TB) []byte {
			return encodeAny(t, []encoder.Option{encoder.WithHeaderOption(encoder.HeaderOptionNormal, 15)}, rawActivity(fitSeconds(t0), func(i int) []proto.Field {
				fields := []proto.Field{
					rf(fieldnum.RecordHeartRate, proto.Uint8(uint8(120+i))),
					rf(fieldnum.RecordCadence, proto.Uint8(80)),
					rf(fieldnum.RecordFractionalCadence, proto.Uint8(uint8(i*4))),
					rf(fieldnum.RecordPower, proto.Uint16(uint16(200+i))),
					rf(fieldnum.RecordDistance, proto.Uint32(uint32(i*250))),
					rf(fieldnum.RecordPositionLat, proto.Int32(572662306)),
					rf(fieldnum.RecordPositionLong, proto.Int32(139586437)),
					rf(fieldnum.RecordTemperature, proto.Int8(21)),
				}
				switch i % 4 {
				case 1:
					fields[0].Value = proto.Uint8(basetype.Uint8Invalid)
					fields[2].Value = proto.Uint8(basetype.Uint8Invalid)
					fields[5].Value = proto.Int32(basetype.Sint32Invalid)
				case 2:
					fields[6].Value = proto.Int32(basetype.Sint32Invalid)
					fields[1].Value = proto.Uint8(basetype.Uint8Invalid)
				case 3:
					fields = fields[:5] // another definition, without position
				}
				return fields
			}))
		},
	},
	{
		name: "cadence256 (no components in this profile)",
		file: func(t testing.TB) []byte {
			return encodeAny(t, nil, rawActivity(fitSeconds(t0), func(i int) []proto.Field {
				return []proto.Field{rf(fieldnum.RecordCadence256, proto.Uint16(uint16(85*256+i))), rf(fieldnum.RecordCadence, proto.Uint8(85))}
			}))
		},
	},
	{
		name: "device-relative timestamps",
		file: func(t testing.TB) []byte {
			return encodeAny(t, nil, rawActivity(1000, hrOnly))
		},
	},
	{
		name: "device-relative record times in a dated session",
		file: func(t testing.TB) []byte {
			mesgs := rawActivity(fitSeconds(t0), hrOnly)
			for i := 10; i < 20; i++ {
				mesgs[i].Fields[0].Value = proto.Uint32(uint32(500 + i))
			}
			return encodeAny(t, nil, mesgs)
		},
	},
	{
		name: "records without a timestamp among others",
		file: func(t testing.TB) []byte {
			mesgs := rawActivity(fitSeconds(t0), hrOnly)
			for i := 5; i < 15; i++ {
				mesgs[i].Fields = mesgs[i].Fields[1:]
			}
			return encodeAny(t, nil, mesgs)
		},
	},
	{
		name: "big-endian",
		file: func(t testing.TB) []byte {
			return encodeAny(t, []encoder.Option{encoder.WithBigEndian()}, rawActivity(fitSeconds(t0), func(i int) []proto.Field {
				return []proto.Field{rf(fieldnum.RecordHeartRate, proto.Uint8(uint8(100+i))), rf(fieldnum.RecordEnhancedSpeed, proto.Uint32(uint32(2000+i))),
					rf(fieldnum.RecordAltitude, proto.Uint16(uint16(3000+i))), rf(fieldnum.RecordPositionLat, proto.Int32(-572662306)), rf(fieldnum.RecordPositionLong, proto.Int32(139586437))}
			}))
		},
	},
	{
		name: "chained files, the second with relative times",
		file: func(t testing.TB) []byte {
			return encodeAny(t, nil, rawActivity(fitSeconds(t0), hrOnly), rawActivity(fitSeconds(t0.Add(2*time.Hour)), hrOnly), rawActivity(1000, hrOnly))
		},
	},
	{
		name: "developer fields in records",
		file: func(t testing.TB) []byte { return devRecordsFile(t, basetype.Uint16) },
	},
	{
		name: "developer fields in records, described with an invalid base type",
		file: func(t testing.TB) []byte { return devRecordsFile(t, basetype.BaseType(0x55)) },
		why:  rawDevFieldDesc,
	},
	{
		name: "compressed timestamp headers",
		file: func(t testing.TB) []byte {
			return encodeAny(t, []encoder.Option{encoder.WithHeaderOption(encoder.HeaderOptionCompressedTimestamp, 3)}, rawActivity(fitSeconds(t0), hrOnly))
		},
		why: rawCompressed,
	},
	{
		name: "compressed_speed_distance",
		file: func(t testing.TB) []byte {
			return encodeAny(t, nil, rawActivity(fitSeconds(t0), func(i int) []proto.Field {
				return []proto.Field{rf(fieldnum.RecordCompressedSpeedDistance, proto.SliceUint8([]byte{0x2c, 0x41, byte(i)}))}
			}))
		},
		why: rawExpands,
	},
	{
		name: "heart_rate declared uint16",
		file: func(t testing.TB) []byte {
			return encodeAny(t, nil, rawActivity(fitSeconds(t0), func(i int) []proto.Field {
				return []proto.Field{odd(fieldnum.RecordHeartRate, basetype.Uint16, proto.Uint16(uint16(0x0100+i)))}
			}))
		},
		why: rawFieldType,
	},
	{
		name: "heart_rate declared sint8",
		file: func(t testing.TB) []byte {
			return encodeAny(t, nil, rawActivity(fitSeconds(t0), func(i int) []proto.Field {
				return []proto.Field{odd(fieldnum.RecordHeartRate, basetype.Sint8, proto.Int8(int8(100+i%20)))}
			}))
		},
		why: rawFieldType,
	},
	{
		name: "heart_rate twice",
		file: func(t testing.TB) []byte {
			return encodeAny(t, nil, rawActivity(fitSeconds(t0), func(i int) []proto.Field {
				return []proto.Field{rf(fieldnum.RecordHeartRate, proto.Uint8(uint8(100+i))), rf(fieldnum.RecordHeartRate, proto.Uint8(150))}
			}))
		},
		why: rawDuplicate,
	},
	{
		name: "invalid base type",
		file: func(t testing.TB) []byte {
			def := []byte{0x40, 0, 0, byte(mesgnum.Record), 0, 2, fieldnum.RecordTimestamp, 4, byte(basetype.Uint32), fieldnum.RecordTemperature, 1, 0x55}
			return rawFIT(def, []byte{0, 1, 2, 3, 0x30, 20})
		},
		why: rawBaseType,
	},
	{
		name: "data message without a definition",
		file: func(testing.TB) []byte {
			def := []byte{0x40, 0, 0, byte(mesgnum.Record), 0, 1, fieldnum.RecordTimestamp, 4, byte(basetype.Uint32)}
			return rawFIT(def, []byte{0, 1, 2, 3, 0x30}, []byte{1, 1, 2, 3, 0x30})
		},
		why: rawNoDefinition,
	},
	{
		name: "record past the data size",
		file: func(testing.TB) []byte {
			def := []byte{0x40, 0, 0, byte(mesgnum.Record), 0, 1, fieldnum.RecordTimestamp, 4, byte(basetype.Uint32)}
			return rawFIT(def, []byte{0, 1, 2, 3, 0x30}, []byte{0, 1, 2})
		},
		why: rawOverrun,
	},
}

// devRecordsFile is an activity whose records carry a developer field
// described with base type bt.
func devRecordsFile(t testing.TB, bt basetype.BaseType) []byte {
	mesgs := rawActivity(fitSeconds(t0), hrOnly)
	dev := []proto.Message{
		mesgdef.NewDeveloperDataId(nil).SetDeveloperDataIndex(0).SetApplicationVersion(1).ToMesg(nil),
		mesgdef.NewFieldDescription(nil).SetDeveloperDataIndex(0).SetFieldDefinitionNumber(7).
			SetFitBaseTypeId(bt).SetFieldName([]string{"Form Power"}).ToMesg(nil),
	}
	mesgs = append(mesgs[:1], append(dev, mesgs[1:]...)...)
	for i := range mesgs {
		if mesgs[i].Num == mesgnum.Record && i%2 == 0 {
			mesgs[i].DeveloperFields = []proto.DeveloperField{{Num: 7, DeveloperDataIndex: 0, Value: proto.Uint16(uint16(200 + i))}}
		}
	}
	return encodeAny(t, []encoder.Option{encoder.WithProtocolVersion(proto.V2)}, mesgs)
}

// TestRawFallbacks: for each case, decodeRaw decodes the file or declines
// it for the reason expected, and Decode gives what the library path
// (fastRecords off) gives; where decodeRaw decodes, it leaves the
// collector the library leaves.
func TestRawFallbacks(t *testing.T) {
	t.Cleanup(func() { fastRecords = true })
	for _, c := range rawCases {
		t.Run(c.name, func(t *testing.T) {
			b := c.file(t)
			seqs, ok := libraryChecksumsOK(b)
			if !ok {
				t.Fatal("checksums fail")
			}
			got, why := decodeRaw(b, seqs, int64(len(b)))
			if why != c.why {
				t.Fatalf("decodeRaw: %q, want %q", why, c.why)
			}
			if got != nil {
				lib := decodeStream(bytes.NewReader(b), int64(len(b)), true)
				if g, w := collectorState(got), collectorState(lib); g != w {
					t.Errorf("collector differs from the library's:\n got %.800s\nwant %.800s", g, w)
				}
			}
			fastRecords = false
			want := describe(Decode(hinted{bytes.NewReader(b), int64(len(b))}))
			fastRecords = true
			dec, err := Decode(hinted{bytes.NewReader(b), int64(len(b))})
			if g := describe(dec, err); g != want {
				t.Errorf("Decode differs from the library path:\n got %.800s\nwant %.800s", g, want)
			}
			if c.check != nil {
				if err != nil || len(dec.Activities) == 0 || len(dec.Activities[0].Samples) < 2 {
					t.Fatalf("no activity with samples: %v", err)
				}
				c.check(t, &dec.Activities[0])
			}
		})
	}
}

// TestRawProfile: the fields decodeRaw declines for are those whose
// components reach a field read (compressed_speed_distance), not speed and
// altitude, whose expansions it reproduces.
func TestRawProfile(t *testing.T) {
	p := rawProfile()
	if !p.ok {
		t.Fatal("the profile is not what readRecord assumes")
	}
	var expands []byte
	for num, x := range p.expands {
		if x {
			expands = append(expands, byte(num))
		}
	}
	if !bytes.Equal(expands, []byte{fieldnum.RecordCompressedSpeedDistance}) {
		t.Errorf("fields expanding into a field read: %v, want [%d]", expands, fieldnum.RecordCompressedSpeedDistance)
	}
	if got := p.alt.apply(1); got != 0 {
		t.Errorf("altitude 1 expands to %d, want 0 (float truncation)", got)
	}
	if got := p.speed.apply(3000); got != 3000 {
		t.Errorf("speed 3000 expands to %d", got)
	}
}
