package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// Decoded is what a format decoder found in one file.
type Decoded struct {
	Activities []Activity
	Intake     []DayIntake       // food-log days
	Body       []BodyMeasurement // weigh-ins
	Sleep      []SleepNight      // nights of sleep (wellness exports)
	Resting    []RestingHR       // daily resting heart rate (wellness exports)
	// Notes are non-fatal findings a person may want to know about
	// ("checksum mismatch ignored", "2 records without timestamp dropped").
	Notes []string
	// Release, when set, lets the decoder reuse the storage of the
	// activities' samples for a later file. The batch calls it once the
	// samples of every activity are dropped ([Options.Reduce]); nothing may
	// read them afterwards. Callers that keep the samples never call it.
	Release func()
}

// A Format is one importer: a name, the file extensions it claims, and its
// decoder. Callers pass the formats they want in an explicit list
// (cmd/gainguard builds it), like Miller's reader factory.
type Format struct {
	Name   string   // "fit", "gpx"
	Exts   []string // lower-case extensions with the dot: ".fit"
	Decode func(r io.Reader) (Decoded, error)
	// Header, when set, checks the first HeaderBytes of a file (fewer
	// when the file is shorter) before Decode reads it: an error fails
	// the file at once with that reason, so that a large file that is not
	// of the format is never read whole.
	Header func(head []byte) error
	// Config names options the decoder was built with ("lift-unit=lbs"),
	// "" for the defaults; it is part of [Options.Fingerprint], so that
	// cached outcomes decoded with other options are not used.
	Config string
	// DecodeWith, when set, is used instead of Decode by [Import]: open
	// opens a file beside the one decoded, named by a slash path relative
	// to its folder (an Apple Health export.xml and the workout routes
	// under its workout-routes/). On disk that is the file's folder; in an
	// archive, the entry's folder in the same archive.
	DecodeWith func(r io.Reader, open func(rel string) (io.ReadCloser, error)) (Decoded, error)
	// Wellness marks a format whose files hold daily logs, not activities
	// (Garmin's wellness JSON): they do not make a folder an athlete's in
	// the coach's-folder rule, so that a Garmin export's DI-Connect-*
	// folders are not taken for athletes.
	Wellness bool
	// MaxEntryBytes, when above the default per-entry cap of archives,
	// is the cap for this format's entries while [Options.MaxEntryBytes]
	// is left at its default: a decoder that streams its input can take
	// the 1–3 GB export.xml inside an Apple Health export.zip. A cap the
	// caller sets applies to every format.
	MaxEntryBytes int64
}

// HeaderBytes is how much of a file a [Format]'s Header sees.
const HeaderBytes = 64

// SkipError marks a file that decoded but holds nothing gainguard can use
// (a monitoring file, a GPX route without timestamps). Such files are
// listed with status "skipped" and the reason, not "failed".
type SkipError struct{ Reason string }

func (e *SkipError) Error() string { return e.Reason }

// Skip returns a *SkipError with the given reason.
func Skip(reason string) error { return &SkipError{Reason: reason} }

// IsSkip reports whether err is (or wraps) a *SkipError.
func IsSkip(err error) bool {
	var s *SkipError
	return errors.As(err, &s)
}

// Classify maps a normalized sport and sub-sport (lower snake_case, as the
// FIT profile spells them: "running"/"trail", "training"/"strength_training")
// to a Kind. hasSets is true when the activity carries strength sets, which
// makes it a lift whatever its sport says.
func Classify(sport, subSport string, hasSets bool) Kind {
	if hasSets {
		return KindLift
	}
	switch subSport {
	case "strength_training":
		return KindLift
	case "treadmill", "trail", "street", "track", "indoor_running", "virtual_activity":
		if sport == "running" || sport == "" || (subSport == "treadmill" && sport == "fitness_equipment") {
			return KindRun
		}
	}
	switch sport {
	case "running", "run", "trail_running", "treadmill_running", "virtual_run", "jogging":
		return KindRun
	case "training", "strength_training", "weight_training", "weighttraining", "strength":
		if sport == "training" && subSport != "" && subSport != "strength_training" {
			return KindOther
		}
		return KindLift
	case "cycling", "biking", "ride", "e_biking", "virtual_ride", "rowing", "row",
		"elliptical", "fitness_equipment", "walking", "walk", "hiking", "hike",
		"swimming", "swim", "cross_country_skiing", "stand_up_paddleboarding", "paddling":
		if sport == "fitness_equipment" {
			switch subSport {
			case "elliptical", "indoor_rowing", "stair_climbing", "indoor_cycling":
				return KindCardio
			}
			return KindOther
		}
		return KindCardio
	}
	return KindOther
}

// StatusOf maps a decoder's error to a file status: nil → imported,
// a [SkipError] → skipped, anything else → failed.
func StatusOf(err error) FileStatus {
	switch {
	case err == nil:
		return StatusImported
	case IsSkip(err):
		return StatusSkipped
	}
	return StatusFailed
}

// sizedReader is what [Import] hands a decoder reading a plain file on
// disk: the buffered stream with the file's size, for [ReadAll]. (Inside
// archives and .gz files the size is not known for certain, so decoders
// get the bare stream.)
type sizedReader struct {
	*bufio.Reader
	size int64
}

// SizeHint returns the expected number of bytes in r, or 0 when unknown.
func (s sizedReader) SizeHint() int64 { return s.size }

// ReadAll reads r to its end like [io.ReadAll], but allocates the buffer
// once when r knows its size (the readers [Import] hands decoders do, for
// files that are not compressed), instead of growing it step by step:
// decoders that need a whole file in memory use it.
func ReadAll(r io.Reader) ([]byte, error) {
	h, ok := r.(interface{ SizeHint() int64 })
	if !ok || h.SizeHint() <= 0 || h.SizeHint() > 1<<30 {
		return io.ReadAll(r)
	}
	buf := bytes.NewBuffer(make([]byte, 0, h.SizeHint()+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}
