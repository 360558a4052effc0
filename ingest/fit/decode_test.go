package fit

import (
	"bytes"
	"errors"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"

	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

func decodeBytes(t *testing.T, b []byte) ingest.Decoded {
	t.Helper()
	d, err := Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return d
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestDecodeRun(t *testing.T) {
	d := decodeBytes(t, runFile(t))
	if len(d.Activities) != 1 {
		t.Fatalf("got %d activities, want 1", len(d.Activities))
	}
	if len(d.Notes) != 0 {
		t.Errorf("unexpected notes %q", d.Notes)
	}
	a := d.Activities[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"Kind", a.Kind, ingest.KindRun},
		{"Sport", a.Sport, "running"},
		{"SubSport", a.SubSport, ""},
		{"Name", a.Name, "Morning Run"},
		{"Format", a.Format, "fit"},
		{"Index", a.Index, 0},
		{"Precision", a.Precision, ingest.PrecisionExact},
		{"Start", a.Start, t0},
		{"TZOffsetS", a.TZOffsetS, 7200},
		{"HasTZ", a.HasTZ, true},
		{"ElapsedS", a.ElapsedS, 600.0},
		{"TimerS", a.TimerS, 600.0},
		{"DistanceM", a.DistanceM, 1800.0},
		{"Calories", a.Calories, 150.0},
		{"AvgHR", a.AvgHR, 139.0},
		{"MaxHR", a.MaxHR, 159.0},
		{"Manufacturer", a.Manufacturer, "garmin"},
		{"Product", a.Product, "fr965"},
		{"ID", a.ID, ""},
		{"Athlete", a.Athlete, ""},
		{"Source", a.Source, ""},
		{"samples", len(a.Samples), 601},
		{"laps", len(a.Laps), 1},
		{"sets", len(a.Sets), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if a.Start.Location() != time.UTC {
		t.Errorf("Start location %v, want UTC", a.Start.Location())
	}
	s := a.Samples[100]
	if !s.Time.Equal(t0.Add(100*time.Second)) || s.HR != 140 || s.SpeedMS != 3 || s.DistanceM != 300 || s.Cadence != 85 {
		t.Errorf("sample 100 = %+v", s)
	}
	if !near(s.AltM, (2600+100)/5.0-500, 1e-9) {
		t.Errorf("AltM = %v, want %v", s.AltM, (2600+100)/5.0-500)
	}
	if !near(s.Lat, 48.0, 1e-6) || !near(s.Lon, 11.7, 1e-6) {
		t.Errorf("position = %v,%v, want ≈48.0,11.7", s.Lat, s.Lon)
	}
	if !math.IsNaN(s.PowerW) {
		t.Errorf("PowerW = %v, want NaN (not recorded)", s.PowerW)
	}
	l := a.Laps[0]
	if !l.Start.Equal(t0) || l.ElapsedS != 600 || l.DistanceM != 1800 || l.AvgHR != 139 || l.MaxHR != 159 {
		t.Errorf("lap = %+v", l)
	}
}

func TestDecodeStrength(t *testing.T) {
	d := decodeBytes(t, strengthFile(t))
	if len(d.Activities) != 1 {
		t.Fatalf("got %d activities, want 1", len(d.Activities))
	}
	a := d.Activities[0]
	start := t0.Add(10 * time.Hour)
	if a.Kind != ingest.KindLift || a.Sport != "training" || a.SubSport != "strength_training" || a.Name != "Strength" {
		t.Errorf("kind/sport/sub/name = %s/%s/%s/%q", a.Kind, a.Sport, a.SubSport, a.Name)
	}
	if !a.Start.Equal(start) || a.ElapsedS != 1200 || a.TZOffsetS != 3600 || !a.HasTZ {
		t.Errorf("start/elapsed/tz = %v/%v/%v/%v", a.Start, a.ElapsedS, a.TZOffsetS, a.HasTZ)
	}
	// The session came first with timestamp = start: its span must still
	// cover the whole 20 minutes.
	if len(a.Samples) != 121 {
		t.Errorf("samples = %d, want 121", len(a.Samples))
	}
	if !math.IsNaN(a.DistanceM) {
		t.Errorf("DistanceM = %v, want NaN", a.DistanceM)
	}
	// No avg/max HR in the session: derived from the records.
	if math.IsNaN(a.AvgHR) || a.MaxHR != 139 {
		t.Errorf("AvgHR/MaxHR = %v/%v, want derived, 139", a.AvgHR, a.MaxHR)
	}
	want := []ingest.Set{
		{Start: start.Add(1 * time.Minute), DurationS: 40, Type: ingest.SetActive, Reps: 5, WeightKg: 100, Exercise: "squat", Region: ingest.RegionLower},
		{Start: start.Add(2 * time.Minute), DurationS: 90, Type: ingest.SetRest, Reps: -1, Region: ingest.RegionUnknown},
		{Start: start.Add(4 * time.Minute), DurationS: 35, Type: ingest.SetActive, Reps: 8, WeightKg: 60, Exercise: "bench_press", Region: ingest.RegionUpper},
		{Start: start.Add(5 * time.Minute), DurationS: 90, Type: ingest.SetRest, Reps: -1, Region: ingest.RegionUnknown},
		{Start: start.Add(7 * time.Minute), DurationS: 45, Type: ingest.SetActive, Reps: 10, WeightKg: 20, Exercise: "Bulgarian Split Squat", Region: ingest.RegionLower},
	}
	if len(a.Sets) != len(want) {
		t.Fatalf("got %d sets, want %d: %+v", len(a.Sets), len(want), a.Sets)
	}
	for i, w := range want {
		g := a.Sets[i]
		wantWeight := w.WeightKg
		if w.Type == ingest.SetRest {
			wantWeight = math.NaN()
		}
		sameWeight := g.WeightKg == wantWeight || (math.IsNaN(g.WeightKg) && math.IsNaN(wantWeight))
		if !g.Start.Equal(w.Start) || g.DurationS != w.DurationS || g.Type != w.Type || g.Reps != w.Reps ||
			!sameWeight || g.Exercise != w.Exercise || g.Region != w.Region {
			t.Errorf("set %d = %+v\n        want %+v", i, g, w)
		}
	}
}

func TestDecodeEmpty(t *testing.T) {
	for name, r := range map[string]io.Reader{
		"seeker":     bytes.NewReader(nil),
		"non-seeker": struct{ io.Reader }{bytes.NewReader(nil)},
	} {
		_, err := Decode(r)
		var fe *FormatError
		if !errors.As(err, &fe) || err.Error() != "fit: empty file" {
			t.Errorf("%s: err = %v, want *FormatError \"fit: empty file\"", name, err)
		}
	}
}

func TestDecodeNotFIT(t *testing.T) {
	_, err := Decode(strings.NewReader("<?xml version=\"1.0\"?><gpx></gpx>"))
	var fe *FormatError
	if !errors.As(err, &fe) || fe.What != "not a FIT file" || ingest.IsSkip(err) {
		t.Fatalf("err = %v, want *FormatError with reason \"not a FIT file\"", err)
	}
	if !strings.HasPrefix(err.Error(), "fit: not a FIT file: ") {
		t.Errorf("message %q lacks the library reason", err)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestDecodeReadError(t *testing.T) {
	_, err := Decode(failingReader{})
	var re *ReadError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err = %v, want *ReadError", err)
	}
}

// A wrong file CRC is ignored (with a note) whether the reader can seek or
// not, and a seeker is read from its current offset.
func TestDecodeChecksumRetry(t *testing.T) {
	bad := corruptCRC(runFile(t))
	prefixed := append([]byte("JUNK"), bad...)
	seeker := bytes.NewReader(prefixed)
	seeker.Seek(4, io.SeekStart)
	for name, r := range map[string]io.Reader{
		"seeker at offset": seeker,
		"non-seeker":       struct{ io.Reader }{bytes.NewReader(bad)},
	} {
		d, err := Decode(r)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(d.Activities) != 1 || len(d.Activities[0].Samples) != 601 {
			t.Errorf("%s: got %d activities", name, len(d.Activities))
		}
		if !slices.Contains(d.Notes, "file checksum mismatch ignored") {
			t.Errorf("%s: notes %q lack the checksum note", name, d.Notes)
		}
	}
}

// Chained FIT files: every activity in the chain, in time order, each with
// its own records.
func TestDecodeChained(t *testing.T) {
	chain := append(strengthFile(t), runFile(t)...)
	d := decodeBytes(t, chain)
	if len(d.Activities) != 2 {
		t.Fatalf("got %d activities, want 2", len(d.Activities))
	}
	run, lift := d.Activities[0], d.Activities[1]
	if run.Kind != ingest.KindRun || lift.Kind != ingest.KindLift || run.Index != 0 || lift.Index != 1 {
		t.Errorf("order: %s(%d), %s(%d)", run.Kind, run.Index, lift.Kind, lift.Index)
	}
	if len(run.Samples) != 601 || len(lift.Samples) != 121 || len(lift.Sets) != 5 {
		t.Errorf("samples %d/%d sets %d", len(run.Samples), len(lift.Samples), len(lift.Sets))
	}
	if run.TZOffsetS != 7200 || lift.TZOffsetS != 3600 {
		t.Errorf("zones %d/%d: each activity keeps its own file's zone", run.TZOffsetS, lift.TZOffsetS)
	}
}

func TestDecodeMultisport(t *testing.T) {
	bikeStart, runStart := t0, t0.Add(30*time.Second)
	mesgs := []proto.Message{fileID(typedef.FileActivity)}
	for i := 0; i < 60; i++ {
		mesgs = append(mesgs, mesgdef.NewRecord(nil).SetTimestamp(t0.Add(time.Duration(i)*time.Second)).SetHeartRate(130).ToMesg(nil))
	}
	mesgs = append(mesgs,
		sessionMesg(bikeStart, 30*time.Second, typedef.SportCycling, typedef.SubSportMountain).ToMesg(nil),
		sessionMesg(runStart, 29*time.Second, typedef.SportRunning, typedef.SubSportTrail).ToMesg(nil),
		activityMesg(t0.Add(59*time.Second), -6, 2),
	)
	d := decodeBytes(t, encode(t, mesgs...))
	if len(d.Activities) != 2 {
		t.Fatalf("got %d activities", len(d.Activities))
	}
	bike, run := d.Activities[0], d.Activities[1]
	if bike.Sport != "cycling" || bike.SubSport != "mountain" || bike.Kind != ingest.KindCardio {
		t.Errorf("bike = %s/%s/%s", bike.Sport, bike.SubSport, bike.Kind)
	}
	if run.Sport != "running" || run.SubSport != "trail" || run.Kind != ingest.KindRun {
		t.Errorf("run = %s/%s/%s", run.Sport, run.SubSport, run.Kind)
	}
	// The record at the hand-over second belongs to the next leg only.
	if len(bike.Samples) != 30 || len(run.Samples) != 30 {
		t.Errorf("samples %d + %d, want 30 + 30", len(bike.Samples), len(run.Samples))
	}
	if len(d.Notes) != 0 {
		t.Errorf("notes %q", d.Notes)
	}
}

func TestDecodeRecordsOnly(t *testing.T) {
	d := decodeBytes(t, recordsOnlyFile(t, 30))
	if len(d.Activities) != 1 || !slices.Contains(d.Notes, "no session message; summary derived from records") {
		t.Fatalf("activities %d notes %q", len(d.Activities), d.Notes)
	}
	a := d.Activities[0]
	if !a.Start.Equal(t0) || a.ElapsedS != 29 || len(a.Samples) != 30 || a.AvgHR != 100 || a.Kind != ingest.KindOther {
		t.Errorf("derived activity = start %v elapsed %v samples %d hr %v kind %s", a.Start, a.ElapsedS, len(a.Samples), a.AvgHR, a.Kind)
	}

	_, err := Decode(bytes.NewReader(recordsOnlyFile(t, 1)))
	if !ingest.IsSkip(err) {
		t.Errorf("1 record: err = %v, want a skip", err)
	}
}

// A file cut off part way: a complete session read before the cut is
// kept; without one, the records read before the cut are the activity,
// flagged by a note; with too few records, the file fails.
func TestDecodeTruncated(t *testing.T) {
	full := runFile(t)
	d := decodeBytes(t, full[:len(full)/2])
	if len(d.Activities) != 1 || !strings.Contains(strings.Join(d.Notes, "; "), "file cut short (truncated") {
		t.Fatalf("cut in records: %d activities, notes %q", len(d.Activities), d.Notes)
	}
	if a := d.Activities[0]; !a.Start.Equal(t0) || len(a.Samples) < 100 || a.Kind != ingest.KindRun || a.ElapsedS != float64(len(a.Samples)-1) {
		t.Errorf("cut in records: start %v samples %d kind %s elapsed %v", a.Start, len(a.Samples), a.Kind, a.ElapsedS)
	}
	var fe *FormatError
	if _, err := Decode(bytes.NewReader(full[:80])); !errors.As(err, &fe) || fe.What != "truncated" {
		t.Errorf("cut after a record or two: err = %v, want truncated", err)
	}

	// Cut after the session message (inside the activity message and CRC):
	// the session is complete and kept, with a note.
	d = decodeBytes(t, full[:len(full)-6])
	if len(d.Activities) != 1 || len(d.Activities[0].Samples) != 601 {
		t.Fatalf("cut after session: %d activities", len(d.Activities))
	}
	if len(d.Notes) == 0 || !strings.Contains(d.Notes[len(d.Notes)-1], "kept 1 complete session") {
		t.Errorf("notes %q", d.Notes)
	}

	// Summary-first file cut part way through its records: its session is
	// incomplete and dropped; the records read are the activity, with the
	// incomplete session's sport.
	sf := strengthFile(t)
	d = decodeBytes(t, sf[:len(sf)/2])
	if len(d.Activities) != 1 || d.Activities[0].Sport != "training" || !strings.Contains(strings.Join(d.Notes, "; "), "file cut short") {
		t.Errorf("summary-first cut: %d activities, notes %q", len(d.Activities), d.Notes)
	}
}

func TestDecodeNonActivity(t *testing.T) {
	cases := []struct {
		name  string
		mesgs []proto.Message
		want  string
	}{
		{"file_id only", []proto.Message{fileID(typedef.FileActivity)}, "holds no session and no records"},
		{"settings", []proto.Message{fileID(typedef.FileSettings)}, "FIT file type settings holds no activity"},
		{"monitoring", []proto.Message{fileID(typedef.FileMonitoringB)}, "FIT file type monitoring_b holds no activity"},
		{"weight without timestamp", []proto.Message{fileID(typedef.FileWeight), mesgdef.NewWeightScale(nil).SetWeight(8000).ToMesg(nil)},
			"weight-scale file holds no reading with a time and a weight"},
		{"weight calculating", []proto.Message{fileID(typedef.FileWeight), mesgdef.NewWeightScale(nil).SetTimestamp(t0).SetWeight(0xFFFE).ToMesg(nil)},
			"weight-scale file holds no reading with a time and a weight"},
		{"course", append([]proto.Message{fileID(typedef.FileCourse)},
			mesgdef.NewRecord(nil).SetTimestamp(t0).ToMesg(nil),
			mesgdef.NewRecord(nil).SetTimestamp(t0.Add(time.Second)).ToMesg(nil)),
			"FIT file type course holds no activity"},
		{"course with a session", []proto.Message{fileID(typedef.FileCourse),
			mesgdef.NewRecord(nil).SetTimestamp(t0).ToMesg(nil),
			sessionMesg(t0, time.Minute, typedef.SportRunning, typedef.SubSportGeneric).ToMesg(nil)},
			"FIT file type course holds no activity"},
	}
	for _, c := range cases {
		_, err := Decode(bytes.NewReader(encode(t, c.mesgs...)))
		if !ingest.IsSkip(err) || err.Error() != c.want && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want skip %q", c.name, err, c.want)
		}
	}
}

// Devices without a UTC clock write device-relative times; the activity
// message's local_timestamp maps them to local wall-clock time.
func TestDecodeRelativeTimes(t *testing.T) {
	rel := func(s int) time.Time { return time.Unix(fitEpochUnix+int64(s), 0).UTC() } // raw value s
	const base = 17217864
	local := time.Date(2012, 2, 13, 11, 16, 16, 0, time.UTC)
	mesgs := []proto.Message{fileID(typedef.FileActivity)}
	for i := 0; i < 10; i++ {
		mesgs = append(mesgs, mesgdef.NewRecord(nil).SetTimestamp(rel(base+i)).SetHeartRate(150).ToMesg(nil))
	}
	mesgs = append(mesgs,
		sessionMesg(rel(base), 9*time.Second, typedef.SportRunning, typedef.SubSportGeneric).ToMesg(nil),
		mesgdef.NewActivity(nil).SetTimestamp(rel(base+9)).SetLocalTimestamp(local.Add(9*time.Second)).ToMesg(nil),
	)
	d := decodeBytes(t, encode(t, mesgs...))
	a := d.Activities[0]
	if !a.Start.Equal(local) || len(a.Samples) != 10 || !a.Samples[9].Time.Equal(local.Add(9*time.Second)) {
		t.Errorf("start %v samples %d", a.Start, len(a.Samples))
	}
	if a.HasTZ || !a.Floating {
		t.Errorf("has tz %v, floating %v; want no zone of its own and floating (times are local wall-clock)", a.HasTZ, a.Floating)
	}
	// Placed in the athlete's zone, the wall-clock time stays.
	ny, _ := time.LoadLocation("America/New_York")
	ingest.PlaceInZone(&a, ny)
	if got := a.Start.In(ny); got.Hour() != local.Hour() || got.Day() != local.Day() || a.Floating {
		t.Errorf("placed in New York: %v", got)
	}
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "no UTC reference") {
		t.Errorf("notes %q", d.Notes)
	}
}

func TestTZOffsetSanity(t *testing.T) {
	for _, c := range []struct {
		off     time.Duration
		want    int
		wantHas bool
	}{
		{2 * time.Hour, 7200, true},
		{-(5*time.Hour + 30*time.Minute), -19800, true},
		{5*time.Hour + 45*time.Minute + 3*time.Second, 20700, true}, // a few seconds of skew
		{18 * time.Minute, 0, false},                                // not a zone
		{20 * time.Hour, 0, false},
	} {
		mesgs := []proto.Message{
			fileID(typedef.FileActivity),
			mesgdef.NewRecord(nil).SetTimestamp(t0).ToMesg(nil),
			sessionMesg(t0, time.Minute, typedef.SportRunning, typedef.SubSportGeneric).ToMesg(nil),
			mesgdef.NewActivity(nil).SetTimestamp(t0.Add(time.Minute)).SetLocalTimestamp(t0.Add(time.Minute + c.off)).ToMesg(nil),
		}
		a := decodeBytes(t, encode(t, mesgs...)).Activities[0]
		if a.TZOffsetS != c.want || a.HasTZ != c.wantHas {
			t.Errorf("offset %v: got %d/%v, want %d/%v", c.off, a.TZOffsetS, a.HasTZ, c.want, c.wantHas)
		}
	}
}

// A lone set message spanning a yoga session is not strength work.
func TestYogaSetIsNotALift(t *testing.T) {
	mesgs := []proto.Message{
		fileID(typedef.FileActivity),
		sessionMesg(t0, 10*time.Minute, typedef.SportTraining, typedef.SubSportYoga).ToMesg(nil),
		mesgdef.NewSet(nil).SetTimestamp(t0).SetStartTime(t0).SetDuration(600000).SetSetType(typedef.SetTypeActive).ToMesg(nil),
	}
	a := decodeBytes(t, encode(t, mesgs...)).Activities[0]
	if a.Kind != ingest.KindOther || len(a.Sets) != 1 {
		t.Errorf("kind %s sets %d, want other with the set kept", a.Kind, len(a.Sets))
	}
}

func TestNames(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{sportName(typedef.SportRunning), "running"},
		{sportName(typedef.SportFitnessEquipment), "fitness_equipment"},
		{sportName(typedef.Sport(200)), "sport_200"},
		{sportName(typedef.SportInvalid), ""},
		{subSportName(typedef.SubSportGeneric), ""},
		{subSportName(typedef.SubSportStrengthTraining), "strength_training"},
		{subSportName(typedef.SubSportTreadmill), "treadmill"},
		{categoryName(typedef.ExerciseCategoryBenchPress), "bench_press"},
		{categoryName(typedef.ExerciseCategory(999)), "exercise_category_999"},
		{manufacturerName(typedef.ManufacturerWahooFitness), "wahoo_fitness"},
		{manufacturerName(typedef.Manufacturer(9999)), "9999"},
		{productName(typedef.ManufacturerGarmin, uint16(typedef.GarminProductFr965)), "fr965"},
		{productName(typedef.ManufacturerGarmin, 65000), "65000"},
		{productName(typedef.ManufacturerSuunto, 34), "34"},
		{productName(typedef.ManufacturerSuunto, 0xFFFF), ""},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestFormat(t *testing.T) {
	if Format.Name != "fit" || !slices.Equal(Format.Exts, []string{".fit"}) || Format.Decode == nil {
		t.Errorf("Format = %+v", Format)
	}
}

// The per-record path allocates nothing of its own (the sample slice is
// presized here as Decode presizes it from the input size).
func TestOnRecordAllocs(t *testing.T) {
	m := mesgdef.NewRecord(nil).
		SetTimestamp(t0).SetHeartRate(150).SetEnhancedSpeed(3000).SetDistance(1000).
		SetEnhancedAltitude(3000).SetPositionLat(1).SetPositionLong(2).SetCadence(80).SetPower(250).
		ToMesg(nil)
	c := newCollector(1 << 20)
	c.startSegment()
	allocs := testing.AllocsPerRun(1000, func() { c.OnMesg(m) })
	if allocs != 0 {
		t.Errorf("%.1f allocations per record, want 0", allocs)
	}
}

// A smart scale's weight file gives body measurements and no activity.
func TestDecodeWeightScale(t *testing.T) {
	mesgs := []proto.Message{fileID(typedef.FileWeight),
		mesgdef.NewWeightScale(nil).SetTimestamp(t0.Add(time.Hour)).SetWeight(8123).SetPercentFat(1850).SetMuscleMass(3720).ToMesg(nil),
		mesgdef.NewWeightScale(nil).SetTimestamp(t0).SetWeight(8000).ToMesg(nil),
		mesgdef.NewWeightScale(nil).SetWeight(7900).ToMesg(nil), // no timestamp: dropped
	}
	d, err := Decode(bytes.NewReader(encode(t, mesgs...)))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Activities) != 0 || len(d.Body) != 2 {
		t.Fatalf("%d activities, %d body measurements; want 0, 2", len(d.Activities), len(d.Body))
	}
	b0, b1 := d.Body[0], d.Body[1]
	if !b0.Time.Equal(t0) || b0.MassKg != 80 || !math.IsNaN(b0.FatPct) || !math.IsNaN(b0.MuscleKg) || b0.Precision != ingest.PrecisionExact {
		t.Errorf("first reading %+v", b0)
	}
	if !b1.Time.Equal(t0.Add(time.Hour)) || math.Abs(b1.MassKg-81.23) > 1e-9 || math.Abs(b1.FatPct-18.5) > 1e-9 ||
		math.Abs(b1.MuscleKg-37.2) > 1e-9 || b1.Time.Location() != time.UTC {
		t.Errorf("second reading %+v", b1)
	}
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "1 weight-scale reading(s) without a time or value dropped") {
		t.Errorf("notes %q", d.Notes)
	}
	if got := ingest.StatusOf(err); got != ingest.StatusImported {
		t.Errorf("status %s", got)
	}
}
