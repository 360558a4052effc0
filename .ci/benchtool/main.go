// Command benchtool is .ci/bench.sh's helper (docs/performance.md); it is
// not part of gainguard.
//
//	go run ./.ci/benchtool bare DIR        decode every .fit file under DIR with
//	                                       github.com/muktihari/fit alone, on all cores
//	go run ./.ci/benchtool import DIR      gainguard's import alone (FIT and GPX decoding,
//	                                       the digests, as analyze runs it, no state), then
//	                                       the bare decode of DIR's FIT files: both with
//	                                       their wall and CPU seconds, and the ratio
//	go run ./.ci/benchtool rss CMD ARGS... run CMD, report its wall time and peak RSS
//	                                       (getrusage, for machines without /usr/bin/time)
//
// Both print one line of key=value pairs on stdout.
package main

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/fit"
	"gainguard/ingest/gpx"
	"gainguard/metrics"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: benchtool bare DIR | benchtool import DIR | benchtool rss CMD ARGS...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "bare":
		err = bare(os.Args[2])
	case "import":
		err = importPhase(os.Args[2])
	case "rss":
		err = rss(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(1)
	}
}

// counter is a synchronous listener that only counts record messages.
type counter struct{ records int }

func (c *counter) OnMesg(m proto.Message) {
	if m.Num == mesgnum.Record {
		c.records++
	}
}

// bare decodes every .fit file under dir on GOMAXPROCS workers with the
// library's standard factory and a counting listener: the ceiling for
// gainguard's FIT import.
func bare(dir string) error {
	_, err := bareRun(dir, true)
	return err
}

// bareRun is bare; it prints its line when print is set and returns the
// seconds it took.
func bareRun(dir string, print bool) (float64, error) {
	var paths []string
	var size int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".fit") {
			info, err := d.Info()
			if err != nil {
				return err
			}
			paths = append(paths, p)
			size += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	start := time.Now()
	var next, records, failed atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			br := bufio.NewReaderSize(nil, 64<<10)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(paths) {
					return
				}
				f, err := os.Open(paths[i])
				if err != nil {
					failed.Add(1)
					continue
				}
				br.Reset(f)
				c := &counter{}
				d := decoder.New(br, decoder.WithMesgListener(c), decoder.WithBroadcastOnly())
				for d.Next() {
					if _, err := d.Decode(); err != nil {
						failed.Add(1)
						break
					}
				}
				f.Close()
				records.Add(int64(c.records))
			}
		})
	}
	wg.Wait()
	sec := time.Since(start).Seconds()
	if !print {
		return sec, nil
	}
	fmt.Printf("files=%d bytes=%d records=%d failed=%d seconds=%.3f mb_per_s=%.1f files_per_s=%.0f workers=%d\n",
		len(paths), size, records.Load(), failed.Load(), sec, float64(size)/1e6/sec, float64(len(paths))/sec, runtime.GOMAXPROCS(0))
	return sec, nil
}

// importPhase imports dir as analyze does (FIT and GPX formats, samples
// reduced to digests on the workers; no incremental state, no scoring, no
// outputs), then decodes its FIT files bare, and reports both: the import
// phase's share of the gap to the decode floor, apart from what scoring and
// writing cost. CPU seconds (getrusage) are less sensitive than wall time
// to other work on a shared machine.
func importPhase(dir string) error {
	reduce, id := metrics.Reducer(false)
	opt := ingest.Options{Formats: []ingest.Format{fit.Format, gpx.Format}, Reduce: reduce, ReduceID: id}
	cpu0, start := cpuSeconds(), time.Now()
	b, err := ingest.Import(context.Background(), []string{dir}, opt)
	if err != nil {
		return err
	}
	sec, cpu := time.Since(start).Seconds(), cpuSeconds()-cpu0
	acts := len(b.Activities)
	_, _, _, failed := ingest.SummarizeFiles(b.Files)
	b = nil
	runtime.GC()
	cpu0 = cpuSeconds()
	bsec, err := bareRun(dir, false)
	if err != nil {
		return err
	}
	bcpu := cpuSeconds() - cpu0
	fmt.Printf("activities=%d failed=%d seconds=%.3f cpu_seconds=%.3f bare_seconds=%.3f bare_cpu_seconds=%.3f ratio=%.2f cpu_ratio=%.2f\n",
		acts, failed, sec, cpu, bsec, bcpu, bsec/sec, bcpu/cpu)
	return nil
}

// cpuSeconds is the user and system CPU time of this process so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// rss runs args and reports its wall time and peak resident set size.
func rss(args []string) error {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	err := cmd.Run()
	sec := time.Since(start).Seconds()
	if cmd.ProcessState == nil {
		return err
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return fmt.Errorf("no rusage on %s", runtime.GOOS)
	}
	// Linux reports ru_maxrss in KiB.
	fmt.Printf("seconds=%.3f max_rss_kb=%d exit=%d\n", sec, ru.Maxrss, cmd.ProcessState.ExitCode())
	return err
}
