package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// isTerminal reports whether w is a character device (a terminal), using
// only os.File.Stat.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "files done / total, rate" on one terminal line,
// redrawn at most every tick. The ingest workers only store two counters
// (update); a separate goroutine draws.
type progressBar struct {
	w           io.Writer
	start       time.Time
	done, total atomic.Int64
	stop        chan struct{}
	wg          sync.WaitGroup
}

// newProgress returns a started progress bar on w, or nil when w is not a
// terminal, --quiet is given or logs are JSON.
func newProgress(w io.Writer, quiet bool, logFormat string) *progressBar {
	if quiet || logFormat != "text" || !isTerminal(w) {
		return nil
	}
	return startProgress(w, 200*time.Millisecond)
}

func startProgress(w io.Writer, tick time.Duration) *progressBar {
	p := &progressBar{w: w, start: time.Now(), stop: make(chan struct{})}
	p.wg.Go(func() {
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.draw(false)
			case <-p.stop:
				return
			}
		}
	})
	return p
}

// update is the ingest.Options.Progress callback.
func (p *progressBar) update(done, total int) {
	p.done.Store(int64(done))
	p.total.Store(int64(total))
}

// callback returns update, or nil for a nil bar.
func (p *progressBar) callback() func(done, total int) {
	if p == nil {
		return nil
	}
	return p.update
}

func (p *progressBar) draw(final bool) {
	done, total := p.done.Load(), p.total.Load()
	if total == 0 && !final {
		return
	}
	const width = 30
	n := 0
	if total > 0 {
		n = int(done * width / total)
	}
	rate := float64(done) / time.Since(p.start).Seconds()
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d files  %.0f files/s ", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total, rate)
	if final {
		fmt.Fprint(p.w, "\n")
	}
}

// finish stops the bar and leaves its last state on its own line.
func (p *progressBar) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	p.draw(true)
}
