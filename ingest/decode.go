package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// Decoding: the worker pool that runs the jobs [Import] walked, and what
// one file or archive entry becomes (guards, decompression, the format's
// decoder, the rules every format gets).

// fileOutcome is what decoding one job gave: its row and its data (an
// [Outcome] in the cache's terms).
type fileOutcome struct {
	file    FileResult
	acts    []Activity
	intake  []DayIntake
	body    []BodyMeasurement
	sleep   []SleepNight
	resting []RestingHR
	archive bool                   // file is an archive's own row
	index   map[string]stravaEntry // a Strava activities.csv: Source → entry
	// folderSport is set for a SportFileName file.
	folderSport *folderSport
}

// formatFor picks the format claiming path's extension.
func formatFor(path string, formats []Format) (Format, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	for _, f := range formats {
		for _, e := range f.Exts {
			if e == ext {
				return f, true
			}
		}
	}
	return Format{}, false
}

// queue is the bounded pool's work list: the files found while walking,
// in order, and a stack of archive entries. Workers take entries first, so
// an archive's entries are decoded (and the archive closed) before the
// next archive is opened: at most about one open archive per worker.
type queue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	files   []job
	next    int
	entries []job
	active  int
	outs    []fileOutcome
	// progress counters for Options.Progress
	progress      func(done, total int)
	ndone, ntotal atomic.Int64
}

func (q *queue) push(j job) {
	q.mu.Lock()
	q.entries = append(q.entries, j)
	q.mu.Unlock()
	q.ntotal.Add(1)
	q.cond.Signal()
}

func (q *queue) emit(o fileOutcome) {
	q.mu.Lock()
	q.outs = append(q.outs, o)
	q.mu.Unlock()
}

// take returns the next job, waiting while other workers may still push
// entries; ok is false when all work is done.
func (q *queue) take() (j job, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if n := len(q.entries); n > 0 {
			j = q.entries[n-1]
			q.entries = q.entries[:n-1]
			q.active++
			return j, true
		}
		if q.next < len(q.files) {
			j = q.files[q.next]
			q.next++
			q.active++
			return j, true
		}
		if q.active == 0 {
			return job{}, false
		}
		q.cond.Wait()
	}
}

func (q *queue) done() {
	q.mu.Lock()
	q.active--
	q.mu.Unlock()
	q.cond.Broadcast()
	if q.progress != nil {
		q.progress(int(q.ndone.Add(1)), int(q.ntotal.Load()))
	}
}

// runJobs decodes jobs on a pool of opt.Workers goroutines; archive
// entries join the same pool as they are found.
func runJobs(ctx context.Context, jobs []job, opt Options) ([]fileOutcome, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	q := &queue{files: jobs, progress: opt.Progress}
	q.ntotal.Store(int64(len(jobs)))
	q.cond = sync.NewCond(&q.mu)
	im := &importer{opt: opt, lim: opt.limits(), q: q, arcKeys: &archiveKeys{}}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				j, ok := q.take()
				if !ok {
					return
				}
				if ctx.Err() == nil {
					im.run(j)
				} else if j.arc != nil {
					j.arc.release()
				}
				q.done()
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		// The cause says why (a signal, for the command), not just
		// "context canceled".
		return nil, context.Cause(ctx)
	}
	return q.outs, nil
}

// importer decodes jobs.
type importer struct {
	opt     Options
	lim     limits
	q       *queue
	arcKeys *archiveKeys // keys of the archives whose entries are cached
}

// run decodes one job and emits its outcomes. Decoder panics are caught
// closer to the decoder; this catches the rest, so that one file never
// stops the batch.
func (im *importer) run(j job) {
	defer func() {
		if r := recover(); r != nil {
			im.q.emit(fileOutcome{file: FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size,
				Status: StatusFailed, Reason: fmt.Sprintf("internal error: %v (please report this file)", r)},
				archive: isZipName(j.name) && j.arc == nil})
		}
	}()
	switch {
	case j.arc != nil:
		defer j.arc.release()
		im.q.emit(im.decodeEntry(j))
	case baseName(j.name) == SportFileName:
		im.q.emit(readSportFile(j))
	case isZipName(j.name):
		im.importZip(j)
	default:
		im.q.emit(im.decodeFile(j))
	}
}

// decodeFile decodes one file on disk.
func (im *importer) decodeFile(j job) fileOutcome {
	p, ok := im.pick(j.name)
	if !ok || j.size == 0 {
		return im.decodeStream(j, nil) // the row without opening the file
	}
	if j.size > im.lim.file {
		return fileOutcome{file: FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size, Format: p.format.Name,
			Status: StatusFailed, Reason: fmt.Sprintf("file size %s over the %s cap for one file (--max-file-mib); not read",
				fmtBytes(j.size), fmtBytes(im.lim.file))}}
	}
	f, err := OpenRegular(j.path, true)
	if err != nil {
		return fileOutcome{file: FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size,
			Status: StatusFailed, Reason: err.Error()}}
	}
	defer f.Close()
	if im.opt.Cache == nil {
		return im.decodeStream(j, f)
	}
	st, err := f.Stat()
	if err != nil || st.Size() != j.size {
		return im.decodeStream(j, f)
	}
	// The content hash the cache stores is taken while the file is read
	// for decoding; only when the decoder stopped short of the end (or the
	// cache asks before decoding) is the file read again for it.
	tee := &hashingReader{r: f, h: sha256.New()}
	key := FileKey{Path: j.path, Athlete: j.athlete, Size: st.Size(), ModTime: st.ModTime().UnixNano(),
		Hash: func() ([sha256.Size]byte, error) {
			if sum, ok := tee.sum(st.Size()); ok {
				return sum, nil
			}
			return hashReader(io.NewSectionReader(f, 0, st.Size()))
		}}
	if o, ok := im.opt.Cache.Get(key); ok {
		return fromOutcome(o)
	}
	out := im.decodeStream(j, tee)
	im.opt.Cache.Put(key, toOutcome(out))
	return out
}

// hashingReader hashes what is read through it.
type hashingReader struct {
	r   io.Reader
	h   hash.Hash
	n   int64
	err error
}

func (t *hashingReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.h.Write(p[:n])
	t.n += int64(n)
	if err != nil && err != io.EOF && t.err == nil {
		t.err = err
	}
	return n, err
}

// sum returns the SHA-256 of what was read, when that was exactly size
// bytes without a read error.
func (t *hashingReader) sum(size int64) (s [sha256.Size]byte, ok bool) {
	if t.n != size || t.err != nil {
		return s, false
	}
	copy(s[:], t.h.Sum(nil))
	return s, true
}

// decodeEntry decodes one file inside an archive.
func (im *importer) decodeEntry(j job) fileOutcome {
	if _, ok := im.pick(j.name); !ok || j.size == 0 {
		return im.decodeStream(j, nil)
	}
	rc, err := j.zf.Open()
	if err != nil {
		return fileOutcome{file: FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size,
			Status: StatusFailed, Reason: err.Error()}}
	}
	defer rc.Close()
	top, _, _ := strings.Cut(j.path, "!")
	var ak *archiveKey
	if im.opt.Cache != nil {
		ak = im.arcKeys.get(top)
	}
	if ak == nil || !ak.ok {
		return im.decodeStream(j, rc)
	}
	key := FileKey{Path: top, Athlete: j.athlete, Size: ak.size, ModTime: ak.mtime,
		Entry: j.path, CRC32: j.zf.CRC32, EntrySize: int64(j.zf.UncompressedSize64),
		Hash: func() ([sha256.Size]byte, error) { return ak.hash(top) }}
	if o, ok := im.opt.Cache.Get(key); ok {
		return fromOutcome(o)
	}
	out := im.decodeStream(j, rc)
	im.opt.Cache.Put(key, toOutcome(out))
	return out
}

// picked is what a file's name says about how to read it.
type picked struct {
	format Format
	gz     bool // name ends in .gz: decompress first
	strava bool // may be Strava's activities.csv (confirmed from its header)
}

// pick chooses how to read a file from its name: the format its extension
// (under a ".gz") names, or Strava's activity index.
func (im *importer) pick(name string) (picked, bool) {
	inner := name
	var p picked
	if strings.EqualFold(filepath.Ext(name), ".gz") {
		inner, p.gz = name[:len(name)-3], true
	}
	p.strava = strings.EqualFold(baseName(inner), stravaIndexName)
	f, ok := formatFor(inner, im.opt.Formats)
	p.format = f
	return p, ok || p.strava
}

// decodeStream decodes r as j's format, turning every error (and any panic
// in a decoder) into the file's reason. r is nil when the name alone
// decides (unsupported type, empty file).
func (im *importer) decodeStream(j job, r io.Reader) (out fileOutcome) {
	out.file = FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size}
	p, ok := im.pick(j.name)
	if !ok {
		out.file.Status = StatusSkipped
		out.file.Reason = fmt.Sprintf("unsupported file type %s", extOf(j.name))
		return out
	}
	out.file.Format = p.format.Name
	if j.size == 0 || r == nil {
		out.file.Status = StatusFailed
		out.file.Reason = "empty file"
		return out
	}
	defer func() {
		if rec := recover(); rec != nil {
			out = fileOutcome{file: out.file}
			out.file.Status = StatusFailed
			out.file.Activities, out.file.Records = 0, 0
			out.file.Reason = fmt.Sprintf("internal error decoding %s: %v (please report this file)", out.file.Format, rec)
		}
	}()
	var notes []string
	// The per-entry cap applies to what comes out of an archive or a
	// decompressor; the per-file cap to a plain file on disk (checked
	// against its size before it is opened, and here should it grow).
	g := &guard{max: im.lim.file, ratio: im.lim.ratio}
	if j.arc != nil {
		g.max = im.entryCap(p.format)
	}
	br := getReader(r)
	defer putReader(br)
	if !p.gz {
		// A file compressed but not named so is read all the same.
		if head, _ := br.Peek(3); bytes.Equal(head, gzipMagic) {
			p.gz = true
			notes = append(notes, fmt.Sprintf("gzip-compressed although named %s", extOf(j.name)))
		}
	}
	if p.gz {
		g.max = im.lim.entry
		g.in = &countReader{r: br}
		zr, err := gzipReader(g.in)
		if err != nil {
			out.file.Status = StatusFailed
			out.file.Reason = "gzip: " + strings.TrimPrefix(err.Error(), "gzip: ")
			return out
		}
		g.r = zr
	} else {
		g.r = br
	}
	src := getReader(g)
	defer putReader(src)
	if head, _ := src.Peek(4); bytes.Equal(head, zipMagic) {
		out.file.Status = StatusFailed
		out.file.Reason = fmt.Sprintf("content is a zip archive, not %s: name it .zip", formatLabel(p))
		return out
	}
	if p.strava {
		if head, _ := src.Peek(len(stravaHeader) + 3); isStravaHeader(head) {
			return im.readStravaIndex(j, src, g)
		}
		if p.format.Decode == nil {
			out.file.Status = StatusSkipped
			out.file.Reason = fmt.Sprintf("unsupported file type %s", extOf(j.name))
			return out
		}
	}
	// A format that knows its header checks it before the decoder reads
	// (perhaps all of) the file: a big file of something else fails here.
	if p.format.Header != nil {
		head, _ := src.Peek(HeaderBytes)
		if err := p.format.Header(head); err != nil {
			if p.gz || j.arc != nil {
				// A bomb or a broken stream is the better reason; the
				// guard bounds what this reads, and it streams.
				_, _ = io.Copy(io.Discard, src)
			}
			if gerr := g.failure(); gerr != nil {
				err = gerr
			}
			out.file.Status = StatusFailed
			out.file.Reason = err.Error()
			return out
		}
	}
	// A plain file's size comes from the file system; an archive entry's
	// is declared by the archive, which may lie, so it is not a hint.
	var in io.Reader = src
	if !p.gz && j.arc == nil {
		in = sizedReader{src, j.size}
	}
	var dec Decoded
	var err error
	if p.format.DecodeWith != nil {
		dec, err = p.format.DecodeWith(in, im.siblings(j))
	} else {
		dec, err = p.format.Decode(in)
	}
	if err == nil {
		// Read what the decoder left, so that the zip and gzip checksums
		// at the end of the stream are verified (bounded by the guard).
		_, _ = io.Copy(io.Discard, src)
	}
	if gerr := g.failure(); gerr != nil {
		// A cap, a bomb or a broken stream beats whatever the decoder made of it.
		out.file.Status = StatusFailed
		out.file.Reason = gerr.Error()
		return out
	}
	switch {
	case err != nil:
		out.file.Status = StatusOf(err)
		out.file.Reason = err.Error()
		return out
	case len(dec.Activities) == 0 && len(dec.Intake) == 0 && len(dec.Body) == 0 && len(dec.Sleep) == 0 && len(dec.Resting) == 0:
		out.file.Status = StatusSkipped
		out.file.Reason = "no activity in file"
		if notes = append(notes, dec.Notes...); len(notes) > 0 {
			out.file.Reason += ": " + strings.Join(notes, "; ")
		}
		return out
	}
	im.take(&out, j, p.format.Name, dec, notes)
	return out
}

// take fills out with what a file decoded (dec, with the notes of its
// reading): the heart-rate rule and sport inference every format gets,
// then the athlete, source and id of its activities (reduced when
// [Options.Reduce] is set) and records.
func (im *importer) take(out *fileOutcome, j job, format string, dec Decoded, notes []string) {
	out.file.Status = StatusImported
	if n := capStrings(dec.Activities); n != "" {
		notes = append(notes, n)
	}
	notes = append(notes, dec.Notes...)
	for i := range dec.Activities {
		// Every format gets the same heart-rate rule and sport inference
		// (hr.go, sport.go), before the samples are reduced.
		a := &dec.Activities[i]
		for _, note := range []string{SanitizeHR(a), settleSport(a)} {
			if note != "" && len(dec.Activities) > 1 {
				note = fmt.Sprintf("activity %d: %s", a.Index+1, note)
			}
			if note != "" {
				notes = append(notes, note)
			}
		}
	}
	out.file.Reason = strings.Join(notes, "; ")
	out.file.Activities = len(dec.Activities)
	for i := range dec.Activities {
		a := &dec.Activities[i]
		a.Athlete = j.athlete
		a.Source = j.path
		if a.Format == "" {
			a.Format = format
		}
		if a.Precision == "" {
			a.Precision = PrecisionExact
		}
		a.ID = ActivityID(a)
		a.countSamples()
		if im.opt.Reduce != nil {
			im.opt.Reduce(a)
		}
	}
	releaseSamples(dec)
	out.acts = dec.Activities
	for i := range dec.Intake {
		dec.Intake[i].Athlete, dec.Intake[i].Source = j.athlete, j.path
	}
	for i := range dec.Body {
		dec.Body[i].Athlete, dec.Body[i].Source = j.athlete, j.path
	}
	for i := range dec.Sleep {
		dec.Sleep[i].Athlete, dec.Sleep[i].Source = j.athlete, j.path
	}
	for i := range dec.Resting {
		dec.Resting[i].Athlete, dec.Resting[i].Source = j.athlete, j.path
	}
	out.intake, out.body, out.sleep, out.resting = dec.Intake, dec.Body, dec.Sleep, dec.Resting
	out.file.Records = len(dec.Intake) + len(dec.Body) + len(dec.Sleep) + len(dec.Resting)
}

// formatLabel names what a file was expected to hold.
func formatLabel(p picked) string {
	if p.format.Name != "" {
		return p.format.Name
	}
	return "csv"
}

// extOf is a name's extension for messages: ".fit", ".fit.gz", or "(none)".
func extOf(name string) string {
	ext := filepath.Ext(name)
	if strings.EqualFold(ext, ".gz") {
		if inner := filepath.Ext(name[:len(name)-len(ext)]); inner != "" {
			ext = inner + ext
		}
	}
	if ext == "" {
		return "(none)"
	}
	return ext
}

// baseName is the last element of a slash- or OS-separated name.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}
