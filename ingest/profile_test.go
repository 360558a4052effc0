package ingest

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestReadProfileKeepsKnownKeys: one typo used to throw the whole profile
// away (the athlete renamed, zone, sex, HRmax and goal back to defaults).
// Every known key must be applied and each unknown one noted with a
// did-you-mean.
func TestReadProfileKeepsKnownKeys(t *testing.T) {
	p, err := ReadProfile(strings.NewReader(`{"name": "Alex", "hr_mx": 191, "sex": "female",
		"time_zone": "Europe/Berlin", "goal": "strength", "tunning": {}, "zzzz": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Alex" || p.Sex != "female" || p.TimeZone != "Europe/Berlin" || p.Goal != "strength" {
		t.Errorf("known keys not applied: %+v", p)
	}
	want := []string{
		`unknown key "hr_mx" ignored (did you mean "hr_max"?)`,
		`unknown key "tunning" ignored (did you mean "tuning"?)`,
		`unknown key "zzzz" ignored`,
	}
	if strings.Join(p.Notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(p.Notes, "\n"), strings.Join(want, "\n"))
	}
}

// TestReadProfileErrors: values out of range or of the wrong type are
// errors naming the key and the value; a bad time_zone is one too (it used
// to be accepted and UTC used, while --tz with the same value is refused).
func TestReadProfileErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"hr_max": 400}`, "hr_max 400 is outside"},
		{`{"body_mass_kg": -80}`, "body_mass_kg -80 is outside"},
		{`{"time_zone": "Mars/Olympus"}`, `time_zone "Mars/Olympus" is not a known IANA time zone`},
		{`{"time_zone": "+02:00"}`, `time_zone "+02:00"`},
		{`{"hr_max": "190"}`, `hr_max "\"190\"": is a JSON string, want float64`},
		{`{"name": 7}`, `name "7": is a JSON number, want string`},
		{`[1, 2]`, "cannot unmarshal array"},
		{`null`, "want a JSON object"},
		{`{"sex": "` + strings.Repeat("x", 5000) + `"}`, `sex "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"… is not one of`},
	} {
		_, err := ReadProfile(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.60s: got %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

// TestReadProfileBOM: a UTF-8 byte order mark (Windows Notepad writes
// one) used to be a JSON syntax error; the CSV importers accept it.
func TestReadProfileBOM(t *testing.T) {
	p, err := ReadProfile(strings.NewReader("\ufeff{\"name\": \"Bo\", \"hr_max\": 185}"))
	if err != nil || p.Name != "Bo" || p.HRMax != 185 {
		t.Errorf("profile with BOM: %+v, %v", p, err)
	}
}

// TestReadProfileCaps: a huge name is cut (with a note) instead of being
// copied into every row of every table; a file over MaxProfileBytes is
// refused without reading it all.
func TestReadProfileCaps(t *testing.T) {
	p, err := ReadProfile(strings.NewReader(`{"name": "` + strings.Repeat("é", 300<<10) + `"}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Name) > MaxNameBytes || !strings.HasPrefix(p.Name, "éé") || len(p.Notes) != 1 ||
		!strings.Contains(p.Notes[0], "cut to its first 128") {
		t.Errorf("name %d bytes, notes %q", len(p.Name), p.Notes)
	}
	_, err = ReadProfile(strings.NewReader(`{"name": "` + strings.Repeat("x", MaxProfileBytes) + `"}`))
	if err == nil || !strings.Contains(err.Error(), "larger than 1024 KiB") {
		t.Errorf("oversized profile: %v", err)
	}
}

func TestCapString(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
		cut  bool
	}{
		{"abc", 3, "abc", false},
		{"abcd", 3, "abc", true},
		{"aé", 2, "a", true}, // never splits a character
		{"日本語", 7, "日本", true},
	} {
		got, cut := CapString(tc.in, tc.max)
		if got != tc.want || cut != tc.cut {
			t.Errorf("CapString(%q, %d) = %q, %v; want %q, %v", tc.in, tc.max, got, cut, tc.want, tc.cut)
		}
	}
}

func TestSuggest(t *testing.T) {
	known := ProfileKeys()
	for key, want := range map[string]string{
		"hr_mx": "hr_max", "HR-Max": "hr_max", "hrmax": "hr_max", "timezone": "time_zone", "bodymass": "",
		"body_mass": "body_mass_kg", "weight": "", "gaol": "goal",
	} {
		if got := Suggest(key, known); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", key, got, want)
		}
	}
}

// FuzzReadProfile: no input makes ReadProfile panic; what it accepts
// validates, keeps its name within MaxNameBytes and gives a note per
// unknown key.
func FuzzReadProfile(f *testing.F) {
	for _, s := range []string{
		`{"name":"a","sex":"Male","age":30,"body_mass_kg":80,"hr_max":190,"hr_rest":50,"goal":"hypertrophy","time_zone":"Europe/Berlin"}`,
		`{"hr_mx": 191}`, "\ufeff{}", `{"tuning":{"x":1}}`, `{"time_zone":"Mars/Base"}`, `null`, `[]`, `{"name":7}`,
	} {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile("../samples/athlete.json"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadProfile(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(p.Name) > MaxNameBytes {
			t.Errorf("name of %d bytes", len(p.Name))
		}
		if verr := p.Validate(); verr != nil {
			t.Errorf("accepted profile does not validate: %v", verr)
		}
	})
}
