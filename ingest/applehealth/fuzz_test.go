package applehealth

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gainguard/ingest"
)

func seeds(f *testing.F) {
	m, _ := filepath.Glob(filepath.Join(appsDir, "apple", "*.xml"))
	for _, p := range m {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(GenerateHead + rec(typeMass, "lb", "2024-10-25 07:04:44 -0500", "160") + "\n</HealthData>"))
	f.Add(doc(rec(typeEnergy, "kJ", "2024-03-01 08:00:00 -0500", "500") + "<![CDATA[x]]><!-- c -->" +
		`<Correlation type="F" startDate="2024-03-01 08:00:00 -0500" endDate="2024-03-01 08:00:00 -0500">` +
		rec(typeProtein, "g", "2024-03-01 08:00:00 -0500", "4") + `</Correlation>` +
		`<Workout workoutActivityType="HKWorkoutActivityTypeRunning" startDate="2024-05-01 07:00:00 +0200" endDate="2024-05-01 08:00:00 +0200">` +
		`<WorkoutEvent type="HKWorkoutEventTypePause" date="2024-05-01 07:20:00 +0200"/><WorkoutRoute><Location date="2024-05-01 07:00:01 +0200" latitude="52.1" longitude="4.3"/>` +
		`<FileReference path="/workout-routes/r.gpx"/></WorkoutRoute></Workout>`))
	f.Add([]byte("<HealthData a='&lt;\v'><Record type=\"HKCategoryTypeIdentifierSleepAnalysis\" startDate=\"2024-03-01 23:00:00 +0100\" endDate=\"2024-03-02 01:00:00 +0100\" value=\"1\"/></HealthData>"))
}

// FuzzFastMatchesReference: wherever the encoding/xml reference reads a
// document, the fast scanner reads it to the same Export; the fast
// scanner never panics, and what it reads converts without panicking.
func FuzzFastMatchesReference(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Read(bytes.NewReader(data))
		if err == nil {
			d := Convert(got, nil)
			for _, a := range d.Activities {
				if a.Start.IsZero() || !(a.ElapsedS >= 0) || !(a.TimerS >= 0) || a.TimerS > a.ElapsedS+1e-9 {
					t.Fatalf("activity %+v", a)
				}
				if math.IsInf(a.DistanceM, 0) || ingest.Known(a.DistanceM) && a.DistanceM < 0 {
					t.Fatalf("distance %v", a.DistanceM)
				}
			}
		}
		want, rerr := readReference(data)
		if rerr != nil {
			return
		}
		if err != nil {
			t.Fatalf("the reference reads it, the fast path fails: %v", err)
		}
		if dump(got) != dump(want) {
			t.Fatalf("fast and reference differ:\n%s\n%s", dump(got), dump(want))
		}
		// A refill inside every token changes nothing.
		again, err := Read(&oneByteReader{b: bytes.Clone(data)})
		if err != nil || dump(again) != dump(got) {
			t.Fatalf("byte-at-a-time: %v", err)
		}
	})
}

// TestMutations is a deterministic stand-in for a long fuzzing run (the
// shared machine runs the fuzzer at a few executions a second): small
// exports mutated at random — bytes changed, markup characters inserted,
// spans cut or repeated — through both parsers, which must agree wherever
// the reference reads the result.
func TestMutations(t *testing.T) {
	bases := [][]byte{
		doc(rec(typeEnergy, "kJ", "2024-03-01 08:00:00 -0500", "500") + "<![CDATA[x]]><!-- c -->" +
			`<Correlation type="F" startDate="2024-03-01 08:00:00 -0500" endDate="2024-03-01 08:00:00 -0500">` +
			rec(typeProtein, "g", "2024-03-01 08:00:00 -0500", "4") + `</Correlation>` + rec(typeMass, "lb", "2024-03-01 08:00:00 -0500", "160") +
			`<Workout workoutActivityType="HKWorkoutActivityTypeRunning" startDate="2024-05-01 07:00:00 +0200" endDate="2024-05-01 08:00:00 +0200">` +
			`<WorkoutEvent type="HKWorkoutEventTypePause" date="2024-05-01 07:20:00 +0200"/><WorkoutRoute><Location date="2024-05-01 07:00:01 +0200" latitude="52.1" longitude="4.3"/>` +
			`</WorkoutRoute></Workout>`),
		[]byte(GenerateHead[:strings.Index(GenerateHead, "<!ELEMENT Workout")] + "]>\n<HealthData locale=\"x\">" +
			rec(typeHR, "count/min", "2024-05-01 07:00:10 +0200", "140") + "</HealthData>"),
	}
	marks := []byte(`<>/="'&!-[]? ` + "\v\r\n")
	rng := uint64(1)
	next := func(n int) int {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return int(rng % uint64(n))
	}
	agreed, refused := 0, 0
	for i := 0; i < mutationCases; i++ {
		data := bytes.Clone(bases[i%len(bases)])
		for k := 0; k <= next(3); k++ {
			p := next(len(data))
			switch next(4) {
			case 0:
				data[p] = marks[next(len(marks))]
			case 1:
				data = append(data[:p], append([]byte{marks[next(len(marks))]}, data[p:]...)...)
			case 2:
				q := min(len(data), p+next(40))
				data = append(data[:p], data[q:]...)
			case 3:
				q := min(len(data), p+next(40))
				data = append(data[:q], append(bytes.Clone(data[p:q]), data[q:]...)...)
			}
			if len(data) == 0 {
				data = []byte("<")
			}
		}
		got, err := Read(bytes.NewReader(data))
		if err == nil {
			Convert(got, nil)
		}
		want, rerr := readReference(data)
		if rerr != nil {
			refused++
			continue
		}
		if err != nil {
			t.Fatalf("case %d: the reference reads it, the fast path fails: %v\n%q", i, err, data)
		}
		if dump(got) != dump(want) {
			t.Fatalf("case %d: fast and reference differ:\n%s\n%s\n%q", i, dump(got), dump(want), data)
		}
		agreed++
	}
	t.Logf("%d mutations read alike by both, %d refused by the reference", agreed, refused)
	if agreed < 300 {
		t.Errorf("only %d mutations readable: the test checks too little", agreed)
	}
}

var mutationCases = func() int {
	if n, err := strconv.Atoi(os.Getenv("GAINGUARD_MUTATIONS")); err == nil && n > 0 {
		return n
	}
	return 3000
}()
