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
	// jobsOf and rowsOf index jobs and rows.Files by athlete, in walk
	// order, so that importing one athlete costs its own files, not the
	// whole walk's.
	jobsOf, rowsOf map[string][]int
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
	w := &Walked{rows: b, jobs: jobs, opt: opt, jobsOf: map[string][]int{}, rowsOf: map[string][]int{}}
	for i, j := range jobs {
		w.jobsOf[j.athlete] = append(w.jobsOf[j.athlete], i)
	}
	for i, f := range b.Files {
		w.rowsOf[f.Athlete] = append(w.rowsOf[f.Athlete], i)
	}
	return w, nil
}

// Athletes lists, sorted, every athlete of the walk: of its files, rows
// and profiles ("" first when a row has no athlete, such as an unreadable
// folder's).
func (w *Walked) Athletes() []string {
	seen := map[string]bool{}
	for a := range w.jobsOf {
		seen[a] = true
	}
	for a := range w.rowsOf {
		seen[a] = true
	}
	for a := range w.rows.Profiles {
		seen[a] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

// Import decodes the files of athletes (every athlete when athletes is
// nil) and returns their batch, as [Import] would return it for them
// alone: their files' rows and the walk's rows of theirs, their profiles,
// activities (duplicates dropped within each athlete, as always) and
// logs. The batches of disjoint selections covering [Walked.Athletes]
// together hold what one Import holds, but for UnusedSportOverrides (an
// override is unused when it is unused in every batch); each has the
// walk's OtherShard. It may be called concurrently.
func (w *Walked) Import(ctx context.Context, athletes []string) (*Batch, error) {
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	b := &Batch{Profiles: map[string]Profile{}, ProfilePaths: map[string]string{}, OtherShard: w.rows.OtherShard}
	if athletes == nil {
		b.Files = slices.Clone(w.rows.Files)
		maps.Copy(b.Profiles, w.rows.Profiles)
		maps.Copy(b.ProfilePaths, w.rows.ProfilePaths)
	} else {
		for _, i := range w.indexes(w.rowsOf, athletes) {
			b.Files = append(b.Files, w.rows.Files[i])
		}
		for _, a := range athletes {
			if p, ok := w.rows.Profiles[a]; ok {
				b.Profiles[a], b.ProfilePaths[a] = p, w.rows.ProfilePaths[a]
			}
		}
	}
	jobs := w.jobs
	if athletes != nil {
		jobs = make([]job, 0, w.FilesOf(athletes))
		for _, i := range w.indexes(w.jobsOf, athletes) {
			jobs = append(jobs, w.jobs[i])
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

// indexes returns, in walk order, the indexes index holds for athletes.
func (w *Walked) indexes(index map[string][]int, athletes []string) []int {
	var out []int
	for _, a := range athletes {
		out = append(out, index[a]...)
	}
	if len(athletes) > 1 {
		slices.Sort(out)
	}
	return out
}

// Files is how many files the walk found to decode (archives count one;
// their entries are found when they are opened).
func (w *Walked) Files() int { return len(w.jobs) }

// FilesOf is how many of them belong to athletes (every athlete when
// athletes is nil).
func (w *Walked) FilesOf(athletes []string) int {
	if athletes == nil {
		return len(w.jobs)
	}
	n := 0
	for _, a := range athletes {
		n += len(w.jobsOf[a])
	}
	return n
}

// MergeFiles adds o, the next batch of one walk ([Walked.Import], one
// athlete at a time), to b, the run's summary of the batches before it,
// which keeps their file rows, not their activities: o's file rows and
// the walk's OtherShard; of the sport overrides unused so far, b keeps
// those o left unused too (an override is unused when no batch used it).
func (b *Batch) MergeFiles(o *Batch) {
	b.Files = append(b.Files, o.Files...)
	b.OtherShard = o.OtherShard
	if b.merged == 0 {
		b.UnusedSportOverrides = slices.Clone(o.UnusedSportOverrides)
	} else {
		b.UnusedSportOverrides = slices.DeleteFunc(b.UnusedSportOverrides, func(s string) bool {
			return !slices.Contains(o.UnusedSportOverrides, s)
		})
	}
	b.merged++
}
