package garminwellness

// Strength sets as Garmin Connect keeps them. A watch names each set of a
// strength activity with its guess of the exercise (the FIT set message's
// category); the athlete confirms or corrects the names, repetitions and
// weights in Connect, which serves them per activity as "exerciseSets"
// (GET /activity-service/activity/{id}/exerciseSets). Tools that save
// them write that answer beside the FIT file, or join it into the
// activity summaries (docs/formats.md cites them). The shape:
//
//	{"activityId": 20744294788, "exerciseSets": [
//	  {"exercises": [{"category": "CORE", "name": "WEIGHTED_GHD_BACK_EXTENSIONS", "probability": 100.0}],
//	   "duration": 27.781, "repetitionCount": 12, "weight": 15000.0,
//	   "setType": "ACTIVE", "startTime": "2025-10-20T11:22:17.0", "messageIndex": 80},
//	  {"exercises": [], "duration": 48.3, "repetitionCount": null, "weight": null, "setType": "REST", ...}]}
//
// exercises lists candidates, the watch's guesses below 100 % and the
// athlete's pick at 100 %; weight is in grams (-1 or null: none entered);
// duration in seconds; startTime is UTC.
//
// An entry of a summarizedActivities file ([{"summarizedActivitiesExport":
// [...]}], durations in ms, start times in epoch ms) that carries such sets
// (as "exerciseSets", or "fullExerciseSets" as some downloaders name the
// joined list) becomes a lift of format "garmin-connect" with the ACTIVE
// sets (REST sets are skipped). When the watch's FIT file of the same
// session is also read, the two are duplicates: the FIT activity is kept
// (it has the heart rate and the sets' timing) and takes the Connect
// names, repetitions and weights set by set (ingest's adoptSetNames).

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"gainguard/ingest"
)

// connectFormat is the format of the activities read from Connect's sets.
const connectFormat = "garmin-connect"

// maxSetWeightG bounds a plausible set weight (grams); maxSpan a session.
const (
	maxSetWeightG = 1e6
	maxSpan       = 48 * time.Hour
)

// setCounts counts what a list of exercise sets held besides active sets.
type setCounts struct {
	rest, other, noWeight int
}

// readSets reads a list of Connect exercise sets: the ACTIVE ones, and the
// earliest start and latest end of all (rest included). ok is false when
// raw is not a list.
func readSets(raw json.RawMessage, c *setCounts) (sets []ingest.Set, first, last time.Time, ok bool) {
	var items []map[string]json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil, first, last, false
	}
	for _, it := range items {
		start, hasStart := gmt(it, "startTime")
		dur := num(it, "duration")
		if !(dur >= 0 && dur <= 24*3600) {
			dur = ingest.Missing
		}
		if hasStart {
			if first.IsZero() || start.Before(first) {
				first = start
			}
			end := start
			if ingest.Known(dur) {
				end = start.Add(time.Duration(dur * float64(time.Second)))
			}
			if end.After(last) {
				last = end
			}
		}
		var kind string
		_ = json.Unmarshal(it["setType"], &kind)
		switch strings.ToUpper(kind) {
		case "ACTIVE":
		case "REST":
			c.rest++
			continue
		default:
			c.other++
			continue
		}
		s := ingest.Set{Start: start, DurationS: dur, Type: ingest.SetActive, Reps: -1, WeightKg: ingest.Missing, RPE: ingest.Missing}
		if r := num(it, "repetitionCount"); r >= 0 && r <= 10000 {
			s.Reps = int(r)
		}
		if g := num(it, "weight"); g >= 0 && g <= maxSetWeightG {
			s.WeightKg = g / 1000
		} else {
			c.noWeight++
		}
		s.Exercise, s.Region = exercise(it["exercises"])
		sets = append(sets, s)
	}
	return sets, first, last, true
}

// exercise names a set from its candidates: the most probable one with a
// known category; its name ("BARBELL_BENCH_PRESS") when given, else its
// category ("BENCH_PRESS"), normalized ("barbell_bench_press"). The
// region comes from the category (FIT's exercise categories), else from
// the name.
func exercise(raw json.RawMessage) (string, ingest.Region) {
	var cands []struct {
		Category, Name string
		Probability    *float64
	}
	if json.Unmarshal(raw, &cands) != nil {
		return "", ingest.RegionUnknown
	}
	best, bestP := -1, math.Inf(-1)
	for i, c := range cands {
		cat := ingest.NormalizeName(c.Category)
		if cat == "" || cat == "unknown" {
			continue
		}
		p := 0.0
		if c.Probability != nil {
			p = *c.Probability
		}
		if p > bestP {
			best, bestP = i, p
		}
	}
	if best < 0 {
		return "", ingest.RegionUnknown
	}
	cat, name := ingest.NormalizeName(cands[best].Category), ingest.NormalizeName(cands[best].Name)
	ex := name
	if ex == "" {
		ex = cat
	}
	r := ingest.RegionOf(cat)
	if r == ingest.RegionUnknown {
		r = ingest.RegionOf(ex)
	}
	return ex, r
}

// setsOf returns an activity summary's exercise sets, if it has any.
func setsOf(a map[string]json.RawMessage) (json.RawMessage, bool) {
	for _, k := range []string{"exerciseSets", "fullExerciseSets"} {
		if raw, ok := a[k]; ok && string(raw) != "null" {
			return raw, true
		}
	}
	return nil, false
}

// typeKey reads activityType: a string in the export, an object with a
// typeKey in Connect's activity lists.
func typeKey(a map[string]json.RawMessage) string {
	raw := a["activityType"]
	var s string
	if json.Unmarshal(raw, &s) != nil {
		var o struct{ TypeKey string }
		_ = json.Unmarshal(raw, &o)
		s = o.TypeKey
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// str reads a JSON string ("" when absent or not a string).
func str(m map[string]json.RawMessage, k string) string {
	var s string
	_ = json.Unmarshal(m[k], &s)
	return s
}

// summarized reads a summarizedActivities file: its strength activities
// with exercise sets become lifts; a file with none is skipped as before.
func summarized(items []map[string]json.RawMessage) (ingest.Decoded, error) {
	var d ingest.Decoded
	var c setCounts
	var total, withSets, noSets, otherType, noStart, empty, bad int
	for _, it := range items {
		var acts []map[string]json.RawMessage
		if raw, ok := it["summarizedActivitiesExport"]; !ok || json.Unmarshal(raw, &acts) != nil {
			bad++
			continue
		}
		for _, a := range acts {
			total++
			raw, ok := setsOf(a)
			if !ok {
				noSets++
				continue
			}
			withSets++
			if typeKey(a) != "strength_training" {
				otherType++
				continue
			}
			start, ok := gmt(a, "startTimeGmt")
			if !ok {
				start, ok = gmt(a, "beginTimestamp")
			}
			if !ok || start.Year() < 1990 {
				noStart++
				continue
			}
			sets, _, last, ok := readSets(raw, &c)
			if !ok || len(sets) == 0 {
				empty++
				continue
			}
			act := liftOf(start, sets)
			act.Name = str(a, "name")
			if span := last.Sub(start); span > 0 && span <= maxSpan {
				act.ElapsedS, act.TimerS = span.Seconds(), span.Seconds()
			}
			if v := num(a, "duration"); v > 0 && v <= maxSpan.Seconds()*1000 {
				act.ElapsedS, act.TimerS = v/1000, v/1000
			}
			if v := num(a, "elapsedDuration"); v > 0 && v <= maxSpan.Seconds()*1000 {
				act.ElapsedS = v / 1000
			}
			if v := num(a, "movingDuration"); v > 0 && v <= act.ElapsedS*1000 {
				act.TimerS = v / 1000
			}
			if local, ok := gmt(a, "startTimeLocal"); ok {
				off := local.Sub(start).Round(time.Minute)
				if off >= -14*time.Hour && off <= 14*time.Hour {
					act.TZOffsetS, act.HasTZ = int(off.Seconds()), true
				}
			}
			if v := num(a, "avgHr"); v >= 25 && v <= 250 {
				act.AvgHR = v
			}
			if v := num(a, "maxHr"); v >= 25 && v <= 250 {
				act.MaxHR = v
			}
			act.Index = len(d.Activities)
			d.Activities = append(d.Activities, act)
		}
	}
	if withSets == 0 {
		return ingest.Decoded{}, ingest.Skip("Garmin activity summaries: the activities are read from the export's FIT files")
	}
	if len(d.Activities) == 0 {
		return ingest.Decoded{}, ingest.Skip(fmt.Sprintf("Garmin activity summaries: %d with exercise sets, none a strength activity with a start time and active sets", withSets))
	}
	d.Notes = []string{"format: garmin connect activity summaries",
		fmt.Sprintf("%d strength activit(ies) with exercise sets read; %d of %d activities without exercise sets (read from the export's FIT files)",
			len(d.Activities), noSets, total)}
	d.Notes = append(d.Notes, c.notes()...)
	for _, x := range []struct {
		n    int
		what string
	}{{otherType, "activit(ies) with exercise sets that are not strength training skipped"},
		{noStart, "activit(ies) without a start time skipped"},
		{empty, "activit(ies) without active sets skipped"},
		{bad, "entr(ies) without a summarizedActivitiesExport list skipped"}} {
		if x.n > 0 {
			d.Notes = append(d.Notes, fmt.Sprintf("%d %s", x.n, x.what))
		}
	}
	return d, nil
}

// connectSetsFile reads the exercise sets of one activity as Connect
// serves them ({"activityId": ..., "exerciseSets": [...]}, saved beside a
// FIT file): a lift spanning its sets.
func connectSetsFile(obj map[string]json.RawMessage) (ingest.Decoded, error) {
	var c setCounts
	raw, _ := setsOf(obj)
	sets, first, last, ok := readSets(raw, &c)
	switch {
	case !ok:
		return ingest.Decoded{}, &FormatError{Format: "garmin wellness JSON", What: "exerciseSets is not a list"}
	case len(sets) == 0:
		return ingest.Decoded{}, ingest.Skip("Garmin Connect exercise sets: no active set")
	case first.IsZero() || first.Year() < 1990:
		return ingest.Decoded{}, ingest.Skip("Garmin Connect exercise sets without start times: the session cannot be placed in time")
	}
	d := ingest.Decoded{Notes: []string{"format: garmin connect exercise sets"}}
	act := liftOf(first, sets)
	if span := last.Sub(first); span <= maxSpan {
		act.ElapsedS, act.TimerS = span.Seconds(), span.Seconds()
	} else {
		d.Notes = append(d.Notes, fmt.Sprintf("sets spread over %s: no duration", span.Round(time.Hour)))
	}
	d.Activities = []ingest.Activity{act}
	d.Notes = append(d.Notes, c.notes()...)
	return d, nil
}

// liftOf returns a Connect strength activity starting at start.
func liftOf(start time.Time, sets []ingest.Set) ingest.Activity {
	return ingest.Activity{
		Format: connectFormat, Kind: ingest.KindLift, Sport: "training", SubSport: "strength_training",
		SportSource: ingest.SportSourceFile, Start: start, Precision: ingest.PrecisionExact,
		ElapsedS: ingest.Missing, TimerS: ingest.Missing, DistanceM: ingest.Missing, Calories: ingest.Missing,
		AvgHR: ingest.Missing, MaxHR: ingest.Missing, RPE: ingest.Missing, Manufacturer: "garmin",
		Sets: sets, ExerciseNames: ingest.NamesConnect,
	}
}

func (c setCounts) notes() []string {
	var n []string
	if c.rest > 0 {
		n = append(n, fmt.Sprintf("%d REST set(s) skipped", c.rest))
	}
	if c.other > 0 {
		n = append(n, fmt.Sprintf("%d set(s) of another or no setType skipped", c.other))
	}
	if c.noWeight > 0 {
		n = append(n, fmt.Sprintf("%d active set(s) without a weight", c.noWeight))
	}
	return n
}
