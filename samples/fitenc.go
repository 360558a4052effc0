package samples

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/kit/datetime"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// The watch the files claim to come from.
const (
	fitProduct         = uint16(typedef.GarminProductFr965)
	fitSoftwareVersion = 2008 // 20.08, scale 100
)

// fitWriter wraps a stream encoder and keeps the first error.
type fitWriter struct {
	enc *encoder.StreamEncoder
	err error
}

func newFITWriter(buf *memFile) (*fitWriter, error) {
	enc, err := encoder.NewStream(buf,
		encoder.WithWriteBufferSize(0),
		encoder.WithHeaderOption(encoder.HeaderOptionNormal, 15))
	if err != nil {
		return nil, err
	}
	return &fitWriter{enc: enc}, nil
}

func (w *fitWriter) write(m proto.Message) {
	if w.err == nil {
		w.err = w.enc.WriteMessage(&m)
	}
}

func (w *fitWriter) finish() error {
	if w.err != nil {
		return w.err
	}
	return w.enc.SequenceCompleted()
}

// header writes file_id and the creator's device_info.
func (w *fitWriter) header(ap *athletePlan, start time.Time) {
	w.write(mesgdef.NewFileId(nil).
		SetType(typedef.FileActivity).
		SetManufacturer(typedef.ManufacturerGarmin).
		SetProduct(fitProduct).
		SetSerialNumber(ap.serial).
		SetTimeCreated(start).ToMesg(nil))
	w.write(mesgdef.NewDeviceInfo(nil).
		SetTimestamp(start).
		SetDeviceIndex(typedef.DeviceIndexCreator).
		SetManufacturer(typedef.ManufacturerGarmin).
		SetProduct(fitProduct).
		SetSerialNumber(ap.serial).
		SetSoftwareVersion(fitSoftwareVersion).ToMesg(nil))
}

func (w *fitWriter) timer(t time.Time, et typedef.EventType) {
	w.write(mesgdef.NewEvent(nil).SetTimestamp(t).SetEvent(typedef.EventTimer).
		SetEventType(et).SetEventGroup(0).ToMesg(nil))
}

// activity writes the closing activity message with the local timestamp.
func (w *fitWriter) activity(end time.Time, timerS float64) {
	off := berlinOffset(end)
	w.write(mesgdef.NewActivity(nil).
		SetTimestamp(end).
		SetTotalTimerTime(uint32(timerS * 1000)).
		SetNumSessions(1).
		SetType(typedef.ActivityManual).
		SetEvent(typedef.EventActivity).
		SetEventType(typedef.EventTypeStop).
		SetLocalTimestamp(end.Add(time.Duration(off) * time.Second)).ToMesg(nil))
}

// semicircles converts degrees to FIT semicircles.
func semicircles(deg float64) int32 { return int32(math.Round(deg * (1 << 31) / 180)) }

// stats accumulates lap and session summaries.
type stats struct {
	n            int
	hrSum, hrMax float64
	cadSum       float64
	vMax         float64
	ascent       float64
	descent      float64
	lastAlt      float64
}

func (s *stats) add(p *point) {
	if s.n > 0 {
		if d := p.alt - s.lastAlt; d > 0 {
			s.ascent += d
		} else {
			s.descent -= d
		}
	}
	s.lastAlt = p.alt
	s.n++
	s.hrSum += p.hr
	s.hrMax = max(s.hrMax, p.hr)
	s.cadSum += p.cad
	s.vMax = max(s.vMax, p.v)
}

func (s *stats) avgHR() uint8  { return uint8(math.Round(s.hrSum / float64(max(1, s.n)))) }
func (s *stats) avgCad() uint8 { return uint8(math.Round(s.cadSum / float64(max(1, s.n)))) }

// runCalories is the device-style gross estimate: ~1 kcal/kg/km net plus
// the resting share (~1.2 kcal/min).
func runCalories(massKg, distM, elapsedS float64) uint16 {
	return uint16(math.Round(massKg*distM/1000 + 1.2*elapsedS/60))
}

func runSubSport(s *session) typedef.SubSport {
	switch {
	case s.run == runHIIT:
		return typedef.SubSportTrack
	case s.route == 1:
		return typedef.SubSportStreet
	}
	return typedef.SubSportGeneric
}

// encodeRunFIT writes a running activity with 1-Hz records and 1-km laps.
func encodeRunFIT(buf *memFile, ap *athletePlan, s *session, rng *rand.Rand) error {
	pts := simulateRun(ap, s, rng, nil)
	w, err := newFITWriter(buf)
	if err != nil {
		return err
	}
	start := s.start.UTC()
	at := func(el int) time.Time { return start.Add(time.Duration(el) * time.Second) }
	w.header(ap, start)
	w.timer(start, typedef.EventTypeStart)

	rec := proto.Message{Num: mesgnum.Record, Fields: []proto.Field{
		factory.CreateField(mesgnum.Record, fieldnum.RecordTimestamp),
		factory.CreateField(mesgnum.Record, fieldnum.RecordPositionLat),
		factory.CreateField(mesgnum.Record, fieldnum.RecordPositionLong),
		factory.CreateField(mesgnum.Record, fieldnum.RecordDistance),
		factory.CreateField(mesgnum.Record, fieldnum.RecordEnhancedAltitude),
		factory.CreateField(mesgnum.Record, fieldnum.RecordEnhancedSpeed),
		factory.CreateField(mesgnum.Record, fieldnum.RecordHeartRate),
		factory.CreateField(mesgnum.Record, fieldnum.RecordCadence),
	}}
	base := append([]proto.Field(nil), rec.Fields...)

	mass := ap.profile.BodyMassKg
	var sess, lap stats
	lapStart, lapIndex := 0, 0
	nextKm := 1000.0
	emitLap := func(endIdx int, trigger typedef.LapTrigger) {
		a, b := &pts[lapStart], &pts[endIdx]
		dist := b.dist - a.dist
		timer := float64(endIdx - lapStart)
		elapsed := float64(b.el - a.el)
		w.write(mesgdef.NewLap(nil).
			SetMessageIndex(typedef.MessageIndex(lapIndex)).
			SetTimestamp(at(b.el)).
			SetStartTime(at(a.el)).
			SetStartPositionLat(semicircles(a.lat)).SetStartPositionLong(semicircles(a.lon)).
			SetEndPositionLat(semicircles(b.lat)).SetEndPositionLong(semicircles(b.lon)).
			SetTotalElapsedTime(uint32(elapsed * 1000)).
			SetTotalTimerTime(uint32(timer * 1000)).
			SetTotalDistance(uint32(math.Round(dist * 100))).
			SetTotalCalories(runCalories(mass, dist, elapsed)).
			SetEnhancedAvgSpeed(uint32(math.Round(dist / math.Max(timer, 1) * 1000))).
			SetEnhancedMaxSpeed(uint32(math.Round(lap.vMax * 1000))).
			SetAvgHeartRate(lap.avgHR()).SetMaxHeartRate(uint8(math.Round(lap.hrMax))).
			SetAvgCadence(lap.avgCad()).
			SetTotalAscent(uint16(math.Round(lap.ascent))).SetTotalDescent(uint16(math.Round(lap.descent))).
			SetEvent(typedef.EventLap).SetEventType(typedef.EventTypeStop).
			SetLapTrigger(trigger).
			SetSport(typedef.SportRunning).SetSubSport(runSubSport(s)).ToMesg(nil))
		lapIndex++
		lapStart = endIdx
		lap = stats{}
	}

	for i := range pts {
		p := &pts[i]
		if s.pauseS > 0 && i == s.pauseAtS {
			w.timer(at(p.el-s.pauseS), typedef.EventTypeStopAll)
			w.timer(at(p.el), typedef.EventTypeStart)
		}
		rec.Header = 0
		rec.Fields = append(rec.Fields[:0], base...)
		rec.Fields[0].Value = proto.Uint32(datetime.ToUint32(at(p.el)))
		rec.Fields[1].Value = proto.Int32(semicircles(p.lat))
		rec.Fields[2].Value = proto.Int32(semicircles(p.lon))
		rec.Fields[3].Value = proto.Uint32(uint32(math.Round(p.dist * 100)))
		rec.Fields[4].Value = proto.Uint32(uint32(math.Round((p.alt + 500) * 5)))
		rec.Fields[5].Value = proto.Uint32(uint32(math.Round(p.v * 1000)))
		rec.Fields[6].Value = proto.Uint8(uint8(math.Round(p.hr)))
		rec.Fields[7].Value = proto.Uint8(uint8(math.Round(p.cad)))
		w.write(rec)
		sess.add(p)
		lap.add(p)
		if p.dist >= nextKm && i < len(pts)-1 {
			emitLap(i, typedef.LapTriggerDistance)
			nextKm += 1000
		}
	}
	last := &pts[len(pts)-1]
	end := at(last.el)
	w.timer(end, typedef.EventTypeStopAll)
	if lapStart < len(pts)-1 {
		emitLap(len(pts)-1, typedef.LapTriggerSessionEnd)
	}
	timerS := float64(s.timerS())
	w.write(mesgdef.NewSession(nil).
		SetMessageIndex(0).
		SetTimestamp(end).
		SetEvent(typedef.EventSession).SetEventType(typedef.EventTypeStop).
		SetStartTime(start).
		SetStartPositionLat(semicircles(pts[0].lat)).SetStartPositionLong(semicircles(pts[0].lon)).
		SetSport(typedef.SportRunning).SetSubSport(runSubSport(s)).
		SetTotalElapsedTime(uint32(last.el * 1000)).
		SetTotalTimerTime(uint32(timerS * 1000)).
		SetTotalDistance(uint32(math.Round(last.dist * 100))).
		SetTotalCalories(runCalories(mass, last.dist, float64(last.el))).
		SetEnhancedAvgSpeed(uint32(math.Round(last.dist / timerS * 1000))).
		SetEnhancedMaxSpeed(uint32(math.Round(sess.vMax * 1000))).
		SetAvgHeartRate(sess.avgHR()).SetMaxHeartRate(uint8(math.Round(sess.hrMax))).
		SetAvgCadence(sess.avgCad()).
		SetTotalAscent(uint16(math.Round(sess.ascent))).SetTotalDescent(uint16(math.Round(sess.descent))).
		SetFirstLapIndex(0).SetNumLaps(uint16(lapIndex)).
		SetTrigger(typedef.SessionTriggerActivityEnd).ToMesg(nil))
	w.activity(end, timerS)
	return w.finish()
}

// encodeLiftFIT writes a strength-training activity: sparse HR records,
// exercise_title messages, set messages (active and rest), one lap.
func encodeLiftFIT(buf *memFile, ap *athletePlan, s *session, rng *rand.Rand) error {
	hr := simulateLiftHR(ap, s, rng)
	w, err := newFITWriter(buf)
	if err != nil {
		return err
	}
	start := s.start.UTC()
	at := func(sec int) time.Time { return start.Add(time.Duration(sec) * time.Second) }
	w.header(ap, start)

	// exercise_title: one per distinct exercise, in order of appearance.
	var titles []*exercise
	titleIndex := map[*exercise]int{}
	for _, ls := range s.sets {
		if ls.active {
			if _, ok := titleIndex[ls.ex]; !ok {
				titleIndex[ls.ex] = len(titles)
				titles = append(titles, ls.ex)
			}
		}
	}
	for i, ex := range titles {
		w.write(mesgdef.NewExerciseTitle(nil).
			SetMessageIndex(typedef.MessageIndex(i)).
			SetExerciseCategory(typedef.ExerciseCategory(ex.catNum)).
			SetExerciseName(ex.subtype).
			SetWktStepName([]string{ex.title}).ToMesg(nil))
	}
	w.timer(start, typedef.EventTypeStart)

	rec := proto.Message{Num: mesgnum.Record}
	base := []proto.Field{
		factory.CreateField(mesgnum.Record, fieldnum.RecordTimestamp),
		factory.CreateField(mesgnum.Record, fieldnum.RecordHeartRate),
	}
	var sum, peak float64
	set := 0
	writeSetsUntil := func(t int) {
		for set < len(s.sets) && s.sets[set].offS+s.sets[set].durS <= t {
			ls := s.sets[set]
			m := mesgdef.NewSet(nil).
				SetMessageIndex(typedef.MessageIndex(set)).
				SetTimestamp(at(ls.offS + ls.durS)).
				SetStartTime(at(ls.offS)).
				SetDuration(uint32(ls.durS * 1000))
			if ls.active {
				m.SetSetType(typedef.SetTypeActive).
					SetRepetitions(uint16(ls.reps)).
					SetWeight(uint16(math.Round(ls.weightKg * 16))).
					SetWeightDisplayUnit(typedef.FitBaseUnitKilogram).
					SetCategory([]typedef.ExerciseCategory{typedef.ExerciseCategory(ls.ex.catNum)}).
					SetCategorySubtype([]uint16{ls.ex.subtype}).
					SetWktStepIndex(typedef.MessageIndex(titleIndex[ls.ex]))
			} else {
				m.SetSetType(typedef.SetTypeRest)
			}
			w.write(m.ToMesg(nil))
			set++
		}
	}
	for t := 0; t <= s.liftS; t++ {
		sum += hr[t]
		peak = max(peak, hr[t])
		if t%liftRecordEvery != 0 && t != s.liftS {
			continue
		}
		writeSetsUntil(t)
		rec.Header = 0
		rec.Fields = append(rec.Fields[:0], base...)
		rec.Fields[0].Value = proto.Uint32(datetime.ToUint32(at(t)))
		rec.Fields[1].Value = proto.Uint8(uint8(math.Round(hr[t])))
		w.write(rec)
	}
	writeSetsUntil(math.MaxInt)
	end := at(s.liftS)
	w.timer(end, typedef.EventTypeStopAll)
	avg := uint8(math.Round(sum / float64(s.liftS+1)))
	kcal := uint16(math.Round(ap.profile.BodyMassKg * 0.075 * float64(s.liftS) / 60))
	dur := uint32(s.liftS * 1000)
	w.write(mesgdef.NewLap(nil).
		SetMessageIndex(0).SetTimestamp(end).SetStartTime(start).
		SetTotalElapsedTime(dur).SetTotalTimerTime(dur).
		SetTotalCalories(kcal).
		SetAvgHeartRate(avg).SetMaxHeartRate(uint8(math.Round(peak))).
		SetEvent(typedef.EventLap).SetEventType(typedef.EventTypeStop).
		SetLapTrigger(typedef.LapTriggerSessionEnd).
		SetSport(typedef.SportTraining).SetSubSport(typedef.SubSportStrengthTraining).ToMesg(nil))
	w.write(mesgdef.NewSession(nil).
		SetMessageIndex(0).SetTimestamp(end).
		SetEvent(typedef.EventSession).SetEventType(typedef.EventTypeStop).
		SetStartTime(start).
		SetSport(typedef.SportTraining).SetSubSport(typedef.SubSportStrengthTraining).
		SetTotalElapsedTime(dur).SetTotalTimerTime(dur).
		SetTotalCalories(kcal).
		SetAvgHeartRate(avg).SetMaxHeartRate(uint8(math.Round(peak))).
		SetFirstLapIndex(0).SetNumLaps(1).
		SetTrigger(typedef.SessionTriggerActivityEnd).ToMesg(nil))
	w.activity(end, float64(s.liftS))
	return w.finish()
}
