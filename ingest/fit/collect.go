package fit

import (
	"math"
	"time"

	"gainguard/ingest"

	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// FIT time: seconds since 1989-12-31T00:00:00Z. Values below minAbsTime
// are device-relative (seconds since power-on), not dates.
const (
	fitEpochUnix = 631065600
	minAbsTime   = 0x10000000
)

// Scales and offsets of the profile fields read below (value = raw/scale - offset).
const (
	timeScale     = 1000 // total_elapsed_time, total_timer_time, set duration: ms
	distanceScale = 100  // cm
	speedScale    = 1000 // mm/s
	altScale      = 5
	altOffset     = 500
	weightScale   = 16 // set weight
	semicircleDeg = 180.0 / (1 << 31)
)

// segment is what we keep of one FIT file in a chain.
type segment struct {
	fileType     typedef.File // FileInvalid when there was no file_id
	manufacturer string
	product      string
	tzOffsetS    int
	hasTZ        bool
	workouts     []workoutName
	firstSample  int // index in collector.samples of this segment's first sample

	// Devices without a UTC clock (e.g. Forerunner 70) write device-relative
	// timestamps; the activity message's local_timestamp then maps them to
	// local wall-clock time: local = relative + relToLocal.
	relToLocal int64
	hasRelMap  bool
	floating   bool // times were mapped to local wall-clock time
}

type workoutName struct {
	sport typedef.Sport
	name  string
}

// session is the part of a session message we use.
type session struct {
	seg           int // chained FIT file it came from
	samplesBefore int // len(samples) when the session message arrived
	start, end    time.Time
	sport         typedef.Sport
	subSport      typedef.SubSport
	elapsed       float64
	timer         float64
	distance      float64
	calories      float64
	avgHR, maxHR  float64
	profileName   string
}

type sportMsg struct {
	seg      int
	sport    typedef.Sport
	subSport typedef.SubSport
	name     string
}

type exerciseTitle struct {
	index uint16
	name  string
}

type lapRec struct {
	lap ingest.Lap
	seg int
}

// pendingSet is a set message before its exercise is resolved.
type pendingSet struct {
	set       ingest.Set
	seg       int
	wktStep   uint16 // basetype.Uint16Invalid when absent
	hasTitle  bool   // an exercise_title preceded it
	prevTitle int    // index in titles of the preceding title
}

// collector is the decoder's synchronous message listener. It copies the
// few fields gainguard uses out of each message; the decoder reuses the
// message's field storage after OnMesg returns.
type collector struct {
	segs     []segment
	sessions []session
	samples  []ingest.Sample
	laps     []lapRec
	sets     []pendingSet
	sports   []sportMsg
	titles   []exerciseTitle
	hrs      []hrMsg // hr messages, merged into the records by build
	hrAcc    hrAccumulator

	recordsNoTime int // record messages without a usable timestamp
	recordMesgs   int
	weightScales  int
	body          []ingest.BodyMeasurement // weight_scale readings with a usable time and a value
	bodyDropped   int                      // weight_scale messages without a usable time or value
	sawRelative   bool                     // some timestamp was device-relative (< minAbsTime)
	rawRecords    bool                     // records were decoded from the bytes (decodeRaw)

	seqs      []sequence // the FIT files of the chain decoded without error
	err       error      // decoder error that stopped decoding
	bytesRead int64
	readErr   error
}

func newCollector(size int64) *collector {
	c := &collector{}
	if size > 0 {
		// Records take ~20–60 bytes each in typical files (22 in the
		// compact ones gainguard's samples write, 30–40 from Garmin
		// watches); guessing 24 makes growing the slice rare, at the cost
		// of a transient over-allocation on verbose files (the samples
		// live only until the activity is reduced).
		n := size / 24
		if n > 1<<18 {
			n = 1 << 18
		}
		c.samples = getSamples(int(n))
	}
	return c
}

func (c *collector) startSegment() {
	c.segs = append(c.segs, segment{fileType: typedef.FileInvalid, firstSample: len(c.samples)})
}

func (c *collector) seg() *segment {
	if len(c.segs) == 0 {
		c.startSegment()
	}
	return &c.segs[len(c.segs)-1]
}

// OnMesg implements decoder.MesgListener.
func (c *collector) OnMesg(m proto.Message) {
	switch m.Num {
	case mesgnum.Record:
		c.onRecord(&m)
	case mesgnum.Session:
		c.onSession(&m)
	case mesgnum.Lap:
		c.onLap(&m)
	case mesgnum.Set:
		c.onSet(&m)
	case mesgnum.FileId:
		c.onFileID(&m)
	case mesgnum.Activity:
		c.onActivity(&m)
	case mesgnum.Sport:
		c.onSport(&m)
	case mesgnum.Workout:
		c.onWorkout(&m)
	case mesgnum.ExerciseTitle:
		c.onExerciseTitle(&m)
	case mesgnum.WeightScale:
		c.onWeightScale(&m)
	case mesgnum.Hr:
		c.onHR(&m)
	}
}

// Scales of the weight_scale fields read (value = raw/100).
const bodyScale = 100

// onWeightScale keeps one smart-scale reading: weight, body fat and muscle
// mass. The profile's special weight value 0xFFFE ("calculating") and
// readings without an absolute timestamp are dropped (counted).
func (c *collector) onWeightScale(m *proto.Message) {
	c.weightScales++
	b := ingest.BodyMeasurement{Precision: ingest.PrecisionExact,
		MassKg: math.NaN(), FatPct: math.NaN(), MuscleKg: math.NaN()}
	var ts uint32 = basetype.Uint32Invalid
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.WeightScaleTimestamp:
			if f.Value.Type() == proto.TypeUint32 {
				ts = f.Value.Uint32()
			}
		case fieldnum.WeightScaleWeight:
			if f.Value.Type() == proto.TypeUint16 && f.Value.Uint16() == 0xFFFE {
				continue // typedef.WeightCalculating
			}
			b.MassKg = positive(number(f) / bodyScale)
		case fieldnum.WeightScalePercentFat:
			b.FatPct = positive(number(f) / bodyScale)
		case fieldnum.WeightScaleMuscleMass:
			b.MuscleKg = positive(number(f) / bodyScale)
		}
	}
	if ts == basetype.Uint32Invalid || ts < minAbsTime ||
		(math.IsNaN(b.MassKg) && math.IsNaN(b.FatPct) && math.IsNaN(b.MuscleKg)) {
		c.bodyDropped++
		return
	}
	b.Time = fitTime(ts)
	c.body = append(c.body, b)
}

// positive returns v when it is a positive number, NaN otherwise (a scale
// writes 0 for "not measured").
func positive(v float64) float64 {
	if v > 0 && !math.IsInf(v, 0) {
		return v
	}
	return math.NaN()
}

// recordFields are the values of one record message's fields gainguard
// reads, before scale and offset: what onRecord reads from the library's
// message, or readRecord from the bytes (rawrecord.go).
type recordFields struct {
	ts               uint32  // basetype.Uint32Invalid when absent
	hr, cad, power   float64 // NaN when absent or invalid
	speed, espeed    float64
	alt, ealt        float64
	dist             float64
	lat, lon         int32
	haveLat, haveLon bool
	fracCad          float64 // fractional_cadence/128
	haveFracCad      bool
}

// noRecordFields is a record without any field.
var noRecordFields = recordFields{
	ts: basetype.Uint32Invalid,
	hr: math.NaN(), cad: math.NaN(), power: math.NaN(),
	speed: math.NaN(), espeed: math.NaN(),
	alt: math.NaN(), ealt: math.NaN(),
	dist: math.NaN(),
}

// onRecord is the hot path of the library's decoding: one call per second
// of recording. It reads the fields by number in one pass and allocates
// nothing of its own.
func (c *collector) onRecord(m *proto.Message) {
	r := noRecordFields
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.RecordTimestamp:
			r.ts = c.timeValue(f)
		case fieldnum.RecordHeartRate:
			r.hr = number(f)
		case fieldnum.RecordCadence:
			r.cad = number(f)
		case fieldnum.RecordFractionalCadence:
			if v := number(f); !math.IsNaN(v) {
				r.fracCad, r.haveFracCad = v/128, true
			}
		case fieldnum.RecordPower:
			r.power = number(f)
		case fieldnum.RecordSpeed:
			r.speed = number(f)
		case fieldnum.RecordEnhancedSpeed:
			r.espeed = number(f)
		case fieldnum.RecordAltitude:
			r.alt = number(f)
		case fieldnum.RecordEnhancedAltitude:
			r.ealt = number(f)
		case fieldnum.RecordDistance:
			r.dist = number(f)
		case fieldnum.RecordPositionLat:
			r.lat, r.haveLat = semicircles(f)
		case fieldnum.RecordPositionLong:
			r.lon, r.haveLon = semicircles(f)
		}
	}
	c.addRecord(&r)
}

// addRecord counts one record message and keeps it as a sample when it
// has a timestamp.
func (c *collector) addRecord(r *recordFields) {
	c.recordMesgs++
	if r.ts == basetype.Uint32Invalid {
		c.recordsNoTime++
		return
	}
	s := ingest.NewSample(fitTime(r.ts))
	s.HR = r.hr
	s.PowerW = r.power
	if !math.IsNaN(r.cad) {
		s.Cadence = r.cad
		if r.haveFracCad {
			s.Cadence += r.fracCad
		}
	}
	if !math.IsNaN(r.espeed) {
		s.SpeedMS = r.espeed / speedScale
	} else if !math.IsNaN(r.speed) {
		s.SpeedMS = r.speed / speedScale
	}
	if !math.IsNaN(r.ealt) {
		s.AltM = r.ealt/altScale - altOffset
	} else if !math.IsNaN(r.alt) {
		s.AltM = r.alt/altScale - altOffset
	}
	if !math.IsNaN(r.dist) {
		s.DistanceM = r.dist / distanceScale
	}
	if r.haveLat && r.haveLon {
		s.Lat = float64(r.lat) * semicircleDeg
		s.Lon = float64(r.lon) * semicircleDeg
	}
	c.samples = append(c.samples, s)
}

func (c *collector) onSession(m *proto.Message) {
	s := session{
		seg:           len(c.segs) - 1,
		samplesBefore: len(c.samples),
		sport:         typedef.SportInvalid,
		subSport:      typedef.SubSportInvalid,
		elapsed:       math.NaN(),
		timer:         math.NaN(),
		distance:      math.NaN(),
		calories:      math.NaN(),
		avgHR:         math.NaN(),
		maxHR:         math.NaN(),
	}
	ts, start := uint32(basetype.Uint32Invalid), uint32(basetype.Uint32Invalid)
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.SessionTimestamp:
			ts = c.timeValue(f)
		case fieldnum.SessionStartTime:
			start = c.timeValue(f)
		case fieldnum.SessionSport:
			if v := number(f); !math.IsNaN(v) {
				s.sport = typedef.Sport(v)
			}
		case fieldnum.SessionSubSport:
			if v := number(f); !math.IsNaN(v) {
				s.subSport = typedef.SubSport(v)
			}
		case fieldnum.SessionTotalElapsedTime:
			s.elapsed = number(f) / timeScale
		case fieldnum.SessionTotalTimerTime:
			s.timer = number(f) / timeScale
		case fieldnum.SessionTotalDistance:
			s.distance = number(f) / distanceScale
		case fieldnum.SessionTotalCalories:
			s.calories = number(f)
		case fieldnum.SessionAvgHeartRate:
			s.avgHR = number(f)
		case fieldnum.SessionMaxHeartRate:
			s.maxHR = number(f)
		case fieldnum.SessionSportProfileName:
			s.profileName = stringValue(f)
		}
	}
	if s.elapsed < 0 || math.IsInf(s.elapsed, 0) {
		s.elapsed = math.NaN()
	}
	// The span is [start_time, max(timestamp, start_time+elapsed)]: most
	// devices stamp the session at its end, but summary-first writers
	// (e.g. Forerunner 965 strength files) stamp it at its start.
	switch {
	case start != basetype.Uint32Invalid:
		s.start = fitTime(start)
		s.end = s.start
		if ts != basetype.Uint32Invalid && ts > start {
			s.end = fitTime(ts)
		}
		if !math.IsNaN(s.elapsed) {
			if e := s.start.Add(seconds(s.elapsed)); e.After(s.end) {
				s.end = e
			}
		}
	case ts != basetype.Uint32Invalid && !math.IsNaN(s.elapsed):
		s.end = fitTime(ts)
		s.start = s.end.Add(-seconds(s.elapsed))
	case ts != basetype.Uint32Invalid:
		// No start time: build takes it from the session's records.
		s.end = fitTime(ts)
	default:
		// No usable time span: build takes it from the records when the
		// session is its file's only one, else drops it with a note.
	}
	c.sessions = append(c.sessions, s)
}

func (c *collector) onLap(m *proto.Message) {
	l := ingest.Lap{ElapsedS: math.NaN(), TimerS: math.NaN(), DistanceM: math.NaN(), AvgHR: math.NaN(), MaxHR: math.NaN()}
	ts, start := uint32(basetype.Uint32Invalid), uint32(basetype.Uint32Invalid)
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.LapTimestamp:
			ts = c.timeValue(f)
		case fieldnum.LapStartTime:
			start = c.timeValue(f)
		case fieldnum.LapTotalElapsedTime:
			l.ElapsedS = number(f) / timeScale
		case fieldnum.LapTotalTimerTime:
			l.TimerS = number(f) / timeScale
		case fieldnum.LapTotalDistance:
			l.DistanceM = number(f) / distanceScale
		case fieldnum.LapAvgHeartRate:
			l.AvgHR = number(f)
		case fieldnum.LapMaxHeartRate:
			l.MaxHR = number(f)
		}
	}
	switch {
	case start != basetype.Uint32Invalid:
		l.Start = fitTime(start)
		if math.IsNaN(l.ElapsedS) && ts != basetype.Uint32Invalid && ts >= start {
			l.ElapsedS = float64(ts - start)
		}
	case ts != basetype.Uint32Invalid && !math.IsNaN(l.ElapsedS):
		l.Start = fitTime(ts).Add(-seconds(l.ElapsedS))
	default:
		return // a lap we cannot place in time is of no use
	}
	if math.IsNaN(l.TimerS) {
		l.TimerS = l.ElapsedS
	}
	c.laps = append(c.laps, lapRec{lap: l, seg: len(c.segs) - 1})
}

func (c *collector) onSet(m *proto.Message) {
	p := pendingSet{
		set:     ingest.Set{DurationS: math.NaN(), Type: ingest.SetActive, Reps: -1, WeightKg: math.NaN(), RPE: math.NaN()},
		seg:     len(c.segs) - 1,
		wktStep: basetype.Uint16Invalid,
	}
	ts, start := uint32(basetype.Uint32Invalid), uint32(basetype.Uint32Invalid)
	category := typedef.ExerciseCategoryInvalid
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.SetTimestamp:
			ts = c.timeValue(f)
		case fieldnum.SetStartTime:
			start = c.timeValue(f)
		case fieldnum.SetDuration:
			p.set.DurationS = number(f) / timeScale
		case fieldnum.SetRepetitions:
			if v := number(f); !math.IsNaN(v) {
				p.set.Reps = int(v)
			}
		case fieldnum.SetWeight:
			p.set.WeightKg = number(f) / weightScale
		case fieldnum.SetSetType:
			if v := number(f); !math.IsNaN(v) && typedef.SetType(v) == typedef.SetTypeRest {
				p.set.Type = ingest.SetRest
			}
		case fieldnum.SetCategory:
			category = firstCategory(f)
		case fieldnum.SetWktStepIndex:
			if v := number(f); !math.IsNaN(v) {
				p.wktStep = uint16(v) & uint16(typedef.MessageIndexMask)
			}
		}
	}
	switch {
	case start != basetype.Uint32Invalid:
		p.set.Start = fitTime(start)
	case ts != basetype.Uint32Invalid && !math.IsNaN(p.set.DurationS):
		p.set.Start = fitTime(ts).Add(-seconds(p.set.DurationS))
	case ts != basetype.Uint32Invalid:
		p.set.Start = fitTime(ts)
	default:
		return // cannot be placed in a session
	}
	if category != typedef.ExerciseCategoryInvalid {
		p.set.Exercise = categoryName(category)
	}
	if len(c.titles) > 0 {
		p.hasTitle, p.prevTitle = true, len(c.titles)-1
	}
	c.sets = append(c.sets, p)
}

func (c *collector) onFileID(m *proto.Message) {
	sg := c.seg()
	var manufacturer typedef.Manufacturer = typedef.ManufacturerInvalid
	var product uint16 = basetype.Uint16Invalid
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.FileIdType:
			if v := number(f); !math.IsNaN(v) {
				sg.fileType = typedef.File(v)
			}
		case fieldnum.FileIdManufacturer:
			if v := number(f); !math.IsNaN(v) {
				manufacturer = typedef.Manufacturer(v)
			}
		case fieldnum.FileIdProduct:
			if v := number(f); !math.IsNaN(v) {
				product = uint16(v)
			}
		}
	}
	sg.manufacturer = manufacturerName(manufacturer)
	sg.product = productName(manufacturer, product)
}

func (c *collector) onActivity(m *proto.Message) {
	ts, local := uint32(basetype.Uint32Invalid), uint32(basetype.Uint32Invalid)
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.ActivityTimestamp:
			ts = c.timeValue(f)
		case fieldnum.ActivityLocalTimestamp:
			if v := number(f); !math.IsNaN(v) {
				local = uint32(v)
			}
		}
	}
	if ts == basetype.Uint32Invalid || local == basetype.Uint32Invalid || local < minAbsTime {
		return
	}
	sg := c.seg()
	if ts < minAbsTime {
		if !sg.hasRelMap {
			sg.relToLocal, sg.hasRelMap = int64(local)-int64(ts), true
		}
		return
	}
	if sg.hasTZ {
		return
	}
	// local_timestamp and timestamp are written together, so their
	// difference is the zone offset; real offsets are whole quarter hours.
	off := int64(local) - int64(ts)
	q := (off + 450*sign(off)) / 900 * 900
	if d := off - q; d < -120 || d > 120 || q < -12*3600 || q > 14*3600 {
		return // a clock glitch, not a zone offset
	}
	sg.tzOffsetS, sg.hasTZ = int(q), true
}

func sign(x int64) int64 {
	if x < 0 {
		return -1
	}
	return 1
}

func (c *collector) onSport(m *proto.Message) {
	s := sportMsg{seg: len(c.segs) - 1, sport: typedef.SportInvalid, subSport: typedef.SubSportInvalid}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.SportSport:
			if v := number(f); !math.IsNaN(v) {
				s.sport = typedef.Sport(v)
			}
		case fieldnum.SportSubSport:
			if v := number(f); !math.IsNaN(v) {
				s.subSport = typedef.SubSport(v)
			}
		case fieldnum.SportName:
			s.name = stringValue(f)
		}
	}
	c.sports = append(c.sports, s)
}

func (c *collector) onWorkout(m *proto.Message) {
	w := workoutName{sport: typedef.SportInvalid}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.WorkoutSport:
			if v := number(f); !math.IsNaN(v) {
				w.sport = typedef.Sport(v)
			}
		case fieldnum.WorkoutWktName:
			w.name = stringValue(f)
		}
	}
	if w.name != "" {
		sg := c.seg()
		sg.workouts = append(sg.workouts, w)
	}
}

func (c *collector) onExerciseTitle(m *proto.Message) {
	t := exerciseTitle{index: basetype.Uint16Invalid}
	category := typedef.ExerciseCategoryInvalid
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.ExerciseTitleMessageIndex:
			if v := number(f); !math.IsNaN(v) {
				t.index = uint16(v) & uint16(typedef.MessageIndexMask)
			}
		case fieldnum.ExerciseTitleWktStepName:
			t.name = stringValue(f)
		case fieldnum.ExerciseTitleExerciseCategory:
			category = firstCategory(f)
		}
	}
	if t.name == "" && category != typedef.ExerciseCategoryInvalid {
		t.name = categoryName(category)
	}
	if t.name != "" {
		c.titles = append(c.titles, t)
	}
}

// number returns a numeric field's raw value (before scale and offset), or
// NaN when the field holds its base type's invalid sentinel or is not a
// number. For arrays it returns the first valid element.
func number(f *proto.Field) float64 {
	v := f.Value
	switch v.Type() {
	case proto.TypeUint8:
		x := v.Uint8()
		if f.BaseType == basetype.Uint8z {
			if x == basetype.Uint8zInvalid {
				return math.NaN()
			}
		} else if x == basetype.Uint8Invalid {
			return math.NaN()
		}
		return float64(x)
	case proto.TypeUint16:
		x := v.Uint16()
		if f.BaseType == basetype.Uint16z {
			if x == basetype.Uint16zInvalid {
				return math.NaN()
			}
		} else if x == basetype.Uint16Invalid {
			return math.NaN()
		}
		return float64(x)
	case proto.TypeUint32:
		x := v.Uint32()
		if f.BaseType == basetype.Uint32z {
			if x == basetype.Uint32zInvalid {
				return math.NaN()
			}
		} else if x == basetype.Uint32Invalid {
			return math.NaN()
		}
		return float64(x)
	case proto.TypeInt8:
		if x := v.Int8(); x != basetype.Sint8Invalid {
			return float64(x)
		}
	case proto.TypeInt16:
		if x := v.Int16(); x != basetype.Sint16Invalid {
			return float64(x)
		}
	case proto.TypeInt32:
		if x := v.Int32(); x != basetype.Sint32Invalid {
			return float64(x)
		}
	case proto.TypeUint64:
		x := v.Uint64()
		if f.BaseType == basetype.Uint64z {
			if x == basetype.Uint64zInvalid {
				return math.NaN()
			}
		} else if x == basetype.Uint64Invalid {
			return math.NaN()
		}
		return float64(x)
	case proto.TypeInt64:
		if x := v.Int64(); x != basetype.Sint64Invalid {
			return float64(x)
		}
	case proto.TypeFloat32:
		if x := v.Float32(); math.Float32bits(x) != basetype.Float32Invalid && !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0) {
			return float64(x)
		}
	case proto.TypeFloat64:
		if x := v.Float64(); math.Float64bits(x) != basetype.Float64Invalid && !math.IsNaN(x) && !math.IsInf(x, 0) {
			return x
		}
	case proto.TypeSliceUint8:
		for _, x := range v.SliceUint8() {
			if x != basetype.Uint8Invalid && !(f.BaseType == basetype.Uint8z && x == 0) {
				return float64(x)
			}
		}
	case proto.TypeSliceUint16:
		for _, x := range v.SliceUint16() {
			if x != basetype.Uint16Invalid && !(f.BaseType == basetype.Uint16z && x == 0) {
				return float64(x)
			}
		}
	case proto.TypeSliceUint32:
		for _, x := range v.SliceUint32() {
			if x != basetype.Uint32Invalid && !(f.BaseType == basetype.Uint32z && x == 0) {
				return float64(x)
			}
		}
	}
	return math.NaN()
}

// timeValue returns a date_time field's raw value, or Uint32Invalid when it
// is missing. Device-relative values (below minAbsTime) are returned too and
// noted; build maps them to wall-clock time or drops them.
func (c *collector) timeValue(f *proto.Field) uint32 {
	if f.Value.Type() != proto.TypeUint32 {
		return basetype.Uint32Invalid
	}
	v := f.Value.Uint32()
	if v < minAbsTime {
		c.sawRelative = true
	}
	return v
}

func fitTime(v uint32) time.Time {
	return time.Unix(int64(v)+fitEpochUnix, 0).UTC()
}

func seconds(s float64) time.Duration {
	return time.Duration(s * float64(time.Second))
}

func semicircles(f *proto.Field) (int32, bool) {
	if f.Value.Type() != proto.TypeInt32 {
		return 0, false
	}
	v := f.Value.Int32()
	return v, v != basetype.Sint32Invalid
}

// stringValue returns a string field (the first string of a string array).
func stringValue(f *proto.Field) string {
	switch f.Value.Type() {
	case proto.TypeString:
		return f.Value.String()
	case proto.TypeSliceString:
		for _, s := range f.Value.SliceString() {
			if s != "" {
				return s
			}
		}
	}
	return ""
}

// firstCategory returns the first meaningful exercise category of a
// category field (Garmin lists its best guess first), skipping the invalid
// and "unknown" (65534) markers.
func firstCategory(f *proto.Field) typedef.ExerciseCategory {
	ok := func(x uint16) bool {
		c := typedef.ExerciseCategory(x)
		return c != typedef.ExerciseCategoryInvalid && c != typedef.ExerciseCategoryUnknown
	}
	switch f.Value.Type() {
	case proto.TypeUint16:
		if x := f.Value.Uint16(); ok(x) {
			return typedef.ExerciseCategory(x)
		}
	case proto.TypeSliceUint16:
		for _, x := range f.Value.SliceUint16() {
			if ok(x) {
				return typedef.ExerciseCategory(x)
			}
		}
	}
	return typedef.ExerciseCategoryInvalid
}
