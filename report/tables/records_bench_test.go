package tables

import (
	"io"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/report"
)

// bigRecordsDataset has n activities of one hour of 1 Hz samples.
func bigRecordsDataset(n int) *report.Dataset {
	d := &report.Dataset{Version: "bench", Generated: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	start := time.Date(2025, 1, 1, 7, 0, 0, 0, time.UTC)
	for i := range n {
		a := ingest.Activity{ID: string(rune('a'+i%26)) + time.Duration(i).String(), Athlete: "alex", Kind: ingest.KindRun,
			Start: start.Add(time.Duration(i) * 24 * time.Hour)}
		a.Samples = make([]ingest.Sample, 3600)
		for k := range a.Samples {
			s := ingest.NewSample(a.Start.Add(time.Duration(k) * time.Second))
			s.HR, s.SpeedMS, s.DistanceM, s.Lat, s.Lon, s.AltM = 140+float64(k%20), 3.1, float64(k)*3.1, 52.5+float64(k)*1e-5, 13.4, 34
			a.Samples[k] = s
		}
		d.Activities = append(d.Activities, a)
	}
	return d
}

// BenchmarkWriteRecords writes a year of hourly 1 Hz runs (1.3 M samples)
// as records.parquet.
func BenchmarkWriteRecords(b *testing.B) {
	d := bigRecordsDataset(365)
	b.ReportAllocs()
	for b.Loop() {
		cw := &countingWriter{}
		if err := writeRecords(cw, d); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(cw.n)/(1<<20), "MiB")
	}
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)
