package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

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
