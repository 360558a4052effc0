package html

import (
	"io"
	"reflect"
	"time"

	"gainguard/ingest"
	"gainguard/report"
)

// Stream writes the same report as [Write], one athlete at a time, so
// that only one athlete's data and view model are held at once: each
// athlete's section goes to a spool as soon as it is added ([Stream.Add]),
// and [Stream.Finish] writes the page's head (which names every athlete
// and the whole date range), the spooled sections and the tail (data
// quality, from every file row) to the report. The bytes are [Write]'s
// for the dataset the athletes' datasets make up together.
type Stream struct {
	spool io.Writer
	// sections keep what the head's navigation and the tail's defaults
	// list say of each athlete.
	sections []htmlAthlete
	athletes []string
	from, to time.Time
}

// NewStream starts a report whose sections are written to spool, which
// the caller reads back in [Stream.Finish].
func NewStream(spool io.Writer) *Stream { return &Stream{spool: spool} }

// Add writes the section of d's athlete. d holds one athlete's rows
// (report.BuildStream); athletes must come in name order, as [Write] lists
// them. An athlete with no weeks, activities or parameters (a food log
// alone) has no section, as in [Write].
func (s *Stream) Add(d *report.Dataset) error {
	athlete, ok := sectionAthlete(d)
	if !ok {
		return nil
	}
	acts := make(map[string]*ingest.Activity, len(d.Activities))
	for i := range d.Activities {
		acts[d.Activities[i].ID] = &d.Activities[i]
	}
	sec := buildAthlete(d, athlete, len(s.athletes), activityLabels(d), acts, report.DayRows(d))
	s.athletes = append(s.athletes, athlete)
	s.sections = append(s.sections, htmlAthlete{Name: sec.Name, Anchor: sec.Anchor,
		NoProfile: sec.NoProfile, Defaults: sec.Defaults, Fallbacks: sec.Fallbacks})
	if !sec.from.IsZero() && (s.from.IsZero() || sec.from.Before(s.from)) {
		s.from = sec.from
	}
	if sec.to.After(s.to) {
		s.to = sec.to
	}
	return reportTemplate.ExecuteTemplate(s.spool, "section", isolatePage(reflect.ValueOf(sec.htmlAthlete)).Interface())
}

// sectionAthlete is the athlete [buildPage] would give d a section for.
func sectionAthlete(d *report.Dataset) (string, bool) {
	for _, w := range d.Weeks {
		return w.Athlete, true
	}
	for i := range d.Activities {
		return d.Activities[i].Athlete, true
	}
	for a := range d.Params {
		return a, true
	}
	return "", false
}

// Finish writes the whole report to w: the head, what spool (the spool
// given to [NewStream], read from its start) holds, and the tail. d gives
// the version, the time generated and every file row.
func (s *Stream) Finish(w io.Writer, d *report.Dataset, spool io.Reader) error {
	p := htmlPage{Athletes: s.athletes, Sections: s.sections}
	pageHeader(&p, d, s.from, s.to)
	page := isolatePage(reflect.ValueOf(p)).Interface()
	if err := reportTemplate.ExecuteTemplate(w, "head", page); err != nil {
		return err
	}
	if _, err := io.Copy(w, spool); err != nil {
		return err
	}
	return reportTemplate.ExecuteTemplate(w, "tail", page)
}
