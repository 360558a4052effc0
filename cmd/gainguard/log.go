package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/spf13/pflag"

	"gainguard/ingest"
	"gainguard/report"
)

// opsFlags are analyze's operations flags: logging, --since and the
// developer's --cpuprofile (docs/operations.md, docs/performance.md).
type opsFlags struct {
	logFormat  string
	logLevel   string
	since      string
	cpuprofile string
	memprofile string

	sinceDate time.Time // parsed --since
	level     slog.Level
}

func (o *opsFlags) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.logFormat, "log-format", "text", "log format on stderr: text or json")
	fs.StringVar(&o.logLevel, "log-level", "info", "log level: debug (lists every file), info, warn or error; --quiet raises it to warn")
	fs.StringVar(&o.since, "since", "", "score only activities on or after this local `date` (YYYY-MM-DD); see docs/operations.md")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the run to `file` (developers)")
	_ = fs.MarkHidden("cpuprofile")
	fs.StringVar(&o.memprofile, "memprofile", "", "write a heap profile to `file` once the dataset is built, its largest point (developers)")
	_ = fs.MarkHidden("memprofile")
}

func (o *opsFlags) validate() error {
	switch o.logFormat {
	case "text", "json":
	default:
		return fmt.Errorf("--log-format %q: want text or json", o.logFormat)
	}
	if err := o.level.UnmarshalText([]byte(o.logLevel)); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", o.logLevel)
	}
	if o.since != "" {
		d, err := time.Parse(time.DateOnly, o.since)
		if err != nil {
			return fmt.Errorf("--since %q: want a date as YYYY-MM-DD", o.since)
		}
		o.sinceDate = d
	}
	return nil
}

// logger returns the run's logger on stderr. --quiet keeps warnings
// (failed files) and errors only.
func (o *opsFlags) logger(stderr io.Writer, quiet bool) *slog.Logger {
	level := o.level
	if quiet && level < slog.LevelWarn {
		level = slog.LevelWarn
	}
	hopt := &slog.HandlerOptions{Level: level, ReplaceAttr: report.TermSafeAttr}
	if o.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(stderr, hopt))
	}
	return slog.New(slog.NewTextHandler(stderr, hopt))
}

// startProfile starts the CPU profile when --cpuprofile is given; the
// returned function stops it.
func (o *opsFlags) startProfile() (stop func() error, err error) {
	if o.cpuprofile == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(o.cpuprofile)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}

// heapProfile writes the heap profile when --memprofile is given.
func (o *opsFlags) heapProfile() error {
	if o.memprofile == "" {
		return nil
	}
	f, err := os.Create(o.memprofile)
	if err != nil {
		return fmt.Errorf("--memprofile: %w", err)
	}
	runtime.GC() // the profile shows what is live
	err = pprof.Lookup("heap").WriteTo(f, 0)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// workerCount is the number of import workers a run uses.
func workerCount(n int) int {
	if n <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return n
}

// logStart logs the run start.
func logStart(log *slog.Logger, c *analyzeConfig) {
	args := []any{"inputs", c.paths, "out", c.out, "workers", workerCount(c.workers), "version", version}
	if c.ops.since != "" {
		args = append(args, "since", c.ops.since)
	}
	if c.shard.shard.Active() {
		args = append(args, "shard", c.shard.shard.String())
	}
	log.Info("run start", args...)
}

// logImport logs the import summary, every file at debug, and at warn
// every failed file and every file whose Garmin Connect exercise sets
// matched no recorded set and were dropped.
func logImport(log *slog.Logger, b *ingest.Batch, d time.Duration) {
	logImportRows(log, b, len(b.Activities), d)
}

// logImportRows is logImport for a batch of which only the file rows are
// kept (a streamed run's, stream.go), with its number of activities.
func logImportRows(log *slog.Logger, b *ingest.Batch, activities int, d time.Duration) {
	for _, f := range b.Files {
		if f.Status == ingest.StatusFailed {
			log.Warn("file failed", "path", f.Path, "reason", f.Reason)
			continue
		}
		if f.DroppedSets > 0 {
			log.Warn("exercise sets dropped", "path", f.Path, "sets", f.DroppedSets, "reason", f.Reason)
		}
		log.Debug("file", "path", f.Path, "format", f.Format, "status", f.Status,
			"activities", f.Activities, "records", f.Records, "reason", f.Reason)
	}
	imported, duplicates, skipped, failed := b.Summary()
	args := []any{"files", len(b.Files), "imported", imported, "duplicate", duplicates,
		"skipped", skipped, "failed", failed, "activities", activities, "duration", d.Round(time.Millisecond)}
	if b.OtherShard > 0 {
		args = append(args, "other_shard", b.OtherShard) // rows of other shards' athletes, not decoded
	}
	log.Info("import done", args...)
}

// logFailure logs err as the run's failure and returns exitFailed.
func logFailure(log *slog.Logger, start time.Time, err error) int {
	log.Error("run failed", "error", err.Error())
	log.Info("run end", "duration", time.Since(start).Round(time.Millisecond), "exit", exitFailed)
	return exitFailed
}

// exitCodesHelp ends analyze --help (and the command's usage).
const exitCodesHelp = `
Exit codes:
  0  success (also when some files failed, without --strict)
  1  the run failed (an input path unreadable, outputs not written, interrupted)
  2  usage error (bad flag or value, no PATH, unreadable --profile)
  3  some input files failed, or a profile holds an unknown key, and --strict
     was given (outputs are written)

Logs go to stderr (--log-format, --log-level); the summary goes to stdout.
See docs/operations.md for running gainguard nightly.
`
