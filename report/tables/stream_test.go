package tables

import (
	"bytes"
	"fmt"
	"math"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/report"
)

// streamGroups makes one dataset per athlete, in name order, with the
// given numbers of activities (every third a lift with sets), long
// distinct names and ids so that the activities' name and id columns, and
// the sets', fill more than one page; and the dataset of them all.
func streamGroups(sizes []int) (groups []*report.Dataset, whole *report.Dataset) {
	meta := report.Dataset{Version: "0.1.0-test", Generated: time.Date(2024, 3, 18, 9, 30, 0, 0, time.UTC)}
	whole = &meta
	for g, n := range sizes {
		d := meta
		d.Activities = nil
		athlete := fmt.Sprintf("athlete-%02d", g)
		start := time.Date(2024, 1, 1, 6, 0, 0, 0, time.UTC)
		for i := range n {
			a := ingest.Activity{
				ID: fmt.Sprintf("%s-%05d-%x", athlete, i, i*2654435761), Athlete: athlete,
				Source: fmt.Sprintf("%s/%05d.fit", athlete, i), Format: "fit", Kind: ingest.KindRun, Sport: "running",
				Name:  fmt.Sprintf("%s: session %d of the block, %x %x %x %x", athlete, i, i*40503, (i+g)*2654435761, i*97, i*1000003),
				Start: start.Add(time.Duration(i) * 7 * time.Hour), Precision: ingest.PrecisionExact,
				ElapsedS: float64(1000 + i), TimerS: float64(990 + i), DistanceM: float64(i) * 13.7, Calories: math.NaN(),
				AvgHR: float64(120 + i%40), MaxHR: math.NaN(),
			}
			if i%3 == 0 {
				a.Kind, a.Sport = ingest.KindLift, "training"
				for s := range i % 7 {
					a.Sets = append(a.Sets, ingest.Set{Start: a.Start.Add(time.Duration(s) * time.Minute), DurationS: 40,
						Type: ingest.SetActive, Reps: s + 3, WeightKg: float64(60 + s*5), Exercise: fmt.Sprintf("exercise %d of %s", s, a.ID),
						Region: ingest.RegionLower})
				}
			}
			d.Activities = append(d.Activities, a)
			whole.Activities = append(whole.Activities, a)
		}
		groups = append(groups, &d)
	}
	return groups, whole
}

// TestStreamMatchesWrite: a table written one group at a time (Stream)
// is byte for byte the one Write writes for the groups together, for
// groups of every size around the 64-row batch (none, 1, 63, 64, 65, …)
// and columns spanning several pages; handing each group to the Parquet
// writer as it comes, without holding back the rows short of a batch,
// would cut the pages elsewhere (the test would see it).
func TestStreamMatchesWrite(t *testing.T) {
	sizes := []int{1, 0, 63, 64, 65, 1, 129, 700, 3, 2500, 64, 17}
	groups, whole := streamGroups(sizes)
	for _, file := range []string{ActivitiesFile, SetsFile} {
		var want bytes.Buffer
		if err := Write(&want, whole, file); err != nil {
			t.Fatal(err)
		}
		var spool, got bytes.Buffer
		s, err := NewStream(&spool, file)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range groups {
			if err := s.Add(g); err != nil {
				t.Fatal(err)
			}
		}
		if err := WriteSpooled(&got, whole, file, &spool); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: streamed %d bytes differ from Write's %d", file, got.Len(), want.Len())
		}
	}

	// The batches matter: the groups handed on as they come give other
	// bytes (pages cut elsewhere).
	var want, naive bytes.Buffer
	if err := Write(&want, whole, ActivitiesFile); err != nil {
		t.Fatal(err)
	}
	pw := newTableWriter[ActivityRow](&naive, whole, "activities")
	for _, g := range groups {
		if _, err := pw.Write(ActivityRows(g)); err != nil {
			t.Fatal(err)
		}
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(naive.Bytes(), want.Bytes()) {
		t.Error("the groups written as they come match Write too: the test does not cut a page")
	}

	// An empty stream is Write's file of no rows.
	var empty, spool, got bytes.Buffer
	if err := Write(&empty, &report.Dataset{Version: whole.Version, Generated: whole.Generated}, WeeksFile); err != nil {
		t.Fatal(err)
	}
	if _, err := NewStream(&spool, WeeksFile); err != nil {
		t.Fatal(err)
	}
	if err := WriteSpooled(&got, whole, WeeksFile, &spool); err != nil || !bytes.Equal(got.Bytes(), empty.Bytes()) {
		t.Errorf("empty stream: %v, %d bytes, want Write's %d", err, got.Len(), empty.Len())
	}
	if _, err := NewStream(&spool, FilesFile); err == nil {
		t.Error("NewStream of files.parquet: no error")
	}
}
