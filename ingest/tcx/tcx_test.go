package tcx

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/internal/corpustest"
)

func decodeString(doc string) (ingest.Decoded, error) {
	return Decode(strings.NewReader(doc))
}

func mustDecode(t *testing.T, doc string) ingest.Decoded {
	t.Helper()
	d, err := decodeString(doc)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	for i := range d.Activities {
		checkInvariants(t, &d.Activities[i])
	}
	return d
}

const head = `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
 xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
`

// run is a small running activity: one lap, three points, HR, TPX speed.
const run = head + `<Activities><Activity Sport="Running">
 <Id>2023-05-01T10:00:00.000+02:00</Id>
 <Lap StartTime="2023-05-01T08:00:00Z">
  <TotalTimeSeconds>10</TotalTimeSeconds><DistanceMeters>30.5</DistanceMeters><Calories>3</Calories>
  <AverageHeartRateBpm><Value>141</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>150</Value></MaximumHeartRateBpm>
  <Track>
   <Trackpoint><Time>2023-05-01T08:00:00Z</Time>
    <Position><LatitudeDegrees>46.5</LatitudeDegrees><LongitudeDegrees>6.6</LongitudeDegrees></Position>
    <AltitudeMeters>400</AltitudeMeters><DistanceMeters>0</DistanceMeters>
    <HeartRateBpm><Value>140</Value></HeartRateBpm>
    <Extensions><ns3:TPX><ns3:Speed>3.1</ns3:Speed><ns3:RunCadence>88</ns3:RunCadence></ns3:TPX></Extensions>
   </Trackpoint>
   <Trackpoint><Time>2023-05-01T08:00:05.5Z</Time><DistanceMeters>15</DistanceMeters>
    <HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>
   <Trackpoint><Time>2023-05-01T08:00:10</Time><DistanceMeters>30.5</DistanceMeters>
    <HeartRateBpm><Value> 145 </Value></HeartRateBpm>
    <Extensions><TPX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Speed>3.3</Speed><Watts>250</Watts></TPX></Extensions>
   </Trackpoint>
  </Track>
 </Lap>
 <Creator xsi:type="Device_t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Name>Forerunner 405 Software Version 2.80</Name><ProductID>717</ProductID>
 </Creator>
</Activity></Activities>
<Author xsi:type="Application_t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Name>Garmin Connect</Name></Author>
</TrainingCenterDatabase>`

func TestDecodeRun(t *testing.T) {
	d := mustDecode(t, run)
	if len(d.Activities) != 1 || len(d.Notes) != 0 {
		t.Fatalf("%d activities, notes %q", len(d.Activities), d.Notes)
	}
	a := d.Activities[0]
	t0 := time.Date(2023, 5, 1, 8, 0, 0, 0, time.UTC)
	if !a.Start.Equal(t0) || a.Sport != "running" || a.Kind != ingest.KindRun || a.Index != 0 {
		t.Errorf("start %v sport %q kind %q index %d", a.Start, a.Sport, a.Kind, a.Index)
	}
	if a.Manufacturer != "garmin" || a.Product != "Forerunner 405" {
		t.Errorf("device %q %q", a.Manufacturer, a.Product)
	}
	if a.ElapsedS != 10 || a.TimerS != 10 || a.DistanceM != 30.5 || a.Calories != 3 {
		t.Errorf("elapsed %g timer %g dist %g cal %g", a.ElapsedS, a.TimerS, a.DistanceM, a.Calories)
	}
	if a.AvgHR != 145 || a.MaxHR != 150 {
		t.Errorf("HR avg %g max %g (want from samples: 145, 150)", a.AvgHR, a.MaxHR)
	}
	if len(a.Laps) != 1 || a.Laps[0].AvgHR != 141 || a.Laps[0].MaxHR != 150 || a.Laps[0].TimerS != 10 || a.Laps[0].DistanceM != 30.5 {
		t.Errorf("laps %+v", a.Laps)
	}
	if len(a.Samples) != 3 {
		t.Fatalf("%d samples", len(a.Samples))
	}
	s0, s1, s2 := a.Samples[0], a.Samples[1], a.Samples[2]
	if s0.Lat != 46.5 || s0.Lon != 6.6 || s0.AltM != 400 || s0.HR != 140 || s0.SpeedMS != 3.1 || s0.Cadence != 88 || s0.DistanceM != 0 {
		t.Errorf("sample 0 %+v", s0)
	}
	if !s1.Time.Equal(t0.Add(5500*time.Millisecond)) || ingest.Known(s1.Lat) || ingest.Known(s1.SpeedMS) || ingest.Known(s1.Cadence) {
		t.Errorf("sample 1 %+v", s1)
	}
	if !s2.Time.Equal(t0.Add(10*time.Second)) || s2.PowerW != 250 || s2.SpeedMS != 3.3 || s2.HR != 145 {
		t.Errorf("sample 2 %+v (time without zone is UTC)", s2)
	}
}

func TestBOMAndLeadingBlanks(t *testing.T) {
	for name, doc := range map[string]string{
		"bom":        "\xEF\xBB\xBF" + run,
		"blanks":     "  \r\n\t " + run,
		"bom+blanks": "\xEF\xBB\xBF\n   " + run,
	} {
		t.Run(name, func(t *testing.T) {
			d := mustDecode(t, doc)
			if len(d.Activities) != 1 || len(d.Activities[0].Samples) != 3 {
				t.Fatalf("%+v", d)
			}
		})
	}
}

func TestLatin1(t *testing.T) {
	latin := func(enc string, device []byte) string {
		doc := strings.Replace(run, `encoding="UTF-8"`, `encoding="`+enc+`"`, 1)
		return strings.Replace(doc, "Forerunner 405 Software Version 2.80", string(device), 1)
	}
	for _, c := range []struct {
		enc    string
		device []byte
		want   string
	}{
		{"ISO-8859-1", []byte("v\xEDvoactive HR"), "vívoactive HR"},
		{"iso-8859-1", []byte("Edge 500 \xE9t\xE9"), "Edge 500 été"},
		{"windows-1252", []byte("Edge \x80 \x93x\x94"), "Edge € “x”"},
		{"latin1", []byte("Polar V800"), "Polar V800"},
	} {
		doc := latin(c.enc, c.device)
		for _, slow := range []bool{false, true} {
			var d ingest.Decoded
			var err error
			if slow {
				d, err = Decode(iotest.OneByteReader(strings.NewReader(doc)))
			} else {
				d, err = decodeString(doc)
			}
			if err != nil {
				t.Fatalf("%s: %v", c.enc, err)
			}
			if got := d.Activities[0].Product; got != c.want {
				t.Errorf("%s: product %q, want %q", c.enc, got, c.want)
			}
		}
	}
}

func TestUnsupportedEncoding(t *testing.T) {
	for _, doc := range []string{
		strings.Replace(run, `encoding="UTF-8"`, `encoding="Shift_JIS"`, 1),
		"\xFF\xFE<\x00?\x00",
	} {
		_, err := decodeString(doc)
		var fe *FormatError
		if !errors.As(err, &fe) || !strings.HasPrefix(fe.What, WhatEncoding) {
			t.Errorf("err %v, want %s", err, WhatEncoding)
		}
	}
}

const multisport = head + `<Activities><MultiSportSession>
 <Id>2023-06-01T07:00:00Z</Id>
 <FirstSport><Activity Sport="Biking"><Id>2023-06-01T07:00:00Z</Id>
  <Lap StartTime="2023-06-01T07:00:00Z"><TotalTimeSeconds>3600</TotalTimeSeconds><DistanceMeters>30000</DistanceMeters>
   <Track><Trackpoint><Time>2023-06-01T07:00:00Z</Time><HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint>
   <Trackpoint><Time>2023-06-01T08:00:00Z</Time><HeartRateBpm><Value>130</Value></HeartRateBpm></Trackpoint></Track></Lap>
 </Activity></FirstSport>
 <NextSport><Transition StartTime="2023-06-01T08:00:00Z"><TotalTimeSeconds>120</TotalTimeSeconds></Transition>
  <Activity Sport="Running"><Id>2023-06-01T08:02:00Z</Id>
  <Lap StartTime="2023-06-01T08:02:00Z"><TotalTimeSeconds>1800</TotalTimeSeconds><DistanceMeters>6000</DistanceMeters>
   <Track><Trackpoint><Time>2023-06-01T08:02:00Z</Time></Trackpoint><Trackpoint><Time>2023-06-01T08:32:00Z</Time></Trackpoint></Track></Lap>
 </Activity></NextSport>
</MultiSportSession></Activities></TrainingCenterDatabase>`

func TestMultisport(t *testing.T) {
	d := mustDecode(t, multisport)
	if len(d.Activities) != 2 {
		t.Fatalf("%d activities", len(d.Activities))
	}
	b, r := d.Activities[0], d.Activities[1]
	if b.Sport != "cycling" || b.Kind != ingest.KindCardio || b.Index != 0 || b.DistanceM != 30000 || b.AvgHR != 125 {
		t.Errorf("bike: %q %q index %d dist %g avgHR %g", b.Sport, b.Kind, b.Index, b.DistanceM, b.AvgHR)
	}
	if r.Sport != "running" || r.Kind != ingest.KindRun || r.Index != 1 || r.ElapsedS != 1800 || ingest.Known(r.AvgHR) {
		t.Errorf("run: %q %q index %d elapsed %g avgHR %g", r.Sport, r.Kind, r.Index, r.ElapsedS, r.AvgHR)
	}
	if !r.Start.Equal(time.Date(2023, 6, 1, 8, 2, 0, 0, time.UTC)) {
		t.Errorf("run start %v", r.Start)
	}
}

func TestCourseSkipped(t *testing.T) {
	doc := head + `<Folders/><Courses><Course><Name>Loop</Name>
 <Lap><TotalTimeSeconds>100</TotalTimeSeconds><DistanceMeters>500</DistanceMeters></Lap>
 <Track><Trackpoint><Time>2021-08-02T18:28:31+00:00</Time></Trackpoint></Track>
 </Course></Courses></TrainingCenterDatabase>`
	_, err := decodeString(doc)
	if !ingest.IsSkip(err) || err.Error() != reasonCourse {
		t.Fatalf("err %v, want skip %q", err, reasonCourse)
	}
	// Activities next to courses are imported, with a note.
	both := strings.Replace(run, "</Activities>", "</Activities><Courses><Course><Name>x</Name></Course></Courses>", 1)
	d := mustDecode(t, both)
	if len(d.Activities) != 1 || len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "courses") {
		t.Errorf("%d activities, notes %q", len(d.Activities), d.Notes)
	}
}

func TestMissingHR(t *testing.T) {
	// No HR anywhere: NaN.
	doc := head + `<Activities><Activity Sport="Biking"><Id>2023-05-01T08:00:00Z</Id>
 <Lap StartTime="2023-05-01T08:00:00Z"><TotalTimeSeconds>60</TotalTimeSeconds>
 <Track><Trackpoint><Time>2023-05-01T08:00:00Z</Time><HeartRateBpm><Value>0</Value></HeartRateBpm></Trackpoint>
 <Trackpoint><Time>2023-05-01T08:01:00Z</Time><HeartRateBpm/></Trackpoint></Track></Lap>
 </Activity></Activities></TrainingCenterDatabase>`
	a := mustDecode(t, doc).Activities[0]
	if ingest.Known(a.AvgHR) || ingest.Known(a.MaxHR) || corpustest.HasHR(a) || ingest.Known(a.DistanceM) || ingest.Known(a.Calories) {
		t.Errorf("avg %g max %g dist %g cal %g hasHR %v", a.AvgHR, a.MaxHR, a.DistanceM, a.Calories, corpustest.HasHR(a))
	}
	// HR only in the laps: time-weighted average, maximum of maxima.
	doc = head + `<Activities><Activity Sport="Running"><Id>2023-05-01T08:00:00Z</Id>
 <Lap StartTime="2023-05-01T08:00:00Z"><TotalTimeSeconds>300</TotalTimeSeconds>
  <AverageHeartRateBpm><Value>140</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>150</Value></MaximumHeartRateBpm></Lap>
 <Lap StartTime="2023-05-01T08:05:00Z"><TotalTimeSeconds>100</TotalTimeSeconds>
  <AverageHeartRateBpm><Value>160</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>170</Value></MaximumHeartRateBpm></Lap>
 </Activity></Activities></TrainingCenterDatabase>`
	a = mustDecode(t, doc).Activities[0]
	if a.AvgHR != 145 || a.MaxHR != 170 || len(a.Samples) != 0 || a.ElapsedS != 400 || a.TimerS != 400 || len(a.Laps) != 2 {
		t.Errorf("avg %g max %g samples %d elapsed %g timer %g laps %d", a.AvgHR, a.MaxHR, len(a.Samples), a.ElapsedS, a.TimerS, len(a.Laps))
	}
	if a.Laps[0].ElapsedS != 300 || !a.Laps[1].Start.Equal(a.Start.Add(5*time.Minute)) {
		t.Errorf("laps %+v", a.Laps)
	}
}

func TestStartFallbacks(t *testing.T) {
	// No <Id>: the first lap's StartTime.
	doc := head + `<Activities><Activity Sport="Running">
 <Lap StartTime="2023-05-01T08:00:00Z"><TotalTimeSeconds>60</TotalTimeSeconds>
 <Track><Trackpoint><Time>2023-05-01T08:00:30Z</Time></Trackpoint></Track></Lap>
 </Activity></Activities></TrainingCenterDatabase>`
	a := mustDecode(t, doc).Activities[0]
	if !a.Start.Equal(time.Date(2023, 5, 1, 8, 0, 0, 0, time.UTC)) || a.ElapsedS != 60 {
		t.Errorf("start %v elapsed %g", a.Start, a.ElapsedS)
	}
	// No <Id>, no lap time: the first trackpoint. Pauses unknown: TimerS = ElapsedS.
	doc = head + `<Activities><Activity Sport="Running"><Id></Id><Lap>
 <Track><Trackpoint><Time>2023-05-01T08:00:30Z</Time></Trackpoint><Trackpoint><Time>2023-05-01T08:01:30Z</Time></Trackpoint></Track></Lap>
 </Activity></Activities></TrainingCenterDatabase>`
	a = mustDecode(t, doc).Activities[0]
	if !a.Start.Equal(time.Date(2023, 5, 1, 8, 0, 30, 0, time.UTC)) || a.ElapsedS != 60 || a.TimerS != 60 {
		t.Errorf("start %v elapsed %g timer %g", a.Start, a.ElapsedS, a.TimerS)
	}
	// A trackpoint before the <Id> moves Start back.
	doc = strings.Replace(run, "2023-05-01T10:00:00.000+02:00", "2023-05-01T08:00:02Z", 1)
	doc = strings.Replace(doc, `StartTime="2023-05-01T08:00:00Z"`, `StartTime="2023-05-01T08:00:02Z"`, 1)
	a = mustDecode(t, doc).Activities[0]
	if !a.Start.Equal(time.Date(2023, 5, 1, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("start %v", a.Start)
	}
}

func TestNoTimeSkipped(t *testing.T) {
	doc := head + `<Activities><Activity Sport="Running"><Lap><TotalTimeSeconds>60</TotalTimeSeconds>
 <Track><Trackpoint><DistanceMeters>3</DistanceMeters></Trackpoint><Trackpoint><Time>yesterday</Time></Trackpoint></Track></Lap>
 </Activity></Activities></TrainingCenterDatabase>`
	d, err := decodeString(doc)
	if !ingest.IsSkip(err) || err.Error() != reasonNoTime || len(d.Activities) != 0 || len(d.Notes) == 0 {
		t.Fatalf("err %v, notes %q", err, d.Notes)
	}
	// One timed activity and one untimed: the untimed one is dropped, Index kept.
	doc = strings.Replace(run, `<Activities>`, `<Activities><Activity Sport="Biking"><Lap/></Activity>`, 1)
	d = mustDecode(t, doc)
	if len(d.Activities) != 1 || d.Activities[0].Index != 1 || len(d.Notes) != 1 {
		t.Errorf("%d activities, notes %q", len(d.Activities), d.Notes)
	}
	// An activity with only an <Id>.
	_, err = decodeString(head + `<Activities><Activity Sport="Running"><Id>2023-05-01T08:00:00Z</Id></Activity></Activities></TrainingCenterDatabase>`)
	if !ingest.IsSkip(err) || !strings.Contains(err.Error(), "no laps or trackpoints") {
		t.Errorf("err %v", err)
	}
	// No activities at all (a workouts file).
	_, err = decodeString(head + `<Workouts><Workout Sport="Running"><Name>x</Name></Workout></Workouts></TrainingCenterDatabase>`)
	if !ingest.IsSkip(err) || err.Error() != reasonNoActivity {
		t.Errorf("err %v", err)
	}
}

func TestFormatErrors(t *testing.T) {
	for _, c := range []struct {
		name, doc, what, sub string
		line                 int
	}{
		{"empty", "", WhatEmpty, "tcx: empty file", 0},
		{"blank", " \n\t ", WhatEmpty, "", 0},
		{"bom only", "\xEF\xBB\xBF\n", WhatEmpty, "", 0},
		{"gpx", `<?xml version="1.0"?><gpx version="1.1"></gpx>`, WhatNotTCX + ": root element is <gpx>", "", 0},
		{"no root", `<?xml version="1.0"?>`, WhatNotTCX + ": no root element", "", 0},
		{"truncated", run[:len(run)/2], WhatMalformed, "unexpected EOF", 0},
		{"bad tag", head + "<Activities>\n<Activity Sport=\"Running\">\n<Lap><</Lap></Activity></Activities></TrainingCenterDatabase>", WhatMalformed, "line 6", 6},
		{"mismatched", head + "<Activities>\n</Activity></TrainingCenterDatabase>", WhatMalformed, "line 5", 5},
		{"binary", "\x00\x01\x02FIT", WhatMalformed, "", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := decodeString(c.doc)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err %v (%T), want *FormatError", err, err)
			}
			if fe.What != c.what || !strings.Contains(err.Error(), c.sub) || len(d.Activities) != 0 {
				t.Errorf("err %q (What %q), want What %q containing %q", err, fe.What, c.what, c.sub)
			}
			if c.line > 0 && fe.Line != c.line {
				t.Errorf("line %d, want %d", fe.Line, c.line)
			}
		})
	}
}

type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadError(t *testing.T) {
	_, err := Decode(failReader{})
	var fe *FormatError
	if !errors.As(err, &fe) || fe.What != WhatRead || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("err %v", err)
	}
	// Failing mid-document.
	_, err = Decode(io.MultiReader(strings.NewReader(run[:300]), failReader{}))
	if !errors.As(err, &fe) || fe.What != WhatRead || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("err %v", err)
	}
}

func TestBadValues(t *testing.T) {
	doc := head + `<Activities><Activity Sport="Running"><Id>2023-05-01T08:00:00Z</Id><Lap StartTime="2023-05-01T08:00:00Z">
 <TotalTimeSeconds>NaN</TotalTimeSeconds><DistanceMeters>-5</DistanceMeters>
 <Track><Trackpoint><Time>2023-05-01T08:00:00Z</Time><Position><LatitudeDegrees>0</LatitudeDegrees><LongitudeDegrees>0</LongitudeDegrees></Position>
  <HeartRateBpm><Value>abc</Value></HeartRateBpm><AltitudeMeters>1e400</AltitudeMeters><Cadence>-3</Cadence></Trackpoint>
 <Trackpoint><Time>2023-05-01T08:00:01Z</Time><Position><LatitudeDegrees>91</LatitudeDegrees><LongitudeDegrees>3</LongitudeDegrees></Position></Trackpoint>
 <Trackpoint><Time>2023-05-01T08:00:01Z</Time></Trackpoint>
 <Trackpoint><Time>2023-05-01T07:59:59Z</Time></Trackpoint>
 </Track></Lap></Activity></Activities></TrainingCenterDatabase>`
	d := mustDecode(t, doc)
	a := d.Activities[0]
	if len(a.Samples) != 3 || !a.Start.Equal(time.Date(2023, 5, 1, 7, 59, 59, 0, time.UTC)) {
		t.Fatalf("%d samples, start %v", len(a.Samples), a.Start)
	}
	for _, s := range a.Samples {
		if ingest.Known(s.Lat) || ingest.Known(s.HR) || ingest.Known(s.AltM) || ingest.Known(s.Cadence) {
			t.Errorf("sample %+v", s)
		}
	}
	if ingest.Known(a.DistanceM) || a.ElapsedS != 2 || a.TimerS != 2 {
		t.Errorf("dist %g elapsed %g timer %g", a.DistanceM, a.ElapsedS, a.TimerS)
	}
	if len(d.Notes) != 3 {
		t.Errorf("notes %q", d.Notes)
	}
}

func TestOffClockTrackpoints(t *testing.T) {
	doc := strings.ReplaceAll(run, "2023-05-01T08:00:", "2029-05-01T08:00:")
	doc = strings.Replace(doc, `StartTime="2029-05-01T08:00:00Z"`, `StartTime="2023-05-01T08:00:00Z"`, 1)
	d := mustDecode(t, doc)
	a := d.Activities[0]
	if len(a.Samples) != 0 || len(a.Laps) != 1 || a.ElapsedS != 10 || len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "clocks disagree") {
		t.Errorf("%d samples, elapsed %g, notes %q", len(a.Samples), a.ElapsedS, d.Notes)
	}
}

func TestSportNames(t *testing.T) {
	for raw, want := range map[string]string{"Running": "running", "Biking": "cycling", "Other": "", "": "", "Walking": "walking", " running ": "running"} {
		if got := sportName(raw); got != want {
			t.Errorf("sportName(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestDeviceNames(t *testing.T) {
	for _, c := range []struct{ in, m, p string }{
		{"Forerunner 405 Software Version 2.80", "garmin", "Forerunner 405"},
		{"Forerunner305", "garmin", "Forerunner305"},
		{"vívoactive HR", "garmin", "vívoactive HR"},
		{"Garmin Edge 500", "garmin", "Garmin Edge 500"},
		{"Polar V800", "polar_electro", "Polar V800"},
		{"Fitbit Versa", "fitbit", "Fitbit Versa"},
		{"ELEMNT BOLT", "wahoo_fitness", "ELEMNT BOLT"},
		{"  Some\n  Phone ", "", "Some Phone"},
		{"", "", ""},
	} {
		m, p := deviceNames(c.in)
		if m != c.m || p != c.p {
			t.Errorf("deviceNames(%q) = %q, %q; want %q, %q", c.in, m, p, c.m, c.p)
		}
	}
}

func TestParseTime(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2023-05-01T10:00:00.123+02:00", "2023-05-01T08:00:00.123Z"},
		{"2023-05-01T10:00:00Z", "2023-05-01T10:00:00Z"},
		{"2023-05-01T10:00:00-05:30", "2023-05-01T15:30:00Z"},
		{"2023-05-01T10:00:00+0200", "2023-05-01T08:00:00Z"},
		{"2023-05-01T10:00:00", "2023-05-01T10:00:00Z"},
		{"2023-05-01 10:00:00z", "2023-05-01T10:00:00Z"},
		{"  2023-05-01T10:00:00.5Z\n", "2023-05-01T10:00:00.5Z"},
	} {
		got, err := ingest.ParseXMLTime(c.in)
		if err != nil || got.Format(time.RFC3339Nano) != c.want || got.Location() != time.UTC {
			t.Errorf("ingest.ParseXMLTime(%q) = %v, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "Aug  6 2007, 20:16:30", "0001-01-01T00:00:00Z", "2023-13-01T10:00:00Z"} {
		if _, err := ingest.ParseXMLTime(in); err == nil {
			t.Errorf("ingest.ParseXMLTime(%q) succeeded", in)
		}
	}
}

func TestFormatVar(t *testing.T) {
	if Format.Name != "tcx" || len(Format.Exts) != 1 || Format.Exts[0] != ".tcx" || Format.Decode == nil {
		t.Errorf("%+v", Format)
	}
	if _, err := Format.Decode(bytes.NewReader([]byte(run))); err != nil {
		t.Error(err)
	}
}

func TestLargeStreams(t *testing.T) {
	// 20,000 points through a slow reader: streaming, not one big unmarshal.
	var b strings.Builder
	b.WriteString(head + `<Activities><Activity Sport="Running"><Id>2023-05-01T08:00:00Z</Id><Lap StartTime="2023-05-01T08:00:00Z"><Track>`)
	t0 := time.Date(2023, 5, 1, 8, 0, 0, 0, time.UTC)
	for i := range 20000 {
		b.WriteString("<Trackpoint><Time>" + t0.Add(time.Duration(i)*time.Second).Format(time.RFC3339) +
			"</Time><HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>\n")
	}
	b.WriteString(`</Track></Lap></Activity></Activities></TrainingCenterDatabase>`)
	d, err := Decode(iotest.HalfReader(strings.NewReader(b.String())))
	if err != nil {
		t.Fatal(err)
	}
	a := d.Activities[0]
	if len(a.Samples) != 20000 || a.ElapsedS != 19999 || a.TimerS != 19999 || math.Abs(a.AvgHR-150) > 0 {
		t.Errorf("%d samples elapsed %g timer %g", len(a.Samples), a.ElapsedS, a.TimerS)
	}
}
