// Package html writes a [report.Dataset] as the self-contained HTML report
// (report.html: html/template plus embedded templates, every chart an
// inline SVG computed in Go) and the page of a scored planned week
// ([WritePlan]). Strings from input files are escaped by html/template and
// wrapped in Unicode isolates (bidi.go) so that one name cannot reorder the
// text around it.
package html
