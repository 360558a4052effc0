package gpx

import (
	"math"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/internal/corpustest"
)

// corpusFiles returns every GPX file of the corpus (gpx/ and bad/*.gpx),
// keyed "gpx/name.gpx", or skips the test when the corpus is absent.
func corpusFiles(tb testing.TB) map[string]string {
	return corpustest.Files(tb, corpusPatterns...)
}

var corpusPatterns = []string{"gpx/*", "bad/*.gpx"}

type corpusWant struct {
	status  ingest.FileStatus // ingest.StatusImported | StatusSkipped | StatusFailed
	acts    int               // activities
	sport   string            // first activity
	kind    ingest.Kind       // first activity
	samples int               // first activity
	hr      bool              // first activity has HR samples
	first   string            // first activity's first sample time, RFC 3339 with millis
	errSub  string            // error (or skip reason) substring
}

var corpusTable = map[string]corpusWant{
	// Strava Android export, <type>9</type> = run, HR on every point.
	"gpx/1681613317.gpx": {ingest.StatusImported, 1, "running", ingest.KindRun, 1038, true, "2017-03-19T16:49:30.000Z", ""},
	"gpx/2067489619.gpx": {ingest.StatusImported, 1, "running", ingest.KindRun, 502, true, "2017-10-08T14:54:11.000Z", ""},
	// 3 segments; fractional-second times (gpxgo would drop the .692).
	"gpx/Friday-Evening-Run.gpx": {ingest.StatusImported, 1, "running", ingest.KindRun, 17, true, "2025-05-02T15:51:15.692Z", ""},
	// No <type>, name "Route 2019-12-15 3:50pm": sport unknown.
	"gpx/apple_watch_route.gpx": {ingest.StatusImported, 1, "", ingest.KindOther, 44, false, "2019-12-15T20:19:55.000Z", ""},
	// MANIFEST says cycling, but the file has no <type> and a date as name.
	"gpx/bike-tour-garmin-oregon-with-heartrate.gpx": {ingest.StatusImported, 1, "", ingest.KindOther, 204, true, "2012-03-02T06:53:51.000Z", ""},
	// HR in Holux <bpm> (MANIFEST counts hr_tags=0: it only counts <hr>).
	"gpx/bike-tour-holux-funtrek-130-pro-with-heartrate.gpx": {ingest.StatusImported, 1, "", ingest.KindOther, 179, true, "2011-11-03T09:09:25.000Z", ""},
	// 5 of 296 track points are timed (all in the last track, 5 of 21):
	// a converted log, not a recording.
	"gpx/cerknicko-without-times.gpx": {ingest.StatusSkipped, 0, "", "", 0, false, "", "no timestamps on most track points (5 of 296 timed)"},
	"gpx/empty_trk.gpx":               {ingest.StatusSkipped, 0, "", "", 0, false, "", "GPX tracks hold no points"},
	// BaseCamp planning export: 1 of 10 track points timed.
	"gpx/garminBaseCampExport.gpx": {ingest.StatusSkipped, 0, "", "", 0, false, "", "(1 of 10 timed)"},
	// ns3:TrackPointExtension HR.
	"gpx/garminconnect.gpx": {ingest.StatusImported, 1, "cycling", ingest.KindCardio, 68, true, "2023-01-16T18:02:26.000Z", ""},
	// Second track is empty; the one point's time has no zone (UTC). In
	// the 1.0 file the <type> is the point's, not the track's.
	"gpx/gpx1.0_with_all_fields.gpx":    {ingest.StatusImported, 1, "", ingest.KindOther, 1, false, "2013-01-01T12:00:04.000Z", ""},
	"gpx/gpx1.1_with_all_fields.gpx":    {ingest.StatusImported, 1, "t", ingest.KindOther, 1, false, "2013-01-01T12:00:04.000Z", ""},
	"gpx/gpx_with_garmin_extension.gpx": {ingest.StatusSkipped, 0, "", "", 0, false, "", "GPX has no tracks (1 waypoints"},
	"gpx/iso8859-1encoded.gpx":          {ingest.StatusSkipped, 0, "", "", 0, false, "", "GPX has no tracks (8 waypoints"},
	// Tracks 0 (empty) and 1 (untimed) dropped; tracks 2 and 3 imported.
	"gpx/korita-zbevnica.gpx": {ingest.StatusImported, 2, "", ingest.KindOther, 176, false, "2010-10-03T09:36:30.000Z", ""},
	"gpx/multitrackgpx.gpx":   {ingest.StatusImported, 3, "", ingest.KindOther, 38, false, "2008-07-12T09:58:23.000Z", ""},
	// Third track has no times.
	"gpx/osm.gpx": {ingest.StatusImported, 2, "", ingest.KindOther, 60, false, "2007-05-11T15:23:00.000Z", ""},
	// MANIFEST says running, but no <type> and no name: sport unknown.
	"gpx/polar-ignite-run.gpx": {ingest.StatusImported, 1, "", ingest.KindOther, 3786, false, "2020-04-29T18:11:26.826Z", ""},
	// MANIFEST says running; the file has neither <type> nor a telling name ("Untitled").
	"gpx/run.gpx":                      {ingest.StatusImported, 1, "", ingest.KindOther, 206, true, "2012-10-24T23:29:40.000Z", ""},
	"gpx/run_gpxtpx.gpx":               {ingest.StatusImported, 1, "", ingest.KindOther, 42, true, "2015-01-19T21:24:20.000Z", ""},
	"gpx/strava_route_example.gpx":     {ingest.StatusSkipped, 0, "", "", 0, false, "", reasonNoTimestamps},
	"gpx/track-with-empty-segment.gpx": {ingest.StatusImported, 1, "", ingest.KindOther, 9, false, "2013-07-06T17:26:26.000Z", ""},
	"gpx/unicode_with_bom.gpx":         {ingest.StatusSkipped, 0, "", "", 0, false, "", "GPX has no tracks (1 waypoints"},
	// <ele/> on every point: gpxgo alone fails this file with EOF.
	"gpx/wahoo_example.gpx": {ingest.StatusImported, 1, "", ingest.KindOther, 3, false, "2022-04-24T20:54:33.000Z", ""},

	"bad/bad.gpx": {ingest.StatusFailed, 0, "", "", 0, false, "", `line 5: invalid GPX in <trkpt>: strconv.ParseFloat: parsing "undefined"`},
	"bad/garminBaseCampExport-noclosingtag.gpx": {ingest.StatusFailed, 0, "", "", 0, false, "", "malformed XML: XML syntax error on line 204: unexpected EOF"},
	"bad/georust-badcharacter.gpx":              {ingest.StatusFailed, 0, "", "", 0, false, "", "malformed XML: XML syntax error on line 1: invalid XML name"},
}

func TestCorpus(t *testing.T) {
	manifest := corpustest.Manifest(t, "gpx")
	corpustest.Each(t, corpusFiles(t), corpusTable, func(t *testing.T, rel, path string, w corpusWant) {
		d, err := corpustest.DecodeFile(t, path, Decode)
		if corpustest.Outcome[*FormatError](t, d, err, w.status, w.errSub) {
			return
		}
		a := corpustest.First(t, d, w.acts, w.sport, w.kind, w.samples, w.hr)
		if got := a.Samples[0].Time.Format("2006-01-02T15:04:05.000Z07:00"); got != w.first {
			t.Errorf("first sample at %s, want %s", got, w.first)
		}
		for i := range d.Activities {
			checkInvariants(t, &d.Activities[i])
		}
		checkManifest(t, manifest[rel], d)
	})
}

// checkInvariants holds for every activity Decode returns.
func checkInvariants(t *testing.T, a *ingest.Activity) {
	t.Helper()
	if a.Format != "gpx" || a.Precision != ingest.PrecisionExact || a.HasTZ || a.ID != "" || a.Athlete != "" || a.Source != "" {
		t.Errorf("activity %d: bad bookkeeping fields: %+v", a.Index, *a)
	}
	if len(a.Samples) == 0 {
		t.Fatalf("activity %d has no samples", a.Index)
	}
	if !a.Start.Equal(a.Samples[0].Time) || a.Start.Location() != time.UTC {
		t.Errorf("activity %d: Start %v, first sample %v", a.Index, a.Start, a.Samples[0].Time)
	}
	if a.ElapsedS < 0 || a.TimerS < 0 || a.TimerS > a.ElapsedS+1e-9 {
		t.Errorf("activity %d: ElapsedS %g TimerS %g", a.Index, a.ElapsedS, a.TimerS)
	}
	if got := a.Samples[len(a.Samples)-1].Time.Sub(a.Start).Seconds(); math.Abs(got-a.ElapsedS) > 1e-6 {
		t.Errorf("activity %d: ElapsedS %g, samples span %g", a.Index, a.ElapsedS, got)
	}
	if a.Kind != ingest.Classify(a.Sport, "", false) {
		t.Errorf("activity %d: kind %q for sport %q", a.Index, a.Kind, a.Sport)
	}
	prevDist := math.Inf(-1)
	for i, s := range a.Samples {
		if i > 0 && s.Time.Before(a.Samples[i-1].Time) {
			t.Fatalf("activity %d: sample %d goes back in time", a.Index, i)
		}
		if ingest.Known(s.DistanceM) {
			if s.DistanceM < prevDist {
				t.Fatalf("activity %d: distance decreases at sample %d", a.Index, i)
			}
			prevDist = s.DistanceM
		}
		if ingest.Known(s.SpeedMS) && !(s.SpeedMS >= 0) {
			t.Fatalf("activity %d: speed %g at sample %d", a.Index, s.SpeedMS, i)
		}
	}
	last := a.Samples[len(a.Samples)-1].DistanceM
	if ingest.Known(last) != ingest.Known(a.DistanceM) || (ingest.Known(last) && last != a.DistanceM) {
		t.Errorf("activity %d: DistanceM %g, last sample %g", a.Index, a.DistanceM, last)
	}
	if corpustest.HasHR(*a) != ingest.Known(a.AvgHR) || ingest.Known(a.AvgHR) != ingest.Known(a.MaxHR) ||
		(ingest.Known(a.AvgHR) && a.AvgHR > a.MaxHR) {
		t.Errorf("activity %d: AvgHR %g MaxHR %g", a.Index, a.AvgHR, a.MaxHR)
	}
}

// checkManifest compares an import with the file's MANIFEST counts: no
// more activities than tracks, no more samples than track points, and HR
// wherever the manifest counted an <hr> for every track point.
func checkManifest(t *testing.T, c corpustest.Counts, d ingest.Decoded) {
	t.Helper()
	if c == nil {
		return
	}
	samples := 0
	for _, a := range d.Activities {
		samples += len(a.Samples)
		if c["hr_tags"] >= c["trkpt"] && c["trkpt"] > 0 && !corpustest.HasHR(a) {
			t.Errorf("MANIFEST counts hr_tags=%d for trkpt=%d, activity %d has no HR", c["hr_tags"], c["trkpt"], a.Index)
		}
	}
	if len(d.Activities) > c["trk"] {
		t.Errorf("%d activities from trk=%d", len(d.Activities), c["trk"])
	}
	if samples > c["trkpt"] {
		t.Errorf("%d samples from trkpt=%d", samples, c["trkpt"])
	}
}
