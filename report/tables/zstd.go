package tables

import (
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
// parquet.Zstd) with a [zstdWindow] window. Encoders and decoders are
// pooled; it is safe for concurrent use.
type zstdCodec struct {
	encoders, decoders sync.Pool
}

// parquetZstd is the codec every table is written with.
var parquetZstd = &zstdCodec{}

func (c *zstdCodec) String() string { return "ZSTD" }

func (c *zstdCodec) CompressionCodec() format.CompressionCodec { return format.Zstd }

func (c *zstdCodec) Encode(dst, src []byte) ([]byte, error) {
	e, _ := c.encoders.Get().(*zstd.Encoder)
	if e == nil {
		var err error
		e, err = zstd.NewWriter(nil,
			zstd.WithEncoderConcurrency(1),
			zstd.WithEncoderLevel(zstd.SpeedDefault),
			zstd.WithWindowSize(zstdWindow),
			zstd.WithZeroFrames(true),
			zstd.WithEncoderCRC(false),
		)
		if err != nil {
			return nil, err
		}
	}
	defer c.encoders.Put(e)
	return e.EncodeAll(src, dst[:0]), nil
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
