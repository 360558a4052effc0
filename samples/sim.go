package samples

import (
	"math"
	"math/rand/v2"
	"sort"
)

// route is a closed loop of waypoints that runs go round, lap after lap.
type route struct {
	name    string
	baseAlt float64 // m
	pts     [][2]float64
	cum     []float64 // cumulative metres at each waypoint; cum[len(pts)] is the loop length
	mLat    float64   // metres per degree of latitude / longitude at the loop
	mLon    float64
}

// routes: the perimeter path of Tempelhofer Feld and a loop through the
// Tiergarten, Berlin (approximate waypoints).
var routes = []*route{
	newRoute("Tempelhofer Feld", 46, [][2]float64{
		{52.4810, 13.3990}, {52.4813, 13.4060}, {52.4806, 13.4135}, {52.4775, 13.4175},
		{52.4735, 13.4180}, {52.4698, 13.4150}, {52.4690, 13.4070}, {52.4697, 13.3990},
		{52.4730, 13.3950}, {52.4775, 13.3950},
	}),
	newRoute("Tiergarten", 35, [][2]float64{
		{52.5145, 13.3501}, {52.5155, 13.3600}, {52.5163, 13.3705}, {52.5148, 13.3765},
		{52.5110, 13.3760}, {52.5095, 13.3650}, {52.5098, 13.3520}, {52.5110, 13.3420},
		{52.5135, 13.3400}, {52.5150, 13.3440},
	}),
}

func newRoute(name string, alt float64, pts [][2]float64) *route {
	r := &route{name: name, baseAlt: alt, pts: pts}
	r.mLat = 111_320
	r.mLon = 111_320 * math.Cos(pts[0][0]*math.Pi/180)
	r.cum = make([]float64, len(pts)+1)
	for i := range pts {
		a, b := pts[i], pts[(i+1)%len(pts)]
		r.cum[i+1] = r.cum[i] + math.Hypot((b[0]-a[0])*r.mLat, (b[1]-a[1])*r.mLon)
	}
	return r
}

// at returns the position s metres along the loop.
func (r *route) at(s float64) (lat, lon float64) {
	L := r.cum[len(r.pts)]
	s = math.Mod(s, L)
	i := sort.SearchFloat64s(r.cum, s) - 1
	i = max(0, min(i, len(r.pts)-1))
	a, b := r.pts[i], r.pts[(i+1)%len(r.pts)]
	f := (s - r.cum[i]) / (r.cum[i+1] - r.cum[i])
	return a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])
}

// point is one simulated 1-Hz sample.
type point struct {
	el       int // seconds since start, pauses included
	hr       float64
	v        float64 // m/s
	dist     float64 // m
	lat, lon float64 // degrees
	alt      float64 // m
	cad      float64 // strides per minute (FIT and Garmin GPX convention)
}

// ar1 is a small autoregressive noise source.
type ar1 struct{ x, keep, sd float64 }

func (n *ar1) next(rng *rand.Rand) float64 {
	n.x = n.keep*n.x + n.sd*rng.NormFloat64()
	return n.x
}

// simulateRun returns one point per timer second 0..timerS. Speed follows
// the segment targets within seconds; heart rate follows its targets with
// a lag of tens of seconds (faster when rising), drifts up slowly, and
// recovers during the pause, if any.
func simulateRun(ap *athletePlan, s *session, rng *rand.Rand, out []point) []point {
	p := ap.profile
	r := routes[s.route]
	T := s.timerS()
	out = out[:0]
	hr := p.HRRest + 26 + 4*rng.Float64()
	v, dist := 0.0, 0.0
	hrN := ar1{keep: 0.85, sd: 0.55}
	vN := ar1{keep: 0.8, sd: 0.045}
	gN := ar1{keep: 0.95, sd: 0.25} // GPS wander, metres
	cN := ar1{keep: 0.6, sd: 0.5}
	kRise, kFall := 1-math.Exp(-1.0/24), 1-math.Exp(-1.0/38)
	kV := 1 - math.Exp(-1.0/4)
	seg, segEnd := 0, s.segs[0].durS
	for k := 0; k <= T; k++ {
		for k >= segEnd && seg < len(s.segs)-1 {
			seg++
			segEnd += s.segs[seg].durS
		}
		g := s.segs[seg]
		el := k
		if s.pauseS > 0 && k >= s.pauseAtS {
			el += s.pauseS
			if k == s.pauseAtS { // standing still: heart rate comes down
				rest := 0.55 * p.HRMax
				hr += (rest - hr) * (1 - math.Exp(-float64(s.pauseS)/40))
				v = 0.3
			}
		}
		target := g.hrFrac*p.HRMax + 3.5*float64(el)/3600 // cardiac drift
		if target > hr {
			kr := kRise
			if g.hrFrac >= 0.85 {
				kr = 1 - math.Exp(-1.0/18)
			}
			hr += (target - hr) * kr
		} else {
			hr += (target - hr) * kFall
		}
		if k > 0 {
			v += (g.speed - v) * kV
			dist += max(0, v+vN.next(rng)*g.speed/3)
		}
		sp := max(0, v+vN.x)
		lat, lon := r.at(dist)
		lat += gN.next(rng) / r.mLat
		lon += gN.next(rng) / r.mLon
		L := r.cum[len(r.pts)]
		alt := r.baseAlt + 1.8*math.Sin(2*math.Pi*dist/L) + 0.6*math.Sin(2*math.Pi*dist/430)
		cad := 80 + 5*(sp-2.8)
		if sp < 2.0 {
			cad = 50 + 6*sp // walking
		}
		if k == 0 {
			cad, sp = 0, 0
		}
		out = append(out, point{
			el: el, hr: math.Min(hr+hrN.next(rng), p.HRMax), v: sp, dist: dist,
			lat: lat, lon: lon, alt: alt, cad: max(0, math.Min(cad+cN.next(rng), 100)),
		})
	}
	return out
}

// Lift heart-rate model: a set pulls HR towards the exercise's target, rest
// lets it fall towards a recovery level that creeps up over the session.
var liftHRFrac = map[string]float64{
	"squat": 0.78, "deadlift": 0.79, "lunge": 0.77,
	"bench_press": 0.66, "row": 0.68, "shoulder_press": 0.67,
}

// liftRecordEvery is the record interval of strength sessions (smart
// recording on a watch: sparse is fine for lifts).
const liftRecordEvery = 3

// simulateLiftHR returns HR for every second 0..liftS.
func simulateLiftHR(ap *athletePlan, s *session, rng *rand.Rand) []float64 {
	p := ap.profile
	out := make([]float64, s.liftS+1)
	hr := p.HRRest + 22 + 5*rng.Float64()
	n := ar1{keep: 0.85, sd: 0.6}
	kRise, kFall := 1-math.Exp(-1.0/14), 1-math.Exp(-1.0/45)
	set := 0
	for t := 0; t <= s.liftS; t++ {
		for set < len(s.sets) && t >= s.sets[set].offS+s.sets[set].durS {
			set++
		}
		fatigue := 0.04 * float64(t) / float64(s.liftS)
		target := (0.50 + fatigue) * p.HRMax
		if set == 0 && (len(s.sets) == 0 || t < s.sets[0].offS) {
			target = 0.56 * p.HRMax // general warm-up
		}
		if set < len(s.sets) && s.sets[set].active && t >= s.sets[set].offS {
			ls := s.sets[set]
			target = (liftHRFrac[ls.ex.category] + fatigue) * p.HRMax
			if ls.weightKg < ls.ex.baseKg*ap.spec.strength*0.85 {
				target -= 0.06 * p.HRMax // warm-up set
			}
		}
		if target > hr {
			hr += (target - hr) * kRise
		} else {
			hr += (target - hr) * kFall
		}
		out[t] = math.Min(hr+n.next(rng), p.HRMax)
	}
	return out
}
