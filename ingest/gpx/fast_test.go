package gpx

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gainguard/ingest"
	"gainguard/ingest/internal/corpustest"
)

// samplesDir holds the GPX runs written by `gainguard samples`.
const samplesDir = "../../samples/activities"

// fastCorpus lists the corpus files the fast path must handle itself;
// every other corpus file must fall back to gpxgo, with the reason.
var fastCorpus = map[string]bool{
	"gpx/1681613317.gpx":                                     true,
	"gpx/2067489619.gpx":                                     true,
	"gpx/Friday-Evening-Run.gpx":                             true,
	"gpx/apple_watch_route.gpx":                              true,
	"gpx/bike-tour-garmin-oregon-with-heartrate.gpx":         true,
	"gpx/bike-tour-holux-funtrek-130-pro-with-heartrate.gpx": true,
	"gpx/empty_trk.gpx":                                      true,
	"gpx/garminconnect.gpx":                                  true,
	"gpx/multitrackgpx.gpx":                                  true,
	"gpx/osm.gpx":                                            true,
	"gpx/polar-ignite-run.gpx":                               true,
	"gpx/run.gpx":                                            true,
	"gpx/run_gpxtpx.gpx":                                     true,
	"gpx/strava_route_example.gpx":                           true,
	"gpx/track-with-empty-segment.gpx":                       true,
}

// decodeBoth decodes data with the fast path allowed and with gpxgo only,
// and fails t unless the fast path bailed or both results are equal.
func decodeBoth(t testing.TB, data []byte) (fast bool) {
	t.Helper()
	d1, fast, err1 := decode(bytes.NewReader(data), true)
	d2, slow, err2 := decode(bytes.NewReader(data), false)
	if slow {
		t.Fatal("decode(tryFast=false) took the fast path")
	}
	var fe *FormatError
	for _, err := range []error{err1, err2} {
		if ok := asFormatError(err, &fe); ok && fe.What == WhatInternal {
			t.Fatalf("decoder panicked: %v", err)
		}
	}
	if !fast {
		return false
	}
	if a, b := describe(d1, err1), describe(d2, err2); a != b {
		i := firstDiff(a, b)
		t.Fatalf("fast path and gpxgo differ at byte %d:\nfast:  ...%s\ngpxgo: ...%s", i, around(a, i), around(b, i))
	}
	return true
}

func asFormatError(err error, fe **FormatError) bool {
	x, ok := err.(*FormatError)
	if ok {
		*fe = x
	}
	return ok
}

// describe renders a decode result exactly: %#v prints NaN as NaN (so
// NaN == NaN), times with their nanoseconds, floats with all digits.
func describe(d ingest.Decoded, err error) string {
	return fmt.Sprintf("%#v | %T %v | %s", d, err, err, ingest.StatusOf(err))
}

func firstDiff(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// around returns the part of s around byte i.
func around(s string, i int) string {
	lo, hi := max(0, i-300), min(len(s), i+300)
	return s[lo:hi]
}

// comparisonFiles returns the GPX files both paths are compared on:
// corpus (keyed "gpx/x.gpx", "bad/x.gpx"), samples ("samples/x.gpx") and
// fuzz seeds of this package.
func comparisonFiles(tb testing.TB) map[string]string {
	files := map[string]string{}
	if _, err := os.Stat(corpustest.Dir); err == nil {
		for rel, p := range corpusFiles(tb) {
			files[rel] = p
		}
	}
	m, _ := filepath.Glob(filepath.Join(samplesDir, "*.gpx"))
	for _, p := range m {
		files["samples/"+filepath.Base(p)] = p
	}
	m, _ = filepath.Glob("testdata/*.gpx")
	for _, p := range m {
		files["testdata/"+filepath.Base(p)] = p
	}
	return files
}

func TestFastMatchesGpxgo(t *testing.T) {
	files := comparisonFiles(t)
	nSamples := 0
	var bailed, fast []string
	for rel, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ok := decodeBoth(t, data)
		if ok {
			fast = append(fast, rel)
		} else {
			bailed = append(bailed, rel)
		}
		if strings.HasPrefix(rel, "samples/") {
			nSamples++
			if !ok {
				t.Errorf("%s: fast path bailed on a samples/ run", rel)
			}
		}
		if strings.HasPrefix(rel, "gpx/") && ok != fastCorpus[rel] {
			t.Errorf("%s: fast path handled it: %v, want %v", rel, ok, fastCorpus[rel])
		}
	}
	if nSamples == 0 {
		t.Errorf("no GPX files in %s", samplesDir)
	}
	sort.Strings(fast)
	sort.Strings(bailed)
	t.Logf("fast path: %d files %v", len(fast), fast)
	t.Logf("gpxgo path: %d files %v", len(bailed), bailed)
}

// TestFastBails checks constructs the fast path must leave to gpxgo; each
// document must still decode identically.
func TestFastBails(t *testing.T) {
	pt := `<trkpt lat="1" lon="2"><ele>3</ele><time>2020-01-01T10:00:00Z</time></trkpt>`
	doc := func(s string) string {
		return gpx11Head + `<trk><name>x</name><trkseg>` + s + `</trkseg></trk></gpx>`
	}
	good := doc(pt)
	if !decodeBoth(t, []byte(good)) {
		t.Fatal("fast path bailed on the plain document")
	}
	for name, s := range map[string]string{
		"latin1":        strings.Replace(good, "UTF-8", "ISO-8859-1", 1),
		"doctype":       strings.Replace(good, "<gpx ", "<!DOCTYPE gpx><gpx ", 1),
		"cdata name":    strings.Replace(good, "<name>x</name>", "<name><![CDATA[x]]></name>", 1),
		"entity time":   doc(strings.Replace(pt, "2020-", "&#50;020-", 1)),
		"amp time":      doc(strings.Replace(pt, "Z</time>", "&amp;</time>", 1)),
		"unknown ent":   strings.Replace(good, "<name>x</name>", "<name>a&nbsp;b</name>", 1),
		"char ref":      strings.Replace(good, "<ele>3</ele>", "<ele>&#51;</ele>", 1),
		"comment trk":   doc(`<!-- c -->` + pt),
		"pi trk":        doc(`<?pi x?>` + pt),
		"empty ele":     doc(strings.Replace(pt, "<ele>3</ele>", "<ele/>", 1)),
		"blank ele":     doc(strings.Replace(pt, "<ele>3</ele>", "<ele> </ele>", 1)),
		"bad ele":       doc(strings.Replace(pt, "<ele>3</ele>", "<ele>high</ele>", 1)),
		"bad lat":       doc(strings.Replace(pt, `lat="1"`, `lat="north"`, 1)),
		"extra attr":    doc(strings.Replace(pt, `lon="2"`, `lon="2" x="1"`, 1)),
		"root kml":      strings.Replace(strings.Replace(good, "<gpx ", "<kml ", 1), "</gpx>", "</kml>", 1),
		"waypoint":      strings.Replace(good, "<trk>", `<wpt lat="1" lon="2"/><trk>`, 1),
		"no tracks":     gpx11Head + `<rte><rtept lat="1" lon="2"/></rte></gpx>`,
		"malformed":     strings.Replace(good, "</trkseg>", "</trksg>", 1),
		"truncated":     good[:len(good)-20],
		"bad sat":       doc(strings.Replace(pt, "<ele>3</ele>", "<sat>many</sat>", 1)),
		"ext comment":   doc(strings.Replace(pt, "</time>", "</time><extensions><!--x--><hr>150</hr></extensions>", 1)),
		"cr in name":    strings.Replace(good, "<name>x</name>", "<name>a\r\nb</name>", 1),
		"control char":  strings.Replace(good, "<name>x</name>", "<name>a\x01b</name>", 1),
		"bad utf8":      strings.Replace(good, "<name>x</name>", "<name>a\xffb</name>", 1),
		"utf16":         "\xFF\xFE" + good,
		"cdata end":     strings.Replace(good, "<name>x</name>", "<name>a]]>b</name>", 1),
		"two colons":    doc(strings.Replace(pt, "</time>", "</time><extensions><a:b:hr>150</a:b:hr></extensions>", 1)),
		"deep ext":      doc(strings.Replace(pt, "</time>", "</time><extensions>"+strings.Repeat("<a>", 10)+"<hr>150</hr>"+strings.Repeat("</a>", 10)+"</extensions>", 1)),
		"bounds 1.0":    `<gpx version="1.0"><bounds><MinLatitude>x</MinLatitude></bounds><trk><trkseg>` + pt + `</trkseg></trk></gpx>`,
		"bounds attr":   strings.Replace(good, "<trk>", `<bounds minlat="x" minlon="1" maxlat="2" maxlon="3"/><trk>`, 1),
		"space in attr": doc(strings.Replace(pt, `lat="1"`, `lat = "1"`, 1)),
	} {
		t.Run(name, func(t *testing.T) {
			if decodeBoth(t, []byte(s)) {
				t.Errorf("fast path handled it")
			}
		})
	}
}

// TestFastHandles checks variants the fast path does handle, against gpxgo.
func TestFastHandles(t *testing.T) {
	pt := `<trkpt lat="1" lon="2"><ele>3</ele><time>2020-01-01T10:00:00Z</time></trkpt>`
	doc := func(s string) string {
		return gpx11Head + `<metadata><name>Doc</name><time>2020-01-01T09:00:00Z</time></metadata><trk><trkseg>` + s + `</trkseg></trk></gpx>`
	}
	for name, s := range map[string]string{
		"plain":       doc(pt),
		"bom":         "\xEF\xBB\xBF" + doc(pt),
		"no decl":     strings.TrimPrefix(doc(pt), `<?xml version="1.0" encoding="UTF-8"?>`),
		"gpx 1.0":     `<gpx version="1.0" creator="X"><name>Ten</name><trk><trkseg>` + strings.Replace(pt, "</time>", "</time><extensions><hr>150</hr></extensions>", 1) + `</trkseg></trk></gpx>`,
		"fraction tz": doc(strings.Replace(pt, "10:00:00Z", "10:00:00.123+02:00", 1)),
		"bad time":    doc(pt + strings.Replace(pt, "2020-01-01T10:00:00Z", "yesterday", 1) + pt),
		"empty time":  doc(strings.Replace(pt, "<time>2020-01-01T10:00:00Z</time>", "<time/>", 1) + pt),
		"no time":     doc(strings.Replace(pt, "<time>2020-01-01T10:00:00Z</time>", "", 1)),
		"zero pos":    doc(strings.Replace(pt, `lat="1" lon="2"`, `lat="0" lon="0"`, 1)),
		"hr variants": doc(strings.Replace(pt, "</time>", "</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>10</gpxtpx:hr><gpxtpx:HR> 150 </gpxtpx:HR><gpxtpx:cad>80</gpxtpx:cad></gpxtpx:TrackPointExtension><power>250</power><gpxdata:hr>170</gpxdata:hr></extensions>", 1)),
		"segments":    doc(pt + `</trkseg><trkseg/><trkseg>` + strings.Replace(pt, "10:00:00", "10:05:00", 1)),
		"unsorted":    doc(strings.Replace(pt, "10:00:00", "10:05:00", 1) + pt),
		"comments":    strings.Replace(doc(pt), "<trk>", "<!-- a comment --><trk>", 1),
		"type":        strings.Replace(doc(pt), "<trk>", "<trk><name>Lunch Ride</name><type> 9 </type>", 1),
		"name word":   strings.Replace(doc(pt), "<trk>", "<trk><name>Lunch Ride</name>", 1),
		"entity else": strings.Replace(doc(pt), "<metadata>", `<metadata><link href="a?b=1&amp;c=2"><text>x &lt; y</text></link>`, 1),
		"entity name": strings.Replace(strings.Replace(doc(pt), "<trk>", "<trk><name> Run &amp; &lt;fun&gt; &apos;&quot; </name>", 1), `creator="Test Device"`, `creator="A &amp; B"`, 1),
		"unicode":     strings.Replace(doc(pt), "<trk>", "<trk><name>Lauf über Brücke</name>", 1),
		"crlf":        strings.ReplaceAll(doc(pt), "\n", "\r\n"),
		"ele spaces":  doc(strings.Replace(pt, "<ele>3</ele>", "<ele> 3.5 </ele><ele>4</ele>", 1)),
		"two times":   doc(strings.Replace(pt, "<ele>", "<time>2019-01-01T00:00:00Z</time><ele>", 1)),
		"many tracks": gpx11Head + strings.Repeat(`<trk><trkseg/></trk>`, 20) + `<trk><trkseg>` + pt + `</trkseg></trk></gpx>`,
	} {
		t.Run(name, func(t *testing.T) {
			if !decodeBoth(t, []byte(s)) {
				t.Errorf("fast path bailed")
			}
		})
	}
}

func FuzzFastMatchesGpxgo(f *testing.F) {
	corpustest.SeedFiles(f, comparisonFiles(f), shorten)
	pt := `<trkpt lat="1" lon="2"><ele>3</ele><time>2020-01-01T10:00:00Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>150</gpxtpx:hr><gpxtpx:cad>80</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>`
	f.Add([]byte(gpx11Head + `<metadata><name>Doc</name></metadata><trk><name>Morning Run</name><type>running</type><trkseg>` + pt + strings.Replace(pt, "10:00:00", "10:00:05.5+01:00", 1) + `</trkseg><trkseg/></trk></gpx>`))
	f.Add([]byte(`<gpx version="1.0" creator="X"><name>Ten</name><bounds minlat="1" minlon="2" maxlat="3" maxlon="4"/><trk><trkseg>` + pt + `</trkseg></trk></gpx>`))
	f.Add([]byte(strings.ReplaceAll(gpx11Head, "\n", "\r\n") + "<!-- c --><trk><name> A &amp; B </name><number>2</number><trkseg>\r\n" + pt +
		`<trkpt lat="1.5" lon="2"><ele> 4 </ele><sat>5</sat><time>2020-01-01T10:00:07Z</time><extensions><power>200</power><x:Cadence>90</x:Cadence></extensions></trkpt></trkseg></trk></gpx>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeBoth(t, data)
	})
}

// shorten keeps small inputs small for the fuzzer: a document over 8 KiB
// is cut after its fifth track point and closed.
func shorten(data []byte) []byte {
	if len(data) <= 8<<10 {
		return data
	}
	end := 0
	for i := 0; i < 5; i++ {
		k := bytes.Index(data[end:], []byte("</trkpt>"))
		if k < 0 {
			return data[:8<<10]
		}
		end += k + len("</trkpt>")
	}
	return append(append([]byte(nil), data[:end]...), "</trkseg></trk></gpx>"...)
}

// benchFile is the largest GPX run of samples/.
func benchFile(b *testing.B) []byte {
	m, _ := filepath.Glob(filepath.Join(samplesDir, "*.gpx"))
	var best []byte
	for _, p := range m {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		if len(data) > len(best) {
			best = data
		}
	}
	if best == nil {
		b.Skipf("no GPX files in %s", samplesDir)
	}
	return best
}

func benchDecode(b *testing.B, tryFast bool) {
	data := benchFile(b)
	d, fast, err := decode(bytes.NewReader(data), tryFast)
	if err != nil || fast != tryFast {
		b.Fatalf("fast %v, err %v", fast, err)
	}
	points := 0
	for _, a := range d.Activities {
		points += len(a.Samples)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := decode(bytes.NewReader(data), tryFast); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(points)*float64(b.N)/b.Elapsed().Seconds(), "points/s")
}

func BenchmarkDecodeFast(b *testing.B)  { benchDecode(b, true) }
func BenchmarkDecodeGpxgo(b *testing.B) { benchDecode(b, false) }

// TestFastEdgeCases requires only that the paths agree (the fast path may
// or may not take these).
func TestFastEdgeCases(t *testing.T) {
	pt := `<trkpt lat="1" lon="2"><ele>3</ele><time>2020-01-01T10:00:00Z</time></trkpt>`
	doc := func(s string) string {
		return gpx11Head + `<trk><trkseg>` + s + `</trkseg></trk></gpx>`
	}
	ext := func(e string) string {
		return doc(strings.Replace(pt, "</time>", "</time><extensions>"+e+"</extensions>", 1))
	}
	cases := []string{
		ext(`<a><b><hr>150</hr></b></a><hr>160</hr>`),
		ext(`<hr>10</hr><HR>150</HR><Hr>abc</Hr>`),
		ext(`<hr> 150.7 </hr><cad>301</cad><cadence>90</cadence><watts>1e3</watts>`),
		ext(`<hr><x>1</x>150</hr><heart_rate>140</heart_rate>`),
		ext(`<hr a="1">150</hr>`),
		ext(`<hr/><bpm>99</bpm>`),
		ext(`<ele>1</ele><hr>150</hr>`),
		doc(strings.Replace(pt, "<ele>3</ele>", "<speed>3</speed><Speed>x</Speed><course>1</course><link href='x'><text>t</text></link>", 1)),
		strings.Replace(doc(pt), "<trk>", "<trk><name>A</name><name/>", 1),
		strings.Replace(doc(pt), "<trk>", "<trk><name>A</name><name>B</name><type>run</type><type/>", 1),
		strings.Replace(doc(pt), `creator="Test Device"`, `creator="A" xmlns:creator="B"`, 1),
		strings.Replace(doc(pt), `creator="Test Device"`, `creator="A" creator="B"`, 1),
		strings.Replace(doc(pt), `version="1.1"`, `version=" 1.0"`, 1),
		strings.Replace(doc(pt), `version="1.1"`, `version="1.05"`, 1),
		strings.Replace(doc(pt), `<trk>`, `<metadata><name>A</name></metadata><metadata><desc>x</desc></metadata><trk>`, 1),
		doc(strings.Replace(pt, `lat="1"`, `lat=".5"`, 1)),
		doc(strings.Replace(pt, `lat="1"`, `lat="1e2"`, 1)),
		doc(strings.Replace(pt, `lat="1"`, `lat="+1."`, 1)),
		doc(strings.Replace(pt, `lat="1"`, `lat="-0"`, 1)),
		doc(strings.Replace(pt, `lat="1"`, `lat=""`, 1)),
		doc(strings.Replace(pt, `lat="1" `, ``, 1)),
		doc(strings.Replace(pt, `<ele>3</ele>`, `<ele>1e400</ele>`, 1)),
		doc(strings.Replace(pt, `<ele>3</ele>`, `<ele>-0.5e-3</ele><hdop>1.5</hdop><sat>7</sat><sat>7.5</sat>`, 1)),
		doc(pt) + "trailing <garbage",
		doc(pt) + "<!-- after -->\n",
		strings.Replace(strings.Replace(doc(pt), "<trk>", "<g:trk xmlns:g='x'>", 1), "</trk>", "</g:trk>", 1),
		`<gpx version="1.0"><trk><trkseg>` + strings.Replace(pt, "</time>", "</time><extensions><hr>150</hr><sat>x</sat></extensions>", 1) + `</trkseg></trk></gpx>`,
		doc("text in segment" + pt),
		doc(strings.Replace(pt, "<time>", "<time> \n", 1)),
		doc(strings.Replace(pt, "Z</time>", "Z\r</time>", 1)),
		doc(strings.Replace(pt, "<time>2020-01-01T10:00:00Z", "<time>1800-01-01T10:00:00Z", 1)),
		strings.Replace(doc(pt), "<trk>", "<trk><number>x</number>", 1),
		strings.Replace(doc(pt), "<trk>", "<trk><number>3</number>", 1),
		strings.Replace(doc(pt), "<trk>", `<bounds minlat="1" minlon="2" maxlat="3" maxlon="4"/><extensions><x:y>&lt;</x:y></extensions><trk>`, 1),
		`<?xml version="1.0" encoding="utf8"?>` + strings.TrimPrefix(doc(pt), `<?xml version="1.0" encoding="UTF-8"?>`),
		`<?xml version="1.1"?>` + strings.TrimPrefix(doc(pt), `<?xml version="1.0" encoding="UTF-8"?>`),
		`<?xml version='1.0' standalone='yes'?>` + strings.TrimPrefix(doc(pt), `<?xml version="1.0" encoding="UTF-8"?>`),
		strings.Replace(doc(pt), "<trk>", "<trk ><trkseg/ >", 1),
		strings.Replace(doc(pt), "</trk>", "</trk >", 1),
		strings.Replace(doc(pt), "<trk>", "<trk a='1'b='2'>", 1),
		strings.Replace(doc(pt), "<trk>", "<trk a='x<'>", 1),
		strings.Replace(doc(pt), "<trk>", "<trk><name>a]]b</name>", 1),
		strings.Replace(doc(pt), "<trk>", "<trk><name>a\uFFFEb</name>", 1),
		strings.Replace(doc(pt), "<trk>", "<trk><name>\u00a0Run\u00a0</name>", 1),
		strings.Replace(doc(pt), "<trk>", "<!--a--b--><trk>", 1),
		strings.Replace(doc(pt), "<trk>", "<!----><trk>", 1),
		strings.Replace(doc(pt), "<trk>", "<_x.y-z:a1/><trk>", 1),
		strings.Replace(doc(pt), "<trk>", "<x:/><trk>", 1),
		strings.Replace(doc(pt), "<trk>", "<1x/><trk>", 1),
	}
	for i, s := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) { decodeBoth(t, []byte(s)) })
	}
}
