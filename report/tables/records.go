package tables

import (
	"cmp"
	"io"
	"math"
	"slices"
	"time"

	"github.com/parquet-go/parquet-go"

	"gainguard/ingest"
	"gainguard/report"
)

// RecordsFile is the per-sample table written when
// report.WriteOptions.Records is set (analyze --records). It is not in
// [Files], which lists the tables every run writes.
const RecordsFile = "records.parquet"

// RecordRow is one row of records.parquet: one sample (record) of one
// activity, as the device stored it. Every measurement is nullable: NULL
// when the sample did not carry it.
type RecordRow struct {
	ActivityID string     `parquet:"activity_id,dict"`
	Athlete    string     `parquet:"athlete,dict"`
	TimeUTC    *time.Time `parquet:"time_utc,timestamp(microsecond),optional"`
	ElapsedS   *float64   `parquet:"elapsed_s,optional"` // since the activity's start_utc
	HRBpm      *float64   `parquet:"hr_bpm,optional"`
	SpeedMS    *float64   `parquet:"speed_m_s,optional"`
	DistanceM  *float64   `parquet:"distance_m,optional"` // cumulative
	CadenceRPM *float64   `parquet:"cadence_rpm,optional"`
	PowerW     *float64   `parquet:"power_w,optional"`
	LatDeg     *float64   `parquet:"lat_deg,optional"`
	LonDeg     *float64   `parquet:"lon_deg,optional"`
	AltM       *float64   `parquet:"alt_m,optional"`
}

// recordPartRow is RecordRow without the athlete column: the rows of a
// partitioned records file (the athlete is in its path). Its schema must
// be RecordRow's minus athlete (TestRecordPartRowSchema checks).
type recordPartRow struct {
	ActivityID string     `parquet:"activity_id,dict"`
	TimeUTC    *time.Time `parquet:"time_utc,timestamp(microsecond),optional"`
	ElapsedS   *float64   `parquet:"elapsed_s,optional"`
	HRBpm      *float64   `parquet:"hr_bpm,optional"`
	SpeedMS    *float64   `parquet:"speed_m_s,optional"`
	DistanceM  *float64   `parquet:"distance_m,optional"`
	CadenceRPM *float64   `parquet:"cadence_rpm,optional"`
	PowerW     *float64   `parquet:"power_w,optional"`
	LatDeg     *float64   `parquet:"lat_deg,optional"`
	LonDeg     *float64   `parquet:"lon_deg,optional"`
	AltM       *float64   `parquet:"alt_m,optional"`
}

func (r *RecordRow) part() recordPartRow {
	return recordPartRow{
		ActivityID: r.ActivityID, TimeUTC: r.TimeUTC, ElapsedS: r.ElapsedS, HRBpm: r.HRBpm,
		SpeedMS: r.SpeedMS, DistanceM: r.DistanceM, CadenceRPM: r.CadenceRPM, PowerW: r.PowerW,
		LatDeg: r.LatDeg, LonDeg: r.LonDeg, AltM: r.AltM,
	}
}

// Records are streamed: rows are built and written recordsChunk at a
// time, and the writer flushes a row group every recordsRowGroup rows, so
// memory stays bounded however many samples there are.
const (
	recordsChunk    = 64 << 10
	recordsRowGroup = 128 << 10
)

// recordActivities returns the activities with samples, sorted by
// athlete, start and id (the order of records.parquet).
func recordActivities(d *report.Dataset) []*ingest.Activity {
	acts := make([]*ingest.Activity, 0, len(d.Activities))
	for i := range d.Activities {
		if len(d.Activities[i].Samples) > 0 {
			acts = append(acts, &d.Activities[i])
		}
	}
	slices.SortStableFunc(acts, func(x, y *ingest.Activity) int {
		return cmpRow(x.Athlete, y.Athlete, x.Start, y.Start, x.ID, y.ID)
	})
	return acts
}

// eachRecord calls fn with the rows of a's samples in time order (samples
// without a time last, in file order). row is reused between calls.
func eachRecord(a *ingest.Activity, fn func(row *RecordRow) error) error {
	samples := a.Samples
	if !slices.IsSortedFunc(samples, cmpSampleTime) {
		samples = slices.Clone(samples)
		slices.SortStableFunc(samples, cmpSampleTime)
	}
	// The values the rows point to live in one slab per activity (and
	// one for the times), not one allocation per value.
	slab := make([]float64, 0, 10*len(samples))
	times := make([]time.Time, 0, len(samples))
	val := func(v float64) *float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		slab = append(slab, v)
		return &slab[len(slab)-1]
	}
	var row RecordRow
	for i := range samples {
		s := &samples[i]
		row = RecordRow{
			ActivityID: a.ID,
			Athlete:    a.Athlete,
			HRBpm:      val(s.HR),
			SpeedMS:    val(s.SpeedMS),
			DistanceM:  val(s.DistanceM),
			CadenceRPM: val(s.Cadence),
			PowerW:     val(s.PowerW),
			LatDeg:     val(s.Lat),
			LonDeg:     val(s.Lon),
			AltM:       val(s.AltM),
		}
		if !s.Time.IsZero() {
			times = append(times, s.Time.UTC())
			row.TimeUTC = &times[len(times)-1]
			if !a.Start.IsZero() {
				row.ElapsedS = val(s.Time.Sub(a.Start).Seconds())
			}
		}
		if err := fn(&row); err != nil {
			return err
		}
	}
	return nil
}

func cmpSampleTime(x, y ingest.Sample) int {
	switch xz, yz := x.Time.IsZero(), y.Time.IsZero(); {
	case xz || yz:
		return cmp.Compare(boolInt(xz), boolInt(yz))
	}
	return x.Time.Compare(y.Time)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// RecordRows returns every row of records.parquet at once. It is for
// tests and small datasets: the writers stream instead.
func RecordRows(d *report.Dataset) []RecordRow {
	var rows []RecordRow
	for _, a := range recordActivities(d) {
		eachRecord(a, func(r *RecordRow) error { rows = append(rows, *r); return nil })
	}
	return rows
}

// chunkWriter buffers rows and writes them to a Parquet writer
// recordsChunk at a time.
type chunkWriter[T any] struct {
	pw  *parquet.GenericWriter[T]
	buf []T
}

func newChunkWriter[T any](w io.Writer, d *report.Dataset, table string) *chunkWriter[T] {
	return &chunkWriter[T]{
		pw:  parquet.NewGenericWriter[T](w, append(tableOptions(d, table), parquet.MaxRowsPerRowGroup(recordsRowGroup))...),
		buf: make([]T, 0, recordsChunk),
	}
}

func (c *chunkWriter[T]) add(row T) error {
	c.buf = append(c.buf, row)
	if len(c.buf) == cap(c.buf) {
		return c.flush()
	}
	return nil
}

func (c *chunkWriter[T]) flush() error {
	if len(c.buf) == 0 {
		return nil
	}
	_, err := c.pw.Write(c.buf)
	clear(c.buf) // drop the pointers for the collector
	c.buf = c.buf[:0]
	return err
}

func (c *chunkWriter[T]) close() error {
	if err := c.flush(); err != nil {
		return err
	}
	return c.pw.Close()
}

// writeRecords streams records.parquet to w.
func writeRecords(w io.Writer, d *report.Dataset) error {
	cw := newChunkWriter[RecordRow](w, d, "records")
	for _, a := range recordActivities(d) {
		if err := eachRecord(a, func(r *RecordRow) error { return cw.add(*r) }); err != nil {
			return err
		}
	}
	return cw.close()
}

// tableOptions are the writer options of every gainguard table: zstd and
// the key/value metadata (as in writeTable).
func tableOptions(d *report.Dataset, table string) []parquet.WriterOption {
	return []parquet.WriterOption{
		parquet.Compression(parquetZstd),
		parquet.KeyValueMetadata(MetaSchemaVersion, SchemaVersion),
		parquet.KeyValueMetadata(MetaVersion, d.Version),
		parquet.KeyValueMetadata(MetaGenerated, d.Generated.UTC().Format(time.RFC3339)),
		parquet.KeyValueMetadata(MetaTable, table),
	}
}
