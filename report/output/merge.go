package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/commit"
	"gainguard/report/html"
	"gainguard/report/tables"
)

// Merging a sharded run (gainguard merge OUT, docs/scale.md): [Merge]
// checks the N shard manifests in OUT/shards and writes, from the Parquet
// tables alone (never the inputs):
//
//	OUT/report.html                 the roster: one row per athlete, linking to
//	OUT/report/athlete=A.html       one page per athlete (its weeks and files)
//	OUT/manifest.json               every table file, page and shard manifest, written last
//
// so that a 10,000-athlete report is 10,001 small pages, not one file.

// MergeDir is the folder of OUT holding the per-athlete pages.
const MergeDir = "report"

// MergeResult says what [Merge] found and wrote.
type MergeResult struct {
	Shards   int
	Athletes int
	Files    int // table files checked
	Version  string
}

var shardManifestRE = regexp.MustCompile(`^shard-([0-9]+)-of-([0-9]+)\.json$`)

// Merge checks that OUT holds the complete, consistent output of one
// sharded run — a complete manifest for each of the N shards, all of the
// same gainguard version and options, every file they list present with
// its size and SHA-256 — and writes the roster report.html, one page per
// athlete under OUT/report/ and the combined manifest.json (last). On any
// problem it writes nothing and returns an error naming each shard at
// fault and what to do.
func Merge(out string, generated time.Time) (*MergeResult, error) {
	shards, err := checkShards(out)
	if err != nil {
		return nil, err
	}
	names := map[string]string{} // athlete=… folder → athlete
	var items []ManifestItem
	athletes := map[string]bool{}
	for i, m := range shards {
		maps.Copy(names, m.AthletePartitions)
		items = append(items, m.Files...)
		for _, a := range m.Athletes {
			athletes[a] = true
		}
		size, sum, err := fileSum(filepath.Join(out, filepath.FromSlash(ShardManifestName(i, len(shards)))))
		if err != nil {
			return nil, err
		}
		items = append(items, ManifestItem{Name: ShardManifestName(i, len(shards)), Size: size, SHA256: sum})
	}
	pages, err := readMergePages(out, shards, names)
	if err != nil {
		return nil, err
	}
	for a := range athletes {
		if pages[a] == nil {
			pages[a] = &athletePage{Athlete: a, Partition: tables.AthletePartition(a)}
		}
	}
	written, err := writeMergePages(out, pages, shards[0].Version, generated)
	if err != nil {
		return nil, err
	}
	items = append(items, written...)
	m := Manifest{RunID: newRunID(), Version: shards[0].Version, Generated: generated.UTC(), Files: items}
	if len(names) > 0 {
		m.AthletePartitions = names
	}
	if err := writeJSONAtomic(filepath.Join(out, ManifestFile), &m); err != nil {
		return nil, err
	}
	return &MergeResult{Shards: len(shards), Athletes: len(pages), Files: len(items) - len(written) - len(shards),
		Version: shards[0].Version}, nil
}

// checkShards reads and checks the shard manifests of out, in shard
// order.
func checkShards(out string) ([]*ShardManifest, error) {
	dir := filepath.Join(out, ShardsDir)
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(ents) == 0) {
		return nil, fmt.Errorf("%s holds no shard manifest: run gainguard analyze --shard I/N --out %s for each shard first", dir, out)
	}
	if err != nil {
		return nil, err
	}
	byCount := map[int][]string{}
	for _, e := range ents {
		if m := shardManifestRE.FindStringSubmatch(e.Name()); m != nil {
			n, _ := strconv.Atoi(m[2])
			byCount[n] = append(byCount[n], e.Name())
		}
	}
	if len(byCount) == 0 {
		return nil, fmt.Errorf("%s holds no shard-I-of-N.json: run gainguard analyze --shard I/N --out %s for each shard first", dir, out)
	}
	if len(byCount) > 1 {
		var parts []string
		for _, n := range slices.Sorted(maps.Keys(byCount)) {
			parts = append(parts, fmt.Sprintf("%d shards (%s)", n, strings.Join(byCount[n], ", ")))
		}
		return nil, fmt.Errorf("%s holds the manifests of runs with different shard counts: %s; an OUT holds one sharded run: remove the other run's shard manifests and part files, or use a fresh OUT", dir, strings.Join(parts, " and "))
	}
	var n int
	for k := range byCount {
		n = k
	}
	var errs []error
	shards := make([]*ShardManifest, n)
	for i := range n {
		name := filepath.Join(out, filepath.FromSlash(ShardManifestName(i, n)))
		m, err := readShardManifestFile(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			errs = append(errs, fmt.Errorf("shard %d of %d is missing (no %s): run gainguard analyze --shard %d/%d", i, n, name, i, n))
			continue
		case err != nil:
			errs = append(errs, fmt.Errorf("shard %d of %d: %w: re-run it (--shard %d/%d)", i, n, err, i, n))
			continue
		case m.Shard != i || m.Shards != n:
			errs = append(errs, fmt.Errorf("shard %d of %d: %s says shard %d of %d: re-run it (--shard %d/%d)", i, n, name, m.Shard, m.Shards, i, n))
			continue
		case !m.Complete:
			errs = append(errs, fmt.Errorf("shard %d of %d did not finish writing its files (%s is not complete; killed or failed?): re-run it (--shard %d/%d)", i, n, name, i, n))
			continue
		}
		shards[i] = m
	}
	// Every shard present is checked too, so that one error lists all
	// that is wrong.
	ref, r := (*ShardManifest)(nil), 0
	for i, m := range shards {
		if m == nil {
			continue
		}
		if ref == nil {
			ref, r = m, i
			continue
		}
		if m.Version != ref.Version {
			errs = append(errs, fmt.Errorf("shard %d of %d was written by gainguard %s, shard %d by %s: run every shard with one version", i, n, m.Version, r, ref.Version))
		}
		for _, k := range slices.Sorted(maps.Keys(mergeKeys(ref.Options, m.Options))) {
			if ref.Options[k] != m.Options[k] {
				errs = append(errs, fmt.Errorf("shard %d of %d ran with option %s = %q, shard %d with %q: run every shard with the same options", i, n, k, m.Options[k], r, ref.Options[k]))
			}
		}
	}
	seen := map[string]int{}
	for i, m := range shards {
		if m == nil {
			continue
		}
		for _, it := range m.Files {
			if !ownedShardFile(it.Name, i) {
				errs = append(errs, fmt.Errorf("shard %d of %d lists %s, not one of its files", i, n, it.Name))
				continue
			}
			if j, dup := seen[it.Name]; dup {
				errs = append(errs, fmt.Errorf("shards %d and %d both list %s", j, i, it.Name))
			}
			seen[it.Name] = i
			size, sum, err := fileSum(filepath.Join(out, filepath.FromSlash(it.Name)))
			switch {
			case err != nil:
				errs = append(errs, fmt.Errorf("shard %d of %d: %w: re-run it (--shard %d/%d)", i, n, err, i, n))
			case size != it.Size || sum != it.SHA256:
				errs = append(errs, fmt.Errorf("shard %d of %d: %s changed since the shard wrote it: re-run it (--shard %d/%d)", i, n, it.Name, i, n))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return shards, nil
}

func mergeKeys(a, b map[string]string) map[string]bool {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}

// athletePage is what the roster and an athlete's page show, read from
// the tables.
type athletePage struct {
	Athlete    string
	Partition  string // athlete=… folder
	Activities int64
	Files      int
	Failed     int
	FailedRows []tables.FileSummary
	Weeks      []tables.WeekSummary
}

// readMergePages reads weeks, activities and files of every shard into
// one page per athlete.
func readMergePages(out string, shards []*ShardManifest, names map[string]string) (map[string]*athletePage, error) {
	pages := map[string]*athletePage{}
	page := func(name string) (*athletePage, error) {
		parts := strings.Split(name, "/")
		folder := parts[1]
		a, ok := names[folder]
		if !ok {
			v, err := hivePathUnescape(strings.TrimPrefix(folder, "athlete="))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			a = v
		}
		p := pages[a]
		if p == nil {
			p = &athletePage{Athlete: a, Partition: folder}
			pages[a] = p
		}
		return p, nil
	}
	for _, m := range shards {
		for _, it := range m.Files {
			table, _, _ := strings.Cut(it.Name, "/")
			file := filepath.Join(out, filepath.FromSlash(it.Name))
			switch table {
			case "weeks":
				p, err := page(it.Name)
				if err != nil {
					return nil, err
				}
				rows, err := tables.ReadWeekSummaries(file)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", it.Name, err)
				}
				p.Weeks = append(p.Weeks, rows...)
			case "activities":
				p, err := page(it.Name)
				if err != nil {
					return nil, err
				}
				n, err := tables.NumRows(file)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", it.Name, err)
				}
				p.Activities += n
			case "files":
				p, err := page(it.Name)
				if err != nil {
					return nil, err
				}
				rows, err := tables.ReadFileSummaries(file)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", it.Name, err)
				}
				p.Files += len(rows)
				for _, r := range rows {
					if r.Status == string(ingest.StatusFailed) {
						p.Failed++
						p.FailedRows = append(p.FailedRows, r)
					}
				}
			}
		}
	}
	for _, p := range pages {
		slices.SortFunc(p.Weeks, func(a, b tables.WeekSummary) int { return int(a.WeekStart) - int(b.WeekStart) })
	}
	return pages, nil
}

// hivePathUnescape undoes [tables.HivePathEscape].
func hivePathUnescape(s string) (string, error) {
	if s == tables.HiveDefaultPartition {
		return "", nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", fmt.Errorf("bad escape in %q", s)
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", fmt.Errorf("bad escape in %q", s)
		}
		b.WriteByte(byte(v))
		i += 2
	}
	return b.String(), nil
}

// writeMergePages writes report.html and one page per athlete
// (report/html's roster pages), and removes the pages of athletes no
// longer present; it returns their manifest items.
func writeMergePages(out string, pages map[string]*athletePage, version string, generated time.Time) ([]ManifestItem, error) {
	list := slices.SortedFunc(maps.Values(pages), func(a, b *athletePage) int { return strings.Compare(a.Athlete, b.Athlete) })
	dir := filepath.Join(out, MergeDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var items []ManifestItem
	write := func(name string, render func(w io.Writer) error) error {
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			return err
		}
		sum := sha256.Sum256(buf.Bytes())
		if err := commit.WriteFile(filepath.Join(out, filepath.FromSlash(name)), func(w io.Writer) error {
			_, err := w.Write(buf.Bytes())
			return err
		}, hooks); err != nil {
			return err
		}
		items = append(items, ManifestItem{Name: name, Size: int64(buf.Len()), SHA256: hex.EncodeToString(sum[:])})
		return nil
	}
	stamp := fmt.Sprintf("gainguard %s, %s", version, generated.UTC().Format("2006-01-02 15:04 MST"))
	roster := make([]html.RosterAthlete, len(list))
	keep := map[string]bool{}
	for i, p := range list {
		roster[i] = p.roster()
		keep[p.Partition+".html"] = true
		if err := write(path.Join(MergeDir, p.Partition+".html"), func(w io.Writer) error {
			return html.WriteAthletePage(w, &roster[i], stamp)
		}); err != nil {
			return nil, err
		}
	}
	if err := write(HTMLFile, func(w io.Writer) error { return html.WriteRoster(w, roster, stamp) }); err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		if n := e.Name(); e.Type().IsRegular() && strings.HasPrefix(n, "athlete=") && strings.HasSuffix(n, ".html") && !keep[n] {
			if err := os.Remove(filepath.Join(dir, n)); err != nil {
				return nil, err
			}
		}
	}
	return items, nil
}

// roster is p as the pages show it.
func (p *athletePage) roster() html.RosterAthlete {
	r := html.RosterAthlete{Athlete: p.Athlete, Href: MergeDir + "/" + url.PathEscape(p.Partition+".html"),
		Activities: p.Activities, Files: p.Files, Failed: p.Failed}
	for _, f := range p.FailedRows {
		r.FailedFiles = append(r.FailedFiles, html.RosterFile{Path: f.Path, Reason: f.Reason})
	}
	for _, w := range p.Weeks {
		r.Weeks = append(r.Weeks, html.RosterWeek{Week: w.Week(), Runs: w.Runs, Lifts: w.Lifts, RunDistanceKm: w.RunDistanceKm,
			InterferenceScore: w.InterferenceScore, InterferenceBand: w.InterferenceBand,
			UnderFuelingScore: w.UnderFuelingScore, UnderFuelingBand: w.UnderFuelingBand,
			Tier: w.Tier, Confidence: w.Confidence, Rules: w.RuleIDs})
	}
	return r
}

// writeJSONAtomic writes v as indented JSON to name, atomically.
func writeJSONAtomic(name string, v any) error {
	return commit.WriteFile(name, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}, hooks)
}
