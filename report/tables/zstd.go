package tables

import (
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/format"
)

// zstdWindow is the zstd window of the Parquet pages written. Pages are far
// smaller than the library's 8 MiB default window, so a smaller one costs
// no compression, while each pooled encoder's history buffer shrinks from
// 16 MiB to 2 MiB: at 5,000 activities two encoders held 32 MB of the
// heap at its peak (docs/performance.md).
const zstdWindow = 1 << 20

// zstdCodec is Parquet's ZSTD codec (the same format and level as
// parquet.Zstd) with a [zstdWindow] window. It is safe for concurrent
// use.
//
// Idle encoders are kept in a free list of up to GOMAXPROCS, not a
// sync.Pool: a pool drops its objects at every other garbage collection,
// which the writing of a table runs many of, and each new encoder then
// allocates its match tables and, for a page above zstd's block size,
// its history again (~3 MB of garbage each time, five times over in one
// run of 5,000 activities: the heap's peak). The encoders use zstd's
// lower-memory buffers (a history of the window plus one block, not twice
// the window): the same bytes, as they only size buffers the pages never
// outgrow. Decoders (the tests' and merge's reads) are pooled.
type zstdCodec struct {
	encoders chan *zstd.Encoder
	decoders sync.Pool
}

// parquetZstd is the codec every table is written with.
var parquetZstd = &zstdCodec{encoders: make(chan *zstd.Encoder, runtime.GOMAXPROCS(0))}

func (c *zstdCodec) String() string { return "ZSTD" }

func (c *zstdCodec) CompressionCodec() format.CompressionCodec { return format.Zstd }

func (c *zstdCodec) Encode(dst, src []byte) ([]byte, error) {
	var e *zstd.Encoder
	select {
	case e = <-c.encoders:
	default:
		var err error
		e, err = zstd.NewWriter(nil,
			zstd.WithEncoderConcurrency(1),
			zstd.WithEncoderLevel(zstd.SpeedDefault),
			zstd.WithWindowSize(zstdWindow),
			zstd.WithZeroFrames(true),
			zstd.WithEncoderCRC(false),
			zstd.WithLowerEncoderMem(true),
		)
		if err != nil {
			return nil, err
		}
	}
	out := e.EncodeAll(src, dst[:0])
	select {
	case c.encoders <- e:
	default: // GOMAXPROCS idle already
	}
	return out, nil
}

func (c *zstdCodec) Decode(dst, src []byte) ([]byte, error) {
	d, _ := c.decoders.Get().(*zstd.Decoder)
	if d == nil {
		var err error
		d, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, err
		}
	}
	defer c.decoders.Put(d)
	return d.DecodeAll(src, dst[:0])
}
