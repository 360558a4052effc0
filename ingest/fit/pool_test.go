package fit

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gainguard/ingest"
	"gainguard/ingest/internal/corpustest"
)

// hinted is an input that is not an io.Seeker but knows its size, as the
// batch hands plain files to decoders: Decode reads it into pooled memory.
type hinted struct {
	io.Reader
	n int64
}

func (h hinted) SizeHint() int64 { return h.n }

// describe prints everything Decode returned but the Release hook, the
// samples as a hash of every bit of them.
func describe(dec ingest.Decoded, err error) string {
	dec.Release = nil
	acts := slices.Clone(dec.Activities)
	h := fnv.New64a()
	var b []byte
	for i := range acts {
		for _, s := range acts[i].Samples {
			b = binary.LittleEndian.AppendUint64(b[:0], uint64(s.Time.UnixNano()))
			for _, v := range [...]float64{s.HR, s.SpeedMS, s.DistanceM, s.Cadence, s.PowerW, s.Lat, s.Lon, s.AltM} {
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
			}
			h.Write(b)
		}
		fmt.Fprintf(h, "|%d|", len(acts[i].Samples))
		acts[i].Samples = nil
	}
	dec.Activities = acts
	return fmt.Sprintf("%+v\nsamples=%x\nerr=%v", dec, h.Sum64(), err)
}

// TestPooledDecodeMatchesFresh holds decoding as the batch does it (with
// reused buffers: sample slices handed back through Decoded.Release,
// decoders, input bytes; checksums checked by decodeChecked) equal to
// decoding every file with fresh buffers and the decoder's own checksum
// verification: every corpus FIT file (damaged ones included) and the
// committed samples' FIT files, in an order that puts long recordings
// before short ones and back, each read once as a seekable file and once
// as a stream of known size (read into memory: the fast checksum path).
func TestPooledDecodeMatchesFresh(t *testing.T) {
	requireCorpus(t)
	files := corpusFiles(t)
	more, _ := filepath.Glob(filepath.Join("..", "..", "samples", "activities", "*.fit"))
	files = append(files, more...)
	if len(files) < 30 {
		t.Fatalf("only %d FIT files", len(files))
	}
	data := make([][]byte, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data[i] = b
	}
	decode := func(i int, stream bool) (ingest.Decoded, error) {
		if stream {
			return Decode(hinted{bytes.NewReader(data[i]), int64(len(data[i]))})
		}
		return Decode(bytes.NewReader(data[i]))
	}

	pooling, fastChecksums = false, false
	want := make([]string, len(files))
	for i := range files {
		want[i] = describe(decode(i, false))
	}
	pooling, fastChecksums = true, true
	t.Cleanup(func() { pooling, fastChecksums = true, true })
	fast := 0
	for i := range files {
		if _, ok := libraryChecksumsOK(data[i]); ok {
			fast++
		}
	}
	if fast == 0 || fast == len(files) {
		t.Errorf("%d of %d files take the fast checksum path; want some but not all", fast, len(files))
	}

	// By size, largest first, then smallest first: every buffer is reused
	// by files both shorter and longer than the one that made it.
	order := make([]int, len(files))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return len(data[b]) - len(data[a]) })
	rev := slices.Clone(order)
	slices.Reverse(rev)
	order = append(order, rev...)
	released := 0
	for k, i := range order {
		dec, err := decode(i, k%2 == 1)
		if got := describe(dec, err); got != want[i] {
			t.Errorf("%s: pooled decode differs from a fresh one:\n got %.400s\nwant %.400s", files[i], got, want[i])
		}
		if dec.Release != nil {
			dec.Release()
			released++
		}
	}
	if released == 0 {
		t.Error("no decode offered its samples back")
	}
}

// FuzzDecodePaths: for any input, decoding it in memory (as the batch does:
// decodeChecked may verify the checksums itself, buffers are pooled and
// handed back) gives what decoding it as a seekable file (the decoder's own
// checksum verification) gives. Seeded with the generated test files and
// every corpus FIT file, damaged ones included.
func FuzzDecodePaths(f *testing.F) {
	for _, gen := range testdataFiles {
		f.Add(gen(f))
	}
	f.Add(corruptCRC(runFile(f)))
	corpustest.Seed(f, nil, corpusPatterns...)
	f.Fuzz(func(t *testing.T, b []byte) {
		want := describe(Decode(bytes.NewReader(b)))
		dec, err := Decode(hinted{bytes.NewReader(b), int64(len(b))})
		if got := describe(dec, err); got != want {
			t.Fatalf("in memory:\n%.600s\nas a file:\n%.600s", got, want)
		}
		if dec.Release != nil {
			dec.Release()
		}
	})
}
