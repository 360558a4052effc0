package ingest

import (
	"context"
	"maps"
	"slices"
)

// Walked is an import walked but not decoded ([Walk]): every file found,
// with its athlete, and the rows of what is not decoded (profile files,
// links, unreadable folders). [Walked.Import] then decodes the files of
// some athletes at a time, so that a caller that handles athletes one
// after the other (analyze scores and writes each athlete as it comes)
// never holds every athlete's activities at once.
type Walked struct {
	rows *Batch // the walk's rows and profiles
	jobs []job
	opt  Options
}

// Walk walks paths as [Import] does (athletes, the walk's rows, the shard
// of [Options.Shard]) without decoding anything.
func Walk(paths []string, opt Options) (*Walked, error) {
	b := &Batch{Profiles: map[string]Profile{}, ProfilePaths: map[string]string{}}
	jobs, err := b.walk(paths, opt)
	if err != nil {
		return nil, err
	}
	jobs, b.OtherShard = shardJobs(jobs, opt.Shard)
	b.OtherShard += b.keepShard(opt.Shard)
	return &Walked{rows: b, jobs: jobs, opt: opt}, nil
}

// Athletes lists, sorted, every athlete of the walk: of its files, rows
// and profiles ("" first when a row has no athlete, such as an unreadable
// folder's).
func (w *Walked) Athletes() []string {
	seen := map[string]bool{}
	for _, j := range w.jobs {
		seen[j.athlete] = true
	}
	for _, f := range w.rows.Files {
		seen[f.Athlete] = true
	}
	for a := range w.rows.Profiles {
		seen[a] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

// Import decodes the files of the athletes keep selects (every athlete
// when keep is nil) and returns their batch, as [Import] would return it
// for them alone: their files' rows and the walk's rows of theirs, their
// profiles, activities (duplicates dropped within each athlete, as
// always) and logs. The batches of disjoint selections covering
// [Walked.Athletes] together hold what one Import holds, but for
// UnusedSportOverrides (an override is unused when it is unused in every
// batch); each has the walk's OtherShard. It may be called concurrently.
func (w *Walked) Import(ctx context.Context, keep func(athlete string) bool) (*Batch, error) {
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	in := func(a string) bool { return keep == nil || keep(a) }
	b := &Batch{Profiles: map[string]Profile{}, ProfilePaths: map[string]string{}, OtherShard: w.rows.OtherShard}
	for _, f := range w.rows.Files {
		if in(f.Athlete) {
			b.Files = append(b.Files, f)
		}
	}
	for a, p := range w.rows.Profiles {
		if in(a) {
			b.Profiles[a], b.ProfilePaths[a] = p, w.rows.ProfilePaths[a]
		}
	}
	jobs := make([]job, 0, len(w.jobs))
	for _, j := range w.jobs {
		if in(j.athlete) {
			jobs = append(jobs, j)
		}
	}
	outs, err := runJobs(ctx, jobs, w.opt)
	if err != nil {
		return nil, err
	}
	side := b.gather(outs, jobs)
	b.settle(side, w.opt.SportOverrides)
	b.sort()
	return b, nil
}

// Files is how many files the walk found to decode (archives count one;
// their entries are found when they are opened).
func (w *Walked) Files() int { return len(w.jobs) }

// FilesOf is how many of them belong to the athletes keep selects (every
// athlete when keep is nil).
func (w *Walked) FilesOf(keep func(athlete string) bool) int {
	n := 0
	for _, j := range w.jobs {
		if keep == nil || keep(j.athlete) {
			n++
		}
	}
	return n
}
