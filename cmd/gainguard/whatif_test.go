package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
)

// whatIfCounts reads the "what-if cache saved" log line of a run.
func whatIfCounts(t *testing.T, stderr string) (searched, reused int) {
	t.Helper()
	m := regexp.MustCompile(`what-if cache saved.*weeks_searched=(\d+) weeks_reused=(\d+)`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no what-if cache line in the log:\n%s", stderr)
	}
	searched, _ = strconv.Atoi(m[1])
	reused, _ = strconv.Atoi(m[2])
	return searched, reused
}

// TestWhatIfCacheMatchesFull: on the committed samples (activities, food
// log, weigh-ins), a re-run after one new file takes the what-ifs of the
// weeks whose inputs did not change from the state and writes exactly
// what a --no-cache run writes; --no-cache searches every week; a damaged
// what-if cache is reported and rebuilt, and the outputs are still the
// full run's.
func TestWhatIfCacheMatchesFull(t *testing.T) {
	runCmd := func(t *testing.T, args ...string) string {
		t.Helper()
		m := NewMain()
		m.Generated = time.Unix(1767225600, 0).UTC()
		code, _, stderr := runMain(t, m, args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return stderr
	}
	src := t.TempDir()
	for _, d := range []string{"activities", "logs"} {
		copyInputs(t, filepath.Join(samplesDir, d), filepath.Join(src, d))
	}
	data, err := os.ReadFile(filepath.Join(samplesDir, ingest.ProfileFileName))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(src, ingest.ProfileFileName), data, 0o644)
	// Left out of the first run: the last run of the samples, in a week
	// the search reaches.
	runs, _ := filepath.Glob(filepath.Join(src, "activities", "*-run-*.fit"))
	if len(runs) == 0 {
		t.Fatal("no run in the samples")
	}
	slices.Sort(runs)
	heldPath := runs[len(runs)-1]
	heldData, err := os.ReadFile(heldPath)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(heldPath)

	inc := t.TempDir()
	searched, reused := whatIfCounts(t, runCmd(t, "analyze", "--out", inc, src))
	if searched == 0 || reused != 0 {
		t.Fatalf("first run: %d weeks searched, %d reused; want some searched, none reused", searched, reused)
	}
	first := searched

	os.WriteFile(heldPath, heldData, 0o644)
	searched, reused = whatIfCounts(t, runCmd(t, "analyze", "--out", inc, src))
	t.Logf("first run: %d weeks searched; after one new file: %d searched, %d reused", first, searched, reused)
	if reused == 0 || searched == 0 {
		t.Errorf("after one new file: %d weeks searched, %d reused; want both (the new run's weeks searched, the earlier ones reused)", searched, reused)
	}
	full := t.TempDir()
	searched, reused = whatIfCounts(t, runCmd(t, "analyze", "--no-cache", "--out", full, src))
	if reused != 0 || searched < first {
		t.Errorf("--no-cache: %d weeks searched, %d reused; want every week searched", searched, reused)
	}
	sameOutputs(t, inc, full)

	// Nothing changed, but no up-to-date record: every week from the cache.
	clearUpToDate(filepath.Join(inc, StateDirName))
	if searched, reused = whatIfCounts(t, runCmd(t, "analyze", "--out", inc, src)); searched != 0 || reused == 0 {
		t.Errorf("unchanged inputs: %d weeks searched, %d reused; want none searched", searched, reused)
	}
	sameOutputs(t, inc, full)

	for _, damage := range []struct {
		name string
		f    func([]byte) []byte
	}{
		{"bytes flipped", func(b []byte) []byte {
			for i := len(b) / 5; i < len(b); i += len(b) / 5 {
				b[i] ^= 0x5a
			}
			return b
		}},
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
		{"garbage", func([]byte) []byte { return []byte("garbage") }},
	} {
		p := filepath.Join(inc, StateDirName, whatIfFileName)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(p, damage.f(b), 0o644)
		clearUpToDate(filepath.Join(inc, StateDirName))
		stderr := runCmd(t, "analyze", "--out", inc, src)
		if !strings.Contains(stderr, "what-if cache damaged") {
			t.Errorf("%s: no warning about the damaged what-if cache:\n%s", damage.name, stderr)
		}
		if searched, reused = whatIfCounts(t, stderr); reused != 0 || searched == 0 {
			t.Errorf("%s: %d weeks searched, %d reused; want every week searched", damage.name, searched, reused)
		}
		sameOutputs(t, inc, full)
	}
}
