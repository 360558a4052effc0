package html

import (
	"html/template"
	"reflect"
	"strings"
	"testing"

	"gainguard/report"
	"gainguard/report/internal/reporttest"
)

// svgfigTemplate is the "svgfig" template as it was before its shapes were
// rendered in Go (svgFig.Shapes): the reference they are held to.
var svgfigTemplate = template.Must(template.New("old").Parse(`
{{- define "svgfig"}}
<svg class="{{.Class}}" viewBox="0 0 {{.W}} {{.H}}" role="img" aria-labelledby="{{.ID}}-title {{.ID}}-desc" xmlns="http://www.w3.org/2000/svg">
<title id="{{.ID}}-title">{{.Title}}</title>
<desc id="{{.ID}}-desc">{{.Desc}}</desc>
{{- range .Els}}
{{- if eq .Tag "rect"}}
<rect class="{{.Class}}" x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}"{{if .Title}}><title>{{.Title}}</title></rect>{{else}}/>{{end}}
{{- else if eq .Tag "line"}}
<line class="{{.Class}}" x1="{{.X}}" y1="{{.Y}}" x2="{{.X2}}" y2="{{.Y2}}"/>
{{- else if eq .Tag "circle"}}
<circle class="{{.Class}}" cx="{{.X}}" cy="{{.Y}}" r="{{.R}}">{{with .Title}}<title>{{.}}</title>{{end}}</circle>
{{- else if eq .Tag "polyline"}}
<polyline class="{{.Class}}" points="{{.Points}}"/>
{{- else if eq .Tag "text"}}
<text class="{{.Class}}" x="{{.X}}" y="{{.Y}}"{{with .Anchor}} text-anchor="{{.}}"{{end}}>{{.Text}}</text>
{{- end}}
{{- end}}
</svg>
{{- end}}`))

// pageFigs returns every SVG figure of v (a page model value).
func pageFigs(v reflect.Value, out []svgFig) []svgFig {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			out = pageFigs(v.Elem(), out)
		}
	case reflect.Struct:
		if f, ok := v.Interface().(svgFig); ok {
			return append(out, f)
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				out = pageFigs(v.Field(i), out)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			out = pageFigs(v.Index(i), out)
		}
	}
	return out
}

// TestSVGShapesAsTemplate: the "svgfig" template with its shapes
// rendered by svgFig.Shapes writes the bytes the template wrote when it
// placed every shape's values itself, html/template escaping each: for
// every figure of the test dataset's and a year-long dataset's reports,
// and for shapes of every tag (and an unknown one) whose every string
// holds every ASCII character, markup, entities, invalid UTF-8 and
// right-to-left text, with and without titles and anchors.
func TestSVGShapesAsTemplate(t *testing.T) {
	var figs []svgFig
	for _, d := range []*report.Dataset{reporttest.Dataset(), bigDataset("ann", "bo"), berlinDataset(t)} {
		figs = pageFigs(isolatePage(reflect.ValueOf(buildPage(d))), figs)
	}
	shapes := 0
	for _, f := range figs {
		shapes += len(f.Els)
	}
	if len(figs) < 20 || shapes < 1000 {
		t.Fatalf("%d figures, %d shapes: the reports no longer exercise the figures", len(figs), shapes)
	}
	// Every ASCII character, markup, entities, invalid UTF-8, a
	// right-to-left override and Hebrew (isolated, as on the page).
	var all strings.Builder
	for c := range 128 {
		all.WriteByte(byte(c))
	}
	odd := []string{"", all.String(), `<b>"x" & 'y' + z</b>`, "&amp; &#34; &lt;", "\xff\xfe<\x80>", "\x00a\x00", "\u202eevil", "שלום <x>"}
	var els []svgEl
	for _, tag := range []string{"rect", "line", "circle", "polyline", "text", "path"} {
		for i, s := range odd {
			o := odd[(i+1)%len(odd)]
			els = append(els, svgEl{Tag: tag, Class: s, X: o, Y: s, W: o, H: s, X2: o, Y2: s, R: o, Points: s, Anchor: o, Text: s, Title: o})
		}
	}
	figs = append(figs, svgFig{ID: "odd", Class: "chart", Title: odd[2], Desc: odd[3], W: 10, H: 10, Els: els},
		svgFig{ID: "empty"})
	for i := range figs {
		f := isolatePage(reflect.ValueOf(figs[i])).Interface()
		var got, want strings.Builder
		if err := reportTemplate.ExecuteTemplate(&got, "svgfig", f); err != nil {
			t.Fatal(err)
		}
		if err := svgfigTemplate.ExecuteTemplate(&want, "svgfig", f); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			g, w := got.String(), want.String()
			k := 0
			for k < len(g) && k < len(w) && g[k] == w[k] {
				k++
			}
			t.Errorf("figure %s: differs from the template's at byte %d:\n got: %q\nwant: %q", figs[i].ID, k, g[max(0, k-80):min(len(g), k+80)], w[max(0, k-80):min(len(w), k+80)])
		}
	}
}

// berlinDataset is the week of berlinWeek (a timeline across a time zone
// change).
func berlinDataset(t *testing.T) *report.Dataset {
	d, _ := berlinWeek(t)
	return d
}

// ruleTemplate is the "rule" template as it was before rule hits were
// rendered in Go (htmlRule.Item), in the context it is called in.
var ruleTemplate = template.Must(template.New("old").Parse(`<ol class="rules">{{range .}}{{template "rule" .}}{{end}}</ol>
{{- define "rule"}}
<li id="{{.Anchor}}">{{.Reason}}{{with .Advice}}<span class="advice"><strong>Advice:</strong> {{.}}</span>{{end}}{{with .Activities}}<span class="acts">{{range $i, $a := .}}{{if $i}}; {{end}}{{$a}}{{end}}</span>{{end}}<span class="rule-id"><a href="#{{.Anchor}}">{{.Rule}}</a> · {{.Points}}</span></li>
{{- end}}`))

// newRuleTemplate places rule hits as the report does now.
var newRuleTemplate = template.Must(reportTemplate.Clone()).New("list")

func init() {
	template.Must(newRuleTemplate.Parse(`<ol class="rules">{{range .}}{{template "rule" .}}{{end}}</ol>`))
}

// TestRuleItemAsTemplate: the rule hits htmlRule.Item writes are the
// bytes of the template that placed each value itself: every rule hit of
// the test dataset's and a year-long dataset's reports (with a right-to-
// left name), and rule hits whose every string holds every ASCII
// character, markup, entities, percent signs, invalid UTF-8 and
// right-to-left text, with and without advice and activities.
func TestRuleItemAsTemplate(t *testing.T) {
	var rules []htmlRule
	evil := reporttest.Dataset()
	reporttest.RenameAthlete(evil, "alex", "Eve\u202eSIHT")
	for _, d := range []*report.Dataset{reporttest.Dataset(), bigDataset("ann"), evil} {
		page := isolatePage(reflect.ValueOf(buildPage(d))).Interface().(htmlPage)
		for _, s := range page.Sections {
			for _, w := range s.Weeks {
				rules = append(rules, w.Top...)
				rules = append(rules, w.More...)
			}
		}
	}
	if len(rules) < 100 {
		t.Fatalf("%d rule hits: the reports no longer exercise the list", len(rules))
	}
	var all strings.Builder
	for c := range 128 {
		all.WriteByte(byte(c))
	}
	odd := []string{"", all.String(), `<a href="x">"y" & 'z' + w</a>`, "&amp; %41 %zz #frag ?q=1", "\xff\xfe<\x80>", "\x00a\x00", "\u202eevil", "שלום <x>", "naïve ☃ 🏃"}
	for i, s := range odd {
		o := odd[(i+1)%len(odd)]
		rules = append(rules,
			htmlRule{Rule: s, Score: o, Points: o, Anchor: s, Reason: o, Advice: s, Activities: []string{s, o, s}},
			htmlRule{Rule: o, Points: s, Anchor: o, Reason: s},
			htmlRule{Anchor: s, Activities: []string{}, Advice: ""},
			htmlRule{Anchor: o, Activities: []string{o}})
	}
	// In lists of one, then all at once.
	lists := [][]htmlRule{rules}
	for i := range rules {
		lists = append(lists, rules[i:i+1])
	}
	for _, l := range lists {
		v := isolatePage(reflect.ValueOf(l)).Interface()
		var got, want strings.Builder
		if err := newRuleTemplate.Execute(&got, v); err != nil {
			t.Fatal(err)
		}
		if err := ruleTemplate.Execute(&want, v); err != nil {
			t.Fatal(err)
		}
		if g, w := got.String(), want.String(); g != w {
			k := 0
			for k < len(g) && k < len(w) && g[k] == w[k] {
				k++
			}
			t.Fatalf("rule hits differ from the template's at byte %d:\n got: %q\nwant: %q", k, g[max(0, k-80):min(len(g), k+80)], w[max(0, k-80):min(len(w), k+80)])
		}
	}
}
