package html

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"testing"

	"gainguard/report"
	"gainguard/report/internal/reporttest"
)

// checkIsolated fails when an RLO in html is outside every FSI … PDI, or
// the isolates do not balance.
func checkIsolated(t *testing.T, html string) {
	t.Helper()
	depth, rlo := 0, 0
	for i, r := range html {
		switch r {
		case '\u2068':
			depth++
		case '\u2069':
			depth--
			if depth < 0 {
				t.Fatalf("PDI without FSI at byte %d", i)
			}
		case '\u202e':
			rlo++
			if depth == 0 {
				start := max(0, i-80)
				t.Errorf("RLO not isolated at byte %d: …%q…", i, html[start:min(len(html), i+40)])
			}
		}
	}
	if depth != 0 {
		t.Errorf("%d isolates left open", depth)
	}
	if rlo == 0 {
		t.Error("no RLO in the report: the test sees nothing")
	}
}

// TestHTMLBidiIsolation: a U+202E in one athlete's name (and in activity
// names and file paths) visually reversed the other names in report.html.
// Every file-derived string must be isolated; the dataset is not changed.
func TestHTMLBidiIsolation(t *testing.T) {
	d := reporttest.Dataset()
	evil := "Eve\u202eSIHT"
	reporttest.RenameAthlete(d, "alex", evil)
	for i := range d.Activities {
		d.Activities[i].Name = "run \u202eyppah"
		d.Activities[i].Source = "in/\u202exyz.fit"
	}
	d.Files = append(d.Files, d.Files[0])
	d.Files[len(d.Files)-1].Path, d.Files[len(d.Files)-1].Reason = "in/\u202ebad.fit", "fit: bad \u202eheader"
	d.Files[len(d.Files)-1].Status = "failed"
	before := fmt.Sprintf("%#v", d.Activities)
	html := renderHTML(t, d)
	checkIsolated(t, html)
	// Each name on its own, so that it cannot reorder the next one.
	for _, name := range []string{evil, "run \u202eyppah"} {
		if n, iso := strings.Count(html, name), strings.Count(html, "\u2068"+name+"\u2069"); n != iso {
			t.Errorf("%q: %d of %d occurrences isolated on their own", name, iso, n)
		}
	}
	if fmt.Sprintf("%#v", d.Activities) != before {
		t.Error("rendering changed the dataset")
	}
	// Plain names are left as they are.
	if strings.Contains(renderHTML(t, reporttest.Dataset()), "\u2068") {
		t.Error("a dataset without bidi characters got isolates")
	}
}

func TestNeedsIsolation(t *testing.T) {
	for s, want := range map[string]bool{
		"Alex": false, "José Müller": false, "日本": false, "": false,
		"דוד": true, "محمد": true, "a\u202eb": true, "a\u2066b": true, "a\u200fb": true,
	} {
		if got := needsIsolation(s); got != want {
			t.Errorf("needsIsolation(%q) = %v, want %v", s, got, want)
		}
	}
}

// eagerIsolate is isolatePage as it was, copying every struct, slice and
// pointer: the reference of TestIsolatePageAsEager.
func eagerIsolate(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.String:
		if v.Type() == stringType {
			if s := v.String(); needsIsolation(s) {
				return reflect.ValueOf(bidiIsolate(s))
			}
		}
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		n := reflect.New(v.Type().Elem())
		n.Elem().Set(eagerIsolate(v.Elem()))
		return n
	case reflect.Struct:
		n := reflect.New(v.Type()).Elem()
		n.Set(v)
		for i := range n.NumField() {
			if f := n.Field(i); f.CanSet() {
				f.Set(eagerIsolate(f))
			}
		}
		return n
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		n := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			n.Index(i).Set(eagerIsolate(v.Index(i)))
		}
		return n
	case reflect.Array:
		n := reflect.New(v.Type()).Elem()
		for i := range v.Len() {
			n.Index(i).Set(eagerIsolate(v.Index(i)))
		}
		return n
	}
	return v
}

// TestIsolatePageAsEager: isolatePage, which copies only what changes,
// gives the page model the eager copy gave, and leaves the model it
// reads as it was: for the pages of the test dataset with and without
// bidi characters (in an athlete's name, activity names, file paths) and
// of a year-long dataset.
func TestIsolatePageAsEager(t *testing.T) {
	evil := reporttest.Dataset()
	reporttest.RenameAthlete(evil, "alex", "Eve\u202eSIHT")
	for i := range evil.Activities {
		if i%3 == 0 {
			evil.Activities[i].Name = "run \u202eyppah"
		}
	}
	evil.Files[0].Path = "in/\u202ebad.fit"
	for _, d := range []*report.Dataset{evil, reporttest.Dataset(), bigDataset("ann")} {
		page := buildPage(d)
		before := fmt.Sprintf("%#v", page)
		got := isolatePage(reflect.ValueOf(page)).Interface()
		want := eagerIsolate(reflect.ValueOf(page)).Interface()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d athletes: the isolated page differs from the eager copy's", len(page.Sections))
		}
		if fmt.Sprintf("%#v", page) != before {
			t.Error("isolating changed the page model")
		}
	}
	if s := fmt.Sprint(isolatePage(reflect.ValueOf(buildPage(evil))).Interface()); !strings.Contains(s, "\u2068Eve\u202eSIHT\u2069") {
		t.Error("the evil name is not isolated: the test sees nothing")
	}
	// Every kind the walk handles, each holding the one string to isolate.
	type inner struct{ S string }
	type hidden struct{ S string }
	type model struct {
		A      [2]string
		P      *inner
		L      []inner
		I      inner
		hidden // unexported: left alone
		u      string
		N      template.HTML
	}
	rlo := "x\u202ey"
	for i, m := range []model{
		{A: [2]string{"a", rlo}},
		{P: &inner{rlo}},
		{L: []inner{{"a"}, {rlo}}},
		{I: inner{rlo}},
		{hidden: hidden{rlo}, u: rlo, N: template.HTML(rlo)},
	} {
		before := fmt.Sprintf("%#v %v %v", m, m.P, m.L)
		got, want := isolatePage(reflect.ValueOf(m)).Interface(), eagerIsolate(reflect.ValueOf(m)).Interface()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("model %d: isolated %+v, the eager copy %+v", i, got, want)
		}
		if fmt.Sprintf("%#v %v %v", m, m.P, m.L) != before {
			t.Errorf("model %d: changed", i)
		}
		if i < 4 && reflect.DeepEqual(got, m) {
			t.Errorf("model %d: nothing isolated", i)
		}
	}
}
