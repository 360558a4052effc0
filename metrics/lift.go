package metrics

import (
	"math"
	"time"

	"gainguard/ingest"
)

// LiftFacts returns the facts of one strength session (science.md R5 for
// the region; M4 for the energy):
//   - Region: [ingest.CombineRegions] over the active sets' regions, so one
//     lower-body (or full-body) active set makes the session lower or full,
//     the regions a run interferes with. A set with no region gets
//     [ingest.RegionOf] of its exercise name. No sets → RegionUnknown.
//   - Sets: active sets; Reps: Σ known reps over them (-1 when none known);
//     TonnageKg: Σ reps × weight over active sets with both known (0 kg is
//     bodyweight), NaN when no set has both.
//   - LowerSets / UpperSets: active sets per region; a full-body set counts
//     in both.
//   - End: the later of Start + ElapsedS (TimerS when ElapsedS is not
//     positive) and the end of the last set (set start + duration);
//     DurationS = End − Start.
//   - LocalDate: midnight of the start's local date, in the activity's own
//     offset when HasTZ, else in p.Loc.
//   - NetKcal: [LiftEnergy] over the wall-clock duration.
//
// A date-only lift (Precision "date") keeps the 12:00 local start ingest
// gave it; a note records the assumption.
func LiftFacts(a *ingest.Activity, p Params) Lift {
	l := Lift{
		ActivityID: activityID(a),
		Athlete:    a.Athlete,
		Name:       a.Name,
		Source:     a.Source,
		Start:      a.Start,
		Precision:  a.Precision,
		Region:     ingest.RegionUnknown,
		Reps:       -1,
		TonnageKg:  math.NaN(),
	}
	if l.Athlete == "" {
		l.Athlete = p.Athlete
	}
	if l.Precision == "" {
		l.Precision = ingest.PrecisionExact
	}
	l.End = activityEnd(a)
	var regions []ingest.Region
	for _, s := range a.Sets {
		if e := s.Start.Add(seconds(s.DurationS)); s.DurationS > 0 && e.After(l.End) {
			l.End = e
		}
		if s.Type != ingest.SetActive {
			continue
		}
		l.Sets++
		r := s.Region
		if r == "" || r == ingest.RegionUnknown {
			r = ingest.RegionOf(s.Exercise)
		}
		regions = append(regions, r)
		switch r {
		case ingest.RegionLower:
			l.LowerSets++
		case ingest.RegionUpper:
			l.UpperSets++
		case ingest.RegionFull:
			l.LowerSets++
			l.UpperSets++
		}
		if s.Reps >= 0 {
			if l.Reps < 0 {
				l.Reps = 0
			}
			l.Reps += s.Reps
			if s.WeightKg >= 0 {
				if math.IsNaN(l.TonnageKg) {
					l.TonnageKg = 0
				}
				l.TonnageKg += float64(s.Reps) * s.WeightKg
			}
		}
	}
	if len(regions) > 0 {
		l.Region = ingest.CombineRegions(regions...)
	}
	l.DurationS = l.End.Sub(l.Start).Seconds()
	l.LocalDate = localDate(a, a.Start, p)
	l.NetKcal, l.KcalSource = LiftEnergy(a.Calories, l.DurationS/60, p)
	if l.Precision == ingest.PrecisionDate {
		l.Notes = append(l.Notes, "date-only log: start assumed at 12:00 local")
	}
	return l
}

// seconds converts float seconds to a Duration (0 for NaN or negative).
func seconds(s float64) time.Duration {
	if !(s > 0) {
		return 0
	}
	return time.Duration(s * float64(time.Second))
}

// activityEnd returns Start + ElapsedS, or + TimerS when ElapsedS is not
// positive, or the last sample's time when that is later.
func activityEnd(a *ingest.Activity) time.Time {
	d := a.ElapsedS
	if !(d > 0) {
		d = a.TimerS
	}
	end := a.Start.Add(seconds(d))
	if n := len(a.Samples); n > 0 && a.Samples[n-1].Time.After(end) {
		end = a.Samples[n-1].Time
	}
	return end
}

// activityID returns a.ID, or [ingest.ActivityID] when it is not set.
func activityID(a *ingest.Activity) string {
	if a.ID != "" {
		return a.ID
	}
	return ingest.ActivityID(a)
}

// localLoc returns the zone for a's local-day questions: its own fixed
// offset when HasTZ, else p.Loc (UTC when nil).
func localLoc(a *ingest.Activity, p Params) *time.Location {
	if a.HasTZ {
		return time.FixedZone("", a.TZOffsetS)
	}
	if p.Loc != nil {
		return p.Loc
	}
	return time.UTC
}

// localDate returns midnight of t's local date for activity a.
func localDate(a *ingest.Activity, t time.Time, p Params) time.Time {
	loc := localLoc(a, p)
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}
