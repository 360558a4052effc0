package report

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
	// Since, when not zero, limits scoring to activities starting on or
	// after that calendar date (its year, month and day, read in each
	// athlete's zone): see [SinceHistoryDays]. Files are all still
	// imported and accounted for, and the activities table keeps every
	// activity.
	Since time.Time
	// SkipWhatIf leaves out the what-if search ([AddWhatIfs]); the
	// weeks' what-if fields are then NaN and empty.
	SkipWhatIf bool
	// WhatIfCache, when not nil, keeps the what-if searches' results
	// between runs ([AddWhatIfsCached]); the weeks are the same with or
	// without it.
	WhatIfCache WhatIfCache
}

// SinceHistoryDays is how many days before BuildOptions.Since are still
// analysed: 28 days of history for the load-spike rule and 1 day for
// pairs (a run the evening before a lift) that cross the boundary.
// Activities, food-log days and weigh-ins older than that are dropped
// before metrics; weeks, runs and lifts before the week holding Since are
// not output.
const SinceHistoryDays = 28 + 1

// NoProfile is the default recorded for an athlete without any profile.
const NoProfile = "no athlete profile found: every value below is a documented default"

// Build runs the pipeline after import: for each athlete it resolves the
// profile ([metrics.Resolve]), computes run and lift metrics
// ([metrics.Analyze]) and scores every week ([Score]) with the athlete's
// food log (Batch.Intake) and weigh-ins (Batch.Body). The result is ready
// for report/output's WriteAll.
//
// Wiring (docs/scoring.md, "Inputs"):
//   - Batch.Intake days → ScoreOptions.Intake (kcal, protein, carbs, in-run
//     carbs; [Score] turns in-run carbs into g/h for the day's long runs).
//   - Batch.Body readings with a mass → ScoreOptions.WeighIns. When the
//     profile gives no body mass (no body fat and no fat-free mass), the
//     latest reading's mass (body fat) is used for the profile and recorded
//     in Params.Sources, not as a default.
//   - The profile's "tuning" object → ScoreOptions.Tuning ([ApplyTuning]).
//     Unknown keys are set aside and reported (ds.Warnings, the athlete's
//     defaults, the profile's row); the known ones apply.
//     A profile file whose tuning is rejected fails like any invalid
//     profile file (its FileResult says why; the profile is not used); a
//     rejected tuning from opt.Profile (the --profile file and flags) is
//     ignored and recorded in every athlete's defaults — callers should
//     check it first with [ValidateTuning].
//
// Build never writes to b: the dataset gets its own copies of the
// activities (deep where zone placement changes times) and of the file
// rows (a rejected profile file changes ds.Files only), so that callers
// count failed files from the dataset, which is what files.parquet holds.
func Build(b *ingest.Batch, opt BuildOptions) *Dataset {
	ds := &Dataset{
		Activities: slices.Clone(b.Activities),
		Files:      slices.Clone(b.Files),
		Intake:     b.Intake,
		Body:       b.Body,
		Params:     map[string]metrics.Params{},
		Tuning:     map[string]Tuning{},
		Version:    opt.Version,
		Generated:  opt.Generated,
	}
	jobs, overrideNote := prepareBuild(ds, b, opt)

	// Athletes are independent (each touches only its own activities in
	// the batch), so a coach's folder is scored on all cores; results land
	// in their own slots and are appended in athlete order, keeping the
	// output deterministic.
	results := make([]athleteResult, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for {
				k := int(next.Add(1) - 1)
				if k >= len(jobs) {
					return
				}
				j := jobs[k]
				results[k] = scoreAthlete(b, ds.Activities, j.athlete, j.idx, j.prof, j.hasFile, overrideNote, opt)
				results[k].p.Defaults = append(results[k].p.Defaults, j.notes...)
			}
		})
	}
	wg.Wait()
	for k, r := range results {
		ds.add(jobs[k].athlete, r)
	}
	ingest.SortActivities(ds.Activities)
	return ds
}

// prepareBuild reads the override and every athlete's profile into the
// athletes' jobs (noting what they say in ds.Warnings and ds.Files) and
// returns the jobs and the note every athlete gets when the override's
// tuning is rejected.
func prepareBuild(ds *Dataset, b *ingest.Batch, opt BuildOptions) ([]athleteJob, string) {
	override := opt.Profile
	var overrideNote string
	// What reading the profiles noticed (unknown keys, cut names) is
	// reported, not fatal: the caller prints ds.Warnings, and each
	// athlete's assumptions list them.
	var tuningNotes []string
	override.Tuning, tuningNotes = splitTuning(override.Tuning)
	overrideNotes := append(slices.Clip(override.Notes), tuningNotes...)
	override.Notes = nil
	ds.Warnings = append(ds.Warnings, overrideNotes...)
	if err := ValidateTuning(override.Tuning); err != nil {
		overrideNote = fmt.Sprintf("profile flags: %v: their tuning is ignored", err)
		override.Tuning = nil
	}
	return athleteJobs(ds, b, override, overrideNotes), overrideNote
}

// athleteJob is one athlete to score: its activities' indexes in the
// batch, its profile (file merged under the override) and the notes
// reading them gave.
type athleteJob struct {
	athlete string
	idx     []int
	prof    ingest.Profile
	hasFile bool
	notes   []string
}

// athleteJobs groups the batch's activities by athlete and reads each
// athlete's profile file, serially: a rejected profile file changes
// ds.Files. Import sorted activities by athlete, so the athletes come out
// sorted too.
func athleteJobs(ds *Dataset, b *ingest.Batch, override ingest.Profile, overrideNotes []string) []athleteJob {
	byAthlete := map[string][]int{}
	var athletes []string
	for i := range b.Activities {
		a := b.Activities[i].Athlete
		if _, ok := byAthlete[a]; !ok {
			athletes = append(athletes, a)
		}
		byAthlete[a] = append(byAthlete[a], i)
	}
	jobs := make([]athleteJob, 0, len(athletes))
	for _, athlete := range athletes {
		fileProfile, hasFile := b.Profiles[athlete]
		var notes []string
		if hasFile {
			path := b.ProfilePaths[athlete]
			var tn []string
			fileProfile.Tuning, tn = splitTuning(fileProfile.Tuning)
			if err := ValidateTuning(fileProfile.Tuning); err != nil {
				failProfileFile(ds, path, athlete, err)
				fileProfile, hasFile = ingest.Profile{}, false
			} else {
				noteProfileFile(ds, path, tn)
				for _, n := range append(slices.Clip(fileProfile.Notes), tn...) {
					notes = append(notes, path+": "+n)
				}
				ds.Warnings = append(ds.Warnings, notes...)
			}
			fileProfile.Notes = nil
		}
		prof := fileProfile.Merge(override)
		if prof.Name == "" {
			prof.Name = athlete
		}
		notes = append(notes, overrideNotes...)
		jobs = append(jobs, athleteJob{athlete, byAthlete[athlete], prof, hasFile, notes})
	}
	return jobs
}

// add appends one athlete's results to the dataset.
func (ds *Dataset) add(athlete string, r athleteResult) {
	if len(r.pairs) > 0 {
		if ds.Pairs == nil {
			ds.Pairs = map[string][]metrics.SessionPair{}
		}
		ds.Pairs[athlete] = rebasePairs(r.pairs, len(ds.Runs), len(ds.Cardio), len(ds.Lifts))
	}
	ds.Runs = append(ds.Runs, r.runs...)
	ds.Lifts = append(ds.Lifts, r.lifts...)
	ds.Weeks = append(ds.Weeks, r.weeks...)
	ds.Cardio = append(ds.Cardio, r.cardio...)
	ds.Strength = append(ds.Strength, r.strength.sessions...)
	ds.Progress = append(ds.Progress, r.strength.progress...)
	ds.Evidence = append(ds.Evidence, r.strength.evidence...)
	ds.Params[athlete] = r.p
	ds.Tuning[athlete] = r.tuning
	for id, z := range r.zones {
		if ds.ZoneSources == nil {
			ds.ZoneSources = map[string]string{}
		}
		ds.ZoneSources[id] = z
	}
}

// athleteResult is what [scoreAthlete] computes for one athlete.
type athleteResult struct {
	p      metrics.Params
	runs   []metrics.Run
	lifts  []metrics.Lift
	weeks  []Week
	cardio []metrics.Run
	// pairs are the athlete's run–lift pairs (metrics.AnalyzeSessions),
	// indexing runs, cardio and lifts.
	pairs  []metrics.SessionPair
	tuning Tuning
	zones  map[string]string // activity id → zone source
	// strength holds the exercise sessions, progress rows and evidence
	// sentences (strength.go).
	strength strengthResult
}

// scoreAthlete resolves one athlete's profile, places wall-clock
// activities in the athlete's zone, computes metrics and scores the weeks.
// It reads b and touches only all[idx] (the dataset's own copies).
func scoreAthlete(b *ingest.Batch, all []ingest.Activity, athlete string, idx []int, prof ingest.Profile, hasFile bool,
	overrideNote string, opt BuildOptions) (res athleteResult) {
	acts := make([]ingest.Activity, 0, len(idx))
	for _, i := range idx {
		acts = append(acts, all[i])
	}
	intake, weighIns, sources := athleteLogs(b, athlete, &prof)
	sleep, sleepSources := athleteSleep(b, athlete)
	sources = append(sources, sleepSources...)
	sources = append(sources, athleteResting(b, athlete, &prof)...)
	// The reference time for ages is the athlete's latest activity,
	// so that a re-run next year scores last year's data the same.
	ref := acts[len(acts)-1].Start
	p := metrics.Resolve(prof, acts, ref)
	p.Athlete = athlete
	p.Sources = append(p.Sources, sources...)
	if !hasFile && !opt.ProfileFlag && opt.Profile.IsZero() {
		p.Defaults = append([]string{NoProfile}, p.Defaults...)
	}
	if overrideNote != "" {
		p.Defaults = append(p.Defaults, overrideNote)
	}
	tuning, err := ApplyTuning(DefaultTuning(), prof.Tuning)
	if err != nil { // unreachable: both sources were validated in Build
		p.Defaults = append(p.Defaults, fmt.Sprintf("profile: %v: default tuning used", err))
		tuning = DefaultTuning()
	}
	applyTuningDefaults(&p, tuning)
	// Lift-app logs give wall-clock times: place them in a zone (in the
	// dataset's copies, so every table agrees) before any timing is
	// computed, and record every activity's zone source (zone.go).
	res.zones = map[string]string{}
	p.Defaults = append(p.Defaults, placeWallClocks(all, idx, strings.TrimSpace(prof.TimeZone) != "", p.Loc, res.zones)...)
	for k, i := range idx {
		acts[k] = all[i]
	}
	ingest.SortActivities(acts)
	res.p = p
	var sinceWeek time.Time
	if !opt.Since.IsZero() {
		acts, intake, weighIns, sinceWeek = sinceFilter(acts, intake, weighIns, opt.Since, opt.WeekStart, p.Loc)
		if len(acts) == 0 {
			return res
		}
	}
	// The sessions and their run–lift pairs, computed once: the score, the
	// timing columns and the timeline read this one list.
	ss := metrics.AnalyzeSessions(acts, p)
	runs, lifts, cardio, pairs := ss.Runs, ss.Lifts, ss.Cardio, ss.Pairs
	sopt := ScoreOptions{
		Cardio:    cardio,
		WeekStart: opt.WeekStart,
		Tuning:    tuning,
		Intake:    intake,
		WeighIns:  weighIns,
		Sleep:     sleep,
	}
	weeks := ScoreSessions(ss, p, sopt)
	if !opt.SkipWhatIf {
		AddWhatIfsCached(weeks, runs, lifts, p, sopt, sinceWeek, opt.WhatIfCache)
	}
	// Strength progress sees the history weeks too (its trends and load
	// averages need them); rows before the first output week are dropped.
	res.strength = buildStrength(acts, runs, lifts, weeks, b.Body, p, tuning)
	if !sinceWeek.IsZero() {
		pairs = keptPairs(pairs, runs, cardio, lifts, sinceWeek)
		runs, lifts, weeks = sinceOutputs(runs, lifts, weeks, sinceWeek)
		cardio = slices.DeleteFunc(slices.Clone(cardio), func(r metrics.Run) bool { return r.Start.Before(sinceWeek) })
		res.strength = res.strength.since(sinceWeek)
	}
	res.runs, res.lifts, res.weeks, res.cardio, res.pairs, res.tuning = runs, lifts, weeks, cardio, pairs, tuning
	return res
}

// splitTuning returns the keys of a profile's tuning object that the
// scorer knows, and a note (with a did-you-mean) for each it does not: an
// unknown key no longer drops the whole tuning.
func splitTuning(m map[string]float64) (map[string]float64, []string) {
	known := TuningKeys()
	var out map[string]float64
	var notes []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(known, k) {
			notes = append(notes, ingest.UnknownKeyNote("tuning", k, known))
			continue
		}
		if out == nil {
			out = map[string]float64{}
		}
		out[k] = m[k]
	}
	return out, notes
}

// noteProfileFile adds notes to the reason of the profile file's row.
func noteProfileFile(ds *Dataset, path string, notes []string) {
	if len(notes) == 0 {
		return
	}
	for i := range ds.Files {
		if ds.Files[i].Path == path {
			ds.Files[i].Reason += "; " + strings.Join(notes, "; ")
			return
		}
	}
}

// failProfileFile marks the profile file at path as failed (or records a
// failed entry for it) with err as the reason.
func failProfileFile(ds *Dataset, path, athlete string, err error) {
	reason := fmt.Sprintf("%s: %v", path, err)
	for i := range ds.Files {
		if ds.Files[i].Path == path {
			ds.Files[i].Status, ds.Files[i].Reason = ingest.StatusFailed, reason
			return
		}
	}
	ds.Files = append(ds.Files, ingest.FileResult{Path: path, Athlete: athlete, Format: "profile",
		Status: ingest.StatusFailed, Reason: reason})
}

// Plausible ranges for body readings used in place of profile values
// (the profile's own validation ranges).
const (
	readingMassMin, readingMassMax = 25.0, 300.0
	readingFatMin, readingFatMax   = 2.0, 70.0
)

// athleteLogs converts the athlete's food-log days and body readings for
// [Score], and fills prof's body mass and body fat from the latest
// plausible reading when the profile lacks them, returning a sentence per
// value so taken.
func athleteLogs(b *ingest.Batch, athlete string, prof *ingest.Profile) (intake []DayIntake, weighIns []WeighIn, sources []string) {
	for _, in := range b.Intake {
		if in.Athlete != athlete || in.Date.IsZero() {
			continue
		}
		intake = append(intake, DayIntake{Date: in.Date, Kcal: in.Kcal, ProteinG: in.ProteinG,
			CarbsG: in.CarbsG, RunCarbsG: in.RunCarbsG})
	}
	weighIns = readingsOf(b.Body, athlete)
	var lastMass, lastFat *ingest.BodyMeasurement
	for i := range b.Body {
		m := &b.Body[i]
		if m.Athlete != athlete || m.Time.IsZero() {
			continue
		}
		if m.MassKg >= readingMassMin && m.MassKg <= readingMassMax {
			if lastMass == nil || !m.Time.Before(lastMass.Time) {
				lastMass = m
			}
		}
		if m.FatPct >= readingFatMin && m.FatPct <= readingFatMax && (lastFat == nil || !m.Time.Before(lastFat.Time)) {
			lastFat = m
		}
	}
	if prof.BodyMassKg == 0 && lastMass != nil {
		prof.BodyMassKg = lastMass.MassKg
		sources = append(sources, fmt.Sprintf("body mass %.1f kg from the latest weigh-in (%s, %s)",
			lastMass.MassKg, lastMass.Time.UTC().Format(time.DateOnly), lastMass.Source))
	}
	if prof.BodyFatPct == 0 && prof.FatFreeMassKg == 0 && lastFat != nil {
		prof.BodyFatPct = lastFat.FatPct
		sources = append(sources, fmt.Sprintf("body fat %.1f %% from the latest body-composition reading (%s, %s)",
			lastFat.FatPct, lastFat.Time.UTC().Format(time.DateOnly), lastFat.Source))
	}
	return intake, weighIns, sources
}
