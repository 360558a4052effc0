package garminwellness

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
)

// The test files under testdata/DI_CONNECT are written to the documented
// structure of a Garmin Connect export (no real one is in the corpora).

func decodeFile(t *testing.T, rel string) (ingest.Decoded, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Decode(f)
}

func day(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }

func TestSleep(t *testing.T) {
	d, err := decodeFile(t, "DI_CONNECT/DI-Connect-Wellness/2024-02-20_2024-05-30_12345678_sleepData.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Sleep) != 2 {
		t.Fatalf("%d nights: %+v", len(d.Sleep), d.Sleep)
	}
	n1, n2 := d.Sleep[0], d.Sleep[1]
	// Deep + light + REM; awake time is not sleep. In bed from the GMT
	// timestamps (a string in one night, epoch ms in the other).
	if !n1.Date.Equal(day(1)) || n1.AsleepS != 26100 || n1.InBedS != 7.5*3600 || n1.Origin != "Garmin Connect" {
		t.Errorf("night 1 %+v", n1)
	}
	if !n2.Date.Equal(day(2)) || n2.AsleepS != 18600 || n2.InBedS != 19800 {
		t.Errorf("night 2 %+v", n2)
	}
	if !strings.Contains(strings.Join(d.Notes, "; "), "1 night(s) without sleep seconds skipped") {
		t.Errorf("notes %q", d.Notes)
	}
}

func TestDailySummary(t *testing.T) {
	d, err := decodeFile(t, "DI_CONNECT/DI-Connect-Aggregator/UDSFile_2024-02-20_2024-05-30.json")
	if err != nil {
		t.Fatal(err)
	}
	// The third day's calendarDate is the old {"date": ...} form and its
	// resting HR 0 (not measured): no value.
	if len(d.Resting) != 2 || d.Resting[0].BPM != 51 || !d.Resting[1].Date.Equal(day(2)) || d.Resting[1].BPM != 53 {
		t.Errorf("resting %+v", d.Resting)
	}
	if !strings.Contains(strings.Join(d.Notes, "; "), "1 day(s) without a resting heart rate") {
		t.Errorf("notes %q", d.Notes)
	}
}

func TestBiometrics(t *testing.T) {
	d, err := decodeFile(t, "DI_CONNECT/DI-Connect-Wellness/12345678_userBioMetrics.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Body) != 2 {
		t.Fatalf("%+v", d.Body)
	}
	a, b := d.Body[0], d.Body[1]
	if a.MassKg != 80.5 || a.FatPct != 15.2 || a.MuscleKg != 38.1 || !a.Time.Equal(time.Date(2024, 3, 1, 5, 45, 0, 0, time.UTC)) {
		t.Errorf("weigh-in 1 %+v", a)
	}
	if b.MassKg != 80.1 || !math.IsNaN(b.FatPct) || !b.Time.Equal(time.UnixMilli(1709358000000).UTC()) {
		t.Errorf("weigh-in 2 %+v", b)
	}
}

func TestOtherJSON(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		skip     bool
	}{
		{`[{"summarizedActivitiesExport": []}]`, "activities are read from the export's FIT files", true},
		{`{"userName": "x"}`, "not a Garmin Connect wellness file", true},
		{`[1, 2]`, "not a Garmin Connect wellness file", true},
		{`[]`, "empty JSON array", true},
		{`[{"calendarDate": "2024-03-01", "restingHeartRate": 50}`, "not valid JSON", false},
	} {
		_, err := Decode(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) || ingest.IsSkip(err) != tc.skip {
			t.Errorf("%s: %v", tc.in, err)
		}
	}
}

// TestExportFolder imports the DI_CONNECT folder: every file accounted
// for, the wellness records counted.
func TestExportFolder(t *testing.T) {
	b, err := ingest.Import(context.Background(), []string{filepath.Join("testdata", "DI_CONNECT"), filepath.Join("testdata", "user_profile.json")},
		ingest.Options{Formats: []ingest.Format{Format}})
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, f := range b.Files {
		status[filepath.Base(f.Path)] = string(f.Status)
	}
	want := map[string]string{
		"2024-02-20_2024-05-30_12345678_sleepData.json":   "imported",
		"UDSFile_2024-02-20_2024-05-30.json":              "imported",
		"12345678_userBioMetrics.json":                    "imported",
		"someone@example.com_0_summarizedActivities.json": "skipped",
		"user_profile.json":                               "skipped",
	}
	for k, v := range want {
		if status[k] != v {
			t.Errorf("%s: %q, want %q", k, status[k], v)
		}
	}
	if len(b.Files) != len(want) || len(b.Sleep) != 2 || len(b.Resting) != 2 || len(b.Body) != 2 {
		t.Errorf("%d files, %d nights, %d resting days, %d weigh-ins", len(b.Files), len(b.Sleep), len(b.Resting), len(b.Body))
	}
	for _, n := range b.Sleep {
		if n.Athlete != ingest.DefaultAthlete || !strings.HasSuffix(n.Source, "_sleepData.json") {
			t.Errorf("night %+v", n)
		}
	}
}

func FuzzDecode(f *testing.F) {
	// The test files, and any Garmin JSON the shared corpora hold (none
	// as of this writing: the glob keeps the seeds current).
	var m []string
	for _, g := range []string{"testdata/*.json", "testdata/*/*.json", "testdata/*/*/*.json", "testdata/*/*/*/*.json",
		"../../../shared/corpus*/*/*.json", "../../../shared/corpus*/*/*/*.json"} {
		more, _ := filepath.Glob(filepath.FromSlash(g))
		m = append(m, more...)
	}
	if len(m) < 7 {
		f.Fatalf("%d seed files", len(m))
	}
	for _, p := range m {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`[{"calendarDate": {"date": "Mar 3, 2024 12:00:00 AM"}, "restingHeartRate": 1e400}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Decode(strings.NewReader(string(data)))
		if err != nil {
			if len(d.Sleep)+len(d.Resting)+len(d.Body)+len(d.Activities) > 0 {
				t.Fatal("records with an error")
			}
			return
		}
		for _, n := range d.Sleep {
			if !(n.AsleepS > 0 && n.AsleepS <= 24*3600) || n.Date.IsZero() {
				t.Fatalf("night %+v", n)
			}
		}
		for _, r := range d.Resting {
			if !(r.BPM >= 25 && r.BPM <= 150) {
				t.Fatalf("resting %+v", r)
			}
		}
		for _, m := range d.Body {
			if !(m.MassKg >= 20 && m.MassKg <= 400) || m.Time.IsZero() {
				t.Fatalf("weigh-in %+v", m)
			}
		}
		for _, a := range d.Activities {
			if a.Kind != ingest.KindLift || a.ExerciseNames != ingest.NamesConnect || a.Start.IsZero() || len(a.Sets) == 0 {
				t.Fatalf("activity %+v", a)
			}
			if !math.IsNaN(a.ElapsedS) && !(a.ElapsedS >= 0 && a.ElapsedS <= 48*3600) {
				t.Fatalf("elapsed %v", a.ElapsedS)
			}
			for _, s := range a.Sets {
				if s.Type != ingest.SetActive || s.Reps < -1 || (!math.IsNaN(s.WeightKg) && !(s.WeightKg >= 0 && s.WeightKg <= 1000)) ||
					(!math.IsNaN(s.DurationS) && !(s.DurationS >= 0 && s.DurationS <= 24*3600)) {
					t.Fatalf("set %+v", s)
				}
			}
		}
	})
}

// TestExportFolderOneAthlete: a DI_CONNECT folder given as the input is
// one athlete, not one per DI-Connect-* sub-folder (the coach's-folder
// rule ignores wellness files).
func TestExportFolderOneAthlete(t *testing.T) {
	b, err := ingest.Import(context.Background(), []string{filepath.Join("testdata", "DI_CONNECT")}, ingest.Options{Formats: []ingest.Format{Format}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range b.Files {
		if f.Athlete != ingest.DefaultAthlete {
			t.Errorf("%s: athlete %q", f.Path, f.Athlete)
		}
	}
}
