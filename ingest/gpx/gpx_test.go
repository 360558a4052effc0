package gpx

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	gpxgo "github.com/tkrajina/gpxgo/gpx"
	"golang.org/x/text/encoding/unicode"

	"gainguard/ingest"
)

func decodeString(t *testing.T, doc string) (ingest.Decoded, error) {
	t.Helper()
	return Decode(strings.NewReader(doc))
}

func mustDecode(t *testing.T, doc string) ingest.Decoded {
	t.Helper()
	d, err := decodeString(t, doc)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	for i := range d.Activities {
		checkInvariants(t, &d.Activities[i])
	}
	return d
}

const gpx11Head = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Test Device" xmlns="http://www.topografix.com/GPX/1/1"
 xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
 xmlns:tpx2="http://www.garmin.com/xmlschemas/TrackPointExtension/v2"
 xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
 xmlns:gpxdata="http://www.cluetrust.com/XML/GPXDATA/1/0">
`

func TestParseTime(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2023-05-01T10:00:00.123+02:00", "2023-05-01T08:00:00.123Z"}, // the gpxgo bug: fraction + offset
		{"2023-05-01T10:00:00.5Z", "2023-05-01T10:00:00.5Z"},
		{"2023-05-01T10:00:00Z", "2023-05-01T10:00:00Z"},
		{"2023-05-01T10:00:00-05:30", "2023-05-01T15:30:00Z"},
		{"2023-05-01T10:00:00+0200", "2023-05-01T08:00:00Z"},
		{"2023-05-01T10:00:00.250+02", "2023-05-01T08:00:00.25Z"},
		{"2023-05-01T10:00:00", "2023-05-01T10:00:00Z"}, // no zone: UTC per the GPX schema
		{"2023-05-01T10:00:00.999999999", "2023-05-01T10:00:00.999999999Z"},
		{"2023-05-01 10:00:00Z", "2023-05-01T10:00:00Z"},
		{"2023-05-01t10:00:00z", "2023-05-01T10:00:00Z"},
		{"2023-05-01T10:00:00,75Z", "2023-05-01T10:00:00.75Z"},
		{"  2023-05-01T10:00:00Z\n", "2023-05-01T10:00:00Z"},
	} {
		got, err := ingest.ParseXMLTime(c.in)
		if err != nil {
			t.Errorf("ingest.ParseXMLTime(%q): %v", c.in, err)
			continue
		}
		if s := got.Format(time.RFC3339Nano); s != c.want || got.Location() != time.UTC {
			t.Errorf("ingest.ParseXMLTime(%q) = %s (%v), want %s UTC", c.in, s, got.Location(), c.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "2023-05-01", "2023-13-01T10:00:00Z", "0001-01-01T00:00:00Z",
		"2023-05-01T10:00:00+25:00x", "9999-05-01T10:00:00Z"} {
		if got, err := ingest.ParseXMLTime(bad); err == nil {
			t.Errorf("ingest.ParseXMLTime(%q) = %v, want error", bad, got)
		}
	}
}

// TestFractionalOffsetTimes decodes the timestamps gpxgo v1.5.1 gets wrong.
func TestFractionalOffsetTimes(t *testing.T) {
	doc := gpx11Head + `<trk><type>running</type><trkseg>
<trkpt lat="52.0" lon="13.0"><time>2023-05-01T10:00:00.123+02:00</time></trkpt>
<trkpt lat="52.0001" lon="13.0"><time>2023-05-01T10:00:01.623+02:00</time></trkpt>
<trkpt lat="52.0002" lon="13.0"><time>2023-05-01T08:00:03.123Z</time></trkpt>
</trkseg></trk></gpx>`
	d := mustDecode(t, doc)
	a := d.Activities[0]
	want := []string{"2023-05-01T08:00:00.123Z", "2023-05-01T08:00:01.623Z", "2023-05-01T08:00:03.123Z"}
	for i, s := range a.Samples {
		if got := s.Time.Format(time.RFC3339Nano); got != want[i] {
			t.Errorf("sample %d at %s, want %s", i, got, want[i])
		}
	}
	if a.ElapsedS != 3 {
		t.Errorf("ElapsedS %g, want 3", a.ElapsedS)
	}
	// 0.0001° of latitude is 11.12 m; over 1.5 s.
	if v := a.Samples[1].SpeedMS; math.Abs(v-11.1195/1.5) > 0.01 {
		t.Errorf("speed %g", v)
	}
	// Document the upstream defect this package works around.
	if g, err := gpxgo.ParseString(doc); err == nil {
		got := g.Tracks[0].Segments[0].Points[0].Timestamp
		t.Logf("gpxgo v1.5.1 alone reads 2023-05-01T10:00:00.123+02:00 as %s", got.Format(time.RFC3339Nano))
	}
}

func TestGarminAndOtherHRExtensions(t *testing.T) {
	pt := func(sec int, ext string) string {
		return `<trkpt lat="52.0" lon="13.0"><ele> 34.5
</ele><time>2023-05-01T10:00:0` + string(rune('0'+sec)) + `Z</time><extensions>` + ext + `</extensions></trkpt>`
	}
	doc := gpx11Head + `<trk><name>Ext</name><type>cycling</type><trkseg>` +
		pt(0, `<gpxtpx:TrackPointExtension><gpxtpx:atemp>20</gpxtpx:atemp><gpxtpx:hr>120</gpxtpx:hr><gpxtpx:cad>85</gpxtpx:cad></gpxtpx:TrackPointExtension>`) +
		pt(1, `<tpx2:TrackPointExtension><tpx2:hr>121</tpx2:hr><tpx2:cad>86</tpx2:cad></tpx2:TrackPointExtension>`) +
		pt(2, `<ns3:TrackPointExtension><ns3:hr>122</ns3:hr></ns3:TrackPointExtension>`) +
		pt(3, `<gpxdata:hr>123</gpxdata:hr><gpxdata:cadence>88</gpxdata:cadence>`) +
		pt(4, `<heartrate>124</heartrate>`) +
		pt(5, `<hr>125</hr><power>250</power>`) +
		pt(6, `<bpm>126</bpm>`) +
		pt(7, `<gpxtpx:TrackPointExtension><gpxtpx:hr>0</gpxtpx:hr></gpxtpx:TrackPointExtension>`) +
		`</trkseg></trk></gpx>`
	a := mustDecode(t, doc).Activities[0]
	wantHR := []float64{120, 121, 122, 123, 124, 125, 126, math.NaN()}
	wantCad := []float64{85, 86, math.NaN(), 88, math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	for i, s := range a.Samples {
		if !sameFloat(s.HR, wantHR[i]) || !sameFloat(s.Cadence, wantCad[i]) {
			t.Errorf("sample %d: hr %g cad %g, want %g %g", i, s.HR, s.Cadence, wantHR[i], wantCad[i])
		}
		if s.AltM != 34.5 {
			t.Errorf("sample %d: altitude %g, want 34.5 (blanks around <ele> text)", i, s.AltM)
		}
	}
	if a.Samples[5].PowerW != 250 {
		t.Errorf("power %g", a.Samples[5].PowerW)
	}
	if a.AvgHR != 123 || a.MaxHR != 126 {
		t.Errorf("AvgHR %g MaxHR %g, want 123 126", a.AvgHR, a.MaxHR)
	}
	if a.Sport != "cycling" || a.Kind != ingest.KindCardio || a.Manufacturer != "test device" || a.Name != "Ext" {
		t.Errorf("sport %q kind %q manufacturer %q name %q", a.Sport, a.Kind, a.Manufacturer, a.Name)
	}
}

func sameFloat(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

func TestGPX10(t *testing.T) {
	doc := `<?xml version="1.0"?>
<gpx version="1.0" creator="GPSBabel - http://www.gpsbabel.org" xmlns="http://www.topografix.com/GPX/1/0">
<name>Lunch Run</name>
<time>2010-10-03T09:00:00Z</time>
<trk><trkseg>
<trkpt lat="46.0" lon="14.5"><ele>300</ele><time>2010-10-03T09:36:30Z</time><speed>2.5</speed></trkpt>
<trkpt lat="46.001" lon="14.5"><ele>301</ele><time>2010-10-03T09:37:10.5Z</time></trkpt>
</trkseg></trk></gpx>`
	d := mustDecode(t, doc)
	if len(d.Activities) != 1 {
		t.Fatalf("%d activities", len(d.Activities))
	}
	a := d.Activities[0]
	// No <type>: the document name "Lunch Run" (GPX 1.0 <name>) gives the sport.
	if a.Name != "Lunch Run" || a.Sport != "running" || a.Kind != ingest.KindRun {
		t.Errorf("name %q sport %q kind %q", a.Name, a.Sport, a.Kind)
	}
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "inferred") {
		t.Errorf("notes %q, want one about the inferred sport", d.Notes)
	}
	if a.ElapsedS != 40.5 || math.Abs(a.DistanceM-111.19) > 0.05 || a.Samples[1].AltM != 301 {
		t.Errorf("ElapsedS %g DistanceM %g alt %g", a.ElapsedS, a.DistanceM, a.Samples[1].AltM)
	}
	if a.Manufacturer != "gpsbabel - http://www.gpsbabel.org" {
		t.Errorf("manufacturer %q", a.Manufacturer)
	}
}

func TestNoTimestampsSkip(t *testing.T) {
	for name, doc := range map[string]string{
		"track":      gpx11Head + `<trk><type>running</type><trkseg><trkpt lat="1" lon="2"/><trkpt lat="1.1" lon="2"><ele>3</ele></trkpt></trkseg></trk></gpx>`,
		"empty time": gpx11Head + `<trk><trkseg><trkpt lat="1" lon="2"><time></time></trkpt></trkseg></trk></gpx>`,
	} {
		_, err := decodeString(t, doc)
		var se *ingest.SkipError
		if !errors.As(err, &se) || se.Reason != reasonNoTimestamps {
			t.Errorf("%s: err %v, want skip %q", name, err, reasonNoTimestamps)
		}
	}
	// Routes and waypoints only.
	_, err := decodeString(t, gpx11Head+`<wpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></wpt>
<rte><rtept lat="1" lon="2"><time>2020-01-01T00:00:00Z</time></rtept></rte></gpx>`)
	if !ingest.IsSkip(err) || !strings.Contains(err.Error(), "no tracks (1 waypoints, 1 routes)") {
		t.Errorf("routes only: err %v", err)
	}
}

func TestSegmentsAndPauses(t *testing.T) {
	doc := gpx11Head + `<trk><name>Morning Ride</name><trkseg>
<trkpt lat="0.0" lon="10.0"><time>2020-01-01T10:00:00Z</time></trkpt>
<trkpt lat="0.0" lon="10.001"><time>2020-01-01T10:00:10Z</time></trkpt>
</trkseg><trkseg>
<trkpt lat="0.0" lon="10.01"><time>2020-01-01T10:05:10Z</time></trkpt>
<trkpt lat="0.0" lon="10.011"><time>2020-01-01T10:05:30Z</time></trkpt>
<trkpt lat="0" lon="0"><time>2020-01-01T10:05:40Z</time></trkpt>
</trkseg><trkseg></trkseg></trk></gpx>`
	a := mustDecode(t, doc).Activities[0]
	if a.ElapsedS != 340 || a.TimerS != 40 {
		t.Errorf("ElapsedS %g TimerS %g, want 340 40", a.ElapsedS, a.TimerS)
	}
	// 0.001° of longitude at the equator is 111.195 m; the 0.009° jump
	// between segments is not counted, and (0,0) is "no fix".
	if math.Abs(a.DistanceM-2*111.195) > 0.01 {
		t.Errorf("DistanceM %g", a.DistanceM)
	}
	s := a.Samples
	if !math.IsNaN(s[2].SpeedMS) || math.Abs(s[3].SpeedMS-111.195/20) > 0.001 || !math.IsNaN(s[4].Lat) || s[4].DistanceM != a.DistanceM {
		t.Errorf("samples %+v", s)
	}
	if a.Sport != "cycling" {
		t.Errorf("sport %q from name Morning Ride", a.Sport)
	}
}

func TestPartialAndUnorderedTimes(t *testing.T) {
	doc := gpx11Head + `<trk><type>9</type><trkseg>
<trkpt lat="1" lon="1"><time>2020-01-01T10:00:20Z</time></trkpt>
<trkpt lat="1" lon="1.0001"><time>2020-01-01T10:00:00Z</time></trkpt>
<trkpt lat="1" lon="1.0002"><time>garbage</time></trkpt>
<trkpt lat="1" lon="1.0003"><time>2020-01-01T10:00:10Z</time></trkpt>
</trkseg></trk></gpx>`
	d := mustDecode(t, doc)
	a := d.Activities[0]
	if len(a.Samples) != 3 || a.Sport != "running" || a.ElapsedS != 20 {
		t.Fatalf("samples %d sport %q elapsed %g", len(a.Samples), a.Sport, a.ElapsedS)
	}
	joined := strings.Join(d.Notes, "|")
	for _, want := range []string{"1 of 4 points without a usable timestamp dropped", "1 unparseable", "sorted"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notes %q lack %q", d.Notes, want)
		}
	}
}

func TestFailures(t *testing.T) {
	for _, c := range []struct{ name, doc, want string }{
		{"empty", "", "gpx: empty file"},
		{"blank", " \n\t ", "gpx: empty file"},
		{"bom only", "\xEF\xBB\xBF", "gpx: empty file"},
		{"text", "hello", "not a GPX file: no root element"},
		{"kml", `<?xml version="1.0"?><kml><Document/></kml>`, "not a GPX file: root element is <kml>"},
		{"truncated", gpx11Head + `<trk><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T10:00:00Z</time>`, "malformed XML"},
		{"mismatched", gpx11Head + `<trk></trkseg></gpx>`, "malformed XML"},
		{"bad lat", gpx11Head + `<trk><trkseg><trkpt lat="north" lon="2"><time>2020-01-01T10:00:00Z</time></trkpt></trkseg></trk></gpx>`,
			`line 7: invalid GPX in <trkpt>`},
	} {
		_, err := decodeString(t, c.doc)
		var fe *FormatError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want *FormatError containing %q", c.name, err, c.want)
		}
	}
}

// Optional values gainguard ignores must not fail the file.
func TestLenientOptionalValues(t *testing.T) {
	doc := gpx11Head + `<metadata><bounds minlat="x" minlon="1" maxlat="2" maxlon="3"/></metadata>
<wpt lat="undefined" lon="undefined"/>
<trk><number/><trkseg>
<trkpt lat="1" lon="1"><ele/><time>2020-01-01T10:00:00Z</time><sat>many</sat><hdop>?</hdop></trkpt>
<trkpt lat="1" lon="1.001"><ele>bad data</ele><time>2020-01-01T10:00:01Z</time></trkpt>
<trkpt lat="1" lon="1.002"><ele>12</ele><time>2020-01-01T10:00:02Z</time></trkpt>
</trkseg></trk></gpx>`
	d := mustDecode(t, doc)
	a := d.Activities[0]
	if len(a.Samples) != 3 || !math.IsNaN(a.Samples[0].AltM) || !math.IsNaN(a.Samples[1].AltM) || a.Samples[2].AltM != 12 {
		t.Fatalf("samples %+v", a.Samples)
	}
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "6 unreadable optional values") {
		t.Errorf("notes %q", d.Notes)
	}
	// gpxgo alone cannot read this file.
	if _, err := gpxgo.ParseString(doc); err == nil {
		t.Log("gpxgo now reads lenient values itself; the tap's repairs may be removable")
	}
}

func TestEncodings(t *testing.T) {
	body := `<gpx version="1.1" creator="Zürich"><trk><name>Lauf über Brücke</name><type>running</type><trkseg>
<trkpt lat="47.3" lon="8.5"><time>2020-01-01T10:00:00Z</time></trkpt></trkseg></trk></gpx>`
	// ISO-8859-1 declared.
	latin1 := []byte(`<?xml version="1.0" encoding="ISO-8859-1"?>` + body)
	latin1 = bytes.ReplaceAll(latin1, []byte("ü"), []byte{0xFC})
	d, err := Decode(bytes.NewReader(latin1))
	if err != nil || d.Activities[0].Name != "Lauf über Brücke" || d.Activities[0].Manufacturer != "zürich" {
		t.Errorf("latin-1: %v %+v", err, d)
	}
	// UTF-16 with BOM and a UTF-16 declaration.
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(`<?xml version="1.0" encoding="UTF-16"?>` + body))
	d, err = Decode(bytes.NewReader(u16))
	if err != nil || d.Activities[0].Name != "Lauf über Brücke" {
		t.Errorf("utf-16: %v %+v", err, d)
	}
	// UTF-8 BOM.
	d, err = Decode(strings.NewReader("\xEF\xBB\xBF" + body))
	if err != nil || len(d.Activities) != 1 {
		t.Errorf("utf-8 bom: %v", err)
	}
}

func TestSportMapping(t *testing.T) {
	for in, want := range map[string][3]string{
		"running": {"running", "", "run"}, "Run": {"running", "", "run"}, "9": {"running", "", "run"},
		"trail_running": {"running", "trail", "run"}, "TrailRun": {"running", "trail", "run"},
		"1": {"cycling", "", "cardio"}, "Ride": {"cycling", "", "cardio"}, "biking": {"cycling", "", "cardio"},
		"VirtualRide": {"cycling", "virtual_activity", "cardio"}, "walking": {"walking", "", "cardio"},
		"Hike": {"hiking", "", "cardio"}, "strength_training": {"training", "strength_training", "lift"},
		"WeightTraining": {"training", "strength_training", "lift"}, "Workout": {"workout", "", "other"},
		"10": {"10", "", "other"}, "Yoga": {"yoga", "", "other"},
	} {
		s, sub := sportFromType(in)
		if k := ingest.Classify(s, "", false); s != want[0] || sub != want[1] || string(k) != want[2] {
			t.Errorf("sportFromType(%q) = %q %q (%s), want %v", in, s, sub, k, want)
		}
	}
	for in, want := range map[string]string{
		"Friday Evening Run": "running", "Morning Ride": "cycling", "Lunch Walk": "walking", "Afternoon Hike": "hiking",
		"Brunch with friends": "", "Running late": "running", "Untitled": "", "": "",
	} {
		if s, _, _ := sportFromName(in); s != want {
			t.Errorf("sportFromName(%q) = %q, want %q", in, s, want)
		}
	}
}

func TestHaversine(t *testing.T) {
	// Paris–London, about 343.5 km.
	if d := haversine(48.8566, 2.3522, 51.5074, -0.1278); math.Abs(d-343.5e3) > 1e3 {
		t.Errorf("haversine %g", d)
	}
}

func TestTrackNotesCapped(t *testing.T) {
	doc := gpx11Head + strings.Repeat(`<trk><trkseg/></trk>`, 20) +
		`<trk><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T10:00:00Z</time></trkpt></trkseg></trk></gpx>`
	d := mustDecode(t, doc)
	if len(d.Activities) != 1 || d.Activities[0].Index != 20 {
		t.Fatalf("activities %+v", d.Activities)
	}
	if len(d.Notes) != 13 || d.Notes[12] != "8 more track notes not shown" {
		t.Errorf("%d notes, last %q", len(d.Notes), d.Notes[len(d.Notes)-1])
	}
}
