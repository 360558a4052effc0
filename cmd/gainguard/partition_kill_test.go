//go:build linux

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gainguard/report/output"
)

// TestPartitionCommitUnderStrace kills a --partition run (strace
// -e inject=SYSCALL:signal=SIGKILL:when=N) before each rename and each
// folder exchange of its commit, N = 1, 2, ... until a run completes,
// on top of the outputs of other inputs. After every kill each table
// folder is there and is wholly the old or wholly the new version (a
// reader that globs it never sees a mix or nothing), and a later run
// repairs everything: no staged or set-aside folder left, outputs equal
// to a fresh run's. Like TestKillLoop it runs without -race (.ci/run runs
// both after the race suite).
func TestPartitionCommitUnderStrace(t *testing.T) {
	if raceEnabled {
		t.Skip("kills a binary that is not instrumented: run without -race (.ci/run does)")
	}
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("builds the binary and kills it repeatedly; skipped with -short (not on CI)")
	}
	strace, err := exec.LookPath("strace")
	if err != nil {
		needTool(t, "strace", err.Error(), "apt-get install strace (bash .ci/run does)")
	}
	if out, err := exec.Command(strace, "-qq", "-e", "trace=none", "true").CombinedOutput(); err != nil {
		needTool(t, "strace (ptrace)", fmt.Sprintf("%v: %s", err, out), "run where ptrace is allowed")
	}
	bin := buildGainguard(t)
	tmp := t.TempDir()
	env := append(os.Environ(), "SOURCE_DATE_EPOCH=1767225600")
	gg := func(args ...string) ([]byte, error) {
		c := exec.Command(bin, args...)
		c.Env = env
		return c.CombinedOutput()
	}
	dataA, dataB := filepath.Join(tmp, "a"), filepath.Join(tmp, "b")
	if b, err := gg("samples", "--weeks", "6", "--out", dataA); err != nil {
		t.Fatalf("samples: %v\n%s", err, b)
	}
	copyTree(t, dataA, dataB)
	acts, _ := filepath.Glob(filepath.Join(dataB, "activities", "*"))
	sort.Strings(acts)
	if len(acts) < 4 {
		t.Fatal("samples too small")
	}
	os.Remove(acts[len(acts)-1]) // B: one activity fewer, so every table differs

	outA, outB := filepath.Join(tmp, "outA"), filepath.Join(tmp, "outB")
	for _, r := range [][2]string{{outA, dataA}, {outB, dataB}} {
		if b, err := gg("analyze", "-q", "--partition", "--out", r[0], r[1]); err != nil {
			t.Fatalf("analyze: %v\n%s", err, b)
		}
	}
	sumA, sumB := map[string]string{}, map[string]string{}
	for _, tb := range partTableNames {
		sumA[tb], sumB[tb] = tableSum(t, filepath.Join(outA, tb)), tableSum(t, filepath.Join(outB, tb))
		if sumA[tb] == sumB[tb] {
			t.Logf("%s is the same for both inputs", tb)
		}
	}

	out := filepath.Join(tmp, "out")
	kills := 0
	for _, sc := range []string{"renameat", "renameat2", "rename"} {
		for n := 1; n < 64; n++ {
			os.RemoveAll(out)
			copyTree(t, outA, out)
			c := exec.Command(strace, "-f", "-qq", "-o", "/dev/null",
				"-e", fmt.Sprintf("inject=%s:signal=SIGKILL:when=%d", sc, n),
				bin, "analyze", "-q", "--partition", "--out", out, dataB)
			c.Env = env
			b, err := c.CombinedOutput()
			if err == nil {
				break // the run has fewer than n such calls: done
			}
			kills++
			for _, tb := range partTableNames {
				if s := tableSum(t, filepath.Join(out, tb)); s != sumA[tb] && s != sumB[tb] {
					t.Errorf("%s:%d: table %s is neither the old nor the new version (sum %q)\n%s", sc, n, tb, s, b)
				}
			}
			// The next run repairs: what a fresh run writes, nothing left aside.
			if b, err := gg("analyze", "-q", "--partition", "--out", out, dataB); err != nil {
				t.Fatalf("%s:%d: recovery run: %v\n%s", sc, n, err, b)
			}
			for _, tb := range partTableNames {
				if s := tableSum(t, filepath.Join(out, tb)); s != sumB[tb] {
					t.Errorf("%s:%d: after recovery, table %s differs from a fresh run's", sc, n, tb)
				}
			}
			m, err := output.ReadManifest(out)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Verify(out); err != nil {
				t.Errorf("%s:%d: after recovery: %v", sc, n, err)
			}
			ents, _ := os.ReadDir(out)
			for _, e := range ents {
				if strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), ".old-") {
					t.Errorf("%s:%d: %s left after recovery", sc, n, e.Name())
				}
			}
		}
	}
	if kills < 10 {
		t.Errorf("only %d kills: the injection did not reach the commit", kills)
	}
	t.Logf("%d runs killed at a rename", kills)
}
