package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"gainguard/ingest/state"
	"gainguard/report"
)

// The what-if cache: the results of the weeks' what-if searches
// (report.AddWhatIfsCached) kept in the state folder (whatIfFileName), so
// that a re-run after one new file searches again only the weeks whose
// inputs changed. report makes the keys (a SHA-256 of every input of a
// search); this side keeps them with the code that computed them: the
// file records the gainguard version and a SHA-256 of the running
// executable, and a file written by any other build is rebuilt, so a
// changed search never serves an old result even when the version string
// stayed the same (a development build). Saved with the rest of the state,
// after the outputs; --no-cache starts from an empty one (and rebuilds
// it); a damaged file is logged and rebuilt.

// whatIfFileName names the what-if cache in the state folder.
const whatIfFileName = "whatif.gob"

// whatIfStore is a [report.WhatIfCache] kept in a [state.ResultCache],
// counting where each week's what-if came from (report.WhatIfSource).
type whatIfStore struct {
	c      *state.ResultCache
	counts [3]atomic.Int64 // by report.WhatIfSource
}

var (
	_ report.WhatIfCache   = (*whatIfStore)(nil)
	_ report.WhatIfCounter = (*whatIfStore)(nil)
)

func (s *whatIfStore) Get(k report.WhatIfKey) ([]byte, bool) { return s.c.Get(state.ResultKey(k)) }
func (s *whatIfStore) Put(k report.WhatIfKey, v []byte)      { s.c.Put(state.ResultKey(k), v) }

func (s *whatIfStore) CountWhatIf(_ string, _ time.Time, src report.WhatIfSource) {
	if int(src) >= 0 && int(src) < len(s.counts) {
		s.counts[src].Add(1)
	}
}

// buildID is the identity of the running code: the gainguard version and
// a SHA-256 of the executable, or "" when the executable cannot be read
// (the what-if cache is then not used).
func buildID() string {
	h := exeHash()
	if h == "" {
		return ""
	}
	return version + " " + h
}

// exeHash is the SHA-256 of the running executable, taken once, in the
// background from the start of a run (startBuildID) so that it overlaps
// the import; "" when it cannot be read.
var exeHash = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})

// startBuildID starts taking buildID in the background.
func startBuildID() { go exeHash() }

// loadWhatIf loads the what-if cache of the state folder (an empty one
// under --no-cache). When the build cannot be identified there is none,
// and every week is searched.
func (rs *runState) loadWhatIf(noCache bool) {
	id := buildID()
	if id == "" {
		rs.log.Warn("what-if cache not used: cannot identify this build")
		return
	}
	path := filepath.Join(rs.path, whatIfFileName)
	if noCache {
		rs.whatIf = &whatIfStore{c: state.NewResultCache(path, id)}
		return
	}
	c, problem, err := state.LoadResultCache(path, id)
	switch {
	case err != nil:
		rs.log.Warn("what-if cache unreadable; rebuilding", "path", path, "error", err)
	case problem != "":
		rs.log.Warn("what-if cache "+problem+"; rebuilding", "path", path)
	}
	rs.log.Debug("what-if cache loaded", "path", path, "entries", c.Len())
	rs.whatIf = &whatIfStore{c: c}
}

// whatIfCache is the run's what-if cache for report.BuildOptions (nil: none).
func (rs *runState) whatIfCache() report.WhatIfCache {
	if rs == nil || rs.whatIf == nil {
		return nil
	}
	return rs.whatIf
}

// saveWhatIf writes the what-if cache (the entries this run used); a
// failure is logged, not fatal: the next run searches again.
func (rs *runState) saveWhatIf() {
	if rs.whatIf == nil {
		return
	}
	s := rs.whatIf
	path := filepath.Join(rs.path, whatIfFileName)
	if err := s.c.Save(); err != nil {
		rs.log.Warn("what-if cache not saved", "path", path, "error", err)
		return
	}
	rs.log.Info("what-if cache saved", "path", path, "weeks_searched", s.counts[report.WhatIfSearched].Load(),
		"weeks_reused", s.counts[report.WhatIfFromAthlete].Load()+s.counts[report.WhatIfFromWindow].Load(),
		"by_window", s.counts[report.WhatIfFromWindow].Load())
}
