package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"gainguard/ingest"
	"gainguard/metrics"
	"gainguard/report"
	"gainguard/report/output"
)

// runAnalyze is the analyze command: the whole pipeline on one screen.
// Each stage is a method of analyzeRun below; flags and the profile file
// are in analyze_flags.go and profile.go, the lock and the state in
// state.go, the up-to-date fast path in uptodate.go.
func (m *Main) runAnalyze(ctx context.Context, args []string) int {
	c, code, ok := m.analyzeConfig(args) // flags, --version, the --profile file
	if !ok {
		return code
	}
	a := &analyzeRun{m: m, c: c}
	defer a.close()
	if err := a.begin(); err != nil { // logs, --cpuprofile, the lock and the state
		return a.exit(err)
	}
	if code, ok := a.fastPath(); ok { // nothing changed since the last run
		return code
	}
	if a.streamed() { // athlete by athlete: import, score, write (stream.go)
		batch, ds, err := a.streamAthletes(ctx)
		if err != nil {
			return a.exit(err)
		}
		return a.finish(batch, ds)
	}
	batch, err := a.importInputs(ctx) // decode; metrics digest each file's samples as it is read
	if err != nil {
		return a.exit(err)
	}
	ds, err := a.score(ctx, batch) // metrics per activity, scores per week
	if err != nil {
		return a.exit(err)
	}
	if err := a.write(ds); err != nil { // Parquet, HTML, manifest.json last
		return a.exit(err)
	}
	return a.finish(batch, ds) // state, summary, up-to-date record, exit status
}

// analyzeRun is one analyze run: its options and what one stage hands to
// the next.
type analyzeRun struct {
	m           *Main
	c           *analyzeConfig
	log         *slog.Logger
	start       time.Time
	stopProfile func() error
	bar         *progressBar
	opt         ingest.Options
	state       *runState
	fingerprint string // see uptodate.go; "" when it cannot be taken
	otherShard  int    // rows of other shards' athletes the import left out (shard.go)
}

// stageError is a failure that ends a run with code; logged says whether
// the log also records it as the run's failure ("run failed", "run end").
type stageError struct {
	err    error
	code   int
	logged bool
}

func (e *stageError) Error() string { return e.err.Error() }
func (e *stageError) Unwrap() error { return e.err }

// usageErr is a failure of the invocation (a bad --cpuprofile path...):
// exit status 2, not logged as a run failure.
func usageErr(err error) error { return &stageError{err: err, code: exitUsage} }

// quietErr ends the run with status 1 without logging it as a failure.
func quietErr(err error) error { return &stageError{err: err, code: exitFailed} }

// exit prints err and returns its exit status; an error that is not a
// [stageError] is the run's failure, logged, status 1.
func (a *analyzeRun) exit(err error) int {
	fmt.Fprintf(a.m.Stderr, "gainguard analyze: %s\n", termSafe(err.Error()))
	var se *stageError
	if errors.As(err, &se) && !se.logged {
		return se.code
	}
	return logFailure(a.log, a.start, err)
}

// analyzeConfig parses the flags and reads the --profile file. When the
// run should not go on (--help, --version, a usage error) it returns
// false and the exit status.
func (m *Main) analyzeConfig(args []string) (*analyzeConfig, int, bool) {
	c, err := parseAnalyzeFlags(args, m.Stderr)
	if errors.Is(err, pflag.ErrHelp) {
		return nil, exitOK, false
	}
	if err == nil && !c.version {
		err = c.readProfile()
	}
	if err == nil && !c.version {
		err = c.resolveShard(m.Getenv) // --shard, or the job's environment (shard.go)
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "gainguard analyze: %s\n", termSafe(err.Error()))
		return nil, exitUsage, false
	}
	if c.version {
		fmt.Fprintf(m.Stdout, "gainguard %s\n", version)
		return nil, exitOK, false
	}
	return c, exitOK, true
}

// begin starts the log, the CPU profile and the progress bar, and takes
// the output folder's lock (state.go).
func (a *analyzeRun) begin() error {
	c := a.c
	a.log, a.start = c.ops.logger(a.m.Stderr, c.quiet), time.Now()
	startBuildID() // the what-if cache's build identity, hashed while the run starts (whatif.go)
	stop, err := c.ops.startProfile()
	if err != nil {
		return usageErr(err)
	}
	a.stopProfile = stop
	logStart(a.log, c)
	a.bar = newProgress(a.m.Stderr, c.quiet, c.ops.logFormat)
	a.opt = ingest.Options{Formats: c.formats(), Workers: c.workers, Athlete: c.athlete, Coach: c.coach,
		Exclude: []string{c.out}, Progress: a.bar.callback(), SportOverrides: c.sports, Shard: c.shard.shard}
	// Samples are summarized and dropped as each file is decoded, so
	// that memory does not grow with the hours recorded; records.parquet
	// needs them all, so --records keeps them (and caches them).
	a.opt.Reduce, a.opt.ReduceID = metrics.Reducer(c.output.Records)
	c.archive.apply(&a.opt)
	if a.state, err = c.state.begin(c.out, &a.opt, a.log); err != nil {
		return quietErr(err)
	}
	if c.sharded() {
		beginShard(c, a.log)
	}
	// The fingerprint is taken before the import, so that a file changed
	// during the run makes the next run a full one.
	a.fingerprint = runFingerprint(c, a.opt, a.m.Generated)
	return nil
}

// close drops what the run stored and did not save, releases the lock
// and stops the CPU profile.
func (a *analyzeRun) close() {
	if a.state != nil {
		a.state.close()
	}
	if a.stopProfile != nil {
		a.stopProfile()
	}
}

// importInputs loads the state and imports every input.
func (a *analyzeRun) importInputs(ctx context.Context) (*ingest.Batch, error) {
	clearUpToDate(a.state.path)
	a.state.load(a.c.state, &a.opt)
	batch, err := ingest.Import(ctx, a.c.paths, a.opt)
	a.bar.finish()
	if err != nil {
		return nil, err
	}
	logImport(a.log, batch, time.Since(a.start))
	a.otherShard = batch.OtherShard
	if a.c.sharded() {
		err = guardEmptyShard(a.c, batch) // never reads the shared OUT's tables
	} else {
		err = guardEmpty(a.c.out, batch, a.c.allowEmpty)
	}
	if err != nil {
		return nil, err
	}
	warnUnusedSportOverrides(a.m.Stderr, a.c.quiet, batch.UnusedSportOverrides)
	return batch, nil
}

// buildOptions are the scoring options of this run, one place for both
// the score-all path (score) and the athlete-by-athlete one
// (streamAthletes), so the two can never score differently.
func (a *analyzeRun) buildOptions(generated time.Time) report.BuildOptions {
	c := a.c
	return report.BuildOptions{
		Profile:     c.profile,
		ProfileFlag: c.profileFile != "",
		WeekStart:   c.firstDay(),
		Version:     version,
		Generated:   generated,
		Since:       c.ops.sinceDate,
		WhatIfCache: a.state.whatIfCache(),
	}
}

// score builds the dataset: every activity's metrics, every week's scores.
func (a *analyzeRun) score(ctx context.Context, batch *ingest.Batch) (*report.Dataset, error) {
	c := a.c
	ds := report.Build(batch, a.buildOptions(a.m.generated()))
	ds.Output = c.output
	for _, w := range ds.Warnings {
		a.log.Warn("profile", "note", w)
	}
	if err := c.ops.heapProfile(); err != nil {
		return nil, usageErr(err)
	}
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	return ds, nil
}

// write writes the outputs. Outputs come first, the state is best effort:
// on failure the pack this run stored goes (so a failed run leaves
// nothing behind), and on a full disk the outputs are tried once more in
// the room it took; the state is then not saved.
func (a *analyzeRun) write(ds *report.Dataset) error {
	start := time.Now()
	writeAll := output.WriteAll
	if a.c.sharded() {
		writeAll = a.writeShard // shard.go
	}
	if err := writeAll(a.c.out, ds); err != nil {
		a.state.dropPack()
		if !errors.Is(err, syscall.ENOSPC) {
			return err
		}
		a.log.Warn("disk full writing the outputs; dropped this run's state and trying again", "error", err)
		if err := writeAll(a.c.out, ds); err != nil {
			return err
		}
	}
	a.log.Info("outputs written", "dir", a.c.out, "weeks", ds.NumWeeks(), "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// finish saves the state, prints the summary, records the run for the
// next one's fast path and returns the exit status.
func (a *analyzeRun) finish(batch *ingest.Batch, ds *report.Dataset) int {
	c := a.c
	saved := a.state.save()
	_, _, _, failed := ingest.SummarizeFiles(ds.Files)
	// The terminal summary is rendered even under -q: the up-to-date
	// record keeps it for the next no-op run.
	var summary bytes.Buffer
	if err := c.term.write(&summary, batch, ds, c.out); err != nil {
		return a.exit(quietErr(err))
	}
	if !c.quiet {
		if _, err := a.m.Stdout.Write(summary.Bytes()); err != nil {
			return a.exit(quietErr(err))
		}
	}
	if saved && !c.sharded() {
		saveUpToDate(c, a.state.path, a.fingerprint, ds, summary.Bytes(), a.log)
	}
	code := exitOK
	if (failed > 0 || len(ds.Warnings) > 0) && c.strict {
		code = exitStrict
	}
	a.log.Info("run end", "duration", time.Since(a.start).Round(time.Millisecond), "exit", code)
	return code
}
