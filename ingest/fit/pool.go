package fit

import (
	"bytes"
	"io"
	"sync"

	"gainguard/ingest"

	"github.com/muktihari/fit/decoder"
)

// Buffers reused from one file to the next. A batch decodes thousands of
// files on a few workers; allocating each file's sample slice, decoder and
// input buffer afresh made the import's garbage (about 1 GB for 4,300
// files) and the collector's time, not the decoding, its largest cost
// (docs/performance.md).
var (
	samplePool  sync.Pool // *[]ingest.Sample, length 0
	decoderPool sync.Pool // *decoder.Decoder
	bytesPool   sync.Pool // *[]byte, length 0: whole inputs read into memory
)

// pooling is switched off by the test that holds pooled decoding equal to
// decoding with fresh buffers.
var pooling = true

// maxPooledSamples bounds the sample slices kept for reuse (96 bytes per
// sample: 6 MB); a larger one, from a rare long recording, is dropped.
const maxPooledSamples = 1 << 16

// getSamples returns an empty sample slice with room for at least n,
// reused when one is pooled.
func getSamples(n int) []ingest.Sample {
	if !pooling {
		return make([]ingest.Sample, 0, n)
	}
	if p, ok := samplePool.Get().(*[]ingest.Sample); ok {
		if cap(*p) >= n {
			return (*p)[:0]
		}
		samplePool.Put(p)
	}
	return make([]ingest.Sample, 0, n)
}

// putSamples makes s's storage available to a later getSamples. Nothing
// may refer to s afterwards.
func putSamples(s []ingest.Sample) {
	if !pooling {
		return
	}
	if cap(s) == 0 || cap(s) > maxPooledSamples {
		return
	}
	s = s[:0]
	samplePool.Put(&s)
}

// getDecoder returns a decoder reading r with opts.
func getDecoder(r io.Reader, opts ...decoder.Option) *decoder.Decoder {
	if !pooling {
		return decoder.New(r, opts...)
	}
	if d, ok := decoderPool.Get().(*decoder.Decoder); ok {
		d.Reset(r, opts...)
		return d
	}
	return decoder.New(r, opts...)
}

// putDecoder returns d to the pool, dropping its reader and listeners.
func putDecoder(d *decoder.Decoder) {
	if !pooling {
		return
	}
	d.Reset(nil)
	decoderPool.Put(d)
}

// getBytes returns an empty byte slice with room for at least n.
func getBytes(n int) []byte {
	if !pooling {
		return make([]byte, 0, n)
	}
	if p, ok := bytesPool.Get().(*[]byte); ok {
		if cap(*p) >= n {
			return (*p)[:0]
		}
		bytesPool.Put(p)
	}
	return make([]byte, 0, n)
}

// putBytes makes b's storage available to a later getBytes.
func putBytes(b []byte) {
	if !pooling {
		return
	}
	if cap(b) == 0 || cap(b) > 16<<20 {
		return
	}
	b = b[:0]
	bytesPool.Put(&b)
}

// release returns the collector's sample storage to the pool: the
// [ingest.Decoded] Release hook, called by the batch once the samples of
// every activity decoded from the file are dropped.
func (c *collector) release() {
	putSamples(c.samples)
	c.samples = nil
	for i := range c.segs {
		c.segs[i].firstSample = 0
	}
}

// readAllPooled is [ingest.ReadAll] into pooled storage when r knows its
// size.
func readAllPooled(r io.Reader) ([]byte, error) {
	h, ok := r.(interface{ SizeHint() int64 })
	if !ok || h.SizeHint() <= 0 || h.SizeHint() > 16<<20 {
		return ingest.ReadAll(r)
	}
	buf := bytes.NewBuffer(getBytes(int(h.SizeHint()) + bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}
