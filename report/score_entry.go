package report

import (
	"gainguard/ingest"
	"gainguard/metrics"
)

// ScoreActivities is the scoring entry point for one athlete's activities
// (already placed in p.Loc): it computes the run and lift metrics
// ([metrics.Analyze]) and the other cardio sessions ([metrics.Cardio],
// passed to [Score] as opt.Cardio, replacing any given), then scores every
// week ([Score]). [Build] calls it for each athlete; a what-if search can
// call it on a modified copy of the activities.
func ScoreActivities(acts []ingest.Activity, p metrics.Params, opt ScoreOptions) (runs []metrics.Run, lifts []metrics.Lift, weeks []Week) {
	t := opt.Tuning
	if t == (Tuning{}) {
		t = DefaultTuning()
	}
	applyTuningDefaults(&p, t)
	runs, lifts = metrics.Analyze(acts, p)
	opt.Cardio = metrics.Cardio(acts, p, lifts)
	return runs, lifts, Score(runs, lifts, p, opt)
}
