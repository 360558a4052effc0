package report

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"gainguard/ingest"
	"gainguard/metrics"
	"gainguard/report/internal/values"
)

// BuildStream is [Build] one athlete at a time, for writers that take
// one athlete's rows at a time (report/output's Stream): memory then holds
// the athletes being scored and written, not every athlete's metrics,
// weeks and rows at once.
//
// Athletes are scored on GOMAXPROCS workers, at most that many ahead of
// the one emit is given, and handed to emit in name order, each as a
// Dataset of its own: its activities, metrics, weeks, pairs, strength
// rows, parameters and tuning, its food-log days and body readings, and
// every file row (Files, shared). Athletes with food-log days or body
// readings but no activity get one too (the days table has rows for
// them). Taken together, the emitted datasets hold what Build's dataset
// holds, athlete by athlete, in the same order.
//
// Once an athlete is emitted, its activities in b are cleared (b keeps its
// length; the entries are zero), so that what the import held goes as the
// run goes: b is the caller's to drop, not to read again.
//
// The returned dataset sums up the run: Files (with what Build notes in
// profile files' rows), Warnings, Weeks and Progress (the terminal summary
// reads them) and [Dataset.NumActivities]; its Activities, metrics and
// logs are empty. An error from emit stops the build and is returned.
func BuildStream(b *ingest.Batch, opt BuildOptions, emit func(*Dataset) error) (*Dataset, error) {
	ds := &Dataset{
		Files:     slices.Clone(b.Files),
		Version:   opt.Version,
		Generated: opt.Generated,
	}
	jobs, overrideNote := prepareBuild(ds, b, opt)
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	results := make([]chan athleteResult, len(jobs))
	for k := range results {
		results[k] = make(chan athleteResult, 1)
	}
	// ahead bounds the athletes scored but not yet emitted.
	ahead := make(chan struct{}, max(workers, 1))
	stop := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	acts := make([][]ingest.Activity, len(jobs))
	for range workers {
		wg.Go(func() {
			for {
				select {
				case ahead <- struct{}{}:
				case <-stop:
					return
				}
				k := int(next.Add(1) - 1)
				if k >= len(jobs) {
					return
				}
				j := jobs[k]
				// The athlete's own copies (zone placement changes them), as
				// Build's dataset has; idx then indexes them.
				own := make([]ingest.Activity, len(j.idx))
				idx := make([]int, len(j.idx))
				for n, i := range j.idx {
					own[n], idx[n] = b.Activities[i], n
				}
				r := scoreAthlete(b, own, j.athlete, idx, j.prof, j.hasFile, overrideNote, opt)
				r.p.Defaults = append(r.p.Defaults, j.notes...)
				acts[k] = own
				results[k] <- r
			}
		})
	}
	defer wg.Wait()
	defer close(stop)

	logs := logOnlyAthletes(b, jobs)
	for k, j := range jobs {
		for len(logs) > 0 && logs[0] < j.athlete {
			if err := emit(athleteLogData(ds, b, logs[0], opt)); err != nil {
				return nil, err
			}
			logs = logs[1:]
		}
		r := <-results[k]
		own := acts[k]
		acts[k] = nil
		ingest.SortActivities(own)
		d := athleteLogData(ds, b, j.athlete, opt)
		d.Activities = own
		d.add(j.athlete, r)
		err := emit(d)
		<-ahead
		if err != nil {
			return nil, err
		}
		for _, i := range j.idx {
			b.Activities[i] = ingest.Activity{}
		}
		ds.emitted += len(own)
		ds.Weeks = append(ds.Weeks, r.weeks...)
		ds.Progress = append(ds.Progress, r.strength.progress...)
	}
	for _, a := range logs {
		if err := emit(athleteLogData(ds, b, a, opt)); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// NumActivities is how many activities d accounts for: len(Activities),
// or for the summary [BuildStream] returns, how many it emitted.
func (d *Dataset) NumActivities() int { return max(len(d.Activities), d.emitted) }

// athleteLogData is a dataset for athlete holding its food-log days and
// body readings (b's, sorted by athlete), every file row and the run's
// version, time and options.
func athleteLogData(ds *Dataset, b *ingest.Batch, athlete string, opt BuildOptions) *Dataset {
	return &Dataset{
		Intake:    athleteRange(b.Intake, athlete, func(x *ingest.DayIntake) string { return x.Athlete }),
		Body:      athleteRange(b.Body, athlete, func(x *ingest.BodyMeasurement) string { return x.Athlete }),
		Files:     ds.Files,
		Params:    map[string]metrics.Params{},
		Tuning:    map[string]Tuning{},
		Version:   opt.Version,
		Generated: opt.Generated,
	}
}

// athleteRange is the part of s (sorted by athlete) that is athlete's.
func athleteRange[T any](s []T, athlete string, of func(*T) string) []T {
	lo := sort.Search(len(s), func(i int) bool { return of(&s[i]) >= athlete })
	hi := sort.Search(len(s), func(i int) bool { return of(&s[i]) > athlete })
	return s[lo:hi:hi]
}

// logOnlyAthletes lists, sorted, the athletes with food-log days or body
// readings in b and no job (no activity).
func logOnlyAthletes(b *ingest.Batch, jobs []athleteJob) []string {
	has := make(map[string]bool, len(jobs))
	for _, j := range jobs {
		has[j.athlete] = true
	}
	var out []string
	add := func(a string) {
		if !has[a] {
			has[a] = true
			out = append(out, a)
		}
	}
	for i := range b.Intake {
		add(b.Intake[i].Athlete)
	}
	for i := range b.Body {
		add(b.Body[i].Athlete)
	}
	slices.Sort(out)
	return out
}

// KeepLatest trims a summary ([BuildStream]'s) to what [WriteSummary]
// with n = keep and the JSON summary of the latest keep weeks read, so
// that a run's summary does not grow with each athlete's history: each
// athlete's weeks but the latest keep are dropped ([Dataset.NumWeeks]
// still counts them), and of the progress rows only those of the
// athlete's main lift ([MainLift]) with an e1RM in a kept week stay.
// keep ≤ 0 keeps every week. WriteSummary(ds, keep) prints the same
// before and after.
func (d *Dataset) KeepLatest(keep int) {
	if keep > 0 {
		latest := make([]bool, len(d.Weeks))
		seen := map[string]int{}
		for i := len(d.Weeks) - 1; i >= 0; i-- {
			seen[d.Weeks[i].Athlete]++
			latest[i] = seen[d.Weeks[i].Athlete] <= keep
		}
		if n := len(d.Weeks); slices.Contains(latest, false) {
			var weeks []Week // a new array: the dropped weeks' goes
			for i, w := range d.Weeks {
				if latest[i] {
					weeks = append(weeks, w)
				}
			}
			d.Weeks = weeks
			d.droppedWeeks += n - len(weeks)
		}
	}
	kept := map[string]map[int32]bool{} // by athlete, the kept weeks (epoch days)
	for _, w := range d.Weeks {
		if kept[w.Athlete] == nil {
			kept[w.Athlete] = map[int32]bool{}
		}
		kept[w.Athlete][values.EpochDays(w.WeekStart)] = true
	}
	main := map[string]string{}
	for a := range kept {
		main[a] = MainLift(d, a)
	}
	var progress []ProgressWeek
	for _, p := range d.Progress {
		if m := main[p.Athlete]; m != "" && p.Exercise == m && !math.IsNaN(p.E1RMKg) && kept[p.Athlete][values.EpochDays(p.WeekStart)] {
			progress = append(progress, p)
		}
	}
	d.Progress = progress
}

// NumWeeks is how many weeks d accounts for: len(Weeks), and for a
// summary [Dataset.KeepLatest] trimmed, the weeks it dropped.
func (d *Dataset) NumWeeks() int { return len(d.Weeks) + d.droppedWeeks }

// Merge adds o, the summary [BuildStream] returned for the next group of
// athletes, to d, the summary of the groups before it: their file rows,
// weeks, progress rows and activity count, and the warnings d does not
// have yet (each group repeats those of the profile flags). The caller
// sorts the merged Files by path, as the batches' are.
func (d *Dataset) Merge(o *Dataset) {
	d.Files = append(d.Files, o.Files...)
	for _, w := range o.Warnings {
		if !slices.Contains(d.Warnings, w) {
			d.Warnings = append(d.Warnings, w)
		}
	}
	d.Weeks = append(d.Weeks, o.Weeks...)
	d.Progress = append(d.Progress, o.Progress...)
	d.emitted += o.NumActivities()
	d.droppedWeeks += o.droppedWeeks
}
