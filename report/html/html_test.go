package html

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
	"gainguard/report"
	"gainguard/report/internal/reporttest"
	"gainguard/report/internal/values"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/*.golden.* files")

func renderHTML(t *testing.T, d *report.Dataset) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestHTML(t *testing.T) {
	got := renderHTML(t, reporttest.Dataset())
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
	got := renderHTML(t, reporttest.Dataset())
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
	got := renderHTML(t, reporttest.Dataset())
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
	if strings.Contains(got, "<li>"+report.NoProfile) {
		t.Error("NoProfile listed among the defaults")
	}
}

func TestHTMLChartGeometry(t *testing.T) {
	var weeks []report.Week
	start := time.Date(2023, 12, 18, 0, 0, 0, 0, time.UTC)
	for i := range 30 {
		w := report.Week{Athlete: "x", WeekStart: start.AddDate(0, 0, 7*i), Interference: float64(i * 4), UnderFueling: 50}
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
	got := renderHTML(t, &report.Dataset{})
	for _, want := range []string{"<title>gainguard report</title>", "no data", "0 files seen"} {
		if !strings.Contains(got, want) {
			t.Errorf("empty report lacks %q", want)
		}
	}
}

// ---- Finished report: headline, week view, intensity, fueling, body mass ----

// berlinWeek is one Monday-start week in Europe/Berlin (no own offsets in
// the files): a 60-min tempo run at 18:00 local on Tuesday ending 0.2 h
// before a lower-body lift at 19:12, an upper-body lift on Wednesday at
// 07:00 (12 h after the lift ends, so no pair with the run: 13 h from its
// end), and a run named like markup on Thursday.
func berlinWeek(t *testing.T) (*report.Dataset, *time.Location) {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no Europe/Berlin zone:", err)
	}
	nan := math.NaN()
	at := func(d, h, m int) time.Time { return time.Date(2024, 6, d, h, m, 0, 0, berlin).UTC() }
	run := func(id, name string, start time.Time, min float64, class metrics.Class, zones [5]float64) (ingest.Activity, metrics.Run) {
		a := ingest.Activity{ID: id, Athlete: "kim", Kind: ingest.KindRun, Name: name, Start: start, Precision: ingest.PrecisionExact,
			ElapsedS: min * 60, TimerS: min * 60, DistanceM: nan, Calories: nan, AvgHR: nan, MaxHR: nan}
		r := metrics.Run{ActivityID: id, Athlete: "kim", Name: name, Start: start, LocalDate: values.DateOf(start.In(berlin)),
			ElapsedS: min * 60, TimerS: min * 60, ZoneS: zones, Class: class, NetKcal: 10 * min, TRIMP: nan, AvgHR: nan, MaxHR: nan, DistanceM: nan}
		return a, r
	}
	lift := func(id string, start time.Time, min float64, region ingest.Region) (ingest.Activity, metrics.Lift) {
		a := ingest.Activity{ID: id, Athlete: "kim", Kind: ingest.KindLift, Name: "Gym", Start: start, Precision: ingest.PrecisionExact,
			ElapsedS: min * 60, TimerS: min * 60, DistanceM: nan, Calories: nan, AvgHR: nan, MaxHR: nan}
		l := metrics.Lift{ActivityID: id, Athlete: "kim", Name: "Gym", Start: start, End: start.Add(time.Duration(min) * time.Minute),
			LocalDate: values.DateOf(start.In(berlin)), DurationS: min * 60, Precision: ingest.PrecisionExact, Region: region, NetKcal: 5 * min}
		return a, l
	}
	a1, r1 := run("r1", "Evening tempo", at(4, 18, 0), 60, "tempo", [5]float64{0, 600, 1200, 1500, 300})
	a2, l1 := lift("l1", at(4, 19, 12), 60, ingest.RegionLower)
	a3, l2 := lift("l2", at(5, 7, 0), 50, ingest.RegionUpper)
	a4, r2 := run("r2", "<script>alert(1)</script>", at(6, 12, 0), 30, "unknown", [5]float64{nan, nan, nan, nan, nan})
	week := report.Week{Athlete: "kim", WeekStart: time.Date(2024, 6, 3, 0, 0, 0, 0, berlin), Year: 2024, Week: 23,
		Runs: 2, RunMinutes: 90, Lifts: 2, LowerLifts: 1, RestDays: 4,
		Interference: 86, InterferenceBand: "very_high", UnderFueling: 80, UnderFuelingBand: "red", Tier: "D", Confidence: "exposure-only",
		WhatIfInterference: 18, WhatIfChanges: []string{"Move Fri's 60-min run to Sat 07:00", "Shorten Sun's 30-min run to 20 min"},
		Rules: []report.RuleHit{
			{Rule: "INT-D", Score: "interference", Points: 20, Reason: "2 runs, 90 min: D = 0.5", Advice: "Trim the runs"},
			{Rule: "UF-X", Score: "underfueling", Points: 30, Reason: "net exercise energy 1200 kcal → X = 1", Advice: "Eat for the training"},
			{Rule: "INT-P", Score: "interference", Points: 40, Activities: []string{"r1", "l1"},
				Reason: "Tue 06-04: 60-min tempo run 0.2 h before lower-body lift — p = 1.00", Advice: "Move the run ≥6 h away"},
			{Rule: "UF-SL", Score: "underfueling", Points: 5, Reason: "sleep", Advice: "Sleep"},
			{Rule: "INT-P", Score: "interference", Points: 1, Reason: "second pair", Advice: "x"},
		}}
	earlier := week
	earlier.WeekStart = time.Date(2024, 5, 27, 0, 0, 0, 0, berlin)
	earlier.Week = 22
	earlier.Interference, earlier.InterferenceBand, earlier.Rules = 10, "low", []report.RuleHit{{Rule: "INT-D", Score: "interference", Points: 99, Reason: "old", Advice: "old"}}
	earlier.WhatIfInterference, earlier.WhatIfChanges = nan, nil
	d := &report.Dataset{
		Activities: []ingest.Activity{a1, a2, a3, a4},
		Runs:       []metrics.Run{r1, r2},
		Lifts:      []metrics.Lift{l1, l2},
		Weeks:      []report.Week{week, earlier},
		Params:     map[string]metrics.Params{"kim": {Athlete: "kim", Sex: "female", Age: 28, BodyMassKg: 60, Loc: berlin}},
		Files: []ingest.FileResult{
			{Path: "kim/a.fit", Athlete: "kim", Format: "fit", Status: ingest.StatusImported, Activities: 3},
			{Path: "kim/b.gpx", Athlete: "kim", Format: "gpx", Status: ingest.StatusImported, Activities: 1, Reason: "no <heart> rate"},
			{Path: "kim/notes.txt", Athlete: "kim", Status: ingest.StatusSkipped, Reason: "not an activity file"},
		},
		Version: "test", Generated: time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC),
	}
	d.SetPairs() // as Build stores them
	return d, berlin
}

func TestHTMLTimelineGeometry(t *testing.T) {
	d, _ := berlinWeek(t)
	acts := map[string]*ingest.Activity{}
	for i := range d.Activities {
		acts[d.Activities[i].ID] = &d.Activities[i]
	}
	ss := athleteSessions(d, "kim", acts)
	pairs := sessionPairs(ss, athletePairs(d, "kim"))
	fig := buildTimeline("tl", time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC), ss, pairs)

	// The run starts at 18:00 local (16:00 UTC) on Tuesday, row 1, run lane.
	bars := fig.find("rect", "r1")
	if len(bars) != 1 {
		t.Fatalf("%d bars for the run, want 1", len(bars))
	}
	b := bars[0]
	if b.X != f1(tlX(18)) || b.W != f1(tlX(19)-tlX(18)) {
		t.Errorf("run bar x=%s w=%s, want x=%s (18 h local) w=%s (60 min)", b.X, b.W, f1(tlX(18)), f1(tlX(19)-tlX(18)))
	}
	if b.Y != f1(tlRowY(1)+tlRunY) {
		t.Errorf("run bar y=%s, want Tuesday's run lane %s", b.Y, f1(tlRowY(1)+tlRunY))
	}
	if !strings.Contains(b.Title, "Tue 2024-06-04 18:00–19:00") || !strings.Contains(b.Title, "tempo") {
		t.Errorf("run tooltip %q", b.Title)
	}
	// The lift after it: 19:12 on the same row, lift lane.
	lb := fig.find("rect", "l1")
	if len(lb) != 1 || lb[0].X != f1(tlX(19.2)) || lb[0].Y != f1(tlRowY(1)+tlLiftY) {
		t.Errorf("lift bar %+v, want x=%s y=%s", lb, f1(tlX(19.2)), f1(tlRowY(1)+tlLiftY))
	}
	// The gap: a red bracket from 19:00 to 19:12 labelled "0.2 h".
	key := "r1|l1"
	var label *svgEl
	for i, e := range fig.Els {
		if e.key == key && e.Tag == "text" {
			label = &fig.Els[i]
		}
	}
	if label == nil || label.Text != "0.2 h" || !strings.Contains(label.Class, "gap-label-risky") {
		t.Fatalf("gap label %+v, want a risky \"0.2 h\"", label)
	}
	var horiz bool
	for _, e := range fig.find("line", key) {
		if !strings.Contains(e.Class, "gap-risky") {
			t.Errorf("gap line class %q, want gap-risky", e.Class)
		}
		if e.Y == e.Y2 && e.X == f1(tlX(19)) && e.X2 == f1(tlX(19.2)) {
			horiz = true
		}
	}
	if !horiz {
		t.Errorf("no bracket from x=%s to x=%s", f1(tlX(19)), f1(tlX(19.2)))
	}
	// The lift (ends 20:12) and Wednesday's upper-body lift are both lifts:
	// no pair. The upper lift's nearest run before it is r1 (12 h, not risky).
	var upper *gapPair
	for i := range pairs {
		if pairs[i].Lift.ID == "l2" {
			upper = &pairs[i]
		}
	}
	if upper == nil || upper.Run.ID != "r1" || upper.Risky || upper.label() != "12 h" {
		t.Errorf("pair of the upper lift %+v, want r1, 12 h, not risky", upper)
	}
	if len(fig.find("line", "r1|l2")) != 1 {
		t.Error("the cross-day gap r1→l2 is not drawn as one line")
	}
	if !strings.Contains(fig.Desc, "1 gap under 6 h") && !strings.Contains(fig.Desc, "1 gap") {
		t.Errorf("desc %q", fig.Desc)
	}
}

func TestHTMLTimelineMidnightAndWeekStart(t *testing.T) {
	// A Sunday-start week; a run from 23:30 to 00:30 is split over two rows.
	start := time.Date(2024, 6, 2, 0, 0, 0, 0, time.UTC) // a Sunday
	s := session{ID: "x", Kind: ingest.KindRun, Class: "liss",
		Start: time.Date(2024, 6, 2, 23, 30, 0, 0, time.UTC), End: time.Date(2024, 6, 3, 0, 30, 0, 0, time.UTC)}
	s.Wall, s.WallEnd = s.Start, s.End
	fig := buildTimeline("tl", start, []session{s}, nil)
	bars := fig.find("rect", "x")
	if len(bars) != 2 {
		t.Fatalf("%d bars, want 2 (split at midnight)", len(bars))
	}
	if bars[0].Y != f1(tlRowY(0)+tlRunY) || bars[0].X != f1(tlX(23.5)) || bars[1].Y != f1(tlRowY(1)+tlRunY) || bars[1].X != f1(tlX(0)) {
		t.Errorf("bars %+v", bars)
	}
	var days []string
	for _, e := range fig.Els {
		if e.Class == "tl-day" {
			days = append(days, e.Text)
		}
	}
	if len(days) != 7 || days[0] != "Sun 2" || days[6] != "Sat 8" {
		t.Errorf("day rows %v, want Sun 2 … Sat 8", days)
	}
}

func TestHTMLHeadline(t *testing.T) {
	d, _ := berlinWeek(t)
	p := buildPage(d)
	h := p.Sections[0].Headline
	if h == nil || h.Start != "2024-06-03" {
		t.Fatalf("headline %+v, want the latest week 2024-06-03", h)
	}
	// The largest interference rule (INT-P, 40 points), not the first one,
	// and the largest under-fueling rule (UF-X, 30 points).
	if h.Int.Rule != "INT-P" || h.Int.Reason != "Tue 06-04: 60-min tempo run 0.2 h before lower-body lift" || h.Int.Advice != "Move the run ≥6 h away" {
		t.Errorf("interference headline %+v", h.Int)
	}
	if h.Int.Score != "86" || h.Int.Band != "very high" || h.Int.Class != "b3" {
		t.Errorf("interference score %+v", h.Int)
	}
	if h.UF.Rule != "UF-X" || h.UF.Reason != "net exercise energy 1200 kcal" || !h.UF.Red {
		t.Errorf("under-fueling headline %+v", h.UF)
	}
	if h.Int.Anchor != "athlete-1-w-2024-06-03-INT-P" {
		t.Errorf("anchor %q", h.Int.Anchor)
	}
	if len(h.Close) != 1 || !strings.Contains(h.Close[0], "Tue: 60-min run 0.2 h before lower-body lift") {
		t.Errorf("close pairs %q", h.Close)
	}
	got := renderHTML(t, d)
	for _, want := range []string{
		`<span class="big">86</span><span class="band b3">very high</span>`,
		`<a href="#athlete-1-w-2024-06-03-INT-P">INT-P</a>`,
		`<li id="athlete-1-w-2024-06-03-INT-P">`,
		`<li id="athlete-1-w-2024-06-03-INT-P-2">`, // the second INT-P hit gets its own anchor
		"This week is red: see a clinician or registered dietitian.",
		"Red: see a clinician or registered dietitian.",
		"Under-fueling is a screening, not a diagnosis",
		"Tue 2024-06-04 18:00 run “Evening tempo”", // activities named with local date and time
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(got, "old") && strings.Contains(got, `"big">10<`) {
		t.Error("headline shows the earlier week")
	}
	// Weeks without rules: the tile says so.
	for _, w := range []report.ScoreKind{report.ScoreInterference, report.ScoreUnderFueling} {
		if topRuleIndex(nil, w) != -1 {
			t.Errorf("topRuleIndex(nil, %s) != -1", w)
		}
	}
}

func TestShortReason(t *testing.T) {
	for in, want := range map[string]string{
		"Mon 09-21: 60-min run 0.2 h before lower-body lift — p = 1.00":                    "Mon 09-21: 60-min run 0.2 h before lower-body lift",
		"5 runs, longest 72 min: D = 0.5·1.00 + 0.25":                                      "5 runs, longest 72 min",
		"net exercise energy 3501 kcal = 42.7 kcal/kg (82 kg; 0 at ≤20) → 0.57 → X = 0.57": "net exercise energy 3501 kcal = 42.7 kcal/kg",
		"1 full rest day (6 training days)":                                                "1 full rest day (6 training days)",
	} {
		if got := shortReason(in); got != want {
			t.Errorf("shortReason(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHTMLEscapesTimeline(t *testing.T) {
	d, _ := berlinWeek(t)
	got := renderHTML(t, d)
	if strings.Contains(got, "<script") || strings.Contains(got, "<heart>") {
		t.Fatal("unescaped markup from a file")
	}
	esc := "&lt;script&gt;alert(1)&lt;/script&gt;"
	// In the timeline tooltip (SVG <title>) and the sessions table.
	if n := strings.Count(got, esc); n < 2 {
		t.Errorf("escaped name appears %d times, want ≥ 2 (tooltip and sessions table)", n)
	}
	if !strings.Contains(got, "<title>Thu 2024-06-06 12:00–12:30 · run “"+esc+"”") {
		t.Error("timeline tooltip of the markup-named run missing or unescaped")
	}
	// The shared test dataset: the markup-named run is in alex's timeline too.
	got = renderHTML(t, reporttest.Dataset())
	if !strings.Contains(got, "<title>Tue 2024-03-05 00:30–01:00 · run “"+esc+"”") {
		t.Error("alex's markup-named run missing from the timeline tooltips")
	}
}

func TestHTMLNoFoodLog(t *testing.T) {
	d, _ := berlinWeek(t)
	box := "No food log:</strong> under-fueling is exposure-only (tier D). Add a daily CSV food log (date, kcal, protein_g, carbs_g) to get energy availability."
	got := renderHTML(t, d)
	if !strings.Contains(got, box) {
		t.Error("no-food-log box missing")
	}
	if strings.Contains(got, "-fuel-title") {
		t.Error("fuel chart drawn without a food log")
	}
	// With a food log: the chart and the weekly table, no box.
	for day := 3; day <= 8; day++ {
		d.Intake = append(d.Intake, ingest.DayIntake{Athlete: "kim", Date: time.Date(2024, 6, day, 0, 0, 0, 0, time.UTC),
			Kcal: 2000, ProteinG: 90, CarbsG: 240, RunCarbsG: math.NaN()})
	}
	d.Intake = append(d.Intake, ingest.DayIntake{Athlete: "other", Date: time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC), Kcal: 9999})
	got = renderHTML(t, d)
	if strings.Contains(got, box) {
		t.Error("no-food-log box shown with a food log")
	}
	for _, want := range []string{`id="athlete-1-fuel-title"`, "Food log by week", "Under-fueling is a screening, not a diagnosis", "<td class=\"num\">6</td>", "1.5</td>"} {
		if !strings.Contains(got, want) {
			t.Errorf("report with a food log lacks %q", want)
		}
	}
	// Expenditure = the days table's need: (500 + 22·FFM) × PAL + the
	// day's net exercise kcal (run 600 + lift 300 on Tuesday).
	acts := map[string]*ingest.Activity{}
	for i := range d.Activities {
		acts[d.Activities[i].ID] = &d.Activities[i]
	}
	d.Intake = d.Intake[:6]
	rows := report.DayRows(d)
	days, _ := fuelDays(rows, "kim", athleteSessions(d, "kim", acts))
	var tue *report.DayRow
	for i := range rows {
		if rows[i].Athlete == "kim" && rows[i].Weekday == "Tue" {
			tue = &rows[i]
		}
	}
	if len(days) != 6 || days[1].Exercise != 900 || tue == nil || days[1].Expense != *tue.EnergyNeedKcal ||
		math.Abs(days[1].Expense-((report.CunninghamIntercep+report.CunninghamSlope**tue.FFMKg)*report.DefaultTuning().NonExercisePAL+900)) > 1e-9 {
		t.Errorf("Tuesday %+v, want exercise 900 and the days table's need", days[1])
	}
	for _, fd := range days {
		for _, r := range rows {
			if r.Athlete == "kim" && values.EpochDays(fd.Date) == r.LocalDate && fd.Expense != *r.EnergyNeedKcal {
				t.Errorf("%s: chart expenditure %v, table need %v", fd.Date.Format("Mon 01-02"), fd.Expense, *r.EnergyNeedKcal)
			}
		}
	}
}

func TestHTMLBodyMass(t *testing.T) {
	d, berlin := berlinWeek(t)
	got := renderHTML(t, d)
	if strings.Contains(got, "-body-title") || !strings.Contains(got, "No weigh-ins") {
		t.Error("body chart drawn without weigh-ins, or the note is missing")
	}
	for i, kg := range []float64{61, 60, 59, 60.5} {
		d.Body = append(d.Body, ingest.BodyMeasurement{Athlete: "kim", Time: time.Date(2024, 6, 1+3*i, 7, 0, 0, 0, berlin).UTC(), MassKg: kg, FatPct: math.NaN()})
	}
	d.Body = append(d.Body, ingest.BodyMeasurement{Athlete: "kim", Time: time.Date(2024, 6, 2, 7, 0, 0, 0, berlin).UTC(), MassKg: math.NaN()})
	got = renderHTML(t, d)
	if !strings.Contains(got, `id="athlete-1-body-title"`) || strings.Contains(got, "No weigh-ins") {
		t.Fatal("body chart missing with weigh-ins")
	}
	ws := weighIns(d.Body, "kim", berlin)
	if len(ws) != 4 {
		t.Fatalf("%d weigh-ins, want 4 (NaN dropped)", len(ws))
	}
	// Trailing 7-day means (readings on days 1, 4, 7, 10): 61; (61+60)/2;
	// (61+60+59)/3, day 1 being 6 days back; (60+59+60.5)/3 without day 1.
	want := []float64{61, 60.5, 60, 179.5 / 3}
	for i, w := range ws {
		if math.Abs(w.MeanKg-want[i]) > 1e-9 {
			t.Errorf("mean %d = %v, want %v", i, w.MeanKg, want[i])
		}
	}
	if !strings.Contains(got, "4 weigh-ins from 2024-06-01 to 2024-06-10: 61.0 → 60.5 kg") {
		t.Error("body summary missing")
	}
}

func TestHTMLDataQuality(t *testing.T) {
	d, _ := berlinWeek(t)
	got := renderHTML(t, d)
	for _, want := range []string{
		"<caption>Files by format</caption>",
		`<tr><th scope="row">fit</th><td class="num">1</td><td class="num">1</td>`,
		`<tr><th scope="row">unrecognized</th>`,
		"<td>kim/b.gpx</td><td>gpx</td><td>kim</td><td>no &lt;heart&gt; rate</td>", // imported with a note
		"not an activity file",
		"<strong>kim</strong>: no profile value assumed.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("data quality lacks %q", want)
		}
	}
}

func TestHTMLZones(t *testing.T) {
	d, _ := berlinWeek(t)
	p := buildPage(d)
	s := p.Sections[0]
	if s.Zones == nil {
		t.Fatal("no zone chart")
	}
	last := s.ZoneRows[len(s.ZoneRows)-1]
	if last.Zone != [5]string{"0", "10", "20", "25", "5"} || last.NoHR != "30" || last.Total != "90" {
		t.Errorf("zone row %+v", last)
	}
	if last.Classes != [4]int{0, 1, 0, 1} || s.ClassTotal != [4]int{0, 1, 0, 1} {
		t.Errorf("classes %v / %v", last.Classes, s.ClassTotal)
	}
}

// bigDataset is a year of daily training (a run every day, a lift every
// other day, 8 rules a week) for each athlete, with a food log and
// weigh-ins: the report must stay small.
func bigDataset(athletes ...string) *report.Dataset {
	d := &report.Dataset{Params: map[string]metrics.Params{}, Version: "test", Generated: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	nan := math.NaN()
	for _, who := range athletes {
		d.Params[who] = metrics.Params{Athlete: who, Loc: time.UTC, BodyMassKg: 70}
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		for day := range 364 {
			date := start.AddDate(0, 0, day)
			id := fmt.Sprintf("%s-%d", who, day)
			runStart := date.Add(17 * time.Hour)
			d.Activities = append(d.Activities, ingest.Activity{ID: id + "r", Athlete: who, Kind: ingest.KindRun, Name: "Run " + id, Start: runStart})
			d.Runs = append(d.Runs, metrics.Run{ActivityID: id + "r", Athlete: who, Name: "Run " + id, Start: runStart, LocalDate: date,
				ElapsedS: 3600, TimerS: 3600, ZoneS: [5]float64{600, 1800, 900, 300, 0}, Class: "liss", NetKcal: 600, TRIMP: nan})
			if day%2 == 0 {
				ls := date.Add(18*time.Hour + 10*time.Minute)
				d.Activities = append(d.Activities, ingest.Activity{ID: id + "l", Athlete: who, Kind: ingest.KindLift, Name: "Lift " + id, Start: ls})
				d.Lifts = append(d.Lifts, metrics.Lift{ActivityID: id + "l", Athlete: who, Name: "Lift " + id, Start: ls, End: ls.Add(time.Hour),
					LocalDate: date, Region: ingest.RegionLower, NetKcal: 250})
			}
			d.Intake = append(d.Intake, ingest.DayIntake{Athlete: who, Date: date, Kcal: 2500, ProteinG: 120, CarbsG: 300})
			d.Body = append(d.Body, ingest.BodyMeasurement{Athlete: who, Time: date.Add(7 * time.Hour), MassKg: 70 + math.Sin(float64(day)/9)})
			if date.Weekday() == time.Monday {
				rules := []report.RuleHit{}
				for k := range 8 {
					rules = append(rules, report.RuleHit{Rule: "INT-P", Score: "interference", Points: float64(10 - k), Activities: []string{id + "r", id + "l"},
						Reason: "Mon: 60-min run 0.0 h before lower-body lift — p = 1.00", Advice: "Move the run ≥6 h away or to another day"})
				}
				d.Weeks = append(d.Weeks, report.Week{Athlete: who, WeekStart: date, Year: 2024, Week: day/7 + 1, Interference: 80, InterferenceBand: "very_high",
					UnderFueling: 40, UnderFuelingBand: "yellow", Tier: "A", Confidence: "high", Rules: rules})
			}
		}
	}
	d.SetPairs()
	return d
}

func TestHTMLSize(t *testing.T) {
	got := renderHTML(t, bigDataset("ann"))
	if n := len(got); n > 1<<20 {
		t.Errorf("a year of one athlete: %d bytes, want < 1 MiB", n)
	}
	// The week view draws at most maxTimelines weeks, the fueling chart
	// the last fuelChartDays days.
	if n := strings.Count(got, `class="chart timeline"`); n != maxTimelines {
		t.Errorf("%d timelines, want %d", n, maxTimelines)
	}
	if !strings.Contains(got, "are left out to keep this file small") || !strings.Contains(got, "the table covers the whole food log") {
		t.Error("omitted timelines or fueling days not mentioned")
	}
	if n := strings.Count(got, `<rect class="fuel-in"`); n != fuelChartDays {
		t.Errorf("%d intake bars, want %d", n, fuelChartDays)
	}
	// The demo-sized shared dataset stays far below 1 MB.
	if n := len(renderHTML(t, reporttest.Dataset())); n > 1<<20 {
		t.Errorf("test dataset report %d bytes", n)
	}
}

// find returns the elements with the given tag and key (for tests).
func (f *svgFig) find(tag, key string) []svgEl {
	var out []svgEl
	for _, e := range f.Els {
		if e.Tag == tag && e.key == key {
			out = append(out, e)
		}
	}
	return out
}

// TestHTMLIDsAndLinks: ids are unique and every in-page link has a target,
// for one athlete, several, and a long history.
func TestHTMLIDsAndLinks(t *testing.T) {
	d, _ := berlinWeek(t)
	reID := regexp.MustCompile(`\sid="([^"]+)"`)
	reHref := regexp.MustCompile(`href="#([^"]+)"`)
	for name, ds := range map[string]*report.Dataset{"test": reporttest.Dataset(), "berlin": d, "big": bigDataset("ann", "ben"), "empty": {}} {
		got := renderHTML(t, ds)
		ids := map[string]int{}
		for _, m := range reID.FindAllStringSubmatch(got, -1) {
			ids[m[1]]++
		}
		for id, n := range ids {
			if n > 1 {
				t.Errorf("%s: id %q used %d times", name, id, n)
			}
		}
		for _, m := range reHref.FindAllStringSubmatch(got, -1) {
			if ids[m[1]] == 0 {
				t.Errorf("%s: link to #%s has no target", name, m[1])
			}
		}
	}
}

func TestHTMLSmallCharts(t *testing.T) {
	// One weigh-in and one food-log day still draw (no division by zero).
	d, berlin := berlinWeek(t)
	d.Body = []ingest.BodyMeasurement{{Athlete: "kim", Time: time.Date(2024, 6, 4, 7, 0, 0, 0, berlin), MassKg: 60}}
	d.Intake = []ingest.DayIntake{{Athlete: "kim", Date: time.Date(2024, 6, 4, 0, 0, 0, 0, time.UTC), Kcal: 1800}}
	got := renderHTML(t, d)
	if strings.Contains(got, "NaN") || strings.Contains(got, "Inf\"") || strings.Contains(got, "Inf,") {
		t.Error("NaN or Inf in the output")
	}
	for _, want := range []string{`id="athlete-1-body-title"`, `id="athlete-1-fuel-title"`, "1 weigh-in from 2024-06-04 to 2024-06-04"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q", want)
		}
	}
}
