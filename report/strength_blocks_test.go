package report

import (
	"math"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
)

// Training blocks leave no week rows for a long gap (blocks.go): the
// progress rows of the block after the gap carry that block's own sessions,
// loads and trends, not the days counted as if the weeks were contiguous.
func TestBuildStrengthAcrossBlocks(t *testing.T) {
	all := sWeeks(13, func(int) string { return "low" })
	weeks := append(append([]Week(nil), all[:3]...), all[10:]...) // weeks 3–9: a gap
	for k := range weeks {
		weeks[k].Block = 1 + k/3
	}
	kg := []float64{100, 102.5, 105, 0, 0, 0, 0, 0, 0, 0, 90, 92.5, 95}
	with := []int{0, 1, 2, 10, 11, 12}
	var acts []ingest.Activity
	for _, k := range with {
		acts = append(acts, sSquat(7*k, kg[k]))
	}
	r := sBuild(acts, weeks, nil)
	rows := squatRows(t, r)
	if len(rows) != 6 {
		t.Fatalf("%d squat rows, want 6 (one per week with a row)", len(rows))
	}
	for i, k := range with {
		row := rows[i]
		if !row.WeekStart.Equal(all[k].WeekStart) {
			t.Fatalf("row %d is week %v, want %v", i, row.WeekStart, all[k].WeekStart)
		}
		want := (kg[k]*(1+5.0/30) + kg[k]*36.0/32) / 2
		if math.Abs(row.E1RMKg-want) > 1e-9 || row.Sessions != 1 {
			t.Errorf("week %d: e1RM %v from %d sessions, want %v from 1", k, row.E1RMKg, row.Sessions, want)
		}
		if !(row.WeekLoad > 0) {
			t.Errorf("week %d: week load %v, want the squat's load", k, row.WeekLoad)
		}
	}
	// The first weeks after the gap rise again: their trend must not
	// reach back into the block before (which was heavier).
	if got := rows[5].TrendPct; !(got > 0) {
		t.Errorf("trend of the third week after the gap %v, want > 0 (only this block's weeks)", got)
	}
}

// The strength and load charts draw the latest training block, as the
// scores chart does (TestHTMLSparseHistory): an earlier block's weeks (here
// high-interference ones) are neither charted nor joined across the gap.
func TestStrengthHTMLLatestBlock(t *testing.T) {
	all := sWeeks(13, func(k int) string {
		if k < 3 {
			return "very_high"
		}
		return "low"
	})
	weeks := append(append([]Week(nil), all[:3]...), all[10:]...)
	for k := range weeks {
		weeks[k].Block = 1 + k/3
	}
	var acts []ingest.Activity
	for i, k := range []int{0, 1, 2, 10, 11, 12} {
		acts = append(acts, sSquat(7*k, 100+2.5*float64(i)))
	}
	r := sBuild(acts, weeks, nil)
	ds := &Dataset{Weeks: weeks, Activities: acts, Progress: r.progress, Evidence: r.evidence, Strength: r.sessions,
		Generated: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	var b strings.Builder
	if err := writeHTML(&b, ds); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if n := strings.Count(page, `<rect class="int-high"`); n != 0 {
		t.Errorf("%d high-interference bands drawn, want 0 (the high weeks are in the earlier block)", n)
	}
	if !strings.Contains(page, "Strength progress (latest training block)</h3>") {
		t.Error("the strength heading does not say it charts the latest training block")
	}
	i := strings.Index(page, `<polyline class="sl lift-sq"`)
	if i < 0 {
		t.Fatal("no squat line")
	}
	line := page[i : i+strings.Index(page[i:], "/>")]
	if n := strings.Count(line, ","); n != 3 {
		t.Errorf("squat line %s: %d points, want the latest block's 3", line, n)
	}
}
