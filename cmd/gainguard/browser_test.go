//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"gainguard/report/tables"
)

// chromiumPath returns the Chromium to test with: $CHROMIUM, else Debian's
// /usr/bin/chromium (installed by .ci/run), else one on PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	needTool(t, "Chromium", "no /usr/bin/chromium and none on PATH (or set $CHROMIUM)",
		"bash .ci/run as root (it runs apt-get install -y chromium), or: sudo apt-get install chromium")
	return ""
}

// chromiumFlags are the flags every headless run uses: no sandbox (CI runs
// as root), nothing that reaches the network, console messages logged to
// stderr.
var chromiumFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--hide-scrollbars", "--enable-logging=stderr", "--v=0",
}

// headless runs Chromium once on url with extra flags and returns its
// stdout and stderr. The whole process group is killed when the timeout
// expires: a page that calls alert() blocks --dump-dom forever.
func headless(t *testing.T, chromium, url string, timeout time.Duration, extra ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args := append(append(slices.Clone(chromiumFlags), "--user-data-dir="+t.TempDir()), extra...)
	cmd := exec.CommandContext(ctx, chromium, append(args, url)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // helpers left behind, if any
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("chromium %v did not finish within %v (an alert() or a hung page blocks headless Chromium)\nstderr:\n%s",
			extra, timeout, consoleLines(errb.String(), true))
	}
	if err != nil {
		t.Fatalf("chromium %v: %v\nstderr:\n%s", extra, err, errb.String())
	}
	if i := strings.Index(errb.String(), "Page load failed"); i >= 0 {
		t.Fatalf("chromium %v could not load %s: %s", extra, url, strings.SplitN(errb.String()[i:], "\n", 2)[0])
	}
	return out.String(), errb.String()
}

// consoleLines returns the lines of Chromium's stderr log that report
// page console output or uncaught exceptions (all when all is set).
func consoleLines(stderr string, all bool) string {
	var b strings.Builder
	for _, line := range strings.Split(stderr, "\n") {
		if all || strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Uncaught") ||
			strings.Contains(line, "javascript dialog") || strings.Contains(line, "JavaScript dialog") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// xssName is the <trk><name> of the extra activity: it must reach the
// report as text, never as markup.
const xssName = "<script>alert(1)</script>"

// writeXSSRun writes a 45-minute GPX 1.1 run named xssName that ends ten
// minutes before the samples' lower-body lift on Wednesday 2026-09-02
// 07:15 Berlin time, so that a proximity rule names it in the report.
func writeXSSRun(t *testing.T, path string) {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="gainguard browser test" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
 <trk>
  <name>&lt;script&gt;alert(1)&lt;/script&gt;</name>
  <type>running</type>
  <trkseg>
`)
	start := time.Date(2026, 9, 2, 4, 20, 0, 0, time.UTC)
	for i := 0; i <= 45*6; i++ {
		ts := start.Add(time.Duration(i) * 10 * time.Second)
		lat := 52.48 + float64(i)*0.00025 // ~28 m per 10 s, ~10 km/h
		hr := 120 + 30*math.Min(1, float64(i)/60)
		fmt.Fprintf(&b, `   <trkpt lat="%.7f" lon="13.3990000"><ele>46.0</ele><time>%s</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>%.0f</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>
`, lat, ts.Format(time.RFC3339), hr)
	}
	b.WriteString("  </trkseg>\n </trk>\n</gpx>\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	reTable = regexp.MustCompile(`(?s)<table\b.*?</table>`)
	reTR    = regexp.MustCompile(`(?s)<tr\b.*?</tr>`)
	reDate  = regexp.MustCompile(`\b20\d\d-\d\d-\d\d\b`)
	reTitle = regexp.MustCompile(`(?s)<title>([^<]*)</title>`)
)

// TestReportInBrowser renders report.html in headless Chromium: the page
// must run without console errors, show its title and a table of the
// twelve sample weeks, draw something (the screenshot is not one colour),
// and show an activity named <script>alert(1)</script> as text.
func TestReportInBrowser(t *testing.T) {
	t.Parallel()
	chromium := chromiumPath(t)

	in := filepath.Join(t.TempDir(), "in")
	if err := os.CopyFS(in, os.DirFS(samplesDir)); err != nil {
		t.Fatal(err)
	}
	writeXSSRun(t, filepath.Join(in, "activities", "2026-09-02-0620-run-xss.gpx"))
	out := filepath.Join(t.TempDir(), "out")
	if code, stdout, stderr := runCmd(t, "analyze", "-q", "--out", out, in); code != exitOK {
		t.Fatalf("analyze: exit %d\n%s%s", code, stdout, stderr)
	}
	page := filepath.Join(out, "report.html")
	url := "file://" + page

	dom, stderr := headless(t, chromium, url, 90*time.Second, "--dump-dom")
	if c := consoleLines(stderr, false); c != "" {
		t.Errorf("report.html logged to the console (errors, warnings or an alert):\n%s", c)
	}
	if m := reTitle.FindStringSubmatch(dom); m == nil || !strings.Contains(m[1], "gainguard") {
		t.Errorf("dumped DOM has no <title> naming gainguard: %q", m)
	}
	best := 0
	for _, table := range reTable.FindAllString(dom, -1) {
		rows := 0
		for _, tr := range reTR.FindAllString(table, -1) {
			if reDate.MatchString(tr) && !strings.Contains(tr, "<th scope=\"col\"") {
				rows++
			}
		}
		best = max(best, rows)
	}
	if best < 12 {
		t.Errorf("no table in the rendered page has 12+ dated rows (best %d): a blank or broken page?", best)
	}
	escaped := strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(xssName)
	if !strings.Contains(dom, escaped) {
		t.Errorf("the activity name %s does not appear as text (%s) in the rendered page", xssName, escaped)
	}
	if strings.Contains(dom, "<script>alert(1)") {
		t.Errorf("the activity name %s became a <script> element in the rendered page", xssName)
	}
	// The strength section: the e1RM chart with one shaded band per
	// high-interference week (in each of the e1RM, body-mass and load
	// charts), one PR marker per main-lift record week, the four main
	// lifts' lines, and the evidence sentences under the headline.
	progress := readTable[tables.ProgressRow](t, filepath.Join(out, "progress.parquet"))
	highWeeks, prs := map[int32]bool{}, 0
	for _, p := range progress {
		if p.InterferenceGroup == "high" {
			highWeeks[p.WeekStart] = true
		}
		if p.MainLift && (p.PRE1RM || p.PR1RM || p.PR3RM || p.PR5RM || p.PR8RM || p.PR10RM) {
			prs++
		}
	}
	for what, want := range map[string]int{
		`class="chart strength"`:      1,
		`class="chart masstrend"`:     1,
		`class="chart load"`:          1,
		`<rect class="int-high"`:      3 * len(highWeeks),
		`<circle class="pr lift-`:     prs,
		`<polyline class="sl lift-`:   4,
		`<polyline class="load-acute`: 1,
		`class="evidence-list"`:       2, // the main lift's, and the other lifts' under <details>
	} {
		if got := strings.Count(dom, what); got != want || want == 0 {
			t.Errorf("rendered page: %d × %s, want %d (> 0)", got, what, want)
		}
	}
	if !strings.Contains(dom, "low-interference weeks vs") || !strings.Contains(dom, "an association in your own log") {
		t.Error("rendered page lacks the evidence sentences")
	}
	if t.Failed() {
		t.Logf("dumped DOM (%d bytes), first 3000:\n%.3000s", len(dom), dom)
	}

	shot := filepath.Join(t.TempDir(), "report.png")
	_, stderr = headless(t, chromium, url, 90*time.Second, "--screenshot="+shot, "--window-size=1280,2000")
	if c := consoleLines(stderr, false); c != "" {
		t.Errorf("report.html logged to the console while taking the screenshot:\n%s", c)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	bounds := img.Bounds()
	if bounds.Dx() != 1280 || bounds.Dy() != 2000 {
		t.Errorf("screenshot is %v, want 1280×2000", bounds.Size())
	}
	// Luminance variance and distinct colours over every pixel: a blank
	// (single-colour) page has variance 0 and one colour.
	var n, sum, sumSq float64
	colours := map[uint32]bool{}
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			l := (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 257
			n, sum, sumSq = n+1, sum+l, sumSq+l*l
			if len(colours) < 1000 {
				colours[r>>8<<16|g>>8<<8|b>>8] = true
			}
		}
	}
	mean := sum / n
	variance := sumSq/n - mean*mean
	if variance < 25 || len(colours) < 16 {
		t.Errorf("screenshot looks blank: luminance variance %.1f, %d distinct colours", variance, len(colours))
	}
	t.Logf("rendered %s: DOM %d bytes, %d dated table rows; screenshot %v, luminance variance %.0f, %d+ colours",
		filepath.Base(page), len(dom), best, bounds.Size(), variance, len(colours))
}
