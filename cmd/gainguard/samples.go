package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"gainguard/samples"
)

func runSamples(args []string, stdout, stderr io.Writer) int {
	opt := samples.Default()
	var out string
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
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintf(stderr, "gainguard samples: %v\n", err)
		return exitUsage
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
