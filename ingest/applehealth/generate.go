package applehealth

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// Generate writes a synthetic export.xml of about size bytes, shaped like
// a real one: the iOS 16 DOCTYPE (with its unclosed ATTLIST), then records
// grouped by type as the Health app writes them (heart rate every few
// minutes, steps, energy, distance; a daily weigh-in, resting heart rate,
// meals as food correlations with their repeated records, sleep stages),
// then workouts (runs with events, statistics and routes, lifts, rides).
// The same seed gives the same bytes. It is the input of the importer's
// benchmark (see docs/performance.md) and of `gainguard samples
// --apple-health-mib`.
func Generate(w io.Writer, size int64, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := &countWriter{w: bw}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	fmt.Fprint(cw, GenerateHead)
	// Records come one type at a time, as the Health app groups them, so
	// the number of days that makes the size is measured on one day first.
	probe := &countWriter{w: io.Discard}
	body(probe, 1, rand.New(rand.NewPCG(seed, 1)))
	days := max(int((size-int64(len(GenerateHead)))/probe.n), 1)
	body(cw, days, rng)
	fmt.Fprint(cw, "</HealthData>\n")
	if cw.err != nil {
		return cw.err
	}
	return bw.Flush()
}

// runMinutes is the length of day d's run (runs are on days 0, 2, 4, 6 of
// each week).
func runMinutes(d int) int { return 30 + (d*13)%40 }

func body(cw io.Writer, days int, rng *rand.Rand) {
	start := time.Date(2021, 1, 4, 0, 0, 0, 0, time.FixedZone("", -5*3600))
	dev := `&lt;&lt;HKDevice: 0x283c9a440&gt;, name:Apple Watch, manufacturer:Apple, model:Watch, hardware:Watch6,2, software:9.1&gt;`
	date := func(t time.Time) string { return t.Format("2006-01-02 15:04:05 -0700") }
	rec := func(typ, unit string, t0, t1 time.Time, value string) {
		fmt.Fprintf(cw, ` <Record type="%s" sourceName="Jo’s Apple Watch" sourceVersion="9.1" device="%s" unit="%s" creationDate="%s" startDate="%s" endDate="%s" value="%s"/>`+"\n",
			typ, dev, unit, date(t1), date(t0), date(t1), value)
	}
	for d := 0; d < days; d++ {
		day := start.AddDate(0, 0, d)
		// Every 2 minutes, and every 5 s during a run (17:00 on run days).
		run := d%7 != 1 && d%7 != 3 && d%7 != 5
		for sec := 0; sec < 24*3600; {
			t := day.Add(time.Duration(sec) * time.Second)
			if run && sec >= 17*3600 && sec < 17*3600+(runMinutes(d)+3)*60 {
				sec += 5
			} else {
				sec += 120
			}
			fmt.Fprintf(cw, ` <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Jo’s Apple Watch" sourceVersion="9.1" device="%s" unit="count/min" creationDate="%s" startDate="%s" endDate="%s" value="%d">`+"\n"+
				`  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="1"/>`+"\n </Record>\n",
				dev, date(t), date(t), date(t), 55+rng.IntN(40))
		}
	}
	for d := 0; d < days; d++ {
		day := start.AddDate(0, 0, d)
		for m := 0; m < 24*60; m += 10 {
			t := day.Add(time.Duration(m) * time.Minute)
			rec("HKQuantityTypeIdentifierStepCount", "count", t, t.Add(10*time.Minute), fmt.Sprint(100+rng.IntN(900)))
			rec("HKQuantityTypeIdentifierActiveEnergyBurned", "kcal", t, t.Add(10*time.Minute), fmt.Sprintf("%.3f", 5+rng.Float64()*30))
			rec("HKQuantityTypeIdentifierDistanceWalkingRunning", "km", t, t.Add(10*time.Minute), fmt.Sprintf("%.5f", rng.Float64()))
		}
	}
	for d := 0; d < days; d++ {
		t := start.AddDate(0, 0, d).Add(6*time.Hour + 45*time.Minute)
		rec("HKQuantityTypeIdentifierBodyMass", "lb", t, t, fmt.Sprintf("%.1f", 170+rng.Float64()*4))
		rec("HKQuantityTypeIdentifierRestingHeartRate", "count/min", t, t, fmt.Sprint(50+rng.IntN(8)))
	}
	meals := []struct {
		h          int
		kcal, p, c float64
	}{{8, 550, 30, 70}, {13, 800, 45, 90}, {19, 900, 50, 100}}
	for _, typ := range []string{"HKQuantityTypeIdentifierDietaryEnergyConsumed", "HKQuantityTypeIdentifierDietaryProtein", "HKQuantityTypeIdentifierDietaryCarbohydrates"} {
		for d := 0; d < days; d++ {
			for _, m := range meals {
				t := start.AddDate(0, 0, d).Add(time.Duration(m.h) * time.Hour)
				switch typ {
				case "HKQuantityTypeIdentifierDietaryEnergyConsumed":
					rec(typ, "kcal", t, t, fmt.Sprint(m.kcal))
				case "HKQuantityTypeIdentifierDietaryProtein":
					rec(typ, "g", t, t, fmt.Sprint(m.p))
				default:
					rec(typ, "g", t, t, fmt.Sprint(m.c))
				}
			}
		}
	}
	for d := 0; d < days; d++ {
		t := start.AddDate(0, 0, d).Add(13 * time.Hour)
		fmt.Fprintf(cw, ` <Correlation type="HKCorrelationTypeIdentifierFood" sourceName="Lose It!" creationDate="%s" startDate="%s" endDate="%s">`+"\n", date(t), date(t), date(t))
		rec("HKQuantityTypeIdentifierDietaryEnergyConsumed", "kcal", t, t, "800")
		rec("HKQuantityTypeIdentifierDietaryProtein", "g", t, t, "45")
		fmt.Fprint(cw, " </Correlation>\n")
	}
	stages := []string{"AsleepCore", "AsleepDeep", "AsleepCore", "AsleepREM", "Awake", "AsleepCore"}
	for d := 0; d < days; d++ {
		t := start.AddDate(0, 0, d).Add(22*time.Hour + 30*time.Minute)
		fmt.Fprintf(cw, ` <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Jo’s iPhone" unit="" creationDate="%s" startDate="%s" endDate="%s" value="HKCategoryValueSleepAnalysisInBed"/>`+"\n",
			date(t), date(t), date(t.Add(8*time.Hour)))
		for _, s := range stages {
			n := time.Duration(40+rng.IntN(60)) * time.Minute
			fmt.Fprintf(cw, ` <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Jo’s Apple Watch" unit="" creationDate="%s" startDate="%s" endDate="%s" value="HKCategoryValueSleepAnalysis%s"/>`+"\n",
				date(t), date(t), date(t.Add(n)), s)
			t = t.Add(n)
		}
	}
	for d := 0; d < days; d++ {
		day := start.AddDate(0, 0, d)
		t := day.Add(17 * time.Hour)
		switch d % 7 {
		case 0, 2, 4, 6:
			n := runMinutes(d)
			end := t.Add(time.Duration(n+3) * time.Minute)
			km := float64(n) / 5.5
			fmt.Fprintf(cw, ` <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="%d" durationUnit="min" sourceName="Jo’s Apple Watch" sourceVersion="9.1" device="%s" creationDate="%s" startDate="%s" endDate="%s">`+"\n",
				n, dev, date(end), date(t), date(end))
			fmt.Fprint(cw, `  <MetadataEntry key="HKIndoorWorkout" value="0"/>`+"\n")
			fmt.Fprintf(cw, `  <WorkoutEvent type="HKWorkoutEventTypePause" date="%s"/>`+"\n", date(t.Add(10*time.Minute)))
			fmt.Fprintf(cw, `  <WorkoutEvent type="HKWorkoutEventTypeResume" date="%s"/>`+"\n", date(t.Add(13*time.Minute)))
			fmt.Fprintf(cw, `  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="%s" endDate="%s" average="%d" minimum="98" maximum="%d" unit="count/min"/>`+"\n",
				date(t), date(end), 140+rng.IntN(20), 170+rng.IntN(15))
			fmt.Fprintf(cw, `  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" startDate="%s" endDate="%s" sum="%.4f" unit="km"/>`+"\n", date(t), date(end), km)
			fmt.Fprintf(cw, `  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="%s" endDate="%s" sum="%.2f" unit="kcal"/>`+"\n", date(t), date(end), km*65)
			fmt.Fprintf(cw, `  <WorkoutRoute sourceName="Jo’s Apple Watch" sourceVersion="9.1" creationDate="%s" startDate="%s" endDate="%s">`+"\n"+
				`   <FileReference path="/workout-routes/route_%s.gpx"/>`+"\n  </WorkoutRoute>\n </Workout>\n",
				date(end), date(t), date(end), t.Format("2006-01-02_3.04pm"))
		case 1, 3:
			end := t.Add(55 * time.Minute)
			fmt.Fprintf(cw, ` <Workout workoutActivityType="HKWorkoutActivityTypeTraditionalStrengthTraining" duration="55" durationUnit="min" sourceName="Jo’s Apple Watch" sourceVersion="9.1" device="%s" creationDate="%s" startDate="%s" endDate="%s">`+"\n"+
				`  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="%s" endDate="%s" sum="310" unit="kcal"/>`+"\n </Workout>\n",
				dev, date(end), date(t), date(end), date(t), date(end))
		case 5:
			end := t.Add(70 * time.Minute)
			fmt.Fprintf(cw, ` <Workout workoutActivityType="HKWorkoutActivityTypeCycling" duration="70" durationUnit="min" totalDistance="18.6" totalDistanceUnit="mi" totalEnergyBurned="2400" totalEnergyBurnedUnit="kJ" sourceName="Zwift" startDate="%s" endDate="%s"/>`+"\n",
				date(t), date(end))
		}
	}
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// GenerateHead is the start of an iOS 16 export: the XML declaration, the
// DOCTYPE with the VisionPrescription ATTLIST left open (as the Health app
// writes it since iOS 16), the root, ExportDate and Me.
const GenerateHead = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT VisionPrescription ((RightEye|LeftEye|Attachment|MetadataEntry)*)>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  dateIssued       CDATA #REQUIRED
  expirationDate   CDATA #IMPLIED
  brand            CDATA #IMPLIED
<!ELEMENT RightEye EMPTY>
<!ATTLIST RightEye
  sphere           CDATA #IMPLIED
  sphereUnit       CDATA #IMPLIED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-10-25 07:04:44 -0500"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-05-01" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>
`
