package html

import "html/template"

// Parts of report.html rendered in Go rather than by the templates,
// because the page holds thousands of them and html/template spends about
// a microsecond on each value it places (a reflective call to its
// escaper): the charts' shapes ([svgFig.Shapes]) and the rule hits
// ([htmlRule.Item]). They write the bytes the templates wrote, escaping
// every string as html/template escapes a plain string in its place; each
// is held to the template it replaced by a test that keeps that template.
//
// Only plain places are written here: element text and quoted values of
// plain attributes (class, x, y, points, text-anchor…), and one URL
// fragment through html/template's URL escaper. A new place — an
// unquoted attribute, style, an event handler, href or src, anything in
// <script> or <style>, an SVG attribute taking a URL — needs
// html/template's escaper for that context, and the frozen template in
// TestSVGShapesAsTemplate or TestRuleItemAsTemplate extended with it, or
// it belongs in the template instead.

// htmlEscapes is html/template's replacement table for a plain string in
// HTML text, an RCDATA element and a quoted attribute value: NUL and the
// characters that could end or start markup. They are all ASCII, so
// replacing bytes is replacing runes (no byte of a multi-byte or invalid
// UTF-8 sequence is one of them), and every other byte is kept.
var htmlEscapes = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// appendEscaped appends s to b escaped by [htmlEscapes].
func appendEscaped(b []byte, s string) []byte {
	done := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; int(c) < len(htmlEscapes) && htmlEscapes[c] != "" {
			b = append(b, s[done:i]...)
			b = append(b, htmlEscapes[c]...)
			done = i + 1
		}
	}
	return append(b, s[done:]...)
}

// Item is the rule hit as the week's list shows it: its reason, advice,
// activities, and a link to its anchor with the rule and its points —
// the bytes the "rule" template wrote when it placed each value itself,
// rendered here because a report lists thousands of rule hits. The id,
// the texts and the link text are escaped by [appendEscaped] (html/template
// escapes a plain string so in a quoted attribute and in text), the link's
// fragment by [appendURLEscaped] (its URL escaper, in a query or
// fragment); TestRuleItemAsTemplate holds it equal to the template.
func (r htmlRule) Item() template.HTML {
	b := make([]byte, 0, 160+len(r.Reason)+len(r.Advice)+2*len(r.Anchor))
	b = append(b, "\n<li id=\""...)
	b = appendEscaped(b, r.Anchor)
	b = append(b, "\">"...)
	b = appendEscaped(b, r.Reason)
	if r.Advice != "" {
		b = append(b, `<span class="advice"><strong>Advice:</strong> `...)
		b = appendEscaped(b, r.Advice)
		b = append(b, "</span>"...)
	}
	if len(r.Activities) > 0 {
		b = append(b, `<span class="acts">`...)
		for i, a := range r.Activities {
			if i > 0 {
				b = append(b, "; "...)
			}
			b = appendEscaped(b, a)
		}
		b = append(b, "</span>"...)
	}
	b = append(b, `<span class="rule-id"><a href="#`...)
	b = appendURLEscaped(b, r.Anchor)
	b = append(b, `">`...)
	b = appendEscaped(b, r.Rule)
	b = append(b, "</a> · "...)
	b = appendEscaped(b, r.Points)
	b = append(b, "</span></li>"...)
	return template.HTML(b)
}

// appendURLEscaped appends s to b as html/template's URL escaper writes a
// plain string into a URL's query or fragment: every byte but the
// unreserved ones (RFC 3986: letters, digits, - . _ ~) as %xx, lowercase.
// The result needs no attribute escaping.
func appendURLEscaped(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b = append(b, c)
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}
