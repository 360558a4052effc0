package report

import (
	"math"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
)

// TestBuildSleepFromBatch: nights in Batch.Sleep reach the score's sleep
// term (F5) with their origin in Params.Sources; shorter nights raise
// under-fueling (direction), and the same night from two sources counts
// once (the longer).
func TestBuildSleepFromBatch(t *testing.T) {
	acts := anchorBActs()
	nights := func(h float64, origin string) []ingest.SleepNight {
		var out []ingest.SleepNight
		for d := 9; d <= 21; d++ {
			out = append(out, ingest.SleepNight{Athlete: bAthlete, Source: "bo/export.xml", Origin: origin,
				Date: time.Date(2025, 9, d, 0, 0, 0, 0, time.UTC), AsleepS: h * 3600, InBedS: math.NaN()})
		}
		return out
	}
	score := func(sleep []ingest.SleepNight) (Week, *Dataset) {
		b := bBatch(bProfile(), cloneActs(acts))
		b.Sleep = sleep
		b.Intake = deficitIntake(t, acts, 300, 1.0, 4) // a food log: tier A, not capped
		ds := build(t, b)
		return refWeek(t, ds), ds
	}
	none, _ := score(nil)
	short, ds := score(nights(5, "Apple Health (Watch)"))
	long, _ := score(nights(8, "Apple Health (Watch)"))
	if !math.IsNaN(none.Sleep) || math.IsNaN(short.Sleep) || math.IsNaN(long.Sleep) {
		t.Fatalf("sleep component: none %v, short %v, long %v", none.Sleep, short.Sleep, long.Sleep)
	}
	if !(short.Sleep > long.Sleep) || !(short.UnderFueling > long.UnderFueling) {
		t.Errorf("5 h nights: Sl %.2f UF %.1f; 8 h nights: Sl %.2f UF %.1f — shorter sleep must score worse",
			short.Sleep, short.UnderFueling, long.Sleep, long.UnderFueling)
	}
	src := strings.Join(ds.Params[bAthlete].Sources, "; ")
	if !strings.Contains(src, "sleep: 13 nights 2025-09-09 to 2025-09-21 (Apple Health (Watch): 13)") {
		t.Errorf("sources %q", src)
	}
	// Two sources, one night each date: the longer is kept, so a partial
	// 5 h record beside the 8 h one changes nothing.
	both, _ := score(append(nights(5, "Garmin Connect"), nights(8, "Apple Health (Watch)")...))
	if both.Sleep != long.Sleep || both.UnderFueling != long.UnderFueling {
		t.Errorf("with a second, shorter source: Sl %.2f UF %.1f, want %.2f %.1f", both.Sleep, both.UnderFueling, long.Sleep, long.UnderFueling)
	}
}

// TestBuildRestingFromBatch: without hr_rest in the profile, the median of
// the latest daily resting heart rates is used (and said where from); a
// profile value wins.
func TestBuildRestingFromBatch(t *testing.T) {
	acts := anchorBActs()
	var rest []ingest.RestingHR
	for d := 1; d <= 30; d++ {
		bpm := 50.0
		if d <= 2 {
			bpm = 70 // outside the latest 28 days
		}
		rest = append(rest, ingest.RestingHR{Athlete: bAthlete, Source: "bo/UDSFile.json", Origin: "Garmin Connect",
			Date: time.Date(2025, 8, d, 0, 0, 0, 0, time.UTC), BPM: bpm + float64(d%3)})
	}
	p := bProfile()
	p.HRRest = 0
	b := bBatch(p, cloneActs(acts))
	b.Resting = rest
	ds := build(t, b)
	got := ds.Params[bAthlete]
	if got.HRRest != 51 || !strings.Contains(strings.Join(got.Sources, "; "), "hr_rest 51 bpm: median of 28 daily resting heart rates 2025-08-03 to 2025-08-30 (Garmin Connect)") {
		t.Errorf("hr_rest %v, sources %q", got.HRRest, got.Sources)
	}
	b = bBatch(bProfile(), cloneActs(acts))
	b.Resting = rest
	if got := build(t, b).Params[bAthlete].HRRest; got != 55 {
		t.Errorf("profile hr_rest 55 replaced by %v", got)
	}
}
