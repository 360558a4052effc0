package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gainguard/report/tables"
)

// TestMergeChecks: merge refuses an OUT whose shards are missing,
// incomplete, of another version, run with other options, of two shard
// counts, or whose files changed, and names each shard at fault.
func TestMergeChecks(t *testing.T) {
	good := func(i, n int) ShardManifest {
		return ShardManifest{Manifest: Manifest{Version: "1.0"}, Shard: i, Shards: n, Complete: true,
			Options: map[string]string{"since": "", "records": "false"}}
	}
	for _, tc := range []struct {
		name  string
		edit  func(ms []ShardManifest) []ShardManifest
		files map[string]string // extra files in OUT
		want  []string          // "" means merge succeeds
	}{
		{name: "complete", edit: func(ms []ShardManifest) []ShardManifest { return ms }},
		{name: "none", edit: func([]ShardManifest) []ShardManifest { return nil }, want: []string{"holds no shard manifest"}},
		{name: "missing", edit: func(ms []ShardManifest) []ShardManifest { return ms[:2] },
			want: []string{"shard 2 of 3 is missing", "--shard 2/3"}},
		{name: "two missing", edit: func(ms []ShardManifest) []ShardManifest { return ms[1:2] },
			want: []string{"shard 0 of 3 is missing", "shard 2 of 3 is missing"}},
		{name: "incomplete", edit: func(ms []ShardManifest) []ShardManifest { ms[1].Complete = false; return ms },
			want: []string{"shard 1 of 3 did not finish", "--shard 1/3"}},
		{name: "version", edit: func(ms []ShardManifest) []ShardManifest { ms[2].Version = "0.9"; return ms },
			want: []string{"shard 2 of 3 was written by gainguard 0.9, shard 0 by 1.0"}},
		{name: "options", edit: func(ms []ShardManifest) []ShardManifest { ms[1].Options["since"] = "2026-01-01"; return ms },
			want: []string{`shard 1 of 3 ran with option since = "2026-01-01", shard 0 with ""`}},
		{name: "option missing", edit: func(ms []ShardManifest) []ShardManifest { delete(ms[2].Options, "records"); return ms },
			want: []string{`shard 2 of 3 ran with option records = ""`}},
		{name: "two counts", edit: func(ms []ShardManifest) []ShardManifest { return append(ms, good(0, 2)) },
			want: []string{"different shard counts", "2 shards (shard-0-of-2.json)", "3 shards"}},
		{name: "file changed", edit: func(ms []ShardManifest) []ShardManifest {
			ms[0].Files = []ManifestItem{{Name: "weeks/athlete=a/year=2026/part-0.parquet", Size: 4, SHA256: "00"}}
			return ms
		}, files: map[string]string{"weeks/athlete=a/year=2026/part-0.parquet": "PAR1"},
			want: []string{"shard 0 of 3: weeks/athlete=a/year=2026/part-0.parquet changed since the shard wrote it"}},
		{name: "file gone", edit: func(ms []ShardManifest) []ShardManifest {
			ms[1].Files = []ManifestItem{{Name: "runs/athlete=b/year=2026/part-1.parquet", Size: 4, SHA256: "00"}}
			return ms
		}, want: []string{"shard 1 of 3:", "part-1.parquet", "re-run it (--shard 1/3)"}},
		{name: "foreign file", edit: func(ms []ShardManifest) []ShardManifest {
			ms[1].Files = []ManifestItem{{Name: "../etc/passwd"}, {Name: "runs/athlete=b/year=2026/part-0.parquet"}}
			return ms
		}, want: []string{"shard 1 of 3 lists ../etc/passwd, not one of its files", "lists runs/athlete=b/year=2026/part-0.parquet, not one"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			ms := tc.edit([]ShardManifest{good(0, 3), good(1, 3), good(2, 3)})
			if err := os.MkdirAll(filepath.Join(out, ShardsDir), 0o755); err != nil {
				t.Fatal(err)
			}
			for i := range ms {
				if err := writeShardManifest(filepath.Join(out, filepath.FromSlash(ShardManifestName(ms[i].Shard, ms[i].Shards))), &ms[i]); err != nil {
					t.Fatal(err)
				}
			}
			for name, content := range tc.files {
				p := filepath.Join(out, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res, err := Merge(out, time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC))
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if res.Shards != 3 {
					t.Errorf("merged %d shards, want 3", res.Shards)
				}
				if _, err := os.Stat(filepath.Join(out, ManifestFile)); err != nil {
					t.Error(err)
				}
				return
			}
			if err == nil {
				t.Fatalf("merged; want an error naming %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not say %q", err, w)
				}
			}
			for _, name := range []string{ManifestFile, HTMLFile} {
				if _, err := os.Stat(filepath.Join(out, name)); err == nil {
					t.Errorf("a refused merge wrote %s", name)
				}
			}
		})
	}
}

func TestHivePathUnescape(t *testing.T) {
	for _, name := range []string{"alex", "kim/b=2 %", "ünï", "a#b?c:d", ""} {
		got, err := hivePathUnescape(tables.HivePathEscape(name))
		if err != nil || got != name {
			t.Errorf("unescape(escape(%q)) = %q, %v", name, got, err)
		}
	}
	for _, bad := range []string{"a%", "a%4", "a%zz"} {
		if _, err := hivePathUnescape(bad); err == nil {
			t.Errorf("unescape(%q) succeeded", bad)
		}
	}
}
