package fit

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gainguard/ingest"
	"gainguard/ingest/internal/corpustest"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/factory"
)

// corpusDir is the shared corpus of real-world files (see its MANIFEST.tsv).
var corpusDir = corpustest.Dir

func requireCorpus(tb testing.TB) { corpustest.Require(tb) }

// corpusPatterns find the FIT files of the corpus (fit/ and bad/*.fit).
var corpusPatterns = []string{"fit/*", "bad/*.fit"}

// corpusFiles returns the paths of the corpus FIT files, sorted.
func corpusFiles(tb testing.TB) []string { return corpustest.Paths(tb, corpusPatterns...) }

type corpusCase struct {
	path     string            // relative to corpusDir
	status   ingest.FileStatus // ingest.StatusImported / StatusSkipped / StatusFailed
	acts     int               // activities
	kind     ingest.Kind
	sport    string // of the first activity
	records  int    // samples over all activities
	sets     int    // sets over all activities
	contains string // substring of the error (skipped/failed) or of a note (imported)
}

// corpusCases is what Decode makes of every corpus file. Where it differs
// from MANIFEST.tsv (which mostly reports tormoder/fit), the comment says
// why; TestCorpusManifest checks the counts against the manifest.
var corpusCases = []corpusCase{
	// 19 trailing records lie after the session's end (start+720 s).
	{"fit/0134902991.fit", "imported", 1, "cardio", "cycling", 720, 0, "19 record(s) outside any session dropped"},
	// Header CRC 0 (allowed): the file CRC covers header and data, as the
	// FIT SDK checks it, so no checksum note (the next two and Edge810 too).
	{"fit/2013-02-06-12-11-14.fit", "imported", 1, "run", "running", 590, 0, ""},
	{"fit/2015-10-13-08-43-15.fit", "imported", 1, "cardio", "cycling", 221, 0, ""},
	{"fit/20170518-191602-1740899583.fit", "imported", 1, "cardio", "fitness_equipment", 1641, 0, ""},
	{"fit/2019-02-17-062644-ELEMNT-297E-195-0.fit", "imported", 1, "cardio", "cycling", 13471, 0, ""},
	// One record after the session's end.
	{"fit/20548472357_ACTIVITY.fit", "imported", 1, "other", "volleyball", 2081, 0, ""},
	{"fit/2067489619.fit", "imported", 1, "run", "running", 503, 0, ""},
	// Indoor bike (602 records) then strength (1985 records, 83 sets).
	{"fit/20744294788_ACTIVITY.fit", "imported", 2, "cardio", "cycling", 2587, 83, ""},
	{"fit/20748058539_ACTIVITY.fit", "imported", 1, "lift", "training", 927, 27, ""},
	// Session starts 27 days before the ride (3 stray records); repaired.
	{"fit/27-days-activity.fit", "imported", 1, "cardio", "cycling", 3696, 0, "3 stray record(s) dropped"},
	{"fit/6860622783.fit", "imported", 1, "run", "running", 3101, 0, ""},
	{"fit/6909950168.fit", "imported", 1, "run", "running", 2197, 0, ""},
	// Pool swim: its 10 records (one per length) carry no timestamp.
	{"fit/7617306288.fit", "imported", 1, "cardio", "swimming", 0, 0, "10 record(s) without a usable timestamp dropped"},
	{"fit/Activity.fit", "imported", 1, "run", "running", 14, 0, ""},
	{"fit/ActivityDevFields.fit", "imported", 1, "cardio", "stand_up_paddleboarding", 3601, 0, ""},
	// SDK example: 3 records without timestamps, no session.
	{"fit/DeveloperData.fit", "skipped", 0, "", "", 0, 0, "records have no timestamps"},
	{"fit/Edge810-Vector-2013-08-16-15-35-10.fit", "imported", 1, "cardio", "cycling", 4700, 0, ""},
	// Recorded with the watch's "Other" profile: sport generic in every message.
	{"fit/Garmin_Fenix_6-Running.fit", "imported", 1, "other", "generic", 29, 0, ""},
	{"fit/Garmin_Fenix_6S_Pro-Running.fit", "imported", 1, "run", "running", 93, 0, ""},
	{"fit/HrmPluginTestActivity.fit", "imported", 1, "cardio", "walking", 310, 0, ""},
	{"fit/MonitoringFile.fit", "skipped", 0, "", "", 0, 0, "FIT file type monitoring_b holds no activity"},
	{"fit/Suunto_Spartan_Sport_Wrist_HR_Baro.fit", "imported", 1, "cardio", "cycling", 2235, 0, ""},
	// FIT SDK weight file: 2 weight_scale readings (weight and body fat) → Body, no activity.
	{"fit/WeightScaleSingleUser.fit", "imported", 0, "", "", 0, 0, ""},
	{"fit/WorkoutIndividualSteps.fit", "skipped", 0, "", "", 0, 0, "FIT file type workout holds no activity"},
	// Header CRC 0 is allowed, and the file CRC over header and data is right.
	{"fit/ZeroHeaderCrc.fit", "imported", 1, "run", "running", 81, 0, ""},
	{"fit/Zwift-Cycling_Indoor-Assioma_Uno.fit", "imported", 1, "cardio", "cycling", 370, 0, ""},
	{"fit/activity-settings.fit", "imported", 1, "run", "running", 14, 0, ""},
	{"fit/activity_multisport.fit", "imported", 2, "cardio", "cycling", 78, 0, ""},
	{"fit/activity_poolswim_with_hr.fit", "imported", 1, "cardio", "swimming", 3501, 0, ""},
	{"fit/activity_truncated.fit", "imported", 1, "other", "", 14, 0, "no session message; summary derived from records"},
	// SRM: tormoder rejects a user_profile field; muktihari reads it all.
	{"fit/broken-start-latlng.fit", "imported", 1, "cardio", "cycling", 6864, 0, ""},
	{"fit/chained_Activity_activity_poolswim.fit", "imported", 2, "cardio", "stand_up_paddleboarding", 3625, 0, ""},
	// Forerunner 70: device-relative timestamps, mapped to local time.
	{"fit/compressed-speed-distance.fit", "imported", 1, "run", "running", 755, 0, "no UTC reference"},
	// MANIFEST says "no session message; records=1785" (tormoder stops at
	// the first misaligned field); padded, the file holds a full session
	// and 11272 records over 3.5 h, matching its 12719 s elapsed time.
	{"fit/coros-pace-2-cycling-misaligned-fields.fit", "imported", 1, "cardio", "cycling", 11272, 0, ""},
	{"fit/developer-types-sample.fit", "imported", 1, "run", "running", 3424, 0, ""},
	{"fit/event_timestamp.fit", "imported", 1, "cardio", "swimming", 4376, 0, ""},
	// Yoga with one all-session set (no exercise, reps or weight): not a lift.
	{"fit/failed.fit", "imported", 1, "other", "training", 779, 1, ""},
	{"fit/garmin-fenix-5-bike.fit", "imported", 1, "cardio", "cycling", 19, 0, ""},
	{"fit/garmin-fenix-5-run.fit", "imported", 1, "run", "running", 21, 0, ""},
	{"fit/garmin-fenix6-swim.fit", "imported", 1, "cardio", "swimming", 658, 0, ""},
	{"fit/garmin-forerunner-10.fit", "imported", 1, "run", "running", 514, 0, ""},
	{"fit/garmin-oregon-700.fit", "imported", 1, "cardio", "cycling", 999, 0, ""},
	{"fit/garmin-vivosmart-hr.fit", "imported", 1, "run", "running", 15, 0, ""},
	{"fit/hrv-activity.fit", "imported", 1, "cardio", "cycling", 1072, 0, ""},
	{"fit/nametest.FIT", "skipped", 0, "", "", 0, 0, "FIT file type settings holds no activity"},
	{"fit/running-with-developer-data.fit", "imported", 1, "run", "running", 1681, 0, ""},
	// Triathlon swim/T1/bike/T2/run.
	{"fit/sample_mulitple_header.fit", "imported", 5, "cardio", "swimming", 1773, 0, ""},
	{"fit/snorkeling-unknown-sport.fit", "imported", 1, "other", "snorkeling", 2112, 0, ""},
	// Strength without set messages: a lift by its sub-sport ("weight" is
	// weight training, not a weigh-in: no weight_scale messages, no Body).
	{"fit/suunto-weight.fit", "imported", 1, "lift", "training", 4803, 0, ""},
	{"fit/test_polar.fit", "imported", 1, "run", "running", 4495, 0, "1 record(s) outside any session dropped"},
	{"fit/tomtom-runner3-ride.fit", "imported", 1, "cardio", "cycling", 1043, 0, "1 record(s) outside any session dropped"},
	// FR255 triathlon, sessions written first; tormoder rejects it.
	{"fit/triathlon_summary_first.fit", "imported", 5, "cardio", "swimming", 4043, 0, ""},
	{"fit/unterminated-strings.fit", "imported", 1, "cardio", "cycling", 33, 0, ""},
	{"fit/valid_only_contain_fileid.fit", "skipped", 0, "", "", 0, 0, "only 1 timestamped record"},

	// file_id's time_created is declared with base type 0x0C (uint32z
	// without its endian bit); the FIT SDK reads it, so do we: a 3822 s ride.
	{"bad/971150603.fit", "imported", 1, "cardio", "cycling", 3806, 0, "lacking its endian bit"},
	// The same activity twice, the copy with a wrong CRC: one activity.
	{"bad/activity-activity-filecrc.fit", "imported", 1, "run", "running", 14, 0, "1 duplicate session(s)"},
	{"bad/activity-filecrc.fit", "imported", 1, "run", "running", 14, 0, "file checksum mismatch ignored"},
	// A complete activity, then garbage where a second FIT header should be.
	{"bad/activity-settings-corruptheader.fit", "imported", 1, "run", "running", 14, 0, "decoding stopped early (not a FIT file"},
	{"bad/activity-settings-nodata.fit", "imported", 1, "run", "running", 14, 0, "decoding stopped early (truncated"},
	{"bad/empty-activities.fit", "failed", 0, "", "", 0, 0, "fit: not a FIT file: decode file header [byte pos: 12]: invalid data size"},
	// The damage comes after the session and activity messages.
	{"bad/lezyne_super_gps-garmin_fit-sample-bad-endian.fit", "imported", 1, "cardio", "cycling", 804, 0, "kept 1 complete session(s)"},
	// Session written first, records break off after 314 s of 3558 s: the
	// 472 records read (one stray record 64 years on dropped) are the
	// activity, a run by its incomplete session, flagged by the note.
	{"bad/strava-android-app-201.10-b1218918.fit", "imported", 1, "run", "running", 472, 0, "file cut short (corrupt data (message without definition)"},
}

// corpusBody counts the body measurements (weight_scale readings) that
// Decode takes from a corpus file; files not listed have none.
var corpusBody = map[string]int{
	"fit/WeightScaleSingleUser.fit": 2, // MANIFEST: weight_scale_msgs=2
}

func decodeFile(tb testing.TB, path string) (ingest.Decoded, error) {
	tb.Helper()
	return corpustest.DecodeFile(tb, path, Decode)
}

func TestCorpus(t *testing.T) {
	byPath := make(map[string]corpusCase, len(corpusCases))
	for _, c := range corpusCases {
		byPath[c.path] = c
	}
	corpustest.Each(t, corpustest.Files(t, corpusPatterns...), byPath, func(t *testing.T, rel, path string, c corpusCase) {
		t.Parallel()
		d, err := decodeFile(t, path)
		if corpustest.Outcome[*FormatError](t, d, err, c.status, c.contains) {
			return
		}
		if len(d.Activities) != c.acts {
			t.Fatalf("%d activities, want %d", len(d.Activities), c.acts)
		}
		if got, want := len(d.Body), corpusBody[rel]; got != want {
			t.Errorf("%d body measurements, want %d", got, want)
		}
		if c.acts == 0 {
			if len(d.Body) == 0 {
				t.Fatal("imported without activities or body measurements")
			}
			return
		}
		records, sets := 0, 0
		for i, a := range d.Activities {
			records += len(a.Samples)
			sets += len(a.Sets)
			checkActivity(t, i, &a)
		}
		first := d.Activities[0]
		if first.Kind != c.kind || first.Sport != c.sport {
			t.Errorf("first activity %s/%s, want %s/%s", first.Kind, first.Sport, c.kind, c.sport)
		}
		if records != c.records || sets != c.sets {
			t.Errorf("records %d sets %d, want %d, %d", records, sets, c.records, c.sets)
		}
		if c.contains != "" && !slices.ContainsFunc(d.Notes, func(n string) bool { return strings.Contains(n, c.contains) }) {
			t.Errorf("notes %q lack %q", d.Notes, c.contains)
		}
	})
}

// checkActivity asserts what every decoded activity must satisfy.
func checkActivity(t testing.TB, i int, a *ingest.Activity) {
	t.Helper()
	if a.Format != "fit" || a.Index != i || a.Precision != ingest.PrecisionExact {
		t.Errorf("activity %d: format %q index %d precision %q", i, a.Format, a.Index, a.Precision)
	}
	if a.ID != "" || a.Athlete != "" || a.Source != "" {
		t.Errorf("activity %d: ID/Athlete/Source set by the decoder", i)
	}
	if a.Start.IsZero() || a.Start.Before(absLimit) || a.Start.Location().String() != "UTC" {
		t.Errorf("activity %d: start %v", i, a.Start)
	}
	if !(a.ElapsedS >= 0) || !(a.TimerS >= 0) {
		t.Errorf("activity %d: elapsed %v timer %v", i, a.ElapsedS, a.TimerS)
	}
	if a.Kind == "" {
		t.Errorf("activity %d: no kind", i)
	}
	for j := 1; j < len(a.Samples); j++ {
		if a.Samples[j].Time.Before(a.Samples[j-1].Time) {
			t.Errorf("activity %d: samples out of order at %d", i, j)
			break
		}
	}
	for _, s := range a.Sets {
		if s.Region == "" || (s.Type != ingest.SetActive && s.Type != ingest.SetRest) {
			t.Errorf("activity %d: set %+v", i, s)
		}
	}
}

// TestCorpusStrength checks the strength files' sets against the manifest's
// tallies (made with muktihari/fit's own mesgdef decoding).
func TestCorpusStrength(t *testing.T) {
	requireCorpus(t)
	for _, c := range []struct {
		file                         string
		act                          int
		active, rest, reps, weighted int
		exercises                    []string // first active sets' exercises
	}{
		{"fit/20744294788_ACTIVITY.fit", 1, 41, 42, 376, 16, nil},
		{"fit/20748058539_ACTIVITY.fit", 0, 14, 13, 74, 5, []string{"pull_up", "triceps_extension", "shrug", ""}},
		{"fit/failed.fit", 0, 1, 0, 0, 0, []string{""}},
	} {
		d, err := decodeFile(t, filepath.Join(corpusDir, c.file))
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		a := d.Activities[c.act]
		var active, rest, reps, weighted int
		var ex []string
		for _, s := range a.Sets {
			if s.Type == ingest.SetRest {
				rest++
				continue
			}
			active++
			if s.Reps > 0 {
				reps += s.Reps
			}
			if s.WeightKg > 0 {
				weighted++
			}
			ex = append(ex, s.Exercise)
		}
		if active != c.active || rest != c.rest || reps != c.reps || weighted != c.weighted {
			t.Errorf("%s: active %d rest %d reps %d weighted %d, want %d %d %d %d",
				c.file, active, rest, reps, weighted, c.active, c.rest, c.reps, c.weighted)
		}
		if c.exercises != nil && !slices.Equal(ex[:len(c.exercises)], c.exercises) {
			t.Errorf("%s: exercises %q, want prefix %q", c.file, ex, c.exercises)
		}
	}
}

var (
	droppedRecords = regexp.MustCompile(`(\d+) (?:stray )?record\(s\)`)
)

// manifestDisagreements lists the files whose counts differ from
// MANIFEST.tsv, and why (each was checked by hand against the raw file).
var manifestDisagreements = map[string]string{
	"fit/coros-pace-2-cycling-misaligned-fields.fit": "manifest counted only up to the first misaligned field (records=1785, no session); the file holds a session and 11272 records",
	"bad/activity-activity-filecrc.fit":              "the repeated copy's 14 records belong to the dropped duplicate session",
	"fit/HrmPluginTestActivity.fit":                  "", // agrees; listed to show chained HRM segments add no records
}

// TestCorpusManifest compares session and record counts with the manifest:
// activities = sessions, and records kept + records dropped (as the notes
// say) = records.
func TestCorpusManifest(t *testing.T) {
	requireCorpus(t)
	rows := corpustest.Manifest(t, "fit")
	paths := slices.Sorted(maps.Keys(rows))
	for _, path := range paths {
		c := rows[path]
		if _, err := os.Stat(filepath.Join(corpusDir, path)); err != nil {
			t.Errorf("%s: listed in MANIFEST but missing", path)
			continue
		}
		d, err := decodeFile(t, filepath.Join(corpusDir, path))
		if err != nil {
			continue // TestCorpus covers failures and skips
		}
		if why, ok := manifestDisagreements[path]; ok && why != "" {
			continue
		}
		if n, ok := c["sessions"]; ok && n != len(d.Activities) {
			t.Errorf("%s: %d activities, manifest says sessions=%d", path, len(d.Activities), n)
		}
		if want, ok := c["laps"]; ok && path != "fit/27-days-activity.fit" {
			// (27-days-activity's one lap has no start time and is dropped.)
			got := 0
			for _, a := range d.Activities {
				got += len(a.Laps)
			}
			if got != want {
				t.Errorf("%s: %d laps, manifest says laps=%d", path, got, want)
			}
		}
		if want, ok := c["records"]; ok {
			got := 0
			for _, a := range d.Activities {
				got += len(a.Samples)
			}
			for _, n := range d.Notes {
				if m := droppedRecords.FindStringSubmatch(n); m != nil {
					k, _ := strconv.Atoi(m[1])
					got += k
				}
			}
			if got != want {
				t.Errorf("%s: %d records kept+dropped, manifest says records=%d (notes %q)", path, got, want, d.Notes)
			}
		}
	}
}

// TestFieldFactoryEquivalence checks that decoding with fieldFactory gives
// exactly what the standard factory gives, on every corpus file.
func TestFieldFactoryEquivalence(t *testing.T) {
	requireCorpus(t)
	if testing.Short() {
		t.Skip("decodes the corpus twice; skipped in -short mode")
	}
	type result struct {
		d   ingest.Decoded
		err error
	}
	paths := corpusFiles(t)
	fast := make([]result, len(paths))
	for i, p := range paths {
		fast[i].d, fast[i].err = decodeFile(t, p)
	}
	saved := decoderFactory
	decoderFactory = func() decoder.Factory { return factory.StandardFactory() }
	defer func() { decoderFactory = saved }()
	for i, p := range paths {
		d, err := decodeFile(t, p)
		if fmt.Sprint(err) != fmt.Sprint(fast[i].err) || !sameDecoded(&d, &fast[i].d) {
			t.Errorf("%s: fieldFactory result differs from the standard factory's", p)
		}
	}
}

// sameDecoded is reflect.DeepEqual with NaN equal to NaN.
func sameDecoded(a, b *ingest.Decoded) bool {
	if !slices.Equal(a.Notes, b.Notes) || len(a.Activities) != len(b.Activities) {
		return false
	}
	same := func(x, y float64) bool { return x == y || (x != x && y != y) }
	for i := range a.Activities {
		x, y := a.Activities[i], b.Activities[i]
		xs, ys := x.Samples, y.Samples
		x.Samples, y.Samples = nil, nil
		// Everything but the samples, NaNs included, prints the same.
		if fmt.Sprintf("%+v", x) != fmt.Sprintf("%+v", y) || len(xs) != len(ys) {
			return false
		}
		for j := range xs {
			p, q := &xs[j], &ys[j]
			if !p.Time.Equal(q.Time) || !same(p.HR, q.HR) || !same(p.SpeedMS, q.SpeedMS) ||
				!same(p.DistanceM, q.DistanceM) || !same(p.Cadence, q.Cadence) || !same(p.PowerW, q.PowerW) ||
				!same(p.Lat, q.Lat) || !same(p.Lon, q.Lon) || !same(p.AltM, q.AltM) {
				return false
			}
		}
	}
	return true
}
