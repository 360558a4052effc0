package tables

import (
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"gainguard/ingest"
	"gainguard/report/internal/reporttest"
)

func TestRecordsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	d, total := reporttest.RecordsDataset(recordsChunk + 100)
	d.Output.Records = true
	writeTables(t, dir, d)
	path := filepath.Join(dir, RecordsFile)
	pf := reporttest.OpenParquet(t, path)
	if got := pf.NumRows(); got != int64(total) {
		t.Fatalf("records: %d rows, want Σ samples = %d", got, total)
	}
	if got, want := reporttest.LogicalType(t, pf, "time_utc"), "TIMESTAMP(isAdjustedToUTC=true,unit=MICROS)"; got != want {
		t.Errorf("time_utc: logical type %q, want %q", got, want)
	}
	if got, ok := pf.Lookup(MetaTable); !ok || got != "records" {
		t.Errorf("metadata %s = %q", MetaTable, got)
	}
	for _, rg := range pf.Metadata().RowGroups {
		for _, c := range rg.Columns {
			if c.MetaData.Codec != format.Zstd {
				t.Errorf("column %v codec %v, want ZSTD", c.MetaData.PathInSchema, c.MetaData.Codec)
			}
		}
	}
	for _, col := range []string{"elapsed_s", "hr_bpm", "speed_m_s", "distance_m", "cadence_rpm", "power_w", "lat_deg", "lon_deg", "alt_m", "time_utc"} {
		leaf, ok := pf.Schema().Lookup(col)
		if !ok || !leaf.Node.Optional() {
			t.Errorf("%s: missing or not nullable", col)
		}
	}

	rows := reporttest.ReadRows[RecordRow](t, path)
	if !slices.EqualFunc(rows, RecordRows(d), func(x, y RecordRow) bool {
		return x.ActivityID == y.ActivityID && eqPtr(x.HRBpm, y.HRBpm) && eqPtr(x.ElapsedS, y.ElapsedS) &&
			(x.TimeUTC == nil) == (y.TimeUTC == nil) && (x.TimeUTC == nil || x.TimeUTC.Equal(*y.TimeUTC))
	}) {
		t.Error("records.parquet differs from RecordRows")
	}
	// Order: athlete, activity start, id; then time, timeless samples last.
	acts := map[string]*ingest.Activity{}
	for i := range d.Activities {
		acts[d.Activities[i].ID] = &d.Activities[i]
	}
	if !slices.IsSortedFunc(rows, func(x, y RecordRow) int {
		ax, ay := acts[x.ActivityID], acts[y.ActivityID]
		if c := cmpRow(ax.Athlete, ay.Athlete, ax.Start, ay.Start, ax.ID, ay.ID); c != 0 {
			return c
		}
		switch {
		case x.TimeUTC == nil || y.TimeUTC == nil:
			return boolInt(x.TimeUTC == nil) - boolInt(y.TimeUTC == nil)
		}
		return x.TimeUTC.Compare(*y.TimeUTC)
	}) {
		t.Error("records are not sorted by athlete, activity start, id, time")
	}
	var nullHR, nullLat, nullTime, sam int
	for _, r := range rows {
		if r.Athlete == "" || r.ActivityID == "" {
			t.Fatalf("row without athlete or activity: %+v", r)
		}
		if r.HRBpm == nil {
			nullHR++
		}
		if r.LatDeg == nil {
			nullLat++
		}
		if r.TimeUTC == nil {
			nullTime++
			if r.ElapsedS != nil {
				t.Errorf("timeless sample has elapsed_s %v", *r.ElapsedS)
			}
		}
		if r.ActivityID == "s1run" {
			if r.TimeUTC != nil && (r.ElapsedS == nil || math.Abs(r.TimeUTC.Sub(acts["s1run"].Start).Seconds()-*r.ElapsedS) > 1e-9) {
				t.Fatalf("elapsed_s does not match time_utc: %+v", r)
			}
			sam++
		}
	}
	if want := recordsChunk + 101; sam != want {
		t.Errorf("sam's run: %d records, want %d", sam, want)
	}
	// alex's all-NaN sample and sam's timeless one have no HR; sam's odd
	// samples (and the two above) have no position.
	if nullHR != 2 || nullTime != 1 || nullLat != 2+(recordsChunk+100)/2 {
		t.Errorf("NULLs: hr %d, time %d, lat %d", nullHR, nullTime, nullLat)
	}
}

func eqPtr(x, y *float64) bool {
	return (x == nil) == (y == nil) && (x == nil || *x == *y)
}

// recordPartRow must be RecordRow's schema minus athlete, column for
// column.
func TestRecordPartRowSchema(t *testing.T) {
	c, err := newDropAthlete[RecordRow]()
	if err != nil {
		t.Fatal(err)
	}
	part := parquet.SchemaOf(recordPartRow{})
	if got, want := part.Columns(), c.reduced.Columns(); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
		t.Fatalf("recordPartRow columns %v, want %v", got, want)
	}
	for _, p := range part.Columns() {
		x, _ := part.Lookup(p...)
		y, _ := c.reduced.Lookup(p...)
		if !parquet.EqualNodes(x.Node, y.Node) {
			t.Errorf("recordPartRow.%v differs from RecordRow's", p)
		}
	}
}
