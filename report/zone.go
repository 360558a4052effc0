package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gainguard/ingest"
	"gainguard/metrics"
	"gainguard/report/internal/values"
)

// Zone sources: where an activity's local time comes from, recorded per
// activity in activities.parquet's zone_source column.
const (
	// ZoneFile: the file recorded the offset (FIT local time, a CSV time
	// with an offset).
	ZoneFile = "file"
	// ZoneDevice: a wall-clock lift-log time placed at the offset the
	// athlete's own device file recorded nearest in time.
	ZoneDevice = "device"
	// ZoneProfile: the profile's time_zone (or --tz).
	ZoneProfile = "profile"
	// ZoneMachine: a wall-clock time placed in the zone of the machine
	// running gainguard, for want of anything better.
	ZoneMachine = "machine"
	// ZoneUTC: a UTC instant (GPX, TCX, FIT without local time) with no
	// zone given: local dates are UTC dates.
	ZoneUTC = "utc"
)

// machineZone is the zone wall clocks fall back to; a variable so that
// tests can set it.
var machineZone = time.Local

// placeWallClocks places the floating (wall-clock) activities all[idx]
// in a zone and records every activity's zone source in src (by id):
// the profile's zone when it gives one (loc); else the offset of the
// athlete's device file nearest in time (a file that recorded its own
// offset); else the machine's zone. Placed activities get HasTZ, so that
// their local dates follow the zone they were placed in. It returns one
// sentence per source used, for the athlete's assumptions.
func placeWallClocks(all []ingest.Activity, idx []int, profileZone bool, loc *time.Location, src map[string]string) []string {
	type device struct {
		wall   time.Time // local wall clock as UTC
		offset int
		source string
	}
	var devices []device
	for _, i := range idx {
		if a := &all[i]; a.HasTZ && !a.Floating && !a.Start.IsZero() {
			devices = append(devices, device{a.Start.Add(time.Duration(a.TZOffsetS) * time.Second), a.TZOffsetS, a.Source})
		}
	}
	var nDevice, nProfile, nMachine int
	offsets := map[int]bool{}
	for _, i := range idx {
		a := &all[i]
		if !a.Floating {
			switch {
			case a.HasTZ:
				src[a.ID] = ZoneFile
			case profileZone:
				src[a.ID] = ZoneProfile
			default:
				src[a.ID] = ZoneUTC
			}
			continue
		}
		// PlaceInZone rewrites times in place: the dataset's copy gets
		// its own samples, laps and sets first.
		a.Samples, a.Laps, a.Sets = cloneSlice(a.Samples), cloneSlice(a.Laps), cloneSlice(a.Sets)
		switch {
		case profileZone:
			ingest.PlaceInZone(a, loc)
			src[a.ID] = ZoneProfile
			nProfile++
			continue
		case len(devices) > 0:
			best := devices[0]
			for _, d := range devices[1:] {
				if absDur(d.wall.Sub(a.Start)) < absDur(best.wall.Sub(a.Start)) {
					best = d
				}
			}
			ingest.PlaceInZone(a, time.FixedZone("", best.offset))
			src[a.ID] = ZoneDevice
			offsets[best.offset] = true
			nDevice++
		default:
			ingest.PlaceInZone(a, machineZone)
			src[a.ID] = ZoneMachine
			nMachine++
		}
		a.HasTZ = true
	}
	var notes []string
	if nDevice > 0 {
		var offs []string
		for o := range offsets {
			offs = append(offs, offsetText(o))
		}
		slices.Sort(offs)
		notes = append(notes, fmt.Sprintf("time zone: wall-clock times of %s placed at the offset of the nearest device file (%s); give time_zone in the profile to choose",
			values.Plural(nDevice, "lift-log workout", "lift-log workouts"), strings.Join(offs, ", ")))
	}
	if nMachine > 0 {
		notes = append(notes, fmt.Sprintf("time zone: wall-clock times of %s placed in this machine's zone (%s): no profile time_zone and no device file with an offset",
			values.Plural(nMachine, "lift-log workout", "lift-log workouts"), machineZone.String()))
	}
	if nProfile > 0 {
		notes = append(notes, fmt.Sprintf("time zone: wall-clock times of %s placed in the profile's zone (%s)",
			values.Plural(nProfile, "lift-log workout", "lift-log workouts"), loc.String()))
	}
	return notes
}

func cloneSlice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append([]T(nil), s...)
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// offsetText formats an offset as UTC+02:00.
func offsetText(s int) string {
	sign := "+"
	if s < 0 {
		sign, s = "-", -s
	}
	return fmt.Sprintf("UTC%s%02d:%02d", sign, s/3600, s%3600/60)
}

// ActivityLocal returns a's start in the athlete's local time: the file's
// offset when it had one, else the athlete's profile zone when known, else
// the activity's offset as set by the importer.
func ActivityLocal(a *ingest.Activity, params map[string]metrics.Params) time.Time {
	if !a.HasTZ {
		if p, ok := params[a.Athlete]; ok && p.Loc != nil {
			return a.Start.In(p.Loc)
		}
	}
	return a.Local(a.Start)
}
