package report

import (
	"fmt"
	"math"
	"slices"

	"gainguard/ingest"
	"gainguard/metrics"
)

// TRIMP per minute of a session without any heart rate, by intensity
// class, used when none of the athlete's sessions of the same modality has
// heart rate to calibrate from (science.md R7 anchors: a 30-min easy run ≈
// 30 TRIMP, a 60-min steady run ≈ 100). An unclassified session uses
// Tuning.RunLoadPerMin (100/60, the steady rate, which keeps a week of
// runs without heart rate on the old minutes scale: 90–300 min ↔ 150–500
// TRIMP).
const (
	TRIMPRateLISS  = 1.0
	TRIMPRateTempo = 100.0 / 60
	TRIMPRateHIIT  = 2.5
)

// Goal factors on the proximity (P) and dose (D) weights (science.md R1).
// Strength and power goals carry the full weights: the measurable harm is
// to lower-body explosive and maximal strength, most with same-session
// training (Schumann 2022 SMD −0.28 explosive; Petré 2021 ES −0.66 same
// session). Whole-muscle hypertrophy is barely affected by concurrent
// training (Schumann −0.01, Lundberg −0.23 fibre) and the acute
// proximity effect concerns performance, so hypertrophy halves P (R1's
// "hypertrophy sub-score at about 0.5×") but keeps the dose, which carries
// Wilson's duration and frequency correlations and Lundberg's running-only
// type I fibre loss. Hybrid goals accept part of the cost by design and sit
// halfway between strength and endurance (endurance halves both, R4).
const (
	GoalHypertrophyP = 0.5
	GoalHypertrophyD = 1.0
	GoalHybridPD     = 0.75
	GoalEndurancePD  = 0.5
)

// modalityFactor is m of R2 for a session's modality.
func modalityFactor(modality string, t Tuning) float64 {
	switch modality {
	case metrics.ModalityCycling:
		return t.ModalityCycling
	case metrics.ModalityRowing:
		return t.ModalityRowing
	case metrics.ModalityWalking:
		return t.ModalityWalking
	case metrics.ModalitySwim:
		return t.ModalitySwimming
	}
	return t.ModalityRun
}

// classRate is the class's TRIMP per minute for a session without HR.
func classRate(class metrics.Class, t Tuning) float64 {
	switch class {
	case metrics.ClassLISS:
		return TRIMPRateLISS
	case metrics.ClassTempo:
		return TRIMPRateTempo
	case metrics.ClassHIIT:
		return TRIMPRateHIIT
	}
	return t.RunLoadPerMin
}

// estimateTRIMP gives every session a TRIMP, per session, never per week
// (science.md section 6): measured when the session had heart rate
// (samples, else its average HR — metrics.Run.HRSource); else its minutes
// × the median TRIMP per minute of the athlete's sessions of the same
// modality that had heart rate; else minutes × its class's rate
// ([classRate]). It also sets the intensity-weighted minutes effMin.
func (s *scorer) estimateTRIMP() {
	rates := map[string][]float64{}
	for _, r := range s.runs {
		if v, ok := r.trimpRate(); ok {
			rates[r.modality] = append(rates[r.modality], v)
		}
	}
	med := make(map[string]float64, len(rates))
	for m, rs := range rates {
		med[m] = median(rs)
	}
	for i := range s.runs {
		s.runs[i].setTRIMP(med, s.t)
	}
}

// trimpRate is the session's measured TRIMP per minute, which calibrates
// the estimates of its modality; ok is false without heart rate.
func (r *runX) trimpRate() (float64, bool) {
	if !math.IsNaN(r.measured) && r.min > 0 {
		return r.measured / r.min, true
	}
	return 0, false
}

// setTRIMP sets the session's TRIMP (measured, else its minutes × med,
// the median rate of its modality's sessions with heart rate, else × its
// class's rate) and its intensity-weighted minutes.
func (r *runX) setTRIMP(med map[string]float64, t Tuning) {
	r.trimp = r.measured
	r.trimpEst = false
	if math.IsNaN(r.trimp) {
		r.trimpEst = true
		if m, ok := med[r.modality]; ok {
			r.trimp = r.min * m
		} else {
			r.trimp = r.min * classRate(r.r.Class, t)
		}
	}
	r.effMin = math.Max(r.min, r.trimp/t.TRIMPPerSteadyMin)
}

// trimpNote says how a session's TRIMP was estimated.
func (s *scorer) trimpNote(r *runX) string {
	noun := map[string]string{metrics.ModalityRunning: "runs", metrics.ModalityCycling: "rides", metrics.ModalityRowing: "rowing and machine sessions",
		metrics.ModalityWalking: "walks", metrics.ModalitySwim: "swims"}[r.modality]
	how := fmt.Sprintf("%.0f min × %.2f/min (median of your %s with heart rate)", r.min, r.trimp/math.Max(r.min, 1e-9), noun)
	if !slices.ContainsFunc(s.runs, func(o runX) bool { return o.modality == r.modality && !o.trimpEst }) {
		how = fmt.Sprintf("%.0f min × %.2f/min (%s rate)", r.min, r.trimp/math.Max(r.min, 1e-9), classOrUnknown(r.r.Class))
	}
	return fmt.Sprintf("INT-D: no heart rate for the %s on %s: TRIMP %.0f estimated as %s", runLabel(r), r.d.label(), r.trimp, how)
}

func classOrUnknown(c metrics.Class) string {
	switch c {
	case metrics.ClassLISS, metrics.ClassTempo, metrics.ClassHIIT:
		return string(c)
	}
	return "unclassified, steady"
}

// median of a non-empty slice (sorted in place).
func median(v []float64) float64 {
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// goalFactors returns the factors on the P and D weights for a goal.
func goalFactors(goal ingest.Goal) (p, d float64) {
	switch goal {
	case ingest.GoalEndurance:
		return GoalEndurancePD, GoalEndurancePD
	case ingest.GoalHypertrophy:
		return GoalHypertrophyP, GoalHypertrophyD
	case ingest.GoalHybrid:
		return GoalHybridPD, GoalHybridPD
	}
	return 1, 1
}
