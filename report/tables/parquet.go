package tables

import (
	"cmp"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"gainguard/ingest"
	"gainguard/report"
	"gainguard/report/internal/values"
)

// SchemaVersion is the version of the Parquet table layout, stored in every
// file's key/value metadata under "gainguard.schema_version". Bump it when
// a column is renamed, removed or changes type (adding one does not).
const SchemaVersion = "1"

// Key/value metadata keys present in every Parquet file.
const (
	MetaSchemaVersion = "gainguard.schema_version"
	MetaVersion       = "gainguard.version"
	MetaGenerated     = "gainguard.generated" // RFC 3339, UTC
	MetaTable         = "gainguard.table"     // "activities", "runs", ...
)

// Column conventions for all tables:
//   - names are snake_case with the unit in the name (_s, _m, _kg, _bpm, _h, _kcal);
//   - timestamps (…_utc) are TIMESTAMP(MICROS, isAdjustedToUTC=true);
//   - dates (local_date, week_start) are DATE, the athlete's local calendar day;
//   - every float column is nullable: NULL means unknown (NaN in the Go
//     structs); counts that can be unknown (reps) are nullable too;
//   - enumerations are strings, dictionary-encoded;
//   - all columns are zstd-compressed.
//
// Parquet-go quirks worked around here (v0.32.0): a time.Time tagged
// `date` is written wrong, so dates are int32 days since 1970-01-01; and
// time.Duration tagged `time` is written wrong, so durations are float64
// seconds.

// ActivityRow is one row of activities.parquet: one imported activity.
type ActivityRow struct {
	ID           string    `parquet:"id"`
	Athlete      string    `parquet:"athlete,dict"`
	Source       string    `parquet:"source,dict"`
	Format       string    `parquet:"format,dict"`
	IndexInFile  int32     `parquet:"index_in_file"`
	Kind         string    `parquet:"kind,dict"`
	Sport        string    `parquet:"sport,dict"`
	SubSport     string    `parquet:"sub_sport,dict"`
	SportSource  string    `parquet:"sport_source,dict"`
	Name         string    `parquet:"name"`
	StartUTC     time.Time `parquet:"start_utc,timestamp(microsecond)"`
	LocalDate    *int32    `parquet:"local_date,date,optional"`
	TZOffsetS    int32     `parquet:"tz_offset_s"`
	HasTZ        bool      `parquet:"has_tz"`
	ElapsedS     *float64  `parquet:"elapsed_s,optional"`
	TimerS       *float64  `parquet:"timer_s,optional"`
	DistanceM    *float64  `parquet:"distance_m,optional"`
	CaloriesKcal *float64  `parquet:"calories_kcal,optional"`
	AvgHRBpm     *float64  `parquet:"avg_hr_bpm,optional"`
	MaxHRBpm     *float64  `parquet:"max_hr_bpm,optional"`
	Manufacturer string    `parquet:"manufacturer,dict"`
	Product      string    `parquet:"product,dict"`
	Samples      int32     `parquet:"samples"`
	Laps         int32     `parquet:"laps"`
	Sets         int32     `parquet:"sets"`
	Precision    string    `parquet:"precision,dict"`
	// ZoneSource says where the local time comes from (zone.go): file,
	// device, profile, machine or utc.
	ZoneSource string `parquet:"zone_source,dict"`
}

// RunRow is one row of runs.parquet: the metrics of one run.
type RunRow struct {
	ActivityID        string    `parquet:"activity_id"`
	Athlete           string    `parquet:"athlete,dict"`
	Name              string    `parquet:"name"`
	Source            string    `parquet:"source,dict"`
	Sport             string    `parquet:"sport,dict"`
	SubSport          string    `parquet:"sub_sport,dict"`
	StartUTC          time.Time `parquet:"start_utc,timestamp(microsecond)"`
	LocalDate         *int32    `parquet:"local_date,date,optional"`
	ElapsedS          *float64  `parquet:"elapsed_s,optional"`
	TimerS            *float64  `parquet:"timer_s,optional"`
	MovingS           *float64  `parquet:"moving_s,optional"`
	DistanceM         *float64  `parquet:"distance_m,optional"`
	AvgHRBpm          *float64  `parquet:"avg_hr_bpm,optional"`
	MaxHRBpm          *float64  `parquet:"max_hr_bpm,optional"`
	Zone1S            *float64  `parquet:"zone1_s,optional"`
	Zone2S            *float64  `parquet:"zone2_s,optional"`
	Zone3S            *float64  `parquet:"zone3_s,optional"`
	Zone4S            *float64  `parquet:"zone4_s,optional"`
	Zone5S            *float64  `parquet:"zone5_s,optional"`
	TRIMP             *float64  `parquet:"trimp,optional"`
	HRSource          string    `parquet:"hr_source,dict"`
	HRTSS             *float64  `parquet:"hrtss,optional"`
	Class             string    `parquet:"class,dict"`
	NetKcal           *float64  `parquet:"net_kcal,optional"`
	HoursSinceLift    *float64  `parquet:"hours_since_lift,optional"`
	HoursToLift       *float64  `parquet:"hours_to_lift,optional"`
	PrevLiftID        *string   `parquet:"prev_lift_id,optional"`
	NextLiftID        *string   `parquet:"next_lift_id,optional"`
	SameDayOrder      string    `parquet:"same_day_order,dict"`
	NearestLiftID     *string   `parquet:"nearest_lift_id,optional"`
	NearestLiftRegion *string   `parquet:"nearest_lift_region,optional,dict"`
	NearestLiftGapH   *float64  `parquet:"nearest_lift_gap_h,optional"`
}

// LiftRow is one row of lifts.parquet: the facts of one strength session.
type LiftRow struct {
	ActivityID string    `parquet:"activity_id"`
	Athlete    string    `parquet:"athlete,dict"`
	Name       string    `parquet:"name"`
	Source     string    `parquet:"source,dict"`
	StartUTC   time.Time `parquet:"start_utc,timestamp(microsecond)"`
	EndUTC     time.Time `parquet:"end_utc,timestamp(microsecond)"`
	LocalDate  *int32    `parquet:"local_date,date,optional"`
	DurationS  *float64  `parquet:"duration_s,optional"`
	Precision  string    `parquet:"precision,dict"`
	Region     string    `parquet:"region,dict"`
	Sets       int32     `parquet:"sets"`
	Reps       *int32    `parquet:"reps,optional"`
	TonnageKg  *float64  `parquet:"tonnage_kg,optional"`
	LowerSets  int32     `parquet:"lower_sets"`
	UpperSets  int32     `parquet:"upper_sets"`
	NetKcal    *float64  `parquet:"net_kcal,optional"`

	LowerTonnageKg *float64 `parquet:"lower_tonnage_kg,optional"` // full-body sets count in both regions
	UpperTonnageKg *float64 `parquet:"upper_tonnage_kg,optional"`
	LowerHardSets  int32    `parquet:"lower_hard_sets"` // active, not warm-up, reps unknown or ≤ 30
	UpperHardSets  int32    `parquet:"upper_hard_sets"`
	WarmupSets     int32    `parquet:"warmup_sets"`
	MainExercise   string   `parquet:"main_exercise,dict"`   // first lower-body (else full-body, else any) exercise
	SessionRPE     *float64 `parquet:"session_rpe,optional"` // CR-10 (logged, or the hard sets' mean RPE); NULL when not logged
	SRPELoad       *float64 `parquet:"srpe_load,optional"`   // session RPE × minutes (Foster)
}

// SetRow is one row of sets.parquet: one strength set (active or rest) of
// any activity that has sets.
type SetRow struct {
	ActivityID string     `parquet:"activity_id"`
	Athlete    string     `parquet:"athlete,dict"`
	SetIndex   int32      `parquet:"set_index"`
	StartUTC   *time.Time `parquet:"start_utc,timestamp(microsecond),optional"`
	DurationS  *float64   `parquet:"duration_s,optional"`
	Type       string     `parquet:"type,dict"`
	Reps       *int32     `parquet:"reps,optional"`
	WeightKg   *float64   `parquet:"weight_kg,optional"`
	Exercise   string     `parquet:"exercise,dict"`
	Region     string     `parquet:"region,dict"`
}

// WeekRow is one row of weeks.parquet: one athlete-week of scores. The
// rule_* lists are parallel: element i of each describes the i-th rule
// that fired, largest contribution first.
type WeekRow struct {
	Athlete       string   `parquet:"athlete,dict"`
	WeekStart     int32    `parquet:"week_start,date"`
	ISOYear       int32    `parquet:"iso_year"`
	ISOWeek       int32    `parquet:"iso_week"`
	Runs          int32    `parquet:"runs"`
	RunMinutes    *float64 `parquet:"run_minutes,optional"`
	RunDistanceKm *float64 `parquet:"run_distance_km,optional"`
	RunTRIMP      *float64 `parquet:"run_trimp,optional"`
	Lifts         int32    `parquet:"lifts"`
	LowerLifts    int32    `parquet:"lower_lifts"`
	TrainingDays  int32    `parquet:"training_days"`
	RestDays      int32    `parquet:"rest_days"`
	MaxConsecDays int32    `parquet:"max_consec_days"`

	InterferenceScore *float64 `parquet:"interference_score,optional"`
	InterferenceBand  string   `parquet:"interference_band,dict"`
	Proximity         *float64 `parquet:"proximity,optional"`
	Dose              *float64 `parquet:"dose,optional"`
	Recovery          *float64 `parquet:"recovery,optional"`
	Nutrition         *float64 `parquet:"nutrition,optional"`
	Spike             *float64 `parquet:"spike,optional"`
	Multiplier        *float64 `parquet:"multiplier,optional"`

	UnderFuelingScore *float64 `parquet:"under_fueling_score,optional"`
	UnderFuelingBand  string   `parquet:"under_fueling_band,dict"`
	Tier              string   `parquet:"tier,dict"`
	Confidence        string   `parquet:"confidence,dict"`
	Coverage          *float64 `parquet:"coverage,optional"`
	EnergyAvail       *float64 `parquet:"energy_avail,optional"`
	Deficit           *float64 `parquet:"deficit,optional"`
	Protein           *float64 `parquet:"protein,optional"`
	Carbs             *float64 `parquet:"carbs,optional"`
	Exposure          *float64 `parquet:"exposure,optional"`
	Sleep             *float64 `parquet:"sleep,optional"`

	// What-if (docs/scoring.md, "What-if search"): NULL and empty for low weeks.
	WhatIfInterferenceScore *float64 `parquet:"whatif_interference_score,optional"`
	WhatIfChanges           []string `parquet:"whatif_changes,list"`

	RuleIDs     []string   `parquet:"rule_ids,list"`
	RuleScores  []string   `parquet:"rule_scores,list"`
	RulePoints  []*float64 `parquet:"rule_points,list"`
	RuleValues  []*float64 `parquet:"rule_values,list"`
	RuleReasons []string   `parquet:"rule_reasons,list"`
	RuleAdvice  []string   `parquet:"rule_advice,list"`
	Defaults    []string   `parquet:"defaults,list"`

	// Block numbers the athlete's training blocks from 1 (a gap of more
	// than BlockGapWeeks weeks without activity starts the next one).
	Block int32 `parquet:"block"`
}

// FileRow is one row of files.parquet: the accounting of one input file.
type FileRow struct {
	Path       string `parquet:"path"`
	Athlete    string `parquet:"athlete,dict"`
	Format     string `parquet:"format,dict"`
	Status     string `parquet:"status,dict"`
	Reason     string `parquet:"reason"`
	Activities int32  `parquet:"activities"`
	SizeBytes  int64  `parquet:"size_bytes"`
	// Duplicates counts the file's activities dropped as duplicates of
	// activities from other files; DuplicateOf names the kept copies'
	// sources (comma-joined) when every activity of the file was one.
	Duplicates  int32  `parquet:"duplicates"`
	DuplicateOf string `parquet:"duplicate_of"`
	// Records counts the food-log days and body measurements (weigh-ins)
	// taken from the file.
	Records int32 `parquet:"records"`
	// AthleteRule says how the file's athlete was decided (ingest's Rule
	// constants: one-athlete, profile, coach-folder, athlete-flag).
	AthleteRule string `parquet:"athlete_rule,dict"`
}

// nullableCount returns nil for a negative (unknown) count.
func nullableCount(n int) *int32 {
	if n < 0 {
		return nil
	}
	v := int32(n)
	return &v
}

// nullableString returns nil for "".
func nullableString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nullableDate is epochDays, or nil for the zero time.
func nullableDate(t time.Time) *int32 {
	if t.IsZero() {
		return nil
	}
	v := values.EpochDays(t)
	return &v
}

// ActivityRows returns the rows of activities.parquet, sorted by athlete,
// start and id.
func ActivityRows(d *report.Dataset) []ActivityRow {
	rows := make([]ActivityRow, 0, len(d.Activities))
	for i := range d.Activities {
		a := &d.Activities[i]
		var local *int32
		if !a.Start.IsZero() {
			v := values.EpochDays(report.ActivityLocal(a, d.Params))
			local = &v
		}
		rows = append(rows, ActivityRow{
			ID:           a.ID,
			Athlete:      a.Athlete,
			Source:       a.Source,
			Format:       a.Format,
			IndexInFile:  int32(a.Index),
			Kind:         string(a.Kind),
			Sport:        a.Sport,
			SubSport:     a.SubSport,
			SportSource:  string(a.SportSource),
			Name:         a.Name,
			StartUTC:     a.Start.UTC(),
			LocalDate:    local,
			TZOffsetS:    int32(a.TZOffsetS),
			HasTZ:        a.HasTZ,
			ElapsedS:     values.Nullable(a.ElapsedS),
			TimerS:       values.Nullable(a.TimerS),
			DistanceM:    values.Nullable(a.DistanceM),
			CaloriesKcal: values.Nullable(a.Calories),
			AvgHRBpm:     values.Nullable(a.AvgHR),
			MaxHRBpm:     values.Nullable(a.MaxHR),
			Manufacturer: a.Manufacturer,
			Product:      a.Product,
			Samples:      int32(a.NumSamples()),
			Laps:         int32(len(a.Laps)),
			Sets:         int32(len(a.Sets)),
			Precision:    string(a.Precision),
			ZoneSource:   d.ZoneSources[a.ID],
		})
	}
	slices.SortStableFunc(rows, func(x, y ActivityRow) int {
		return cmpRow(x.Athlete, y.Athlete, x.StartUTC, y.StartUTC, x.ID, y.ID)
	})
	return rows
}

// RunRows returns the rows of runs.parquet, sorted by athlete, start and id.
func RunRows(d *report.Dataset) []RunRow {
	rows := make([]RunRow, 0, len(d.Runs))
	for i := range d.Runs {
		r := &d.Runs[i]
		var region *string
		if r.NearestLiftID != "" || r.NearestLiftRegion != "" {
			region = nullableString(string(r.NearestLiftRegion))
		}
		rows = append(rows, RunRow{
			ActivityID:        r.ActivityID,
			Athlete:           r.Athlete,
			Name:              r.Name,
			Source:            r.Source,
			Sport:             r.Sport,
			SubSport:          r.SubSport,
			StartUTC:          r.Start.UTC(),
			LocalDate:         nullableDate(r.LocalDate),
			ElapsedS:          values.Nullable(r.ElapsedS),
			TimerS:            values.Nullable(r.TimerS),
			MovingS:           values.Nullable(r.MovingS),
			DistanceM:         values.Nullable(r.DistanceM),
			AvgHRBpm:          values.Nullable(r.AvgHR),
			MaxHRBpm:          values.Nullable(r.MaxHR),
			Zone1S:            values.Nullable(r.ZoneS[0]),
			Zone2S:            values.Nullable(r.ZoneS[1]),
			Zone3S:            values.Nullable(r.ZoneS[2]),
			Zone4S:            values.Nullable(r.ZoneS[3]),
			Zone5S:            values.Nullable(r.ZoneS[4]),
			TRIMP:             values.Nullable(r.TRIMP),
			HRSource:          r.HRSource,
			HRTSS:             values.Nullable(r.HRTSS),
			Class:             string(r.Class),
			NetKcal:           values.Nullable(r.NetKcal),
			HoursSinceLift:    values.Nullable(r.HoursSinceLift),
			HoursToLift:       values.Nullable(r.HoursToLift),
			PrevLiftID:        nullableString(r.PrevLiftID),
			NextLiftID:        nullableString(r.NextLiftID),
			SameDayOrder:      r.SameDayOrder,
			NearestLiftID:     nullableString(r.NearestLiftID),
			NearestLiftRegion: region,
			NearestLiftGapH:   values.Nullable(r.NearestLiftGapH),
		})
	}
	slices.SortStableFunc(rows, func(x, y RunRow) int {
		return cmpRow(x.Athlete, y.Athlete, x.StartUTC, y.StartUTC, x.ActivityID, y.ActivityID)
	})
	return rows
}

// LiftRows returns the rows of lifts.parquet, sorted by athlete, start and id.
func LiftRows(d *report.Dataset) []LiftRow {
	rows := make([]LiftRow, 0, len(d.Lifts))
	for i := range d.Lifts {
		l := &d.Lifts[i]
		rows = append(rows, LiftRow{
			ActivityID: l.ActivityID,
			Athlete:    l.Athlete,
			Name:       l.Name,
			Source:     l.Source,
			StartUTC:   l.Start.UTC(),
			EndUTC:     l.End.UTC(),
			LocalDate:  nullableDate(l.LocalDate),
			DurationS:  values.Nullable(l.DurationS),
			Precision:  string(l.Precision),
			Region:     string(l.Region),
			Sets:       int32(l.Sets),
			Reps:       nullableCount(l.Reps),
			TonnageKg:  values.Nullable(l.TonnageKg),
			LowerSets:  int32(l.LowerSets),
			UpperSets:  int32(l.UpperSets),
			NetKcal:    values.Nullable(l.NetKcal),

			LowerTonnageKg: values.Nullable(l.LowerTonnageKg),
			UpperTonnageKg: values.Nullable(l.UpperTonnageKg),
			LowerHardSets:  int32(l.LowerHardSets),
			UpperHardSets:  int32(l.UpperHardSets),
			WarmupSets:     int32(l.WarmupSets),
			MainExercise:   l.MainExercise,
			SessionRPE:     values.Nullable(l.SessionRPE),
			SRPELoad:       values.Nullable(l.SRPELoad),
		})
	}
	slices.SortStableFunc(rows, func(x, y LiftRow) int {
		return cmpRow(x.Athlete, y.Athlete, x.StartUTC, y.StartUTC, x.ActivityID, y.ActivityID)
	})
	return rows
}

// SetRows returns the rows of sets.parquet: every set of every activity,
// sorted by athlete, activity start, activity id and set index.
func SetRows(d *report.Dataset) []SetRow {
	acts := make([]*ingest.Activity, 0, len(d.Activities))
	n := 0
	for i := range d.Activities {
		if len(d.Activities[i].Sets) > 0 {
			acts = append(acts, &d.Activities[i])
			n += len(d.Activities[i].Sets)
		}
	}
	slices.SortStableFunc(acts, func(x, y *ingest.Activity) int {
		return cmpRow(x.Athlete, y.Athlete, x.Start, y.Start, x.ID, y.ID)
	})
	// Sized once: a year of a coach's athletes is tens of thousands of sets.
	rows := make([]SetRow, 0, n)
	starts := make([]time.Time, 0, n)
	for _, a := range acts {
		for i, s := range a.Sets {
			var start *time.Time
			if !s.Start.IsZero() {
				starts = append(starts, s.Start.UTC())
				start = &starts[len(starts)-1]
			}
			rows = append(rows, SetRow{
				ActivityID: a.ID,
				Athlete:    a.Athlete,
				SetIndex:   int32(i),
				StartUTC:   start,
				DurationS:  values.Nullable(s.DurationS),
				Type:       string(s.Type),
				Reps:       nullableCount(s.Reps),
				WeightKg:   values.Nullable(s.WeightKg),
				Exercise:   s.Exercise,
				Region:     string(s.Region),
			})
		}
	}
	return rows
}

// WeekRows returns the rows of weeks.parquet, sorted by athlete and week.
func WeekRows(d *report.Dataset) []WeekRow {
	rows := make([]WeekRow, 0, len(d.Weeks))
	for i := range d.Weeks {
		w := &d.Weeks[i]
		row := WeekRow{
			Athlete:       w.Athlete,
			WeekStart:     values.EpochDays(w.WeekStart),
			ISOYear:       int32(w.Year),
			ISOWeek:       int32(w.Week),
			Runs:          int32(w.Runs),
			RunMinutes:    values.Nullable(w.RunMinutes),
			RunDistanceKm: values.Nullable(w.RunDistanceKm),
			RunTRIMP:      values.Nullable(w.RunTRIMP),
			Lifts:         int32(w.Lifts),
			LowerLifts:    int32(w.LowerLifts),
			TrainingDays:  int32(w.TrainingDays),
			RestDays:      int32(w.RestDays),
			MaxConsecDays: int32(w.MaxConsecDays),

			InterferenceScore: values.Nullable(w.Interference),
			InterferenceBand:  string(w.InterferenceBand),
			Proximity:         values.Nullable(w.Proximity),
			Dose:              values.Nullable(w.Dose),
			Recovery:          values.Nullable(w.Recovery),
			Nutrition:         values.Nullable(w.Nutrition),
			Spike:             values.Nullable(w.Spike),
			Multiplier:        values.Nullable(w.Multiplier),

			UnderFuelingScore: values.Nullable(w.UnderFueling),
			UnderFuelingBand:  string(w.UnderFuelingBand),
			Tier:              string(w.Tier),
			Confidence:        string(w.Confidence),
			Coverage:          values.Nullable(w.Coverage),
			EnergyAvail:       values.Nullable(w.EnergyAvail),
			Deficit:           values.Nullable(w.Deficit),
			Protein:           values.Nullable(w.Protein),
			Carbs:             values.Nullable(w.Carbs),
			Exposure:          values.Nullable(w.Exposure),
			Sleep:             values.Nullable(w.Sleep),

			WhatIfInterferenceScore: values.Nullable(w.WhatIfInterference),
			WhatIfChanges:           append([]string{}, w.WhatIfChanges...),

			RuleIDs:     make([]string, 0, len(w.Rules)),
			RuleScores:  make([]string, 0, len(w.Rules)),
			RulePoints:  make([]*float64, 0, len(w.Rules)),
			RuleValues:  make([]*float64, 0, len(w.Rules)),
			RuleReasons: make([]string, 0, len(w.Rules)),
			RuleAdvice:  make([]string, 0, len(w.Rules)),
			Defaults:    slices.Clone(w.Defaults),
			Block:       int32(w.Block),
		}
		for _, h := range w.Rules {
			row.RuleIDs = append(row.RuleIDs, string(h.Rule))
			row.RuleScores = append(row.RuleScores, string(h.Score))
			row.RulePoints = append(row.RulePoints, values.Nullable(h.Points))
			row.RuleValues = append(row.RuleValues, values.Nullable(h.Value))
			row.RuleReasons = append(row.RuleReasons, h.Reason)
			row.RuleAdvice = append(row.RuleAdvice, h.Advice)
		}
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(x, y WeekRow) int {
		return cmp.Or(strings.Compare(x.Athlete, y.Athlete), cmp.Compare(x.WeekStart, y.WeekStart))
	})
	return rows
}

// FileRows returns the rows of files.parquet, sorted by athlete and path.
func FileRows(d *report.Dataset) []FileRow {
	rows := make([]FileRow, 0, len(d.Files))
	for _, f := range d.Files {
		rows = append(rows, FileRow{
			Path:        f.Path,
			Athlete:     f.Athlete,
			Format:      f.Format,
			Status:      string(f.Status),
			Reason:      f.Reason,
			Activities:  int32(f.Activities),
			SizeBytes:   f.SizeBytes,
			Duplicates:  int32(f.Duplicates),
			DuplicateOf: f.DuplicateOf,
			Records:     int32(f.Records),
			AthleteRule: string(f.AthleteRule),
		})
	}
	slices.SortStableFunc(rows, func(x, y FileRow) int {
		return cmp.Or(strings.Compare(x.Athlete, y.Athlete), strings.Compare(x.Path, y.Path))
	})
	return rows
}

func cmpRow(athleteX, athleteY string, startX, startY time.Time, idX, idY string) int {
	return cmp.Or(strings.Compare(athleteX, athleteY), startX.Compare(startY), strings.Compare(idX, idY))
}

// writeTable writes rows as one Parquet file with gainguard's metadata and
// zstd compression. Zero rows give a valid file with the schema. The
// footer's created_by stays parquet-go's own, as readers key writer-bug
// workarounds on it; gainguard's version is in the key/value metadata.
func writeTable[T any](w io.Writer, d *report.Dataset, table string, rows []T) error {
	pw := newTableWriter[T](w, d, table)
	if _, err := pw.Write(rows); err != nil {
		return err
	}
	return pw.Close()
}

// newTableWriter is the Parquet writer of [writeTable] (and [Stream]).
func newTableWriter[T any](w io.Writer, d *report.Dataset, table string) *parquet.GenericWriter[T] {
	return parquet.NewGenericWriter[T](w, tableOptions(d, table)...)
}
