package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"gainguard/report/output"
)

// runMerge is gainguard merge OUT: it checks the shards of a sharded run
// (analyze --shard I/N, shard.go) and writes report.html, the athletes'
// pages and manifest.json from their Parquet tables (output.Merge).
func (m *Main) runMerge(args []string) int {
	stdout, stderr := m.Stdout, m.Stderr
	fs := pflag.NewFlagSet("merge", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	quiet := fs.BoolP("quiet", "q", false, "print nothing but errors")
	wait := fs.Duration("wait", 0, "when another merge of OUT holds its lock, wait this long for it (0: fail at once)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: gainguard merge [flags] OUT\n\n"+
			"Checks that OUT holds every shard of one sharded run (analyze --shard I/N --out OUT),\n"+
			"complete, of one gainguard version and with the same options, then writes from the\n"+
			"Parquet tables alone (never the inputs) OUT/report.html (a roster), one page per\n"+
			"athlete in OUT/report/ and OUT/manifest.json (docs/scale.md).\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprint(stderr, "\nExit codes: 0 merged; 1 a shard is missing, incomplete or inconsistent (each is named), or the pages could not be written; 2 usage error.\n")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintf(stderr, "gainguard merge: %s\n", termSafe(err.Error()))
		return exitUsage
	}
	if fs.NArg() != 1 || strings.TrimSpace(fs.Arg(0)) == "" {
		fs.Usage()
		fmt.Fprintln(stderr, "gainguard merge: give one OUT folder")
		return exitUsage
	}
	out := fs.Arg(0)
	lock, err := lockOut(filepath.Join(out, StateDirName, "merge", "lock"), *wait)
	if err != nil {
		fmt.Fprintf(stderr, "gainguard merge: %s\n", termSafe(err.Error()))
		return exitFailed
	}
	defer lock.unlock()
	start := time.Now()
	res, err := output.Merge(out, m.generated())
	if err != nil {
		fmt.Fprintf(stderr, "gainguard merge: %s\n", termSafe(strings.ReplaceAll(err.Error(), "\n", "\n  ")))
		return exitFailed
	}
	if res.Version != version {
		fmt.Fprintf(stderr, "gainguard merge: note: the shards were written by gainguard %s, this is %s\n", res.Version, version)
	}
	if !*quiet {
		fmt.Fprintf(stdout, "merged %d shards: %d athletes, %d table files checked → %s (%s)\n", res.Shards, res.Athletes, res.Files,
			termSafe(filepath.Join(out, output.HTMLFile)), time.Since(start).Round(time.Millisecond))
	}
	return exitOK
}
