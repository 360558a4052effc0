package fit

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/factory"
)

// benchFile is the largest corpus activity file: a 6.5-hour Wahoo ELEMNT
// ride, 13471 records and ~10000 manufacturer messages in 700 KB.
const benchFile = "2019-02-17-062644-ELEMNT-297E-195-0.fit"

// BenchmarkDecode decodes benchFile from memory.
func BenchmarkDecode(b *testing.B) {
	requireCorpus(b)
	benchDecode(b)
}

// BenchmarkDecodeStandardFactory is BenchmarkDecode with the decoder's
// standard field factory, for comparison with fieldFactory.
func BenchmarkDecodeStandardFactory(b *testing.B) {
	requireCorpus(b)
	saved := decoderFactory
	decoderFactory = func() decoder.Factory { return factory.StandardFactory() }
	defer func() { decoderFactory = saved }()
	benchDecode(b)
}

// BenchmarkDecodeInMemory decodes benchFile and a samples run as the batch
// does (a stream of known size read into memory, samples handed back),
// with the record fast path (decodeRaw) and with the library decoding
// every message.
func BenchmarkDecodeInMemory(b *testing.B) {
	requireCorpus(b)
	files := map[string]string{
		"elemnt": filepath.Join(corpusDir, "fit", benchFile),
		"run":    filepath.Join("..", "..", "samples", "activities", "2026-09-12-1015-run-long.fit"),
	}
	for _, name := range []string{"elemnt", "run"} {
		data, err := os.ReadFile(files[name])
		if err != nil {
			b.Fatal(err)
		}
		for _, path := range []string{"raw", "library"} {
			b.Run(name+"/"+path, func(b *testing.B) {
				fastRecords = path == "raw"
				defer func() { fastRecords = true }()
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				records := 0
				for b.Loop() {
					d, err := Decode(hinted{bytes.NewReader(data), int64(len(data))})
					if err != nil {
						b.Fatal(err)
					}
					records = len(d.Activities[0].Samples)
					d.Release()
				}
				b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
			})
		}
	}
}

func benchDecode(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(corpusDir, "fit", benchFile))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	records := 0
	for b.Loop() {
		d, err := Decode(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		records = len(d.Activities[0].Samples)
	}
	b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
