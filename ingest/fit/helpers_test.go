package fit

import (
	"bytes"
	"testing"
	"time"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// Test files are built with muktihari's encoder from mesgdef values, so
// they are what a real device would write for the same messages.

// t0 is the start of every generated activity: 2024-03-04 07:00:00 UTC.
var t0 = time.Date(2024, 3, 4, 7, 0, 0, 0, time.UTC)

func encode(t testing.TB, mesgs ...proto.Message) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := encoder.New(&buf).Encode(&proto.FIT{Messages: mesgs}); err != nil {
		t.Fatalf("encode: %v", err)
	}
	return buf.Bytes()
}

func fileID(typ typedef.File) proto.Message {
	return mesgdef.NewFileId(nil).
		SetType(typ).
		SetManufacturer(typedef.ManufacturerGarmin).
		SetProduct(uint16(typedef.GarminProductFr965)).
		SetSerialNumber(1234567).
		SetTimeCreated(t0).
		ToMesg(nil)
}

// activityMesg closes an activity recorded in a zone tzHours east of UTC.
func activityMesg(end time.Time, tzHours int, sessions uint16) proto.Message {
	return mesgdef.NewActivity(nil).
		SetTimestamp(end).
		SetLocalTimestamp(end.Add(time.Duration(tzHours) * time.Hour)).
		SetNumSessions(sessions).
		SetType(typedef.ActivityManual).
		ToMesg(nil)
}

func sessionMesg(start time.Time, elapsed time.Duration, sport typedef.Sport, sub typedef.SubSport) *mesgdef.Session {
	ms := uint32(elapsed / time.Millisecond)
	return mesgdef.NewSession(nil).
		SetTimestamp(start.Add(elapsed)).
		SetStartTime(start).
		SetTotalElapsedTime(ms).
		SetTotalTimerTime(ms).
		SetSport(sport).
		SetSubSport(sub)
}

// runFile is a 10-minute run in UTC+2: 601 one-second records with heart
// rate, speed, distance, cadence, altitude and position, one lap, a
// session and a sport message named "Morning Run".
func runFile(t testing.TB) []byte {
	const n = 601
	mesgs := []proto.Message{
		fileID(typedef.FileActivity),
		mesgdef.NewSport(nil).SetSport(typedef.SportRunning).SetSubSport(typedef.SubSportGeneric).SetName("Morning Run").ToMesg(nil),
	}
	for i := range n {
		mesgs = append(mesgs, mesgdef.NewRecord(nil).
			SetTimestamp(t0.Add(time.Duration(i)*time.Second)).
			SetHeartRate(uint8(120+i%40)).
			SetEnhancedSpeed(3000).              // 3.000 m/s
			SetDistance(uint32(i*300)).          // 3 m per second, in cm
			SetCadence(85).                      // strides/min
			SetEnhancedAltitude(uint32(2600+i)). // (2600+i)/5 - 500 m
			SetPositionLat(572662306).           // ≈ 48.0°
			SetPositionLong(139586437).          // ≈ 11.7°
			ToMesg(nil))
	}
	end := t0.Add((n - 1) * time.Second)
	mesgs = append(mesgs,
		mesgdef.NewLap(nil).
			SetTimestamp(end).SetStartTime(t0).
			SetTotalElapsedTime(600000).SetTotalTimerTime(600000).
			SetTotalDistance(180000).SetAvgHeartRate(139).SetMaxHeartRate(159).
			ToMesg(nil),
		sessionMesg(t0, 600*time.Second, typedef.SportRunning, typedef.SubSportGeneric).
			SetTotalDistance(180000).SetTotalCalories(150).
			SetAvgHeartRate(139).SetMaxHeartRate(159).
			ToMesg(nil),
		activityMesg(end, 2, 1),
	)
	return encode(t, mesgs...)
}

// strengthFile is a 20-minute strength session in UTC+1 as a Forerunner
// writes it: session first (summary-first, timestamp = start), then HR
// records every 10 s, then set messages: squat 5×100 kg, rest, bench press
// 8×60 kg, rest, and a set without category after an exercise_title
// "Bulgarian Split Squat" (Garmin's category list has no such name).
func strengthFile(t testing.TB) []byte {
	start := t0.Add(10 * time.Hour) // 17:00 UTC
	mesgs := []proto.Message{
		fileID(typedef.FileActivity),
		sessionMesg(start, 20*time.Minute, typedef.SportTraining, typedef.SubSportStrengthTraining).
			SetTimestamp(start). // summary-first writers stamp the session at its start
			SetTotalCalories(180).
			ToMesg(nil),
		mesgdef.NewSport(nil).SetSport(typedef.SportTraining).SetSubSport(typedef.SubSportStrengthTraining).SetName("Strength").ToMesg(nil),
		mesgdef.NewExerciseTitle(nil).
			SetMessageIndex(0).
			SetExerciseCategory(typedef.ExerciseCategoryLunge).
			SetWktStepName([]string{"Bulgarian Split Squat"}).
			ToMesg(nil),
	}
	for i := 0; i <= 120; i++ {
		mesgs = append(mesgs, mesgdef.NewRecord(nil).
			SetTimestamp(start.Add(time.Duration(i*10)*time.Second)).
			SetHeartRate(uint8(90+i%50)).
			ToMesg(nil))
	}
	set := func(at time.Duration, dur time.Duration, typ typedef.SetType, reps uint16, kg float64, cats ...typedef.ExerciseCategory) proto.Message {
		s := mesgdef.NewSet(nil).
			SetTimestamp(start). // Forerunner 965 files repeat the session start here
			SetStartTime(start.Add(at)).
			SetDuration(uint32(dur / time.Millisecond)).
			SetSetType(typ)
		if typ == typedef.SetTypeActive {
			s.SetRepetitions(reps).SetWeightScaled(kg)
		}
		if len(cats) > 0 {
			s.SetCategory(cats)
		}
		return s.ToMesg(nil)
	}
	mesgs = append(mesgs,
		set(1*time.Minute, 40*time.Second, typedef.SetTypeActive, 5, 100,
			typedef.ExerciseCategorySquat, typedef.ExerciseCategoryDeadlift),
		set(2*time.Minute, 90*time.Second, typedef.SetTypeRest, 0, 0),
		set(4*time.Minute, 35*time.Second, typedef.SetTypeActive, 8, 60,
			typedef.ExerciseCategoryUnknown, typedef.ExerciseCategoryBenchPress),
		set(5*time.Minute, 90*time.Second, typedef.SetTypeRest, 0, 0),
		set(7*time.Minute, 45*time.Second, typedef.SetTypeActive, 10, 20),
		activityMesg(start.Add(20*time.Minute), 1, 1),
	)
	return encode(t, mesgs...)
}

// recordsOnlyFile is a recording cut short: file_id and n records, no
// lap, session or activity message.
func recordsOnlyFile(t testing.TB, n int) []byte {
	mesgs := []proto.Message{fileID(typedef.FileActivity)}
	for i := range n {
		mesgs = append(mesgs, mesgdef.NewRecord(nil).
			SetTimestamp(t0.Add(time.Duration(i)*time.Second)).
			SetHeartRate(100).
			ToMesg(nil))
	}
	return encode(t, mesgs...)
}

// corruptCRC returns a copy of a FIT file with its final CRC flipped.
func corruptCRC(b []byte) []byte {
	c := bytes.Clone(b)
	c[len(c)-1] ^= 0xFF
	return c
}
