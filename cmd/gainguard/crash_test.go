//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"gainguard/report/output"
)

// checkOutputs fails unless dir holds a consistent set: manifest.json
// verifies, every Parquet output opens with parquet-go, and nothing but
// the outputs, the manifest and hidden files (temporaries, the state
// folder) is visible.
func checkOutputs(t *testing.T, dir string) {
	t.Helper()
	m, err := output.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Verify(dir); err != nil {
		t.Errorf("manifest: %v", err)
	}
	openParquet(t, dir)
	want := map[string]bool{output.ManifestFile: true}
	for _, n := range output.OutputFiles {
		want[n] = true
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), ".") && !want[e.Name()] {
			t.Errorf("unexpected visible file %s", e.Name())
		}
	}
}

// openParquet opens every Parquet output in dir.
func openParquet(t *testing.T, dir string) {
	t.Helper()
	for _, n := range output.OutputFiles {
		if !strings.HasSuffix(n, ".parquet") {
			continue
		}
		f, err := os.Open(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		if _, err := parquet.OpenFile(f, st.Size()); err != nil {
			t.Errorf("%s: %v", n, err)
		}
		f.Close()
	}
}

// noTemps fails if a temporary file is left in dir.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left", e.Name())
		}
	}
}

// TestCrashSafety kills analyze at several points of a re-run and checks
// that the previous outputs stay readable and consistent, and that the
// next run recovers and writes what a clean full run writes.
func TestCrashSafety(t *testing.T) {
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("builds the binary and kills it repeatedly; skipped with -short (not on CI)")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "gainguard")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data, out := filepath.Join(tmp, "data"), filepath.Join(tmp, "out")
	env := append(os.Environ(), "SOURCE_DATE_EPOCH=1767225600")
	gg := func(extraEnv string, args ...string) *exec.Cmd {
		c := exec.Command(bin, args...)
		c.Env = env
		if extraEnv != "" {
			c.Env = append(c.Env, extraEnv)
		}
		return c
	}
	mustRun := func(args ...string) {
		t.Helper()
		if b, err := gg("", args...).CombinedOutput(); err != nil {
			t.Fatalf("gainguard %v: %v\n%s", args, err, b)
		}
	}
	mustRun("samples", "--athletes", "3", "--weeks", "20", "--out", data)
	mustRun("analyze", "-q", "--out", out, data)
	checkOutputs(t, out)

	// Each run below must do the work (not take the up-to-date fast
	// path): touch an input first.
	inputs, _ := filepath.Glob(filepath.Join(data, "*", "activities", "*"))
	if len(inputs) == 0 {
		t.Fatal("no activities in the generated data")
	}
	touched := time.Now()
	touch := func() {
		t.Helper()
		touched = touched.Add(time.Minute)
		if err := os.Chtimes(inputs[0], touched, touched); err != nil {
			t.Fatal(err)
		}
	}
	for _, point := range []string{"before-rename", "mid-rename", "before-state"} {
		touch()
		c := gg(output.CrashEnv+"="+point, "analyze", "-q", "--out", out, data)
		err := c.Run()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 137 {
			t.Fatalf("%s: err %v, want exit 137", point, err)
		}
		checkOutputs(t, out)
	}
	for _, after := range []time.Duration{50 * time.Millisecond, 150 * time.Millisecond, 400 * time.Millisecond} {
		touch()
		c := gg("", "analyze", "-q", "--out", out, data)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		c.Process.Kill() // SIGKILL
		c.Wait()
		checkOutputs(t, out)
	}

	// New input, killed between renames: every file is still complete
	// (old or new), and the manifest tells the set is mixed.
	extra := filepath.Join(data, "late.fit")
	src, _ := filepath.Glob(filepath.Join(data, "*", "activities", "*run*.fit"))
	if len(src) == 0 {
		t.Fatal("no run in the generated data")
	}
	b, err := os.ReadFile(src[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(extra, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := gg(output.CrashEnv+"=mid-rename", "analyze", "-q", "--out", out, data).Run(); err == nil {
		t.Fatal("mid-rename crash did not happen")
	}
	openParquet(t, out)

	// The next run recovers: no temporaries, a verified set, and the
	// tables of a clean full run.
	var stderr bytes.Buffer
	c := gg("", "analyze", "-q", "--out", out, data)
	c.Stderr = &stderr
	if err := c.Run(); err != nil {
		t.Fatalf("recovery run: %v\n%s", err, stderr.String())
	}
	checkOutputs(t, out)
	noTemps(t, out)
	clean := filepath.Join(tmp, "clean")
	mustRun("analyze", "-q", "--out", clean, data)
	sameOutputs(t, out, clean)
}

// TestLock: a run on an output folder another run holds fails with exit
// code 1 and says who holds it; with --wait it waits for the lock.
func TestLock(t *testing.T) {
	out := t.TempDir()
	lockPath := filepath.Join(out, StateDirName, "lock")
	held, err := lockOut(lockPath, 0)
	if err != nil {
		t.Fatal(err)
	}
	src := smallInputs(t, 8)
	code, _, stderr := runCmd(t, "analyze", "-q", "--out", out, src)
	want := fmt.Sprintf("another gainguard run holds %s (pid %d since ", lockPath, os.Getpid())
	if code != exitFailed || !strings.Contains(stderr, want) {
		t.Fatalf("exit %d, stderr %q; want 1 and %q", code, stderr, want)
	}
	if _, err := os.Stat(filepath.Join(out, output.HTMLFile)); err == nil {
		t.Error("the locked-out run wrote outputs")
	}

	go func() {
		time.Sleep(500 * time.Millisecond)
		held.unlock()
	}()
	start := time.Now()
	if code, _, stderr := runCmd(t, "analyze", "-q", "--wait", "2s", "--out", out, src); code != exitOK {
		t.Fatalf("--wait 2s: exit %d: %s", code, stderr)
	}
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("ran after %v, before the lock was released", d)
	}
	checkOutputs(t, out)
}
