package fit

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/fnv"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gainguard/ingest"
	"gainguard/ingest/internal/corpustest"
	"gainguard/samples"
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
	for i := range acts {
		hashSamples(h, acts[i].Samples)
		acts[i].Samples = nil
	}
	dec.Activities = acts
	return fmt.Sprintf("%+v\nsamples=%x\nerr=%v", dec, h.Sum64(), err)
}

// hashSamples writes every bit of samples, and their number, to h.
func hashSamples(h hash.Hash, samples []ingest.Sample) {
	var b []byte
	for _, s := range samples {
		b = binary.LittleEndian.AppendUint64(b[:0], uint64(s.Time.UnixNano()))
		for _, v := range [...]float64{s.HR, s.SpeedMS, s.DistanceM, s.Cadence, s.PowerW, s.Lat, s.Lon, s.AltM} {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		h.Write(b)
	}
	fmt.Fprintf(h, "|%d|", len(samples))
}

// collectorState prints everything a collector gathered (the samples as a
// hash) but whether the records were decoded from the bytes.
func collectorState(c *collector) string {
	cc := *c
	h := fnv.New64a()
	hashSamples(h, cc.samples)
	cc.samples, cc.rawRecords = nil, false
	return fmt.Sprintf("%+v\nsamples=%x", cc, h.Sum64())
}

// sampleFITFiles returns the committed samples' FIT files and those of a
// freshly generated two-athlete, eight-week archive (what gainguard
// samples --athletes 2 --weeks 8 writes).
func sampleFITFiles(t *testing.T) []string {
	files, _ := filepath.Glob(filepath.Join("..", "..", "samples", "activities", "*.fit"))
	dir := t.TempDir()
	if err := samples.Generate(dir, samples.Options{Athletes: 2, Weeks: 8}); err != nil {
		t.Fatal(err)
	}
	gen, _ := filepath.Glob(filepath.Join(dir, "*", "activities", "*.fit"))
	if len(files) < 20 || len(gen) < 20 {
		t.Fatalf("%d committed and %d generated samples FIT files", len(files), len(gen))
	}
	return append(files, gen...)
}

// rawCorpusFiles is how many corpus FIT files take the record fast path
// (decodeRaw) at least; the others fail their checksums (13), hold
// compressed timestamps (1), compressed_speed_distance (1) or an invalid
// base type (1).
const rawCorpusFiles = 46

// TestPooledDecodeMatchesFresh holds decoding as the batch does it (with
// reused buffers: sample slices handed back through Decoded.Release,
// decoders, input bytes; checksums checked by decodeChecked; record
// messages decoded from the bytes by decodeRaw) equal to decoding every
// file with fresh buffers, the decoder's own checksum verification and the
// library decoding every message: every corpus FIT file (damaged ones
// included), the committed samples' FIT files and a generated archive's,
// in an order that puts long recordings before short ones and back, each
// read once as a seekable file and once as a stream of known size (read
// into memory: the fast checksum and record paths). It also checks that
// the record fast path is taken by every samples file and by at least
// rawCorpusFiles corpus files, and that where it is taken it leaves the
// collector in the state the library does (counters, each session's and
// chained file's sample positions...).
func TestPooledDecodeMatchesFresh(t *testing.T) {
	requireCorpus(t)
	files := corpusFiles(t)
	nCorpus := len(files)
	files = append(files, sampleFITFiles(t)...)
	if nCorpus < 30 {
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

	pooling, fastChecksums, fastRecords = false, false, false
	want := make([]string, len(files))
	for i := range files {
		want[i] = describe(decode(i, false))
	}
	pooling, fastChecksums, fastRecords = true, true, true
	t.Cleanup(func() { pooling, fastChecksums, fastRecords = true, true, true })
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

	raw := 0
	for i, path := range files {
		size := int64(len(data[i]))
		got := decodeChecked(data[i], bytes.NewReader(data[i]), 0, size)
		if !got.rawRecords {
			if i >= nCorpus {
				seqs, _ := libraryChecksumsOK(data[i])
				_, why := decodeRaw(data[i], seqs, size)
				t.Errorf("%s: the record fast path was not taken (%s)", path, why)
			}
			got.release()
			continue
		}
		if i < nCorpus {
			raw++
		}
		lib := decodeStream(bytes.NewReader(data[i]), size, true)
		if g, w := collectorState(got), collectorState(lib); g != w {
			t.Errorf("%s: the record fast path leaves another collector than the library:\n got %.600s\nwant %.600s", path, g, w)
		}
		got.release()
		lib.release()
	}
	if raw < rawCorpusFiles {
		t.Errorf("%d corpus FIT files take the record fast path, want at least %d", raw, rawCorpusFiles)
	}
	t.Logf("%d of %d corpus FIT files and all %d samples FIT files take the record fast path", raw, nCorpus, len(files)-nCorpus)
}

// FuzzDecodePaths: for any input, decoding it in memory (as the batch does:
// decodeChecked may verify the checksums itself, decodeRaw may decode the
// records from the bytes, buffers are pooled and handed back) gives what
// decoding it as a seekable file (the decoder's own checksum verification,
// the library decoding every message) gives; so does the input with its
// checksums mended (fixChecksums), which lets mutations reach decodeRaw.
// Seeded with the generated test files, rawCases and every corpus FIT
// file, damaged ones included.
func FuzzDecodePaths(f *testing.F) {
	for _, gen := range testdataFiles {
		f.Add(gen(f))
	}
	f.Add(corruptCRC(runFile(f)))
	for _, c := range rawCases {
		f.Add(c.file(f))
	}
	corpustest.Seed(f, nil, corpusPatterns...)
	recoverPanics = false // a panic in either path is a crasher
	f.Cleanup(func() { recoverPanics = true })
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, b := range [][]byte{b, fixChecksums(b)} {
			want := describe(Decode(bytes.NewReader(b)))
			dec, err := Decode(hinted{bytes.NewReader(b), int64(len(b))})
			if got := describe(dec, err); got != want {
				t.Fatalf("in memory:\n%.600s\nas a file:\n%.600s", got, want)
			}
			if dec.Release != nil {
				dec.Release()
			}
		}
	})
}
