package samples

import (
	"math"

	"gainguard/ingest"
)

// This file is a small, independent re-statement of the weekly
// interference score of science.md section 4 (R1–R7, with the goal
// factors and the intensity-weighted run duration of docs/scoring.md),
// used only to check that the designed weeks land where they were
// designed to. It scores planned sessions, not decoded files, with the
// nutrition prior and no load spike; the real implementation lives in
// report/ (TestWhatIfSamples and cmd/gainguard's TestAnalyzeSamples check
// the real scores of the committed samples).

type modelWeek struct {
	P, D, DTrimp, R float64
	C, WP, WD       float64 // context multiplier, goal-weighted P and D weights
	Score           float64 // with run minutes in D (100/60 TRIMP a minute)
	ScoreTrimp      float64 // with the runs' Banister TRIMP in D
	Unpaired        float64 // dose and recovery points (TRIMP): the training without its run–lift pairs and N
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// gapRisk is g(h) of R3 with the in-session order factor of R4.
func gapRisk(h float64, runFirst bool) float64 {
	switch {
	case h < 0.5:
		if runFirst {
			return 1.0
		}
		return 0.75
	case h < 3:
		if runFirst {
			return 0.7
		}
		return 0.7 * 0.75
	case h < 6:
		if runFirst {
			return 0.45
		}
		return 0.45 * 0.75
	case h < 8:
		if runFirst {
			return 0.25
		}
		return 0.15
	case h < 24:
		if runFirst {
			return 0.1
		}
		return 0.05
	}
	return 0
}

// durFactor is d(t) of R6: 0 at 20 min, 1 at 60, 1.5 at 180.
func durFactor(min float64) float64 {
	return clamp01((min-20)/40) + 0.5*clamp01((min-60)/120)
}

func overlap(r ingest.Region) float64 {
	if r == ingest.RegionUpper {
		return 0.3
	}
	return 1
}

// goalWeights returns the goal factors (gP, gD) of the interference score.
func goalWeights(g ingest.Goal) (float64, float64) {
	switch g {
	case ingest.GoalHypertrophy:
		return 0.5, 1
	case ingest.GoalHybrid:
		return 0.75, 0.75
	case ingest.GoalEndurance:
		return 0.5, 0.5
	}
	return 1, 1
}

// runTRIMP is Banister TRIMP over the simulated 1-Hz heart rate.
func runTRIMP(ap *athletePlan, s *session) float64 {
	p := ap.profile
	a, b := 0.64, 1.92
	if p.Sex == "female" {
		a, b = 0.86, 1.67
	}
	pts := simulateRun(ap, s, s.rng(ap), nil)
	var sum float64
	for _, q := range pts[1:] {
		x := clamp01((q.hr - p.HRRest) / (p.HRMax - p.HRRest))
		sum += x * a * math.Exp(b*x) / 60
	}
	return sum
}

// steadyPerMin is R7's 60-min steady run ≈ 100 TRIMP.
const steadyPerMin = 100.0 / 60

// scoreWeeks returns the model score of each of ap's planned weeks.
func scoreWeeks(ap *athletePlan) []modelWeek {
	C := 1.2
	if ap.profile.Sex == "female" {
		C *= 0.8
	}
	gP, gD := goalWeights(ap.profile.Goal)
	trimps := make([]float64, len(ap.sessions))
	for i := range ap.sessions {
		if s := &ap.sessions[i]; s.kind == ingest.KindRun {
			trimps[i] = runTRIMP(ap, s)
		}
	}
	out := make([]modelWeek, len(ap.weeks))
	for wi, wp := range ap.weeks {
		ws, we := wp.Start, wp.Start.AddDate(0, 0, 7)
		in := func(s *session) bool { return !s.start.Before(ws) && s.start.Before(we) }
		var pw, pSum float64
		var runMin, trimp, longest, longestT float64
		var runs int
		days := map[int]bool{}
		for i := range ap.sessions {
			s := &ap.sessions[i]
			if !in(s) {
				continue
			}
			days[int(s.start.Sub(ws).Hours()/24)] = true
			if s.kind == ingest.KindRun {
				m := float64(s.timerS()) / 60
				runMin += m
				runs++
				longest = math.Max(longest, durFactor(m))
				longestT = math.Max(longestT, durFactor(math.Max(m, trimps[i]/steadyPerMin)))
				trimp += trimps[i]
				continue
			}
			// lift: worst run within ±24 h (any week)
			var p float64
			for j := range ap.sessions {
				r := &ap.sessions[j]
				if r.kind != ingest.KindRun {
					continue
				}
				var h float64
				runFirst := r.start.Before(s.start)
				if runFirst {
					h = s.start.Sub(r.end()).Hours()
				} else {
					h = r.start.Sub(s.end()).Hours()
				}
				h = math.Max(h, 0)
				t := math.Max(float64(r.timerS())/60, trimps[j]/steadyPerMin) // intensity-weighted minutes
				p = math.Max(p, gapRisk(h, runFirst)*overlap(s.region)*durFactor(t))
			}
			w := overlap(s.region)
			pw += w
			pSum += w * p
		}
		mw := modelWeek{C: C, WP: 35 * gP, WD: 30 * gD}
		if pw > 0 {
			mw.P = pSum / pw
		}
		rest := 7 - len(days)
		streak, best := 0, 0
		for d := range 7 {
			if days[d] {
				streak++
				best = max(best, streak)
			} else {
				streak = 0
			}
		}
		switch {
		case rest == 0:
			mw.R = 1
		case rest == 1:
			mw.R = 0.4
		}
		if best >= 6 {
			mw.R = math.Min(1, mw.R+0.3)
		}
		sessTerm := 0.25 * clamp01(float64(runs-2)/4)
		mw.D = clamp01(0.5*clamp01((runMin*steadyPerMin-150)/350) + sessTerm + 0.25*clamp01(longest))
		mw.DTrimp = clamp01(0.5*clamp01((trimp-150)/350) + sessTerm + 0.25*clamp01(longestT))
		const N = 0.25 // the neutral prior: the food log is not modelled here
		mw.Score = C * (mw.WP*mw.P + mw.WD*mw.D + 10*mw.R + 20*N)
		mw.ScoreTrimp = C * (mw.WP*mw.P + mw.WD*mw.DTrimp + 10*mw.R + 20*N)
		mw.Unpaired = C * (mw.WD*mw.DTrimp + 10*mw.R)
		out[wi] = mw
	}
	return out
}
