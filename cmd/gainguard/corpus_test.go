package main

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gainguard/ingest"
)

const corpusDir = "../../../shared/corpus"

// corpusOutcomes lists every corpus file whose outcome is not a plain
// import, with a substring of its reason. Every other file listed in
// MANIFEST.tsv must import with at least one activity or record. The
// importers' own corpus tests check each file's contents; this test checks
// the batch: the real format list, one row per file, nothing lost.
var corpusOutcomes = map[string]struct {
	status ingest.FileStatus
	reason string
}{
	"MANIFEST.tsv":             {ingest.StatusSkipped, "unsupported file type .tsv"},
	"bad/bad.gpx":              {ingest.StatusFailed, `parsing "undefined"`},
	"bad/empty-activities.fit": {ingest.StatusFailed, "not a FIT file"},
	"bad/garminBaseCampExport-noclosingtag.gpx": {ingest.StatusFailed, "malformed XML"},
	"bad/georust-badcharacter.gpx":              {ingest.StatusFailed, "malformed XML"},
	"bad/activity-filecrc.fit":                  {ingest.StatusDuplicate, "duplicate of"},
	"bad/activity-settings-corruptheader.fit":   {ingest.StatusDuplicate, "duplicate of"},
	"bad/activity-settings-nodata.fit":          {ingest.StatusDuplicate, "duplicate of"},
	"fit/activity-settings.fit":                 {ingest.StatusDuplicate, "duplicate of"},
	"fit/activity_truncated.fit":                {ingest.StatusDuplicate, "duplicate of"},
	"gpx/gpx1.1_with_all_fields.gpx":            {ingest.StatusDuplicate, "duplicate of"},
	// The corpus folder is one athlete (its sub-folders are not athletes
	// of their own), so copies of a session across bad/, fit/, gpx/ and
	// tcx/ are duplicates too.
	"bad/bad.tcx":                       {ingest.StatusDuplicate, "duplicate of ../../../shared/corpus/tcx/tour_hr.tcx"},
	"fit/Activity.fit":                  {ingest.StatusDuplicate, "duplicate of ../../../shared/corpus/bad/activity-activity-filecrc.fit"},
	"gpx/2067489619.gpx":                {ingest.StatusDuplicate, "duplicate of ../../../shared/corpus/fit/2067489619.fit"},
	"fit/DeveloperData.fit":             {ingest.StatusSkipped, "no timestamps"},
	"fit/MonitoringFile.fit":            {ingest.StatusSkipped, "monitoring_b holds no activity"},
	"fit/WorkoutIndividualSteps.fit":    {ingest.StatusSkipped, "workout holds no activity"},
	"fit/nametest.FIT":                  {ingest.StatusSkipped, "settings holds no activity"},
	"fit/valid_only_contain_fileid.fit": {ingest.StatusSkipped, "no session"},
	"gpx/cerknicko-without-times.gpx":   {ingest.StatusSkipped, "no timestamps"},
	"gpx/empty_trk.gpx":                 {ingest.StatusSkipped, "no points"},
	"gpx/garminBaseCampExport.gpx":      {ingest.StatusSkipped, "no timestamps"},
	"gpx/gpx_with_garmin_extension.gpx": {ingest.StatusSkipped, "no tracks"},
	"gpx/iso8859-1encoded.gpx":          {ingest.StatusSkipped, "no tracks"},
	"gpx/strava_route_example.gpx":      {ingest.StatusSkipped, "no timestamps"},
	"gpx/unicode_with_bom.gpx":          {ingest.StatusSkipped, "no tracks"},
	"tcx/tcx-courses.tcx":               {ingest.StatusSkipped, "planned route"},
}

func TestCorpusEveryFileAccountedFor(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpusDir, "MANIFEST.tsv")); err != nil {
		t.Skipf("corpus not found at %s (it sits beside the clone as ../shared): %v", corpusDir, err)
	}
	manifest := map[string]bool{"MANIFEST.tsv": true}
	f, err := os.Open(filepath.Join(corpusDir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for first := true; sc.Scan(); first = false {
		if !first {
			manifest[strings.SplitN(sc.Text(), "\t", 2)[0]] = true
		}
	}
	f.Close()

	b, err := ingest.Import(context.Background(), []string{corpusDir}, ingest.Options{Formats: formats})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range b.Files {
		rel, err := filepath.Rel(corpusDir, r.Path)
		if err != nil {
			t.Fatal(err)
		}
		rel = filepath.ToSlash(rel)
		if seen[rel] {
			t.Errorf("%s has two rows", rel)
		}
		seen[rel] = true
		if !manifest[rel] {
			t.Errorf("%s is not in MANIFEST.tsv", rel)
		}
		want, special := corpusOutcomes[rel]
		switch {
		case special && (r.Status != want.status || !strings.Contains(r.Reason, want.reason)):
			t.Errorf("%s: %s %q, want %s containing %q", rel, r.Status, r.Reason, want.status, want.reason)
		case !special && (r.Status != ingest.StatusImported || r.Activities+r.Records == 0):
			t.Errorf("%s: %s with %d activities, %d records (%q), want imported", rel, r.Status, r.Activities, r.Records, r.Reason)
		case r.Status != ingest.StatusImported && r.Reason == "":
			t.Errorf("%s: status %s without a reason", rel, r.Status)
		}
	}
	for rel := range manifest {
		if !seen[rel] {
			t.Errorf("%s (in MANIFEST.tsv) is not accounted for", rel)
		}
	}
	imp, dup, skip, fail := b.Summary()
	if imp+dup+skip+fail != len(b.Files) {
		t.Errorf("summary %d+%d+%d+%d != %d rows", imp, dup, skip, fail, len(b.Files))
	}
	t.Logf("%d files: %d imported, %d duplicates, %d skipped, %d failed; %d activities",
		len(b.Files), imp, dup, skip, fail, len(b.Activities))
}
