package report

import (
	"fmt"
	"io"
	"text/tabwriter"
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
		fmt.Fprintln(tw, "WEEK\tINTERFERENCE\tUNDER-FUELING\tTOP REASON")
		for _, wk := range weeks {
			reason := topInterferenceReason(wk.Rules)
			fmt.Fprintf(tw, "%s\t%3.0f %s\t%3.0f %s (tier %s)\t%s\n",
				wk.WeekStart.Format("2006-01-02"), wk.Interference, wk.InterferenceBand,
				wk.UnderFueling, wk.UnderFuelingBand, wk.Tier, TermSafe(reason))
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
	total := map[string]float64{}
	for _, r := range rules {
		if r.Score == "interference" && r.Points > 0 {
			total[r.Rule] += r.Points
		}
	}
	best, reason := 0.0, "—"
	for _, r := range rules { // rules are sorted by points: the first hit of a rule is its largest
		if t := total[r.Rule]; r.Score == "interference" && r.Points > 0 && t > best {
			best, reason = t, r.Reason
			total[r.Rule] = 0 // later hits of the same rule are smaller
		}
	}
	return reason
}
