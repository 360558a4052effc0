package html

import (
	"html/template"
	"math"
	"strconv"
	"strings"
)

// The report's charts are inline SVG whose geometry is computed here, in
// Go, and placed by one generic template ("svgfig" in
// templates/svg.html.tmpl) whose shapes [svgFig.Shapes] writes. Every label
// and tooltip is a plain string escaped as html/template escapes it; the
// page needs no script, font or stylesheet from elsewhere, prints as
// vectors and works in any browser.

// svgFig is one inline SVG figure: a viewBox, an accessible title and
// description, and a flat list of shapes drawn in order.
type svgFig struct {
	ID          string // element id prefix; the title and desc get ID-title / ID-desc
	Class       string // CSS class of the <svg>: "chart" plus a kind
	Title, Desc string
	W, H        int // viewBox size in user units
	Els         []svgEl
}

// svgEl is one shape. Tag selects which fields the template uses:
// rect (X Y W H), line (X Y X2 Y2), circle (X Y R), polyline (Points),
// text (X Y Anchor Text). Title becomes a tooltip.
type svgEl struct {
	Tag    string
	Class  string
	X, Y   string
	W, H   string
	X2, Y2 string
	R      string
	Points string
	Anchor string
	Text   string
	Title  string

	key string // for tests: the activity id or pair it belongs to
}

// f1 formats a coordinate with one decimal, so the output is stable.
func f1(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	return s
}

func (f *svgFig) rect(class string, x, y, w, h float64, title string) *svgEl {
	f.Els = append(f.Els, svgEl{Tag: "rect", Class: class, X: f1(x), Y: f1(y), W: f1(math.Max(w, 0)), H: f1(math.Max(h, 0)), Title: title})
	return &f.Els[len(f.Els)-1]
}

func (f *svgFig) line(class string, x1, y1, x2, y2 float64) *svgEl {
	f.Els = append(f.Els, svgEl{Tag: "line", Class: class, X: f1(x1), Y: f1(y1), X2: f1(x2), Y2: f1(y2)})
	return &f.Els[len(f.Els)-1]
}

func (f *svgFig) circle(class string, cx, cy, r float64, title string) *svgEl {
	f.Els = append(f.Els, svgEl{Tag: "circle", Class: class, X: f1(cx), Y: f1(cy), R: f1(r), Title: title})
	return &f.Els[len(f.Els)-1]
}

func (f *svgFig) text(class string, x, y float64, anchor, s string) *svgEl {
	f.Els = append(f.Els, svgEl{Tag: "text", Class: class, X: f1(x), Y: f1(y), Anchor: anchor, Text: s})
	return &f.Els[len(f.Els)-1]
}

// polyline adds a line through xs/ys; fewer than two points add nothing.
func (f *svgFig) polyline(class string, xs, ys []float64) {
	if len(xs) < 2 {
		return
	}
	pts := make([]string, len(xs))
	for i := range xs {
		pts[i] = f1(xs[i]) + "," + f1(ys[i])
	}
	f.Els = append(f.Els, svgEl{Tag: "polyline", Class: class, Points: strings.Join(pts, " ")})
}

// niceStep returns a round axis step (1, 2, 2.5 or 5 × 10^k) that cuts
// 0..max into at most about n intervals.
func niceStep(max float64, n int) float64 {
	if !(max > 0) {
		return 1
	}
	raw := max / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}

// numLabel formats an axis value without trailing zeros.
func numLabel(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// plotBox is a chart's plot area inside its viewBox.
type plotBox struct {
	W, H                     int
	Left, Right, Top, Bottom float64
}

func (b plotBox) plotW() float64 { return float64(b.W) - b.Left - b.Right }
func (b plotBox) plotH() float64 { return float64(b.H) - b.Top - b.Bottom }

// yAxis draws horizontal grid lines and labels from 0 to top in steps,
// and returns the value→y mapping.
func (b plotBox) yAxis(f *svgFig, top, step float64) func(float64) float64 {
	y := func(v float64) float64 {
		return b.Top + (1-math.Max(0, math.Min(top, v))/top)*b.plotH()
	}
	for v := 0.0; v <= top+step/1000; v += step {
		f.line("grid", b.Left, y(v), b.Left+b.plotW(), y(v))
		f.text("ylab", b.Left-6, y(v)+5, "end", numLabel(v))
	}
	return y
}

// Shapes is the figure's shapes as the "svgfig" template places them,
// each on a line of its own: rect (with a <title> when it has a Title),
// line, circle (with its <title>), polyline, text (with text-anchor when
// it has an Anchor); a shape of another Tag is left out. Rendered here
// rather than by a template range because the page holds thousands of
// shapes and html/template spends ~1 µs on each of their values (a
// reflective call to its escaper). Every string is escaped as
// html/template escapes a plain string in each place it goes — a quoted
// attribute value (attrEscaper), the <title> (an RCDATA element:
// rcdataEscaper) and the <text> content (htmlEscaper) —, all by the same
// replacement table ([appendEscaped]); TestSVGShapesAsTemplate holds the
// result equal to the template's.
func (f svgFig) Shapes() template.HTML {
	n := 0
	for i := range f.Els {
		n += 96 + len(f.Els[i].Points) + len(f.Els[i].Title) + len(f.Els[i].Text)
	}
	b := make([]byte, 0, n)
	attr := func(name, v string) {
		b = append(b, ' ')
		b = append(b, name...)
		b = append(b, `="`...)
		b = appendEscaped(b, v)
		b = append(b, '"')
	}
	title := func(t string) {
		b = append(b, "<title>"...)
		b = appendEscaped(b, t)
		b = append(b, "</title>"...)
	}
	for i := range f.Els {
		e := &f.Els[i]
		switch e.Tag {
		case "rect":
			b = append(b, "\n<rect"...)
			attr("class", e.Class)
			attr("x", e.X)
			attr("y", e.Y)
			attr("width", e.W)
			attr("height", e.H)
			if e.Title != "" {
				b = append(b, '>')
				title(e.Title)
				b = append(b, "</rect>"...)
			} else {
				b = append(b, "/>"...)
			}
		case "line":
			b = append(b, "\n<line"...)
			attr("class", e.Class)
			attr("x1", e.X)
			attr("y1", e.Y)
			attr("x2", e.X2)
			attr("y2", e.Y2)
			b = append(b, "/>"...)
		case "circle":
			b = append(b, "\n<circle"...)
			attr("class", e.Class)
			attr("cx", e.X)
			attr("cy", e.Y)
			attr("r", e.R)
			b = append(b, '>')
			if e.Title != "" {
				title(e.Title)
			}
			b = append(b, "</circle>"...)
		case "polyline":
			b = append(b, "\n<polyline"...)
			attr("class", e.Class)
			attr("points", e.Points)
			b = append(b, "/>"...)
		case "text":
			b = append(b, "\n<text"...)
			attr("class", e.Class)
			attr("x", e.X)
			attr("y", e.Y)
			if e.Anchor != "" {
				attr("text-anchor", e.Anchor)
			}
			b = append(b, '>')
			b = appendEscaped(b, e.Text)
			b = append(b, "</text>"...)
		}
	}
	return template.HTML(b)
}
