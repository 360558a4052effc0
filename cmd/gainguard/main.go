// Command gainguard reads the watch exports of people who run and lift and
// scores, week by week, how much their schedule risks interference (running
// blunting strength and muscle gains) and under-fueling.
//
// Usage:
//
//	gainguard analyze [flags] PATH...   import, score, write Parquet + HTML
//	gainguard samples [flags]           write the demo dataset
//	gainguard plan [flags] PLAN [EXPORTS...]  score a planned week (.ics or .csv)
//	gainguard merge [flags] OUT         check a sharded run's shards, write its pages
//	gainguard version
//
// Exit codes: 0 success; 1 the run failed; 2 usage error; 3 some input
// files failed and --strict was given.
//
// The command is the only package that reads the environment: [NewMain]
// reads SOURCE_DATE_EPOCH and the test hooks into a [Main]'s fields, and
// [Main.Run] hands them to the libraries.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"
	_ "time/tzdata" // profiles name IANA zones; don't depend on the host's zoneinfo

	"gainguard/ingest"
	"gainguard/report/output"
)

// version is gainguard's version; release builds set it with
// -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
	exitStrict = 3
)

func main() {
	// The main goroutine, which commits the outputs and the state, stays
	// on one thread: syscall-level fault injection (strace counts
	// renames per thread) then sees the commit's renames in order.
	runtime.LockOSThread()
	ctx, stop := onSignal(context.Background(), os.Stderr, exitAfterSignal)
	code := NewMain().Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main is one gainguard process: where it prints, its clock, and the test
// and fault hooks, which the libraries never read from the environment
// themselves. Tests build a Main with the fields they need and call
// [Main.Run], as main does.
type Main struct {
	Stdout, Stderr io.Writer

	// Now is the clock of the time the outputs record (manifest.json,
	// report.html) when Generated is zero; nil means time.Now.
	Now func() time.Time
	// Generated, when not zero, is the time the outputs record:
	// SOURCE_DATE_EPOCH (the reproducible-builds convention, which makes
	// the outputs byte-reproducible) or a test's fixed clock.
	Generated time.Time

	// CrashAt names a point where a run aborts as if killed (exit status
	// 137): output.CrashEnv, for the crash-safety tests.
	CrashAt string
	// Fault makes writes fail as on a full disk: ingest.FaultEnv, for the
	// disk-full tests.
	Fault string
	// Getenv reads the job environment that gives analyze --shard its
	// default (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID...; shard.go);
	// nil reads none, so in-process tests never shard by accident.
	Getenv func(string) string
	// FastPaths counts the analyze runs that took the up-to-date fast path
	// (uptodate.go; tests read it: under -q that path logs nothing).
	FastPaths atomic.Int64
}

// NewMain returns a Main on the process's stdout and stderr, with
// SOURCE_DATE_EPOCH and the test hooks read from the environment.
func NewMain() *Main {
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now, Getenv: os.Getenv,
		CrashAt: os.Getenv(output.CrashEnv), Fault: os.Getenv(ingest.FaultEnv)}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			m.Generated = time.Unix(n, 0).UTC()
		}
	}
	return m
}

// generated is the time the outputs record.
func (m *Main) generated() time.Time {
	switch {
	case !m.Generated.IsZero():
		return m.Generated.UTC()
	case m.Now != nil:
		return m.Now().UTC()
	}
	return time.Now().UTC()
}

const usage = `gainguard — does your running eat your gains?

Usage:
  gainguard analyze [flags] PATH...   import watch exports, score every week, write Parquet and HTML
  gainguard samples [flags]           write the deterministic demo dataset
  gainguard plan [flags] PLAN_FILE [EXPORTS...]
                                      score a planned week (.ics or .csv) on your history
  gainguard merge [flags] OUT         check the shards of a sharded run (analyze --shard I/N) and write its pages
  gainguard version                   print the version

Run "gainguard COMMAND --help" for a command's flags.

Exit codes: 0 success; 1 the run failed; 2 usage error; 3 some input files
failed and --strict was given (docs/operations.md).
`

// Run runs the command args names (args excludes the program name) and
// returns the exit status; main only adds signals and the exit. A
// command is one line of the switch, and its flags and body live in the
// file named after it.
func (m *Main) Run(ctx context.Context, args []string) int {
	// The hooks are armed per run: in-process tests run one after another
	// with different ones.
	ingest.SetFault(m.Fault)
	output.SetCrashAt(m.CrashAt)
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return exitUsage
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "analyze":
		return m.runAnalyze(ctx, args)
	case "samples":
		return runSamples(args, m.Stdout, m.Stderr)
	case "plan":
		return m.runPlan(ctx, args, m.Stdout, m.Stderr)
	case "merge":
		return m.runMerge(args)
	case "version", "--version":
		fmt.Fprintf(m.Stdout, "gainguard %s\n", version)
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
		return exitOK
	}
	fmt.Fprintf(m.Stderr, "gainguard: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}
