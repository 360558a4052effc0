package gpx

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"gainguard/ingest"
	"gainguard/ingest/internal/corpustest"
)

func FuzzDecode(f *testing.F) {
	corpustest.Seed(f, nil, corpusPatterns...)
	for _, s := range []string{
		"",
		gpx11Head + `<trk><type>running</type><trkseg><trkpt lat="1" lon="2"><ele/><time>2023-05-01T10:00:00.123+02:00</time>` +
			`<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>150</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>` +
			`<trkpt lat="1.001" lon="2"><time>2023-05-01T08:00:05Z</time></trkpt></trkseg><trkseg/></trk></gpx>`,
		`<gpx version="1.0"><trk><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00</time></trkpt></trkseg></trk></gpx>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Decode(bytes.NewReader(data))
		var fe *FormatError
		if errors.As(err, &fe) && fe.What == WhatInternal {
			t.Fatalf("decoder panicked: %v", err)
		}
		if err != nil && !ingest.IsSkip(err) && fe == nil {
			t.Fatalf("error %T is neither a skip nor a *FormatError: %v", err, err)
		}
		if err != nil && len(d.Activities) > 0 {
			t.Fatalf("%d activities along with error %v", len(d.Activities), err)
		}
		if err == nil && len(d.Activities) == 0 {
			t.Fatal("no activities and no error")
		}
		for i := range d.Activities {
			a := &d.Activities[i]
			if len(a.Samples) == 0 || !a.Start.Equal(a.Samples[0].Time) {
				t.Fatalf("activity %d: %d samples, start %v", i, len(a.Samples), a.Start)
			}
			if !(a.ElapsedS >= 0) || !(a.TimerS >= 0) || a.TimerS > a.ElapsedS+1e-9 {
				t.Fatalf("activity %d: elapsed %g timer %g", i, a.ElapsedS, a.TimerS)
			}
			if math.IsInf(a.DistanceM, 0) || (ingest.Known(a.DistanceM) && a.DistanceM < 0) {
				t.Fatalf("activity %d: distance %g", i, a.DistanceM)
			}
			for j := 1; j < len(a.Samples); j++ {
				if a.Samples[j].Time.Before(a.Samples[j-1].Time) {
					t.Fatalf("activity %d: sample %d out of order", i, j)
				}
			}
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	corpustest.BenchmarkDecode(b, corpusFiles(b), Decode)
}
