package ingest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// Archive guards: the defaults of the caps in [Options].
//
//   - DefaultMaxEntryBytes (512 MiB): the uncompressed size of one decoded
//     file inside a zip, or of a .gz file's content. Checked against the
//     zip header first, and enforced while decoding with an io.LimitReader
//     (a stream that goes over fails the file, whatever its header said).
//   - DefaultMaxArchiveBytes (4 GiB): the total of the uncompressed sizes
//     of all entries of one archive on disk, nested zips (their own bytes
//     and their entries) included. Entries are reserved in central
//     directory order, so which ones go over is deterministic; Go's
//     archive/zip refuses to read more than an entry's declared size, so the
//     total is enforced too. The gzip layer of a ".fit.gz" entry is bounded
//     by the per-entry and ratio caps instead.
//   - DefaultMaxNestedZipBytes (512 MiB): a zip inside a zip has no random
//     access, so it is read whole: into memory up to 16 MiB, above that into
//     a temporary file in Options.SpoolDir (removed once its entries are
//     decoded; the command removes what a killed run left).
//   - DefaultMaxDepth (3): zip nesting levels; a zip deeper fails.
//   - DefaultMaxRatio (200): an entry or .gz content over 1 MiB that
//     expands more than 200:1 is refused as a likely bomb (zip entries from
//     their header, which archive/zip enforces; gzip while streaming).
//
// Entry names with "..", an absolute path or a drive letter fail as
// "unsafe entry name" and are not decoded (nothing is ever written out by
// name anyway). Directory entries get no row; "__MACOSX/" and "._" files
// are skipped as "macOS resource fork".
const (
	DefaultMaxEntryBytes     int64   = 512 << 20
	DefaultMaxArchiveBytes   int64   = 4 << 30
	DefaultMaxNestedZipBytes int64   = 512 << 20
	DefaultMaxDepth          int     = 3
	DefaultMaxRatio          float64 = 200
	// DefaultMaxFileBytes (512 MiB) caps a plain file on disk (not a
	// .zip, whose entries have their own caps): a bigger one (a video or
	// disk image named .fit) fails before it is read, and the stream is
	// cut there too should the file grow while it is read.
	DefaultMaxFileBytes int64 = 512 << 20

	ratioMinBytes       = 1 << 20  // the ratio cap applies above this size
	nestedInMemoryBytes = 16 << 20 // nested zips up to this size stay in memory
)

// spoolPattern names the temporary files of nested zips.
const spoolPattern = "gainguard-nested-*.zip"

// RemoveStaleSpools removes the nested-zip temporary files a killed run
// left in dir (an [Options.SpoolDir]) and returns how many. Call it only
// while holding the lock of the output folder that owns dir.
func RemoveStaleSpools(dir string) (int, error) {
	names, err := filepath.Glob(filepath.Join(dir, spoolPattern))
	n := 0
	for _, name := range names {
		if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() && os.Remove(name) == nil {
			n++
		}
	}
	return n, err
}

var (
	gzipMagic = []byte{0x1f, 0x8b, 0x08}
	zipMagic  = []byte("PK\x03\x04")
)

// limits are Options' caps with defaults applied.
type limits struct {
	entry, archive, nested, file int64
	depth                        int
	ratio                        float64
}

func (o Options) limits() limits {
	l := limits{DefaultMaxEntryBytes, DefaultMaxArchiveBytes, DefaultMaxNestedZipBytes, DefaultMaxFileBytes, DefaultMaxDepth, DefaultMaxRatio}
	if o.MaxFileBytes > 0 {
		l.file = o.MaxFileBytes
	}
	if o.MaxEntryBytes > 0 {
		l.entry = o.MaxEntryBytes
	}
	if o.MaxArchiveBytes > 0 {
		l.archive = o.MaxArchiveBytes
	}
	if o.MaxNestedZipBytes > 0 {
		l.nested = o.MaxNestedZipBytes
	}
	if o.MaxDepth > 0 {
		l.depth = o.MaxDepth
	}
	if o.MaxRatio > 0 {
		l.ratio = o.MaxRatio
	}
	return l
}

// isZipName reports whether name is a zip archive by its extension.
func isZipName(name string) bool { return strings.EqualFold(filepath.Ext(name), ".zip") }

// archiveHandle keeps an open archive (file or temporary file) until the
// last of its entries is decoded. A *zip.Reader is safe for reading
// several entries concurrently ("Multiple files may be read
// concurrently", archive/zip), so entries share one.
type archiveHandle struct {
	refs  atomic.Int64
	close func()
}

func newHandle(close func()) *archiveHandle {
	h := &archiveHandle{close: close}
	h.refs.Store(1)
	return h
}

func (h *archiveHandle) acquire() { h.refs.Add(1) }

func (h *archiveHandle) release() {
	if h.refs.Add(-1) == 0 && h.close != nil {
		h.close()
	}
}

// importZip opens an archive on disk, emits its row, and pushes a job for
// each of its entries (nested zips are listed here, in order, so that the
// total cap is deterministic).
func (im *importer) importZip(j job) {
	row := FileResult{Path: j.path, Athlete: j.athlete, Format: "zip", SizeBytes: j.size}
	emit := func(status FileStatus, reason string) {
		row.Status, row.Reason = status, reason
		im.q.emit(fileOutcome{file: row, archive: true})
	}
	if j.size == 0 {
		emit(StatusFailed, "empty file")
		return
	}
	f, err := OpenRegular(j.path, true)
	if err != nil {
		emit(StatusFailed, err.Error())
		return
	}
	zr, err := zip.NewReader(f, j.size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		f.Close()
		emit(StatusFailed, zipReason(err))
		return
	}
	h := newHandle(func() { f.Close() })
	defer h.release()
	remaining := im.lim.archive
	if reason := im.planZip(zr, h, j.path, j.athlete, 1, &remaining); reason != "" {
		emit(StatusFailed, reason)
		return
	}
	emit(StatusImported, "")
}

func zipReason(err error) string {
	return "not a readable zip archive: " + err.Error()
}

// planZip accounts for every entry of zr: entries that fail a guard get
// their row here, nested zips are opened and planned in turn, and every
// other entry becomes a job. remaining is the archive's total budget left.
// It returns a reason when the listing itself broke (a panic).
func (im *importer) planZip(zr *zip.Reader, h *archiveHandle, container, athlete string, depth int, remaining *int64) (reason string) {
	defer func() {
		if r := recover(); r != nil {
			reason = fmt.Sprintf("internal error listing the archive: %v (please report this file)", r)
		}
	}()
	seen := map[string]int{}
	for _, zf := range zr.File {
		name := entryName(zf)
		if strings.HasSuffix(name, "/") || strings.HasSuffix(name, `\`) || zf.Mode().IsDir() {
			continue // directories need no row
		}
		seen[name]++
		path := container + "!" + name
		if n := seen[name]; n > 1 {
			path += fmt.Sprintf("#%d", n) // the same name twice: still one row each
		}
		size := int64(min(zf.UncompressedSize64, math.MaxInt64))
		row := FileResult{Path: path, Athlete: athlete, SizeBytes: size}
		emit := func(status FileStatus, reason string) {
			row.Status, row.Reason = status, reason
			im.q.emit(fileOutcome{file: row})
		}
		if unsafeName(name) {
			emit(StatusFailed, "unsafe entry name")
			continue
		}
		if macOSJunk(name) {
			emit(StatusSkipped, "macOS resource fork")
			continue
		}
		nested := isZipName(name)
		limit := im.lim.entry
		if nested {
			row.Format, limit = "zip", im.lim.nested
			if depth >= im.lim.depth {
				emit(StatusFailed, fmt.Sprintf("zip nested deeper than %d levels", im.lim.depth))
				continue
			}
		} else {
			p, ok := im.pick(name)
			if !ok {
				emit(StatusSkipped, fmt.Sprintf("unsupported file type %s", extOf(name)))
				continue
			}
			row.Format = p.format.Name
			limit = im.entryCap(p.format)
		}
		switch {
		case size > limit:
			emit(StatusFailed, fmt.Sprintf("uncompressed size %s over the %s cap; refused as a likely bomb",
				fmtBytes(size), fmtBytes(limit)))
			continue
		case size > ratioMinBytes && float64(size) > im.lim.ratio*float64(zf.CompressedSize64):
			emit(StatusFailed, fmt.Sprintf("compression ratio %s over the %g:1 cap; refused as a likely bomb",
				ratioText(size, int64(min(zf.CompressedSize64, math.MaxInt64))), im.lim.ratio))
			continue
		case size > *remaining:
			emit(StatusFailed, fmt.Sprintf("the archive's total uncompressed size would pass its %s cap",
				fmtBytes(im.lim.archive)))
			continue
		}
		*remaining -= size
		if nested {
			im.nestedZip(zf, row, depth+1, remaining)
			continue
		}
		h.acquire()
		im.q.push(job{path: path, name: name, athlete: athlete, size: size, arc: h, zf: zf, zr: zr, container: container})
	}
	return ""
}

// nestedZip reads a zip entry that is itself a zip (into memory, or a
// temporary file above nestedInMemoryBytes), emits its row, and plans its
// entries.
func (im *importer) nestedZip(zf *zip.File, row FileResult, depth int, remaining *int64) {
	emit := func(status FileStatus, reason string) {
		row.Status, row.Reason = status, reason
		im.q.emit(fileOutcome{file: row, archive: true})
	}
	if row.SizeBytes == 0 {
		emit(StatusFailed, "empty file")
		return
	}
	rc, err := zf.Open()
	if err != nil {
		emit(StatusFailed, err.Error())
		return
	}
	defer rc.Close()
	g := &guard{r: rc, max: min(row.SizeBytes, im.lim.nested), ratio: im.lim.ratio}
	var ra io.ReaderAt
	var size int64
	var closer func()
	if row.SizeBytes <= nestedInMemoryBytes {
		buf, err := io.ReadAll(g)
		if err != nil {
			emit(StatusFailed, err.Error())
			return
		}
		ra, size = bytes.NewReader(buf), int64(len(buf))
	} else {
		tmp, err := os.CreateTemp(im.opt.SpoolDir, spoolPattern)
		if err != nil {
			emit(StatusFailed, err.Error())
			return
		}
		closer = func() { tmp.Close(); os.Remove(tmp.Name()) }
		size, err = io.Copy(tmp, g)
		if err != nil {
			closer()
			emit(StatusFailed, err.Error())
			return
		}
		ra = tmp
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		if closer != nil {
			closer()
		}
		emit(StatusFailed, zipReason(err))
		return
	}
	h := newHandle(closer)
	defer h.release()
	if reason := im.planZip(zr, h, row.Path, row.Athlete, depth, remaining); reason != "" {
		emit(StatusFailed, reason)
		return
	}
	emit(StatusImported, "")
}

// unsafeName reports whether a zip entry name would escape a folder it
// were extracted to: "..", an absolute path, a drive letter, or no name.
func unsafeName(name string) bool {
	n := strings.ReplaceAll(name, `\`, "/")
	if n == "" || strings.HasPrefix(n, "/") || strings.ContainsRune(n, 0) {
		return true
	}
	if len(n) >= 2 && n[1] == ':' && (n[0]|0x20 >= 'a' && n[0]|0x20 <= 'z') {
		return true
	}
	for _, el := range strings.Split(n, "/") {
		if el == ".." {
			return true
		}
	}
	return false
}

// macOSJunk reports whether name is a macOS resource fork that Finder's
// "Compress" adds to zips: anything under __MACOSX/, or an AppleDouble
// "._name" file.
func macOSJunk(name string) bool {
	n := strings.ReplaceAll(name, `\`, "/")
	return strings.HasPrefix(n, "__MACOSX/") || strings.Contains(n, "/__MACOSX/") ||
		strings.HasPrefix(baseName(n), "._")
}

// guard wraps a decoded stream: it enforces the per-file cap with an
// io.LimitedReader, the compression ratio against the compressed bytes
// read (in, for gzip), and records the first stream error, so that a
// file's reason names the real problem rather than what a decoder made of
// a truncated stream.
type guard struct {
	r     io.Reader
	lr    *io.LimitedReader
	n     int64
	max   int64
	in    *countReader // compressed input, when r decompresses
	ratio float64
	err   error
}

func (g *guard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	if g.lr == nil {
		g.lr = &io.LimitedReader{R: g.r, N: g.max + 1}
	}
	n, err := g.lr.Read(p)
	g.n += int64(n)
	switch {
	case g.n > g.max:
		g.err = fmt.Errorf("uncompressed data over the %s cap; refused as a likely bomb", fmtBytes(g.max))
		return 0, g.err
	case g.in != nil && g.n > ratioMinBytes && float64(g.n) > g.ratio*float64(g.in.n):
		g.err = fmt.Errorf("compression ratio over the %g:1 cap (%s); refused as a likely bomb",
			g.ratio, ratioText(g.n, g.in.n))
		return 0, g.err
	case err != nil && err != io.EOF:
		g.err = err
	}
	return n, err
}

// failure is the guard's error, if any: a cap, a bomb, or a broken stream.
func (g *guard) failure() error { return g.err }

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func gzipReader(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }

// fmtBytes formats n in binary units: "512 MiB", "1.5 KiB", "12 B".
func fmtBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n), -1
	for v >= unit && i < 4 {
		v /= unit
		i++
	}
	s := fmt.Sprintf("%.1f", v)
	s = strings.TrimSuffix(s, ".0")
	return s + " " + []string{"KiB", "MiB", "GiB", "TiB", "PiB"}[i]
}

func ratioText(out, in int64) string {
	if in <= 0 {
		return fmt.Sprintf("%s from nothing", fmtBytes(out))
	}
	return fmt.Sprintf("%.0f:1", float64(out)/float64(in))
}

// totalArchives gives each archive row (files[i] for i in archives) the
// totals of the rows beneath it, nested archives included.
func totalArchives(files []FileResult, archives []int) {
	if len(archives) == 0 {
		return
	}
	at := make(map[string]int, len(archives))
	for _, i := range archives {
		at[files[i].Path] = i
	}
	entries := make([]int, len(files))
	for _, f := range files {
		p := f.Path
		_, isArchive := at[p]
		for {
			k := strings.LastIndex(p, "!")
			if k < 0 {
				break
			}
			p = p[:k]
			if i, ok := at[p]; ok {
				entries[i]++
				if !isArchive {
					files[i].Activities += f.Activities
					files[i].Duplicates += f.Duplicates
					files[i].Records += f.Records
				}
			}
		}
	}
	for _, i := range archives {
		if files[i].Status == StatusImported {
			files[i].Reason = fmt.Sprintf("zip archive of %d files", entries[i])
		}
	}
}
