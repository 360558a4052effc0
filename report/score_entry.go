package report

import (
	"gainguard/ingest"
	"gainguard/metrics"
)

// ScoreActivities is the scoring entry point for one athlete's activities
// (already placed in p.Loc): it computes the run and lift metrics, the
// other cardio sessions and their run–lift pairs once
// ([metrics.AnalyzeSessions]; the cardio replaces any opt.Cardio given),
// then scores every week ([ScoreSessions]). [Build] calls it for each athlete; a what-if search can
// call it on a modified copy of the activities.
func ScoreActivities(acts []ingest.Activity, p metrics.Params, opt ScoreOptions) (runs []metrics.Run, lifts []metrics.Lift, weeks []Week) {
	t := opt.tuning()
	applyTuningDefaults(&p, t)
	ss := metrics.AnalyzeSessions(acts, p)
	return ss.Runs, ss.Lifts, ScoreSessions(ss, p, opt)
}

// tuning is opt.Tuning, or [DefaultTuning] when it is unset (zero).
func (opt ScoreOptions) tuning() Tuning {
	if opt.Tuning == (Tuning{}) {
		return DefaultTuning()
	}
	return opt.Tuning
}
