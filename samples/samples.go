// Package samples generates gainguard's deterministic demo dataset: watch
// exports (FIT runs and lifts, some GPX runs) of people who run and lift,
// with weeks designed to land in the low or high interference bands of the
// scoring model (science.md section 4).
//
// The same [Options] always give byte-identical files: there is no wall
// clock, no map iteration and every random number comes from math/rand/v2
// PCG sources seeded from Options.Seed. The committed dataset under
// samples/ is Generate(dir, Default()); TestGolden keeps it in sync.
//
// Layout: with one athlete the files go straight into dir
// (dir/athlete.json, dir/activities/...); with several athletes each gets a
// sub-folder dir/<name>/ holding its own athlete.json and activities/.
package samples

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/commit"
)

// Default option values.
const (
	DefaultAthletes = 1
	DefaultWeeks    = 12
	DefaultSeed     = 20260831
)

// DefaultStart is the Monday the default dataset starts on. The 12 default
// weeks run to 2026-11-22 and so cross the end of daylight saving time in
// Europe/Berlin (2026-10-25).
var DefaultStart = time.Date(2026, time.August, 31, 0, 0, 0, 0, time.UTC)

// Options controls what Generate writes. Zero fields take the defaults.
type Options struct {
	Athletes int       // number of athletes (default 1)
	Weeks    int       // weeks per athlete (default 12)
	Seed     int64     // random seed (0 means DefaultSeed)
	Start    time.Time // first Monday; only its calendar date counts, moved back to its week's Monday
}

// Default returns the options of the committed dataset.
func Default() Options {
	return Options{Athletes: DefaultAthletes, Weeks: DefaultWeeks, Seed: DefaultSeed, Start: DefaultStart}
}

// normalize fills zero fields with defaults and moves Start to a Monday date.
func (o Options) normalize() Options {
	o.Athletes = cmp.Or(o.Athletes, DefaultAthletes)
	if o.Athletes < 1 {
		o.Athletes = DefaultAthletes
	}
	o.Weeks = cmp.Or(o.Weeks, DefaultWeeks)
	if o.Weeks < 1 {
		o.Weeks = DefaultWeeks
	}
	o.Seed = cmp.Or(o.Seed, DefaultSeed)
	if o.Start.IsZero() {
		o.Start = DefaultStart
	}
	y, m, d := o.Start.Date()
	s := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	back := (int(s.Weekday()) + 6) % 7 // days since Monday
	o.Start = s.AddDate(0, 0, -back)
	return o
}

// Week designs.
const (
	DesignGood     = "good"     // built to score < 25 (low band)
	DesignBad      = "bad"      // ordinary volume, runs placed next to leg sessions: high (≥ 50) for a trained man with a strength goal; two changes make it low
	DesignModerate = "moderate" // built to score 25–50 (moderate band), food log short
	DesignUnderfed = "underfed" // good-week training, food log designed short (under-fueling orange or red)
)

// WeekPlan is what one athlete's week was designed to show.
type WeekPlan struct {
	Athlete string
	Week    int       // 1-based week number within the dataset
	Start   time.Time // Monday 00:00 Europe/Berlin (a fixed zone of that day's offset)
	Design  string    // DesignGood | DesignBad | DesignModerate | DesignUnderfed
	Note    string    // what the week contains
}

// Plan returns the designed label of every athlete's every week, athletes
// in order, weeks in order. It matches what Generate(dir, opt) writes.
func Plan(opt Options) []WeekPlan {
	var out []WeekPlan
	for _, ap := range buildPlan(opt.normalize()) {
		out = append(out, ap.weeks...)
	}
	return out
}

// Generate writes the dataset for opt into dir, creating folders as needed.
// Every file is written atomically (temporary file, then rename). Existing
// files of the same names are replaced; other files are left alone.
func Generate(dir string, opt Options) error {
	opt = opt.normalize()
	plans := buildPlan(opt)
	type job struct {
		path string
		ap   *athletePlan
		s    *session
	}
	var jobs []job
	for _, ap := range plans {
		adir := dir
		if opt.Athletes > 1 {
			adir = filepath.Join(dir, ap.profile.Name)
		}
		if err := os.MkdirAll(filepath.Join(adir, "activities"), 0o755); err != nil {
			return err
		}
		b, err := json.MarshalIndent(ap.profile, "", "  ")
		if err != nil {
			return err
		}
		if err := writeAtomic(filepath.Join(adir, ingest.ProfileFileName), append(b, '\n')); err != nil {
			return err
		}
		food, weight := renderLogs(ap, opt.Start)
		for _, log := range []struct {
			name string
			b    []byte
		}{{"food.csv", food}, {"weight.csv", weight}} {
			if log.b == nil {
				continue
			}
			if err := os.MkdirAll(filepath.Join(adir, "logs"), 0o755); err != nil {
				return err
			}
			if err := writeAtomic(filepath.Join(adir, "logs", log.name), log.b); err != nil {
				return err
			}
		}
		for i := range ap.sessions {
			s := &ap.sessions[i]
			jobs = append(jobs, job{filepath.Join(adir, "activities", s.fileName()), ap, s})
		}
	}

	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), len(jobs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf memFile
			for i := range next {
				j := jobs[i]
				buf.b = buf.b[:0]
				if err := render(&buf, j.ap, j.s); err != nil {
					errs[i] = fmt.Errorf("samples: %s: %w", j.path, err)
					continue
				}
				errs[i] = writeAtomic(j.path, buf.b)
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// render encodes one session into buf.
func render(buf *memFile, ap *athletePlan, s *session) error {
	rng := s.rng(ap)
	switch {
	case s.kind == ingest.KindLift:
		return encodeLiftFIT(buf, ap, s, rng)
	case s.gpx:
		return encodeRunGPX(buf, ap, s, rng)
	default:
		return encodeRunFIT(buf, ap, s, rng)
	}
}

// writeAtomic writes b to path atomically ([commit.WriteFile]).
func writeAtomic(path string, b []byte) error {
	if err := commit.WriteFile(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}, nil); err != nil {
		return fmt.Errorf("samples: write %s: %w", path, err)
	}
	return nil
}

// memFile is an in-memory io.Writer and io.WriterAt, which lets the FIT
// stream encoder patch the file header without a temporary file.
type memFile struct{ b []byte }

func (m *memFile) Write(p []byte) (int, error) {
	m.b = append(m.b, p...)
	return len(p), nil
}

func (m *memFile) WriteAt(p []byte, off int64) (int, error) {
	if end := int(off) + len(p); end > len(m.b) {
		m.b = append(m.b, make([]byte, end-len(m.b))...)
	}
	return copy(m.b[off:], p), nil
}

// Europe/Berlin offsets without tzdata: CET (UTC+1), and CEST (UTC+2) from
// the last Sunday of March 01:00 UTC to the last Sunday of October 01:00
// UTC (EU rule since 1996). Computed here so output never depends on the
// host's zoneinfo.
func berlinOffset(t time.Time) int {
	y := t.UTC().Year()
	if t.Before(lastSunday(y, time.March)) || !t.Before(lastSunday(y, time.October)) {
		return 3600
	}
	return 7200
}

// lastSunday returns 01:00 UTC on the last Sunday of month m in year y.
func lastSunday(y int, m time.Month) time.Time {
	d := time.Date(y, m+1, 0, 1, 0, 0, 0, time.UTC) // last day of m
	return d.AddDate(0, 0, -int(d.Weekday()))
}

// berlinZone returns the fixed zone in force at instant t.
func berlinZone(t time.Time) *time.Location {
	if berlinOffset(t) == 7200 {
		return cest
	}
	return cet
}

var (
	cet  = time.FixedZone("CET", 3600)
	cest = time.FixedZone("CEST", 7200)
)

// berlinWall returns the instant of local wall-clock time h:m on the date
// d (whose y-m-d is used) in Europe/Berlin. Times in the 02:00–03:00 DST
// gaps never occur in the plan.
func berlinWall(d time.Time, h, m int) time.Time {
	y, mo, day := d.Date()
	naive := time.Date(y, mo, day, h, m, 0, 0, time.UTC)
	t := naive.Add(-time.Duration(berlinOffset(naive.Add(-time.Hour))) * time.Second)
	return t.In(berlinZone(t))
}
