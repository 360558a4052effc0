// Package csvlog imports the CSV exports of lifting apps (Strong, Hevy,
// FitNotes), daily food logs (a generic layout and MyFitnessPal's
// "Nutrition" export) and body-weight logs (a generic layout, MyFitnessPal's
// "Measurements" and Withings' weight export) into gainguard's [ingest]
// vocabulary. The dialect is detected from the header line, never from the
// file name; [Detect] exposes the sniffing, and the first note of a decoded
// file names the dialect ("format: strong").
//
// # Reading
//
// The file may start with a UTF-8 byte-order mark (or be UTF-16 with one, as
// Excel's "Unicode text" writes; invalid UTF-8 is read as Windows-1252). The
// separator — comma, semicolon or tab — is sniffed from the header line (an
// Excel "sep=;" first line is honoured). Line ends may be \n or \r\n, quoted
// fields may hold separators and line breaks, and empty lines are ignored.
// Numbers may use a decimal comma ("62,5"; always so in ';' files),
// thousands separators ("1,050", "1.050.000", "1 050") and a trailing unit
// ("80 kg", "176lbs").
//
// A row that cannot be read (a bad date, weight or reps, or malformed CSV)
// is skipped and counted in a note ("3 rows skipped: unreadable weight on
// lines 12, 40, 41"); it does not fail the file. A header that matches no
// dialect gives an [ingest.Skip] error, as does Strava's activities.csv
// (which is read with its archive by another importer). A file with a known
// header but no usable row fails with a *[FormatError].
//
// # Lift logs
//
// One [ingest.Activity] per workout: Kind lift, Sport "training", SubSport
// "strength_training", Format "csv", Name the workout's name. Lift apps
// write local wall-clock times without a zone, so activities are Floating:
// Start holds the wall-clock time as if it were UTC until
// [ingest.PlaceInZone] puts it in the athlete's zone (a timestamp with an
// explicit offset or Z is taken as a real instant instead). Logs that give
// only a date (FitNotes, the generic layout without a time) have Precision
// date and Start at 12:00 that day.
//
// Every row is one [ingest.Set] of Type active (Strong's "Rest Timer" rows
// are rest sets). Exercise is [ingest.NormalizeName] of the app's exercise
// name and Region is [ingest.RegionOf] of it (for FitNotes, the row's
// category decides when the name does not). Weights are converted to kg
// (lbs × 0.45359237); bodyweight exercises logged with weight 0 keep 0;
// negative (assisted) weights are stored as 0. Cardio rows (a distance or a
// time and no weight or reps) are kept as sets with Reps -1 and WeightKg
// NaN, so they count for no tonnage. Warm-up, drop and failure sets are kept
// as active sets — warm-ups are real, if light, work, and watches record
// them the same way — and counted in a note. A row's time in seconds
// (Strong "Seconds", Hevy "duration_seconds") is the set's DurationS,
// otherwise NaN. The apps record no per-set times: Set.Start is estimated by
// spreading the workout's sets evenly over its duration, in file order (set
// i of n starts at Start + i·duration/n; all at Start when the duration is
// unknown).
//
// RPE columns are kept per set (ingest.Set.RPE); metrics derives a session
// rating from them when no session RPE is logged.
//
// Dialects and the header columns that identify them (case-insensitive;
// matched after [ingest.NormalizeName], so "Weight (kg)" is weight_kg):
//
//	strong     Date, Exercise Name, Set Order (+ Workout Name, Duration |
//	           Duration (sec), Weight [+ Weight Unit] | Weight (kg) |
//	           Weight (lbs), Reps, Distance, Seconds, RPE, Workout #)
//	           Set Order "W" warm-up, "D" drop set, "F" failure,
//	           "Rest Timer" rest. "Weight" without a unit is taken as kg.
//	hevy       title, start_time, end_time, exercise_title (+ set_type,
//	           weight_kg | weight_lbs, reps, distance_km | distance_miles,
//	           duration_seconds, rpe); one workout per (title, start_time)
//	fitnotes   Date, Exercise, Category, Reps (+ Weight [+ Weight Unit] |
//	           Weight (kg) | Weight (lbs), Distance, Distance Unit, Time);
//	           one workout per date, Precision date
//	lift       the generic layout below
//	food       the generic daily layout below
//	myfitnesspal  Date, Meal, Calories (+ Carbohydrates (g), Protein (g)...)
//	body       the generic body layout below (also MyFitnessPal's
//	           "Date,Weight[,Body Fat %]" and Withings' "Weight (kg)" export)
//
// # Generic lift log
//
//	date,time,exercise,set,reps,weight,unit,rpe,workout
//
// Required: date, exercise, reps. Optional: time (empty or absent → the
// workout has Precision date), set (order number or W/D/F), weight, unit
// ("kg" or "lbs" per row; or name the column weight_kg / weight_lbs; kg when
// absent), rpe, workout (a name; rows with the same date, time and workout
// form one session). Dates are ISO ("2024-03-05"); times "18:30" or
// "6:30 PM", local wall clock.
//
// # Generic food log
//
//	date,kcal,protein_g,carbs_g,run_carbs_g,fat_g
//
// One row per day, or several (meals) that are summed, with a note.
// Synonyms: kcal = calories = energy_kcal; protein_g = protein; carbs_g =
// carbs = carbohydrate_g = carbohydrates_g; run_carbs_g = run_carbs. fat_g is
// accepted and not kept. Each day is an [ingest.DayIntake] whose Date is
// midnight UTC of the logged (local) date; a value no row gives is NaN.
// MyFitnessPal rows whose Meal is a total ("Daily Total", "Totals") are
// skipped so that nothing is counted twice.
//
// # Generic body log
//
//	date,time,weight_kg,body_fat_pct,muscle_kg
//
// The weight column may instead be weight_lbs, or weight with a unit column
// ("kg"/"lbs"; kg without one). body_fat_pct (also body_fat, fat_pct) is a
// percentage, muscle_kg (also muscle_mass_kg) in kg, or muscle_lbs. Each row
// is an [ingest.BodyMeasurement]. Like lift logs, body logs give local wall
// clock: Time holds the wall-clock reading as if it were UTC (Precision
// exact), or 12:00 of the date when there is no time (Precision date). Only
// the date matters downstream.
package csvlog

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"gainguard/ingest"
)

// Format is the CSV entry for an [ingest.Format] table.
var Format = ingest.Format{Name: "csv", Exts: []string{".csv"}, Decode: Decode}

// Kind is a CSV dialect.
type Kind string

// The dialects Detect recognizes.
const (
	Unknown      Kind = ""
	Strong       Kind = "strong"
	Hevy         Kind = "hevy"
	FitNotes     Kind = "fitnotes"
	GenericLift  Kind = "lift"
	Food         Kind = "food"
	MyFitnessPal Kind = "myfitnesspal"
	Body         Kind = "body"
	// Fitbod's workout export (see fitbod.go).
	Fitbod Kind = "fitbod"
	// Cronometer's "Food & Recipe Entries" (servings.csv) and "Daily
	// Nutrition" (dailysummary.csv) exports (see cronometer.go).
	CronometerServings Kind = "cronometer_servings"
	CronometerDaily    Kind = "cronometer_daily"
	// MyFitnessPalExercise is MyFitnessPal's Exercise-Summary export,
	// which Decode skips with its reason.
	MyFitnessPalExercise Kind = "myfitnesspal_exercise"
	// StravaActivities is Strava's bulk-export activities.csv, which
	// Decode skips (it is read with its archive).
	StravaActivities Kind = "strava_activities"
)

// A FormatError reports a CSV file that cannot be used: malformed CSV in
// its header, or a known header with no usable row. It is an
// [ingest.FormatError] whose Format is "csv", or "csv (DIALECT)" once the
// header named the dialect ([formatName]); Line and Column (1-based, 0
// when not applicable) locate the problem; Err, when set, is the
// underlying csv.ParseError's error or the first row's problem.
type FormatError = ingest.FormatError

// formatName is the Format of a [FormatError] for a file of dialect kind.
func formatName(kind Kind) string {
	if kind == Unknown {
		return "csv"
	}
	return "csv (" + string(kind) + ")"
}

// A ReadError reports that reading the input failed.
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return "csv: read: " + e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// maxSize bounds the input read into memory; lift, food and body logs are
// far smaller.
const maxSize = 256 << 20

// Decode reads one CSV export, detects its dialect from the header and
// returns its workouts, food-log days or body measurements. See the package
// documentation for what each dialect gives.
func Decode(r io.Reader) (ingest.Decoded, error) { return decode(r, LiftUnitAuto) }

// decode is [Decode] reading unit-less lift weights in liftUnit (unit.go).
func decode(r io.Reader, liftUnit string) (ingest.Decoded, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return ingest.Decoded{}, &ReadError{Err: err}
	}
	if len(data) > maxSize {
		return ingest.Decoded{}, &FormatError{Format: formatName(Unknown), What: fmt.Sprintf("file larger than %d MiB", maxSize>>20)}
	}
	text, encNote := toUTF8(data)
	sep, skipLines := sniff(text)
	semicolon := sep == ';'

	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false // malformed quoting is reported (and the row skipped), not guessed at
	cr.ReuseRecord = false
	for range skipLines {
		if _, err := cr.Read(); err != nil {
			break
		}
	}

	var header []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return ingest.Decoded{}, &FormatError{Format: formatName(Unknown), What: "no header line (empty file)"}
		}
		if err != nil {
			return ingest.Decoded{}, parseFormatError(Unknown, err, "unreadable header")
		}
		if blank(rec) {
			continue
		}
		header = rec
		break
	}
	cols := newColumns(header)
	kind := detect(cols)
	switch kind {
	case Unknown:
		return ingest.Decoded{}, ingest.Skip("CSV header matches no known format: " + firstColumns(header, 5))
	case StravaActivities:
		return ingest.Decoded{}, ingest.Skip("Strava activities.csv: read with its archive")
	case MyFitnessPalExercise:
		return ingest.Decoded{}, ingest.Skip("MyFitnessPal exercise summary: not read (entries have no start time; log the sessions with a watch or a lift app)")
	}

	rd := &reader{kind: kind, cols: cols, semicolon: semicolon, skips: map[string][]int{}, liftUnit: liftUnit}
	rows := make([]row, 0, len(text)/64)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// FieldPos must not be called after an error.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			if rd.firstErr == nil {
				rd.firstErr = parseFormatError(kind, err, "malformed CSV")
			}
			rd.skip(line, "malformed CSV")
			continue
		}
		if blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, row{line: line, f: rec})
	}

	var d ingest.Decoded
	switch kind {
	case Food, MyFitnessPal:
		d.Intake = rd.food(rows)
	case CronometerServings, CronometerDaily:
		d.Intake = rd.food(rd.cronometer(rows))
	case Body:
		d.Body = rd.body(rows)
	default:
		d.Activities = rd.lifts(rows)
	}
	if len(d.Activities) == 0 && len(d.Intake) == 0 && len(d.Body) == 0 {
		fe := &FormatError{Format: formatName(kind), What: "no usable row"}
		if len(rows) == 0 && rd.firstErr == nil {
			fe.What = "header only, no data rows"
		}
		if rd.firstErr != nil {
			fe.Line, fe.Column, fe.Err = rd.firstErr.Line, rd.firstErr.Column, rd.firstErr.Err
		} else if rd.firstSkip != "" {
			fe.Line, fe.What = rd.firstSkipLine, "no usable row (first: "+rd.firstSkip+")"
		}
		return ingest.Decoded{}, fe
	}
	d.Notes = append([]string{"format: " + string(kind)}, encNote...)
	d.Notes = append(d.Notes, rd.notes...)
	d.Notes = append(d.Notes, rd.skipNotes()...)
	return d, nil
}

// Detect names the dialect of a CSV header line (its fields, as read).
func Detect(header []string) Kind { return detect(newColumns(header)) }

func parseFormatError(kind Kind, err error, msg string) *FormatError {
	fe := &FormatError{Format: formatName(kind), What: msg, Err: err}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		fe.Line, fe.Column, fe.Err = pe.Line, pe.Column, pe.Err
	}
	return fe
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func firstColumns(header []string, n int) string {
	var out []string
	for _, h := range header {
		if len(out) == n {
			break
		}
		h = strings.TrimSpace(h)
		if len(h) > 40 {
			h = h[:40] + "…"
		}
		out = append(out, h)
	}
	s := strings.Join(out, ", ")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	return s
}

// toUTF8 returns the file's text without a byte-order mark: UTF-16 (with a
// BOM) is converted, and invalid UTF-8 is read as Windows-1252.
func toUTF8(data []byte) (string, []string) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF):
		le := data[0] == 0xFF
		u := make([]uint16, 0, len(data)/2)
		for i := 2; i+1 < len(data); i += 2 {
			if le {
				u = append(u, uint16(data[i])|uint16(data[i+1])<<8)
			} else {
				u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
			}
		}
		return string(utf16.Decode(u)), []string{"read as UTF-16"}
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		if c >= 0x80 && c < 0xA0 {
			b.WriteRune(cp1252[c-0x80])
		} else {
			b.WriteRune(rune(c))
		}
	}
	return b.String(), []string{"not UTF-8: read as Windows-1252"}
}

// cp1252 maps Windows-1252's 0x80–0x9F to Unicode.
var cp1252 = [32]rune{
	'€', '\u0081', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u008d', 'Ž', '\u008f',
	'\u0090', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u009d', 'ž', 'Ÿ',
}

// sniff picks the separator from the header line: the most frequent of
// ',', ';' and tab outside quotes (comma on ties). An Excel "sep=X" first
// line names it and is skipped.
func sniff(text string) (sep rune, skip int) {
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if low := strings.ToLower(line); strings.HasPrefix(low, "sep=") && len(line) >= 5 {
			if r, _ := utf8.DecodeRuneInString(line[4:]); r == ',' || r == ';' || r == '\t' || r == '|' {
				return r, 1
			}
		}
		var n [3]int
		quoted := false
		for _, r := range line {
			switch r {
			case '"':
				quoted = !quoted
			case ',':
				if !quoted {
					n[0]++
				}
			case ';':
				if !quoted {
					n[1]++
				}
			case '\t':
				if !quoted {
					n[2]++
				}
			}
		}
		switch {
		case n[1] > n[0] && n[1] >= n[2]:
			return ';', 0
		case n[2] > n[0] && n[2] > n[1]:
			return '\t', 0
		}
		return ',', 0
	}
	return ',', 0
}
