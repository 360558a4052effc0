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
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
	"time"
	_ "time/tzdata" // profiles name IANA zones; don't depend on the host's zoneinfo
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
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitAfterSignal bounds how long a run may take to stop once it has
// been asked to (SIGINT, SIGTERM).
const exitAfterSignal = 5 * time.Second

// interrupted is the cause of a run's cancellation by a signal: the
// failure is logged as "interrupted by terminated" rather than "context
// canceled".
type interrupted struct{ sig os.Signal }

func (e interrupted) Error() string { return "interrupted by " + e.sig.String() }

// onSignal cancels the returned context, with an [interrupted] cause, on
// SIGINT or SIGTERM. A run normally stops at once (between files; the
// outputs are replaced atomically, so stopping anywhere is safe); if it
// has not ended grace after the signal, or a second signal comes, the
// process exits with status 1, so that a signal always ends the run within
// seconds whatever it is blocked on. stop releases the signals.
func onSignal(parent context.Context, stderr io.Writer, grace time.Duration) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		var sig os.Signal
		select {
		case sig = <-ch:
		case <-done:
			return
		}
		cancel(interrupted{sig})
		select {
		case <-ch:
		case <-time.After(grace):
		case <-done:
			return
		}
		fmt.Fprintf(stderr, "gainguard: %v; not stopped after %v, exiting\n", interrupted{sig}, grace)
		os.Exit(exitFailed)
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
			cancel(nil)
		})
	}
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

// run is the whole program; main only adds signals and the exit.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "analyze":
		return runAnalyze(ctx, args[1:], stdout, stderr)
	case "samples":
		return runSamples(args[1:], stdout, stderr)
	case "plan":
		return runPlan(ctx, args[1:], stdout, stderr)
	case "merge":
		return runMerge(args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "gainguard %s\n", version)
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "gainguard: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}
