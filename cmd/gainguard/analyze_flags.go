package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"gainguard/ingest"
	"gainguard/ingest/applehealth"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/ingest/garminwellness"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
	"gainguard/report"
)

// formats lists the importers analyze uses, in one visible place.
var formats = []ingest.Format{fit.Format, gpx.Format, tcx.Format, csvlog.Format, applehealth.Format, garminwellness.Format}

// formats returns the importers with the flags that configure them.
func (c *analyzeConfig) formats() []ingest.Format {
	fs := slices.Clone(formats)
	for i := range fs {
		if fs[i].Name == csvlog.Format.Name {
			fs[i] = csvlog.FormatWithLiftUnit(c.liftUnit)
		}
	}
	return fs
}

// analyzeConfig is everything the analyze flags set.
type analyzeConfig struct {
	out         string
	profileFile string         // --profile
	profile     ingest.Profile // the --profile file with the profile flags over it (profile.go)
	athlete     string
	weekStart   string
	quiet       bool
	version     bool
	strict      bool
	coach       bool // each top-level sub-folder of a PATH is one athlete
	allowEmpty  bool // replace earlier outputs even when the inputs hold nothing
	workers     int
	override    ingest.Profile
	paths       []string
	liftUnit    string              // --lift-unit: "", kg or lbs
	term        terminalOptions     // --format, --weeks (format.go)
	archive     archiveFlags        // --max-entry-mib, --max-archive-mib, ...
	ops         opsFlags            // --log-format, --log-level, --since, --cpuprofile (log.go)
	output      report.WriteOptions // --records, --partition
	state       stateFlags          // --state, --no-cache, --wait (state.go)
	sports      sportOverrides      // --sport-override (sportflag.go)
	shard       shardFlags          // --shard, --shards (shard.go)
}

// maxMiB is the largest --max-*-mib value whose byte count fits an int64.
const maxMiB = math.MaxInt64 >> 20

// archiveFlags are the guards for compressed and bundled exports
// (ingest.Options; the defaults are ingest's).
type archiveFlags struct {
	entryMiB, archiveMiB, nestedMiB, fileMiB int64
	depth                                    int
	ratio                                    float64
}

// apply sets the guards in o.
func (a archiveFlags) apply(o *ingest.Options) {
	o.MaxEntryBytes = a.entryMiB << 20
	o.MaxArchiveBytes = a.archiveMiB << 20
	o.MaxNestedZipBytes = a.nestedMiB << 20
	o.MaxFileBytes = a.fileMiB << 20
	o.MaxDepth = a.depth
	o.MaxRatio = a.ratio
}

func parseAnalyzeFlags(args []string, stderr io.Writer) (*analyzeConfig, error) {
	c := &analyzeConfig{}
	fs := pflag.NewFlagSet("analyze", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: gainguard analyze [flags] PATH...\n\n"+
			"Imports every activity file and log under PATH (FIT, GPX, TCX, lift-app and food\n"+
			"CSV, Apple Health export.xml, Garmin wellness JSON; files or folders, recursively;\n"+
			".gz files and .zip exports such as Strava's and Garmin's are read in place),\n"+
			"computes run metrics and weekly interference and under-fueling scores, and\n"+
			"writes Parquet tables and report.html into --out.\n\n"+
			"An athlete profile is read from --profile, or from a file named %s in an\n"+
			"input folder (it applies to that folder and below). Flags below override it.\n"+
			"One run is one athlete, whatever sub-folders the files lie in, unless\n"+
			"sub-folders hold their own %[1]s or --coach is given.\n\nFlags:\n",
			ingest.ProfileFileName)
		fs.PrintDefaults()
		fmt.Fprint(stderr, exitCodesHelp)
	}
	fs.StringVarP(&c.out, "out", "o", "gainguard-out", "output `folder`")
	fs.StringVar(&c.profileFile, "profile", "", "athlete profile `file` (JSON, see README)")
	fs.StringVar(&c.athlete, "athlete", "", "athlete `name` for every input (default: from profiles, else \"athlete\")")
	fs.BoolVar(&c.coach, "coach", false, "each top-level sub-folder of a PATH is one athlete (default: one athlete per run, unless sub-folders hold their own "+ingest.ProfileFileName+")")
	fs.BoolVar(&c.allowEmpty, "allow-empty", false, "write empty outputs over an earlier run's when the inputs hold no activity (default: exit 1 and leave them)")
	fs.StringVar(&c.weekStart, "week-start", "monday", "first day of the week: monday or sunday")
	fs.BoolVarP(&c.quiet, "quiet", "q", false, "print nothing but errors")
	fs.BoolVar(&c.version, "version", false, "print the version and exit")
	fs.BoolVar(&c.strict, "strict", false, "exit with code 3 when any input file failed or a profile holds an unknown key")
	fs.IntVar(&c.workers, "workers", 0, "files decoded at once (default: all cores)")
	fs.StringVar((*string)(&c.override.Sex), "sex", "", "male or female")
	fs.IntVar(&c.override.Age, "age", 0, "age in years")
	fs.IntVar(&c.override.BirthYear, "birth-year", 0, "birth year (when --age is not given)")
	fs.Float64Var(&c.override.BodyMassKg, "body-mass", 0, "body mass in kg")
	fs.Float64Var(&c.override.HRMax, "hr-max", 0, "maximum heart rate, bpm")
	fs.Float64Var(&c.override.HRRest, "hr-rest", 0, "resting heart rate, bpm")
	fs.StringVar((*string)(&c.override.Goal), "goal", "", "strength, hypertrophy, endurance or hybrid")
	fs.StringVar((*string)(&c.override.TrainingStatus), "training-status", "", "untrained, moderate or trained")
	fs.StringVar(&c.override.TimeZone, "tz", "", "athlete's time zone (IANA name, e.g. Europe/Berlin)")
	fs.StringVar(&c.liftUnit, "lift-unit", "", "unit of lift-log weights that carry none: kg or lbs (default: kg unless every weight is clearly a pound plate load)")
	c.term.addFlags(fs)
	fs.BoolVar(&c.output.Records, "records", false, "also write records.parquet: every sample (HR, speed, position...) of every activity")
	fs.BoolVar(&c.output.Partition, "partition", false, "write each table as a Hive-partitioned folder TABLE/athlete=A/year=Y/part-0.parquet instead of TABLE.parquet")
	c.ops.addFlags(fs)
	c.state.addFlags(fs)
	fs.Var(&c.sports, "sport-override", sportOverrideUsage)
	c.shard.addFlags(fs)
	fs.Int64Var(&c.archive.entryMiB, "max-entry-mib", ingest.DefaultMaxEntryBytes>>20, "cap on one file's uncompressed size inside a .zip or .gz, MiB")
	fs.Int64Var(&c.archive.archiveMiB, "max-archive-mib", ingest.DefaultMaxArchiveBytes>>20, "cap on the total uncompressed size of one .zip, MiB")
	fs.Int64Var(&c.archive.nestedMiB, "max-nested-zip-mib", ingest.DefaultMaxNestedZipBytes>>20, "cap on a .zip inside a .zip (read into memory or a temporary file), MiB")
	fs.Int64Var(&c.archive.fileMiB, "max-file-mib", ingest.DefaultMaxFileBytes>>20, "cap on the size of one plain input file (a bigger one fails unread), MiB")
	fs.IntVar(&c.archive.depth, "max-archive-depth", ingest.DefaultMaxDepth, "levels of .zip inside .zip to read")
	fs.Float64Var(&c.archive.ratio, "max-compression-ratio", ingest.DefaultMaxRatio, "refuse entries over 1 MiB that expand more than this (likely bombs)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	c.paths = fs.Args()
	if c.version {
		return c, nil
	}
	if len(c.paths) == 0 {
		fs.Usage()
		return nil, errors.New("no PATH given")
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// validate checks the values the flags set.
func (c *analyzeConfig) validate() error {
	if strings.TrimSpace(c.out) == "" {
		// "" would put the state and lock in ./.gainguard.
		return errors.New("--out is empty: name the output folder")
	}
	if err := checkOut(c.out, c.paths); err != nil {
		return err
	}
	if _, err := parseWeekStart(c.weekStart); err != nil {
		return err
	}
	switch c.liftUnit {
	case csvlog.LiftUnitAuto, csvlog.LiftUnitKg, csvlog.LiftUnitLbs:
	default:
		return fmt.Errorf("--lift-unit %q: want kg or lbs", c.liftUnit)
	}
	if err := c.term.validate(); err != nil {
		return err
	}
	if err := c.ops.validate(); err != nil {
		return err
	}
	// NaN passes every comparison and Inf or a huge MiB count overflows
	// the byte caps: both are usage errors, not silently accepted values.
	if math.IsNaN(c.archive.ratio) || math.IsInf(c.archive.ratio, 0) {
		return fmt.Errorf("--max-compression-ratio %g: want a finite number", c.archive.ratio)
	}
	for _, m := range []struct {
		flag string
		v    int64
	}{{"--max-entry-mib", c.archive.entryMiB}, {"--max-archive-mib", c.archive.archiveMiB}, {"--max-nested-zip-mib", c.archive.nestedMiB}, {"--max-file-mib", c.archive.fileMiB}} {
		if m.v > maxMiB {
			return fmt.Errorf("%s %d: want at most %d (8 EiB in bytes)", m.flag, m.v, int64(maxMiB))
		}
	}
	if c.archive.entryMiB < 1 || c.archive.archiveMiB < 1 || c.archive.nestedMiB < 1 || c.archive.fileMiB < 1 || c.archive.depth < 1 || c.archive.ratio < 1 {
		return errors.New("--max-entry-mib, --max-archive-mib, --max-nested-zip-mib, --max-file-mib, --max-archive-depth and --max-compression-ratio must be at least 1")
	}
	return checkProfileFlags(c.override)
}

// firstDay is the first day of the week --week-start names (checked by
// then: Monday for a bad value).
func (c *analyzeConfig) firstDay() time.Weekday {
	d, _ := parseWeekStart(c.weekStart)
	return d
}

// parseWeekStart reads --week-start (analyze's and plan's): monday or
// sunday, or mon or sun, in any case.
func parseWeekStart(s string) (time.Weekday, error) {
	switch strings.ToLower(s) {
	case "monday", "mon":
		return time.Monday, nil
	case "sunday", "sun":
		return time.Sunday, nil
	}
	return time.Monday, fmt.Errorf("--week-start %q: want monday or sunday", s)
}

// checkProfileFlags checks the profile values given as flags (--hr-max,
// --tz...), shared by analyze and plan.
func checkProfileFlags(p ingest.Profile) error {
	if err := p.Validate(); err != nil {
		return fmt.Errorf("flags: %w", err)
	}
	if p.TimeZone != "" {
		if _, err := time.LoadLocation(p.TimeZone); err != nil {
			return fmt.Errorf("--tz: %w", err)
		}
	}
	return nil
}
