package ingest

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// DuplicateStartWindow and DuplicateOverlap are the duplicate rule's
// thresholds (see "Duplicates" in the package doc).
const (
	DuplicateStartWindow = 60 * time.Second
	DuplicateOverlap     = 0.9
)

// drop records one activity dropped as a duplicate.
type drop struct {
	source string // the dropped activity's file
	kept   string // the Source of the activity kept instead
	// lost are the dropped activity's Garmin Connect sets that matched no
	// set of the kept one (see adoptSetNames); index and start name the
	// dropped activity in its file.
	lost  []Set
	index int
	start time.Time
}

// lostSetsMaxListed bounds how many lost sets a file's reason lists.
const lostSetsMaxListed = 5

// lostReason says which of d's Connect sets were dropped, for its file's
// reason.
func (d drop) lostReason() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d Garmin Connect exercise set(s) matched no set of %s and were dropped: activity %d (%s)",
		len(d.lost), d.kept, d.index+1, d.start.UTC().Format(time.RFC3339))
	for k, s := range d.lost {
		if k == lostSetsMaxListed {
			fmt.Fprintf(&b, ", %d more", len(d.lost)-k)
			break
		}
		if s.Start.IsZero() {
			b.WriteString(", set without a start time")
		} else {
			b.WriteString(", set at " + s.Start.UTC().Format(time.RFC3339))
		}
		var what []string
		if s.Exercise != "" {
			what = append(what, s.Exercise)
		}
		if s.Reps >= 0 {
			what = append(what, fmt.Sprintf("%d reps", s.Reps))
		}
		if Known(s.WeightKg) {
			what = append(what, fmt.Sprintf("%g kg", s.WeightKg))
		}
		if Known(s.DurationS) {
			what = append(what, fmt.Sprintf("%.1f s", s.DurationS))
		}
		if len(what) > 0 {
			b.WriteString(" (" + strings.Join(what, ", ") + ")")
		}
	}
	return b.String()
}

// formatRank orders formats by how much they usually carry.
func formatRank(f string) int {
	switch f {
	case "fit":
		return 5
	case "tcx":
		return 4
	case "applehealth":
		// A Health workout with its route merged carries what the route's
		// GPX does, plus the workout's type and totals.
		return 3
	case "gpx":
		return 2
	case "csv":
		return 1
	}
	return 0
}

// richness is an activity's rank key; higher is richer.
type richness struct {
	hr, sets    bool
	samples     int
	laps, dist  bool
	format      int
	source      string
	index       int
	activityIdx int // position in the input slice
	start, end  time.Time
	elapsedS    float64
	kind        Kind
	eligible    bool
	floating    bool
	athlete     string
	weakSport   bool // sport only guessed (folder setting, name, stream)
}

func rankOf(a *Activity, i int) richness {
	r := richness{
		sets: len(a.Sets) > 0, samples: a.NumSamples(), laps: len(a.Laps) > 0, hr: a.NumHRSamples() > 0,
		dist: Known(a.DistanceM), format: formatRank(a.Format), source: a.Source, index: a.Index,
		activityIdx: i, start: a.Start, end: a.End(), elapsedS: a.ElapsedS, kind: a.Kind,
		eligible: a.Precision != PrecisionDate && !a.Start.IsZero(), floating: a.Floating, athlete: a.Athlete,
		weakSport: guessedSport(a.SportSource),
	}
	if math.IsNaN(r.elapsedS) || r.elapsedS < 0 {
		r.elapsedS, r.end = 0, a.Start
	}
	return r
}

// richer reports whether x ranks before y.
func richer(x, y *richness) bool {
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	for _, d := range []int{b(x.hr) - b(y.hr), b(x.sets) - b(y.sets), x.samples - y.samples,
		b(x.laps) - b(y.laps), b(x.dist) - b(y.dist), x.format - y.format} {
		if d != 0 {
			return d > 0
		}
	}
	if x.source != y.source {
		return x.source < y.source
	}
	return x.index < y.index
}

// isDuplicate applies the rule in the package doc to two activities.
func isDuplicate(x, y *richness) bool {
	if x.athlete != y.athlete || x.source == y.source || !x.eligible || !y.eligible || x.floating != y.floating {
		return false
	}
	if x.kind != y.kind && x.kind != KindOther && y.kind != KindOther && !x.weakSport && !y.weakSport {
		return false
	}
	d := x.start.Sub(y.start)
	if d < 0 {
		d = -d
	}
	if d <= DuplicateStartWindow {
		return true
	}
	shorter := min(x.elapsedS, y.elapsedS)
	if shorter <= 0 {
		return false
	}
	from, to := x.start, x.end
	if y.start.After(from) {
		from = y.start
	}
	if y.end.Before(to) {
		to = y.end
	}
	return to.Sub(from).Seconds() >= DuplicateOverlap*shorter
}

// dedupe drops duplicate activities (see the package doc) and returns the
// kept ones, in their input order, and what was dropped.
func dedupe(acts []Activity) ([]Activity, []drop) {
	if len(acts) < 2 {
		return acts, nil
	}
	rs := make([]richness, len(acts))
	for i := range acts {
		rs[i] = rankOf(&acts[i], i)
	}
	// byStart orders candidates by athlete and start for the window scan.
	byStart := make([]int, len(rs))
	for i := range byStart {
		byStart[i] = i
	}
	sort.SliceStable(byStart, func(i, j int) bool {
		x, y := &rs[byStart[i]], &rs[byStart[j]]
		if x.athlete != y.athlete {
			return x.athlete < y.athlete
		}
		return x.start.Before(y.start)
	})
	pos := make([]int, len(rs)) // activity index → position in byStart
	for p, i := range byStart {
		pos[i] = p
	}
	var maxElapsed time.Duration
	for i := range rs {
		maxElapsed = max(maxElapsed, rs[i].end.Sub(rs[i].start))
	}
	reach := maxElapsed + DuplicateStartWindow

	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return richer(&rs[order[i]], &rs[order[j]]) })

	const (
		undecided = iota
		kept
		dropped
	)
	state := make([]int, len(rs))
	var drops []drop
	for _, i := range order {
		if state[i] != undecided {
			continue
		}
		state[i] = kept
		x := &rs[i]
		visit := func(j int) {
			if state[j] == undecided && isDuplicate(x, &rs[j]) {
				state[j] = dropped
				if acts[i].Name == "" {
					acts[i].Name = acts[j].Name
				}
				_, lost := adoptSetNames(&acts[i], &acts[j])
				drops = append(drops, drop{source: rs[j].source, kept: x.source, lost: lost, index: acts[j].Index, start: acts[j].Start})
				if sportRank(acts[j].SportSource) > sportRank(acts[i].SportSource) {
					setSport(&acts[i], acts[j].Sport, acts[j].SubSport, acts[j].SportSource)
					acts[i].ID = ActivityID(&acts[i])
					x.kind, x.weakSport = acts[i].Kind, rs[j].weakSport
				}
			}
		}
		for p := pos[i] + 1; p < len(byStart); p++ {
			y := &rs[byStart[p]]
			if y.athlete != x.athlete || y.start.Sub(x.start) > reach {
				break
			}
			visit(byStart[p])
		}
		for p := pos[i] - 1; p >= 0; p-- {
			y := &rs[byStart[p]]
			if y.athlete != x.athlete || x.start.Sub(y.start) > reach {
				break
			}
			visit(byStart[p])
		}
	}
	if len(drops) == 0 {
		return acts, nil
	}
	out := acts[:0:0]
	for i := range acts {
		if state[i] != dropped {
			out = append(out, acts[i])
		}
	}
	sort.SliceStable(drops, func(i, j int) bool {
		if drops[i].source != drops[j].source {
			return drops[i].source < drops[j].source
		}
		return drops[i].kept < drops[j].kept
	})
	return out, drops
}

// accountDuplicates updates the rows of files that lost activities to
// duplicates: Activities and Duplicates counts, and for a file whose every
// activity was dropped, status duplicate and DuplicateOf; DroppedSets and
// the reason count and name the Connect sets dropped with them.
func accountDuplicates(files []FileResult, drops []drop) {
	if len(drops) == 0 {
		return
	}
	at := map[string]int{}
	for i, f := range files {
		if f.Format != "zip" {
			at[f.Path] = i
		}
	}
	keptBy := map[int][]string{}
	for _, d := range drops {
		i, ok := at[d.source]
		if !ok {
			continue
		}
		files[i].Duplicates++
		files[i].Activities--
		if !slices.Contains(keptBy[i], d.kept) {
			keptBy[i] = append(keptBy[i], d.kept)
		}
	}
	for i, kept := range keptBy {
		f := &files[i]
		slices.Sort(kept)
		if f.Activities <= 0 && f.Records == 0 {
			f.Activities = 0
			f.Status = StatusDuplicate
			f.DuplicateOf = strings.Join(kept, ",")
			reason := "duplicate of " + strings.Join(kept, ", ")
			if f.Reason != "" {
				reason += "; " + f.Reason
			}
			f.Reason = reason
			continue
		}
		note := fmt.Sprintf("%d of %d activities duplicates of %s", f.Duplicates, f.Duplicates+f.Activities,
			strings.Join(kept, ", "))
		if f.Reason != "" {
			note = f.Reason + "; " + note
		}
		f.Reason = note
	}
	for _, d := range drops {
		if i, ok := at[d.source]; ok && len(d.lost) > 0 {
			f := &files[i]
			f.DroppedSets += len(d.lost)
			if f.Reason != "" {
				f.Reason += "; "
			}
			f.Reason += d.lostReason()
		}
	}
}
