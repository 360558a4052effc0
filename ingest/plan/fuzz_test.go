package plan

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// seed adds every testdata file with the extension (the real exports in
// testdata/real too).
func seed(f *testing.F, ext string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"+ext))
	real, _ := filepath.Glob(filepath.Join("testdata", "real", "*"+ext))
	files = append(files, real...)
	if len(files) == 0 {
		f.Fatalf("no testdata/*%s", ext)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// checkPlan: no panic; an error is an *Error naming the file; sessions
// have a positive duration and lie in the planned week.
func checkPlan(t *testing.T, p *Plan, err error, name string) {
	if err != nil {
		var pe *Error
		if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), name) {
			t.Fatalf("error %v: want *Error naming %s", err, name)
		}
		return
	}
	we := p.WeekStart.AddDate(0, 0, 7)
	for _, s := range p.Sessions {
		if !(s.Activity.ElapsedS > 0) || s.Activity.Start.Before(p.WeekStart.Add(-time.Hour)) || !s.Activity.Start.Before(we.Add(time.Hour)) {
			t.Fatalf("session %+v outside week %v or without duration", s.Activity, p.WeekStart)
		}
	}
}

func FuzzReadICS(f *testing.F) {
	seed(f, ".ics")
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ReadICS(strings.NewReader(string(b)), "f.ics", Options{WeekStart: time.Monday, Loc: berlin})
		checkPlan(t, p, err, "f.ics")
	})
}

func FuzzReadCSV(f *testing.F) {
	seed(f, ".csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ReadCSV(strings.NewReader(string(b)), "f.csv", Options{WeekStart: time.Monday, Loc: berlin})
		checkPlan(t, p, err, "f.csv")
	})
}
