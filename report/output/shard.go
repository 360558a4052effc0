package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gainguard/ingest/commit"
	"gainguard/report"
	"gainguard/report/tables"
)

// Sharded runs (analyze --shard I/N, docs/scale.md): N processes share
// one output folder OUT, each writing the partitioned tables of its own
// athletes:
//
//	OUT/TABLE/athlete=A/year=Y/part-I.parquet
//	OUT/files/athlete=A/part-I.parquet
//	OUT/shards/shard-I-of-N.json        the shard's manifest, written last
//
// A shard writes nothing else into OUT: its files are staged in its own
// folder OUT/.shard-I-of-N.tmp-*, renamed into place one by one, and the
// files its previous run listed and this one did not write are removed.
// Athletes of one shard never share an athlete=… folder with another's,
// and every file name carries I, so shards never touch each other's
// files. `gainguard merge OUT` ([Merge]) checks the N manifests and writes
// manifest.json and the HTML pages.

// ShardsDir is the folder of OUT holding the shard manifests.
const ShardsDir = "shards"

// ShardManifest is one shard's manifest: a [Manifest] of its files (names
// relative to OUT) plus what merge checks.
type ShardManifest struct {
	Manifest
	Shard  int `json:"shard"`
	Shards int `json:"shards"`
	// Complete is false while the shard moves its files into place (the
	// manifest then lists the files of the previous run too, so that a
	// re-run after a kill removes what neither run keeps).
	Complete bool `json:"complete"`
	// Options are the options every shard of one run must share, by
	// name (inputs, profile flags, --since, --records...).
	Options map[string]string `json:"options"`
	// Athletes are the shard's athletes (as in the tables).
	Athletes []string `json:"athletes"`
	// OtherShardRows counts the input rows (files, profiles) of other
	// shards' athletes that this shard saw while walking and left out,
	// undecoded; each is in its own shard's files table.
	OtherShardRows int `json:"other_shard_rows"`
}

// ShardRun says which shard [WriteShard] writes.
type ShardRun struct {
	Index, Count   int
	Options        map[string]string
	OtherShardRows int
}

// ShardManifestName is the path, relative to OUT, of shard i of n's
// manifest.
func ShardManifestName(i, n int) string {
	return ShardsDir + "/shard-" + strconv.Itoa(i) + "-of-" + strconv.Itoa(n) + ".json"
}

func shardPartFile(i int) string { return "part-" + strconv.Itoa(i) + ".parquet" }

func shardTempPrefix(i, n int) string { return commit.TempPrefix(fmt.Sprintf("shard-%d-of-%d", i, n)) }

// shardTables returns the tables a shard writes: every table of
// [tables.Files], and records when asked.
func shardTables(opt report.WriteOptions) []tables.PartTable {
	parted := tables.PartTables()
	var list []tables.PartTable
	for _, name := range tables.Files {
		if t, ok := parted[name]; ok {
			list = append(list, t)
		}
	}
	if opt.Records {
		list = append(list, parted[tables.RecordsFile])
	}
	return list
}

// WriteShard writes d's tables into out as shard s (see "Sharded runs"
// above) and then its manifest. On error, files already renamed into
// place stay (each complete) and the manifest says the shard is not
// complete; a re-run repairs it. Call it only while holding the shard's
// lock.
func WriteShard(out string, d *report.Dataset, s ShardRun) (err error) {
	if d == nil {
		return errors.New("report: nil dataset")
	}
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("report: shard %d/%d", s.Index, s.Count)
	}
	if err := os.MkdirAll(filepath.Join(out, ShardsDir), 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	stage, err := os.MkdirTemp(out, shardTempPrefix(s.Index, s.Count))
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer os.RemoveAll(stage)
	part := shardPartFile(s.Index)
	var items []ManifestItem
	tabs := shardTables(d.Output)
	for _, t := range tabs {
		if err := t.Write(filepath.Join(stage, t.Table), d); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		its, err := commit.ItemsUnder(filepath.Join(stage, t.Table), t.Table)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("report: %w", err)
		}
		items = append(items, its...)
	}
	staged := make([]string, len(items))
	for i := range items {
		staged[i] = filepath.Join(stage, filepath.FromSlash(items[i].Name))
		items[i].Name = path.Join(path.Dir(items[i].Name), part)
	}

	m := ShardManifest{
		Manifest: Manifest{RunID: newRunID(), Version: d.Version, Generated: d.Generated.UTC(), Files: items,
			AthletePartitions: tables.AthletePartitions(d)},
		Shard: s.Index, Shards: s.Count, Options: s.Options, Athletes: datasetAthletes(d),
		OtherShardRows: s.OtherShardRows,
	}
	name := filepath.Join(out, filepath.FromSlash(ShardManifestName(s.Index, s.Count)))
	var stale []string
	if prev, err := ReadShardManifest(out, s.Index, s.Count); err == nil {
		keep := make(map[string]bool, len(items))
		for _, it := range items {
			keep[it.Name] = true
		}
		for _, it := range prev.Files {
			if !keep[it.Name] && ownedShardFile(it.Name, s.Index) {
				stale = append(stale, it.Name)
			}
		}
	}
	// The pending manifest lists the previous run's files too: should the
	// commit below be cut short, the next run removes what it left.
	pending := m
	pending.Files = slices.Clone(items)
	for _, n := range stale {
		pending.Files = append(pending.Files, ManifestItem{Name: n})
	}
	if err := writeShardManifest(name, &pending); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for i, it := range items {
		target := filepath.Join(out, filepath.FromSlash(it.Name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := os.Rename(staged[i], target); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if i == 0 {
			CrashPoint("mid-shard-rename")
		}
	}
	for _, n := range stale {
		if err := removeShardFile(out, n); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	for _, t := range tabs {
		if err := syncTree(filepath.Join(out, t.Table)); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	m.Complete = true
	if err := writeShardManifest(name, &m); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// datasetAthletes lists d's athletes, sorted.
func datasetAthletes(d *report.Dataset) []string {
	seen := map[string]bool{}
	for i := range d.Files {
		seen[d.Files[i].Athlete] = true
	}
	for i := range d.Activities {
		seen[d.Activities[i].Athlete] = true
	}
	for i := range d.Weeks {
		seen[d.Weeks[i].Athlete] = true
	}
	list := make([]string, 0, len(seen))
	for a := range seen {
		list = append(list, a)
	}
	slices.Sort(list)
	return list
}

// shardFileRE matches the name of a file a shard writes: TABLE/athlete=…
// (/year=…)/part-I.parquet.
var shardFileRE = regexp.MustCompile(`^[a-z]+/athlete=[^/]+(/year=[^/]+)?/part-([0-9]+)\.parquet$`)

// ownedShardFile reports whether name (relative to OUT) is a file shard i
// writes, so that a damaged or foreign manifest never makes a shard
// remove anything else.
func ownedShardFile(name string, i int) bool {
	m := shardFileRE.FindStringSubmatch(name)
	if m == nil || strings.Contains(name, "..") {
		return false
	}
	return m[2] == strconv.Itoa(i)
}

// removeShardFile removes out/name and the year= and athlete= folders it
// leaves empty (never the table folder, which other shards share).
func removeShardFile(out, name string) error {
	p := filepath.Join(out, filepath.FromSlash(name))
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	table := filepath.Join(out, strings.SplitN(name, "/", 2)[0])
	for dir := filepath.Dir(p); dir != table && strings.HasPrefix(dir, table); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil { // not empty (or gone): stop
			break
		}
	}
	return nil
}

// syncTree syncs every folder under root (a missing root is fine).
func syncTree(root string) error {
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.IsDir() {
			err = commit.SyncDir(p)
		}
		return err
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

func writeShardManifest(name string, m *ShardManifest) error { return writeJSONAtomic(name, m) }

// ReadShardManifest reads shard i of n's manifest from out.
func ReadShardManifest(out string, i, n int) (*ShardManifest, error) {
	return readShardManifestFile(filepath.Join(out, filepath.FromSlash(ShardManifestName(i, n))))
}

func readShardManifestFile(name string) (*ShardManifest, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var m ShardManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &m, nil
}

// RemoveShardTemps removes the staging folders a killed run of shard i of
// n left in out (".shard-I-of-N.tmp-*") and returns how many. Call it
// only while holding the shard's lock.
func RemoveShardTemps(out string, i, n int) (int, error) {
	ents, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	count := 0
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), shardTempPrefix(i, n)) {
			if err := os.RemoveAll(filepath.Join(out, e.Name())); err == nil {
				count++
			}
		}
	}
	return count, nil
}

// fileSum returns the size and SHA-256 (hex) of the file at p.
func fileSum(p string) (int64, string, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return n, hex.EncodeToString(h.Sum(nil)), err
}
