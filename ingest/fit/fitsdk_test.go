package fit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/internal/corpustest"
)

// TestAgainstFITSDK reads every corpus FIT file with Garmin's own FIT SDK
// (@garmin/fitsdk, through .ci/fitsdk/read.mjs) as an independent reader
// and checks that Decode agrees with it where both read a file:
//
//   - a file the SDK decodes without error, with a session, is imported
//     here, and each of the SDK's sessions is an activity starting at the
//     same second (except where fitSDKSessionExceptions says why not);
//   - every record both readers hold has the same heart rate, after the SDK
//     merges hr messages into records (its default) — implausible values
//     (0, ≥ 240 bpm) excepted, which gainguard drops (see ingest.PlausibleHR);
//   - the file checksum: a "checksum mismatch ignored" note exactly when
//     the SDK's integrity check fails.
//
// The SDK is installed by .ci/run (npm ci --prefix .ci/fitsdk); when it is
// missing the test fails under CI (env CI set) and skips loudly elsewhere,
// like the DuckDB and Chromium tests of cmd/gainguard.
func TestAgainstFITSDK(t *testing.T) {
	files := corpusFiles(t)
	sdk := readWithFITSDK(t, files...)
	for i, path := range files {
		rel := corpustest.Rel(path)
		s := sdk[i]
		t.Run(rel, func(t *testing.T) {
			d, err := decodeFile(t, path)
			sdkOK := s.IsFIT && len(s.Errors) == 0
			var absSessions []sdkSession
			for _, ss := range s.Sessions {
				if ss.Start != nil && *ss.Start >= fitEpochUnix+minAbsTime {
					absSessions = append(absSessions, ss)
				}
			}
			if sdkOK && len(absSessions) > 0 && err != nil {
				t.Fatalf("the FIT SDK reads %d session(s) without error; Decode: %v", len(absSessions), err)
			}
			if err != nil {
				return
			}
			starts := map[int64]bool{}
			for _, a := range d.Activities {
				starts[a.Start.Unix()] = true
			}
			if sdkOK && fitSDKSessionExceptions[rel] == "" {
				for _, ss := range absSessions {
					if !starts[*ss.Start] && !starts[*ss.Start-1] && !starts[*ss.Start+1] {
						t.Errorf("the SDK's %s session at %s is no activity here", ss.Sport,
							time.Unix(*ss.Start, 0).UTC().Format(time.RFC3339))
					}
				}
			}
			checksumNote := strings.Contains(strings.Join(d.Notes, "; "), "checksum mismatch ignored")
			// The SDK's integrity check covers the first chained file;
			// its reader reports a "CRC error" in any of them.
			// Other errors mean damage (a file cut short has no CRC to
			// check): no checksum verdict then.
			sound, damaged := s.Integrity, false
			for _, e := range s.Errors {
				sound = sound && !strings.Contains(e, "CRC error")
				damaged = damaged || !strings.Contains(e, "CRC error")
			}
			if s.IsFIT && sound && checksumNote {
				t.Errorf("the SDK finds the checksums sound; notes %q", d.Notes)
			}
			if s.IsFIT && !sound && !damaged && !checksumNote {
				t.Errorf("the SDK's integrity check fails; no checksum note in %q", d.Notes)
			}

			// Heart rate per record time: the SDK's values (several
			// records may share a second; any of their values will do).
			sdkHR := map[int64][]float64{}
			for _, r := range s.Records {
				if r[0] == nil || *r[0] < fitEpochUnix+minAbsTime {
					continue
				}
				v := math.NaN()
				if r[1] != nil {
					v = *r[1]
				}
				sdkHR[int64(*r[0])] = append(sdkHR[int64(*r[0])], v)
			}
			compared, differ := 0, 0
			var first string
			for _, a := range d.Activities {
				for _, smp := range a.Samples {
					want, ok := sdkHR[smp.Time.Unix()]
					if !ok {
						continue
					}
					compared++
					match := false
					for _, w := range want {
						if !ingest.PlausibleHR(w) {
							w = math.NaN()
						}
						if (math.IsNaN(w) && math.IsNaN(smp.HR)) || w == smp.HR {
							match = true
						}
					}
					if !match {
						differ++
						if first == "" {
							first = fmt.Sprintf("%s: SDK %v, Decode %v", smp.Time.Format(time.RFC3339), want, smp.HR)
						}
					}
				}
			}
			if differ > 0 {
				t.Errorf("heart rate differs from the SDK's in %d of %d records (first: %s)", differ, compared, first)
			}
		})
	}
}

// fitSDKSessionExceptions lists corpus files whose SDK sessions are
// rightly not all activities here, and why.
var fitSDKSessionExceptions = map[string]string{
	// The same recording chained twice: one activity (duplicate dropped).
	"bad/activity-activity-filecrc.fit": "duplicate chained session",
	// A 27-day session around a 40-minute ride; its start is repaired
	// from the records (fixStrayStart).
	"fit/27-days-activity.fit": "stray start repaired",
}

// The SDK's view of one file, as .ci/fitsdk/read.mjs prints it.
type sdkFile struct {
	File      string        `json:"file"`
	IsFIT     bool          `json:"isFIT"`
	Integrity bool          `json:"integrity"`
	Errors    []string      `json:"errors"`
	Sessions  []sdkSession  `json:"sessions"`
	Records   [][2]*float64 `json:"records"`
	HRMesgs   int           `json:"hrMesgs"`
}

type sdkSession struct {
	Sport   any      `json:"sport"`
	Start   *int64   `json:"start"`
	Elapsed *float64 `json:"elapsed"`
	AvgHR   *float64 `json:"avgHR"`
	MaxHR   *float64 `json:"maxHR"`
}

// fitSDKDir is where .ci/run installs @garmin/fitsdk (npm ci --prefix).
const fitSDKDir = "../../.ci/fitsdk"

// readWithFITSDK decodes files with the FIT SDK, one result per file.
func readWithFITSDK(t *testing.T, files ...string) []sdkFile {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		needTool(t, "node", err.Error(), "Node.js 20+ (Debian: apt-get install nodejs npm), then bash .ci/run")
	}
	if _, err := os.Stat(filepath.Join(fitSDKDir, "node_modules", "@garmin", "fitsdk", "package.json")); err != nil {
		needTool(t, "@garmin/fitsdk", err.Error(), "bash .ci/run (or: npm ci --prefix .ci/fitsdk)")
	}
	script, err := filepath.Abs(filepath.Join(fitSDKDir, "read.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{script}, files...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node read.mjs: %v\nstderr: %s", err, stderr.String())
	}
	var res []sdkFile
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("read.mjs output: %v", err)
	}
	if len(res) != len(files) {
		t.Fatalf("read.mjs returned %d results for %d files", len(res), len(files))
	}
	return res
}

// needTool fails the test under CI and skips it loudly elsewhere.
func needTool(t *testing.T, what, why, how string) {
	t.Helper()
	msg := fmt.Sprintf("\n%s\n!!! %s is not available: %s\n!!! %s\n!!! Install it: %s\n%s",
		strings.Repeat("!", 72), what, why, t.Name()+" compares Decode with Garmin's FIT SDK and is NOT being run.",
		how, strings.Repeat("!", 72))
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "\n(CI is set: a missing tool is a failure, never a skip)")
	}
	t.Skip(msg)
}
