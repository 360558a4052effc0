// Package ingest holds gainguard's shared vocabulary (Activity, Sample,
// Lap, Set, Kind, Region, DayIntake, BodyMeasurement, SleepNight,
// RestingHR, Profile) and the batch importer, [Import], that walks folders
// of exports and turns every file into that vocabulary, as package image
// does for image/png.
//
// The formats live in sub-packages that import ingest; the caller lists
// them in [Options.Formats] (a [Format] table: no init-time registration):
//
//   - ingest/fit: FIT activities from watches and bike computers, FIT
//     strength sessions, and a smart scale's FIT weight files;
//   - ingest/gpx: GPX tracks (Strava, Garmin, Apple Health routes);
//   - ingest/tcx: Garmin TCX activities;
//   - ingest/csvlog: CSV logs of lift apps (Strong, Hevy, FitNotes,
//     Fitbod, a generic sets log), food logs (MyFitnessPal, Cronometer,
//     a generic daily log), body-weight logs, MyFitnessPal's exercise
//     log and Strava's activities.csv;
//   - ingest/applehealth: Apple Health's export.xml (workouts, heart
//     rate, weigh-ins, food, sleep) and the workout routes beside it;
//   - ingest/garminwellness: Garmin Connect's wellness JSON (sleep,
//     resting heart rate, weigh-ins).
//
// Import itself reads the containers and side files: ".gz" files and
// ".zip" archives in place, nested ones too, such as Strava's bulk export
// with its activities.csv and Garmin Connect's "Export your data" (see
// "Compressed and bundled exports"); athlete.json profiles ([Profile]);
// sport settings ([SportFileName]). Planned weeks (iCalendar and plan
// CSV, for gainguard plan) are read by ingest/plan, and what Import
// decoded is kept between runs by ingest/state (see [Cache]).
//
// Conventions: all times are UTC time.Time values; the activity's local
// offset is kept separately in [Activity.TZOffsetS]. Float quantities carry
// their unit in the field name or comment.
//
// Missing numbers: a measured or logged float that is missing is NaN (use
// [Missing] and [Known]), never 0, which is a value (0 kg is bodyweight);
// a missing count (an int, which cannot be NaN) is -1. Consumers test
// ranges (an RPE counts when it is in 1–10), so a zero value left by a
// struct literal reads as missing too. [Profile] is the exception: it
// mirrors the athlete.json settings file, where 0 (an absent key) means
// "not given".
//
// # Compressed and bundled exports
//
// [Import] reads what people export, in place, without unpacking to disk:
// "run.fit.gz" and other ".gz" files (the format comes from the inner
// extension), and ".zip" archives such as Strava's bulk export
// (activities/*.fit.gz, *.gpx, *.tcx.gz and activities.csv) or Garmin
// Connect's "Export your data" (zips of FIT files nested inside the zip).
// Every entry is accounted for as its own [FileResult] with the path
// "archive.zip!inner/path.fit" ("a.zip!b.zip!c.fit" when nested), and the
// archive gets a row of its own. The guards are listed at
// [DefaultMaxEntryBytes]. Strava's activities.csv (a row with format
// "strava-csv") gives the activities of the files it lists their name
// when the file has none and their sport when the file's is unknown.
//
// # Duplicates
//
// The same session often arrives from several sources: a FIT and a GPX of
// the same run, Garmin's and Strava's archives of the same months. [Import]
// counts it once. Two activities are duplicates when
//
//   - they belong to the same athlete and come from different files;
//   - their kinds are compatible: equal, or one of them is [KindOther]
//     (a track without a sport), or one of them has a sport only guessed
//     (from a folder setting, its name or its stream: see
//     [Activity.SportSource]);
//   - both start times are exact (not [PrecisionDate]) and on the same
//     clock (both or neither [Activity.Floating]);
//   - they start within [DuplicateStartWindow] of each other, or they
//     overlap by at least [DuplicateOverlap] of the shorter one's elapsed
//     time.
//
// Of duplicates, the richest is kept, ranking by: has heart-rate samples,
// has strength sets, number of samples, has laps, has a distance, format
// (fit > tcx > applehealth > gpx > csv > others), then the lexicographically smallest
// Source (and index in file). The kept activity drops every undecided
// activity that is a duplicate of it, richest first, so the outcome does
// not depend on input order; it takes the name of a dropped one when it
// has none (a Strava title over a Garmin file), and its sport when the
// dropped one's sport has a stronger source (the typed copy's sport wins:
// a GPX without <type> kept for its heart rate takes the sport of the FIT
// file of the same run), and the exercise names of a dropped copy whose
// sets were named in Garmin Connect ([NamesConnect]; the kept sets keep
// their timing, see adoptSetNames; Connect sets that match no kept set
// are counted in [FileResult.DroppedSets] and named in its Reason). A
// file whose every
// activity was dropped gets status [StatusDuplicate] and
// [FileResult.DuplicateOf]; intake days and body measurements are not
// deduplicated.
package ingest
