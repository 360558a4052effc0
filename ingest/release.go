package ingest

import (
	"bufio"
	"io"
	"sync"
)

// releaseSamples calls dec.Release when no activity of dec still holds
// samples (the Reduce hook dropped them all), so that the decoder may reuse
// their storage for the next file.
func releaseSamples(dec Decoded) {
	if dec.Release == nil {
		return
	}
	for i := range dec.Activities {
		if dec.Activities[i].Samples != nil {
			return
		}
	}
	dec.Release()
}

// readerPool holds the 64 KiB buffered readers the batch puts in front of
// every file (two per file: one over the file, one over what the gzip and
// size guards let through); allocating them afresh was a quarter of the
// import's garbage.
var readerPool sync.Pool

// getReader returns a 64 KiB buffered reader over r.
func getReader(r io.Reader) *bufio.Reader {
	if br, ok := readerPool.Get().(*bufio.Reader); ok {
		br.Reset(r)
		return br
	}
	// Made over nil and then reset, so that it is always a new reader
	// (NewReaderSize returns r itself when r is a large enough
	// *bufio.Reader, which must not end up in the pool).
	br := bufio.NewReaderSize(nil, 64<<10)
	br.Reset(r)
	return br
}

// putReader returns br to the pool; nothing may use it afterwards.
func putReader(br *bufio.Reader) {
	br.Reset(nil)
	readerPool.Put(br)
}
