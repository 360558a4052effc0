package state

import (
	"slices"
	"strings"

	"gainguard/ingest"
)

// Outcomes returns every outcome the loaded index holds, by row path: what
// an earlier run decoded, read back without its input files (gainguard
// plan --state without EXPORTS; see ingest.BatchFromOutcomes). A record
// that cannot be read back intact (pack missing or damaged) is left out
// and counted in lost.
func (c *FileCache) Outcomes() (outs []ingest.Outcome, lost int) {
	c.mu.Lock()
	recs := make([]cacheRecord, 0, len(c.old))
	for _, r := range c.old {
		recs = append(recs, *r)
	}
	c.mu.Unlock()
	slices.SortFunc(recs, func(a, b cacheRecord) int { return strings.Compare(a.id(), b.id()) })
	for _, r := range recs {
		o, ok := c.Get(ingest.FileKey{Path: r.Path, Athlete: r.Athlete, Size: r.Size, ModTime: r.ModTime,
			Entry: r.Entry, CRC32: r.CRC32, EntrySize: r.EntrySize})
		if !ok {
			lost++
			continue
		}
		outs = append(outs, o)
	}
	return outs, lost
}
