//go:build unix

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"gainguard/report/output"
)

// TestKillLoop kills analyze runs with SIGKILL at random moments, at
// least 30 times (flat and --partition in turn, the inputs changing
// between runs, bounded to a few minutes), keeps a copy of the outputs
// after every kill, and then checks that DuckDB opens every table of
// every copy, and that the next run on each output folder writes what a
// fresh full run writes. It is skipped under -race (the binary it kills
// is not instrumented anyway; the time is better spent elsewhere) and
// with -short.
func TestKillLoop(t *testing.T) {
	if raceEnabled {
		t.Skip("kill loop: skipped under -race")
	}
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("builds the binary and kills it 30+ times; skipped with -short (not on CI)")
	}
	tmp := t.TempDir()
	query := duckDB(t, tmp)
	bin := buildGainguard(t)
	env := append(os.Environ(), "SOURCE_DATE_EPOCH=1767225600")
	gg := func(args ...string) *exec.Cmd {
		c := exec.Command(bin, args...)
		c.Env = env
		return c
	}
	data := filepath.Join(tmp, "data")
	if b, err := gg("samples", "--athletes", "2", "--weeks", "10", "--out", data).CombinedOutput(); err != nil {
		t.Fatalf("samples: %v\n%s", err, b)
	}
	acts, _ := filepath.Glob(filepath.Join(data, "*", "activities", "*"))
	sort.Strings(acts)
	if len(acts) < 10 {
		t.Fatal("samples too small")
	}
	aside := filepath.Join(tmp, "aside")
	os.MkdirAll(aside, 0o755)
	moved := map[string]bool{}
	toggle := func(p string) { // take an input away, or put it back
		q := filepath.Join(aside, filepath.Base(p))
		if moved[p] {
			os.Rename(q, p)
		} else {
			os.Rename(p, q)
		}
		moved[p] = !moved[p]
	}

	layouts := []struct {
		name  string
		flags []string
	}{{"flat", nil}, {"part", []string{"--partition"}}}
	start := time.Now()
	var runTime time.Duration
	for _, l := range layouts {
		t0 := time.Now()
		args := append([]string{"analyze", "-q", "--out", filepath.Join(tmp, l.name)}, l.flags...)
		if b, err := gg(append(args, data)...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", l.name, err, b)
		}
		runTime = max(runTime, time.Since(t0))
	}
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("seed %d; a run takes about %v", seed, runTime)

	const minKills, budget = 30, 3 * time.Minute
	type snap struct{ dir, layout string }
	var snaps []snap
	kills := 0
	for i := 0; kills < minKills+2 && time.Since(start) < budget; i++ {
		l := layouts[i%2]
		out := filepath.Join(tmp, l.name)
		toggle(acts[rng.IntN(len(acts))])
		args := append([]string{"analyze", "-q", "--out", out}, l.flags...)
		c := gg(append(args, data)...)
		t0 := time.Now()
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		ended := make(chan error, 1)
		go func() { ended <- c.Wait() }()
		select {
		case err := <-ended:
			// It ended before the kill: aim at the time a run takes now
			// (incremental runs are quicker than the first).
			if err != nil {
				t.Fatalf("run %d: %v", i, err)
			}
			runTime = time.Since(t0)
		case <-time.After(time.Duration(rng.Int64N(int64(runTime)))):
			c.Process.Kill()
			if err := <-ended; err != nil {
				kills++
			}
		}
		s := filepath.Join(tmp, "snap", fmt.Sprint(i))
		copyOutputs(t, out, s)
		snaps = append(snaps, snap{s, l.name})
	}
	if kills < minKills {
		t.Errorf("%d kills in %v, want at least %d", kills, budget, minKills)
	}
	t.Logf("%d runs killed, %d outputs copied, in %v", kills, len(snaps), time.Since(start).Round(time.Second))

	// DuckDB opens every table of every copy.
	var sqls, what []string
	for _, s := range snaps {
		rel, _ := filepath.Rel(tmp, s.dir)
		for _, tb := range partTableNames {
			src := fmt.Sprintf("'%s/%s.parquet'", rel, tb)
			if s.layout == "part" {
				src = fmt.Sprintf("read_parquet('%s/%s/**/*.parquet', hive_partitioning=true)", rel, tb)
			}
			sqls = append(sqls, "SELECT count(*) AS n FROM "+src)
			what = append(what, rel+" "+tb)
		}
	}
	for i, rows := range query(sqls...) {
		if len(rows) != 1 || asInt(t, rows[0]["n"]) == 0 {
			t.Errorf("%s: %v", what[i], rows)
		}
	}

	// The next run equals a fresh full run on the same inputs.
	for _, l := range layouts {
		out, fresh := filepath.Join(tmp, l.name), filepath.Join(tmp, "fresh-"+l.name)
		for _, o := range []string{out, fresh} {
			args := append([]string{"analyze", "-q", "--out", o}, l.flags...)
			if b, err := gg(append(args, data)...).CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", o, err, b)
			}
		}
		m, err := output.ReadManifest(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Verify(out); err != nil {
			t.Errorf("%s: %v", l.name, err)
		}
		if l.name == "flat" {
			sameOutputs(t, out, fresh)
			noTemps(t, out)
			continue
		}
		for _, tb := range partTableNames {
			if tableSum(t, filepath.Join(out, tb)) != tableSum(t, filepath.Join(fresh, tb)) {
				t.Errorf("part: table %s differs from a fresh run's", tb)
			}
		}
		ents, _ := os.ReadDir(out)
		for _, e := range ents {
			if strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), ".old-") {
				t.Errorf("part: %s left", e.Name())
			}
		}
	}
}

// copyOutputs copies out's visible files and folders (not the state)
// into dst.
func copyOutputs(t *testing.T, out, dst string) {
	t.Helper()
	ents, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if e.IsDir() {
			copyTree(t, filepath.Join(out, e.Name()), filepath.Join(dst, e.Name()))
			continue
		}
		b, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(dst, 0o755)
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// partTableNames are the folders of a --partition run.
var partTableNames = []string{"activities", "days", "files", "lifts", "rules", "runs", "sets", "weeks"}

// tableSum is a fingerprint of a table folder's files (names and
// content), "" when the folder is missing.
func tableSum(t *testing.T, dir string) string {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	var lines []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		io.Copy(h, f)
		rel, _ := filepath.Rel(dir, p)
		lines = append(lines, rel+" "+hex.EncodeToString(h.Sum(nil)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	s := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(s[:8])
}

// buildGainguard builds the command into a temporary folder.
func buildGainguard(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "gainguard")
	if b, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return bin
}
