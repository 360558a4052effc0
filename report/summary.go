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
		fmt.Fprintf(w, "\n%s — latest %d weeks\n", athlete, len(weeks))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "WEEK\tINTERFERENCE\tUNDER-FUELING\tTOP REASON")
		for _, wk := range weeks {
			// The top interference reason: under-fueling in tier D is
			// exposure-only and would otherwise head every week.
			reason := "—"
			for _, r := range wk.Rules {
				if r.Score == "interference" && r.Points > 0 {
					reason = r.Reason
					break
				}
			}
			fmt.Fprintf(tw, "%s\t%3.0f %s\t%3.0f %s (tier %s)\t%s\n",
				wk.WeekStart.Format("2006-01-02"), wk.Interference, wk.InterferenceBand,
				wk.UnderFueling, wk.UnderFuelingBand, wk.Tier, reason)
		}
		tw.Flush()
	}
}
