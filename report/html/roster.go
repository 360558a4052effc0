package html

import (
	"cmp"
	"html/template"
	"io"
	"strconv"
	"strings"

	"gainguard/report"
)

// The pages of a merged sharded run (gainguard merge, report/output's
// Merge, docs/scale.md): a roster, report.html, with one row per athlete
// linking to one page per athlete. They are drawn from the Parquet tables
// alone, so they show what the tables hold (weeks, scores, rules, failed
// files), not the charts of [Write], which need the decoded activities.

// RosterAthlete is one athlete of the roster and its page.
type RosterAthlete struct {
	Athlete     string
	Href        string // the athlete's page, relative to report.html
	Activities  int64
	Files       int
	Failed      int
	FailedFiles []RosterFile
	Weeks       []RosterWeek // by week
}

// RosterWeek is one scored week (weeks.parquet).
type RosterWeek struct {
	Week              string // first day, YYYY-MM-DD
	Runs, Lifts       int32
	RunDistanceKm     *float64
	InterferenceScore *float64
	InterferenceBand  string
	UnderFuelingScore *float64
	UnderFuelingBand  string
	Tier, Confidence  string
	Rules             []string // the rules that fired
}

// RosterFile is one failed input file (files.parquet).
type RosterFile struct{ Path, Reason string }

// Latest is the athlete's last scored week, or nil.
func (a *RosterAthlete) Latest() *RosterWeek {
	if len(a.Weeks) == 0 {
		return nil
	}
	return &a.Weeks[len(a.Weeks)-1]
}

// WriteRoster writes report.html of a merged run: one row per athlete
// (activities, weeks, the latest week's scores, failed files) linking to
// its page. stamp says which version and when.
func WriteRoster(w io.Writer, athletes []RosterAthlete, stamp string) error {
	return rosterTmpl.Execute(w, map[string]any{"Athletes": athletes, "Stamp": stamp})
}

// WriteAthletePage writes one athlete's page of a merged run: every
// scored week and the failed files; it links back to ../report.html.
func WriteAthletePage(w io.Writer, a *RosterAthlete, stamp string) error {
	return athleteTmpl.Execute(w, map[string]any{"P": a, "Stamp": stamp})
}

var rosterFuncs = template.FuncMap{
	"km": func(p *float64) string {
		if p == nil {
			return "–"
		}
		return strconv.FormatFloat(*p, 'f', 1, 64)
	},
	"join": strings.Join,
	// score is a score and its band ("unknown" alone when unscored).
	"score": func(p *float64, band string) string {
		if p == nil || band == "unknown" || band == "" {
			return cmp.Or(band, "–")
		}
		return strconv.FormatFloat(report.RoundScore(*p, 0), 'f', 0, 64) + " " + band
	},
}

// Names are wrapped in <bdi>, so that one written right to left never
// reorders its neighbours (as [Write] does with isolates).
const rosterStyle = `<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}td,th{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.low,.green{color:#1a7f37}.moderate,.yellow{color:#9a6700}.high,.orange{color:#bc4c00}.very_high,.red{color:#cf222e}
footer{margin-top:2em;color:#666;font-size:.9em}
</style>`

var rosterTmpl = template.Must(template.New("roster").Funcs(rosterFuncs).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gainguard — roster</title>
<meta name="viewport" content="width=device-width, initial-scale=1">` + rosterStyle + `</head><body>
<h1>Roster</h1>
<p>{{len .Athletes}} athletes. Each name opens the athlete's weeks. Latest week: the athlete's last scored week.</p>
<table><thead><tr><th>athlete</th><th>activities</th><th>weeks</th><th>latest week</th><th>interference</th><th>under-fueling</th><th>failed files</th></tr></thead><tbody>
{{range .Athletes}}<tr><td><a href="{{.Href}}"><bdi>{{.Athlete}}</bdi></a></td><td class="n">{{.Activities}}</td><td class="n">{{len .Weeks}}</td>
{{with .Latest}}<td>{{.Week}}</td><td class="{{.InterferenceBand}}">{{score .InterferenceScore .InterferenceBand}}</td><td class="{{.UnderFuelingBand}}">{{score .UnderFuelingScore .UnderFuelingBand}}</td>{{else}}<td>–</td><td>–</td><td>–</td>{{end}}
<td class="n">{{.Failed}}</td></tr>
{{end}}</tbody></table>
<footer>{{.Stamp}} · merged from the Parquet tables of a sharded run</footer>
</body></html>
`))

var athleteTmpl = template.Must(template.New("athlete").Funcs(rosterFuncs).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gainguard — {{.P.Athlete}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">` + rosterStyle + `</head><body>
<p><a href="../report.html">← roster</a></p>
<h1><bdi>{{.P.Athlete}}</bdi></h1>
<p>{{.P.Activities}} activities from {{.P.Files}} files ({{.P.Failed}} failed); {{len .P.Weeks}} weeks scored.</p>
<table><thead><tr><th>week</th><th>runs</th><th>run km</th><th>lifts</th><th>interference</th><th>under-fueling</th><th>tier</th><th>confidence</th><th>rules</th></tr></thead><tbody>
{{range .P.Weeks}}<tr><td>{{.Week}}</td><td class="n">{{.Runs}}</td><td class="n">{{km .RunDistanceKm}}</td><td class="n">{{.Lifts}}</td>
<td class="{{.InterferenceBand}}">{{score .InterferenceScore .InterferenceBand}}</td><td class="{{.UnderFuelingBand}}">{{score .UnderFuelingScore .UnderFuelingBand}}</td>
<td>{{.Tier}}</td><td>{{.Confidence}}</td><td>{{join .Rules ", "}}</td></tr>
{{end}}</tbody></table>
{{if .P.FailedFiles}}<h2>Failed files</h2><ul>{{range .P.FailedFiles}}<li><bdi>{{.Path}}</bdi>: {{.Reason}}</li>{{end}}</ul>{{end}}
<footer>{{.Stamp}} · merged from the Parquet tables of a sharded run</footer>
</body></html>
`))
