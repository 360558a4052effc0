package report

import (
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
)

// BuildOptions configure [Build].
type BuildOptions struct {
	// Profile is laid over every athlete's profile file: the --profile
	// file and the profile flags.
	Profile ingest.Profile
	// ProfileFlag is true when the caller gave a profile file explicitly.
	ProfileFlag bool
	WeekStart   time.Weekday
	Version     string
	Generated   time.Time
}

// NoProfile is the default recorded for an athlete without any profile.
const NoProfile = "no athlete profile found: every value below is a documented default"

// Build runs the pipeline after import: for each athlete it resolves the
// profile ([metrics.Resolve]), computes run and lift metrics
// ([metrics.Analyze]) and scores every week ([Score]). The result is
// ready for [WriteAll].
func Build(b *ingest.Batch, opt BuildOptions) *Dataset {
	ds := &Dataset{
		Activities: b.Activities,
		Files:      b.Files,
		Intake:     b.Intake,
		Body:       b.Body,
		Params:     map[string]metrics.Params{},
		Version:    opt.Version,
		Generated:  opt.Generated,
	}
	// Group by athlete; Import sorted activities by athlete, so the
	// athletes come out sorted too.
	byAthlete := map[string][]int{}
	var athletes []string
	for i := range b.Activities {
		a := b.Activities[i].Athlete
		if _, ok := byAthlete[a]; !ok {
			athletes = append(athletes, a)
		}
		byAthlete[a] = append(byAthlete[a], i)
	}
	for _, athlete := range athletes {
		idx := byAthlete[athlete]
		acts := make([]ingest.Activity, 0, len(idx))
		for _, i := range idx {
			acts = append(acts, b.Activities[i])
		}
		fileProfile, hasFile := b.Profiles[athlete]
		prof := fileProfile.Merge(opt.Profile)
		if prof.Name == "" {
			prof.Name = athlete
		}
		// The reference time for ages is the athlete's latest activity,
		// so that a re-run next year scores last year's data the same.
		ref := acts[len(acts)-1].Start
		p := metrics.Resolve(prof, acts, ref)
		p.Athlete = athlete
		if !hasFile && !opt.ProfileFlag && opt.Profile == (ingest.Profile{}) {
			p.Defaults = append([]string{NoProfile}, p.Defaults...)
		}
		// Lift-app logs give wall-clock times: place them in the athlete's
		// zone (in the batch itself, so every table agrees) before any
		// timing is computed.
		for k, i := range idx {
			ingest.PlaceInZone(&b.Activities[i], p.Loc)
			acts[k] = b.Activities[i]
		}
		ingest.SortActivities(acts)
		runs, lifts := metrics.Analyze(acts, p)
		ds.Runs = append(ds.Runs, runs...)
		ds.Lifts = append(ds.Lifts, lifts...)
		ds.Weeks = append(ds.Weeks, Score(runs, lifts, p, ScoreOptions{WeekStart: opt.WeekStart})...)
		ds.Params[athlete] = p
	}
	ingest.SortActivities(ds.Activities)
	return ds
}
