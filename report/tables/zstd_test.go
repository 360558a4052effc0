package tables

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// TestZstdCodec: the codec writes the bytes zstd's encoder with its
// default buffers writes (the lower-memory buffers only size what the
// pages never outgrow), for pages below and above zstd's 128 KiB block,
// the bytes decode back, and an idle encoder outlives garbage
// collections (a new one allocates megabytes).
func TestZstdCodec(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	page := func(n int) []byte { // compressible: runs of a few symbols
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(4)) + byte(i/97%7)
		}
		return b
	}
	ref, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedDefault),
		zstd.WithWindowSize(zstdWindow), zstd.WithZeroFrames(true), zstd.WithEncoderCRC(false))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 100, 64 << 10, 200 << 10, 256 << 10, 900 << 10, 3 << 20} {
		src := page(n)
		got, err := parquetZstd.Encode(nil, src)
		if err != nil {
			t.Fatal(err)
		}
		if want := ref.EncodeAll(src, nil); !bytes.Equal(got, want) {
			t.Errorf("%d bytes: %d compressed bytes differ from the default encoder's %d", n, len(got), len(want))
		}
		back, err := parquetZstd.Decode(nil, got)
		if err != nil || !bytes.Equal(back, src) {
			t.Errorf("%d bytes: decoded %d bytes, %v", n, len(back), err)
		}
	}

	src := page(200 << 10)
	if _, err := parquetZstd.Encode(nil, src); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := parquetZstd.Encode(nil, src); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("an Encode after two garbage collections allocated %d bytes: the idle encoder was dropped", alloc)
	}
}
