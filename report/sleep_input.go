package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"gainguard/ingest"
)

// athleteSleep converts the athlete's nights of sleep (Batch.Sleep, from
// wellness exports) for [Score]: one night per date — when two sources
// record the same night (a watch's export and a phone app's), the longer
// sleep is kept, since a shorter one is most often a partial record — and
// one sentence for Params.Sources naming where the nights came from.
func athleteSleep(b *ingest.Batch, athlete string) ([]SleepNight, []string) {
	best := map[time.Time]*ingest.SleepNight{}
	for i := range b.Sleep {
		n := &b.Sleep[i]
		if n.Athlete != athlete || n.Date.IsZero() || !(n.AsleepS > 0) || n.AsleepS > 24*3600 {
			continue
		}
		if cur, ok := best[n.Date]; !ok || n.AsleepS > cur.AsleepS {
			best[n.Date] = n
		}
	}
	if len(best) == 0 {
		return nil, nil
	}
	out := make([]SleepNight, 0, len(best))
	origins := map[string]int{}
	var first, last time.Time
	for d, n := range best {
		out = append(out, SleepNight{Date: d, Hours: n.AsleepS / 3600})
		o := n.Origin
		if o == "" {
			o = n.Source
		}
		origins[o]++
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	var names []string
	for o, n := range origins {
		names = append(names, fmt.Sprintf("%s: %d", o, n))
	}
	sort.Strings(names)
	return out, []string{fmt.Sprintf("sleep: %d nights %s to %s (%s)", len(out),
		first.Format(time.DateOnly), last.Format(time.DateOnly), strings.Join(names, "; "))}
}
