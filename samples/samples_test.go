package samples

import (
	"bytes"
	"flag"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
	"github.com/tkrajina/gpxgo/gpx"

	"gainguard/ingest"
)

var update = flag.Bool("update", false, "rewrite the committed dataset under samples/")

// readTree returns every regular file under dir (relative slash paths),
// skipping the package's own sources and docs.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, ".md") || strings.HasPrefix(rel, "testdata/") {
			return nil
		}
		b, err := os.ReadFile(p)
		files[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func generate(t testing.TB, opt Options) (string, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	if err := Generate(dir, opt); err != nil {
		t.Fatal(err)
	}
	return dir, readTree(t, dir)
}

func TestDeterminism(t *testing.T) {
	_, def := generate(t, Default())
	for _, tc := range []struct {
		name      string
		opt, want Options
	}{
		{"default", Default(), Default()},
		{"zero options are the default", Options{}, Default()},
		{"three athletes", Options{Athletes: 3, Weeks: 2, Seed: 7}, Options{Athletes: 3, Weeks: 2, Seed: 7}},
		{"non-Monday start", Options{Weeks: 3, Seed: 99, Start: time.Date(2027, 1, 6, 15, 0, 0, 0, time.UTC)},
			Options{Weeks: 3, Seed: 99, Start: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.want != Default() {
				t.Skip("short mode")
			}
			a := def
			if tc.want != Default() {
				_, a = generate(t, tc.want)
			}
			_, b := generate(t, tc.opt)
			if len(a) == 0 || len(a) != len(b) {
				t.Fatalf("file counts %d and %d", len(a), len(b))
			}
			for name, x := range a {
				if !bytes.Equal(x, b[name]) {
					t.Errorf("%s differs between two runs", name)
				}
			}
		})
	}
	t.Run("seed matters", func(t *testing.T) {
		_, b := generate(t, Options{Weeks: 4, Seed: 5})
		same := 0
		for name, x := range b {
			if bytes.Equal(x, def[name]) {
				same++
			}
		}
		if same > 1 { // athlete.json is seed-independent
			t.Errorf("%d files identical across different seeds", same)
		}
	})
}

func TestLayout(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opt      Options
		profiles []string
	}{
		{"one athlete writes into dir", Options{Weeks: 1}, []string{"athlete.json"}},
		{"several athletes get sub-folders", Options{Athletes: 3, Weeks: 1},
			[]string{"alex/athlete.json", "bea/athlete.json", "chris/athlete.json"}},
		{"beyond the roster", Options{Athletes: 11, Weeks: 1}, []string{"athlete11/athlete.json", "jo/athlete.json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, files := generate(t, tc.opt)
			for _, want := range tc.profiles {
				b, ok := files[want]
				if !ok {
					t.Fatalf("missing %s; have %v", want, sortedKeys(files)[:3])
				}
				p, err := ingest.ReadProfile(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("%s: %v", want, err)
				}
				if p.Name != strings.TrimSuffix(filepath.Base(filepath.Dir(want)), ".") && filepath.Dir(want) != "." {
					t.Errorf("%s: name %q", want, p.Name)
				}
			}
			n := 0
			for k := range files {
				if strings.Contains(k, "activities/") {
					n++
				}
			}
			if want := sessionCount(tc.opt); n != want {
				t.Errorf("%d activity files, plan has %d sessions", n, want)
			}
		})
	}
}

func sessionCount(opt Options) int {
	n := 0
	for _, ap := range buildPlan(opt.normalize()) {
		n += len(ap.sessions)
	}
	return n
}

func TestDefaultProfile(t *testing.T) {
	_, files := generate(t, Options{Weeks: 1})
	p, err := ingest.ReadProfile(bytes.NewReader(files[ingest.ProfileFileName]))
	if err != nil {
		t.Fatal(err)
	}
	want := ingest.Profile{Name: "alex", Sex: "male", BirthYear: 1994, BodyMassKg: 82, HeightCm: 180,
		HRMax: 192, HRRest: 52, TrainingStatus: "trained", Goal: "strength", Phase: "maintain",
		TimeZone: "Europe/Berlin"}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("profile = %+v, want %+v", p, want)
	}
}

func TestPlan(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"default", Default()},
		{"scale benchmark size", Options{Athletes: 10, Weeks: 52}},
		{"non-Monday start", Options{Weeks: 4, Start: time.Date(2026, 3, 26, 0, 0, 0, 0, time.UTC)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt.normalize()
			plan := Plan(tc.opt)
			if len(plan) != opt.Athletes*opt.Weeks {
				t.Fatalf("%d weeks, want %d", len(plan), opt.Athletes*opt.Weeks)
			}
			count := map[string]int{}
			for i, w := range plan {
				count[w.Design]++
				if w.Week != i%opt.Weeks+1 {
					t.Errorf("entry %d: week %d", i, w.Week)
				}
				if w.Start.Weekday() != time.Monday || w.Start.Hour() != 0 || w.Start.Minute() != 0 {
					t.Errorf("%s week %d starts %v, not Monday 00:00 local", w.Athlete, w.Week, w.Start)
				}
				if _, off := w.Start.Zone(); off != berlinOffset(w.Start) {
					t.Errorf("week %d start %v: offset %d", w.Week, w.Start, off)
				}
				if want := opt.Start.AddDate(0, 0, 7*(w.Week-1)).Format(time.DateOnly); w.Start.Format(time.DateOnly) != want {
					t.Errorf("week %d starts %s, want %s", w.Week, w.Start.Format(time.DateOnly), want)
				}
				if w.Note == "" || w.Athlete == "" {
					t.Errorf("entry %d: empty note or athlete", i)
				}
			}
			if opt.Weeks >= 12 && (count[DesignGood] < 4*opt.Athletes || count[DesignBad] < 4*opt.Athletes) {
				t.Errorf("designs %v: want ≥4 good and ≥4 bad weeks per athlete", count)
			}
		})
	}
}

// TestDesignedBands scores every planned week with the science.md §4 model
// (model_test.go, nutrition prior, no spike) and checks it lands where it
// was designed to, whether the dose uses run minutes or TRIMP: good and
// underfed weeks (the same training) < 25; bad weeks have P ≥ 0.7 and
// their dose and recovery alone (no pairs, no nutrition) give < 20 points:
// the risk is where the runs sit, not how much running there is. For athletes the model weighs in
// full (C·gP = 1.2: trained men with a strength goal) bad weeks score
// ≥ 52 (high) and the moderate week 28–47; for women (C 0.96) and a
// hypertrophy goal (P halved) the same weeks honestly score lower.
func TestDesignedBands(t *testing.T) {
	opts := []Options{Default(), {Athletes: 10, Weeks: 12}}
	if testing.Short() {
		opts = opts[:1]
	}
	for _, opt := range opts {
		for _, ap := range buildPlan(opt.normalize()) {
			for i, mw := range scoreWeeks(ap) {
				w := ap.weeks[i]
				full := mw.C*mw.WP >= 1.2*35
				lo, hi := math.Inf(-1), math.Inf(1)
				switch w.Design {
				case DesignGood, DesignUnderfed:
					hi = 25
				case DesignBad:
					if mw.P < 0.7 || mw.Unpaired >= 20 {
						t.Errorf("%s week %d (bad): P %.2f, dose and recovery %.1f points: want P ≥ 0.7 and < 20", w.Athlete, w.Week, mw.P, mw.Unpaired)
					}
					if full {
						lo = 52
					}
				case DesignModerate:
					if full {
						lo, hi = 28, 47
					}
				}
				for _, s := range []float64{mw.Score, mw.ScoreTrimp} {
					if s < lo || s > hi {
						t.Errorf("%s week %d (%s): score %.1f (minutes %.1f, TRIMP %.1f; P %.2f D %.2f/%.2f R %.1f) outside %v–%v",
							w.Athlete, w.Week, w.Design, s, mw.Score, mw.ScoreTrimp, mw.P, mw.D, mw.DTrimp, mw.R, lo, hi)
					}
				}
				if testing.Verbose() && (ap.index == 0 || opt.Athletes > 1 && w.Design == DesignBad) {
					t.Logf("%s wk %2d %-8s P %.2f D %.2f/%.2f R %.1f → %.1f (TRIMP %.1f, unpaired %.1f)  %s",
						w.Athlete, w.Week, w.Design, mw.P, mw.D, mw.DTrimp, mw.R, mw.Score, mw.ScoreTrimp, mw.Unpaired, w.Note)
				}
			}
		}
	}
}

// TestGolden regenerates the committed dataset and compares it byte for
// byte with the files under samples/. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	if *update {
		if err := os.RemoveAll("activities"); err != nil {
			t.Fatal(err)
		}
		if err := Generate(".", Default()); err != nil {
			t.Fatal(err)
		}
	}
	_, want := generate(t, Default())
	got := readTree(t, ".")
	for _, name := range sortedKeys(want) {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: missing from samples/ (run go test ./samples -run TestGolden -update)", name)
		case !bytes.Equal(g, want[name]):
			t.Errorf("%s: committed file differs from the generator's output", name)
		}
	}
	for _, name := range sortedKeys(got) {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: in samples/ but not generated", name)
		}
	}
}

// fitSummary is what decodeFIT found in one FIT file.
type fitSummary struct {
	sport                 typedef.Sport
	sub                   typedef.SubSport
	sessions, records     int
	activeSets, restSets  int
	laps                  int
	localOffsetS          int64
	timerS, distM         float64
	hasEnhancedSpeed, hrs bool
}

func decodeFIT(t *testing.T, b []byte) fitSummary {
	t.Helper()
	fit, err := decoder.New(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	var s fitSummary
	var actTS uint32
	for i := range fit.Messages {
		m := &fit.Messages[i]
		switch m.Num {
		case mesgnum.Session:
			s.sessions++
			s.sport = typedef.Sport(m.FieldValueByNum(fieldnum.SessionSport).Uint8())
			s.sub = typedef.SubSport(m.FieldValueByNum(fieldnum.SessionSubSport).Uint8())
			s.timerS = float64(m.FieldValueByNum(fieldnum.SessionTotalTimerTime).Uint32()) / 1000
			if v := m.FieldValueByNum(fieldnum.SessionTotalDistance); v.Type() != proto.TypeInvalid {
				s.distM = float64(v.Uint32()) / 100
			}
		case mesgnum.Record:
			s.records++
			if m.FieldValueByNum(fieldnum.RecordEnhancedSpeed).Type() != proto.TypeInvalid {
				s.hasEnhancedSpeed = true
			}
			if m.FieldValueByNum(fieldnum.RecordHeartRate).Type() != proto.TypeInvalid {
				s.hrs = true
			}
		case mesgnum.Lap:
			s.laps++
		case mesgnum.Set:
			if typedef.SetType(m.FieldValueByNum(fieldnum.SetSetType).Uint8()) == typedef.SetTypeActive {
				s.activeSets++
			} else {
				s.restSets++
			}
		case mesgnum.Activity:
			actTS = m.FieldValueByNum(fieldnum.ActivityTimestamp).Uint32()
			s.localOffsetS = int64(m.FieldValueByNum(fieldnum.ActivityLocalTimestamp).Uint32()) - int64(actTS)
		}
	}
	return s
}

// TestDecode checks every generated FIT file with muktihari/fit's decoder
// and every GPX file with gpxgo against the plan that produced it.
func TestDecode(t *testing.T) {
	opt := Default().normalize()
	dir, _ := generate(t, opt)
	ap := buildPlan(opt)[0]
	for i := range ap.sessions {
		s := &ap.sessions[i]
		t.Run(s.fileName(), func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, "activities", s.fileName()))
			if err != nil {
				t.Fatal(err)
			}
			if s.gpx {
				g, err := gpx.ParseBytes(b)
				if err != nil {
					t.Fatal(err)
				}
				if len(g.Tracks) != 1 || g.Tracks[0].Type != "running" || !strings.HasSuffix(g.Tracks[0].Name, " Run") {
					t.Fatalf("tracks %+v", g.Tracks)
				}
				pts := g.Tracks[0].Segments[0].Points
				if want := s.timerS()/gpxEvery + 1; len(pts) < want || len(pts) > want+1 {
					t.Errorf("%d points, want about %d", len(pts), want)
				}
				if !pts[0].Timestamp.Equal(s.start) || !strings.Contains(string(b), "<gpxtpx:hr>") {
					t.Errorf("first point at %v, want %v (or no hr)", pts[0].Timestamp, s.start)
				}
				return
			}
			f := decodeFIT(t, b)
			if f.sessions != 1 || f.records == 0 || f.laps == 0 || !f.hrs {
				t.Fatalf("sessions %d records %d laps %d hr %v", f.sessions, f.records, f.laps, f.hrs)
			}
			if want := int64(berlinOffset(s.end())); f.localOffsetS != want {
				t.Errorf("activity local offset %d s, want %d", f.localOffsetS, want)
			}
			if f.timerS != float64(s.timerS()) {
				t.Errorf("timer %v s, want %d", f.timerS, s.timerS())
			}
			switch s.kind {
			case ingest.KindLift:
				active := 0
				for _, ls := range s.sets {
					if ls.active {
						active++
					}
				}
				if f.sport != typedef.SportTraining || f.sub != typedef.SubSportStrengthTraining {
					t.Errorf("sport %v/%v", f.sport, f.sub)
				}
				if f.activeSets != active || f.restSets != len(s.sets)-active || active < 10 {
					t.Errorf("sets %d active + %d rest, want %d + %d", f.activeSets, f.restSets, active, len(s.sets)-active)
				}
			case ingest.KindRun:
				if f.sport != typedef.SportRunning || f.activeSets+f.restSets != 0 || !f.hasEnhancedSpeed {
					t.Errorf("sport %v, sets %d, enhanced speed %v", f.sport, f.activeSets+f.restSets, f.hasEnhancedSpeed)
				}
				if f.records != s.timerS()+1 {
					t.Errorf("%d records, want %d", f.records, s.timerS()+1)
				}
				if pace := f.timerS / f.distM * 1000 / 60; pace < 3 || pace > 8.5 {
					t.Errorf("average pace %.2f min/km over %.0f m", pace, f.distM)
				}
			}
		})
	}
}

func TestBerlinOffset(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	for ts := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC); ts.Year() < 2031; ts = ts.Add(37 * time.Minute) {
		_, want := ts.In(loc).Zone()
		if got := berlinOffset(ts); got != want {
			t.Fatalf("%v: offset %d, want %d", ts, got, want)
		}
	}
	for _, tc := range []struct {
		date string
		h, m int
	}{{"2026-03-29", 7, 0}, {"2026-10-25", 9, 30}, {"2026-10-24", 18, 30}, {"2026-08-31", 0, 0}} {
		d, _ := time.Parse(time.DateOnly, tc.date)
		got := berlinWall(d, tc.h, tc.m)
		want := time.Date(d.Year(), d.Month(), d.Day(), tc.h, tc.m, 0, 0, loc)
		if !got.Equal(want) {
			t.Errorf("berlinWall(%s %02d:%02d) = %v, want %v", tc.date, tc.h, tc.m, got, want)
		}
	}
}

func TestSessionsSane(t *testing.T) {
	for _, ap := range buildPlan(Options{Athletes: 10, Weeks: 52}.normalize()) {
		for i := range ap.sessions {
			s := &ap.sessions[i]
			if i > 0 && !ap.sessions[i-1].end().Before(s.start) {
				t.Fatalf("%s: %s overlaps the session before", ap.profile.Name, s.summary())
			}
			if h := s.start.Hour(); h < 6 || h > 20 {
				t.Errorf("%s: %s at an odd hour", ap.profile.Name, s.summary())
			}
			if s.kind == ingest.KindRun && s.run == runLISS && s.timerS() > 20*60 {
				t.Errorf("%s: post-lift LISS longer than 20 min", s.summary())
			}
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	dir := b.TempDir()
	var bytes int64
	for b.Loop() {
		if err := Generate(dir, Default()); err != nil {
			b.Fatal(err)
		}
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				bytes += fi.Size()
			}
		}
		return nil
	})
	b.ReportMetric(float64(bytes)/1e6, "MB/op")
}
