package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"gainguard/ingest/applehealth"
	"gainguard/ingest/commit"
	"gainguard/samples"
)

func runSamples(args []string, stdout, stderr io.Writer) int {
	opt := samples.Default()
	var out string
	var appleMiB int64
	fs := pflag.NewFlagSet("samples", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: gainguard samples [flags]\n\n"+
			"Writes the deterministic demo dataset (FIT and GPX runs, FIT strength sessions,\n"+
			"one athlete.json per athlete). The defaults regenerate the committed samples/.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.StringVarP(&out, "out", "o", "samples", "output `folder`")
	fs.IntVar(&opt.Athletes, "athletes", opt.Athletes, "number of athletes")
	fs.IntVar(&opt.Weeks, "weeks", opt.Weeks, "number of weeks per athlete")
	fs.Int64Var(&opt.Seed, "seed", opt.Seed, "random seed")
	fs.Int64Var(&appleMiB, "apple-health-mib", 0, "instead of the demo dataset, write a synthetic Apple Health\n"+
		"export of about this many MiB to OUT/apple_health_export/export.xml (a benchmark input)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintf(stderr, "gainguard samples: %v\n", err)
		return exitUsage
	}
	if appleMiB > 0 {
		return writeAppleHealth(out, appleMiB, uint64(opt.Seed), stdout, stderr)
	}
	if opt.Athletes < 1 || opt.Weeks < 1 {
		fmt.Fprintln(stderr, "gainguard samples: --athletes and --weeks must be at least 1")
		return exitUsage
	}
	if err := samples.Generate(out, opt); err != nil {
		fmt.Fprintf(stderr, "gainguard samples: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "wrote %d athlete(s) × %d weeks to %s\n", opt.Athletes, opt.Weeks, out)
	return exitOK
}

// writeAppleHealth writes the synthetic export for --apple-health-mib
// (atomically: a temporary file renamed into place).
func writeAppleHealth(out string, mib int64, seed uint64, stdout, stderr io.Writer) int {
	dir := filepath.Join(out, "apple_health_export")
	err := os.MkdirAll(dir, 0o755)
	if err == nil {
		err = commit.WriteFile(filepath.Join(dir, "export.xml"), func(w io.Writer) error {
			return applehealth.Generate(w, mib<<20, seed)
		}, nil)
	}
	if err != nil {
		fmt.Fprintf(stderr, "gainguard samples: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(dir, "export.xml"))
	return exitOK
}
