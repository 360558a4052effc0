package tcx

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
	for _, s := range []string{"", run, multisport, "\xEF\xBB\xBF" + run,
		`<?xml version="1.0" encoding="ISO-8859-1"?><TrainingCenterDatabase><Activities><Activity Sport="Other"><Lap StartTime="2020-01-01T00:00:00"><Track><Trackpoint><Time>2020-01-01T00:00:01</Time></Trackpoint></Track></Lap><Creator><Name>v` + "\xEE" + `voactive</Name></Creator></Activity></Activities></TrainingCenterDatabase>`,
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
			if a.Start.IsZero() || (len(a.Samples) == 0 && len(a.Laps) == 0) {
				t.Fatalf("activity %d: start %v, %d samples, %d laps", i, a.Start, len(a.Samples), len(a.Laps))
			}
			if !(a.ElapsedS >= 0) || !(a.TimerS >= 0) || a.TimerS > a.ElapsedS+1e-9 || math.IsInf(a.ElapsedS, 0) {
				t.Fatalf("activity %d: elapsed %g timer %g", i, a.ElapsedS, a.TimerS)
			}
			if math.IsInf(a.DistanceM, 0) || (ingest.Known(a.DistanceM) && a.DistanceM < 0) {
				t.Fatalf("activity %d: distance %g", i, a.DistanceM)
			}
			if ingest.Known(a.AvgHR) && ingest.Known(a.MaxHR) && a.AvgHR > a.MaxHR {
				t.Fatalf("activity %d: avg HR %g > max %g", i, a.AvgHR, a.MaxHR)
			}
			end := a.End()
			for j, s := range a.Samples {
				if j > 0 && !s.Time.After(a.Samples[j-1].Time) {
					t.Fatalf("activity %d: sample %d out of order", i, j)
				}
				if s.Time.Before(a.Start) || s.Time.Sub(end) > 1e6 {
					t.Fatalf("activity %d: sample %d at %v outside [%v, %v]", i, j, s.Time, a.Start, end)
				}
			}
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	corpustest.BenchmarkDecode(b, corpusFiles(b), Decode)
}
