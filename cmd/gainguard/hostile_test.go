//go:build unix

package main

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/state"
	"gainguard/report/output"
)

// runWithin is runCmd that fails the test when the run has not returned
// after d (a FIFO opened blocking would hang it forever).
func runWithin(t *testing.T, d time.Duration, args ...string) (int, string, string) {
	t.Helper()
	type res struct {
		code           int
		stdout, stderr string
	}
	ch := make(chan res, 1)
	go func() {
		code, o, e := runCmd(t, args...)
		ch <- res{code, o, e}
	}()
	select {
	case r := <-ch:
		return r.code, r.stdout, r.stderr
	case <-time.After(d):
		t.Fatalf("gainguard %v still running after %v: blocked", args, d)
	}
	return 0, "", ""
}

// TestLockRefusesLinksAndFIFOs: a symbolic link at OUT/.gainguard/lock
// is not followed (the file it points to is left as it was) and a FIFO
// there does not block: the run fails at once and says why.
func TestLockRefusesLinksAndFIFOs(t *testing.T) {
	t.Parallel()
	src := smallInputs(t, 8)
	for _, kind := range []string{"symlink", "fifo"} {
		out := t.TempDir()
		lock := filepath.Join(out, StateDirName, "lock")
		if err := os.MkdirAll(filepath.Dir(lock), 0o755); err != nil {
			t.Fatal(err)
		}
		victim := filepath.Join(t.TempDir(), "victim")
		if err := os.WriteFile(victim, []byte("precious\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		var err error
		if kind == "symlink" {
			err = os.Symlink(victim, lock)
		} else {
			err = syscall.Mkfifo(lock, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runWithin(t, 10*time.Second, "analyze", "-q", "--out", out, src)
		want := map[string]string{"symlink": "symbolic link", "fifo": "not a regular file"}[kind]
		if code != exitFailed || !strings.Contains(stderr, want) {
			t.Errorf("%s lock: exit %d, stderr %q; want 1 and %q", kind, code, stderr, want)
		}
		if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
			t.Errorf("%s lock: the linked file now holds %q", kind, b)
		}
		if _, err := os.Stat(filepath.Join(out, output.HTMLFile)); err == nil {
			t.Errorf("%s lock: outputs written without the lock", kind)
		}
	}
}

// TestStateFIFOsAndLinks: a FIFO or a link in place of state.gob, the
// up-to-date record or a pack never blocks a run nor is read: the state
// is rebuilt and the outputs match a fresh full run. A FIFO as --profile
// is a usage error, at once.
func TestStateFIFOsAndLinks(t *testing.T) {
	t.Parallel()
	src := smallInputs(t, 8)
	clean := t.TempDir()
	if code, _, stderr := runCmd(t, "analyze", "-q", "--out", clean, src); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	stateOf := func(out string) string { return filepath.Join(out, StateDirName) }
	for _, tc := range []struct {
		name  string
		place func(t *testing.T, out string) string // returns the path to replace
	}{
		{"state.gob", func(t *testing.T, out string) string { return filepath.Join(stateOf(out), state.IndexFileName) }},
		{"up-to-date record", func(t *testing.T, out string) string { return filepath.Join(stateOf(out), upToDateFile) }},
		{"pack", func(t *testing.T, out string) string {
			packs, _ := filepath.Glob(filepath.Join(stateOf(out), state.PacksDirName, "*.pack"))
			if len(packs) == 0 {
				t.Fatal("no pack")
			}
			clearUpToDate(stateOf(out))
			return packs[0]
		}},
	} {
		for _, kind := range []string{"fifo", "symlink"} {
			out := t.TempDir()
			if code, _, stderr := runCmd(t, "analyze", "-q", "--out", out, src); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			p := tc.place(t, out)
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			var err error
			if kind == "fifo" {
				err = syscall.Mkfifo(p, 0o644)
			} else {
				err = os.Symlink(filepath.Join(clean, StateDirName, filepath.Base(p)), p)
			}
			if err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runWithin(t, 20*time.Second, "analyze", "-q", "--out", out, src)
			if code != exitOK {
				t.Errorf("%s as %s: exit %d: %s", kind, tc.name, code, stderr)
				continue
			}
			checkOutputs(t, out)
		}
	}

	fifo := filepath.Join(t.TempDir(), "profile.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runWithin(t, 10*time.Second, "analyze", "-q", "--profile", fifo, "--out", t.TempDir(), src)
	if code != exitUsage || !strings.Contains(stderr, "named pipe") {
		t.Errorf("--profile FIFO: exit %d, stderr %q; want 2 and \"named pipe\"", code, stderr)
	}
}

// TestOutEmpty: --out ” is a usage error and leaves no ./.gainguard.
func TestOutEmpty(t *testing.T) {
	t.Chdir(t.TempDir())
	src, err := filepath.Abs(samplesDir)
	if err != nil {
		t.Fatal(err)
	}
	_ = src
	code, _, stderr := runCmd(t, "analyze", "-q", "--out", "", "/nonexistent-input")
	if code != exitUsage || !strings.Contains(stderr, "--out is empty") {
		t.Errorf("exit %d, stderr %q; want 2 and \"--out is empty\"", code, stderr)
	}
	if _, err := os.Lstat(StateDirName); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("./%s: %v; want none", StateDirName, err)
	}
}

// packNames lists the packs in out's state.
func packNames(t *testing.T, out string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(out, StateDirName, state.PacksDirName, "*"))
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	slices.Sort(m)
	return m
}

// TestDiskFull (fault injection, ingest.FaultEnv): when the state cannot
// be written the outputs still are (exit 0, a warning) and no pack is
// left behind; when the outputs cannot be written the run fails and
// leaves neither temporaries nor its pack; when room appears after this
// run's pack is dropped, the write that failed is tried again and the
// outputs are written. A later run recovers.
func TestDiskFull(t *testing.T) {
	src := smallInputs(t, 10)
	out := t.TempDir()
	if code, _, stderr := runCmd(t, "analyze", "-q", "--out", out, src); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	packs := packNames(t, out)
	if len(packs) == 0 {
		t.Fatal("no pack after the first run")
	}
	acts, _ := filepath.Glob(filepath.Join(src, "activities", "*"))
	when := time.Now()
	touchAll := func() {
		when = when.Add(time.Minute)
		for _, a := range acts {
			os.Chtimes(a, when, when)
		}
		// A changed file (size) so that the run decodes and stores it.
		f, err := os.OpenFile(acts[0], os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte{0})
		f.Close()
	}

	touchAll()
	t.Setenv(ingest.FaultEnv, "state")
	code, _, stderr := runCmd(t, "analyze", "--log-format", "text", "--out", out, src)
	if code != exitOK || !strings.Contains(stderr, "state not saved") || !strings.Contains(stderr, "no space left on device") {
		t.Errorf("state disk full: exit %d, want 0 and a warning:\n%s", code, stderr)
	}
	checkOutputs(t, out)
	if got := packNames(t, out); !slices.Equal(got, packs) {
		t.Errorf("state disk full: packs %v, want %v (no orphan)", got, packs)
	}

	touchAll()
	t.Setenv(ingest.FaultEnv, "outputs")
	if code, _, stderr := runCmd(t, "analyze", "-q", "--out", out, src); code != exitFailed || !strings.Contains(stderr, "no space left on device") {
		t.Errorf("outputs disk full: exit %d, want 1: %s", code, stderr)
	}
	if got := packNames(t, out); !slices.Equal(got, packs) {
		t.Errorf("outputs disk full: packs %v, want %v (no orphan)", got, packs)
	}
	noTemps(t, out)
	checkOutputs(t, out) // the previous outputs

	touchAll()
	t.Setenv(ingest.FaultEnv, "outputs-once")
	code, _, stderr = runCmd(t, "analyze", "--log-format", "text", "--out", out, src)
	if code != exitOK || !strings.Contains(stderr, "disk full writing the outputs") {
		t.Errorf("outputs disk full once: exit %d, want 0 after a retry:\n%s", code, stderr)
	}
	checkOutputs(t, out)
	// The room was made by dropping this run's pack: none was added.
	if got := packNames(t, out); !slices.Equal(got, packs) {
		t.Errorf("outputs disk full once: packs %v, want %v (this run's dropped)", got, packs)
	}

	// A pack left by a killed run is removed at the next start.
	orphan := filepath.Join(out, StateDirName, state.PacksDirName, "20260101T000000000000000-000000000000.pack")
	if err := os.WriteFile(orphan, []byte("left by a killed run"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Unsetenv(ingest.FaultEnv)
	touchAll()
	if code, _, stderr := runCmd(t, "analyze", "-q", "--out", out, src); code != exitOK {
		t.Fatalf("recovery: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(orphan); err == nil {
		t.Error("orphan pack not removed")
	}
	fresh := t.TempDir()
	if code, _, stderr := runCmd(t, "analyze", "-q", "--out", fresh, src); code != exitOK {
		t.Fatalf("fresh: exit %d: %s", code, stderr)
	}
	checkOutputs(t, out)
}

// TestSignalEndsRun: SIGTERM cancels a run with a cause that names the
// signal (not "context canceled"), and a run blocked where it cannot see
// the cancellation (waiting for another run's lock) still exits within
// seconds.
func TestSignalEndsRun(t *testing.T) {
	ctx, stop := onSignal(context.Background(), os.Stderr, time.Minute)
	defer stop()
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
	_, err := ingest.Import(ctx, []string{samplesDir}, ingest.Options{Formats: formats})
	if err == nil || err.Error() != "interrupted by terminated" {
		t.Errorf("Import after SIGTERM: %v, want \"interrupted by terminated\"", err)
	}
	stop()

	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("builds the binary; skipped with -short (not on CI)")
	}
	bin := filepath.Join(t.TempDir(), "gainguard")
	if b, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	out := t.TempDir()
	held, err := lockOut(filepath.Join(out, StateDirName, "lock"), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer held.unlock()
	// Not -q: the "run start" line, logged after the signal handler is
	// set, says when to send the signal.
	c := exec.Command(bin, "analyze", "--wait", "10m", "--out", out, smallInputs(t, 8))
	pipe, err := c.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	started, copied := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(pipe)
		once := sync.OnceFunc(func() { close(started) })
		for sc.Scan() {
			stderr.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "run start") {
				once()
			}
		}
		once()
	}()
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("no \"run start\" log line")
	}
	start := time.Now()
	c.Process.Signal(syscall.SIGTERM)
	<-copied
	err = c.Wait()
	if d := time.Since(start); d > exitAfterSignal+5*time.Second {
		t.Errorf("exited %v after SIGTERM", d)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitFailed || !strings.Contains(stderr.String(), "interrupted by terminated") {
		t.Errorf("err %v, stderr %q; want exit 1 naming the signal", err, stderr.String())
	}
}
