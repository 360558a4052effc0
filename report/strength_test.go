package report

import (
	"math"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// sWeeks returns n Monday weeks from 2026-03-02 (UTC), the first k of
// them high-interference.
func sWeeks(n int, band func(k int) string) []Week {
	ws := make([]Week, n)
	for k := range ws {
		ws[k] = Week{Athlete: "al", WeekStart: time.Date(2026, 3, 2+7*k, 0, 0, 0, 0, time.UTC),
			InterferenceBand: Band(band(k)), Tier: "D", UnderFuelingBand: "green"}
	}
	return ws
}

// sSquat is a squat session on day d of the series (0 = 2026-03-02):
// one warm-up and three sets of 5 at kg.
func sSquat(d int, kg float64) ingest.Activity {
	start := time.Date(2026, 3, 2+d, 7, 0, 0, 0, time.UTC)
	a := ingest.Activity{ID: "sq" + start.Format("0102"), Athlete: "al", Kind: ingest.KindLift, Start: start, ElapsedS: 3600,
		TimerS: 3600, AvgHR: math.NaN(), Calories: math.NaN()}
	set := func(w float64, mark ingest.SetMark) ingest.Set {
		return ingest.Set{Type: ingest.SetActive, Reps: 5, WeightKg: w, Exercise: "squat_barbell", Region: ingest.RegionLower, Mark: mark, DurationS: math.NaN()}
	}
	a.Sets = []ingest.Set{set(kg/2, ingest.MarkWarmup), set(kg, ""), set(kg, ""), set(kg, "")}
	return a
}

func sBuild(acts []ingest.Activity, weeks []Week, body []ingest.BodyMeasurement) strengthResult {
	p := metrics.DefaultParams()
	p.Athlete = "al"
	p.Loc = time.UTC
	_, lifts := metrics.Analyze(acts, p)
	return buildStrength(acts, nil, lifts, weeks, body, p, DefaultTuning())
}

func squatRows(t *testing.T, r strengthResult) []ProgressWeek {
	t.Helper()
	var out []ProgressWeek
	for _, p := range r.progress {
		if p.Exercise == metrics.Squat {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		t.Fatal("no squat progress rows")
	}
	return out
}

// Adding 2.5 kg a week: a positive trend, a PR every week after the first,
// e1RM = the hand-computed mean of Epley and Brzycki for 5 reps.
func TestBuildStrengthProgress(t *testing.T) {
	var acts []ingest.Activity
	for k := range 8 {
		acts = append(acts, sSquat(7*k, 100+2.5*float64(k)))
	}
	r := sBuild(acts, sWeeks(8, func(int) string { return "low" }), nil)
	rows := squatRows(t, r)
	if len(rows) != 8 {
		t.Fatalf("%d squat rows, want 8", len(rows))
	}
	want0 := (100*(1+5.0/30) + 100*36.0/32) / 2
	if math.Abs(rows[0].E1RMKg-want0) > 1e-9 || rows[0].PRE1RM || rows[0].PR[2] {
		t.Errorf("week 1: e1RM %v PR %v/%v, want %v and no record (nothing to beat)", rows[0].E1RMKg, rows[0].PRE1RM, rows[0].PR[2], want0)
	}
	for k, row := range rows[1:] {
		if !row.PRE1RM || !row.PR[2] || row.PR[3] {
			t.Errorf("week %d: PR e1RM %v 5RM %v 8RM %v, want true true false", k+2, row.PRE1RM, row.PR[2], row.PR[3])
		}
	}
	if !math.IsNaN(rows[1].TrendPct) || !(rows[2].TrendPct > 0) {
		t.Errorf("trend weeks 2, 3: %v %v, want NaN then > 0", rows[1].TrendPct, rows[2].TrendPct)
	}
	// 2.5 kg/week on ~110 kg of e1RM × 4 weeks ≈ 10 %/4 wk.
	if tr := rows[7].TrendPct; tr < 8 || tr > 12 {
		t.Errorf("week 8 trend %v %%/4 wk, want about 10", tr)
	}
	if rows[0].HardSets != 3 || rows[0].LowerHardSets != 3 || rows[0].UpperHardSets != 0 {
		t.Errorf("hard sets %d (lower %d upper %d), want 3 (3, 0): the warm-up does not count", rows[0].HardSets, rows[0].LowerHardSets, rows[0].UpperHardSets)
	}
	if len(r.sessions) != 8 || r.sessions[0].Canonical != metrics.Squat {
		t.Errorf("%d sessions (%s), want 8 squat", len(r.sessions), r.sessions[0].Canonical)
	}
}

// The evidence view: gains in low weeks and a stall in high ones give
// the sentence the issue asks for; too few weeks say so.
func TestBuildStrengthEvidence(t *testing.T) {
	high := func(k int) bool { return k >= 4 && k < 8 }
	band := func(k int) string {
		if high(k) {
			return "very_high"
		}
		return "low"
	}
	var acts []ingest.Activity
	kg := 100.0
	for k := range 12 {
		if !high(k) {
			kg += 2.5
		}
		acts = append(acts, sSquat(7*k, kg))
	}
	r := sBuild(acts, sWeeks(12, band), nil)
	var ev *Evidence
	for i := range r.evidence {
		if r.evidence[i].Exercise == metrics.Squat && r.evidence[i].Split == "interference" {
			ev = &r.evidence[i]
		}
	}
	if ev == nil {
		t.Fatalf("no squat interference evidence in %+v", r.evidence)
	}
	lo, hi := ev.Groups[0], ev.Groups[1]
	if lo.Weeks != 7 || hi.Weeks != 4 || !(lo.TrendPct > 5) || hi.TrendPct != 0 {
		t.Errorf("low %d weeks %v %%, high %d weeks %v %%; want 7 weeks > 5 %% and 4 weeks 0 %%", lo.Weeks, lo.TrendPct, hi.Weeks, hi.TrendPct)
	}
	for _, want := range []string{"Squat e1RM +", "in 7 low-interference weeks vs ±0.0 %/4 wk in 4 high-interference weeks", "association"} {
		if !strings.Contains(ev.Sentence, want) {
			t.Errorf("sentence %q lacks %q", ev.Sentence, want)
		}
	}
	// Only 2 high weeks: not enough data.
	r = sBuild(acts[:6], sWeeks(6, band), nil)
	for _, e := range r.evidence {
		if e.Split == "interference" && !strings.Contains(e.Sentence, "not enough data in high-interference weeks (2, need 3)") {
			t.Errorf("sentence %q should say not enough data", e.Sentence)
		}
	}
}

// Body mass: losing weight gives a falling trend and a negative rate;
// load: a run added on the last day raises the last week's acute load.
func TestBuildStrengthBodyAndLoad(t *testing.T) {
	acts := []ingest.Activity{sSquat(0, 100), sSquat(7, 100), sSquat(14, 100)}
	var body []ingest.BodyMeasurement
	for d := range 21 {
		body = append(body, ingest.BodyMeasurement{Athlete: "al", Time: time.Date(2026, 3, 2+d, 7, 0, 0, 0, time.UTC),
			MassKg: 82 - 0.1*float64(d), FatPct: 15})
	}
	r := sBuild(acts, sWeeks(3, func(int) string { return "low" }), body)
	rows := squatRows(t, r)
	if !(rows[2].BodyMassTrendKg < rows[1].BodyMassTrendKg && rows[1].BodyMassRatePct < 0 && rows[2].BodyMassRatePct < 0) {
		t.Errorf("mass trend %v → %v, rate %v %v; want falling", rows[1].BodyMassTrendKg, rows[2].BodyMassTrendKg, rows[1].BodyMassRatePct, rows[2].BodyMassRatePct)
	}
	if math.IsNaN(rows[0].BodyMassRatePct) == false || math.Abs(rows[2].LeanMassTrendKg-rows[2].BodyMassTrendKg*0.85) > 1e-6 {
		t.Errorf("first-week rate %v (want NaN), lean %v (want 85 %% of %v)", rows[0].BodyMassRatePct, rows[2].LeanMassTrendKg, rows[2].BodyMassTrendKg)
	}
	base := rows[2].AcuteLoad
	// Each lift without RPE counts 5 × 60 min = 300 a day.
	if math.Abs(rows[0].WeekLoad-300) > 1e-9 {
		t.Errorf("week load %v, want 300 (RPE 5 assumed × 60 min)", rows[0].WeekLoad)
	}
	run := ingest.Activity{ID: "run", Athlete: "al", Kind: ingest.KindRun, Sport: "running",
		Start: time.Date(2026, 3, 22, 18, 0, 0, 0, time.UTC), ElapsedS: 3600, TimerS: 3600,
		DistanceM: 10000, AvgHR: math.NaN(), MaxHR: math.NaN(), Calories: math.NaN()}
	p := metrics.DefaultParams()
	p.Athlete, p.Loc = "al", time.UTC
	all := append(append([]ingest.Activity(nil), acts...), run)
	runs, lifts := metrics.Analyze(all, p)
	r2 := buildStrength(all, runs, lifts, sWeeks(3, func(int) string { return "low" }), body, p, DefaultTuning())
	if got := squatRows(t, r2)[2].AcuteLoad; !(got > base) {
		t.Errorf("acute load with a run %v, not above %v", got, base)
	}
	// Stale weigh-ins: no trend 15 days after the last one.
	r3 := sBuild(acts, sWeeks(3, func(int) string { return "low" }), body[:1])
	if v := squatRows(t, r3)[2].BodyMassTrendKg; !math.IsNaN(v) {
		t.Errorf("trend %v from a weigh-in 20 days old, want NaN", v)
	}
}

// The report's strength section: one shaded band per high-interference
// week, a PR marker per record week, the evidence sentence, and the
// body-mass and load charts.
func TestStrengthHTML(t *testing.T) {
	high := func(k int) bool { return k >= 4 && k < 8 }
	band := func(k int) string {
		if high(k) {
			return "very_high"
		}
		return "low"
	}
	var acts []ingest.Activity
	kg := 100.0
	for k := range 12 {
		if !high(k) {
			kg += 2.5
		}
		acts = append(acts, sSquat(7*k, kg))
	}
	var body []ingest.BodyMeasurement
	for d := 0; d < 84; d += 2 {
		body = append(body, ingest.BodyMeasurement{Athlete: "al", Time: time.Date(2026, 3, 2+d, 7, 0, 0, 0, time.UTC), MassKg: 80 + 0.02*float64(d), FatPct: math.NaN()})
	}
	weeks := sWeeks(12, band)
	r := sBuild(acts, weeks, body)
	ds := &Dataset{Weeks: weeks, Activities: acts, Progress: r.progress, Evidence: r.evidence, Strength: r.sessions,
		Body: body, Generated: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	var b strings.Builder
	if err := writeHTML(&b, ds); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	prWeeks := 0
	for _, p := range r.progress {
		if p.Exercise == metrics.Squat && (p.PRE1RM || p.PR[0] || p.PR[1] || p.PR[2] || p.PR[3] || p.PR[4]) {
			prWeeks++
		}
	}
	for what, want := range map[string]int{
		`<rect class="int-high"`:           3 * 4, // strength, body-mass and load charts
		`<circle class="pr lift-sq"`:       prWeeks,
		`<polyline class="sl lift-sq"`:     1,
		`<polyline class="mass-trend"`:     1,
		`<polyline class="load-acute"`:     1,
		`<polyline class="load-chronic"`:   1,
		`id="athlete-1-strength-h"`:        1,
		`in 4 high-interference weeks (an`: 1,
	} {
		if got := strings.Count(page, what); got != want {
			t.Errorf("%s: %d in the page, want %d", what, got, want)
		}
	}
	if prWeeks != 7 {
		t.Errorf("%d squat PR weeks, want 7 (every gaining week after the first)", prWeeks)
	}
}

// The terminal table gains the main lift's e1RM and trend.
func TestSummaryMainLift(t *testing.T) {
	var acts []ingest.Activity
	for k := range 6 {
		acts = append(acts, sSquat(7*k, 100+2.5*float64(k)))
	}
	weeks := sWeeks(6, func(int) string { return "low" })
	r := sBuild(acts, weeks, nil)
	var b strings.Builder
	WriteSummary(&b, &Dataset{Weeks: weeks, Progress: r.progress}, 2)
	out := b.String()
	for _, want := range []string{"MAIN LIFT e1RM", "squat 128.9 kg +", "%/4wk"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

// --since drops the weeks before its week, but the trend of the first
// output week still sees the history weeks.
func TestStrengthSince(t *testing.T) {
	var acts []ingest.Activity
	for k := range 6 {
		acts = append(acts, sSquat(7*k, 100+2.5*float64(k)))
	}
	full := sBuild(acts, sWeeks(6, func(int) string { return "low" }), nil)
	cut := full.since(time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)) // week 5
	rows := squatRows(t, cut)
	if len(rows) != 2 || len(cut.sessions) != 2 {
		t.Fatalf("%d rows, %d sessions after since, want 2 and 2", len(rows), len(cut.sessions))
	}
	if fr := squatRows(t, full); rows[0].TrendPct != fr[4].TrendPct || math.IsNaN(rows[0].TrendPct) {
		t.Errorf("first output week's trend %v, want the full run's %v", rows[0].TrendPct, fr[4].TrendPct)
	}
}

// An athlete who only runs: progress rows carry the load, the page says
// there is no e1RM to chart and shows the load chart.
func TestStrengthRunsOnly(t *testing.T) {
	run := ingest.Activity{ID: "run", Athlete: "al", Kind: ingest.KindRun, Sport: "running",
		Start: time.Date(2026, 3, 4, 18, 0, 0, 0, time.UTC), ElapsedS: 3600, TimerS: 3600,
		DistanceM: 10000, AvgHR: math.NaN(), MaxHR: math.NaN(), Calories: math.NaN()}
	p := metrics.DefaultParams()
	p.Athlete, p.Loc = "al", time.UTC
	runs, lifts := metrics.Analyze([]ingest.Activity{run}, p)
	weeks := sWeeks(1, func(int) string { return "low" })
	r := buildStrength([]ingest.Activity{run}, runs, lifts, weeks, nil, p, DefaultTuning())
	if len(r.progress) != 1 || r.progress[0].Exercise != "" || !(r.progress[0].WeekLoad > 0) || len(r.evidence) != 0 {
		t.Fatalf("progress %+v, evidence %v; want one row with the run's load and no evidence", r.progress, r.evidence)
	}
	var b strings.Builder
	if err := writeHTML(&b, &Dataset{Weeks: weeks, Activities: []ingest.Activity{run}, Progress: r.progress}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"No set of a main lift", `class="chart load"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(b.String(), "Is running eating your gains?") {
		t.Error("page has an evidence section without any lift")
	}
}
