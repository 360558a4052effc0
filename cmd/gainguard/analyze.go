package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"gainguard/ingest"
	"gainguard/ingest/applehealth"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/ingest/garminwellness"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
	"gainguard/metrics"
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
	out        string
	profile    string
	athlete    string
	weekStart  string
	quiet      bool
	version    bool
	strict     bool
	coach      bool // each top-level sub-folder of a PATH is one athlete
	allowEmpty bool // replace earlier outputs even when the inputs hold nothing
	workers    int
	override   ingest.Profile
	paths      []string
	liftUnit   string              // --lift-unit: "", kg or lbs
	term       terminalOptions     // --format, --weeks (format.go)
	archive    archiveFlags        // --max-entry-mib, --max-archive-mib, ...
	ops        opsFlags            // --log-format, --log-level, --since, --cpuprofile (log.go)
	output     report.WriteOptions // --records, --partition
	state      stateFlags          // --state, --no-cache, --wait (state.go)
	sports     sportOverrides      // --sport-override (sportflag.go)
	shard      shardFlags          // --shard, --shards (shard.go)
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
	fs.StringVar(&c.profile, "profile", "", "athlete profile `file` (JSON, see README)")
	fs.StringVar(&c.athlete, "athlete", "", "athlete `name` for every input (default: from profiles, else \"athlete\")")
	fs.BoolVar(&c.coach, "coach", false, "each top-level sub-folder of a PATH is one athlete (default: one athlete per run, unless sub-folders hold their own "+ingest.ProfileFileName+")")
	fs.BoolVar(&c.allowEmpty, "allow-empty", false, "write empty outputs over an earlier run's when the inputs hold no activity (default: exit 1 and leave them)")
	fs.StringVar(&c.weekStart, "week-start", "monday", "first day of the week: monday or sunday")
	fs.BoolVarP(&c.quiet, "quiet", "q", false, "print nothing but errors")
	fs.BoolVar(&c.version, "version", false, "print the version and exit")
	fs.BoolVar(&c.strict, "strict", false, "exit with code 3 when any input file failed or a profile holds an unknown key")
	fs.IntVar(&c.workers, "workers", 0, "files decoded at once (default: all cores)")
	fs.StringVar(&c.override.Sex, "sex", "", "male or female")
	fs.IntVar(&c.override.Age, "age", 0, "age in years")
	fs.IntVar(&c.override.BirthYear, "birth-year", 0, "birth year (when --age is not given)")
	fs.Float64Var(&c.override.BodyMassKg, "body-mass", 0, "body mass in kg")
	fs.Float64Var(&c.override.HRMax, "hr-max", 0, "maximum heart rate, bpm")
	fs.Float64Var(&c.override.HRRest, "hr-rest", 0, "resting heart rate, bpm")
	fs.StringVar(&c.override.Goal, "goal", "", "strength, hypertrophy, endurance or hybrid")
	fs.StringVar(&c.override.TrainingStatus, "training-status", "", "untrained, moderate or trained")
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
	if strings.TrimSpace(c.out) == "" {
		// "" would put the state and lock in ./.gainguard.
		return nil, errors.New("--out is empty: name the output folder")
	}
	if err := checkOut(c.out, c.paths); err != nil {
		return nil, err
	}
	switch strings.ToLower(c.weekStart) {
	case "monday", "mon", "sunday", "sun":
	default:
		return nil, fmt.Errorf("--week-start %q: want monday or sunday", c.weekStart)
	}
	switch c.liftUnit {
	case csvlog.LiftUnitAuto, csvlog.LiftUnitKg, csvlog.LiftUnitLbs:
	default:
		return nil, fmt.Errorf("--lift-unit %q: want kg or lbs", c.liftUnit)
	}
	if err := c.term.validate(); err != nil {
		return nil, err
	}
	if err := c.ops.validate(); err != nil {
		return nil, err
	}
	// NaN passes every comparison and Inf or a huge MiB count overflows
	// the byte caps: both are usage errors, not silently accepted values.
	if math.IsNaN(c.archive.ratio) || math.IsInf(c.archive.ratio, 0) {
		return nil, fmt.Errorf("--max-compression-ratio %g: want a finite number", c.archive.ratio)
	}
	for _, m := range []struct {
		flag string
		v    int64
	}{{"--max-entry-mib", c.archive.entryMiB}, {"--max-archive-mib", c.archive.archiveMiB}, {"--max-nested-zip-mib", c.archive.nestedMiB}, {"--max-file-mib", c.archive.fileMiB}} {
		if m.v > maxMiB {
			return nil, fmt.Errorf("%s %d: want at most %d (8 EiB in bytes)", m.flag, m.v, int64(maxMiB))
		}
	}
	if c.archive.entryMiB < 1 || c.archive.archiveMiB < 1 || c.archive.nestedMiB < 1 || c.archive.fileMiB < 1 || c.archive.depth < 1 || c.archive.ratio < 1 {
		return nil, errors.New("--max-entry-mib, --max-archive-mib, --max-nested-zip-mib, --max-file-mib, --max-archive-depth and --max-compression-ratio must be at least 1")
	}
	if err := checkProfileFlags(c.override); err != nil {
		return nil, err
	}
	if err := c.shard.resolve(os.Getenv); err != nil {
		return nil, err
	}
	if c.shard.shard.Active() {
		c.output.Partition = true // a shard writes the partitioned layout
		c.state.shard = shardStateDir(c.shard.shard)
	}
	return c, nil
}

func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseAnalyzeFlags(args, stderr)
	if errors.Is(err, pflag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "gainguard analyze: %s\n", termSafe(err.Error()))
		return exitUsage
	}
	ingest.SetFault(os.Getenv(ingest.FaultEnv)) // test hook: a full disk
	if c.version {
		fmt.Fprintf(stdout, "gainguard %s\n", version)
		return exitOK
	}

	override := c.override
	if c.profile != "" {
		f, err := ingest.OpenRegular(c.profile, true)
		if err != nil {
			fmt.Fprintf(stderr, "gainguard analyze: --profile: %s\n", termSafe(err.Error()))
			return exitUsage
		}
		p, err := ingest.ReadProfile(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "gainguard analyze: %s: %v\n", termSafe(c.profile), termSafe(err.Error()))
			return exitUsage
		}
		for i, n := range p.Notes {
			p.Notes[i] = c.profile + ": " + n
		}
		override = p.Merge(override)
	}

	log, runStart := c.ops.logger(stderr, c.quiet), time.Now()
	stopProfile, err := c.ops.startProfile()
	if err != nil {
		fmt.Fprintf(stderr, "gainguard analyze: %s\n", termSafe(err.Error()))
		return exitUsage
	}
	defer stopProfile()
	logStart(log, c)
	bar := newProgress(stderr, c.quiet, c.ops.logFormat)
	opt := ingest.Options{Formats: c.formats(), Workers: c.workers, Athlete: c.athlete, Coach: c.coach,
		Exclude: []string{c.out}, Progress: bar.callback(), Shard: c.shard.shard}
	// Samples are summarized and dropped as each file is decoded, so
	// that memory does not grow with the hours recorded; records.parquet
	// needs them all, so --records keeps them (and caches them).
	opt.SportOverrides = c.sports
	opt.Reduce, opt.ReduceID = metrics.Reducer(c.output.Records)
	c.archive.apply(&opt)
	rs, err := c.state.begin(c.out, &opt, log)
	if err != nil {
		fmt.Fprintf(stderr, "gainguard analyze: %s\n", termSafe(err.Error()))
		return exitFailed
	}
	defer rs.close()
	sharded := c.shard.shard.Active()
	if sharded {
		beginShard(c, log)
	}
	// The up-to-date fast path (uptodate.go): the fingerprint is taken
	// before the import, so a file changed during the run makes the next
	// run a full one.
	fingerprint := runFingerprint(c, opt)
	if !c.state.noCache && !sharded {
		if code, ok := upToDateRun(c, rs.path, fingerprint, stdout, log, runStart); ok {
			bar.finish()
			return code
		}
	}
	clearUpToDate(rs.path)
	rs.load(c.state, &opt)
	batch, err := ingest.Import(ctx, c.paths, opt)
	bar.finish()
	if err != nil {
		fmt.Fprintf(stderr, "gainguard analyze: %s\n", termSafe(err.Error()))
		return logFailure(log, runStart, err)
	}
	logImport(log, batch, time.Since(runStart))
	guard := guardEmpty(c.out, batch, c.allowEmpty)
	if sharded {
		guard = guardEmptyShard(c, batch)
	}
	if err := guard; err != nil {
		fmt.Fprintf(stderr, "gainguard analyze: %v\n", err)
		return logFailure(log, runStart, err)
	}
	warnUnusedSportOverrides(stderr, c.quiet, batch.UnusedSportOverrides)
	weekStart := time.Monday
	if strings.HasPrefix(strings.ToLower(c.weekStart), "sun") {
		weekStart = time.Sunday
	}
	ds := report.Build(batch, report.BuildOptions{
		Profile:     override,
		ProfileFlag: c.profile != "",
		WeekStart:   weekStart,
		Version:     version,
		Generated:   generatedTime(),
		Since:       c.ops.sinceDate,
	})
	ds.Output = c.output
	for _, w := range ds.Warnings {
		log.Warn("profile", "note", w)
	}
	if err := c.ops.heapProfile(); err != nil {
		fmt.Fprintf(stderr, "gainguard analyze: %s\n", termSafe(err.Error()))
		return exitUsage
	}
	if ctx.Err() != nil {
		err := context.Cause(ctx)
		fmt.Fprintf(stderr, "gainguard analyze: %s\n", termSafe(err.Error()))
		return logFailure(log, runStart, err)
	}
	writeStart := time.Now()
	writeAll := report.WriteAll
	if sharded {
		writeAll = func(out string, ds *report.Dataset) error {
			return report.WriteShard(out, ds, report.ShardRun{Index: c.shard.shard.Index, Count: c.shard.shard.Count,
				Options: shardOptions(c), OtherShardRows: batch.OtherShard})
		}
	}
	if err := writeAll(c.out, ds); err != nil {
		// Outputs come first, the state is best effort: the pack this
		// run stored goes (so a failed run leaves nothing behind), and on
		// a full disk the outputs are tried once more in the room it
		// took; the state is then not saved.
		rs.dropPack()
		if !errors.Is(err, syscall.ENOSPC) {
			fmt.Fprintf(stderr, "gainguard analyze: %s\n", termSafe(err.Error()))
			return logFailure(log, runStart, err)
		}
		log.Warn("disk full writing the outputs; dropped this run's state and trying again", "error", err)
		if err := writeAll(c.out, ds); err != nil {
			fmt.Fprintf(stderr, "gainguard analyze: %s\n", termSafe(err.Error()))
			return logFailure(log, runStart, err)
		}
	}
	log.Info("outputs written", "dir", c.out, "weeks", len(ds.Weeks), "duration", time.Since(writeStart).Round(time.Millisecond))
	saved := rs.save()

	_, _, _, failed := ingest.SummarizeFiles(ds.Files)
	// The terminal summary is rendered even under -q: the up-to-date
	// record keeps it for the next no-op run.
	var summary bytes.Buffer
	if err := c.term.write(&summary, batch, ds, c.out); err != nil {
		fmt.Fprintf(stderr, "gainguard analyze: %s\n", termSafe(err.Error()))
		return exitFailed
	}
	if !c.quiet {
		if _, err := stdout.Write(summary.Bytes()); err != nil {
			fmt.Fprintf(stderr, "gainguard analyze: %s\n", termSafe(err.Error()))
			return exitFailed
		}
	}
	if saved && !sharded {
		saveUpToDate(c, rs.path, fingerprint, batch, ds, summary.Bytes(), log)
	}
	code := exitOK
	if (failed > 0 || len(ds.Warnings) > 0) && c.strict {
		code = exitStrict
	}
	log.Info("run end", "duration", time.Since(runStart).Round(time.Millisecond), "exit", code)
	return code
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
