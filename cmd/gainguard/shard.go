package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"gainguard/ingest"
	"gainguard/report"
	"gainguard/report/output"
)

// Sharded runs (docs/scale.md): analyze --shard I/N processes the athletes
// of shard I of N only and writes its partitioned tables into a shared
// OUT (output.WriteShard); gainguard merge OUT then checks the shards and
// writes the pages and manifest.json.

// Environment variables that give the shard when --shard is not given.
const (
	envJobIndex   = "JOB_COMPLETION_INDEX"   // Kubernetes Indexed Job: I
	envShards     = "GAINGUARD_SHARDS"       // N, for a Kubernetes Indexed Job (its completions)
	envSlurmID    = "SLURM_ARRAY_TASK_ID"    // Slurm job array: I (the array is --array=0-(N-1))
	envSlurmCount = "SLURM_ARRAY_TASK_COUNT" // Slurm job array: N
)

// shardFlags are --shard and --shards.
type shardFlags struct {
	spec  string // --shard: "I/N", "none", or "" (from the environment)
	count int    // --shards: N, the index coming from the environment
	shard ingest.Shard
}

func (s *shardFlags) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&s.spec, "shard", "", "process only the athletes of shard `I/N` (0 <= I < N) and write them as shard I into a shared --out, then run gainguard merge OUT; default from "+
		envJobIndex+" and "+envShards+" (Kubernetes Indexed Job) or "+envSlurmID+" and "+envSlurmCount+" (Slurm array) when set; none: no sharding whatever the environment")
	fs.IntVar(&s.count, "shards", 0, "number of shards `N`, the index coming from "+envJobIndex+" or "+envSlurmID+" (instead of "+envShards+")")
}

// resolveShard sets c's shard from --shard/--shards, else the job
// environment (getenv; nil: none). A shard writes the partitioned layout
// and keeps its own lock and state.
func (c *analyzeConfig) resolveShard(getenv func(string) string) error {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	if err := c.shard.resolve(getenv); err != nil {
		return err
	}
	if c.sharded() {
		c.output.Partition = true
		c.state.shard = shardStateDir(c.shard.shard)
	}
	return nil
}

// sharded reports whether c runs one shard of a sharded run.
func (c *analyzeConfig) sharded() bool { return c.shard.shard.Active() }

// writeShard writes the run's outputs as its shard (output.WriteShard).
func (a *analyzeRun) writeShard(out string, ds *report.Dataset) error {
	s := a.c.shard.shard
	return output.WriteShard(out, ds, output.ShardRun{Index: s.Index, Count: s.Count,
		Options: shardOptions(a.c), OtherShardRows: a.otherShard})
}

// resolve sets s.shard from the flags, then the environment (getenv).
func (s *shardFlags) resolve(getenv func(string) string) error {
	parse := func(what, v string) (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return 0, fmt.Errorf("%s %q: want a whole number", what, v)
		}
		return n, nil
	}
	switch {
	case s.spec == "none":
		s.shard = ingest.Shard{}
		return nil
	case s.spec != "":
		if s.count != 0 {
			return fmt.Errorf("--shard %s and --shards: give one of them", s.spec)
		}
		is, ns, ok := strings.Cut(s.spec, "/")
		if !ok {
			return fmt.Errorf("--shard %q: want I/N, such as 0/4", s.spec)
		}
		i, err := parse("--shard", is)
		if err != nil {
			return err
		}
		n, err := parse("--shard", ns)
		if err != nil {
			return err
		}
		s.shard = ingest.Shard{Index: i, Count: n}
	case getenv(envJobIndex) != "":
		i, err := parse(envJobIndex, getenv(envJobIndex))
		if err != nil {
			return err
		}
		n := s.count
		if n == 0 {
			if getenv(envShards) == "" {
				return fmt.Errorf("%s is set (a Kubernetes Indexed Job) but the number of shards is not: set %s to the Job's completions, pass --shards N, or --shard none", envJobIndex, envShards)
			}
			if n, err = parse(envShards, getenv(envShards)); err != nil {
				return err
			}
		}
		s.shard = ingest.Shard{Index: i, Count: n}
	case getenv(envSlurmID) != "":
		id, err := parse(envSlurmID, getenv(envSlurmID))
		if err != nil {
			return err
		}
		n := s.count
		if n == 0 {
			if n, err = parse(envSlurmCount, getenv(envSlurmCount)); err != nil {
				return err
			}
		}
		s.shard = ingest.Shard{Index: id, Count: n}
	case s.count != 0:
		return fmt.Errorf("--shards %d: neither %s nor %s is set; use --shard I/N", s.count, envJobIndex, envSlurmID)
	default:
		return nil
	}
	if s.shard.Count < 1 || s.shard.Index < 0 || s.shard.Index >= s.shard.Count {
		return fmt.Errorf("shard %d of %d: want 0 <= I < N (a Slurm array must be --array=0-%d; re-running one index alone needs --shards N)",
			s.shard.Index, s.shard.Count, max(s.shard.Count-1, 0))
	}
	return nil
}

// shardStateDir is the shard's own folder for its state and lock, inside
// OUT/.gainguard (or --state): shards never share a lock or a state.
func shardStateDir(s ingest.Shard) string {
	return fmt.Sprintf("shard-%d-of-%d", s.Index, s.Count)
}

// shardOptions are the options every shard of one sharded run must share
// (merge refuses shards that differ), by name.
func shardOptions(c *analyzeConfig) map[string]string {
	opts := map[string]string{
		"inputs":          fmt.Sprintf("%q", c.paths),
		"athlete":         c.athlete,
		"coach":           strconv.FormatBool(c.coach),
		"week_start":      strings.ToLower(c.weekStart)[:3],
		"since":           c.ops.since,
		"records":         strconv.FormatBool(c.output.Records),
		"lift_unit":       c.liftUnit,
		"profile_flags":   fmt.Sprintf("%+v", c.override),
		"sport_overrides": c.sports.String(),
		"archive_caps": fmt.Sprintf("entry=%d archive=%d nested=%d file=%d depth=%d ratio=%g",
			c.archive.entryMiB, c.archive.archiveMiB, c.archive.nestedMiB, c.archive.fileMiB, c.archive.depth, c.archive.ratio),
		"profile": c.profileFile,
	}
	if c.profileFile != "" {
		if data, err := ingest.ReadRegular(c.profileFile, true); err == nil {
			sum := sha256.Sum256(data)
			opts["profile"] += " sha256:" + hex.EncodeToString(sum[:8])
		}
	}
	return opts
}

// beginShard prepares a shard's run once its lock is held: it removes
// the staging folders a killed run of the same shard left in OUT (and
// nothing of any other shard's).
func beginShard(c *analyzeConfig, log interface{ Info(string, ...any) }) {
	s := c.shard.shard
	if n, _ := output.RemoveShardTemps(c.out, s.Index, s.Count); n > 0 {
		log.Info("removed temporary files left by an interrupted run", "dir", c.out, "shard", s.String(), "folders", n)
	}
}

// guardEmptyShard is guardEmpty for a shard: a shard may hold no athlete
// (more shards than athletes), so it refuses only when the inputs as a
// whole are empty (no row of any shard) while its previous manifest lists
// files.
func guardEmptyShard(c *analyzeConfig, b *ingest.Batch) error {
	if c.allowEmpty || len(b.Activities)+len(b.Intake)+len(b.Body) > 0 || b.OtherShard > 0 {
		return nil
	}
	s := c.shard.shard
	m, err := output.ReadShardManifest(c.out, s.Index, s.Count)
	if err != nil || len(m.Files) == 0 {
		return nil
	}
	return fmt.Errorf("%w: the inputs hold no activity, food log or body measurement for any shard, and %s lists %d files of an earlier run; they are left untouched. Check that the inputs are there (an emptied or unmounted folder?), or pass --allow-empty",
		errEmptyInputs, filepath.Join(c.out, filepath.FromSlash(output.ShardManifestName(s.Index, s.Count))), len(m.Files))
}
