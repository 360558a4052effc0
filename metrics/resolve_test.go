package metrics

import (
	"math"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the host's zoneinfo

	"gainguard/ingest"
)

// hrRun is a 20-min run whose HR ramps linearly from lo to hi.
func hrRun(start time.Time, lo, hi float64) ingest.Activity {
	n := 1200
	return ingest.Activity{Kind: ingest.KindRun, Athlete: "ann", Start: start, ElapsedS: float64(n), TimerS: float64(n),
		DistanceM: math.NaN(), Calories: math.NaN(), AvgHR: math.NaN(), MaxHR: math.NaN(),
		Samples: stream(start, n, func(i int) (float64, float64) {
			return lo + (hi-lo)*float64(i)/float64(n), math.NaN()
		})}
}

func hasDefault(p Params, sub string) bool {
	for _, d := range p.Defaults {
		if strings.Contains(d, sub) {
			return true
		}
	}
	return false
}

func TestResolveFullProfile(t *testing.T) {
	prof := ingest.Profile{Name: "Alex", Sex: "Male", Age: 31, BodyMassKg: 82, HeightCm: 180, BodyFatPct: 12,
		HRMax: 191, HRRest: 52, LTHR: 170, TrainingStatus: "trained", Goal: "hypertrophy", Phase: "bulk",
		TimeZone: "Europe/Berlin"}
	p := Resolve(prof, nil, t0)
	if len(p.Defaults) != 0 {
		t.Errorf("Defaults = %q, want none", p.Defaults)
	}
	if p.Athlete != "Alex" || p.Sex != "male" || p.Age != 31 || p.BodyMassKg != 82 || p.HeightCm != 180 ||
		p.BodyFatPct != 12 || p.HRMax != 191 || p.HRRest != 52 || p.LTHR != 170 || p.TrainingStatus != "trained" ||
		p.Goal != "hypertrophy" || p.Phase != "bulk" || p.Loc.String() != "Europe/Berlin" || p.HRMaxSource != HRMaxProfile {
		t.Errorf("Resolve = %+v", p)
	}
}

func TestResolveEmptyProfile(t *testing.T) {
	p := Resolve(ingest.Profile{}, nil, t0)
	if p.Sex != "" || p.Age != 0 || p.HRMax != DefaultHRMax || p.HRRest != 60 || p.BodyMassKg != 70 ||
		p.BodyFatPct != 15 || p.HeightCm != 175 || p.Goal != "hybrid" || p.TrainingStatus != "moderate" ||
		p.Phase != "maintain" || p.Loc != time.UTC || p.HRMaxSource != HRMaxDefault {
		t.Errorf("Resolve = %+v", p)
	}
	near(t, "LTHR", p.LTHR, 60+0.85*130, 1e-9)
	// Every fallback is flagged.
	for _, sub := range []string{"sex", "age", "hr_rest", "hr_max", "lthr", "body mass", "body fat", "height",
		"goal", "training status", "phase", "time zone"} {
		if !hasDefault(p, sub) {
			t.Errorf("no default recorded for %s in %q", sub, p.Defaults)
		}
	}
	if len(p.Defaults) != 12 {
		t.Errorf("%d defaults, want 12: %q", len(p.Defaults), p.Defaults)
	}
	if d := DefaultParams(); d.HRMax != p.HRMax || len(d.Defaults) != len(p.Defaults) {
		t.Errorf("DefaultParams differs from Resolve of an empty profile")
	}
}

func TestResolveFallbacks(t *testing.T) {
	ref := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	hard := []ingest.Activity{hrRun(ref.AddDate(0, 0, -3), 120, 200)} // P99.5 ≈ 199.6
	easy := []ingest.Activity{hrRun(ref.AddDate(0, 0, -3), 100, 160)} // P99.5 ≈ 159.7
	tests := []struct {
		name    string
		prof    ingest.Profile
		acts    []ingest.Activity
		check   func(Params) bool
		flagged string
	}{
		{"age from birth year", ingest.Profile{BirthYear: 1990}, nil,
			func(p Params) bool { return p.Age == 35 && math.Abs(p.HRMax-(208-0.7*35)) < 1e-9 }, "birth_year"},
		{"observed P99.5 above Tanaka", ingest.Profile{Age: 40}, hard,
			func(p Params) bool { return p.HRMaxSource == HRMaxObserved && p.HRMax > 199 && p.HRMax < 200 }, "99.5th"},
		{"observed below Tanaka → Tanaka", ingest.Profile{Age: 40}, easy,
			func(p Params) bool { return p.HRMaxSource == HRMaxTanaka && math.Abs(p.HRMax-180) < 1e-9 }, "Tanaka"},
		{"no age → observed peak", ingest.Profile{}, easy,
			func(p Params) bool { return p.HRMaxSource == HRMaxPeak && math.Abs(p.HRMax-159.9) < 0.2 }, "observed peak"},
		{"no age, low peak → 190", ingest.Profile{}, []ingest.Activity{hrRun(ref.AddDate(0, 0, -3), 90, 130)},
			func(p Params) bool { return p.HRMaxSource == HRMaxDefault && p.HRMax == 190 }, "190"},
		{"history older than 90 days before the last activity ignored", ingest.Profile{Age: 40},
			append([]ingest.Activity{hrRun(ref.AddDate(0, 0, -200), 120, 200)}, easy...),
			func(p Params) bool { return p.HRMaxSource == HRMaxTanaka }, "Tanaka"},
		{"history after ref ignored", ingest.Profile{Age: 40}, []ingest.Activity{hrRun(ref.AddDate(0, 0, 3), 120, 200)},
			func(p Params) bool { return p.HRMaxSource == HRMaxTanaka }, "Tanaka"},
		{"female defaults", ingest.Profile{Sex: "female"}, nil,
			func(p Params) bool { return p.BodyFatPct == 25 && p.HeightCm == 162 }, "body fat not given: 25"},
		{"bad time zone", ingest.Profile{TimeZone: "Mars/Olympus"}, nil,
			func(p Params) bool { return p.Loc == time.UTC }, "not loadable"},
		{"LTHR above HRmax replaced", ingest.Profile{HRMax: 180, HRRest: 50, LTHR: 200}, nil,
			func(p Params) bool { return math.Abs(p.LTHR-(50+0.85*130)) < 1e-9 }, "outside"},
		{"unrecognized sex", ingest.Profile{Sex: "m"}, nil,
			func(p Params) bool { return p.Sex == "" }, "not recognized"},
		{"athlete name from activities", ingest.Profile{Name: "x"}, easy,
			func(p Params) bool { return p.Athlete == "ann" }, ""},
	}
	for _, tc := range tests {
		p := Resolve(tc.prof, tc.acts, ref)
		if !tc.check(p) {
			t.Errorf("%s: got %+v", tc.name, p)
		}
		if tc.flagged != "" && !hasDefault(p, tc.flagged) {
			t.Errorf("%s: %q not in Defaults %q", tc.name, tc.flagged, p.Defaults)
		}
	}
}

// With a zero ref, age and HR history are taken as of the latest activity.
func TestResolveZeroRef(t *testing.T) {
	a := hrRun(time.Date(2020, 5, 1, 8, 0, 0, 0, time.UTC), 100, 160)
	p := Resolve(ingest.Profile{BirthYear: 1990}, []ingest.Activity{a}, time.Time{})
	if p.Age != 30 {
		t.Errorf("Age = %d, want 30", p.Age)
	}
}

func TestTanakaHRMax(t *testing.T) {
	near(t, "age 30", TanakaHRMax(30), 187, 1e-9)
	near(t, "age 0", TanakaHRMax(0), math.NaN(), 0)
}

// TestResolveFatFreeMass: a measured FFM is kept and, with a given body
// mass and no body fat, gives the body fat as a source (not a default).
func TestResolveFatFreeMass(t *testing.T) {
	p := Resolve(ingest.Profile{Sex: "male", BodyMassKg: 80, FatFreeMassKg: 64}, nil, t0)
	if p.FatFreeMassKg != 64 || math.Abs(p.BodyFatPct-20) > 1e-9 || hasPrefix(p.Defaults, "body fat not given") || len(p.Sources) != 1 {
		t.Errorf("FFM %.1f BF %.1f defaults %v sources %v", p.FatFreeMassKg, p.BodyFatPct, p.Defaults, p.Sources)
	}
	p = Resolve(ingest.Profile{Sex: "male", BodyMassKg: 80, BodyFatPct: 12, FatFreeMassKg: 64}, nil, t0)
	if p.FatFreeMassKg != 64 || p.BodyFatPct != 12 || len(p.Sources) != 0 {
		t.Errorf("both given: FFM %.1f BF %.1f", p.FatFreeMassKg, p.BodyFatPct)
	}
	p = Resolve(ingest.Profile{Sex: "male", FatFreeMassKg: 64}, nil, t0) // no mass: FFM kept, body fat defaulted
	if p.FatFreeMassKg != 64 || !hasPrefix(p.Defaults, "body fat not given") {
		t.Errorf("no mass: FFM %.1f defaults %v", p.FatFreeMassKg, p.Defaults)
	}
	p = Resolve(ingest.Profile{Sex: "male", BodyMassKg: 60, FatFreeMassKg: 64}, nil, t0)
	if p.FatFreeMassKg != 0 || !hasPrefix(p.Defaults, "fat_free_mass_kg 64 not below") {
		t.Errorf("FFM above mass: FFM %.1f defaults %v", p.FatFreeMassKg, p.Defaults)
	}
}

func hasPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
