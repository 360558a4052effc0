package corpustest

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestAppsManifest: ../shared/corpus-apps holds exactly the files its
// MANIFEST.tsv lists, with the listed sizes and SHA-256, so that the
// importers' corpus-apps tests (ingest/applehealth TestCorpus,
// TestCorpusApple, TestCorpusRouteFiles; ingest/csvlog
// TestAppsCorpusAccounted and the DuckDB tests) count the documented
// files, and a file added without a test is noticed here.
func TestAppsManifest(t *testing.T) {
	dir := filepath.Join(Dir, "..", "corpus-apps")
	data, err := os.ReadFile(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Skipf("no corpus-apps manifest: %v", err)
	}
	type row struct {
		size int64
		sum  string
	}
	listed := map[string]row{}
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		cols := strings.Split(line, "\t")
		if i == 0 {
			if len(cols) < 7 || cols[0] != "path" || cols[5] != "bytes" || cols[6] != "sha256" {
				t.Fatalf("manifest header %q", cols)
			}
			continue
		}
		if len(cols) < 7 {
			t.Fatalf("manifest line %d: %q", i+1, line)
		}
		n, err := strconv.ParseInt(cols[5], 10, 64)
		if err != nil {
			t.Fatalf("manifest line %d: bytes %q", i+1, cols[5])
		}
		listed[cols[0]] = row{n, cols[6]}
	}
	var onDisk []string
	err = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "MANIFEST.tsv" {
			return nil
		}
		onDisk = append(onDisk, rel)
		r, ok := listed[rel]
		if !ok {
			t.Errorf("%s: not in corpus-apps/MANIFEST.tsv", rel)
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		if int64(len(b)) != r.size || hex.EncodeToString(sum[:]) != r.sum {
			t.Errorf("%s: %d bytes, sha256 %x; the manifest says %d, %s", rel, len(b), sum, r.size, r.sum)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(onDisk)
	if len(onDisk) != len(listed) {
		t.Errorf("%d files on disk %q, %d in the manifest", len(onDisk), onDisk, len(listed))
	}
	// The importers' tests name these folders; a new one needs its test.
	for _, p := range onDisk {
		if f := strings.SplitN(p, "/", 2)[0]; f != "apple" && f != "csv" {
			t.Errorf("%s: a corpus-apps folder no importer test reads", p)
		}
	}
}
