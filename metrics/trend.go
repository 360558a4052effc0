package metrics

import (
	"math"
	"slices"
)

// TheilSen returns the Theil–Sen slope of the points (x[i], y[i]): the
// median of the slopes over all pairs with different x (Sen 1968, JASA
// 63:1379–1389). It ignores pairs with a NaN and is robust to up to about
// 29 % of outliers — one bad log line, or one great day, does not make a
// trend. ok is false with fewer than two distinct x.
func TheilSen(x, y []float64) (slope float64, ok bool) {
	n := min(len(x), len(y))
	var slopes []float64
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			dx := x[j] - x[i]
			if dx == 0 || math.IsNaN(dx) || math.IsNaN(y[i]) || math.IsNaN(y[j]) {
				continue
			}
			slopes = append(slopes, (y[j]-y[i])/dx)
		}
	}
	if len(slopes) == 0 {
		return math.NaN(), false
	}
	slices.Sort(slopes)
	return median(slopes), true
}

// Median returns the median of the known (non-NaN) values of vs, NaN when
// there are none. vs is not modified.
func Median(vs []float64) float64 {
	known := make([]float64, 0, len(vs))
	for _, v := range vs {
		if !math.IsNaN(v) {
			known = append(known, v)
		}
	}
	slices.Sort(known)
	return median(known)
}

// Strength trend window (docs/scoring.md "Strength trend").
const (
	// TrendWindowWeeks: the trend of a week is fitted over that week and
	// the 5 before it.
	TrendWindowWeeks = 6
	// TrendMinWeeks: weeks with a best e1RM needed in the window.
	TrendMinWeeks = 3
)

// TrendPct4Wk returns the strength trend in % per 4 weeks from weekly
// best e1RMs: the [TheilSen] slope of e1RM (kg) on week number, times 4,
// over the median e1RM of the points, × 100. week[i] is a week number
// (consecutive weeks differ by 1), e1rm[i] its best e1RM (NaN: not
// trained). NaN with fewer than [TrendMinWeeks] known points.
func TrendPct4Wk(week, e1rm []float64) float64 {
	var xs, ys []float64
	for i := range min(len(week), len(e1rm)) {
		if !math.IsNaN(e1rm[i]) && e1rm[i] > 0 {
			xs, ys = append(xs, week[i]), append(ys, e1rm[i])
		}
	}
	if len(xs) < TrendMinWeeks {
		return math.NaN()
	}
	slope, ok := TheilSen(xs, ys)
	if !ok {
		return math.NaN()
	}
	return slope * 4 / Median(ys) * 100
}

// Training-load EWMA spans (Williams et al. 2017, Br J Sports Med
// 51:209–210: λ = 2/(N+1)).
const (
	AcuteLoadDays   = 7
	ChronicLoadDays = 42
	// LoadRatioMinDays: the acute:chronic ratio is given only from the
	// 28th day of the series on, when the chronic average has seen four
	// weeks.
	LoadRatioMinDays = 28
)

// LoadSeries returns the acute (7-day) and chronic (42-day) exponentially
// weighted moving averages of a daily load series (one value a day, 0 on
// rest days; NaN counts as 0), started at 0 the day before the first,
// and their ratio acute ÷ chronic (NaN before day [LoadRatioMinDays] or
// while the chronic average is 0). Descriptive only: the ratio's link to
// injury is disputed (Impellizzeri et al. 2020, Int J Sports Physiol
// Perform 15:907–913), and gainguard does not score it.
func LoadSeries(daily []float64) (acute, chronic, ratio []float64) {
	la := 2.0 / (AcuteLoadDays + 1)
	lc := 2.0 / (ChronicLoadDays + 1)
	acute = make([]float64, len(daily))
	chronic = make([]float64, len(daily))
	ratio = make([]float64, len(daily))
	var a, c float64
	for i, x := range daily {
		if math.IsNaN(x) {
			x = 0
		}
		a = la*x + (1-la)*a
		c = lc*x + (1-lc)*c
		acute[i], chronic[i], ratio[i] = a, c, math.NaN()
		if i+1 >= LoadRatioMinDays && c > 0 {
			ratio[i] = a / c
		}
	}
	return acute, chronic, ratio
}

// BodyMassDays is the span of the body-mass trend's EWMA.
const BodyMassDays = 7

// MassTrend returns the 7-day EWMA trend of weigh-ins taken on days
// day[i] (any day numbering, ascending; several weigh-ins on one day are
// averaged first by the caller), with α = 2/(7+1) per day: across a gap of
// Δ days the trend moves 1 − (1 − α)^Δ of the way to the new reading, so
// a weigh-in after a week away counts nearly fully. The first reading
// starts the trend. NaN readings are skipped (the trend carries on).
func MassTrend(day []int, kg []float64) []float64 {
	alpha := 2.0 / (BodyMassDays + 1)
	out := make([]float64, len(kg))
	trend, last := math.NaN(), 0
	for i := range kg {
		switch {
		case math.IsNaN(kg[i]):
		case math.IsNaN(trend):
			trend = kg[i]
			last = day[i]
		default:
			gap := max(day[i]-last, 1)
			trend += (1 - math.Pow(1-alpha, float64(gap))) * (kg[i] - trend)
			last = day[i]
		}
		out[i] = trend
	}
	return out
}
