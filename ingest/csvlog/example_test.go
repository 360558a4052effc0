package csvlog_test

import (
	"fmt"
	"log"
	"strings"

	"gainguard/ingest/csvlog"
)

// Decode a small Strong export: one workout, its sets in kg.
func ExampleDecode() {
	const export = `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Weight Unit,Reps,Distance,Seconds,Notes,Workout Notes,RPE
2024-03-05 18:30:00,"Lower",1h 5m,"Squat (Barbell)",1,225,lbs,5,0,0,"","",8
2024-03-05 18:30:00,"Lower",1h 5m,"Squat (Barbell)",2,225,lbs,5,0,0,"","",
2024-03-05 18:30:00,"Lower",1h 5m,"Pull Up",1,0,lbs,10,0,0,"","",
`
	d, err := csvlog.Decode(strings.NewReader(export))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Notes[0])
	for _, a := range d.Activities {
		fmt.Printf("%s %q, %.0f min, floating %v\n", a.Start.Format("2006-01-02 15:04"), a.Name, a.ElapsedS/60, a.Floating)
		for _, s := range a.Sets {
			fmt.Printf("  %-14s %2d × %5.1f kg  %s\n", s.Exercise, s.Reps, s.WeightKg, s.Region)
		}
	}
	// Output:
	// format: strong
	// 2024-03-05 18:30 "Lower", 65 min, floating true
	//   squat_barbell   5 × 102.1 kg  lower
	//   squat_barbell   5 × 102.1 kg  lower
	//   pull_up        10 ×   0.0 kg  upper
}
