package plan

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"gainguard/ingest"
)

// CSVColumns are the plan CSV's columns; date, sport and duration_min are
// required, the others may be missing or empty.
var CSVColumns = []string{"date", "time", "sport", "duration_min", "intensity", "region"}

// MaxPlanMinutes bounds one planned session's duration.
const MaxPlanMinutes = 24 * 60

// ReadCSV reads a plan CSV: a header naming the columns (any order, case
// and surrounding spaces ignored), then one row per session: date
// YYYY-MM-DD, time HH:MM (24 h, local; empty for a lift means "some time
// that day": 12:00 assumed, as for date-only lift logs), sport (run, lift,
// strength, ride, swim... or free text such as "Leg day"), duration_min
// (minutes, > 0), intensity (easy, tempo, hiit or empty), region (lower,
// upper, full or empty; lifts). Rows that cannot be read are listed in
// Problems; a missing header or broken CSV is an *Error naming the line.
func ReadCSV(r io.Reader, path string, opt Options) (*Plan, error) {
	loc := opt.Loc
	if loc == nil {
		loc = time.UTC
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{Path: path, Msg: "empty file: want a header " + strings.Join(CSVColumns, ",")}
	}
	if err != nil {
		return nil, csvError(path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; dup && h != "" {
			line, _ := cr.FieldPos(i)
			return nil, &Error{Path: path, Line: line, Msg: fmt.Sprintf("column %q twice in the header", h)}
		}
		col[h] = i
	}
	hline, _ := cr.FieldPos(0)
	for _, need := range []string{"date", "sport", "duration_min"} {
		if _, ok := col[need]; !ok {
			return nil, &Error{Path: path, Line: hline, Msg: fmt.Sprintf("header %q has no %q column: want %s",
				strings.Join(header, ","), need, strings.Join(CSVColumns, ","))}
		}
	}
	p := &Plan{Path: path}
	var all []Session
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(path, err)
		}
		line, _ := cr.FieldPos(0)
		cell := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		text := strings.Join(rec, ",")
		if strings.TrimSpace(text) == "" || strings.Trim(text, ", ") == "" {
			continue
		}
		problem := func(format string, args ...any) {
			p.Problems = append(p.Problems, Event{Line: line, Text: text, Reason: fmt.Sprintf(format, args...)})
		}
		date, err := time.ParseInLocation(time.DateOnly, cell("date"), loc)
		if err != nil {
			problem("date %q: want YYYY-MM-DD", cell("date"))
			continue
		}
		sportText := cell("sport")
		kind, sport, ok := sportOf(sportText)
		if !ok {
			problem("sport %q: not a run, lift, ride, swim, row, walk or yoga", sportText)
			continue
		}
		min, err := strconv.ParseFloat(strings.ReplaceAll(cell("duration_min"), ",", "."), 64)
		if err != nil || math.IsNaN(min) || min <= 0 || min > MaxPlanMinutes {
			problem("duration_min %q: want minutes, more than 0 and at most %d", cell("duration_min"), MaxPlanMinutes)
			continue
		}
		intensity, ok := normIntensity(cell("intensity"))
		if !ok {
			problem("intensity %q: want easy, tempo, hiit or empty", cell("intensity"))
			continue
		}
		if intensity == "" {
			intensity = intensityOf(sportText)
		}
		region, ok := normRegion(cell("region"))
		if !ok {
			problem("region %q: want lower, upper, full or empty", cell("region"))
			continue
		}
		if region == ingest.RegionUnknown && kind == ingest.KindLift {
			region = regionOf(sportText)
		}
		start, dateOnly := date, false
		switch tm := cell("time"); {
		case tm == "" && kind == ingest.KindLift:
			start, dateOnly = date.Add(12*time.Hour), true
		case tm == "":
			problem("no time: a run's time of day decides its gap to the lifts")
			continue
		default:
			clock, err := time.Parse("15:04", tm)
			if err != nil {
				problem("time %q: want HH:MM (24 h)", tm)
				continue
			}
			y, m, d := date.Date()
			start = time.Date(y, m, d, clock.Hour(), clock.Minute(), 0, 0, loc)
		}
		ses := newSession(path, line, sportText, kind, sport, start,
			time.Duration(min*float64(time.Minute)), region, intensity, dateOnly)
		if len(words(sportText)) <= 1 {
			ses.Activity.Name = "" // "run", "lift": not a title
		}
		all = append(all, ses)
	}
	p.finish(all, opt)
	return p, nil
}

// csvError turns a csv.ParseError into an *Error naming the line.
func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Path: path, Line: pe.Line, Msg: pe.Err.Error()}
	}
	return &Error{Path: path, Msg: err.Error()}
}
