package samples

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// The demo's food log and weigh-ins (logs/food.csv, logs/weight.csv of
// every athlete): the food log covers weeks 5 onwards and the weigh-ins
// weeks 3 onwards, so the report shows both the weeks scored on exposure
// only (tier D) and those with data.
const (
	foodFromWeek   = 4 // 0-based
	weightFromWeek = 2
)

// lowFuelWeek says whether the week at position k of the 12-week cycle
// is designed short of food: the short-of-food weeks before and after the
// second bad block (k = 7, 10), which train as the good weeks, and the
// moderate week (k = 11). Low fueling and placement-driven interference
// fall on different weeks, so the report's evidence view can compare
// each.
func lowFuelWeek(k int) bool { return k == 7 || k == 10 || k == 11 }

// Designed daily intake, per kg of the profile's body mass: adequate
// weeks eat about maintenance for a lifter who also runs 3–4 times a
// week (40 kcal/kg, 2.0 g protein and 5 g carbohydrate per kg); short
// weeks 26 kcal/kg, 1.2 g protein and 2.5 g carbohydrate per kg.
var intakePerKg = map[bool][3]float64{
	false: {40, 2.0, 5.0},
	true:  {26, 1.2, 2.5},
}

// renderLogs returns the food log and weigh-in CSVs of one athlete; nil
// for a log without a row (a dataset of too few weeks).
func renderLogs(ap *athletePlan, start time.Time) (food, weight []byte) {
	rng := rand.New(rand.NewPCG(mix(ap.seed, 0xf00d), uint64(ap.index)))
	mass0 := ap.profile.BodyMassKg
	var fb, wb strings.Builder
	fb.WriteString("date,kcal,protein_g,carbs_g\n")
	wb.WriteString("date,time,weight_kg,body_fat_pct\n")
	fatPct0 := 15.0
	if ap.profile.Sex == "female" {
		fatPct0 = 24
	}
	mass, fatKg := mass0, mass0*fatPct0/100
	for w := range ap.weeks {
		low := ap.lowFuel[w]
		per := intakePerKg[low]
		for d := range 7 {
			day := start.AddDate(0, 0, 7*w+d)
			// The body follows the intake whether or not it is logged:
			// +10 g a day when eating enough, −120 g a day when short.
			drift := 0.01
			if low {
				drift = -0.12
			}
			mass += drift
			fatKg += 0.4 * drift // about 40 % of a change in mass is fat
			noise := rng.NormFloat64()
			kcalNoise, protNoise, carbNoise := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
			date := day.Format(time.DateOnly)
			if w >= foodFromWeek {
				fmt.Fprintf(&fb, "%s,%.0f,%.0f,%.0f\n", date,
					per[0]*mass0+120*kcalNoise, per[1]*mass0+8*protNoise, per[2]*mass0+25*carbNoise)
			}
			if w >= weightFromWeek && d != 3 { // a missed weigh-in on Thursdays
				fmt.Fprintf(&wb, "%s,07:%02d,%.1f,%.1f\n", date, 5+rng.IntN(20),
					math.Round((mass+0.35*noise)*10)/10, fatKg/mass*100+0.4*rng.NormFloat64())
			}
		}
	}
	if len(ap.weeks) > foodFromWeek {
		food = []byte(fb.String())
	}
	if len(ap.weeks) > weightFromWeek {
		weight = []byte(wb.String())
	}
	return food, weight
}
