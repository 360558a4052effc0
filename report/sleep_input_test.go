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
