package report

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"gainguard/ingest"
)

// TestDaysTable: every day from the first to the last activity or log
// day; intake per kg; EA = (intake − exercise net kcal) / FFM, NULL
// without intake; body mass = latest weigh-in on or before the day; and a
// days.parquet round trip with a DATE column.
func TestDaysTable(t *testing.T) {
	b := bBatch(bProfile(), anchorBActs()) // Mon 15 – Sun 21 September
	nan := math.NaN()
	b.Intake = []ingest.DayIntake{
		{Athlete: bAthlete, Date: time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC), Kcal: 3000, ProteinG: 160, CarbsG: 400, RunCarbsG: nan},
		{Athlete: bAthlete, Date: time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC), Kcal: 200, ProteinG: nan, CarbsG: 40, RunCarbsG: nan}, // a second source
		{Athlete: bAthlete, Date: time.Date(2025, 9, 23, 0, 0, 0, 0, time.UTC), Kcal: 2500, ProteinG: 120, CarbsG: 300, RunCarbsG: 0},
	}
	b.Body = []ingest.BodyMeasurement{
		{Athlete: bAthlete, Time: bWhen(17, 7, 0).UTC(), MassKg: 79, FatPct: nan, MuscleKg: nan},
	}
	ds := Build(b, BuildOptions{WeekStart: time.Monday, Version: "test", Generated: time.Unix(0, 0)})
	rows := DayRows(ds)
	if len(rows) != 9 { // 15 … 23 September
		t.Fatalf("%d rows, want 9 (15–23 Sep)", len(rows))
	}
	mon, tue, wed, thu, tueNext := rows[0], rows[1], rows[2], rows[3], rows[8]
	if mon.LocalDate != days(2025, 9, 15) || mon.Weekday != "Mon" || tueNext.LocalDate != days(2025, 9, 23) {
		t.Errorf("dates %d %s … %d", mon.LocalDate, mon.Weekday, tueNext.LocalDate)
	}
	// Monday: run 60 + squat 60, intake 3200 kcal from two sources.
	if mon.Runs != 1 || mon.Lifts != 1 || *mon.RunMinutes != 60 || *mon.LiftMinutes != 60 || *mon.TrainingMinutes != 120 || mon.RestDay {
		t.Errorf("monday training %+v", mon)
	}
	if *mon.IntakeKcal != 3200 || *mon.ProteinG != 160 || *mon.CarbsG != 440 || mon.RunCarbsG != nil {
		t.Errorf("monday intake %v %v %v %v", *mon.IntakeKcal, *mon.ProteinG, *mon.CarbsG, mon.RunCarbsG)
	}
	// Before the first weigh-in: profile mass 80 kg, FFM 68 kg.
	if mon.BodyMassKg != nil || mon.MassSource != MassProfile || *mon.FFMKg != 68 || !approx(*mon.ProteinGPerKg, 2, 1e-12) || !approx(*mon.CarbsGPerKg, 5.5, 1e-12) {
		t.Errorf("monday mass %v %s ffm %v protein/kg %v", mon.BodyMassKg, mon.MassSource, *mon.FFMKg, *mon.ProteinGPerKg)
	}
	if want := (3200 - *mon.ExerciseNetKcal) / 68; mon.EnergyAvail == nil || !approx(*mon.EnergyAvail, want, 1e-9) || *mon.ExerciseNetKcal <= 0 {
		t.Errorf("monday EA %v, want %.2f", mon.EnergyAvail, want)
	}
	if tue.EnergyAvail != nil || tue.IntakeKcal != nil || tue.ProteinGPerKg != nil {
		t.Errorf("tuesday without intake: EA %v intake %v", tue.EnergyAvail, tue.IntakeKcal)
	}
	// From Wednesday the weigh-in (79 kg) applies.
	for _, r := range []DayRow{wed, thu, tueNext} {
		if r.BodyMassKg == nil || *r.BodyMassKg != 79 || r.MassSource != MassWeighIn || !approx(*r.FFMKg, 79*0.85, 1e-9) {
			t.Errorf("day %d mass %v %s ffm %v", r.LocalDate, r.BodyMassKg, r.MassSource, r.FFMKg)
		}
	}
	if !thu.RestDay || thu.Runs != 0 || *thu.TrainingMinutes != 0 || *thu.ExerciseNetKcal != 0 || !rows[7].RestDay {
		t.Errorf("thursday %+v / monday 22 %+v should be rest days", thu, rows[7])
	}
	if tueNext.EnergyAvail == nil || !approx(*tueNext.EnergyAvail, 2500/(79*0.85), 1e-9) || tueNext.RunCarbsG == nil || *tueNext.RunCarbsG != 0 {
		t.Errorf("log-only day %+v", tueNext)
	}

	// Round trip (the table alone, as report/output's WriteAll writes it).
	path := filepath.Join(t.TempDir(), "days.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeTableFile(f, ds, "days.parquet"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if lt := localDateType(t, path); lt != "DATE" {
		t.Errorf("local_date logical type %q, want DATE", lt)
	}
	back, err := parquet.ReadFile[DayRow](path)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(rows) || back[0].LocalDate != days(2025, 9, 15) || back[1].EnergyAvail != nil ||
		back[0].EnergyAvail == nil || *back[0].EnergyAvail != *mon.EnergyAvail || back[3].RestDay != true {
		t.Errorf("read back %+v", back[:4])
	}
}

// TestDaysTableNoData: an empty dataset gives no rows and a valid file.
func TestDaysTableNoData(t *testing.T) {
	ds := &Dataset{}
	if rows := DayRows(ds); len(rows) != 0 {
		t.Errorf("%d rows", len(rows))
	}
}

// days returns the Parquet DATE value of a calendar date.
func days(y int, m time.Month, d int) int32 {
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// localDateType is the logical type of the local_date column of the
// Parquet file at path.
func localDateType(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range pf.Schema().Fields() {
		if c.Name() == "local_date" {
			if lt := c.Type().LogicalType(); lt != nil {
				return lt.String()
			}
			return ""
		}
	}
	t.Fatalf("no column local_date in %s", path)
	return ""
}
