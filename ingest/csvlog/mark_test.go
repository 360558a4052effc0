package csvlog_test

import (
	"math"
	"strings"
	"testing"

	"gainguard/ingest"
	"gainguard/ingest/csvlog"
)

// Lift apps' warm-up, drop and failure labels reach ingest.Set.Mark, so
// that e1RMs and hard sets can treat them explicitly.
func TestSetMarks(t *testing.T) {
	for _, tc := range []struct {
		name, csv string
		want      []ingest.SetMark
	}{
		{"Strong set order", `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
2024-03-05 18:30:00,"Lower",1h,"Squat (Barbell)",W,60,5,0,0,"","",
2024-03-05 18:30:00,"Lower",1h,"Squat (Barbell)",1,100,5,0,0,"","",
2024-03-05 18:30:00,"Lower",1h,"Squat (Barbell)",F,100,6,0,0,"","",
2024-03-05 18:30:00,"Lower",1h,"Squat (Barbell)",D,70,10,0,0,"","",
`, []ingest.SetMark{ingest.MarkWarmup, "", ingest.MarkFailure, ingest.MarkDrop}},
		{"Hevy set_type", `"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"
"Push","30 Aug 2025, 11:15","30 Aug 2025, 12:26","","Bench Press (Barbell)",,"",0,"warmup",25,10,,0,6
"Push","30 Aug 2025, 11:15","30 Aug 2025, 12:26","","Bench Press (Barbell)",,"",1,"normal",57.5,10,,0,9.5
"Push","30 Aug 2025, 11:15","30 Aug 2025, 12:26","","Bench Press (Barbell)",,"",2,"failure",52.5,8,,0,9.5
"Push","30 Aug 2025, 11:15","30 Aug 2025, 12:26","","Bench Press (Barbell)",,"",3,"dropset",40,12,,0,
`, []ingest.SetMark{ingest.MarkWarmup, "", ingest.MarkFailure, ingest.MarkDrop}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := csvlog.Decode(strings.NewReader(tc.csv))
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Activities) != 1 {
				t.Fatalf("%d activities, want 1", len(d.Activities))
			}
			var got []ingest.SetMark
			for _, s := range d.Activities[0].Sets {
				got = append(got, s.Mark)
			}
			if strings.Join(marks(got), ",") != strings.Join(marks(tc.want), ",") {
				t.Errorf("marks %v, want %v", got, tc.want)
			}
		})
	}
}

func marks(ms []ingest.SetMark) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = string(m)
	}
	return out
}

// A generic log's reps-in-reserve column becomes the set's RPE (10 − RIR)
// when no RPE is logged.
func TestRIRColumn(t *testing.T) {
	const log = `date,exercise,set,reps,weight_kg,rpe,rir
2025-03-03,Squat,1,5,100,,2
2025-03-03,Squat,2,5,100,9,1
2025-03-03,Squat,3,5,100,,
`
	d, err := csvlog.Decode(strings.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for _, s := range d.Activities[0].Sets {
		got = append(got, s.RPE)
	}
	if len(got) != 3 || got[0] != 8 || got[1] != 9 || !math.IsNaN(got[2]) {
		t.Errorf("RPEs %v, want [8 9 NaN] (RIR 2 → RPE 8; a logged RPE wins; none → NaN, missing)", got)
	}
}
