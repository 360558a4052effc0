package ingest

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 9, 1, 7, 0, 0, 0, time.UTC)

// act builds a test activity: source, start offset and elapsed minutes.
func act(source string, kind Kind, startS float64, minutes float64) Activity {
	return Activity{Athlete: "a", Source: source, Format: strings.TrimPrefix(fileExt(source), "."), Kind: kind,
		Start: t0.Add(time.Duration(startS * float64(time.Second))), ElapsedS: minutes * 60,
		Precision: PrecisionExact, DistanceM: Missing}
}

func fileExt(s string) string {
	if i := strings.LastIndex(s, "."); i >= 0 {
		return s[i:]
	}
	return ""
}

func withHR(a Activity, n int) Activity {
	for i := range n {
		s := NewSample(a.Start.Add(time.Duration(i) * time.Second))
		s.HR = 120
		a.Samples = append(a.Samples, s)
	}
	return a
}

func withSamples(a Activity, n int) Activity {
	for i := range n {
		a.Samples = append(a.Samples, NewSample(a.Start.Add(time.Duration(i)*time.Second)))
	}
	return a
}

func TestIsDuplicate(t *testing.T) {
	base := act("a.fit", KindRun, 0, 60)
	for _, tc := range []struct {
		name string
		mod  func(b *Activity)
		want bool
	}{
		{"same start", func(b *Activity) {}, true},
		{"starts 60 s apart", func(b *Activity) { b.Start = b.Start.Add(60 * time.Second) }, true},
		{"starts 61 s apart, overlaps 98%", func(b *Activity) { b.Start = b.Start.Add(61 * time.Second) }, true},
		{"overlaps 90% of the shorter", func(b *Activity) {
			b.Start, b.ElapsedS = b.Start.Add(10*time.Minute), 50*60 // covers 10..60: all of itself
		}, true},
		{"overlaps 89% of the shorter", func(b *Activity) {
			b.Start, b.ElapsedS = b.Start.Add(30*time.Minute+47*time.Second), 33*60 // 29:13 of 33:00 = 88.5%
		}, false},
		{"back to back", func(b *Activity) { b.Start = b.Start.Add(60 * time.Minute) }, false},
		{"run vs lift", func(b *Activity) { b.Kind = KindLift }, false},
		{"run vs other (a track without sport)", func(b *Activity) { b.Kind = KindOther }, true},
		{"same file", func(b *Activity) { b.Source = "a.fit" }, false},
		{"other athlete", func(b *Activity) { b.Athlete = "b" }, false},
		{"date precision", func(b *Activity) { b.Precision = PrecisionDate }, false},
		{"floating vs exact", func(b *Activity) { b.Floating = true }, false},
		{"no duration, 2 min apart", func(b *Activity) { b.Start, b.ElapsedS = b.Start.Add(2*time.Minute), 0 }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := act("b.gpx", KindRun, 0, 60)
			tc.mod(&b)
			x, y := rankOf(&base, 0), rankOf(&b, 1)
			if got := isDuplicate(&x, &y); got != tc.want {
				t.Errorf("isDuplicate = %v, want %v", got, tc.want)
			}
			if got := isDuplicate(&y, &x); got != tc.want {
				t.Errorf("isDuplicate is not symmetric")
			}
		})
	}
}

func TestDedupeKeepsTheRichest(t *testing.T) {
	for _, tc := range []struct {
		name string
		acts []Activity
		kept string
	}{
		{"heart rate wins over samples", []Activity{withSamples(act("a.gpx", KindRun, 0, 30), 500), withHR(act("b.gpx", KindRun, 5, 30), 10)}, "b.gpx"},
		{"sets win over samples", []Activity{withSamples(act("a.fit", KindLift, 0, 30), 50),
			func() Activity { a := act("b.csv", KindLift, 0, 30); a.Sets = []Set{{Type: SetActive}}; return a }()}, "b.csv"},
		{"more samples win", []Activity{withSamples(act("a.fit", KindRun, 0, 30), 10), withSamples(act("b.gpx", KindRun, 0, 30), 20)}, "b.gpx"},
		{"laps win", []Activity{act("a.gpx", KindRun, 0, 30), func() Activity { a := act("b.tcx", KindRun, 0, 30); a.Laps = []Lap{{}}; return a }()}, "b.tcx"},
		{"distance wins", []Activity{act("a.fit", KindRun, 0, 30), func() Activity { a := act("b.gpx", KindRun, 0, 30); a.DistanceM = 5000; return a }()}, "b.gpx"},
		{"fit over tcx over gpx over csv", []Activity{act("a.csv", KindRun, 0, 30), act("b.gpx", KindRun, 0, 30), act("c.fit", KindRun, 0, 30), act("d.tcx", KindRun, 0, 30)}, "c.fit"},
		{"tie: smallest source", []Activity{act("z/run.fit", KindRun, 0, 30), act("a/run.fit", KindRun, 0, 30)}, "a/run.fit"},
	} {
		for _, reduced := range []bool{false, true} {
			name := tc.name
			acts := slices.Clone(tc.acts)
			if reduced {
				// As Import leaves them when Options.Reduce drops the
				// samples: only the counts remain.
				name += " (samples dropped)"
				for i := range acts {
					acts[i].countSamples()
					acts[i].Samples = nil
				}
			}
			t.Run(name, func(t *testing.T) {
				kept, drops := dedupe(acts)
				if len(kept) != 1 || kept[0].Source != tc.kept {
					t.Fatalf("kept %v, want only %s", sources(kept), tc.kept)
				}
				if len(drops) != len(tc.acts)-1 {
					t.Errorf("drops %v", drops)
				}
				for _, d := range drops {
					if d.kept != tc.kept {
						t.Errorf("drop %+v should name %s", d, tc.kept)
					}
				}
			})
		}
	}
}

func sources(as []Activity) []string {
	var s []string
	for _, a := range as {
		s = append(s, a.Source)
	}
	return s
}

// TestDedupeOrderIndependent: shuffling the input never changes what is
// kept, and a chain (A≈T, T≈B, A≉B: a long track over two sessions)
// keeps both sessions.
func TestDedupeOrderIndependent(t *testing.T) {
	acts := []Activity{
		withHR(act("garmin/run1.fit", KindRun, 0, 45), 40),
		act("strava/run1.gpx", KindOther, 20, 45),
		withHR(act("strava/run1.fit", KindRun, 0, 45), 40),
		withHR(act("garmin/lift.fit", KindLift, 3600, 50), 30),
		act("log/lift.csv", KindLift, 3630, 50),
		// a long track overlapping two sessions
		withSamples(act("watch/long.gpx", KindOther, 7320, 120), 5),
		withHR(act("watch/a.fit", KindRun, 7200, 40), 5),
		withHR(act("watch/b.fit", KindRun, 7200+80*60, 40), 5),
	}
	want := ""
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 50 {
		in := slices.Clone(acts)
		if i > 0 {
			rng.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
		}
		kept, drops := dedupe(in)
		got := strings.Join(slices.Sorted(slices.Values(sources(kept))), " ")
		for _, d := range drops {
			got += " | " + d.source + "→" + d.kept
		}
		if want == "" {
			want = got
		} else if got != want {
			t.Fatalf("shuffle %d: %s\nwant %s", i, got, want)
		}
	}
	if strings.Contains(strings.Split(want, " | ")[0], "long.gpx") {
		t.Errorf("the long track should be dropped as a duplicate of watch/a.fit: %s", want)
	}
	for _, s := range []string{"garmin/run1.fit", "garmin/lift.fit", "watch/a.fit", "watch/b.fit"} {
		if !strings.Contains(strings.Split(want, " | ")[0], s) {
			t.Errorf("%s should be kept: %s", s, want)
		}
	}
}

func TestAccountDuplicates(t *testing.T) {
	files := []FileResult{
		{Path: "a.fit", Status: StatusImported, Activities: 1},
		{Path: "b.gpx", Status: StatusImported, Activities: 1, Reason: "note"},
		{Path: "multi.fit", Status: StatusImported, Activities: 3},
		{Path: "c.tcx", Status: StatusImported, Activities: 2},
	}
	accountDuplicates(files, []drop{
		{source: "b.gpx", kept: "a.fit"},
		{source: "c.tcx", kept: "z.fit"},
		{source: "c.tcx", kept: "a.fit"},
		{source: "multi.fit", kept: "a.fit"},
	})
	want := []FileResult{
		{Path: "a.fit", Status: StatusImported, Activities: 1},
		{Path: "b.gpx", Status: StatusDuplicate, Duplicates: 1, DuplicateOf: "a.fit", Reason: "duplicate of a.fit; note"},
		{Path: "multi.fit", Status: StatusImported, Activities: 2, Duplicates: 1, Reason: "1 of 3 activities duplicates of a.fit"},
		{Path: "c.tcx", Status: StatusDuplicate, Duplicates: 2, DuplicateOf: "a.fit,z.fit", Reason: "duplicate of a.fit, z.fit"},
	}
	for i := range want {
		if files[i] != want[i] {
			t.Errorf("got  %+v\nwant %+v", files[i], want[i])
		}
	}
}

// Two copies of one session disagreeing on sport: a GPX without <type>,
// its sport guessed from the stream but kept for its heart rate, and the
// watch's FIT, typed running by the device, without heart rate. They are
// one session (a guessed sport matches any kind), the richer GPX is kept,
// and it takes the typed copy's sport. Had the GPX's own type said
// walking, they would be two sessions, as before.
func TestDedupeTypedSportWins(t *testing.T) {
	gpx := withHR(act("b.gpx", KindCardio, 20, 60), 3600)
	gpx.Sport, gpx.SportSource = "walking", SportSourceInferred
	fit := withSamples(act("a.fit", KindRun, 0, 60), 600)
	fit.Sport, fit.SportSource = "running", SportSourceDevice
	for _, a := range []*Activity{&gpx, &fit} {
		a.ID = ActivityID(a)
	}
	kept, drops := dedupe([]Activity{gpx, fit})
	if len(kept) != 1 || len(drops) != 1 {
		t.Fatalf("kept %d, dropped %d; want one session", len(kept), len(drops))
	}
	k := kept[0]
	if k.Source != "b.gpx" || k.Sport != "running" || k.Kind != KindRun || k.SportSource != SportSourceDevice {
		t.Errorf("kept %s: sport %q kind %s source %q; want b.gpx (richer) with the device's running", k.Source, k.Sport, k.Kind, k.SportSource)
	}
	if k.ID == gpx.ID || k.ID != ActivityID(&k) {
		t.Errorf("id %s not recomputed for the new sport", k.ID)
	}

	gpx.SportSource = SportSourceFile // the GPX's own <type> said walking
	if kept, _ := dedupe([]Activity{gpx, fit}); len(kept) != 2 {
		t.Errorf("typed walking vs typed running: kept %d, want 2 sessions", len(kept))
	}
}
