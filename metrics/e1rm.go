package metrics

import (
	"math"

	"gainguard/ingest"
)

// Estimated one-repetition maximum (e1RM) of a strength set; docs/scoring.md
// "Strength progress" documents every rule here.

// E1RMMaxReps is the largest rep count an e1RM is estimated from: the
// rep–load formulas lose accuracy fast above about 10–12 reps (LeSuer et
// al. 1997, J Strength Cond Res 11(4):211–213), so sets of more reps give
// no e1RM (method [E1RMOverReps]).
const E1RMMaxReps = 12

// Methods of an e1RM (the e1rm_method column). The first four give a value;
// the others say why a set gives none.
const (
	// E1RMSingle: one rep without an RPE; the e1RM is the weight itself.
	E1RMSingle = "single"
	// E1RMEpleyBrzycki: 2–12 reps without an RPE; the mean of [Epley] and
	// [Brzycki].
	E1RMEpleyBrzycki = "epley_brzycki"
	// E1RMRPETable: an RPE of 6–10 was logged; weight ÷ the %1RM of
	// Tuchscherer's RPE table at reps + RIR ([RPEPercent1RM]).
	E1RMRPETable = "rpe_table"
	// E1RMFailure: a set the log marks as taken to failure, without an RPE:
	// the RPE-10 (no reps in reserve) row of the same table.
	E1RMFailure = "failure_rpe10"

	E1RMOverReps = "over_12_reps" // more than E1RMMaxReps reps
	E1RMNoLoad   = "no_load"      // no added load: bodyweight (0 kg), or weight unknown
	E1RMNoReps   = "no_reps"      // reps unknown or 0 (a timed hold, cardio)
	E1RMWarmup   = "warmup"       // a warm-up set: not a maximal effort
	E1RMDropSet  = "drop_set"     // a drop set: lifted pre-fatigued, right after another set
)

// Epley returns Epley's (1985) e1RM, w·(1 + r/30). Applied literally it
// gives w·31/30 at one rep; [E1RM] uses the weight itself for a single.
func Epley(w float64, reps int) float64 { return w * (1 + float64(reps)/30) }

// Brzycki returns Brzycki's (1993) e1RM, w·36/(37 − r); NaN from 37 reps.
func Brzycki(w float64, reps int) float64 {
	if reps >= 37 {
		return math.NaN()
	}
	return w * 36 / float64(37-reps)
}

// rpeTable is Tuchscherer's RPE chart (Reactive Training Systems, "The
// Reactive Training Manual", 2008) as one column: the chart's %1RM depends
// only on reps + reps in reserve (RIR = 10 − RPE), in half steps. Entry k
// is reps + RIR = 1 + k/2, from 1 (one rep at RPE 10) to 16 (12 reps at
// RPE 6). Published copies agree to 10 reps + RIR and differ by up to
// 1.5 points beyond; this is the common RTS version.
var rpeTable = [...]float64{
	100, 97.8, 95.5, 93.9, 92.2, 90.7, 89.2, 87.8, 86.3, 85.0, // 1 … 5.5
	83.7, 82.4, 81.1, 79.9, 78.6, 77.4, 76.2, 75.1, 73.9, 72.3, // 6 … 10.5
	70.7, 69.4, 68.0, 66.7, 65.3, 64.0, 62.6, 61.3, 59.9, 58.6, // 11 … 15.5
	57.4, // 16
}

// RPEPercent1RM returns the %1RM of Tuchscherer's RPE table for a set of
// reps (1–12) at rpe (6–10, rounded to the nearest half), and false
// outside the table.
func RPEPercent1RM(reps int, rpe float64) (float64, bool) {
	if reps < 1 || reps > E1RMMaxReps || !(rpe >= 5.75 && rpe <= 10) {
		return 0, false
	}
	rir := 10 - math.Round(rpe*2)/2
	k := int(math.Round((float64(reps) + rir - 1) * 2))
	if k < 0 || k >= len(rpeTable) {
		return 0, false
	}
	return rpeTable[k], true
}

// E1RM estimates the one-repetition maximum from one set of reps at w kg
// of added load. rpe is the set's logged RPE (NaN: none) and failure says
// the log marks the set as taken to failure. It returns NaN and the
// reason (E1RMNoLoad, E1RMNoReps, E1RMOverReps) when no estimate is made:
//   - RPE 6–10 logged, 1–12 reps: w ÷ RPEPercent1RM (E1RMRPETable);
//   - failure without an RPE: the same at RPE 10 (E1RMFailure);
//   - otherwise one rep: w (E1RMSingle); 2–12 reps: the mean of Epley and
//     Brzycki (E1RMEpleyBrzycki). An RPE under 6 is ignored: the chart
//     stops there, and reps alone give a lower bound.
//
// Bodyweight exercises count added load only (a belt's plates on a dip or
// a pull-up): with 0 kg there is no e1RM.
func E1RM(w float64, reps int, rpe float64, failure bool) (float64, string) {
	switch {
	case !(w > 0):
		return math.NaN(), E1RMNoLoad
	case reps < 1:
		return math.NaN(), E1RMNoReps
	case reps > E1RMMaxReps:
		return math.NaN(), E1RMOverReps
	}
	if pct, ok := RPEPercent1RM(reps, rpe); ok {
		return w * 100 / pct, E1RMRPETable
	}
	if failure {
		pct, _ := RPEPercent1RM(reps, 10)
		return w * 100 / pct, E1RMFailure
	}
	if reps == 1 {
		return w, E1RMSingle
	}
	return (Epley(w, reps) + Brzycki(w, reps)) / 2, E1RMEpleyBrzycki
}

// SetE1RM is [E1RM] for an ingest set, with the set's marks: warm-ups
// (logged, or found by the [WarmupFraction] rule, warm true) and drop sets
// give none (E1RMWarmup, E1RMDropSet); a failure mark counts as RPE 10
// when no RPE is logged. Rest sets give NaN and "".
func SetE1RM(s ingest.Set, warm bool) (float64, string) {
	switch {
	case s.Type != ingest.SetActive:
		return math.NaN(), ""
	case warm || s.Mark == ingest.MarkWarmup:
		return math.NaN(), E1RMWarmup
	case s.Mark == ingest.MarkDrop:
		return math.NaN(), E1RMDropSet
	}
	w := s.WeightKg
	if math.IsNaN(w) {
		w = 0
	}
	return E1RM(w, s.Reps, s.RPE, s.Mark == ingest.MarkFailure)
}
