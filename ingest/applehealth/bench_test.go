//go:build unix

package applehealth

import (
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// BenchmarkDecode reads a generated export.xml (GAINGUARD_AH_BENCH_MIB,
// default 32 MiB; docs/performance.md has the 1 GiB figures) as the batch
// does: DecodeWith on the open file. It reports MB/s and the process's
// peak RSS.
func BenchmarkDecode(b *testing.B) {
	mib := int64(32)
	if n, err := strconv.ParseInt(os.Getenv("GAINGUARD_AH_BENCH_MIB"), 10, 64); err == nil && n > 0 {
		mib = n
	}
	path := filepath.Join(b.TempDir(), "export.xml")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := Generate(f, mib<<20, 1); err != nil {
		b.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	b.SetBytes(st.Size())
	b.ResetTimer()
	var acts, hr int
	for range b.N {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		d, err := DecodeWith(f, nil)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		acts, hr = len(d.Activities), 0
		for i := range d.Activities {
			hr += d.Activities[i].NumHRSamples()
		}
	}
	b.StopTimer()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MiB")
	}
	b.ReportMetric(float64(acts), "workouts")
	b.ReportMetric(float64(hr), "HR-samples")
}

// BenchmarkReference reads the same generated export with the
// encoding/xml reference (the whole file in memory), for comparison.
func BenchmarkReference(b *testing.B) {
	mib := int64(32)
	if n, err := strconv.ParseInt(os.Getenv("GAINGUARD_AH_BENCH_MIB"), 10, 64); err == nil && n > 0 {
		mib = n
	}
	path := filepath.Join(b.TempDir(), "export.xml")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := Generate(f, mib<<20, 1); err != nil {
		b.Fatal(err)
	}
	f.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		if _, err := readReference(data); err != nil {
			b.Fatal(err)
		}
	}
}
