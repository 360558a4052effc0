package main

import (
	"context"
	"errors"
	"syscall"
	"time"

	"gainguard/ingest"
	"gainguard/report"
	"gainguard/report/output"
)

// streamed reports whether the run scores and writes one athlete at a
// time (scoreStream): the default layout. A sharded run, --partition and
// --records score every athlete first and then write (score, write).
func (a *analyzeRun) streamed() bool {
	return !a.c.sharded() && !a.c.output.Partition && !a.c.output.Records
}

// scoreStream scores each athlete and writes its rows and its section of
// report.html as soon as it is scored (report.BuildStream, output.Stream),
// while the next athletes are being scored, then commits the output set as
// write does (manifest.json last; on a full disk, once more after dropping
// this run's state pack). Memory holds the athletes in flight, not every
// athlete's metrics, weeks and rows. It returns the run's summary dataset.
func (a *analyzeRun) scoreStream(ctx context.Context, batch *ingest.Batch) (*report.Dataset, error) {
	c := a.c
	generated := a.m.generated()
	st, err := output.NewStream(c.out, version, generated)
	if err != nil {
		a.state.dropPack()
		return nil, err
	}
	defer st.Close()
	ds, err := report.BuildStream(batch, report.BuildOptions{
		Profile:     c.profile,
		ProfileFlag: c.profileFile != "",
		WeekStart:   c.firstDay(),
		Version:     version,
		Generated:   generated,
		Since:       c.ops.sinceDate,
	}, func(d *report.Dataset) error {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		return st.Add(d)
	})
	if err != nil {
		a.state.dropPack()
		return nil, err
	}
	ds.Output = c.output
	for _, w := range ds.Warnings {
		a.log.Warn("profile", "note", w)
	}
	if err := c.ops.heapProfile(); err != nil {
		a.state.dropPack()
		return nil, usageErr(err)
	}
	start := time.Now()
	if err := st.Commit(ds); err != nil {
		a.state.dropPack()
		if !errors.Is(err, syscall.ENOSPC) {
			return nil, err
		}
		a.log.Warn("disk full writing the outputs; dropped this run's state and trying again", "error", err)
		if err := st.Commit(ds); err != nil {
			return nil, err
		}
	}
	a.log.Info("outputs written", "dir", c.out, "weeks", len(ds.Weeks), "duration", time.Since(start).Round(time.Millisecond))
	return ds, nil
}
