package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"gainguard/ingest"
)

// zoneBatch is an athlete without a profile zone: a FIT run recorded at
// UTC+09:00 (Tokyo) on the evening of 2025-09-15, and a Strong workout
// logged at 19:00 wall clock the same evening. Read as UTC (the old
// behaviour) the lift lands at 04:00 the next morning in Tokyo, after the
// run; placed in the device's zone it is at 19:00, before the run.
func zoneBatch(p ingest.Profile) *ingest.Batch {
	run := bRun("run", time.Date(2025, 9, 15, 20, 0, 0, 0, time.FixedZone("JST", 9*3600)), 45)
	run.HasTZ, run.TZOffsetS = true, 9*3600
	lift := bLift("csv-lift", time.Date(2025, 9, 15, 19, 0, 0, 0, time.UTC), 45, "squat")
	lift.Floating, lift.Format, lift.Source = true, "csv", "strong.csv"
	b := bBatch(p, []ingest.Activity{run, lift})
	return b
}

func liftOf(t *testing.T, ds *Dataset) ingest.Activity {
	t.Helper()
	for _, a := range ds.Activities {
		if a.ID == "csv-lift" {
			return a
		}
	}
	t.Fatal("no lift")
	return ingest.Activity{}
}

// TestWallClockZone: lift-log wall clocks were read as UTC without a
// profile zone, which flips the lift/run order for anyone not in UTC.
// They must be placed at the nearest device file's offset, else the
// profile's zone, else the machine's, with the source recorded.
func TestWallClockZone(t *testing.T) {
	p := bProfile()
	p.TimeZone = ""
	ds := Build(zoneBatch(p), BuildOptions{WeekStart: time.Monday})
	lift := liftOf(t, ds)
	if want := time.Date(2025, 9, 15, 10, 0, 0, 0, time.UTC); !lift.Start.Equal(want) || lift.TZOffsetS != 9*3600 || !lift.HasTZ {
		t.Errorf("lift at %v (offset %d, has_tz %v), want %v at +9 h", lift.Start, lift.TZOffsetS, lift.HasTZ, want)
	}
	if ds.ZoneSources["csv-lift"] != ZoneDevice || ds.ZoneSources["run"] != ZoneFile {
		t.Errorf("zone sources %v", ds.ZoneSources)
	}
	if !slices.ContainsFunc(ds.Params[bAthlete].Defaults, func(s string) bool {
		return strings.Contains(s, "nearest device file (UTC+09:00)")
	}) {
		t.Errorf("assumptions do not say where the zone came from: %q", ds.Params[bAthlete].Defaults)
	}
	// The lift now comes before the run (read as UTC it came 8 h after).
	for _, a := range ds.Activities {
		if a.ID == "run" && !lift.Start.Before(a.Start) {
			t.Errorf("lift at %v is not before the run at %v", lift.Start, a.Start)
		}
	}
	var lifts int
	for _, l := range ds.Lifts {
		if l.ActivityID == "csv-lift" {
			lifts++
		}
	}
	if lifts != 1 {
		t.Fatalf("lift metrics: %d rows", lifts)
	}
	for _, r := range zoneSources(t, ds) {
		if r.ID == "csv-lift" && r.ZoneSource != ZoneDevice {
			t.Errorf("activities.parquet zone_source %q", r.ZoneSource)
		}
	}

	// A profile zone wins over the device.
	p.TimeZone = "Europe/Berlin"
	ds = Build(zoneBatch(p), BuildOptions{WeekStart: time.Monday})
	if lift := liftOf(t, ds); lift.Start.Hour() != 17 || ds.ZoneSources["csv-lift"] != ZoneProfile {
		t.Errorf("with a profile zone: lift at %v, source %q", lift.Start, ds.ZoneSources["csv-lift"])
	}

	// No device offset and no profile zone: the machine's zone.
	defer func(z *time.Location) { machineZone = z }(machineZone)
	machineZone = time.FixedZone("TEST", -5*3600)
	p.TimeZone = ""
	b := zoneBatch(p)
	b.Activities = slices.DeleteFunc(b.Activities, func(a ingest.Activity) bool { return a.ID == "run" })
	ds = Build(b, BuildOptions{WeekStart: time.Monday})
	if lift := liftOf(t, ds); lift.Start.Hour() != 0 || lift.Start.Day() != 16 || ds.ZoneSources["csv-lift"] != ZoneMachine {
		t.Errorf("machine zone: lift at %v, source %q", lift.Start, ds.ZoneSources["csv-lift"])
	}
}

// zoneSources writes ds's activities.parquet and reads back its id and
// zone_source columns.
func zoneSources(t *testing.T, ds *Dataset) []struct {
	ID         string `parquet:"id"`
	ZoneSource string `parquet:"zone_source"`
} {
	t.Helper()
	var buf bytes.Buffer
	if err := writeTableFile(&buf, ds, "activities.parquet"); err != nil {
		t.Fatal(err)
	}
	rows, err := parquet.Read[struct {
		ID         string `parquet:"id"`
		ZoneSource string `parquet:"zone_source"`
	}](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
