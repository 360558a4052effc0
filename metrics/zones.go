package metrics

import "gainguard/ingest"

// Heart-rate zone edges as fractions of heart-rate reserve (HRR), the ACSM
// intensity classes (science.md M1; ACSM Guidelines 10th ed., Garber 2011):
// Z1 < 30 % HRR (very light), Z2 30–39 % (light), Z3 40–59 % (moderate),
// Z4 60–89 % (vigorous), Z5 ≥ 90 % (near-maximal).
const (
	Z2FracHRR = 0.30
	Z3FracHRR = 0.40
	Z4FracHRR = 0.60 // vigorous starts here
	Z5FracHRR = 0.90
)

// Zones returns the zone edges in bpm for p: e[0] = HRrest, e[1..4] =
// HRrest + {0.30, 0.40, 0.60, 0.90}·(HRmax − HRrest) (the lower edges of
// Z2..Z5, Karvonen), e[5] = HRmax. Z1 is everything below e[1] (including
// HR under HRrest) and Z5 everything from e[4] up (including HR over
// HRmax). Source: science.md M1.
func Zones(p Params) [6]float64 {
	r := p.HRMax - p.HRRest
	return [6]float64{
		p.HRRest,
		p.HRRest + Z2FracHRR*r,
		p.HRRest + Z3FracHRR*r,
		p.HRRest + Z4FracHRR*r,
		p.HRRest + Z5FracHRR*r,
		p.HRMax,
	}
}

// ZoneOf returns the 0-based zone index (0 = Z1 … 4 = Z5) of heart rate hr
// for the edges e from [Zones]; -1 when hr is NaN.
func ZoneOf(hr float64, e [6]float64) int {
	if hr != hr {
		return -1
	}
	for z := 4; z >= 1; z-- {
		if hr >= e[z] {
			return z
		}
	}
	return 0
}

// ZoneSeconds integrates time in zones over a sample stream: each sample
// with a plausible HR (30–230 bpm) adds its Δt (to the next sample, capped
// at [MaxSampleGapS]) to its zone. Samples without HR add nothing, so the
// total is the HR-covered time, not the session time. Source: science.md M1.
func ZoneSeconds(samples []ingest.Sample, p Params) [5]float64 {
	d := Digest{HR: hrBins(samples, dtsOf(samples))}
	return d.zoneSeconds(p)
}
