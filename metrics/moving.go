package metrics

import (
	"gainguard/ingest"
)

// MovingSpeedMS is the speed at or above which a sample counts as moving,
// m/s (1.8 km/h: slower than any walk, faster than GPS drift at a
// standstill). [HEUR]
const MovingSpeedMS = 0.5

// MovingSeconds returns the seconds in which the athlete moved: the sum of
// sample Δt (to the next sample, capped at [MaxSampleGapS]) over samples
// with speed ≥ [MovingSpeedMS]. Without any speed value in the stream it
// returns timerS (the device's pause-excluded time), or 0 when timerS is
// not positive either.
func MovingSeconds(samples []ingest.Sample, timerS float64) float64 {
	var d Digest
	d.MovingS, d.SpeedSeen = movingTime(samples, dtsOf(samples))
	return d.movingSeconds(timerS)
}
