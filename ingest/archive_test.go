package ingest_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
	"gainguard/ingest/csvlog"
	"gainguard/ingest/fit"
	"gainguard/ingest/gpx"
	"gainguard/ingest/tcx"
)

var formats = []ingest.Format{fit.Format, gpx.Format, tcx.Format, csvlog.Format}

// tcxRun is a small TCX run with heart rate on a day no sample covers.
const tcxRun = `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Running"><Id>2026-09-06T08:00:00Z</Id>
 <Lap StartTime="2026-09-06T08:00:00Z"><TotalTimeSeconds>600</TotalTimeSeconds><DistanceMeters>2000</DistanceMeters>
  <Track>
   <Trackpoint><Time>2026-09-06T08:00:00Z</Time><DistanceMeters>0</DistanceMeters><HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint>
   <Trackpoint><Time>2026-09-06T08:05:00Z</Time><DistanceMeters>1000</DistanceMeters><HeartRateBpm><Value>140</Value></HeartRateBpm></Trackpoint>
   <Trackpoint><Time>2026-09-06T08:10:00Z</Time><DistanceMeters>2000</DistanceMeters><HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>
  </Track></Lap>
</Activity></Activities></TrainingCenterDatabase>
`

const samples = "../samples/activities/"

// Sample sessions used below: two runs and a lift as FIT, a run as GPX.
const (
	runA  = "2026-08-31-0806-run-liss.fit"
	runB  = "2026-09-01-1825-run-hiit.fit"
	liftL = "2026-08-31-0715-lift-upper.fit"
	runG  = "2026-09-05-0920-run-easy.gpx"
)

func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(samples + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// entry is one file of a test archive; dir entries end in "/".
type entry struct {
	name  string
	data  []byte
	store bool // zip.Store instead of zip.Deflate
}

func zipBytes(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		m := zip.Deflate
		if e.store || strings.HasSuffix(e.name, "/") {
			m = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// gpxCopy renders a FIT file's first activity as a bare GPX track (no
// heart rate, no type, no name, every 5th sample): what a site's GPX
// export of the same session looks like.
func gpxCopy(t testing.TB, fitData []byte) []byte {
	t.Helper()
	dec, err := fit.Decode(bytes.NewReader(fitData))
	if err != nil || len(dec.Activities) == 0 {
		t.Fatalf("decoding the FIT to copy: %v", err)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>` + "\n")
	for i, s := range dec.Activities[0].Samples {
		if i%5 != 0 {
			continue
		}
		lat, lon := s.Lat, s.Lon
		if math.IsNaN(lat) || math.IsNaN(lon) {
			lat, lon = 52.5+float64(i)*1e-5, 13.4
		}
		fmt.Fprintf(&b, `<trkpt lat="%.7f" lon="%.7f"><time>%s</time></trkpt>`+"\n", lat, lon, s.Time.UTC().Format(time.RFC3339))
	}
	b.WriteString("</trkseg></trk></gpx>\n")
	return []byte(b.String())
}

// stripGPX removes a GPX track's name and type, as some exports do.
func stripGPX(data []byte) []byte {
	s := string(data)
	for _, tag := range []string{"name", "type"} {
		if i := strings.Index(s, "<"+tag+">"); i >= 0 {
			if j := strings.Index(s[i:], "</"+tag+">"); j >= 0 {
				s = s[:i] + s[i+j+len(tag)+3:]
			}
		}
	}
	return []byte(s)
}

// stravaCSV is an activities.csv as Strava's bulk export writes it: the
// header repeats names (Elapsed Time, Distance...), so it is read by
// position.
func stravaCSV(rows ...[4]string) []byte {
	var b strings.Builder
	b.WriteString("\ufeffActivity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance," +
		"Max Heart Rate,Relative Effort,Commute,Activity Gear,Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time," +
		"Distance,Max Speed\n")
	for _, r := range rows { // id, name, type, filename
		fmt.Fprintf(&b, "%s,\"Aug 31, 2026, 6:06:00 AM\",\"%s\",%s,,3600,10.01,180,50,false,,%s,82,,3600,3500,10010.2,4.1\n",
			r[0], r[1], r[2], r[3])
	}
	return []byte(b.String())
}

// exportTree writes a Strava-like and a Garmin-like export of the same
// sessions under root, and returns the paths (relative to root) every
// file row must have.
func exportTree(t testing.TB, root string) {
	t.Helper()
	a, b, l := sample(t, runA), sample(t, runB), sample(t, liftL)
	write(t, filepath.Join(root, "strava.zip"), zipBytes(t,
		entry{name: "activities/"},
		entry{name: "activities.csv", data: stravaCSV(
			[4]string{"1001", "Monday LISS", "Run", "activities/1001.fit.gz"},
			[4]string{"1002", "Upper day", "Weight Training", "activities/1002.fit.gz"},
			[4]string{"1003", "Saturday easy", "Run", "activities/1003.gpx"},
			[4]string{"1004", "Intervals", "Run", "activities/1004.gpx.gz"},
			[4]string{"1005", "Manual entry", "Yoga", ""},
			[4]string{"1006", "Sunday shakeout", "Run", "activities/1006.tcx.gz"},
		)},
		entry{name: "activities/1001.fit.gz", data: gz(t, a), store: true},
		entry{name: "activities/1002.fit.gz", data: gz(t, l), store: true},
		entry{name: "activities/1003.gpx", data: stripGPX(sample(t, runG))},
		entry{name: "activities/1004.gpx.gz", data: gz(t, gpxCopy(t, b))},
		entry{name: "activities/1006.tcx.gz", data: gz(t, []byte(tcxRun)), store: true},
		entry{name: "__MACOSX/activities/._1001.fit.gz", data: []byte("\x00\x05\x16\x07junk")},
		entry{name: "media/photo.jpg", data: []byte("\xff\xd8\xff")},
	))
	part := zipBytes(t,
		entry{name: "run-A.fit", data: a},
		entry{name: "lift-L.fit", data: l},
		entry{name: "run-B.fit", data: b},
	)
	write(t, filepath.Join(root, "garmin.zip"), zipBytes(t,
		entry{name: "DI_CONNECT/DI-Connect-Fitness/me_summarizedActivities.json", data: []byte("[]")},
		entry{name: "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", data: part, store: true},
	))
}

type wantRow struct {
	status        ingest.FileStatus
	format        string
	acts, dups    int
	dupOf, reason string
}

func TestImportStravaAndGarminExports(t *testing.T) {
	root := t.TempDir()
	exportTree(t, root)
	const part = "garmin.zip!DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"
	abs := func(p string) string { return filepath.Join(root, p) }
	want := map[string]wantRow{
		"strava.zip":                                   {ingest.StatusImported, "zip", 2, 3, "", "zip archive of 8 files"},
		"strava.zip!activities.csv":                    {ingest.StatusImported, "strava-csv", 0, 0, "", "activity index for 5 files"},
		"strava.zip!activities/1001.fit.gz":            {ingest.StatusDuplicate, "fit", 0, 1, abs(part + "!run-A.fit"), "duplicate of " + abs(part+"!run-A.fit")},
		"strava.zip!activities/1002.fit.gz":            {ingest.StatusDuplicate, "fit", 0, 1, abs(part + "!lift-L.fit"), "duplicate of"},
		"strava.zip!activities/1003.gpx":               {ingest.StatusImported, "gpx", 1, 0, "", ""},
		"strava.zip!activities/1004.gpx.gz":            {ingest.StatusDuplicate, "gpx", 0, 1, abs(part + "!run-B.fit"), "duplicate of"},
		"strava.zip!activities/1006.tcx.gz":            {ingest.StatusImported, "tcx", 1, 0, "", ""},
		"strava.zip!__MACOSX/activities/._1001.fit.gz": {ingest.StatusSkipped, "", 0, 0, "", "macOS resource fork"},
		"strava.zip!media/photo.jpg":                   {ingest.StatusSkipped, "", 0, 0, "", "unsupported file type .jpg"},
		"garmin.zip":                                   {ingest.StatusImported, "zip", 3, 0, "", "zip archive of 5 files"},
		"garmin.zip!DI_CONNECT/DI-Connect-Fitness/me_summarizedActivities.json": {ingest.StatusSkipped, "", 0, 0, "", "unsupported file type .json"},
		part:                 {ingest.StatusImported, "zip", 3, 0, "", "zip archive of 3 files"},
		part + "!run-A.fit":  {ingest.StatusImported, "fit", 1, 0, "", ""},
		part + "!lift-L.fit": {ingest.StatusImported, "fit", 1, 0, "", ""},
		part + "!run-B.fit":  {ingest.StatusImported, "fit", 1, 0, "", ""},
	}
	var first string
	for _, workers := range []int{1, 3, 16} {
		b, err := ingest.Import(context.Background(), []string{root}, ingest.Options{Formats: formats, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		checkRows(t, root, b, want)
		if n := len(b.Activities); n != 5 {
			t.Errorf("got %d activities, want 5 (each session once)", n)
		}
		imp, dup, skip, fail := b.Summary()
		if imp != 9 || dup != 3 || skip != 3 || fail != 0 {
			t.Errorf("summary %d imported, %d duplicates, %d skipped, %d failed", imp, dup, skip, fail)
		}
		byName := map[string]ingest.Activity{}
		for _, a := range b.Activities {
			rel := mustRel(root, a.Source)
			byName[rel] = a
		}
		// The Strava index names and types the GPX that has neither, and
		// the kept Garmin copy takes the Strava title of its duplicate.
		if a := byName["strava.zip!activities/1003.gpx"]; a.Name != "Saturday easy" || a.Sport != "running" || a.Kind != ingest.KindRun {
			t.Errorf("1003.gpx: name %q sport %q kind %q, want the activities.csv's", a.Name, a.Sport, a.Kind)
		}
		if a := byName["strava.zip!activities/1006.tcx.gz"]; a.Name != "Sunday shakeout" || a.Kind != ingest.KindRun {
			t.Errorf("1006.tcx.gz: name %q kind %q", a.Name, a.Kind)
		}
		if a := byName[part+"!run-A.fit"]; a.Name != "Monday LISS" {
			t.Errorf("kept run-A.fit should take the dropped Strava copy's title, has %q", a.Name)
		}
		if a := byName[part+"!run-B.fit"]; a.Samples == nil || !hasHR(a) {
			t.Errorf("run B: the FIT with heart rate should be kept over the GPX copy")
		}
		got := dump(root, b)
		if first == "" {
			first = got
		} else if got != first {
			t.Errorf("workers=%d changed the result:\n%s\nvs\n%s", workers, got, first)
		}
	}
}

func hasHR(a ingest.Activity) bool {
	for _, s := range a.Samples {
		if ingest.Known(s.HR) {
			return true
		}
	}
	return false
}

// dump renders everything a batch says about files and activities.
func dump(root string, b *ingest.Batch) string {
	var s strings.Builder
	for _, f := range b.Files {
		rel := mustRel(root, f.Path)
		fmt.Fprintf(&s, "%s %s %s %s %d %d %d %q %q\n", rel, f.Athlete, f.Format, f.Status, f.Activities, f.Duplicates,
			f.SizeBytes, f.DuplicateOf, f.Reason)
	}
	for _, a := range b.Activities {
		fmt.Fprintf(&s, "%s %s %s %s %s\n", a.ID, a.Athlete, a.Start.Format(time.RFC3339), a.Source, a.Name)
	}
	return s.String()
}

// checkRows checks that every row is in want and matches it, and that
// every wanted row is there exactly once.
func checkRows(t *testing.T, root string, b *ingest.Batch, want map[string]wantRow) {
	t.Helper()
	seen := map[string]bool{}
	for _, f := range b.Files {
		rel := mustRel(root, f.Path)
		if seen[rel] {
			t.Errorf("%s accounted for twice", rel)
		}
		seen[rel] = true
		w, ok := want[rel]
		if !ok {
			t.Errorf("unexpected row %s: %+v", rel, f)
			continue
		}
		if f.Status != w.status || f.Format != w.format || f.Activities != w.acts || f.Duplicates != w.dups ||
			f.DuplicateOf != w.dupOf || !strings.Contains(f.Reason, w.reason) {
			t.Errorf("%s:\n got %s/%s acts=%d dups=%d of=%q reason=%q\nwant %s/%s acts=%d dups=%d of=%q reason containing %q",
				rel, f.Status, f.Format, f.Activities, f.Duplicates, f.DuplicateOf, f.Reason,
				w.status, w.format, w.acts, w.dups, w.dupOf, w.reason)
		}
	}
	for rel := range want {
		if !seen[rel] {
			t.Errorf("%s not accounted for", rel)
		}
	}
}

// bombEntry streams size bytes of zeros into a zip entry (deflate makes
// them ~1000:1), keeping the test fast and small.
func bombZip(t testing.TB, name string, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for n := 0; n < size; n += len(chunk) {
		if _, err := w.Write(chunk[:min(len(chunk), size-n)]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func nest(t testing.TB, levels int, leaf []byte) []byte {
	data := zipBytes(t, entry{name: "x.fit", data: leaf})
	for i := levels; i > 1; i-- {
		data = zipBytes(t, entry{name: fmt.Sprintf("d%d.zip", i), data: data, store: true})
	}
	return data
}

// TestImportHostileAndBrokenInputs: each case is one input file (or
// archive) and the rows it must give, relative to the input's folder.
func TestImportHostileAndBrokenInputs(t *testing.T) {
	run := sample(t, runA)
	storedRun := zipBytes(t, entry{name: "run.fit", data: run, store: true})
	corruptEntry := bytes.Clone(storedRun)
	if i := bytes.Index(corruptEntry, run[100:120]); i > 0 {
		corruptEntry[i+5] ^= 0xff
	} else {
		t.Fatal("stored entry data not found")
	}
	random := make([]byte, 200<<10) // incompressible
	for i := range random {
		random[i] = byte(i*7919 + i/251*31 + i*i)
	}
	for _, tc := range []struct {
		name string
		file string
		data []byte
		opt  ingest.Options
		want map[string]wantRow
	}{
		{"zip slip", "slip.zip", zipBytes(t,
			entry{name: "../../evil.fit", data: run},
			entry{name: "/etc/evil.fit", data: run},
			entry{name: `C:\evil.fit`, data: run},
			entry{name: `ok\..\..\evil.fit`, data: run},
			entry{name: "fine.fit", data: run},
		), ingest.Options{}, map[string]wantRow{
			"slip.zip":                   {ingest.StatusImported, "zip", 1, 0, "", ""},
			"slip.zip!../../evil.fit":    {ingest.StatusFailed, "", 0, 0, "", "unsafe entry name"},
			"slip.zip!/etc/evil.fit":     {ingest.StatusFailed, "", 0, 0, "", "unsafe entry name"},
			`slip.zip!C:\evil.fit`:       {ingest.StatusFailed, "", 0, 0, "", "unsafe entry name"},
			`slip.zip!ok\..\..\evil.fit`: {ingest.StatusFailed, "", 0, 0, "", "unsafe entry name"},
			"slip.zip!fine.fit":          {ingest.StatusImported, "fit", 1, 0, "", ""},
		}},
		{"zip bomb by ratio", "bomb.zip", bombZip(t, "bomb.fit", 8<<20), ingest.Options{}, map[string]wantRow{
			"bomb.zip":          {ingest.StatusImported, "zip", 0, 0, "", ""},
			"bomb.zip!bomb.fit": {ingest.StatusFailed, "fit", 0, 0, "", "over the 200:1 cap; refused as a likely bomb"},
		}},
		{"entry over the per-entry cap", "big.zip", zipBytes(t, entry{name: "big.fit", data: random}, entry{name: "run.fit", data: run}),
			ingest.Options{MaxEntryBytes: 100 << 10}, map[string]wantRow{
				"big.zip":         {ingest.StatusImported, "zip", 1, 0, "", ""},
				"big.zip!big.fit": {ingest.StatusFailed, "fit", 0, 0, "", "uncompressed size 200 KiB over the 100 KiB cap"},
				"big.zip!run.fit": {ingest.StatusImported, "fit", 1, 0, "", ""},
			}},
		{"archive total cap", "total.zip", zipBytes(t, entry{name: "a.fit", data: run}, entry{name: "b.fit", data: run}),
			ingest.Options{MaxArchiveBytes: int64(len(run)) + 10}, map[string]wantRow{
				"total.zip":       {ingest.StatusImported, "zip", 1, 0, "", ""},
				"total.zip!a.fit": {ingest.StatusImported, "fit", 1, 0, "", ""},
				"total.zip!b.fit": {ingest.StatusFailed, "fit", 0, 0, "", "total uncompressed size would pass"},
			}},
		{"gz bomb", "bomb.fit.gz", gz(t, make([]byte, 8<<20)), ingest.Options{}, map[string]wantRow{
			"bomb.fit.gz": {ingest.StatusFailed, "fit", 0, 0, "", "compression ratio over the 200:1 cap"},
		}},
		{"gz over the cap (streaming)", "big.fit.gz", gz(t, random), ingest.Options{MaxEntryBytes: 100 << 10}, map[string]wantRow{
			"big.fit.gz": {ingest.StatusFailed, "fit", 0, 0, "", "uncompressed data over the 100 KiB cap"},
		}},
		{"depth limit", "deep.zip", nest(t, 4, run), ingest.Options{}, map[string]wantRow{
			"deep.zip":                      {ingest.StatusImported, "zip", 0, 0, "", ""},
			"deep.zip!d2.zip":               {ingest.StatusImported, "zip", 0, 0, "", ""},
			"deep.zip!d2.zip!d3.zip":        {ingest.StatusImported, "zip", 0, 0, "", ""},
			"deep.zip!d2.zip!d3.zip!d4.zip": {ingest.StatusFailed, "zip", 0, 0, "", "zip nested deeper than 3 levels"},
		}},
		{"depth within the limit", "deep.zip", nest(t, 3, run), ingest.Options{}, map[string]wantRow{
			"deep.zip":                     {ingest.StatusImported, "zip", 1, 0, "", ""},
			"deep.zip!d2.zip":              {ingest.StatusImported, "zip", 1, 0, "", ""},
			"deep.zip!d2.zip!d3.zip":       {ingest.StatusImported, "zip", 1, 0, "", ""},
			"deep.zip!d2.zip!d3.zip!x.fit": {ingest.StatusImported, "fit", 1, 0, "", ""},
		}},
		{"depth 1 reads no nested zip", "deep.zip", nest(t, 2, run), ingest.Options{MaxDepth: 1}, map[string]wantRow{
			"deep.zip":        {ingest.StatusImported, "zip", 0, 0, "", ""},
			"deep.zip!d2.zip": {ingest.StatusFailed, "zip", 0, 0, "", "deeper than 1 levels"},
		}},
		{"corrupt zip", "corrupt.zip", []byte("PK\x03\x04 this is not really a zip"), ingest.Options{}, map[string]wantRow{
			"corrupt.zip": {ingest.StatusFailed, "zip", 0, 0, "", "not a readable zip archive"},
		}},
		{"truncated zip", "cut.zip", storedRun[:len(storedRun)/2], ingest.Options{}, map[string]wantRow{
			"cut.zip": {ingest.StatusFailed, "zip", 0, 0, "", "not a readable zip archive"},
		}},
		{"corrupt nested zip", "outer.zip", zipBytes(t, entry{name: "inner.zip", data: []byte("garbage")}), ingest.Options{}, map[string]wantRow{
			"outer.zip":           {ingest.StatusImported, "zip", 0, 0, "", ""},
			"outer.zip!inner.zip": {ingest.StatusFailed, "zip", 0, 0, "", "not a readable zip archive"},
		}},
		{"entry checksum", "crc.zip", corruptEntry, ingest.Options{}, map[string]wantRow{
			"crc.zip":         {ingest.StatusImported, "zip", 0, 0, "", ""},
			"crc.zip!run.fit": {ingest.StatusFailed, "fit", 0, 0, "", "zip: checksum error"},
		}},
		{"corrupt gz", "bad.fit.gz", []byte("definitely not gzip"), ingest.Options{}, map[string]wantRow{
			"bad.fit.gz": {ingest.StatusFailed, "fit", 0, 0, "", "gzip: invalid header"},
		}},
		{"truncated gz", "cut.fit.gz", gz(t, run)[:len(gz(t, run))/2], ingest.Options{}, map[string]wantRow{
			"cut.fit.gz": {ingest.StatusFailed, "fit", 0, 0, "", "unexpected EOF"},
		}},
		{".fit.gz holding a GPX", "run.fit.gz", gz(t, sample(t, runG)), ingest.Options{}, map[string]wantRow{
			"run.fit.gz": {ingest.StatusFailed, "fit", 0, 0, "", ""},
		}},
		{".gpx holding a FIT", "run.gpx", run, ingest.Options{}, map[string]wantRow{
			"run.gpx": {ingest.StatusFailed, "gpx", 0, 0, "", ""},
		}},
		{".fit holding gzip", "run.fit", gz(t, run), ingest.Options{}, map[string]wantRow{
			"run.fit": {ingest.StatusImported, "fit", 1, 0, "", "gzip-compressed although named .fit"},
		}},
		{".fit holding a zip", "run.fit", storedRun, ingest.Options{}, map[string]wantRow{
			"run.fit": {ingest.StatusFailed, "fit", 0, 0, "", "content is a zip archive, not fit"},
		}},
		{".tar.gz", "export.tar.gz", gz(t, []byte("tar")), ingest.Options{}, map[string]wantRow{
			"export.tar.gz": {ingest.StatusSkipped, "", 0, 0, "", "unsupported file type .tar.gz"},
		}},
		{"empty zip file", "empty.zip", nil, ingest.Options{}, map[string]wantRow{
			"empty.zip": {ingest.StatusFailed, "zip", 0, 0, "", "empty file"},
		}},
		{"same name twice, empty entry", "twice.zip", zipBytes(t,
			entry{name: "run.fit", data: run}, entry{name: "run.fit", data: run}, entry{name: "zero.fit"}),
			ingest.Options{}, map[string]wantRow{
				"twice.zip":           {ingest.StatusImported, "zip", 1, 1, "", ""},
				"twice.zip!run.fit":   {ingest.StatusImported, "fit", 1, 0, "", ""},
				"twice.zip!run.fit#2": {ingest.StatusDuplicate, "fit", 0, 1, "", "duplicate of"},
				"twice.zip!zero.fit":  {ingest.StatusFailed, "fit", 0, 0, "", "empty file"},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, filepath.Join(root, tc.file), tc.data)
			opt := tc.opt
			opt.Formats, opt.Workers = formats, 4
			b, err := ingest.Import(context.Background(), []string{root}, opt)
			if err != nil {
				t.Fatal(err)
			}
			// DuplicateOf holds absolute paths; compare it relative.
			for i := range b.Files {
				if of := b.Files[i].DuplicateOf; of != "" {
					rel := mustRel(root, of)
					b.Files[i].DuplicateOf = ""
					if w := tc.want[mustRel(root, b.Files[i].Path)]; w.dupOf != "" && w.dupOf != rel {
						t.Errorf("%s: duplicate of %s, want %s", b.Files[i].Path, rel, w.dupOf)
					}
				}
			}
			checkRows(t, root, b, tc.want)
			imp, dup, skip, fail := b.Summary()
			if imp+dup+skip+fail != len(b.Files) {
				t.Errorf("summary %d+%d+%d+%d != %d files", imp, dup, skip, fail, len(b.Files))
			}
		})
	}
}

// mustRel is p relative to root; not filepath.Rel, which would clean
// "a.zip!../../x" away.
func mustRel(root, p string) string {
	return strings.TrimPrefix(p, root+string(filepath.Separator))
}

// TestImportStravaFolder: an extracted Strava export (a folder with
// activities.csv) works like the zip.
func TestImportStravaFolder(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "export", "activities.csv"), stravaCSV([4]string{"7", "Lunch Run", "Run", "activities/7.gpx.gz"}))
	write(t, filepath.Join(root, "export", "activities", "7.gpx.gz"), gz(t, stripGPX(sample(t, runG))))
	b, err := ingest.Import(context.Background(), []string{root}, ingest.Options{Formats: formats})
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, root, b, map[string]wantRow{
		"export/activities.csv":      {ingest.StatusImported, "strava-csv", 0, 0, "", "activity index for 1 files"},
		"export/activities/7.gpx.gz": {ingest.StatusImported, "gpx", 1, 0, "", ""},
	})
	if len(b.Activities) != 1 || b.Activities[0].Name != "Lunch Run" || b.Activities[0].Kind != ingest.KindRun {
		t.Errorf("activities: %+v", b.Activities)
	}
}

// TestImportNestedZipSpillsToDisk: a nested zip over the in-memory limit
// goes through a temporary file, which is removed afterwards.
func TestImportNestedZipSpillsToDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 17 MiB archive")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	root := t.TempDir()
	filler := make([]byte, 17<<20)
	inner := zipBytes(t, entry{name: "run.fit", data: sample(t, runA), store: true},
		entry{name: "filler.bin", data: filler, store: true})
	write(t, filepath.Join(root, "outer.zip"), zipBytes(t, entry{name: "inner.zip", data: inner, store: true}))
	b, err := ingest.Import(context.Background(), []string{root}, ingest.Options{Formats: formats})
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, root, b, map[string]wantRow{
		"outer.zip":                      {ingest.StatusImported, "zip", 1, 0, "", ""},
		"outer.zip!inner.zip":            {ingest.StatusImported, "zip", 1, 0, "", ""},
		"outer.zip!inner.zip!run.fit":    {ingest.StatusImported, "fit", 1, 0, "", ""},
		"outer.zip!inner.zip!filler.bin": {ingest.StatusSkipped, "", 0, 0, "", "unsupported file type .bin"},
	})
	left, _ := os.ReadDir(tmp)
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// TestImportCancelled: a cancelled import returns the context's error and
// leaves no archive open (nothing to check but that it returns).
func TestImportCancelled(t *testing.T) {
	root := t.TempDir()
	exportTree(t, root)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ingest.Import(ctx, []string{root}, ingest.Options{Formats: formats}); err == nil {
		t.Fatal("want the context's error")
	}
}

func TestStravaSport(t *testing.T) {
	for typ, want := range map[string]ingest.Kind{
		"Run": ingest.KindRun, "Trail Run": ingest.KindRun, "VirtualRun": ingest.KindRun,
		"Ride": ingest.KindCardio, "Walk": ingest.KindCardio, "Hike": ingest.KindCardio, "Rowing": ingest.KindCardio,
		"Swim": ingest.KindCardio, "Elliptical": ingest.KindCardio,
		"WeightTraining": ingest.KindLift, "Weight Training": ingest.KindLift,
		"Workout": ingest.KindOther, "Yoga": ingest.KindOther, "Kitesurf": ingest.KindOther,
	} {
		sport, sub := ingest.StravaSport(typ)
		if got := ingest.Classify(sport, sub, false); got != want {
			t.Errorf("%s → %s/%s → %s, want %s", typ, sport, sub, got, want)
		}
	}
}
