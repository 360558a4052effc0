package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/spf13/pflag"

	"gainguard/ingest"
	"gainguard/report"
)

// terminalOptions are analyze's flags for what it prints on stdout once
// the outputs are written: --format and --weeks.
//
//   - text (the default) prints the one-line file summary and, per
//     athlete, a table of the latest --weeks weeks (default 4);
//   - json prints one JSON document (jsonSummary) with every week of every
//     athlete unless --weeks limits it, for scripts and CI jobs.
//
// --quiet wins over both: nothing is printed but errors.
type terminalOptions struct {
	format string
	weeks  int
}

// Terminal output formats.
const (
	formatText = "text"
	formatJSON = "json"
)

// textWeeks is how many of the latest weeks the text summary shows per
// athlete when --weeks is not given.
const textWeeks = 4

// jsonTopReasons is how many rule hits a week's top_reasons lists in the
// JSON summary (the report shows the same number before "more").
const jsonTopReasons = 3

func (o *terminalOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.format, "format", formatText, "terminal output: text (a table of the latest weeks) or json (one JSON document on stdout)")
	fs.IntVar(&o.weeks, "weeks", 0, "latest `N` weeks per athlete on the terminal (default: 4 for text, all for json)")
}

func (o *terminalOptions) validate() error {
	switch o.format {
	case formatText, formatJSON:
	default:
		return fmt.Errorf("--format %q: want text or json", o.format)
	}
	if o.weeks < 0 {
		return fmt.Errorf("--weeks %d: want a positive number", o.weeks)
	}
	return nil
}

// printedWeeks is how many of each athlete's latest weeks the summary
// prints with their reasons (0: all, the JSON summary without --weeks).
func (o *terminalOptions) printedWeeks() int {
	if o.format == formatJSON || o.weeks > 0 {
		return o.weeks
	}
	return textWeeks
}

// keepPrinted trims d, the summary of a group of athletes
// (report.BuildStream's), to what write reads of it: each athlete's
// printed weeks (report.Dataset.KeepLatest) and, for JSON, each week's
// first jsonTopReasons rule hits.
func (o *terminalOptions) keepPrinted(d *report.Dataset) {
	d.KeepLatest(o.printedWeeks())
	if o.format != formatJSON {
		return // the text summary's top reason weighs every interference hit
	}
	for i := range d.Weeks {
		if r := d.Weeks[i].Rules; len(r) > jsonTopReasons {
			d.Weeks[i].Rules = slices.Clone(r[:jsonTopReasons])
		}
	}
}

// write prints the summary of an analysis in the chosen format.
func (o *terminalOptions) write(w io.Writer, b *ingest.Batch, ds *report.Dataset, out string) error {
	// The counts come from the dataset (what files.parquet holds): Build
	// may fail a profile file that the import accepted.
	imported, duplicates, skipped, failed := ingest.SummarizeFiles(ds.Files)
	if o.format == formatJSON {
		return writeJSONSummary(w, b, ds, out, o.weeks)
	}
	n := o.printedWeeks() // what the athlete-by-athlete path kept the reasons of
	fmt.Fprintf(w, "%d files: %d imported, %d duplicates, %d skipped, %d failed; %d activities, %d weeks → %s\n",
		len(ds.Files), imported, duplicates, skipped, failed, ds.NumActivities(), ds.NumWeeks(), termSafe(out))
	report.WriteSummary(w, ds, n)
	return nil
}

// jsonSummary is the document analyze --format json prints. Its field
// names are part of gainguard's interface: add fields, never rename them.
type jsonSummary struct {
	Version  string        `json:"version"`
	Out      string        `json:"out"`
	Files    jsonFiles     `json:"files"`
	Athletes []jsonAthlete `json:"athletes"`
}

type jsonFiles struct {
	Total      int           `json:"total"`
	Imported   int           `json:"imported"`
	Duplicates int           `json:"duplicates"` // files whose activities were all imported already
	Skipped    int           `json:"skipped"`
	Failed     int           `json:"failed"`
	Activities int           `json:"activities"`
	Failures   []jsonFailure `json:"failures"` // the failed files, with what is wrong
}

type jsonFailure struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

type jsonAthlete struct {
	Athlete string     `json:"athlete"`
	Weeks   []jsonWeek `json:"weeks"` // oldest first
}

type jsonWeek struct {
	WeekStart    string           `json:"week_start"` // YYYY-MM-DD, the athlete's local date
	Interference jsonScore        `json:"interference"`
	UnderFueling jsonFuelScore    `json:"under_fueling"`
	TopReasons   []jsonRuleReason `json:"top_reasons"` // largest contribution first
}

type jsonScore struct {
	Score *float64 `json:"score"` // 0–100, null when it could not be computed
	Band  string   `json:"band"`
}

type jsonFuelScore struct {
	Score      *float64 `json:"score"`
	Band       string   `json:"band"`
	Tier       string   `json:"tier"`
	Confidence string   `json:"confidence"`
}

type jsonRuleReason struct {
	Rule        string   `json:"rule"`
	Score       string   `json:"score"` // interference | underfueling
	Points      *float64 `json:"points"`
	Reason      string   `json:"reason"`
	Advice      string   `json:"advice"`
	ActivityIDs []string `json:"activity_ids"` // activities.parquet ids
}

// round1 rounds to one decimal, or nil for NaN/Inf (JSON has neither).
func round1(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	r := math.Round(v*10) / 10
	return &r
}

// score1 is round1 for a 0–100 score: rounded without crossing into the
// next band (report.RoundScore), so 24.96 is 24.9 next to "low".
func score1(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	r := report.RoundScore(v, 1)
	return &r
}

// buildJSONSummary collects the summary; n > 0 keeps each athlete's
// latest n weeks.
func buildJSONSummary(b *ingest.Batch, ds *report.Dataset, out string, n int) jsonSummary {
	imported, duplicates, skipped, failed := ingest.SummarizeFiles(ds.Files)
	s := jsonSummary{
		Version: version,
		Out:     out,
		Files: jsonFiles{Total: len(ds.Files), Imported: imported, Duplicates: duplicates, Skipped: skipped, Failed: failed,
			Activities: ds.NumActivities(), Failures: []jsonFailure{}},
		Athletes: []jsonAthlete{},
	}
	for _, f := range ds.Files {
		if f.Status == ingest.StatusFailed {
			s.Files.Failures = append(s.Files.Failures, jsonFailure{Path: f.Path, Reason: f.Reason})
		}
	}
	index := map[string]int{}
	for _, wk := range ds.Weeks {
		i, ok := index[wk.Athlete]
		if !ok {
			i = len(s.Athletes)
			index[wk.Athlete] = i
			s.Athletes = append(s.Athletes, jsonAthlete{Athlete: wk.Athlete, Weeks: []jsonWeek{}})
		}
		jw := jsonWeek{
			WeekStart:    wk.WeekStart.Format(time.DateOnly),
			Interference: jsonScore{Score: score1(wk.Interference), Band: string(wk.InterferenceBand)},
			UnderFueling: jsonFuelScore{Score: score1(wk.UnderFueling), Band: string(wk.UnderFuelingBand),
				Tier: string(wk.Tier), Confidence: string(wk.Confidence)},
			TopReasons: []jsonRuleReason{},
		}
		for _, r := range wk.Rules {
			if len(jw.TopReasons) == jsonTopReasons {
				break
			}
			ids := append([]string{}, r.Activities...)
			jw.TopReasons = append(jw.TopReasons, jsonRuleReason{Rule: string(r.Rule), Score: string(r.Score),
				Points: round1(r.Points), Reason: r.Reason, Advice: r.Advice, ActivityIDs: ids})
		}
		s.Athletes[i].Weeks = append(s.Athletes[i].Weeks, jw)
	}
	if n > 0 {
		for i := range s.Athletes {
			if w := s.Athletes[i].Weeks; len(w) > n {
				s.Athletes[i].Weeks = w[len(w)-n:]
			}
		}
	}
	return s
}

func writeJSONSummary(w io.Writer, b *ingest.Batch, ds *report.Dataset, out string, n int) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // reasons read "≤ 6 h", not "\u003c= 6 h"
	enc.SetIndent("", "  ")
	if err := enc.Encode(buildJSONSummary(b, ds, out, n)); err != nil {
		return err
	}
	// Control characters are escaped by encoding/json; bidi and other
	// format characters from names are escaped here.
	_, err := w.Write(report.JSONTermSafe(buf.Bytes()))
	return err
}

// termSafe is [report.TermSafe]: every file-derived string printed on the
// terminal or in a log line goes through it.
func termSafe(s string) string { return report.TermSafe(s) }
