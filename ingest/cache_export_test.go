package ingest_test

import (
	"context"
	"fmt"
	"testing"

	"gainguard/ingest"
	"gainguard/ingest/state"
)

// TestFileCacheExports: Strava and Garmin exports (zips, nested zips,
// .gz entries, Strava's activities.csv) import the same from the cache.
func TestFileCacheExports(t *testing.T) {
	root, dir := t.TempDir(), t.TempDir()
	exportTree(t, root)
	run := func(cached bool) (string, int64) {
		opt := ingest.Options{Formats: formats, Workers: 2}
		var c *state.FileCache
		if cached {
			var err error
			c, _, err = state.LoadFileCache(dir, "v", opt.Fingerprint())
			if err != nil {
				t.Fatal(err)
			}
			opt.Cache = c
		}
		b, err := ingest.Import(context.Background(), []string{root}, opt)
		if err != nil {
			t.Fatal(err)
		}
		var hits int64
		if c != nil {
			if err := c.Save(); err != nil {
				t.Fatal(err)
			}
			hits, _ = c.Stats()
		}
		return fmt.Sprintf("%+v\n%+v", b.Activities, b.Files), hits
	}
	want, _ := run(false)
	for i, wantHits := range []bool{false, true} {
		got, hits := run(true)
		if got != want {
			t.Errorf("run %d: cached import differs from a fresh one\ngot  %s\nwant %s", i, got, want)
		}
		if (hits > 0) != wantHits {
			t.Errorf("run %d: %d cache hits", i, hits)
		}
	}
}
