package html

import (
	"bytes"
	"strings"
	"testing"
)

// TestRosterEscapes: names and paths from files reach the merged pages
// escaped, isolated in <bdi>, and each athlete's link is the one given.
func TestRosterEscapes(t *testing.T) {
	score, km := 71.6, 12.34
	a := RosterAthlete{Athlete: `<script>alert(1)</script> ‮evil`, Href: "report/athlete=kim%252Fb%253D2.html",
		Activities: 3, Files: 4, Failed: 1, FailedFiles: []RosterFile{{Path: `x/<b>.fit`, Reason: "fit: truncated"}},
		Weeks: []RosterWeek{
			{Week: "2026-01-05", InterferenceBand: "unknown", UnderFuelingBand: "unknown"},
			{Week: "2026-01-12", Runs: 2, RunDistanceKm: &km, InterferenceScore: &score, InterferenceBand: "high",
				UnderFuelingBand: "unknown", Rules: []string{"INT-P", "INT-D"}},
		}}
	var roster, page bytes.Buffer
	if err := WriteRoster(&roster, []RosterAthlete{a}, "gainguard test"); err != nil {
		t.Fatal(err)
	}
	if err := WriteAthletePage(&page, &a, "gainguard test"); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"roster": roster.String(), "page": page.String()} {
		if strings.Contains(out, "<script>") || strings.Contains(out, "<b>") {
			t.Errorf("%s: a name reached the page unescaped", name)
		}
		if !strings.Contains(out, "<bdi>&lt;script&gt;alert(1)&lt;/script&gt; \u202eevil</bdi>") {
			t.Errorf("%s: the name is not escaped and isolated:\n%s", name, out)
		}
	}
	for _, want := range []string{`href="report/athlete=kim%252Fb%253D2.html"`, `<td>2026-01-12</td>`, `class="high">72 high</td>`, `class="unknown">unknown</td>`} {
		if !strings.Contains(roster.String(), want) {
			t.Errorf("roster lacks %s:\n%s", want, roster.String())
		}
	}
	for _, want := range []string{`href="../report.html"`, `<td class="n">12.3</td>`, `INT-P, INT-D`, `<bdi>x/&lt;b&gt;.fit</bdi>: fit: truncated`, "2 weeks scored"} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("athlete page lacks %s:\n%s", want, page.String())
		}
	}
}
