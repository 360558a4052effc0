package report

import (
	"context"
	"crypto/sha256"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
)

// memWhatIfCache is a WhatIfCache in memory that records where each
// week's what-if came from.
type memWhatIfCache struct {
	mu      sync.Mutex
	entries map[WhatIfKey][]byte
	src     map[string]WhatIfSource // athlete + " " + week start → source
}

func newMemWhatIfCache() *memWhatIfCache {
	return &memWhatIfCache{entries: map[WhatIfKey][]byte{}}
}

func (c *memWhatIfCache) Get(k WhatIfKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[k]
	return v, ok
}

func (c *memWhatIfCache) Put(k WhatIfKey, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[k] = v
}

func (c *memWhatIfCache) CountWhatIf(athlete string, ws time.Time, src WhatIfSource) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := athlete + " " + ws.Format(time.DateOnly)
	if _, dup := c.src[key]; dup {
		panic("week counted twice: " + key)
	}
	c.src[key] = src
}

// run builds b with the cache and returns the weeks and where each
// searched week's what-if came from.
func (c *memWhatIfCache) run(t *testing.T, b *ingest.Batch) ([]Week, map[string]WhatIfSource) {
	t.Helper()
	c.mu.Lock()
	c.src = map[string]WhatIfSource{}
	c.mu.Unlock()
	ds := Build(b, BuildOptions{WeekStart: time.Monday, WhatIfCache: c})
	return ds.Weeks, c.src
}

// whatIfText is a week's what-if as text (NaN compares equal).
func whatIfText(w Week) string {
	return fmt.Sprintf("%s %s %v %q", w.Athlete, w.WeekStart.Format(time.DateOnly), w.WhatIfInterference, w.WhatIfChanges)
}

// sameWhatIfs fails unless got and want have the same weeks and what-ifs.
func sameWhatIfs(t *testing.T, got, want []Week) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d weeks, want %d", len(got), len(want))
	}
	for i := range got {
		if g, w := whatIfText(got[i]), whatIfText(want[i]); g != w {
			t.Errorf("cached: %s\nsearched: %s", g, w)
		}
	}
}

// twinSamples imports the committed samples/ and adds a second athlete,
// "twin", with a copy of every activity, food-log day and weigh-in.
func twinSamples(t *testing.T) (b *ingest.Batch, athlete string) {
	t.Helper()
	opt := ingest.Options{Formats: []ingest.Format{fit.Format, gpx.Format, tcx.Format, csvlog.Format}}
	b, err := ingest.Import(context.Background(), []string{filepath.Join("..", "samples")}, opt)
	if err != nil {
		t.Fatal(err)
	}
	athlete = b.Activities[0].Athlete
	for _, a := range slices.Clone(b.Activities) {
		a.Athlete, a.ID, a.Source = "twin", "twin-"+a.ID, "twin/"+a.Source
		b.Activities = append(b.Activities, a)
	}
	for _, x := range slices.Clone(b.Intake) {
		x.Athlete = "twin"
		b.Intake = append(b.Intake, x)
	}
	for _, x := range slices.Clone(b.Body) {
		x.Athlete = "twin"
		b.Body = append(b.Body, x)
	}
	if p, ok := b.Profiles[athlete]; ok {
		b.Profiles["twin"] = p
		b.ProfilePaths["twin"] = "twin/" + b.ProfilePaths[athlete]
	}
	ingest.SortActivities(b.Activities)
	return b, athlete
}

// editableBatch copies what the changes below edit.
func editableBatch(b *ingest.Batch) *ingest.Batch {
	c := cloneBatch(b)
	c.Intake = slices.Clone(b.Intake)
	c.Body = slices.Clone(b.Body)
	c.Profiles = map[string]ingest.Profile{}
	for k, v := range b.Profiles {
		c.Profiles[k] = v
	}
	return c
}

// TestWhatIfCacheSameWeeks: building with a cache gives the weeks of a
// build without one, the first time (every week searched) and the second
// (every week from the cache, under its athlete key).
func TestWhatIfCacheSameWeeks(t *testing.T) {
	b, _ := twinSamples(t)
	want := Build(b, BuildOptions{WeekStart: time.Monday}).Weeks
	c := newMemWhatIfCache()
	for i, wantSrc := range []WhatIfSource{WhatIfSearched, WhatIfFromAthlete} {
		got, src := c.run(t, b)
		sameWhatIfs(t, got, want)
		if len(src) < 8 {
			t.Fatalf("run %d: only %d weeks searched: the samples no longer exercise the search", i, len(src))
		}
		for k, s := range src {
			if s != wantSrc {
				t.Errorf("run %d: %s: source %d, want %d", i, k, s, wantSrc)
			}
		}
	}
}

// TestWhatIfCacheInvalidation: after one change to one athlete's inputs,
// the weeks whose search inputs changed are searched again, and only
// those: the other athlete's weeks come from the cache under their
// athlete key, the changed athlete's weeks whose window the change does
// not reach under their window key. The weeks are always those of a
// build without a cache.
func TestWhatIfCacheInvalidation(t *testing.T) {
	base, athlete := twinSamples(t)
	seeded := newMemWhatIfCache()
	_, before := seeded.run(t, base)
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range []struct {
		name string
		// change edits athlete's inputs and returns the day it changed
		// (zero: a change that reaches every week).
		change func(t *testing.T, b *ingest.Batch) time.Time
	}{
		{"run added in a searched week", func(t *testing.T, b *ingest.Batch) time.Time {
			// A copy of the athlete's 2026-10-20 easy run, on the Thursday
			// evening of that week.
			for _, a := range b.Activities {
				if a.Athlete == athlete && a.Start.Format(time.DateOnly) == "2026-10-20" {
					a.ID, a.Source = "added-"+a.ID, "added.fit"
					shift := 2 * 24 * time.Hour
					a.Start = a.Start.Add(shift)
					a.Samples = slices.Clone(a.Samples)
					for i := range a.Samples {
						a.Samples[i].Time = a.Samples[i].Time.Add(shift)
					}
					a.Laps = slices.Clone(a.Laps)
					for i := range a.Laps {
						a.Laps[i].Start = a.Laps[i].Start.Add(shift)
					}
					b.Activities = append(b.Activities, a)
					ingest.SortActivities(b.Activities)
					return day("2026-10-22")
				}
			}
			t.Fatal("no run on 2026-10-20 in the samples")
			return time.Time{}
		}},
		{"profile changed", func(t *testing.T, b *ingest.Batch) time.Time {
			p := b.Profiles[athlete]
			p.BodyMassKg += 3
			b.Profiles[athlete] = p
			return time.Time{}
		}},
		{"food log row changed", func(t *testing.T, b *ingest.Batch) time.Time {
			for i := range b.Intake {
				if x := &b.Intake[i]; x.Athlete == athlete && x.Date.Format(time.DateOnly) == "2026-11-05" {
					x.Kcal -= 900
					return x.Date
				}
			}
			t.Fatal("no food log on 2026-11-05 in the samples")
			return time.Time{}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newMemWhatIfCache()
			c.entries = maps.Clone(seeded.entries)
			b := editableBatch(base)
			changed := tc.change(t, b)
			want := Build(b, BuildOptions{WeekStart: time.Monday}).Weeks
			got, src := c.run(t, b)
			sameWhatIfs(t, got, want)
			if len(src) != len(before) {
				t.Logf("%d weeks searched before the change, %d after", len(before), len(src))
			}
			counts := map[string]int{}
			for _, w := range got {
				k := w.Athlete + " " + w.WeekStart.Format(time.DateOnly)
				s, ok := src[k]
				if !ok {
					continue // not searched (low or unscored)
				}
				who := "changed"
				if w.Athlete != athlete {
					who = "untouched"
				}
				counts[who+" "+[]string{"searched", "athlete key", "window key"}[s]]++
				ws := w.WeekStart
				switch {
				case w.Athlete != athlete:
					if s != WhatIfFromAthlete {
						t.Errorf("%s: the untouched athlete's week: source %d, want from the athlete key", k, s)
					}
				case s == WhatIfFromAthlete:
					t.Errorf("%s: the changed athlete's week served under its old athlete key", k)
				case changed.IsZero() || !changed.Before(dayStart(ws).AddDate(0, 0, -WhatIfWindowBefore)) && !changed.After(dayStart(ws).AddDate(0, 0, WhatIfWindowAfter)):
					// The change lies in this week's window (or reaches every
					// week): it must be searched again.
					if s != WhatIfSearched {
						t.Errorf("%s: the change (%s) is in this week's window: source %d, want searched", k, changed.Format(time.DateOnly), s)
					}
				}
			}
			t.Logf("searched weeks by athlete and source: %v", counts)
			if counts["changed searched"] == 0 {
				t.Error("no week of the changed athlete was searched again")
			}
			if !changed.IsZero() && counts["changed window key"] == 0 {
				t.Error("no week of the changed athlete came from its window key: the change reached every week")
			}
		})
	}
}

// dayStart is the calendar date of a week start (its local midnight) as
// midnight UTC, as food-log dates are.
func dayStart(ws time.Time) time.Time {
	return time.Date(ws.Year(), ws.Month(), ws.Day(), 0, 0, 0, 0, time.UTC)
}

// TestWhatIfEntryEncoding: an entry decodes to what was encoded (NaN,
// changes, the window key), and anything damaged is an error.
func TestWhatIfEntryEncoding(t *testing.T) {
	k := WhatIfKey{1, 2, 3}
	for _, e := range []whatIfEntry{
		{w: WhatIf{Score: math.NaN()}},
		{w: WhatIf{Score: 21.5, Band: "low", Changes: []string{"Move Tue's 60-min run to Wed 07:00", ""}, Sessions: 2, Cost: 2.6, Tried: 180}, window: &k},
	} {
		data := encodeWhatIfEntry(e)
		got, err := decodeWhatIfEntry(data)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got.w) != fmt.Sprint(e.w) || (got.window == nil) != (e.window == nil) || got.window != nil && *got.window != *e.window {
			t.Errorf("decoded %+v, want %+v", got, e)
		}
		for i := range data {
			if _, err := decodeWhatIfEntry(data[:i]); err == nil {
				t.Errorf("%d of %d bytes decoded", i, len(data))
			}
		}
		if _, err := decodeWhatIfEntry(append(slices.Clone(data), 0)); err == nil {
			t.Error("a trailing byte decoded")
		}
		bad := slices.Clone(data)
		bad[0]++
		if _, err := decodeWhatIfEntry(bad); err == nil {
			t.Error("another encoding version decoded")
		}
	}
}

// TestHashValue: the input hash tells apart what the search tells apart
// and nothing else: equal values (a map in any order) hash the same;
// NaN, −0, a nil and an empty slice, a field moved, another zone do not.
func TestHashValue(t *testing.T) {
	type inner struct {
		A, B float64
		S    []string
		M    map[string]float64
		T    time.Time
	}
	hashOf := func(v any) string {
		h := sha256.New()
		if err := hashValue(h, reflect.ValueOf(v), 0); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%x", h.Sum(nil))
	}
	t0 := time.Date(2026, 10, 20, 18, 25, 0, 0, time.UTC)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	ref := inner{A: 1, B: 2, S: []string{"x"}, M: map[string]float64{"a": 1, "b": 2, "c": 3}, T: t0}
	same := ref
	same.M = map[string]float64{"c": 3, "b": 2, "a": 1}
	if hashOf(ref) != hashOf(same) {
		t.Error("equal values hash differently")
	}
	for name, v := range map[string]inner{
		"NaN":         {A: math.NaN(), B: 2, S: ref.S, M: ref.M, T: t0},
		"-0 vs 0":     {A: 1, B: 2, S: ref.S, M: ref.M, T: t0},
		"fields swap": {A: 2, B: 1, S: ref.S, M: ref.M, T: t0},
		"nil slice":   {A: 1, B: 2, M: ref.M, T: t0},
		"empty slice": {A: 1, B: 2, S: []string{}, M: ref.M, T: t0},
		"map value":   {A: 1, B: 2, S: ref.S, M: map[string]float64{"a": 1, "b": 2, "c": 4}, T: t0},
		"zone":        {A: 1, B: 2, S: ref.S, M: ref.M, T: t0.In(berlin)},
		"instant":     {A: 1, B: 2, S: ref.S, M: ref.M, T: t0.Add(time.Nanosecond)},
	} {
		if name == "-0 vs 0" {
			v.B = 2
			v.A = 1
			w := v
			w.A = math.Copysign(0, -1)
			v.A = 0
			if hashOf(v) == hashOf(w) {
				t.Error("-0 and 0 hash the same")
			}
			continue
		}
		if hashOf(v) == hashOf(ref) {
			t.Errorf("%s: hashes like the reference", name)
		}
	}
	if hashOf(inner{S: nil}) == hashOf(inner{S: []string{}}) {
		t.Error("a nil and an empty slice hash the same")
	}
	h := sha256.New()
	if err := hashValue(h, reflect.ValueOf(struct{ F func() }{func() {}}), 0); err == nil {
		t.Error("a func hashed")
	}
}

// FuzzWhatIfEntry: decoding arbitrary bytes never panics, and whatever
// decodes, encoded again, decodes to the same entry (varints may come in
// longer forms than the encoder writes).
func FuzzWhatIfEntry(f *testing.F) {
	k := WhatIfKey{9}
	f.Add(encodeWhatIfEntry(whatIfEntry{w: WhatIf{Score: math.NaN()}}))
	f.Add(encodeWhatIfEntry(whatIfEntry{w: WhatIf{Score: 12.5, Band: "low", Changes: []string{"Swap Sat's 72-min run for an easy ride"}, Sessions: 1, Cost: 2, Tried: 300}, window: &k}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeWhatIfEntry(data)
		if err != nil {
			return
		}
		again, err := decodeWhatIfEntry(encodeWhatIfEntry(e))
		if err != nil || fmt.Sprint(again.w) != fmt.Sprint(e.w) || (again.window == nil) != (e.window == nil) ||
			again.window != nil && *again.window != *e.window {
			t.Errorf("decoded %+v; encoded and decoded again: %+v (%v)", e, again, err)
		}
	})
}
