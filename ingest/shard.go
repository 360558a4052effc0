package ingest

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// Shard selects the athletes of one shard of a sharded run (analyze
// --shard I/N): athlete A belongs to shard [ShardOf](A, N). Athletes are
// found exactly as in a full run (the walk, profile files, --coach,
// --athlete); the files of other shards' athletes are then neither decoded
// nor read from the state, and every row of theirs (files, profiles,
// links, activities, food-log days...) is left out of the batch and
// counted in [Batch.OtherShard]. The union of the N shards' batches is a
// full run's batch: athletes are independent (duplicates are dropped
// within one athlete only).
//
// The zero Shard (Count 0) selects every athlete.
type Shard struct {
	Index, Count int
}

// ShardOf returns the shard, in [0, n), of athlete: the first 8 bytes of
// the SHA-256 of its name (as in the tables, UTF-8), read as a big-endian
// unsigned integer, modulo n. It depends on nothing but the name and n, so
// that any run, machine or engine finds the same shard
// (docs/scale.md shows the SQL).
func ShardOf(athlete string, n int) int {
	if n <= 1 {
		return 0
	}
	sum := sha256.Sum256([]byte(athlete))
	return int(binary.BigEndian.Uint64(sum[:8]) % uint64(n))
}

// Active reports whether s selects a subset (a sharded run).
func (s Shard) Active() bool { return s.Count > 0 }

// Has reports whether athlete belongs to s (always, when s is not active).
// The name is taken as the tables hold it (see [EscapePath]).
func (s Shard) Has(athlete string) bool {
	return !s.Active() || ShardOf(EscapePath(athlete), s.Count) == s.Index
}

// Validate checks 0 <= Index < Count (or the zero Shard).
func (s Shard) Validate() error {
	if s == (Shard{}) {
		return nil
	}
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("shard %d/%d: want 0 <= I < N", s.Index, s.Count)
	}
	return nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// shardJobs keeps the jobs of s's athletes and returns how many it left
// out.
func shardJobs(jobs []job, s Shard) ([]job, int) {
	if !s.Active() {
		return jobs, 0
	}
	kept := jobs[:0]
	for _, j := range jobs {
		if s.Has(j.athlete) {
			kept = append(kept, j)
		}
	}
	return kept, len(jobs) - len(kept)
}

// keepShard drops from b every row of the walk (profile, link, unreadable
// folder, non-regular file) and every profile of an athlete outside s, and
// returns how many rows it dropped. Decoded rows need no filter: their
// jobs were left out before decoding.
func (b *Batch) keepShard(s Shard) int {
	if !s.Active() {
		return 0
	}
	kept := b.Files[:0]
	for _, f := range b.Files {
		if s.Has(f.Athlete) {
			kept = append(kept, f)
		}
	}
	n := len(b.Files) - len(kept)
	clear(b.Files[len(kept):])
	b.Files = kept
	for a := range b.Profiles {
		if !s.Has(a) {
			delete(b.Profiles, a)
			delete(b.ProfilePaths, a)
		}
	}
	return n
}
