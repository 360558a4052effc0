package tcx

import (
	"math"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/internal/corpustest"
)

// corpusFiles returns every TCX file of the corpus (tcx/ and bad/*.tcx),
// keyed "tcx/name.tcx", or skips the test when the corpus is absent.
func corpusFiles(tb testing.TB) map[string]string {
	return corpustest.Files(tb, corpusPatterns...)
}

var corpusPatterns = []string{"tcx/*", "bad/*.tcx"}

type want struct {
	status  ingest.FileStatus
	acts    int
	sport   string
	kind    ingest.Kind
	samples int  // of the first activity
	hr      bool // some sample of the first activity has HR
	laps    int
	start   string // first activity's Start
	errSub  string // error or skip reason substring
}

// corpusTable holds the expected outcome of every corpus file. Where it
// departs from MANIFEST.tsv's counts, the comment says why.
var corpusTable = map[string]want{
	// Polar Flow: all on one line after leading blanks before <?xml;
	// <Creator> after the laps, Author "Polar Flow Mobile Viewer" ignored.
	"tcx/6281425038.tcx": {ingest.StatusImported, 1, "running", ingest.KindRun, 1545, true, 5, "2016-09-12T11:19:55.000Z", ""},
	// ext:RunCadence on every point; no positions. 269 of 270 points have HR.
	"tcx/Forerunner405-Running_CadenceSensor.tcx": {ingest.StatusImported, 1, "running", ingest.KindRun, 270, true, 6, "2017-01-16T19:02:00.000Z", ""},
	// <Id> and the lap say 2015-02-19T09:31:29Z, every trackpoint says
	// 2021-09-29: the points run on another clock and are dropped with a
	// note (MANIFEST counts trackpoints=48); the activity keeps its lap
	// totals (3000 s, 28.5 km).
	"tcx/dead_end.tcx": {ingest.StatusImported, 1, "cycling", ingest.KindCardio, 0, false, 1, "2015-02-19T09:31:29.000Z", ""},
	// ns3:TPX Speed and Watts.
	"tcx/kona2013.tcx": {ingest.StatusImported, 1, "cycling", ingest.KindCardio, 5, true, 1, "2013-10-12T18:17:26.000Z", ""},
	// Sport="Other" (a pool swim): sport "", kind other; lap HR absent too.
	"tcx/pool_swim-activity_1.tcx": {ingest.StatusImported, 1, "", ingest.KindOther, 32, false, 1, "2022-08-26T16:35:13.000Z", ""},
	// The unparseable "Aug  6 2007, 20:16:30" is the <Author><Build><Time>, not a point's.
	"tcx/sample.tcx": {ingest.StatusImported, 1, "running", ingest.KindRun, 19, false, 1, "2007-08-07T02:42:41.000Z", ""},
	// Stand-up paddling written as Sport="Other".
	"tcx/sup_activity_1.tcx": {ingest.StatusImported, 1, "", ingest.KindOther, 111, true, 2, "2022-07-16T16:08:25.000Z", ""},
	// MANIFEST: activities=0 courses=1 trackpoints=30 (the course's).
	"tcx/tcx-courses.tcx": {ingest.StatusSkipped, 0, "", "", 0, false, 0, "", reasonCourse},
	"tcx/test.tcx":        {ingest.StatusImported, 1, "running", ingest.KindRun, 384, true, 3, "2012-12-26T21:29:53.000Z", ""},
	// <Id> 15:43:49+01:00 is 16 minutes before the first point: Start is
	// the <Id>, ElapsedS the lap's 2283 s (the points end earlier).
	"tcx/tour_hr.tcx": {ingest.StatusImported, 1, "cycling", ingest.KindCardio, 465, true, 1, "2020-12-27T14:43:49.000Z", ""},
	// MANIFEST calls it INVALID-DATA (well-formed XML): the second lap is a
	// copy of the first with "no"/"undefined" coordinates; the first lap's
	// points sit at (0,0) (no fix) and (0,10). Imported with notes: the
	// repeated lap and the repeated timestamps are dropped (MANIFEST counts
	// laps=2 trackpoints=4), the unreadable coordinates ignored.
	"bad/bad.tcx": {ingest.StatusImported, 1, "cycling", ingest.KindCardio, 2, true, 1, "2020-12-27T14:43:49.000Z", ""},
}

func TestCorpus(t *testing.T) {
	manifest := corpustest.Manifest(t, "tcx")
	corpustest.Each(t, corpusFiles(t), corpusTable, func(t *testing.T, rel, path string, w want) {
		d, err := corpustest.DecodeFile(t, path, Decode)
		if corpustest.Outcome[*FormatError](t, d, err, w.status, w.errSub) {
			if c := manifest[rel]; c != nil && w.status == ingest.StatusSkipped && c["activities"] > 0 {
				t.Errorf("skipped, but MANIFEST counts activities=%d", c["activities"])
			}
			return
		}
		a := corpustest.First(t, d, w.acts, w.sport, w.kind, w.samples, w.hr)
		if len(a.Laps) != w.laps {
			t.Errorf("%d laps, want %d", len(a.Laps), w.laps)
		}
		if got := a.Start.Format("2006-01-02T15:04:05.000Z07:00"); got != w.start {
			t.Errorf("start %s, want %s", got, w.start)
		}
		for i := range d.Activities {
			checkInvariants(t, &d.Activities[i])
		}
		checkManifest(t, manifest[rel], d)
		t.Logf("notes: %q", d.Notes)
	})
}

// checkInvariants holds for every activity Decode returns.
func checkInvariants(t *testing.T, a *ingest.Activity) {
	t.Helper()
	if a.Format != "tcx" || a.Precision != ingest.PrecisionExact || a.HasTZ || a.Floating ||
		a.ID != "" || a.Athlete != "" || a.Source != "" {
		t.Errorf("activity %d: bad bookkeeping fields: Format %q Precision %q HasTZ %v ID %q Athlete %q Source %q",
			a.Index, a.Format, a.Precision, a.HasTZ, a.ID, a.Athlete, a.Source)
	}
	if a.Start.IsZero() || a.Start.Location() != time.UTC {
		t.Errorf("activity %d: Start %v", a.Index, a.Start)
	}
	if !(a.ElapsedS >= 0) || !(a.TimerS >= 0) || a.TimerS > a.ElapsedS+1e-9 {
		t.Errorf("activity %d: ElapsedS %g TimerS %g", a.Index, a.ElapsedS, a.TimerS)
	}
	if len(a.Samples) == 0 && len(a.Laps) == 0 {
		t.Errorf("activity %d has neither samples nor laps", a.Index)
	}
	if a.Kind != ingest.Classify(a.Sport, "", false) {
		t.Errorf("activity %d: kind %q for sport %q", a.Index, a.Kind, a.Sport)
	}
	end := a.End()
	for i, s := range a.Samples {
		if i > 0 && !s.Time.After(a.Samples[i-1].Time) {
			t.Fatalf("activity %d: sample %d not after the previous one", a.Index, i)
		}
		if s.Time.Before(a.Start) || s.Time.After(end.Add(time.Millisecond)) {
			t.Fatalf("activity %d: sample %d at %v outside [%v, %v]", a.Index, i, s.Time, a.Start, end)
		}
		if s.Time.Location() != time.UTC {
			t.Fatalf("activity %d: sample %d not UTC", a.Index, i)
		}
		if ingest.Known(s.Lat) != ingest.Known(s.Lon) {
			t.Fatalf("activity %d: sample %d has half a position", a.Index, i)
		}
		for _, v := range []float64{s.HR, s.SpeedMS, s.DistanceM, s.Cadence, s.PowerW} {
			if v < 0 || math.IsInf(v, 0) {
				t.Fatalf("activity %d: sample %d holds %g", a.Index, i, v)
			}
		}
	}
	for i, l := range a.Laps {
		if l.Start.IsZero() || !(l.ElapsedS >= 0) || !(l.TimerS >= 0) {
			t.Errorf("activity %d: lap %d: %+v", a.Index, i, l)
		}
	}
	if ingest.Known(a.AvgHR) && ingest.Known(a.MaxHR) && a.AvgHR > a.MaxHR {
		t.Errorf("activity %d: AvgHR %g > MaxHR %g", a.Index, a.AvgHR, a.MaxHR)
	}
	if corpustest.HasHR(*a) && !(ingest.Known(a.AvgHR) && ingest.Known(a.MaxHR)) {
		t.Errorf("activity %d: HR samples but AvgHR %g MaxHR %g", a.Index, a.AvgHR, a.MaxHR)
	}
	if math.IsInf(a.DistanceM, 0) || a.DistanceM < 0 || math.IsInf(a.Calories, 0) || a.Calories < 0 {
		t.Errorf("activity %d: DistanceM %g Calories %g", a.Index, a.DistanceM, a.Calories)
	}
}

// checkManifest compares an import with the file's MANIFEST counts: as
// many activities, no more laps or samples than the file holds, and HR
// wherever the manifest counted HR values on nearly every trackpoint.
func checkManifest(t *testing.T, c corpustest.Counts, d ingest.Decoded) {
	t.Helper()
	if c == nil {
		t.Log("no MANIFEST row for this file")
		return
	}
	samples, laps := 0, 0
	for _, a := range d.Activities {
		samples += len(a.Samples)
		laps += len(a.Laps)
		if c["trackpoints"] > 0 && 2*c["hr_values"] >= c["trackpoints"] && len(a.Samples) > 0 && !corpustest.HasHR(a) {
			t.Errorf("MANIFEST counts hr_values=%d for trackpoints=%d, activity %d has no HR", c["hr_values"], c["trackpoints"], a.Index)
		}
	}
	if len(d.Activities) != c["activities"] {
		t.Errorf("%d activities, MANIFEST activities=%d", len(d.Activities), c["activities"])
	}
	if laps > c["laps"] {
		t.Errorf("%d laps from MANIFEST laps=%d", laps, c["laps"])
	}
	if samples > c["trackpoints"] {
		t.Errorf("%d samples from MANIFEST trackpoints=%d", samples, c["trackpoints"])
	}
	if c["hr_values"] == 0 && samples > 0 && corpustest.HasHR(d.Activities[0]) {
		t.Errorf("HR samples but MANIFEST hr_values=0")
	}
}
