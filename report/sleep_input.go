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

// RestingWindowDays is how many of the latest daily resting heart rates
// [athleteResting] takes the median of.
const RestingWindowDays = 28

// athleteResting fills prof's resting heart rate, when the profile does not
// give one, with the median of the athlete's latest [RestingWindowDays]
// daily resting heart rates from wellness exports (Batch.Resting; one
// value per date, the lower when two sources disagree), and returns the
// sentence for Params.Sources.
func athleteResting(b *ingest.Batch, athlete string, prof *ingest.Profile) []string {
	if prof.HRRest > 0 {
		return nil
	}
	byDate := map[time.Time]*ingest.RestingHR{}
	for i := range b.Resting {
		r := &b.Resting[i]
		if r.Athlete != athlete || r.Date.IsZero() || !(r.BPM >= 25 && r.BPM <= 150) {
			continue
		}
		if cur, ok := byDate[r.Date]; !ok || r.BPM < cur.BPM {
			byDate[r.Date] = r
		}
	}
	if len(byDate) == 0 {
		return nil
	}
	days := make([]*ingest.RestingHR, 0, len(byDate))
	for _, r := range byDate {
		days = append(days, r)
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Date.Before(days[j].Date) })
	days = days[max(0, len(days)-RestingWindowDays):]
	vals := make([]float64, len(days))
	origins := map[string]bool{}
	for i, r := range days {
		vals[i] = r.BPM
		o := r.Origin
		if o == "" {
			o = r.Source
		}
		origins[o] = true
	}
	sort.Float64s(vals)
	med := vals[len(vals)/2]
	if len(vals)%2 == 0 {
		med = (vals[len(vals)/2-1] + vals[len(vals)/2]) / 2
	}
	prof.HRRest = med
	var names []string
	for o := range origins {
		names = append(names, o)
	}
	sort.Strings(names)
	return []string{fmt.Sprintf("hr_rest %.0f bpm: median of %d daily resting heart rates %s to %s (%s)", med, len(days),
		days[0].Date.Format(time.DateOnly), days[len(days)-1].Date.Format(time.DateOnly), strings.Join(names, ", "))}
}
