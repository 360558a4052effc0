package samples

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"gainguard/ingest"
)

// athleteSpec is the fixed part of an athlete: the profile and habits.
type athleteSpec struct {
	profile   ingest.Profile
	liftHour  int // preferred lift time on good weeks: liftHour:liftMin local
	liftMin   int
	easySpeed float64 // m/s at ~68% HRmax
	strength  float64 // multiplier on the reference (alex) working weights
}

// roster lists the athletes in order; athlete 0 is the default "alex".
// Everyone is "trained" (context multiplier C = 1.2 for men, 0.96 for
// women). The bad weeks score high for the men with a strength goal
// (alex, chris, gus, ivan); the model halves proximity for a hypertrophy
// goal and C is lower for women, so theirs score moderate.
var roster = []athleteSpec{
	{ingest.Profile{Name: "alex", Sex: "male", BirthYear: 1994, BodyMassKg: 82, HeightCm: 180, HRMax: 192, HRRest: 52,
		TrainingStatus: "trained", Goal: "strength", Phase: "maintain", TimeZone: "Europe/Berlin"}, 7, 0, 2.90, 1.0},
	{ingest.Profile{Name: "bea", Sex: "female", BirthYear: 1997, BodyMassKg: 64, HeightCm: 168, HRMax: 190, HRRest: 50,
		TrainingStatus: "trained", Goal: "hypertrophy", Phase: "maintain", TimeZone: "Europe/Berlin"}, 17, 30, 2.75, 0.62},
	{ingest.Profile{Name: "chris", Sex: "male", BirthYear: 1989, BodyMassKg: 88, HeightCm: 185, HRMax: 184, HRRest: 55,
		TrainingStatus: "trained", Goal: "strength", Phase: "bulk", TimeZone: "Europe/Berlin"}, 17, 30, 2.70, 1.15},
	{ingest.Profile{Name: "dana", Sex: "female", BirthYear: 1992, BodyMassKg: 70, HeightCm: 172, HRMax: 187, HRRest: 54,
		TrainingStatus: "trained", Goal: "strength", Phase: "maintain", TimeZone: "Europe/Berlin"}, 7, 0, 2.80, 0.70},
	{ingest.Profile{Name: "emil", Sex: "male", BirthYear: 2000, BodyMassKg: 76, HeightCm: 178, HRMax: 198, HRRest: 48,
		TrainingStatus: "trained", Goal: "hypertrophy", Phase: "bulk", TimeZone: "Europe/Berlin"}, 7, 0, 3.05, 0.92},
	{ingest.Profile{Name: "fatma", Sex: "female", BirthYear: 1995, BodyMassKg: 60, HeightCm: 165, HRMax: 192, HRRest: 53,
		TrainingStatus: "trained", Goal: "hypertrophy", Phase: "cut", TimeZone: "Europe/Berlin"}, 17, 30, 2.85, 0.58},
	{ingest.Profile{Name: "gus", Sex: "male", BirthYear: 1985, BodyMassKg: 92, HeightCm: 188, HRMax: 180, HRRest: 56,
		TrainingStatus: "trained", Goal: "strength", Phase: "maintain", TimeZone: "Europe/Berlin"}, 7, 0, 2.60, 1.20},
	{ingest.Profile{Name: "hana", Sex: "female", BirthYear: 1999, BodyMassKg: 58, HeightCm: 163, HRMax: 196, HRRest: 49,
		TrainingStatus: "trained", Goal: "hypertrophy", Phase: "maintain", TimeZone: "Europe/Berlin"}, 17, 30, 2.95, 0.55},
	{ingest.Profile{Name: "ivan", Sex: "male", BirthYear: 1991, BodyMassKg: 84, HeightCm: 182, HRMax: 189, HRRest: 51,
		TrainingStatus: "trained", Goal: "strength", Phase: "maintain", TimeZone: "Europe/Berlin"}, 7, 0, 2.85, 1.05},
	{ingest.Profile{Name: "jo", Sex: "male", BirthYear: 1996, BodyMassKg: 79, HeightCm: 176, HRMax: 194, HRRest: 50,
		TrainingStatus: "trained", Goal: "hypertrophy", Phase: "cut", TimeZone: "Europe/Berlin"}, 17, 30, 3.00, 0.95},
}

// athleteAt returns the spec of athlete i; beyond the roster the specs
// repeat under the names athlete11, athlete12, ...
func athleteAt(i int) athleteSpec {
	a := roster[i%len(roster)]
	if i >= len(roster) {
		a.profile.Name = fmt.Sprintf("athlete%02d", i+1)
	}
	return a
}

// runType is the kind of run a session is.
type runType int

const (
	runLISS     runType = iota // easy post-lift jog, ≤ 20 min
	runEasy                    // easy run ~68% HRmax
	runLong                    // long easy run ~71% HRmax
	runSteady                  // steady moderate run ~75% HRmax
	runTempo                   // warm-up, ~85% HRmax block, cool-down
	runHIIT                    // warm-up, work bouts with recoveries, cool-down
	runRecovery                // very easy
)

var runNames = [...]string{"liss", "easy", "long", "steady", "tempo", "hiit", "recovery"}

// segment is a stretch of a run with a target speed and heart rate.
type segment struct {
	durS   int
	speed  float64 // m/s
	hrFrac float64 // fraction of HRmax the heart rate settles at
}

// liftSet is one planned strength set (active or rest).
type liftSet struct {
	active   bool
	ex       *exercise
	reps     int
	weightKg float64
	offS     int // start, seconds after session start
	durS     int
}

// session is one planned activity.
type session struct {
	kind     ingest.Kind
	run      runType
	region   ingest.Region
	start    time.Time // in the Berlin fixed zone of that instant
	segs     []segment // runs
	pauseAtS int       // runs: timer second at which one pause starts (0 = no pause)
	pauseS   int       // runs: pause length
	route    int       // runs: index into routes
	sets     []liftSet // lifts
	liftS    int       // lifts: elapsed seconds
	gpx      bool
	seq      int // 0-based position in the athlete's sorted sessions
}

// timerS returns the moving duration in seconds.
func (s *session) timerS() int {
	if s.kind == ingest.KindLift {
		return s.liftS
	}
	t := 0
	for _, g := range s.segs {
		t += g.durS
	}
	return t
}

// elapsedS returns the wall-clock duration in seconds.
func (s *session) elapsedS() int { return s.timerS() + s.pauseS }

func (s *session) end() time.Time { return s.start.Add(time.Duration(s.elapsedS()) * time.Second) }

func (s *session) label() string {
	if s.kind == ingest.KindLift {
		return "lift-" + string(s.region)
	}
	return "run-" + runNames[s.run]
}

// fileName is activities/<local date>-<HHMM>-<label>.<ext>.
func (s *session) fileName() string {
	ext := ".fit"
	if s.gpx {
		ext = ".gpx"
	}
	return s.start.Format("2006-01-02-1504") + "-" + s.label() + ext
}

// rng returns the session's own random source (noise only), independent of
// the order in which sessions are rendered.
func (s *session) rng(ap *athletePlan) *rand.Rand {
	return rand.New(rand.NewPCG(mix(ap.seed, 0x5e55), mix(uint64(ap.index), uint64(s.seq))))
}

// mix is splitmix64 of a combined with b.
func mix(a, b uint64) uint64 {
	z := a + 0x9e3779b97f4a7c15*(b+1)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// athletePlan is everything Generate writes for one athlete.
type athletePlan struct {
	index    int
	seed     uint64
	spec     athleteSpec
	profile  ingest.Profile
	serial   uint32
	weeks    []WeekPlan
	sessions []session
	// level is the athlete's strength level (1 at the start), and
	// lowFuel marks the weeks the food log is designed short: see
	// strengthGain and logs.go.
	level   float64
	lowFuel []bool
}

// weekTemplate builds one designed week.
type weekTemplate struct {
	name   string
	design string
	note   string
	build  func(b *weekBuilder)
}

// cycle is the 12-week block pattern; athlete i starts 4·i weeks into it.
var cycle = []*weekTemplate{
	&goodSeed, &goodSplit, &goodSeed, &badBefore, &badAfter, &goodSplit,
	&goodSeed, &shortSplit, &badBefore, &badAfter, &shortSeed, &moderate,
}

func buildPlan(opt Options) []*athletePlan {
	plans := make([]*athletePlan, opt.Athletes)
	for i := range plans {
		spec := athleteAt(i)
		ap := &athletePlan{
			index:   i,
			seed:    uint64(opt.Seed),
			spec:    spec,
			profile: spec.profile,
			serial:  3_400_000_000 + uint32(i)*7919,
		}
		rng := rand.New(rand.NewPCG(mix(ap.seed, 0x91a4), uint64(i)))
		ap.level = 1
		for w := range opt.Weeks {
			monday := opt.Start.AddDate(0, 0, 7*w)
			t := cycle[(w+4*i)%len(cycle)]
			ap.lowFuel = append(ap.lowFuel, lowFuelWeek((w+4*i)%len(cycle)))
			ap.level *= strengthGain(t.design, ap.lowFuel[w])
			b := &weekBuilder{ap: ap, rng: rng, monday: monday, week: w}
			t.build(b)
			slices.SortFunc(b.out, func(x, y session) int { return x.start.Compare(y.start) })
			ap.sessions = append(ap.sessions, b.out...)
			start := berlinWall(monday, 0, 0)
			ap.weeks = append(ap.weeks, WeekPlan{
				Athlete: ap.profile.Name, Week: w + 1, Start: start,
				Design: t.design, Note: t.name + ": " + t.note,
			})
		}
		runs := 0
		for k := range ap.sessions {
			s := &ap.sessions[k]
			s.seq = k
			if s.kind == ingest.KindRun {
				s.gpx = runs%4 == 3 // every 4th run is a GPX export
				runs++
			}
		}
		plans[i] = ap
	}
	return plans
}

// weekBuilder adds the sessions of one week.
type weekBuilder struct {
	ap     *athletePlan
	rng    *rand.Rand
	monday time.Time
	week   int
	out    []session
}

// jitter returns a whole number of minutes in [-m, m] in steps of 5.
func (b *weekBuilder) jitter(m int) int { return 5 * (b.rng.IntN(2*m/5+1) - m/5) }

// between returns a uniform int in [lo, hi].
func (b *weekBuilder) between(lo, hi int) int { return lo + b.rng.IntN(hi-lo+1) }

// at returns day d (0 = Monday) at local h:m, jittered by up to ±j minutes.
func (b *weekBuilder) at(d, h, m, j int) time.Time {
	return berlinWall(b.monday.AddDate(0, 0, d), h, m).Add(time.Duration(b.jitter(j)) * time.Minute)
}

// liftTime is the athlete's preferred lift time on day d.
func (b *weekBuilder) liftTime(d int) time.Time {
	return b.at(d, b.ap.spec.liftHour, b.ap.spec.liftMin, 15)
}

func (b *weekBuilder) add(s session) *session {
	s.start = s.start.In(berlinZone(s.start))
	b.out = append(b.out, s)
	return &b.out[len(b.out)-1]
}

// lift adds a strength session of region r starting at t.
func (b *weekBuilder) lift(t time.Time, r ingest.Region) session {
	s := session{kind: ingest.KindLift, region: r, start: t}
	s.sets, s.liftS = b.liftSets(r)
	b.add(s)
	return s
}

// runAt adds a run of type rt lasting about minutes, starting at t.
func (b *weekBuilder) runAt(t time.Time, rt runType, minutes int) session {
	s := session{kind: ingest.KindRun, run: rt, start: t}
	s.segs = b.segments(rt, minutes)
	if rt != runHIIT {
		s.route = b.rng.IntN(10) / 7 // 70% Tempelhofer Feld, 30% Tiergarten
	}
	if minutes >= 30 && rt != runHIIT && b.rng.IntN(3) == 0 {
		s.pauseAtS = s.timerS() * b.between(30, 70) / 100
		s.pauseS = b.between(15, 45) // traffic light, shoelace
	}
	b.add(s)
	return s
}

// runAfter adds a run starting gap minutes after lift l ends.
func (b *weekBuilder) runAfter(l session, gapMin int, rt runType, minutes int) {
	b.runAt(l.end().Add(time.Duration(gapMin)*time.Minute), rt, minutes)
}

// runBefore adds a run that ends gap minutes before t and returns t, for
// the lift that follows it.
func (b *weekBuilder) runBefore(t time.Time, gapMin int, rt runType, minutes int) time.Time {
	s := session{kind: ingest.KindRun, run: rt}
	s.segs = b.segments(rt, minutes)
	s.route = b.rng.IntN(10) / 7
	s.start = t.Add(-time.Duration(gapMin)*time.Minute - time.Duration(s.elapsedS())*time.Second)
	b.add(s)
	return t
}

// segments plans the stretches of a run of type rt lasting about minutes.
func (b *weekBuilder) segments(rt runType, minutes int) []segment {
	v := b.ap.spec.easySpeed * (1 + (b.rng.Float64()-0.5)*0.04)
	off := (b.rng.Float64() - 0.5) * 0.03 // day-to-day HR offset
	T := minutes*60 + b.between(-40, 40)
	switch rt {
	case runLISS:
		T = b.between(17*60, 20*60) // strictly ≤ 20 min: d(t) = 0
		return []segment{{T, v * 0.9, 0.645 + off}}
	case runEasy:
		return []segment{{T, v, 0.68 + off}}
	case runLong:
		return []segment{{T / 2, v * 1.02, 0.70 + off}, {T - T/2, v * 1.04, 0.72 + off}}
	case runSteady:
		return []segment{{T, v * 1.12, 0.75 + off}}
	case runRecovery:
		return []segment{{T, v * 0.88, 0.63 + off}}
	case runTempo:
		return []segment{{600, v, 0.68 + off}, {T - 600 - 480, v * 1.28, 0.85 + off}, {480, v * 0.95, 0.71 + off}}
	case runHIIT:
		segs := []segment{{480 + b.between(0, 60), v, 0.68 + off}}
		var work, rest, n int
		var ws, wf float64
		switch b.rng.IntN(3) {
		case 0: // 8 × 30 s sprints, 90 s walk-jog
			work, rest, n, ws, wf = 30, 90, 8, v*2.0, 0.93
		case 1: // 6 × 60 s hard, 90 s jog
			work, rest, n, ws, wf = 60, 90, 6, v*1.7, 0.92
		default: // 5 × 2 min hard, 2 min jog
			work, rest, n, ws, wf = 120, 120, 5, v*1.5, 0.90
		}
		for k := range n {
			segs = append(segs, segment{work, ws, wf + off})
			segs = append(segs, segment{rest, 1.6, 0.60 + 0.012*float64(k) + off})
		}
		segs = append(segs, segment{b.between(180, 300), v * 0.9, 0.66 + off})
		return segs
	}
	panic("samples: unknown run type")
}

// exercise is one lift with its FIT category and subtype.
type exercise struct {
	title    string
	category string // FIT exercise_category name (ingest region table key)
	catNum   uint16 // typedef.ExerciseCategory
	subtype  uint16 // [category]_exercise_name
	baseKg   float64
	repS     float64 // seconds per repetition
}

var (
	exSquat    = &exercise{"Barbell Back Squat", "squat", 28, 6, 110, 3.4}
	exDeadlift = &exercise{"Barbell Deadlift", "deadlift", 8, 0, 140, 3.6}
	exLunge    = &exercise{"Barbell Lunge", "lunge", 17, 10, 50, 2.6}
	exBench    = &exercise{"Barbell Bench Press", "bench_press", 0, 1, 85, 3.0}
	exRow      = &exercise{"Bent-Over Row", "row", 23, 46, 75, 2.6}
	exPress    = &exercise{"Overhead Barbell Press", "shoulder_press", 24, 14, 52.5, 2.8}
)

// block is one exercise's sets in a session plan.
type block struct {
	ex         *exercise
	warm, work int // number of warm-up and working sets
	reps       int
}

var liftPlans = map[ingest.Region][]block{
	ingest.RegionLower: {{exSquat, 2, 4, 5}, {exDeadlift, 1, 3, 5}, {exLunge, 0, 3, 16}},
	ingest.RegionUpper: {{exBench, 2, 4, 6}, {exRow, 0, 4, 8}, {exPress, 1, 3, 8}},
	ingest.RegionFull:  {{exSquat, 1, 3, 6}, {exBench, 1, 3, 6}, {exDeadlift, 0, 3, 5}, {exRow, 0, 3, 8}},
}

// liftSets plans the sets (active and rest) of a region's session; it
// returns them and the session's elapsed seconds.
func (b *weekBuilder) liftSets(r ingest.Region) ([]liftSet, int) {
	var sets []liftSet
	t := b.between(240, 360) // general warm-up before the first set
	progress := b.ap.level   // gains in good weeks, a stall in bad ones (strengthGain)
	for _, bl := range liftPlans[r] {
		work := round25(bl.ex.baseKg * b.ap.spec.strength * progress)
		for k := range bl.warm + bl.work {
			reps, kg := bl.reps, work
			if k < bl.warm {
				kg = round25(work * (0.5 + 0.2*float64(k)))
				reps = bl.reps + 3
			}
			if len(sets) > 0 {
				var rest int
				switch {
				case k == 0:
					rest = b.between(150, 240) // change station
				case k <= bl.warm:
					rest = b.between(60, 100) // after a warm-up set
				case bl.ex.baseKg < 80:
					rest = b.between(90, 130)
				default:
					rest = b.between(150, 210)
				}
				sets = append(sets, liftSet{offS: t, durS: rest})
				t += rest
			}
			dur := int(float64(reps)*bl.ex.repS) + b.between(3, 8)
			sets = append(sets, liftSet{active: true, ex: bl.ex, reps: reps, weightKg: kg, offS: t, durS: dur})
			t += dur
		}
	}
	return sets, t + b.between(60, 150)
}

func round25(kg float64) float64 { return math.Round(kg/2.5) * 2.5 }

// strengthGain is the factor a week's design applies to the athlete's
// working weights, in that same week: +2 % in a good week (about 2.5 kg
// a week on the squat, a lifter's gains in a well-run block), +0.6 % in a
// moderate one, −0.5 % in a bad one (runs right before leg days cost
// reps: Reed et al. 2013), −1.5 % in a short-of-food week, and 0.5 %
// less in any week the food log is designed short (so −2 % in a
// short-of-food week: eating ~14 kcal/kg a day under need, with 1.2 g/kg
// protein and 2.5 g/kg carbohydrate, costs reps within the week).
func strengthGain(design string, lowFuel bool) float64 {
	g := 1.0
	switch design {
	case DesignGood:
		g = 1.02
	case DesignModerate:
		g = 1.006
	case DesignUnderfed:
		g = 0.985
	case DesignBad:
		g = 0.995
	}
	if lowFuel {
		g -= 0.005
	}
	return g
}

// Week templates. Days: 0 = Monday … 6 = Sunday.
var (
	goodSeed = weekTemplate{
		name: "seed week", design: DesignGood,
		note: "Mon upper + ≤20-min LISS after, Tue (or Thu) short sprint HIIT, Wed lower, Fri full + ≤20-min jog after, Sat 40-min easy; Thu/Sun rest",
		build: func(b *weekBuilder) {
			l := b.lift(b.liftTime(0), ingest.RegionUpper)
			b.runAfter(l, b.between(4, 10), runLISS, 20)
			hiitDay := 1
			if b.rng.IntN(2) == 1 {
				hiitDay = 3
			}
			b.runAt(b.at(hiitDay, 18, 30, 15), runHIIT, 24)
			b.lift(b.liftTime(2), ingest.RegionLower)
			l = b.lift(b.liftTime(4), ingest.RegionFull)
			b.runAfter(l, b.between(4, 10), runLISS, 20)
			b.runAt(b.at(5, 9, 30, 20), runEasy, 40)
		},
	}
	goodSplit = weekTemplate{
		name: "split week", design: DesignGood,
		note: "Mon lower, Tue 35-min easy, Wed upper and 30-min easy ≥ 9 h apart, Fri full, Sat (or Sun) 40-min easy; 2 rest days",
		build: func(b *weekBuilder) {
			b.lift(b.liftTime(0), ingest.RegionLower)
			b.runAt(b.at(1, 18, 30, 15), runEasy, 35)
			if b.ap.spec.liftHour < 12 {
				b.lift(b.at(2, 7, 0, 10), ingest.RegionUpper)
				b.runAt(b.at(2, 18, 30, 10), runEasy, 30)
			} else {
				b.runAt(b.at(2, 7, 0, 10), runEasy, 30)
				b.lift(b.at(2, 17, 30, 10), ingest.RegionUpper)
			}
			b.lift(b.liftTime(4), ingest.RegionFull)
			longDay := 5
			if b.rng.IntN(2) == 1 {
				longDay = 6
			}
			b.runAt(b.at(longDay, 10, 0, 20), runLong, 42)
		},
	}
	moderate = weekTemplate{
		name: "moderate week", design: DesignModerate,
		note: "Mon lower + 45-min run right after, Tue 40-min easy, Wed upper, Fri full + 30-min jog right after, Sat 60-min long; Thu/Sun rest",
		build: func(b *weekBuilder) {
			l := b.lift(b.at(0, 17, 30, 10), ingest.RegionLower)
			b.runAfter(l, b.between(5, 12), runEasy, 45)
			b.runAt(b.at(1, 18, 30, 15), runEasy, 40)
			b.lift(b.liftTime(2), ingest.RegionUpper)
			l = b.lift(b.at(4, 17, 30, 10), ingest.RegionFull)
			b.runAfter(l, b.between(5, 12), runEasy, 30)
			b.runAt(b.at(5, 9, 30, 20), runLong, 60)
		},
	}
	// The bad weeks are ordinary hybrid weeks (the usual upper, lower and
	// full-body lifts, 3 runs, 165–200 run minutes, two or three rest
	// days) whose risk is where the runs sit: a tempo or long run ending
	// minutes before a leg session, or a long run straight after squats.
	// Moving two runs makes them low; the what-if search finds that.
	badBefore = weekTemplate{
		name: "run-before-legs week", design: DesignBad,
		note: "Mon 55-min tempo ending < 20 min before the evening lower session, Wed upper, Thu 40-min easy, Sat 80-min long run ending < 20 min before a full-body session; Tue/Fri/Sun rest, ~175 run min",
		build: func(b *weekBuilder) {
			t := b.runBefore(b.at(0, 18, 45, 10), b.between(5, 15), runTempo, 55)
			b.lift(t, ingest.RegionLower)
			b.lift(b.liftTime(2), ingest.RegionUpper)
			b.runAt(b.at(3, 18, 30, 15), runEasy, 40)
			t = b.runBefore(b.at(5, 11, 30, 10), b.between(5, 15), runLong, 80)
			b.lift(t, ingest.RegionFull)
		},
	}
	badAfter = weekTemplate{
		name: "run-around-legs week", design: DesignBad,
		note: "Mon lower + 75-min steady run straight after, Tue 35-min easy, Wed upper, Fri 60-min tempo ending < 20 min before the evening full-body session; Thu/Sat/Sun rest, ~170 run min",
		build: func(b *weekBuilder) {
			l := b.lift(b.at(0, 17, 30, 10), ingest.RegionLower)
			b.runAfter(l, b.between(4, 10), runSteady, 75)
			b.runAt(b.at(1, 18, 30, 15), runEasy, 35)
			b.lift(b.liftTime(2), ingest.RegionUpper)
			t := b.runBefore(b.at(4, 18, 45, 10), b.between(5, 15), runTempo, 60)
			b.lift(t, ingest.RegionFull)
		},
	}
	// The short-of-food weeks train as the good weeks; only the food log
	// (logs.go) is short.
	shortSeed  = weekTemplate{name: "short-of-food seed week", design: DesignUnderfed, note: goodSeed.note + "; eats short", build: goodSeed.build}
	shortSplit = weekTemplate{name: "short-of-food split week", design: DesignUnderfed, note: goodSplit.note + "; eats short", build: goodSplit.build}
)

// summary is a one-line description of a session, for tests and debugging.
func (s *session) summary() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s %s %dmin", s.start.Format("Mon 2006-01-02 15:04 MST"), s.label(), (s.timerS()+30)/60)
	if s.gpx {
		sb.WriteString(" gpx")
	}
	return sb.String()
}
