package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gainguard/ingest"
	"gainguard/report/output"
	"gainguard/report/tables"
)

// shardTables are the tables a sharded run writes (--records included).
var shardTables = []string{"activities", "runs", "lifts", "sets", "weeks", "rules", "days", "strength", "progress", "files", "records"}

// TestShardUnion is the proof of sharded runs (docs/scale.md): three
// shards, run as separate processes at the same time into one OUT, write
// together exactly the rows of one full run, table by table (DuckDB
// EXCEPT ALL both ways); a re-run of one shard after its inputs changed
// changes only that shard's files, and the union still equals a full run
// over the changed inputs.
func TestShardUnion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and runs it five times")
	}
	bin := buildGainguard(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	env := append(os.Environ(), "SOURCE_DATE_EPOCH=1764979200")
	run := func(args ...string) *exec.Cmd {
		c := exec.Command(bin, args...)
		c.Env = env
		c.Dir = dir
		return c
	}
	mustRun := func(args ...string) {
		t.Helper()
		if out, err := run(args...).CombinedOutput(); err != nil {
			t.Fatalf("gainguard %v: %v\n%s", args, err, out)
		}
	}
	mustRun("samples", "--athletes", "7", "--weeks", "2", "-o", in)
	// A file under no athlete's folder (the default athlete) that fails,
	// so that failed rows and a profile-less athlete are sharded too.
	if err := os.WriteFile(filepath.Join(in, "broken.fit"), []byte("not a fit file"), 0o644); err != nil {
		t.Fatal(err)
	}
	athletes := sampleAthletes(t, in)
	shardOf := map[int][]string{}
	for _, a := range append(athletes, ingest.DefaultAthlete) {
		shardOf[ingest.ShardOf(a, 3)] = append(shardOf[ingest.ShardOf(a, 3)], a)
	}
	for i := range 3 {
		if len(shardOf[i]) == 0 {
			t.Fatalf("shard %d of 3 holds no athlete of %v: pick another generator size", i, athletes)
		}
	}

	shardRun := func(out string) {
		t.Helper()
		var cmds []*exec.Cmd
		var outs []*bytes.Buffer
		for i := range 3 {
			c := run("analyze", "-q", "--records", "--shard", fmt.Sprintf("%d/3", i), "--out", out, "in")
			var b bytes.Buffer
			c.Stdout, c.Stderr = &b, &b
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			cmds, outs = append(cmds, c), append(outs, &b)
		}
		for i, c := range cmds {
			if err := c.Wait(); err != nil {
				t.Fatalf("shard %d/3: %v\n%s", i, err, outs[i])
			}
		}
	}
	mustRun("analyze", "-q", "--records", "--partition", "--out", "full", "in")
	shardRun("sharded")

	query := duckDB(t, dir)
	compare := func(what string) {
		t.Helper()
		hive := func(out, table string) string {
			return fmt.Sprintf("read_parquet('%s/%s/**/*.parquet', hive_partitioning=true, union_by_name=true)", out, table)
		}
		var sqls []string
		for _, table := range shardTables {
			full, sh := hive("full", table), hive("sharded", table)
			sqls = append(sqls, fmt.Sprintf(`SELECT
				(SELECT count(*) FROM %[1]s)::BIGINT AS full_rows,
				(SELECT count(*) FROM %[2]s)::BIGINT AS shard_rows,
				(SELECT count(DISTINCT athlete) FROM %[1]s)::BIGINT AS athletes,
				(SELECT count(*) FROM (SELECT * FROM %[1]s EXCEPT ALL SELECT * FROM %[2]s))::BIGINT AS only_full,
				(SELECT count(*) FROM (SELECT * FROM %[2]s EXCEPT ALL SELECT * FROM %[1]s))::BIGINT AS only_shards`, full, sh))
		}
		res := query(sqls...)
		for i, table := range shardTables {
			r := res[i][0]
			fullRows, shardRows := asInt(t, r["full_rows"]), asInt(t, r["shard_rows"])
			if fullRows == 0 {
				t.Errorf("%s: full run's %s is empty: the comparison proves nothing", what, table)
			}
			if n := asInt(t, r["athletes"]); n < 3 && table != "strength" && table != "progress" {
				t.Errorf("%s: full run's %s holds %d athletes, want several", what, table, n)
			}
			if fullRows != shardRows || asInt(t, r["only_full"]) != 0 || asInt(t, r["only_shards"]) != 0 {
				t.Errorf("%s: %s: full run %d rows, shards %d; %v rows only in the full run, %v only in the shards",
					what, table, fullRows, shardRows, r["only_full"], r["only_shards"])
			}
		}
	}
	compare("first run")

	// merge reads the tables only: the inputs are moved away first.
	if err := os.Rename(in, in+".away"); err != nil {
		t.Fatal(err)
	}
	mustRun("merge", "-q", "sharded")
	if err := os.Rename(in+".away", in); err != nil {
		t.Fatal(err)
	}
	checkMerged(t, filepath.Join(dir, "sharded"), append(athletes, ingest.DefaultAthlete))

	// Each shard wrote only part-I files under its own athletes.
	for name := range hashTree(t, filepath.Join(dir, "sharded")) {
		if !strings.HasSuffix(name, ".parquet") {
			continue
		}
		var i int
		athlete := partitionAthlete(t, name)
		if _, err := fmt.Sscanf(filepath.Base(name), "part-%d.parquet", &i); err != nil || ingest.ShardOf(athlete, 3) != i {
			t.Errorf("%s: athlete %q is in shard %d, file says %v", name, athlete, ingest.ShardOf(athlete, 3), filepath.Base(name))
		}
	}

	// Re-run one shard after its inputs changed: one of its athletes
	// loses an activity file.
	const rerun = 1
	victim := shardOf[rerun][0]
	if victim == ingest.DefaultAthlete {
		victim = shardOf[rerun][len(shardOf[rerun])-1]
	}
	removed := removeOneActivity(t, filepath.Join(in, victim))
	before := hashTree(t, filepath.Join(dir, "sharded"))
	c := run("analyze", "-q", "--records", "--shard", fmt.Sprintf("%d/3", rerun), "--out", "sharded", "in")
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("re-run of shard %d: %v\n%s", rerun, err, out)
	}
	after := hashTree(t, filepath.Join(dir, "sharded"))
	own := func(name string) bool {
		if strings.HasPrefix(name, ".gainguard/shard-1-of-3/") || name == "shards/shard-1-of-3.json" {
			return true
		}
		return strings.HasSuffix(name, "/part-1.parquet") && ingest.ShardOf(partitionAthlete(t, name), 3) == rerun
	}
	changed := 0
	for name, h := range after {
		if before[name] != h {
			changed++
			if !own(name) {
				t.Errorf("re-running shard %d changed %s (not its file)", rerun, name)
			}
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok && !own(name) {
			t.Errorf("re-running shard %d removed %s (not its file)", rerun, name)
		}
	}
	victimChanged := false
	for name, h := range before {
		if strings.HasPrefix(name, "activities/"+tables.AthletePartition(victim)+"/") && after[name] != h {
			victimChanged = true
		}
	}
	if !victimChanged {
		t.Errorf("re-running shard %d after removing %s left %s's activities unchanged", rerun, removed, victim)
	}
	if changed == 0 {
		t.Fatal("the re-run changed nothing")
	}
	mustRun("analyze", "-q", "--records", "--partition", "--out", "full", "in")
	compare("after re-running one shard")

	// A shard killed while moving its files into place: merge refuses it
	// until it is re-run, and the re-run leaves no staging folder.
	c = run("analyze", "-q", "--records", "--no-cache", "--shard", "2/3", "--out", "sharded", "in")
	c.Env = append(c.Env, output.CrashEnv+"=mid-shard-rename")
	if out, err := c.CombinedOutput(); err == nil || c.ProcessState.ExitCode() != 137 {
		t.Fatalf("shard 2/3 with a crash point: %v (want exit 137)\n%s", err, out)
	}
	if out, err := run("merge", "sharded").CombinedOutput(); err == nil || !strings.Contains(string(out), "shard 2 of 3 did not finish") {
		t.Errorf("merge after shard 2 was killed: %v\n%s", err, out)
	}
	mustRun("analyze", "-q", "--records", "--shard", "2/3", "--out", "sharded", "in")
	mustRun("merge", "-q", "sharded")
	if m, _ := filepath.Glob(filepath.Join(dir, "sharded", ".shard-*")); len(m) > 0 {
		t.Errorf("staging folders left behind: %v", m)
	}
	compare("after a killed shard was re-run")

	// merge names a shard that is missing or changed.
	if err := os.Remove(filepath.Join(dir, "sharded", "shards", "shard-2-of-3.json")); err != nil {
		t.Fatal(err)
	}
	for name := range after {
		if strings.HasPrefix(name, "weeks/") && strings.HasSuffix(name, "part-0.parquet") {
			if err := os.WriteFile(filepath.Join(dir, "sharded", name), []byte("PAR1"), 0o644); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	out, err := run("merge", "sharded").CombinedOutput()
	if err == nil {
		t.Fatalf("merge of a broken OUT succeeded:\n%s", out)
	}
	for _, want := range []string{"shard 2 of 3 is missing", "run gainguard analyze --shard 2/3", "shard 0 of 3: weeks/", "changed since the shard wrote it"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("merge of a broken OUT says\n%s\nwant it to name %q", out, want)
		}
	}
}

// checkMerged checks what merge wrote into out: a roster linking one page
// per athlete, each page naming its athlete and weeks, and a manifest
// that verifies.
func checkMerged(t *testing.T, out string, athletes []string) {
	t.Helper()
	roster, err := os.ReadFile(filepath.Join(out, output.HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range athletes {
		href := output.MergeDir + "/" + tables.AthletePartition(a) + ".html"
		if !strings.Contains(string(roster), `href="`+href+`"`) {
			t.Errorf("report.html does not link %s's page %s", a, href)
		}
		page, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(href)))
		if err != nil {
			t.Errorf("%s's page: %v", a, err)
			continue
		}
		if !strings.Contains(string(page), "<h1><bdi>"+a+"</bdi></h1>") {
			t.Errorf("%s's page does not name the athlete", a)
		}
		if a != ingest.DefaultAthlete && strings.Count(string(page), "<tr><td>20") < 2 {
			t.Errorf("%s's page lists fewer than 2 weeks", a)
		}
	}
	if a := ingest.DefaultAthlete; !strings.Contains(string(roster), ">1</td></tr>") {
		t.Errorf("report.html does not count %s's failed file", a)
	}
	m, err := output.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Verify(out); err != nil {
		t.Errorf("merged manifest: %v", err)
	}
	listed := map[string]bool{}
	for _, it := range m.Files {
		listed[it.Name] = true
	}
	for name := range hashTree(t, out) {
		if !strings.HasPrefix(name, ".") && name != output.ManifestFile && !listed[name] {
			t.Errorf("merged manifest does not list %s", name)
		}
	}
}

// sampleAthletes lists the athletes of a samples folder (one sub-folder
// each, named by its athlete.json).
func sampleAthletes(t *testing.T, in string) []string {
	t.Helper()
	ents, err := os.ReadDir(in)
	if err != nil {
		t.Fatal(err)
	}
	var list []string
	for _, e := range ents {
		if e.IsDir() {
			if _, err := os.Stat(filepath.Join(in, e.Name(), ingest.ProfileFileName)); err == nil {
				list = append(list, e.Name())
			}
		}
	}
	if len(list) < 3 {
		t.Fatalf("samples wrote %d athletes, want several", len(list))
	}
	return list
}

// removeOneActivity removes the last FIT file under dir and returns it.
func removeOneActivity(t *testing.T, dir string) string {
	t.Helper()
	var fits []string
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(p, ".fit") {
			fits = append(fits, p)
		}
		return nil
	})
	if len(fits) == 0 {
		t.Fatalf("no FIT file under %s", dir)
	}
	slices.Sort(fits)
	victim := fits[len(fits)-1]
	if err := os.Remove(victim); err != nil {
		t.Fatal(err)
	}
	return victim
}

// partitionAthlete is the athlete of a partition file's path
// (TABLE/athlete=A/...), unescaped as Hive readers do.
func partitionAthlete(t *testing.T, name string) string {
	t.Helper()
	parts := strings.Split(filepath.ToSlash(name), "/")
	if len(parts) < 3 || !strings.HasPrefix(parts[1], "athlete=") {
		t.Fatalf("%s: not a partition file", name)
	}
	a := strings.TrimPrefix(parts[1], "athlete=")
	if a == tables.HiveDefaultPartition {
		return ""
	}
	return a // the generator's names need no unescaping
}

// hashTree maps every regular file under root (relative, slash-separated)
// to its SHA-256.
func hashTree(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || !e.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		sum := sha256.Sum256(data)
		m[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestShardFlags: --shard, --shards and the job environments.
func TestShardFlags(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spec  string
		count int
		env   map[string]string
		want  ingest.Shard
		err   string
	}{
		{name: "none", want: ingest.Shard{}},
		{name: "flag", spec: "2/5", want: ingest.Shard{Index: 2, Count: 5}},
		{name: "flag beats env", spec: "0/2", env: map[string]string{envJobIndex: "1", envShards: "2"}, want: ingest.Shard{Index: 0, Count: 2}},
		{name: "off", spec: "none", env: map[string]string{envJobIndex: "1", envShards: "2"}, want: ingest.Shard{}},
		{name: "kubernetes", env: map[string]string{envJobIndex: "3", envShards: "4"}, want: ingest.Shard{Index: 3, Count: 4}},
		{name: "kubernetes --shards", count: 8, env: map[string]string{envJobIndex: "7"}, want: ingest.Shard{Index: 7, Count: 8}},
		{name: "kubernetes no N", env: map[string]string{envJobIndex: "3"}, err: envShards},
		{name: "slurm", env: map[string]string{envSlurmID: "2", envSlurmCount: "3"}, want: ingest.Shard{Index: 2, Count: 3}},
		{name: "slurm one index re-run", count: 8, env: map[string]string{envSlurmID: "5", envSlurmCount: "1"}, want: ingest.Shard{Index: 5, Count: 8}},
		{name: "slurm one index without --shards", env: map[string]string{envSlurmID: "5", envSlurmCount: "1"}, err: "needs --shards N"},
		{name: "slurm bad count", env: map[string]string{envSlurmID: "0", envSlurmCount: "x"}, err: "whole number"},
		{name: "slurm past N", env: map[string]string{envSlurmID: "3", envSlurmCount: "3"}, err: "0 <= I < N"},
		{name: "bad I/N", spec: "3/3", err: "0 <= I < N"},
		{name: "no slash", spec: "3", err: "want I/N"},
		{name: "not a number", spec: "a/3", err: "whole number"},
		{name: "both", spec: "0/2", count: 2, err: "give one"},
		{name: "--shards alone", count: 2, err: "neither"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := shardFlags{spec: tc.spec, count: tc.count}
			err := s.resolve(func(k string) string { return tc.env[k] })
			switch {
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("err = %v, want one naming %q", err, tc.err)
			case tc.err == "" && err != nil:
				t.Fatal(err)
			case tc.err == "" && s.shard != tc.want:
				t.Errorf("shard %v, want %v", s.shard, tc.want)
			}
		})
	}
}

// TestScaleDocsRun runs the Slurm script and the Kubernetes Job's command
// of docs/scale.md as written (the script through bash with the
// variables Slurm sets, the container's args with the variables
// Kubernetes sets; paths swapped for temporary folders), for every index,
// then the merge: so the documented set-ups shard, cover every athlete and
// merge.
func TestScaleDocsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	doc, err := os.ReadFile("../../docs/scale.md")
	if err != nil {
		t.Fatal(err)
	}
	block := func(start string) string {
		t.Helper()
		i := bytes.Index(doc, []byte(start))
		if i < 0 {
			t.Fatalf("docs/scale.md has no block starting %q", start)
		}
		rest := doc[i+len(start):]
		j := bytes.Index(rest, []byte("\n```"))
		return string(rest[:j])
	}
	bin := buildGainguard(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "exports")
	if out, err := exec.Command(bin, "samples", "--athletes", "3", "--weeks", "1", "-o", in).CombinedOutput(); err != nil {
		t.Fatalf("samples: %v\n%s", err, out)
	}
	run := func(what string, c *exec.Cmd) {
		t.Helper()
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, out)
		}
	}
	merged := func(out string) {
		t.Helper()
		run("merge "+out, exec.Command(bin, "merge", out))
		roster, err := os.ReadFile(filepath.Join(out, output.HTMLFile))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range sampleAthletes(t, in) {
			if !strings.Contains(string(roster), "<bdi>"+a+"</bdi>") {
				t.Errorf("%s: the roster misses %s", out, a)
			}
		}
	}

	// Slurm: the sbatch script, once per array index.
	script := filepath.Join(dir, "gainguard-shards.sbatch")
	if err := os.WriteFile(script, []byte("#!/bin/bash\n# gainguard-shards.sbatch"+block("#!/bin/bash\n# gainguard-shards.sbatch")+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	var lo, hi int
	if _, err := fmt.Sscanf(block("#SBATCH --array="), "%d-%d", &lo, &hi); err != nil || lo != 0 {
		t.Fatalf("#SBATCH --array: %v (want 0-N)", err)
	}
	slurmOut := filepath.Join(dir, "slurm-out")
	for i := lo; i <= hi; i++ {
		c := exec.Command("bash", script)
		c.Env = append(os.Environ(), "GAINGUARD="+bin, "GAINGUARD_EXPORTS="+in, "GAINGUARD_OUT="+slurmOut,
			fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", i), fmt.Sprintf("SLURM_ARRAY_TASK_COUNT=%d", hi-lo+1), "SLURM_CPUS_PER_TASK=1")
		run(fmt.Sprintf("sbatch task %d", i), c)
	}
	merged(slurmOut)

	// Kubernetes: the Indexed Job's container args and env.
	job, _, _ := strings.Cut(block("# gainguard-shards.yaml"), "\n---\n") // the shards' Job, not the merge's
	var completions, shards int
	var args []string
	for _, line := range strings.Split(job, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "completions:"):
			fmt.Sscanf(line, "completions: %d", &completions)
		case strings.HasPrefix(line, "value:"):
			var v string
			fmt.Sscanf(line, "value: %q", &v)
			fmt.Sscanf(v, "%d", &shards)
		case strings.HasPrefix(line, "args: ["):
			args = strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, "args: ["), "]"), ", ")
		}
	}
	if completions < 2 || shards != completions || len(args) == 0 {
		t.Fatalf("the Job: completions %d, GAINGUARD_SHARDS %d (must be equal), args %q", completions, shards, args)
	}
	k8sOut := filepath.Join(dir, "k8s-out")
	for i := range args {
		args[i] = strings.NewReplacer("/out", k8sOut, "/exports", in).Replace(args[i])
	}
	for i := range completions {
		c := exec.Command(bin, args...)
		c.Env = append(os.Environ(), fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i), fmt.Sprintf("GAINGUARD_SHARDS=%d", shards))
		run(fmt.Sprintf("Job index %d", i), c)
	}
	if _, err := os.Stat(filepath.Join(k8sOut, "shards", fmt.Sprintf("shard-%d-of-%d.json", completions-1, completions))); err != nil {
		t.Errorf("the Job's last index wrote no manifest: %v", err)
	}
	merged(k8sOut)
}
