package main

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"gainguard/ingest"
	"gainguard/report"
	"gainguard/report/output"
)

// streamed reports whether the run goes athlete by athlete
// (streamAthletes): the default layout. A sharded run, --partition and
// --records import every athlete, score them all and then write
// (importInputs, score, write).
func (a *analyzeRun) streamed() bool {
	return !a.c.sharded() && !a.c.output.Partition && !a.c.output.Records
}

// streamAthletes is importInputs, score and write one athlete at a time,
// so that memory holds the athletes in flight, not the archive: the inputs
// are walked once (ingest.Walk); then each athlete's files are decoded
// (Walked.Import) while the athlete before is scored and written; each
// athlete is scored (report.BuildStream) and its rows and report.html
// section spooled (output.Stream) as soon as it is imported; last, the
// output set is committed as write does (manifest.json last). On a full
// disk, the write that failed (to a spool or an output) is tried once
// more after this run's state pack is dropped.
// Athletes are independent, so the outputs are byte for byte those of
// the other path.
//
// It returns the run's summary: a batch of the import's counts and sport
// overrides (its file rows, which the log and the empty-input guard read,
// become the dataset's once read: one list of rows for the run) and the
// merged dataset summary, which keeps of each athlete the weeks the
// terminal summary prints (report.Dataset.KeepLatest).
func (a *analyzeRun) streamAthletes(ctx context.Context) (*ingest.Batch, *report.Dataset, error) {
	c := a.c
	clearUpToDate(a.state.path)
	a.state.load(c.state, &a.opt)
	walked, base, err := a.walk()
	if err != nil {
		a.bar.finish()
		return nil, nil, err
	}
	generated := a.m.generated()
	// On a full disk, a write of the outputs drops this run's state pack
	// and is tried again (once in the run).
	room := func(err error) bool {
		a.state.dropPack()
		a.log.Warn("disk full writing the outputs; dropped this run's state and trying again", "error", err)
		return true
	}
	st, err := output.NewStream(c.out, version, generated, room)
	if err != nil {
		a.bar.finish()
		a.state.dropPack()
		return nil, nil, err
	}
	defer st.Close()
	bopt := a.buildOptions(generated)
	emit := func(d *report.Dataset) error {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		return st.Add(d)
	}

	// One list of file rows for the run (sum's), sized for the walk.
	sum := &ingest.Batch{Files: make([]ingest.FileResult, 0, walked.Files()+len(walked.Athletes()))}
	var edits fileEdits
	batches, stop := importEach(ctx, walked, base)
	defer stop()
	ds := &report.Dataset{Version: version, Generated: generated, Output: c.output}
	var rows, activities int
	for p := range batches {
		if p.err != nil {
			a.bar.finish()
			a.state.dropPack()
			return nil, nil, p.err
		}
		b := p.b
		rows += len(b.Activities) + len(b.Intake) + len(b.Body)
		activities += len(b.Activities)
		sum.MergeFiles(b)
		part, err := report.BuildStream(b, bopt, emit)
		if err != nil {
			a.bar.finish()
			a.state.dropPack()
			return nil, nil, err
		}
		edits.add(b.Files, part.Files)
		part.Files = nil         // sum's rows become ds's below
		c.term.keepPrinted(part) // only what the terminal summary prints is read again
		ds.Merge(part)
	}
	a.bar.finish()
	slices.SortStableFunc(sum.Files, byPath)
	logImportRows(a.log, sum, activities, time.Since(a.start))
	if err := guardEmptyRows(c.out, sum, rows, c.allowEmpty); err != nil {
		a.state.dropPack()
		return nil, nil, err
	}
	// The import's rows are read; the outputs and the summary read Build's.
	ds.Files, sum.Files = edits.apply(sum.Files), nil
	warnUnusedSportOverrides(a.m.Stderr, c.quiet, sum.UnusedSportOverrides)
	for _, w := range ds.Warnings {
		a.log.Warn("profile", "note", w)
	}
	if err := c.ops.heapProfile(); err != nil {
		a.state.dropPack()
		return nil, nil, usageErr(err)
	}
	start := time.Now()
	if err := st.Commit(ds); err != nil {
		a.state.dropPack()
		return nil, nil, err
	}
	a.log.Info("outputs written", "dir", c.out, "weeks", ds.NumWeeks(), "duration", time.Since(start).Round(time.Millisecond))
	return sum, ds, nil
}

// walk walks the inputs (ingest.Walk) with the progress bar counting
// every athlete's files as one run, and returns the walk and how many
// files it found.
func (a *analyzeRun) walk() (*ingest.Walked, *atomic.Int64, error) {
	var base atomic.Int64 // files of the athletes imported before
	total := &atomic.Int64{}
	opt := a.opt
	if bar := opt.Progress; bar != nil {
		opt.Progress = func(done, n int) {
			b := int(base.Load())
			bar(b+done, max(int(total.Load()), b+n))
		}
	}
	w, err := ingest.Walk(a.c.paths, opt)
	if err != nil {
		return nil, nil, err
	}
	total.Store(int64(w.Files()))
	return w, &base, nil
}

// importedBatch is one athlete's batch, or the import's failure.
type importedBatch struct {
	b   *ingest.Batch
	err error
}

// importEach imports the walk's athletes one at a time, in name order
// (one batch for all when the walk found none), each while the caller
// handles the one before, and sends their batches; base counts the files
// done for the progress bar. stop cancels what is under way and waits for
// it.
func importEach(ctx context.Context, w *ingest.Walked, base *atomic.Int64) (<-chan importedBatch, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	out := make(chan importedBatch) // unbuffered: one athlete imported ahead
	athletes := w.Athletes()
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(out)
		one := func(athletes []string) bool {
			b, err := w.Import(ctx, athletes)
			if err == nil {
				base.Add(int64(w.FilesOf(athletes)))
			}
			select {
			case out <- importedBatch{b, err}:
				return err == nil
			case <-ctx.Done():
				return false
			}
		}
		if len(athletes) == 0 {
			one(nil)
			return
		}
		for _, athlete := range athletes {
			if !one([]string{athlete}) {
				return
			}
		}
	})
	return out, func() {
		cancel(context.Canceled)
		wg.Wait()
	}
}
