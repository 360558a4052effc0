// Package garminwellness reads the wellness files of a Garmin Connect
// account export ("Export your data": DI_CONNECT/...): nights of sleep
// (DI-Connect-Wellness/*_sleepData.json), daily summaries with the
// resting heart rate (DI-Connect-Aggregator/UDSFile_*.json) and weigh-ins
// (DI-Connect-Wellness/*_userBioMetrics.json). The file's content decides
// what it is, never its name; other JSON files are skipped with a reason.
//
// No Garmin export is in the shared corpora: the layouts below follow the
// files' documented and widely parsed structure, and the tests use files
// written to it (testdata/).
//
//   - sleepData: an array of nights; calendarDate is the date of waking;
//     sleepStartTimestampGMT / sleepEndTimestampGMT are "2024-03-01T22:40:00.0"
//     (UTC) or epoch milliseconds; deepSleepSeconds + lightSleepSeconds +
//     remSleepSeconds is the time asleep (awakeSleepSeconds and
//     unmeasurableSeconds are not). A night without sleep seconds (the
//     watch was off) is skipped.
//   - UDSFile: an array of days; calendarDate ("2024-03-01", or an object
//     {"date": ...} in older exports) and restingHeartRate (bpm; 0 or
//     absent when not measured).
//   - userBioMetrics: an array; weigh-ins are the entries whose nested
//     "weight" object has a weight in grams and a timestampGMT.
//   - summarizedActivities: activity summaries; the activities themselves
//     come from the FIT files of the same export, so this file is skipped
//     with that reason, unless its strength activities carry Connect's
//     exercise sets: those become lifts, and name the sets of the FIT
//     copy of the same session (connectsets.go).
//   - an activity's exercise sets as Connect serves them
//     ({"activityId": ..., "exerciseSets": [...]}): a lift (connectsets.go).
package garminwellness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"gainguard/ingest"
)

// Format claims .json files.
// Config names the decoder's generation: outcomes cached before it read
// Connect's exercise sets (summarizedActivities files were skipped) are
// not reused.
var Format = ingest.Format{Name: "garmin-wellness", Exts: []string{".json"}, Decode: Decode, Wellness: true,
	Config: "exercise-sets"}

// maxSize bounds a wellness file read into memory (they are a few MB).
const maxSize = 256 << 20

// A FormatError is a wellness file that cannot be read: an
// [ingest.FormatError] with Format "garmin wellness JSON".
type FormatError = ingest.FormatError

// Decode reads one wellness JSON file.
func Decode(r io.Reader) (ingest.Decoded, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return ingest.Decoded{}, err
	}
	if len(data) > maxSize {
		return ingest.Decoded{}, &FormatError{Format: "garmin wellness JSON", What: fmt.Sprintf("file larger than %d MiB", maxSize>>20)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		var obj map[string]json.RawMessage
		if json.Unmarshal(data, &obj) == nil {
			if _, ok := setsOf(obj); ok {
				return connectSetsFile(obj)
			}
			return ingest.Decoded{}, ingest.Skip("JSON object that is not a Garmin Connect wellness file (sleep, daily summary, biometrics)")
		}
		if json.Valid(data) {
			return ingest.Decoded{}, ingest.Skip("JSON that is not a Garmin Connect wellness file (sleep, daily summary, biometrics)")
		}
		return ingest.Decoded{}, &FormatError{Format: "garmin wellness JSON", What: "not valid JSON: " + err.Error()}
	}
	switch kind(items) {
	case "sleep":
		return sleep(items)
	case "uds":
		return daily(items)
	case "bio":
		return bio(items)
	case "summarized":
		return summarized(items)
	case "empty":
		return ingest.Decoded{}, ingest.Skip("empty JSON array")
	}
	return ingest.Decoded{}, ingest.Skip("JSON that is not a Garmin Connect wellness file (sleep, daily summary, biometrics)")
}

// kind tells the file's type from its first entries' keys.
func kind(items []map[string]json.RawMessage) string {
	if len(items) == 0 {
		return "empty"
	}
	for _, it := range items[:min(len(items), 5)] {
		switch {
		case has(it, "sleepStartTimestampGMT") || has(it, "deepSleepSeconds"):
			return "sleep"
		case has(it, "summarizedActivitiesExport"):
			return "summarized"
		case has(it, "calendarDate") && (has(it, "restingHeartRate") || has(it, "totalSteps") || has(it, "totalKilocalories")):
			return "uds"
		case has(it, "weight") && (has(it, "metaData") || has(it, "height") || has(it, "vo2Max")):
			return "bio"
		}
	}
	return ""
}

func has(m map[string]json.RawMessage, k string) bool { _, ok := m[k]; return ok }

// num reads a JSON number (NaN when absent, null or not a number).
func num(m map[string]json.RawMessage, k string) float64 {
	raw, ok := m[k]
	if !ok || string(raw) == "null" {
		return math.NaN()
	}
	var v float64
	if json.Unmarshal(raw, &v) != nil || math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}

// gmt reads a UTC timestamp: "2024-03-01T22:40:00.0" (no zone: UTC) or
// epoch milliseconds.
func gmt(m map[string]json.RawMessage, k string) (time.Time, bool) {
	raw, ok := m[k]
	if !ok {
		return time.Time{}, false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		t, err := ingest.ParseXMLTime(s)
		return t, err == nil
	}
	var ms float64
	if json.Unmarshal(raw, &ms) == nil && ms > 0 && ms < 1e14 {
		return time.UnixMilli(int64(ms)).UTC(), true
	}
	return time.Time{}, false
}

// date reads a calendar date: "2024-03-01", "2024-03-01T00:00:00.0", or
// {"date": "..."} (older exports; also "Mar 1, 2024 12:00:00 AM").
func date(m map[string]json.RawMessage, k string) (time.Time, bool) {
	raw, ok := m[k]
	if !ok {
		return time.Time{}, false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return time.Time{}, false
		}
		return date(obj, "date")
	}
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "Jan 2, 2006 3:04:05 PM"} {
		v := s
		if layout == "2006-01-02" && len(v) > 10 {
			v = v[:10]
		}
		if t, err := time.Parse(layout, v); err == nil && t.Year() >= 1990 && t.Year() <= 2200 {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

func sleep(items []map[string]json.RawMessage) (ingest.Decoded, error) {
	var d ingest.Decoded
	var noSleep, bad int
	seen := map[time.Time]bool{}
	for _, it := range items {
		day, ok := date(it, "calendarDate")
		if !ok {
			bad++
			continue
		}
		var asleep float64
		for _, k := range []string{"deepSleepSeconds", "lightSleepSeconds", "remSleepSeconds"} {
			if v := num(it, k); v > 0 {
				asleep += v
			}
		}
		if asleep <= 0 || asleep > 24*3600 {
			noSleep++
			continue
		}
		inBed := math.NaN()
		s, ok1 := gmt(it, "sleepStartTimestampGMT")
		e, ok2 := gmt(it, "sleepEndTimestampGMT")
		if ok1 && ok2 && e.After(s) && e.Sub(s) <= 24*time.Hour {
			inBed = e.Sub(s).Seconds()
		}
		if seen[day] {
			d.Notes = append(d.Notes, fmt.Sprintf("night of %s listed twice: both kept", day.Format(time.DateOnly)))
		}
		seen[day] = true
		d.Sleep = append(d.Sleep, ingest.SleepNight{Date: day, AsleepS: asleep, InBedS: inBed, Origin: "Garmin Connect"})
	}
	sort.SliceStable(d.Sleep, func(i, j int) bool { return d.Sleep[i].Date.Before(d.Sleep[j].Date) })
	d.Notes = append([]string{"format: garmin sleep"}, d.Notes...)
	if noSleep > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%d night(s) without sleep seconds skipped (watch not worn?)", noSleep))
	}
	if bad > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%d entr(ies) without a readable calendarDate skipped", bad))
	}
	return d, nil
}

func daily(items []map[string]json.RawMessage) (ingest.Decoded, error) {
	d := ingest.Decoded{Notes: []string{"format: garmin daily summary"}}
	var bad, none int
	for _, it := range items {
		day, ok := date(it, "calendarDate")
		if !ok {
			bad++
			continue
		}
		hr := num(it, "restingHeartRate")
		if !(hr >= 25 && hr <= 150) {
			none++
			continue
		}
		d.Resting = append(d.Resting, ingest.RestingHR{Date: day, BPM: hr, Origin: "Garmin Connect"})
	}
	sort.SliceStable(d.Resting, func(i, j int) bool { return d.Resting[i].Date.Before(d.Resting[j].Date) })
	if none > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%d day(s) without a resting heart rate", none))
	}
	if bad > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%d entr(ies) without a readable calendarDate skipped", bad))
	}
	return d, nil
}

func bio(items []map[string]json.RawMessage) (ingest.Decoded, error) {
	d := ingest.Decoded{Notes: []string{"format: garmin biometrics"}}
	var other int
	for _, it := range items {
		raw, ok := it["weight"]
		var w map[string]json.RawMessage
		if !ok || json.Unmarshal(raw, &w) != nil {
			other++
			continue
		}
		g := num(w, "weight")
		t, ok := gmt(w, "timestampGMT")
		if !ok || !(g >= 20000 && g <= 400000) {
			other++
			continue
		}
		m := ingest.BodyMeasurement{Time: t, Precision: ingest.PrecisionExact, MassKg: g / 1000,
			FatPct: math.NaN(), MuscleKg: math.NaN()}
		if v := num(w, "bodyFat"); v >= 2 && v <= 70 {
			m.FatPct = v
		}
		if v := num(w, "muscleMass"); v > 0 {
			m.MuscleKg = v / 1000
		}
		d.Body = append(d.Body, m)
	}
	sort.SliceStable(d.Body, func(i, j int) bool { return d.Body[i].Time.Before(d.Body[j].Time) })
	if other > 0 {
		d.Notes = append(d.Notes, strconv.Itoa(other)+" entries without a weigh-in (height, VO2max...) skipped")
	}
	return d, nil
}
