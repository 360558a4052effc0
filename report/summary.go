package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"gainguard/metrics"
	"gainguard/report/internal/values"
)

// WriteSummary prints, for each athlete, a compact table of the latest n
// weeks: both scores with their bands and the top reason.
func WriteSummary(w io.Writer, ds *Dataset, n int) {
	byAthlete := map[string][]Week{}
	var order []string
	for _, wk := range ds.Weeks {
		if _, ok := byAthlete[wk.Athlete]; !ok {
			order = append(order, wk.Athlete)
		}
		byAthlete[wk.Athlete] = append(byAthlete[wk.Athlete], wk)
	}
	for _, athlete := range order {
		weeks := byAthlete[athlete]
		if len(weeks) > n {
			weeks = weeks[len(weeks)-n:]
		}
		fmt.Fprintf(w, "\n%s — latest %d weeks\n", TermSafe(athlete), len(weeks))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		trend := mainLiftTrends(ds, athlete)
		fmt.Fprintln(tw, "WEEK\tINTERFERENCE\tUNDER-FUELING\tMAIN LIFT e1RM\tTOP REASON")
		for _, wk := range weeks {
			reason := topInterferenceReason(wk.Rules)
			fmt.Fprintf(tw, "%s\t%3.0f %s\t%3.0f %s (tier %s)\t%s\t%s\n",
				wk.WeekStart.Format("2006-01-02"), RoundScore(wk.Interference, 0), wk.InterferenceBand,
				RoundScore(wk.UnderFueling, 0), wk.UnderFuelingBand, wk.Tier, TermSafe(cmp.Or(trend[values.EpochDays(wk.WeekStart)], "—")), TermSafe(reason))
		}
		tw.Flush()
	}
}

// topInterferenceReason picks the reason a coach should read first: the
// largest hit of the interference rule whose hits add up to the most
// points (three runs right before leg days outweigh one dose rule even
// when each of them alone weighs less). Under-fueling in tier D is
// exposure-only and would otherwise head every week, so it is left out.
func topInterferenceReason(rules []RuleHit) string {
	total := map[RuleID]float64{}
	for _, r := range rules {
		if r.Score == ScoreInterference && r.Points > 0 {
			total[r.Rule] += r.Points
		}
	}
	best, reason := 0.0, "—"
	for _, r := range rules { // rules are sorted by points: the first hit of a rule is its largest
		if t := total[r.Rule]; r.Score == ScoreInterference && r.Points > 0 && t > best {
			best, reason = t, r.Reason
			total[r.Rule] = 0 // later hits of the same rule are smaller
		}
	}
	return reason
}

// mainLiftTrends returns, by week (epoch days), the athlete's main lift's
// best e1RM and trend: "squat 141.7 kg +4.3 %/4wk". The main lift is the
// first of [metrics.MainLifts] with the most weeks of e1RM.
func mainLiftTrends(ds *Dataset, athlete string) map[int32]string {
	main := MainLift(ds, athlete)
	out := map[int32]string{}
	if main == "" {
		return out
	}
	for _, p := range ds.Progress {
		if p.Athlete != athlete || p.Exercise != main || math.IsNaN(p.E1RMKg) {
			continue
		}
		s := fmt.Sprintf("%s %.1f kg", strings.ReplaceAll(main, "_", " "), p.E1RMKg)
		if !math.IsNaN(p.TrendPct) {
			s += fmt.Sprintf(" %s %%/4wk", strings.Replace(values.SignedPct(p.TrendPct), "−", "-", 1))
		}
		out[values.EpochDays(p.WeekStart)] = s
	}
	return out
}

// MainLift returns the athlete's main lift: of [metrics.MainLifts], the
// one with the most weeks of e1RM (the first in that order among equals);
// "" without any.
func MainLift(ds *Dataset, athlete string) string {
	weeks := map[string]int{}
	for _, p := range ds.Progress {
		if p.Athlete == athlete && p.MainLift && !math.IsNaN(p.E1RMKg) {
			weeks[p.Exercise]++
		}
	}
	main, best := "", 0
	for _, ex := range metrics.MainLifts {
		if weeks[ex] > best {
			main, best = ex, weeks[ex]
		}
	}
	return main
}
