package report

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"gainguard/metrics"
	"gainguard/report/internal/values"
)

// Values of DayRow.MassSource.
const (
	MassWeighIn = "weigh_in" // latest weigh-in on or before the day
	MassProfile = "profile"  // the resolved profile mass (see Params.Sources: it may be the latest weigh-in)
	MassDefault = "default"  // nothing known: metrics.DefaultBodyMassKg
)

// DayRow is one row of days.parquet: one local calendar day of one
// athlete, for every day from the athlete's first to last activity,
// food-log or weigh-in day (rest days and unlogged days included), but
// none for a stretch of more than BlockGapWeeks weeks without any.
//
// Energy availability (science.md F1, docs/scoring.md "Days table"):
//
//	energy_availability = (intake_kcal − exercise_net_kcal) / ffm_kg   (kcal/kg FFM)
//	ffm_kg = Params.FatFreeMassKg when measured, else
//	         body mass × (1 − body fat % / 100)
//
// with body mass = the latest weigh-in on or before the day, else the
// resolved profile mass; body fat % = the latest body-composition reading
// on or before the day, else the resolved profile value. NULL without a
// logged intake (kcal > 0). Per-kg columns use the same body mass. These
// come from the score's energy model (energy_model.go), as does
// energy_need_kcal; exercise_net_kcal includes other cardio (rides, rows,
// walks, swims).
type DayRow struct {
	Athlete         string   `parquet:"athlete,dict"`
	LocalDate       int32    `parquet:"local_date,date"`
	Weekday         string   `parquet:"weekday,dict"` // "Mon" … "Sun"
	IntakeKcal      *float64 `parquet:"intake_kcal,optional"`
	ProteinG        *float64 `parquet:"protein_g,optional"`
	ProteinGPerKg   *float64 `parquet:"protein_g_per_kg,optional"`
	CarbsG          *float64 `parquet:"carbs_g,optional"`
	CarbsGPerKg     *float64 `parquet:"carbs_g_per_kg,optional"`
	RunCarbsG       *float64 `parquet:"run_carbs_g,optional"` // eaten during runs; NULL: not logged
	Runs            int32    `parquet:"runs"`
	Lifts           int32    `parquet:"lifts"`
	RunMinutes      *float64 `parquet:"run_minutes,optional"`  // timer minutes
	LiftMinutes     *float64 `parquet:"lift_minutes,optional"` // wall-clock minutes
	TrainingMinutes *float64 `parquet:"training_minutes,optional"`
	ExerciseNetKcal *float64 `parquet:"exercise_net_kcal,optional"` // Σ known net kcal of runs and lifts (unknown counts 0, as in UF-E)
	BodyMassKg      *float64 `parquet:"body_mass_kg,optional"`      // latest weigh-in on or before the day; NULL before the first
	MassSource      string   `parquet:"mass_source,dict"`           // mass used for per-kg and FFM: weigh_in | profile | default
	FFMKg           *float64 `parquet:"ffm_kg,optional"`
	EnergyAvail     *float64 `parquet:"energy_availability,optional"` // kcal/kg FFM; NULL without intake
	RestDay         bool     `parquet:"rest_day"`                     // no run, no lift and no cardio other than walking
	// EnergyNeedKcal is the day's estimated need, (500 + 22·FFM) ×
	// non_exercise_pal + exercise_net_kcal: the number UF-B compares the
	// intake with, and the fuelling chart's expenditure.
	EnergyNeedKcal *float64 `parquet:"energy_need_kcal,optional"`
}

// dayAcc accumulates one athlete-day.
type dayAcc struct {
	intake                   DayIntake
	hasIntake                bool
	runs, lifts              int
	runMin, liftMin, netKcal float64
	cardioMin                float64
	cardio                   bool // a non-walking cardio session
}

// DayRows returns the rows of days.parquet, sorted by athlete and date.
// They are computed from the Dataset's runs, lifts, food log and body
// readings, with each athlete's Params (UTC and metrics defaults for an
// athlete without Params).
func DayRows(d *Dataset) []DayRow {
	t := dayTable{d: d, days: map[string]map[day]*dayAcc{}}
	t.addSessions()
	t.addLogs()
	athletes := make([]string, 0, len(t.days))
	for a := range t.days {
		athletes = append(athletes, a)
	}
	sort.Strings(athletes)
	var rows []DayRow
	for _, a := range athletes {
		rows = t.appendRows(rows, a)
	}
	slices.SortStableFunc(rows, func(x, y DayRow) int {
		return cmp.Or(strings.Compare(x.Athlete, y.Athlete), cmp.Compare(x.LocalDate, y.LocalDate))
	})
	return rows
}

// dayTable gathers a Dataset's sessions and logs by athlete and local day.
type dayTable struct {
	d    *Dataset
	days map[string]map[day]*dayAcc
}

// params is a's Params, or the metrics defaults.
func (t *dayTable) params(a string) metrics.Params {
	if p, ok := t.d.Params[a]; ok {
		return p
	}
	p := metrics.DefaultParams()
	p.Athlete = a
	return p
}

// loc is a's time zone (UTC when unknown).
func (t *dayTable) loc(a string) *time.Location {
	if l := t.params(a).Loc; l != nil {
		return l
	}
	return time.UTC
}

// newDayAcc is an athlete-day with nothing logged.
func newDayAcc() *dayAcc {
	nan := math.NaN()
	return &dayAcc{intake: DayIntake{Kcal: nan, ProteinG: nan, CarbsG: nan, RunCarbsG: nan}}
}

// acc is a's day dd, added to the table on first use.
func (t *dayTable) acc(a string, dd day) *dayAcc {
	m := t.days[a]
	if m == nil {
		m = map[day]*dayAcc{}
		t.days[a] = m
	}
	x := m[dd]
	if x == nil {
		x = newDayAcc()
		m[dd] = x
	}
	return x
}

// localDay is the local day of a session: its recorded local date, else
// its start in a's time zone.
func (t *dayTable) localDay(a string, localDate, start time.Time) day {
	if !localDate.IsZero() {
		return dayOf(localDate)
	}
	return dayOf(start.In(t.loc(a)))
}

// addSessions counts the runs, other cardio and lifts of each day, with
// their minutes and known net kcal.
func (t *dayTable) addSessions() {
	d := t.d
	for i := range d.Runs {
		r := &d.Runs[i]
		if r.Start.IsZero() {
			continue
		}
		x := t.acc(r.Athlete, t.localDay(r.Athlete, r.LocalDate, r.Start))
		x.runs++
		x.runMin += firstPositive(r.TimerS, r.MovingS, r.ElapsedS) / 60
		if r.NetKcal > 0 {
			x.netKcal += r.NetKcal
		}
	}
	for i := range d.Cardio {
		r := &d.Cardio[i]
		if r.Start.IsZero() {
			continue
		}
		x := t.acc(r.Athlete, t.localDay(r.Athlete, r.LocalDate, r.Start))
		x.cardioMin += firstPositive(r.TimerS, r.MovingS, r.ElapsedS) / 60
		x.cardio = x.cardio || metrics.ModalityOf(r.Sport, r.SubSport) != metrics.ModalityWalking
		if r.NetKcal > 0 {
			x.netKcal += r.NetKcal
		}
	}
	for i := range d.Lifts {
		l := &d.Lifts[i]
		if l.Start.IsZero() {
			continue
		}
		x := t.acc(l.Athlete, t.localDay(l.Athlete, l.LocalDate, l.Start))
		x.lifts++
		x.liftMin += firstPositive(l.DurationS, l.End.Sub(l.Start).Seconds()) / 60
		if l.NetKcal > 0 {
			x.netKcal += l.NetKcal
		}
	}
}

// addLogs adds the food log to its days, and makes the days with a
// plausible body reading exist in the table.
func (t *dayTable) addLogs() {
	for _, in := range t.d.Intake {
		if in.Date.IsZero() {
			continue
		}
		x := t.acc(in.Athlete, dayOf(in.Date))
		x.hasIntake = true
		x.intake.Kcal = addKnown(x.intake.Kcal, in.Kcal)
		x.intake.ProteinG = addKnown(x.intake.ProteinG, in.ProteinG)
		x.intake.CarbsG = addKnown(x.intake.CarbsG, in.CarbsG)
		x.intake.RunCarbsG = addKnown(x.intake.RunCarbsG, in.RunCarbsG)
	}
	for _, m := range t.d.Body {
		if m.Time.IsZero() {
			continue
		}
		if (m.MassKg >= readingMassMin && m.MassKg <= readingMassMax) || (m.FatPct >= readingFatMin && m.FatPct <= readingFatMax) {
			t.acc(m.Athlete, dayOf(m.Time.In(t.loc(m.Athlete)))) // the day exists in the table
		}
	}
}

// appendRows appends athlete a's rows: every day from the first to the
// last in the table, gaps between training blocks aside.
func (t *dayTable) appendRows(rows []DayRow, a string) []DayRow {
	days := t.days[a]
	first, last := day(math.MaxInt32), day(math.MinInt32)
	for dd := range days {
		first, last = min(first, dd), max(last, dd)
	}
	tu, ok := t.d.Tuning[a]
	if !ok {
		tu = DefaultTuning()
	}
	body := newBodyModel(t.params(a), tu, readingsOf(t.d.Body, a), t.loc(a))
	skip := gapDays(days) // blocks.go: no rows for a gap between training blocks
	for dd := first; dd <= last; dd++ {
		if next, ok := skip[dd]; ok {
			dd = next - 1
			continue
		}
		x := days[dd]
		if x == nil {
			x = newDayAcc()
		}
		rows = append(rows, dayRow(a, dd, x, &body, tu))
	}
	return rows
}

// dayRow is the row of athlete a's day dd, with its body from the energy
// model (energy_model.go).
func dayRow(a string, dd day, x *dayAcc, body *bodyModel, tu Tuning) DayRow {
	mass, _, ffm, src, lastMass := body.at(dd)
	in := x.intake
	ea := math.NaN()
	if x.hasIntake && in.Kcal > 0 {
		ea = (in.Kcal - x.netKcal) / ffm
	}
	y, mo, dom := dd.civil()
	return DayRow{
		Athlete:         a,
		LocalDate:       int32(dd),
		Weekday:         time.Date(y, mo, dom, 0, 0, 0, 0, time.UTC).Format("Mon"),
		IntakeKcal:      values.Nullable(in.Kcal),
		ProteinG:        values.Nullable(in.ProteinG),
		ProteinGPerKg:   values.Nullable(in.ProteinG / mass),
		CarbsG:          values.Nullable(in.CarbsG),
		CarbsGPerKg:     values.Nullable(in.CarbsG / mass),
		RunCarbsG:       values.Nullable(in.RunCarbsG),
		Runs:            int32(x.runs),
		Lifts:           int32(x.lifts),
		RunMinutes:      values.Nullable(x.runMin),
		LiftMinutes:     values.Nullable(x.liftMin),
		TrainingMinutes: values.Nullable(x.runMin + x.liftMin + x.cardioMin),
		ExerciseNetKcal: values.Nullable(x.netKcal),
		BodyMassKg:      values.Nullable(lastMass),
		MassSource:      src,
		FFMKg:           values.Nullable(ffm),
		EnergyAvail:     values.Nullable(ea),
		RestDay:         x.runs == 0 && x.lifts == 0 && !x.cardio,
		EnergyNeedKcal:  values.Nullable(restingNeed(ffm, tu) + x.netKcal),
	}
}

// addKnown adds two values where NaN means "not logged": NaN only when
// both are.
func addKnown(a, b float64) float64 {
	switch {
	case math.IsNaN(a):
		return b
	case math.IsNaN(b):
		return a
	}
	return a + b
}
