package samples

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// gpxEvery is the GPX point interval in timer seconds. GPX is about eight
// times bulkier per point than FIT, so GPX runs are sampled sparsely, as a
// watch on "smart recording" would.
const gpxEvery = 5

const gpxHeader = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="gainguard samples" xmlns="http://www.topografix.com/GPX/1/1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd http://www.garmin.com/xmlschemas/TrackPointExtension/v1 http://www.garmin.com/xmlschemas/TrackPointExtensionv1.xsd">
`

// runTitle names a run after its local start time, as Strava does.
func runTitle(local time.Time) string {
	switch h := local.Hour(); {
	case h < 5:
		return "Night Run"
	case h < 11:
		return "Morning Run"
	case h < 14:
		return "Lunch Run"
	case h < 17:
		return "Afternoon Run"
	case h < 21:
		return "Evening Run"
	}
	return "Night Run"
}

// encodeRunGPX writes a run as GPX 1.1 with Garmin TrackPointExtension
// heart rate and cadence; times are UTC with "Z". The XML is written by
// hand (not with gpxgo) to keep it byte-stable and compact.
func encodeRunGPX(buf *memFile, ap *athletePlan, s *session, rng *rand.Rand) error {
	pts := simulateRun(ap, s, rng, nil)
	start := s.start.UTC()
	b := buf.b
	b = append(b, gpxHeader...)
	b = append(b, " <metadata><time>"...)
	b = start.AppendFormat(b, time.RFC3339)
	b = append(b, "</time></metadata>\n <trk>\n  <name>"...)
	b = append(b, runTitle(s.start)...)
	b = append(b, "</name>\n  <type>running</type>\n  <trkseg>\n"...)
	for i := range pts {
		if i%gpxEvery != 0 && i != len(pts)-1 {
			continue
		}
		p := &pts[i]
		b = append(b, `   <trkpt lat="`...)
		b = strconv.AppendFloat(b, p.lat, 'f', 7, 64)
		b = append(b, `" lon="`...)
		b = strconv.AppendFloat(b, p.lon, 'f', 7, 64)
		b = append(b, `"><ele>`...)
		b = strconv.AppendFloat(b, math.Round(p.alt*10)/10, 'f', 1, 64)
		b = append(b, `</ele><time>`...)
		b = start.Add(time.Duration(p.el)*time.Second).AppendFormat(b, time.RFC3339)
		b = append(b, `</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>`...)
		b = strconv.AppendInt(b, int64(math.Round(p.hr)), 10)
		b = append(b, `</gpxtpx:hr><gpxtpx:cad>`...)
		b = strconv.AppendInt(b, int64(math.Round(p.cad)), 10)
		b = append(b, "</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>\n"...)
	}
	b = append(b, "  </trkseg>\n </trk>\n</gpx>\n"...)
	buf.b = b
	return nil
}
