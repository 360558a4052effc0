package csvlog

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"gainguard/ingest"
)

func FuzzDecode(f *testing.F) {
	var paths []string
	for _, pat := range []string{filepath.Join(corpusDir, "csv", "*.csv"), filepath.Join(appsCSV, "*.csv"), filepath.Join("testdata", "*.csv")} {
		m, _ := filepath.Glob(pat)
		paths = append(paths, m...)
	}
	sort.Strings(paths)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		// Keep seeds small (the head of big exports, cut at a line end):
		// the fuzzer minimizes every new input, which on 30 KB inputs
		// stalls it for up to a minute each time.
		if len(data) > 4<<10 {
			data = data[:4<<10]
			if i := bytes.LastIndexByte(data, '\n'); i > 0 {
				data = data[:i+1]
			}
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "date,kcal\n", "sep=;\ndate;weight\n2024-01-01;80,5\n",
		"date,time,exercise,set,reps,weight,unit\n2024-01-01,6:30 PM,Squat,W,5,100,lbs\n",
		"\ufeffDate;Exercise;Category;Weight (kg);Reps\r\n01.02.2024;Squat;Legs;1.000,5;5\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Decode(bytes.NewReader(data))
		if err != nil {
			var fe *FormatError
			if !ingest.IsSkip(err) && !errors.As(err, &fe) {
				t.Fatalf("error %T is neither a skip nor a *FormatError: %v", err, err)
			}
			if len(d.Activities)+len(d.Intake)+len(d.Body) > 0 {
				t.Fatal("results along with an error")
			}
			return
		}
		if len(d.Activities)+len(d.Intake)+len(d.Body) == 0 {
			t.Fatal("no results and no error")
		}
		if len(d.Notes) == 0 {
			t.Fatal("no format note")
		}
		checkInvariants(t, d)
	})
}

func BenchmarkDecode(b *testing.B) {
	path := filepath.Join(corpusDir, "csv", "sample_hevy.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("corpus file not available: %v", err)
	}
	d, err := Decode(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	sets, _, _ := tally(d.Activities)
	b.Logf("%s: %d bytes, %d workouts, %d sets", filepath.Base(path), len(data), len(d.Activities), sets)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sets)*float64(b.N)/b.Elapsed().Seconds(), "sets/s")
}
