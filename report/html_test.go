package report

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/*.golden.* files")

func renderHTML(t *testing.T, d *Dataset) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestHTML(t *testing.T) {
	got := renderHTML(t, testDataset())
	golden := filepath.Join("testdata", "report.golden.html")
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./report -run TestHTML -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("report.html differs from %s at line %d:\n got: %s\nwant: %s\n(run go test ./report -run TestHTML -update if the change is intended)", golden, i+1, g, w)
			}
		}
	}
}

func TestHTMLEscapesData(t *testing.T) {
	got := renderHTML(t, testDataset())
	for _, bad := range []string{"<script>alert(1)</script>", "<b>", "monitor<1>", "<enough>"} {
		if strings.Contains(got, bad) {
			t.Errorf("report contains unescaped %q", bad)
		}
	}
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;", // activity name, in the rule's activities
		"sam/broken &amp; bad.fit",              // failed file path
		"&#34;&lt;b&gt;&#34; is not a FIT file", // failure reason
		"alex/monitor&lt;1&gt;.fit",             // skipped file path
		"Eat &lt;enough&gt; protein.",           // advice
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks escaped %q", want)
		}
	}
	// Exactly one script-free page: no <script> element at all, and nothing fetched.
	for _, bad := range []string{"<script", "http://", "https://", "@import", "url("} {
		if strings.Contains(strings.ReplaceAll(got, `xmlns="http://www.w3.org/2000/svg"`, ""), bad) {
			t.Errorf("report contains %q", bad)
		}
	}
}

func TestHTMLContent(t *testing.T) {
	got := renderHTML(t, testDataset())
	for _, want := range []string{
		`<meta name="viewport"`,
		"@media print",
		"No profile found: defaults applied.",
		"hr_max: 220 − age formula",
		"hr_rest not given: 60 bpm assumed",
		"version 0.1.0-test, generated 2024-03-18 09:30 UTC",
		"2024-03-04 to 2024-03-17",
		`<section class="athlete" id="athlete-1"`,
		`<section class="athlete" id="athlete-2"`,
		`role="img" aria-labelledby="chart-1-title chart-1-desc"`,
		`<title id="chart-1-title">Weekly scores for alex</title>`,
		`<span class="band b2">high</span>`,
		`<span class="band b3">red</span>`,
		"tier C, low confidence",
		"1 more</summary>",
		"7 files seen: 5 imported, 1 skipped, 1 failed.",
		`class="table-wrap"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// The NoProfile marker is shown as the note, not as a list item.
	if strings.Contains(got, "<li>"+NoProfile) {
		t.Error("NoProfile listed among the defaults")
	}
}

func TestHTMLChartGeometry(t *testing.T) {
	var weeks []Week
	start := time.Date(2023, 12, 18, 0, 0, 0, 0, time.UTC)
	for i := range 30 {
		w := Week{Athlete: "x", WeekStart: start.AddDate(0, 0, 7*i), Interference: float64(i * 4), UnderFueling: 50}
		if i == 10 {
			w.UnderFueling = math.NaN() // breaks the line in two
		}
		weeks = append(weeks, w)
	}
	c := buildChart("x", 0, weeks)
	if n := len(c.XLabels); n > maxXLabels || n < maxXLabels/2 {
		t.Errorf("%d week labels for 30 weeks", n)
	}
	if c.XLabels[0].Year != "2023" {
		t.Errorf("first label year %q", c.XLabels[0].Year)
	}
	years := 0
	for _, l := range c.XLabels {
		if l.Year != "" {
			years++
		}
	}
	if years != 2 {
		t.Errorf("%d year labels, want 2 (2023 and 2024)", years)
	}
	if got := len(c.Series[0].Lines); got != 1 {
		t.Errorf("interference: %d lines, want 1", got)
	}
	if got := len(c.Series[1].Lines); got != 2 {
		t.Errorf("under-fueling: %d lines, want 2 (NaN week breaks it)", got)
	}
	if got := len(c.Series[1].Points); got != 29 {
		t.Errorf("under-fueling: %d points, want 29", got)
	}
	// A score of 100 sits on the top of the plot, 0 on its bottom (values clamp).
	if y := c.Grid[4].Y; y != "12.0" {
		t.Errorf("100 grid line at y=%s, want 12.0", y)
	}
}

func TestHTMLEmptyDataset(t *testing.T) {
	got := renderHTML(t, &Dataset{})
	for _, want := range []string{"<title>gainguard report</title>", "no data", "0 files seen"} {
		if !strings.Contains(got, want) {
			t.Errorf("empty report lacks %q", want)
		}
	}
}
