package metrics

import (
	"fmt"
	"math"
	"time"

	"gainguard/ingest"
)

// Hard-set and warm-up rules of [LiftFacts] ([HEUR]: no field in the watch
// files says "warm-up", and sets of more than 30 reps are endurance or
// mobility work rather than hypertrophy stimulus).
const (
	// HardSetMaxReps: an active set with more reps is not a hard set.
	HardSetMaxReps = 30
	// WarmupFraction: a set before an exercise's heaviest set, lifting
	// less than this fraction of that heaviest weight, is a warm-up.
	WarmupFraction = 0.6
)

// Duration estimate of a lift logged without one (no duration, no set
// times): sets × (work + rest). 40 s covers a set of 5–12 reps; 120 s is
// the middle of the 1–3 min rests recommended for strength and
// hypertrophy (ACSM 2009, Ratamess et al.) [HEUR].
const (
	LiftSetWorkS = 40.0
	LiftSetRestS = 120.0
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
//     in both. LowerTonnageKg / UpperTonnageKg likewise (NaN when no set of
//     the region has reps and weight).
//   - WarmupSets: active sets of an exercise that come before its heaviest
//     set and lift < [WarmupFraction] of that weight (bodyweight and
//     unknown weights are never warm-ups). LowerHardSets / UpperHardSets:
//     the other active sets with reps unknown or 1–[HardSetMaxReps], per
//     region (full counts in both).
//   - MainExercise: the exercise of the first lower-body active set, else
//     of the first full-body one, else of the first active set.
//   - SessionRPE: the activity's logged session RPE (CR-10); without one,
//     the mean RPE of the session's hard sets when the log has per-set RPE
//     (a proxy, noted: per-set RPE rates a set, Foster's session RPE the
//     whole session); NaN otherwise. SRPELoad = SessionRPE × minutes.
//   - End: the later of Start + ElapsedS (TimerS when ElapsedS is not
//     positive) and the end of the last set (set start + duration);
//     DurationS = End − Start. A lift with neither (a CSV log without a
//     duration column) lasts Sets × ([LiftSetWorkS] + [LiftSetRestS]);
//     DurationEstimated and a note say so.
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

		LowerTonnageKg: math.NaN(),
		UpperTonnageKg: math.NaN(),
		SessionRPE:     math.NaN(),
		SRPELoad:       math.NaN(),
	}
	if l.Athlete == "" {
		l.Athlete = p.Athlete
	}
	if l.Precision == "" {
		l.Precision = ingest.PrecisionExact
	}
	l.End = activityEnd(a, nil)
	t := l.addSets(a.Sets)
	l.MainExercise = t.mainExercise()
	if len(t.regions) > 0 {
		l.Region = ingest.CombineRegions(t.regions...)
	}
	if !l.End.After(l.Start) && l.Sets > 0 {
		// A log without a duration (and without set times): estimate it
		// from the sets, so the lift has energy, load and an end.
		est := float64(l.Sets) * (LiftSetWorkS + LiftSetRestS)
		l.End = l.Start.Add(seconds(est))
		l.DurationEstimated = true
		l.Notes = append(l.Notes, fmt.Sprintf("no duration logged: %.0f min estimated from %d sets (%.0f s work + %.0f s rest each)",
			est/60, l.Sets, LiftSetWorkS, LiftSetRestS))
	}
	l.DurationS = l.End.Sub(l.Start).Seconds()
	switch {
	case a.RPE > 0 && a.RPE <= 10:
		l.SessionRPE = a.RPE
	case t.rpeN > 0:
		l.SessionRPE = t.rpeSum / float64(t.rpeN)
		l.Notes = append(l.Notes, fmt.Sprintf("session RPE %.1f taken as the mean RPE of %d hard sets (no session RPE logged)", l.SessionRPE, t.rpeN))
	}
	if !math.IsNaN(l.SessionRPE) && l.DurationS > 0 {
		l.SRPELoad = l.SessionRPE * l.DurationS / 60
	}
	l.LocalDate = localDate(a, a.Start, p)
	l.NetKcal, l.KcalSource = LiftEnergy(a.Calories, l.DurationS/60, p)
	if l.Precision == ingest.PrecisionDate {
		l.Notes = append(l.Notes, "date-only log: start assumed at 12:00 local")
	}
	return l
}

// setTally is what [Lift.addSets] gathers besides the lift's own counts:
// the candidates for the main exercise, the sets' regions and the RPE of
// the hard sets.
type setTally struct {
	firstLower, firstFull, firstAny string
	regions                         []ingest.Region
	rpeSum                          float64
	rpeN                            int
}

// mainExercise is the first lower-body exercise, else the first full-body
// one, else the first.
func (t setTally) mainExercise() string {
	switch {
	case t.firstLower != "":
		return t.firstLower
	case t.firstFull != "":
		return t.firstFull
	}
	return t.firstAny
}

// addSets counts the active sets into l (sets, warm-ups, hard sets, reps
// and tonnage, per region) and extends l.End to the last set's end.
func (l *Lift) addSets(sets []ingest.Set) setTally {
	var t setTally
	warm := warmups(sets)
	addTon := func(dst *float64, v float64) {
		if math.IsNaN(*dst) {
			*dst = 0
		}
		*dst += v
	}
	for i, s := range sets {
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
		t.regions = append(t.regions, r)
		lower := r == ingest.RegionLower || r == ingest.RegionFull
		upper := r == ingest.RegionUpper || r == ingest.RegionFull
		if lower {
			l.LowerSets++
		}
		if upper {
			l.UpperSets++
		}
		switch {
		case r == ingest.RegionLower && t.firstLower == "":
			t.firstLower = s.Exercise
		case r == ingest.RegionFull && t.firstFull == "":
			t.firstFull = s.Exercise
		}
		if t.firstAny == "" {
			t.firstAny = s.Exercise
		}
		if warm[i] {
			l.WarmupSets++
		} else if s.Reps < 0 || (s.Reps >= 1 && s.Reps <= HardSetMaxReps) {
			if s.RPE > 0 && s.RPE <= 10 {
				t.rpeSum += s.RPE
				t.rpeN++
			}
			if lower {
				l.LowerHardSets++
			}
			if upper {
				l.UpperHardSets++
			}
		}
		if s.Reps >= 0 {
			if l.Reps < 0 {
				l.Reps = 0
			}
			l.Reps += s.Reps
			if s.WeightKg >= 0 {
				ton := float64(s.Reps) * s.WeightKg
				addTon(&l.TonnageKg, ton)
				if lower {
					addTon(&l.LowerTonnageKg, ton)
				}
				if upper {
					addTon(&l.UpperTonnageKg, ton)
				}
			}
		}
	}
	return t
}

// warmups marks the active sets that are warm-ups: before the heaviest
// set of the same exercise and lighter than WarmupFraction of it.
func warmups(sets []ingest.Set) []bool {
	heaviest := map[string]int{} // exercise → index of its first heaviest set
	for i, s := range sets {
		if s.Type != ingest.SetActive || !(s.WeightKg > 0) {
			continue
		}
		if j, ok := heaviest[s.Exercise]; !ok || s.WeightKg > sets[j].WeightKg {
			heaviest[s.Exercise] = i
		}
	}
	warm := make([]bool, len(sets))
	for i, s := range sets {
		j, ok := heaviest[s.Exercise]
		if s.Type == ingest.SetActive && ok && i < j && s.WeightKg > 0 && s.WeightKg < WarmupFraction*sets[j].WeightKg {
			warm[i] = true
		}
	}
	return warm
}

// seconds converts float seconds to a Duration (0 for NaN or negative).
func seconds(s float64) time.Duration {
	if !(s > 0) {
		return 0
	}
	return time.Duration(s * float64(time.Second))
}

// activityEnd returns Start + ElapsedS, or + TimerS when ElapsedS is not
// positive, or the last sample's time (from a's samples, or from dg when
// not nil) when that is later.
func activityEnd(a *ingest.Activity, dg *Digest) time.Time {
	d := a.ElapsedS
	if !(d > 0) {
		d = a.TimerS
	}
	end := a.Start.Add(seconds(d))
	var last time.Time
	switch {
	case dg != nil:
		last = dg.Last
	case len(a.Samples) > 0:
		last = a.Samples[len(a.Samples)-1].Time
	case len(a.Digest) > 0:
		last = digestOf(a).Last
	}
	if last.After(end) {
		end = last
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
