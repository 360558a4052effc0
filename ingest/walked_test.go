package ingest

import (
	"slices"
	"testing"
)

// TestMergeFiles: the summary keeps every batch's file rows, and a sport
// override stays unused only while no batch used it.
func TestMergeFiles(t *testing.T) {
	for _, tc := range []struct {
		name   string
		unused [][]string // each batch's UnusedSportOverrides
		want   []string
	}{
		{"one batch", [][]string{{"a", "b"}}, []string{"a", "b"}},
		{"used by the second", [][]string{{"a", "b"}, {"b"}}, []string{"b"}},
		{"used by the first", [][]string{{"b"}, {"a", "b"}}, []string{"b"}},
		{"used by each", [][]string{{"a"}, {"b"}, {"a", "b"}}, []string{}},
		{"none unused", [][]string{nil, {"a"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sum Batch
			for i, u := range tc.unused {
				sum.MergeFiles(&Batch{Files: []FileResult{{Path: string(rune('p' + i))}}, UnusedSportOverrides: u, OtherShard: 3})
			}
			if !slices.Equal(sum.UnusedSportOverrides, tc.want) || len(sum.Files) != len(tc.unused) || sum.OtherShard != 3 {
				t.Errorf("unused %q (want %q), %d file rows (want %d), other shard %d", sum.UnusedSportOverrides, tc.want, len(sum.Files), len(tc.unused), sum.OtherShard)
			}
		})
	}
}
