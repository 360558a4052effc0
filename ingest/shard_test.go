package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// TestShardImport: a sharded import decodes only its athletes' files
// (the decoder never sees another shard's), accounts for every other row
// in OtherShard, and the shards' rows together are a full import's.
func TestShardImport(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	names := []string{"ana", "ben", "cleo", "dev", "eli", "fay", "gus", "hal"}
	for i, a := range names {
		for k := range 3 {
			write(fmt.Sprintf("%s/run%d.fake", a, k), fmt.Sprintf("2026-01-%02dT07:00:00Z run\n", 1+i+k*9))
		}
		write(a+"/bad.fake", "fail\n")
	}
	write("cleo/"+ProfileFileName, `{"name": "Cleo P"}`) // the athlete a profile names
	write("loose.fake", "2026-02-01T07:00:00Z run\n")    // coach's top level: the default athlete

	importWith := func(s Shard) (*Batch, []string) {
		t.Helper()
		var mu sync.Mutex
		var decoded []string
		b, err := Import(context.Background(), []string{root}, Options{Formats: []Format{fakeFormat}, Coach: true, Shard: s,
			Reduce: func(a *Activity) {
				mu.Lock()
				decoded = append(decoded, a.Athlete)
				mu.Unlock()
			}})
		if err != nil {
			t.Fatal(err)
		}
		return b, decoded
	}
	full, _ := importWith(Shard{})
	if full.OtherShard != 0 {
		t.Errorf("full import: OtherShard = %d", full.OtherShard)
	}
	const n = 3
	var files []FileResult
	var acts []string
	for i := range n {
		s := Shard{Index: i, Count: n}
		b, decoded := importWith(s)
		for _, a := range decoded {
			if ShardOf(a, n) != i {
				t.Errorf("shard %v decoded a file of %q (shard %d)", s, a, ShardOf(a, n))
			}
		}
		for _, f := range b.Files {
			if !s.Has(f.Athlete) {
				t.Errorf("shard %v has the row %s of %q", s, f.Path, f.Athlete)
			}
		}
		for a := range b.Profiles {
			if !s.Has(a) {
				t.Errorf("shard %v holds the profile of %q", s, a)
			}
		}
		if len(b.Files)+b.OtherShard != len(full.Files) {
			t.Errorf("shard %v: %d rows + %d of other shards, want %d", s, len(b.Files), b.OtherShard, len(full.Files))
		}
		files = append(files, b.Files...)
		for _, a := range b.Activities {
			acts = append(acts, a.Athlete+" "+a.ID)
		}
	}
	key := func(f FileResult) string {
		return f.Path + "|" + f.Athlete + "|" + string(f.Status) + "|" + string(f.AthleteRule)
	}
	got, want := make([]string, 0, len(files)), make([]string, 0, len(full.Files))
	for _, f := range files {
		got = append(got, key(f))
	}
	for _, f := range full.Files {
		want = append(want, key(f))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the shards' rows differ from a full import's:\n got %q\nwant %q", got, want)
	}
	var wantActs []string
	for _, a := range full.Activities {
		wantActs = append(wantActs, a.Athlete+" "+a.ID)
	}
	slices.Sort(acts)
	slices.Sort(wantActs)
	if !slices.Equal(acts, wantActs) || len(acts) != 8*3+1 {
		t.Errorf("activities of the shards %d, full %d (want 25)", len(acts), len(wantActs))
	}
	if _, ok := full.Profiles["Cleo P"]; !ok {
		t.Error("full import lost the profile")
	}
}

func TestShardOf(t *testing.T) {
	// Fixed values: the rule is documented (docs/scale.md) and must not
	// move, or a re-sharded OUT would mix layouts.
	for _, tc := range []struct {
		athlete string
		n, want int
	}{
		// first 8 bytes of SHA-256, big-endian, mod n (checked with
		// Python's hashlib)
		{"alex", 1, 0},
		{"alex", 3, 1},
		{"alex", 8, 6},
		{"bea", 8, 5},
		{"Cleo P", 3, 0},
		{"", 8, 4},
	} {
		if got := ShardOf(tc.athlete, tc.n); got != tc.want {
			t.Errorf("ShardOf(%q, %d) = %d, want %d", tc.athlete, tc.n, got, tc.want)
		}
	}
	counts := make([]int, 4)
	for i := range 4000 {
		counts[ShardOf(fmt.Sprintf("athlete-%d", i), 4)]++
	}
	for i, c := range counts {
		if c < 900 || c > 1100 {
			t.Errorf("shard %d of 4 holds %d of 4000 athletes: not balanced", i, c)
		}
	}
	for _, s := range []Shard{{-1, 3}, {3, 3}, {1, 0}} {
		if s.Validate() == nil {
			t.Errorf("%v validated", s)
		}
	}
}
