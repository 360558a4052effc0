package main

import (
	"os/exec"
	"strings"
	"testing"
)

// depsRules is gainguard's allowed import graph, written as data in the
// spirit of go/build's deps_test.go: data flows ingest → metrics → report,
// cmd wires everything, and no stage reaches backwards. Each gainguard
// package may import only the gainguard packages listed for it (prefix
// match); third-party modules are listed per package so a new dependency
// is a visible decision.
var depsRules = map[string]struct {
	own   []string
	third []string
}{
	"gainguard/ingest":        {nil, nil},
	"gainguard/ingest/fit":    {[]string{"gainguard/ingest"}, []string{"github.com/muktihari/fit"}},
	"gainguard/ingest/gpx":    {[]string{"gainguard/ingest"}, []string{"github.com/tkrajina/gpxgo", "golang.org/x/net/html/charset", "golang.org/x/text/encoding"}},
	"gainguard/ingest/tcx":    {[]string{"gainguard/ingest"}, nil},
	"gainguard/ingest/csvlog": {[]string{"gainguard/ingest"}, nil},
	// Planned weeks (gainguard plan): iCalendar via go-ical, RRULE via rrule-go.
	"gainguard/ingest/plan": {[]string{"gainguard/ingest"}, []string{"github.com/emersion/go-ical", "github.com/teambition/rrule-go"}},
	// Apple Health reads its workout routes with ingest/gpx.
	"gainguard/ingest/applehealth":    {[]string{"gainguard/ingest"}, nil},
	"gainguard/ingest/garminwellness": {[]string{"gainguard/ingest"}, nil},
	// The incremental state: decoded outcomes kept between runs.
	"gainguard/ingest/state": {[]string{"gainguard/ingest"}, nil},
	// Test support for the importers: finds ../shared/corpus.
	"gainguard/ingest/internal/corpustest": {[]string{"gainguard/ingest"}, nil},
	"gainguard/metrics":                    {[]string{"gainguard/ingest"}, nil},
	// The output folder's commit protocol: a leaf every writer can import.
	"gainguard/ingest/commit": {nil, []string{"golang.org/x/sys/unix"}},
	// report is scoring; its writers are sub-packages that import it,
	// never the reverse: report/tables (Parquet), report/html, and
	// report/output (the output folder, which uses both).
	"gainguard/report":                     {[]string{"gainguard/ingest", "gainguard/metrics", "gainguard/report/internal/values"}, nil},
	"gainguard/report/internal/values":     {nil, nil},
	"gainguard/report/internal/reporttest": {[]string{"gainguard/ingest", "gainguard/metrics", "gainguard/report"}, []string{"github.com/parquet-go/parquet-go"}},
	"gainguard/report/internal/pairweek":   {[]string{"gainguard/ingest", "gainguard/metrics", "gainguard/report/internal/values"}, nil},
	"gainguard/report/tables":              {[]string{"gainguard/ingest", "gainguard/metrics", "gainguard/report"}, []string{"github.com/parquet-go/parquet-go", "github.com/klauspost/compress/zstd"}},
	"gainguard/report/html":                {[]string{"gainguard/ingest", "gainguard/metrics", "gainguard/report"}, nil},
	"gainguard/report/output":              {[]string{"gainguard/ingest", "gainguard/report"}, nil},
	"gainguard/samples":                    {[]string{"gainguard/ingest"}, []string{"github.com/muktihari/fit", "github.com/tkrajina/gpxgo"}},
	"gainguard/cmd/gainguard": {[]string{"gainguard/ingest", "gainguard/metrics", "gainguard/report", "gainguard/samples"},
		[]string{"github.com/spf13/pflag"}},
}

func TestDependencyDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "gainguard/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := fields[0], fields[1:]
		rule, ok := depsRules[pkg]
		if !ok {
			t.Errorf("package %s has no entry in depsRules: add one", pkg)
			continue
		}
		seen[pkg] = true
		for _, imp := range imports {
			var allowed []string
			switch {
			case strings.HasPrefix(imp, "gainguard/"):
				allowed = rule.own
			case strings.Contains(strings.SplitN(imp, "/", 2)[0], "."):
				allowed = rule.third
			default:
				continue // standard library
			}
			if !hasPrefixIn(imp, allowed) {
				t.Errorf("%s imports %s, which its rule does not allow (allowed: %v)", pkg, imp, allowed)
			}
		}
	}
	for pkg := range depsRules {
		if !seen[pkg] {
			t.Errorf("depsRules names %s, which no longer exists", pkg)
		}
	}
}

func hasPrefixIn(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if s == p || strings.HasPrefix(s, p+"/") {
			return true
		}
	}
	return false
}
