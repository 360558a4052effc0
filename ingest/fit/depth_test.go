package fit

import (
	"bytes"
	"encoding/binary"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"

	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// Heart rate stored in hr messages (swim watches, chest straps storing
// under water) reaches the records, as in the FIT SDK: every record of
// these files has a heart rate (none had before).
func TestHRMessagesMerged(t *testing.T) {
	requireCorpus(t)
	for _, c := range []struct {
		file    string
		records int // all of them with HR, as the SDK reads them
	}{
		{"fit/event_timestamp.fit", 4376},           // hr messages in 4 appended chained files
		{"fit/activity_poolswim_with_hr.fit", 3501}, // hr messages in the same file
		{"fit/HrmPluginTestActivity.fit", 310},      // 84 records had HR of their own
	} {
		d, err := decodeFile(t, filepath.Join(corpusDir, c.file))
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		n, hr := 0, 0
		for i := range d.Activities {
			a := &d.Activities[i]
			n += len(a.Samples)
			hr += a.NumHRSamples()
			if !ingest.PlausibleHR(a.AvgHR) || !ingest.PlausibleHR(a.MaxHR) {
				t.Errorf("%s: avg/max HR %v/%v", c.file, a.AvgHR, a.MaxHR)
			}
		}
		if n != c.records || hr != c.records {
			t.Errorf("%s: %d records, %d with HR; want %d, all with HR (notes %q)", c.file, n, hr, c.records, d.Notes)
		}
	}
}

// A 14-byte header whose CRC is 0 (the FIT protocol allows it: "not
// computed") with a right file CRC over header and data is sound: no
// checksum note. A wrong file CRC still gets one.
func TestZeroHeaderCRC(t *testing.T) {
	b := runFile(t)
	if b[0] != 14 {
		t.Fatalf("header size %d, want 14", b[0])
	}
	b[12], b[13] = 0, 0
	binary.LittleEndian.PutUint16(b[len(b)-2:], crc(b[:len(b)-2]))
	d := decodeBytes(t, b)
	if len(d.Activities) != 1 || len(d.Activities[0].Samples) != 601 {
		t.Fatalf("%d activities", len(d.Activities))
	}
	for _, n := range d.Notes {
		if strings.Contains(n, "checksum") {
			t.Errorf("zero header CRC, right file CRC: note %q", n)
		}
	}
	if !checksumsOK(b) {
		t.Error("checksumsOK = false for a sound file with a zero header CRC")
	}

	b[len(b)-1] ^= 0xFF
	d = decodeBytes(t, b)
	if !strings.Contains(strings.Join(d.Notes, "; "), "file checksum mismatch ignored") {
		t.Errorf("wrong file CRC: notes %q", d.Notes)
	}

	// The corpus file of the kind (a Forerunner 910XT run).
	requireCorpus(t)
	d, err := decodeFile(t, filepath.Join(corpusDir, "fit/ZeroHeaderCrc.fit"))
	if err != nil || strings.Contains(strings.Join(d.Notes, "; "), "checksum") {
		t.Errorf("ZeroHeaderCrc.fit: err %v, notes %q", err, d.Notes)
	}
}

// A base type byte without its endian bit (0x0C for uint32z, 0x8C) is
// read as the FIT SDK reads it (it masks the byte with 0x1F), with a note.
func TestBaseTypeWithoutEndianBit(t *testing.T) {
	requireCorpus(t)
	d, err := decodeFile(t, filepath.Join(corpusDir, "bad/971150603.fit"))
	if err != nil {
		t.Fatalf("971150603.fit: %v", err)
	}
	a := d.Activities[0]
	if len(d.Activities) != 1 || a.Sport != "cycling" || a.ElapsedS != 3822 || len(a.Samples) != 3806 || a.AvgHR != 148 || a.MaxHR != 180 {
		t.Errorf("971150603.fit: %d activities, %s %v s, %d samples, HR %v/%v; the SDK reads a 3822 s ride, 3806 records, HR 148/180",
			len(d.Activities), a.Sport, a.ElapsedS, len(a.Samples), a.AvgHR, a.MaxHR)
	}
	if !strings.Contains(strings.Join(d.Notes, "; "), "1 field definition(s) with a base type byte lacking its endian bit") {
		t.Errorf("notes %q", d.Notes)
	}
	// The file's checksums are right: no checksum note.
	if strings.Contains(strings.Join(d.Notes, "; "), "checksum") {
		t.Errorf("notes %q", d.Notes)
	}

	// normalizeBaseTypes leaves well-formed files alone.
	b := runFile(t)
	if out, n := normalizeBaseTypes(b); n != 0 || &out[0] != &b[0] {
		t.Errorf("runFile: %d base types changed", n)
	}
}

// A session without start_time takes its start from its first record.
func TestSessionWithoutStartTime(t *testing.T) {
	mesgs := []proto.Message{fileID(typedef.FileActivity)}
	for i := range 60 {
		mesgs = append(mesgs, mesgdef.NewRecord(nil).SetTimestamp(t0.Add(time.Duration(i)*time.Second)).SetHeartRate(140).ToMesg(nil))
	}
	mesgs = append(mesgs,
		mesgdef.NewSession(nil).SetTimestamp(t0.Add(59*time.Second)).SetSport(typedef.SportRunning).ToMesg(nil),
		activityMesg(t0.Add(59*time.Second), 1, 1))
	d := decodeBytes(t, encode(t, mesgs...))
	if len(d.Activities) != 1 {
		t.Fatalf("%d activities, notes %q", len(d.Activities), d.Notes)
	}
	a := d.Activities[0]
	if !a.Start.Equal(t0) || a.ElapsedS != 59 || len(a.Samples) != 60 || a.Kind != ingest.KindRun {
		t.Errorf("start %v elapsed %v samples %d kind %s", a.Start, a.ElapsedS, len(a.Samples), a.Kind)
	}
	if !strings.Contains(strings.Join(d.Notes, "; "), "start time of 1 session(s) taken from their first record") {
		t.Errorf("notes %q", d.Notes)
	}
}

// Heart rates of 0 and ≥ 240 bpm are artefacts: dropped from the samples,
// and never an activity's or lap's average or maximum.
func TestImpossibleHeartRates(t *testing.T) {
	mesgs := []proto.Message{fileID(typedef.FileActivity)}
	for i := range 60 {
		hr := uint8(150)
		switch {
		case i < 10:
			hr = 0
		case i < 20:
			hr = 250
		}
		mesgs = append(mesgs, mesgdef.NewRecord(nil).SetTimestamp(t0.Add(time.Duration(i)*time.Second)).SetHeartRate(hr).ToMesg(nil))
	}
	end := t0.Add(59 * time.Second)
	mesgs = append(mesgs,
		mesgdef.NewLap(nil).SetTimestamp(end).SetStartTime(t0).SetTotalElapsedTime(59000).
			SetAvgHeartRate(0).SetMaxHeartRate(250).ToMesg(nil),
		sessionMesg(t0, 59*time.Second, typedef.SportRunning, typedef.SubSportGeneric).
			SetAvgHeartRate(0).SetMaxHeartRate(250).ToMesg(nil),
		activityMesg(end, 0, 1))
	d := decodeBytes(t, encode(t, mesgs...))
	a := d.Activities[0]
	if a.AvgHR != 150 || a.MaxHR != 150 {
		t.Errorf("avg/max HR = %v/%v, want 150/150 (from the plausible samples)", a.AvgHR, a.MaxHR)
	}
	if n := a.NumHRSamples(); n != 40 {
		t.Errorf("%d samples with HR, want 40", n)
	}
	for _, s := range a.Samples {
		if !math.IsNaN(s.HR) && !ingest.PlausibleHR(s.HR) {
			t.Fatalf("sample HR %v kept", s.HR)
		}
	}
	if l := a.Laps[0]; !math.IsNaN(l.AvgHR) || !math.IsNaN(l.MaxHR) {
		t.Errorf("lap avg/max HR = %v/%v, want missing", l.AvgHR, l.MaxHR)
	}
	if !strings.Contains(strings.Join(d.Notes, "; "), "20 heart-rate sample(s) and 4 average/maximum value(s) outside 20–239 bpm dropped") {
		t.Errorf("notes %q", d.Notes)
	}
}

// Devices without a UTC clock (Forerunner 70 and its era) count seconds
// since power-on, so two runs can carry the very same raw times. Each
// file's activity message anchors them to its own wall-clock time: two
// runs on different days get different dates (and ids), and a file
// without the anchor is skipped, never dated near 1990.
func TestRelativeClocksDoNotShareADate(t *testing.T) {
	rel := func(s int) time.Time { return time.Unix(fitEpochUnix+int64(s), 0).UTC() }
	const base = 17217864 // the FR70 corpus file's first record
	file := func(local time.Time, anchor bool) []byte {
		mesgs := []proto.Message{fileID(typedef.FileActivity)}
		for i := range 30 {
			mesgs = append(mesgs, mesgdef.NewRecord(nil).SetTimestamp(rel(base+i)).SetHeartRate(150).ToMesg(nil))
		}
		mesgs = append(mesgs, sessionMesg(rel(base), 29*time.Second, typedef.SportRunning, typedef.SubSportGeneric).ToMesg(nil))
		if anchor {
			mesgs = append(mesgs, mesgdef.NewActivity(nil).SetTimestamp(rel(base+29)).SetLocalTimestamp(local.Add(29*time.Second)).ToMesg(nil))
		}
		return encode(t, mesgs...)
	}
	monday := time.Date(2012, 2, 13, 7, 0, 0, 0, time.UTC)
	thursday := time.Date(2012, 2, 16, 18, 30, 0, 0, time.UTC)
	a := decodeBytes(t, file(monday, true)).Activities[0]
	b := decodeBytes(t, file(thursday, true)).Activities[0]
	if !a.Start.Equal(monday) || !b.Start.Equal(thursday) {
		t.Errorf("starts %v and %v, want %v and %v", a.Start, b.Start, monday, thursday)
	}
	if a.Start.Before(absLimit) || a.Start.Year() < 2000 {
		t.Errorf("start %v is a device-relative time taken as a date", a.Start)
	}
	// The anchor is local wall-clock time: floating, placed in the
	// athlete's zone later, claiming no UTC offset of its own.
	if !a.Floating || a.HasTZ {
		t.Errorf("floating %v, has tz %v; want a floating activity without a zone", a.Floating, a.HasTZ)
	}
	a.Athlete, b.Athlete = "x", "x"
	if ingest.ActivityID(&a) == ingest.ActivityID(&b) {
		t.Error("two runs share an id")
	}
	_, err := Decode(bytes.NewReader(file(monday, false)))
	if !ingest.IsSkip(err) || !strings.Contains(err.Error(), "device-relative clock") {
		t.Errorf("no anchor: err = %v, want a skip naming the device-relative clock", err)
	}
}
