package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"gainguard/ingest"
	"gainguard/ingest/commit"
	"gainguard/ingest/state"
	"gainguard/report/output"
)

// Incremental runs: analyze keeps, under OUT/.gainguard/ (or --state), the
// decoded outcome of every input file it saw, keyed by path, size and
// modification time (see state.FileCache), and decodes only new or
// changed files. The state is saved only after the outputs and
// manifest.json are in place, so a run killed at any point leaves the
// previous outputs and a state that matches them or an older one.

// StateDirName is the folder inside OUT that holds the lock and, by
// default, the state.
const StateDirName = ".gainguard"

// spoolDirName is the folder, in the state folder, of the temporary
// files of nested zips over 16 MiB.
const spoolDirName = "spool"

// stateFlags are --state, --no-cache and --wait.
type stateFlags struct {
	dir     string
	noCache bool
	wait    time.Duration
	// shard, for a sharded run, is the shard's own sub-folder of the state
	// folder (its lock and state; shard.go); OUT itself is then left to
	// output.WriteShard.
	shard string
}

func (s *stateFlags) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&s.dir, "state", "", "`folder` for the incremental state (default OUT/.gainguard)")
	fs.BoolVar(&s.noCache, "no-cache", false, "decode every file again, ignoring the saved state (which is rebuilt)")
	fs.DurationVar(&s.wait, "wait", 0, "when another run holds OUT/.gainguard/lock, wait this long for it (0: fail at once)")
}

// runState is one run's hold on its output folder: the lock and the cache.
type runState struct {
	lock  *outLock
	cache *state.FileCache
	// whatIf keeps the what-if searches' results (whatif.go); nil: none.
	whatIf *whatIfStore
	path   string // the state folder
	log    *slog.Logger
}

// begin locks out and removes temporary files a killed run left there;
// call load next (after the up-to-date check, uptodate.go). On error
// (another run holds the lock) nothing is held.
func (s stateFlags) begin(out string, opt *ingest.Options, log *slog.Logger) (*runState, error) {
	lockDir := filepath.Join(out, StateDirName)
	dir := s.dir
	if dir == "" {
		dir = filepath.Join(out, StateDirName)
	} else {
		opt.Exclude = append(opt.Exclude, dir)
	}
	if s.shard != "" {
		lockDir, dir = filepath.Join(dir, s.shard), filepath.Join(dir, s.shard)
	}
	lock, err := lockOut(filepath.Join(lockDir, "lock"), s.wait)
	if err != nil {
		return nil, err
	}
	// Nested zips are spooled inside the state folder, not $TMPDIR, so
	// that what a killed run left is found and removed here.
	opt.SpoolDir = filepath.Join(dir, spoolDirName)
	if err := os.MkdirAll(opt.SpoolDir, 0o755); err != nil {
		lock.unlock()
		return nil, err
	}
	if n, _ := ingest.RemoveStaleSpools(opt.SpoolDir); n > 0 {
		log.Info("removed temporary files left by an interrupted run", "dir", opt.SpoolDir, "files", n)
	}
	temps := map[string][]string{dir: {state.IndexFileName, upToDateFile, whatIfFileName}}
	if s.shard == "" { // a shard leaves OUT to output.WriteShard
		if n, err := output.RecoverPartitions(out); err != nil {
			log.Warn("could not repair the partitioned tables of an interrupted run", "dir", out, "error", err)
		} else if n > 0 {
			log.Info("repaired the partitioned tables of an interrupted run", "dir", out, "folders", n)
		}
		temps[out] = append([]string{output.ManifestFile}, output.OutputFiles...)
	}
	for d, names := range temps {
		if n, err := commit.RemoveStaleTemps(d, names); err == nil && n > 0 {
			log.Info("removed temporary files left by an interrupted run", "dir", d, "files", n)
		}
	}
	return &runState{lock: lock, path: dir, log: log}, nil
}

// load loads the state (unless --no-cache) and sets opt.Cache.
func (rs *runState) load(s stateFlags, opt *ingest.Options) {
	log, dir := rs.log, rs.path
	fp := opt.Fingerprint()
	if s.noCache {
		rs.cache = state.NewFileCache(dir, version, fp)
	} else {
		c, problem, err := state.LoadFileCache(dir, version, fp)
		switch {
		case err != nil:
			log.Warn("state unreadable; rebuilding", "path", rs.path, "error", err)
		case problem != "":
			log.Warn("state "+problem+"; rebuilding", "path", rs.path)
		}
		rs.cache = c
		log.Debug("state loaded", "path", rs.path, "files", c.Len())
	}
	if n := rs.cache.RemoveOrphanPacks(); n > 0 {
		log.Info("removed state packs left by an interrupted or failed run", "path", rs.path, "packs", n)
	}
	opt.Cache = rs.cache
	rs.loadWhatIf(s.noCache)
}

// save writes the state and reports whether it did; call it only after
// the outputs are in place. A failure is logged, not fatal: the next run
// decodes more.
func (rs *runState) save() bool {
	output.CrashPoint("before-state")
	rs.saveWhatIf() // independent of the file cache: its keys are the inputs themselves
	hits, misses := rs.cache.Stats()
	if err := rs.cache.Save(); err != nil {
		rs.log.Warn("state not saved", "path", rs.path, "error", err)
		return false
	}
	rs.log.Info("state saved", "path", rs.path, "cached", hits, "decoded", misses)
	return true
}

// dropPack removes what this run stored in the state and has not saved
// (its pack), so that a failed run leaves no orphan and frees the space.
func (rs *runState) dropPack() {
	if rs.cache != nil {
		rs.cache.Close()
	}
}

// close drops the unsaved pack, if any, and releases the lock.
func (rs *runState) close() {
	rs.dropPack()
	rs.lock.unlock()
}
