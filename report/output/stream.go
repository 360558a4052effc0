package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"gainguard/ingest/commit"
	"gainguard/report"
	"gainguard/report/html"
	"gainguard/report/tables"
)

// Stream writes [WriteAll]'s output set (the flat layout, without the
// records table) one athlete at a time, as report.BuildStream hands the
// athletes out, so that no table's rows, nor the report's view model,
// exist for every athlete at once.
//
// Each table's rows (tables.Stream, a compact binary form) and
// report.html's athlete sections (html.Stream) go to a spool, a temporary
// file in the output folder named like the output's own temporary files
// (".NAME.tmp-…", removed by the next run when a run is killed).
// [Stream.Commit] then writes the set exactly as WriteAll does (every
// file to a temporary file, renamed into place when all are complete,
// manifest.json last), each from its spool, one group of rows at a time;
// the files are byte for byte WriteAll's for the dataset the athletes
// make up.
//
// A write that fails for a full disk, to a spool during the run or to an
// output at the commit, calls the room function given to [NewStream]
// once and is tried again (commit.Room). Call [Stream.Close] in every
// case: it removes the spools.
type Stream struct {
	dir    string
	meta   *report.Dataset // version and time generated
	room   *commit.Room
	tables []*spooledTable // tables.Files but files.parquet, in order
	html   *html.Stream
	spool  *commit.Temp // report.html's athlete sections
}

// spooledTable is a streamed table and its spool.
type spooledTable struct {
	file   string
	stream *tables.Stream
	spool  *commit.Temp
}

// NewStream starts the outputs of a run in dir (created when needed);
// version and generated are recorded in every file, as Dataset.Version
// and Dataset.Generated are by WriteAll. room, when not nil, is called
// with the error when a write first fails for a full disk, and says
// whether it freed space (dropped what the run stored on the disk): the
// write is then tried once more.
func NewStream(dir, version string, generated time.Time, room func(error) bool) (_ *Stream, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	s := &Stream{dir: dir, meta: &report.Dataset{Version: version, Generated: generated}}
	if room != nil {
		s.room = commit.NewRoom(room)
	}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	for _, name := range tables.Files {
		if name == tables.FilesFile {
			continue
		}
		sp, err := s.newSpool(name)
		if err != nil {
			return nil, err
		}
		t := &spooledTable{file: name, spool: sp}
		s.tables = append(s.tables, t)
		if t.stream, err = tables.NewStream(sp, name); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	if s.spool, err = s.newSpool(HTMLFile); err != nil {
		return nil, err
	}
	s.html = html.NewStream(s.spool)
	return s, nil
}

// newSpool creates the spool of the output file name: a temporary file
// named as the commit names name's, written under the commit's full-disk
// hook (the fault of the tests) and room.
func (s *Stream) newSpool(name string) (*commit.Temp, error) {
	sp, err := commit.CreateSpool(filepath.Join(s.dir, name), hooks, s.room)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return sp, nil
}

// Add writes d, the next athlete's dataset (athletes in name order), to
// every table and to the report.
func (s *Stream) Add(d *report.Dataset) error {
	for _, t := range s.tables {
		if err := t.stream.Add(d); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	if err := s.html.Add(d); err != nil {
		return fmt.Errorf("report: %s: %w", HTMLFile, err)
	}
	return nil
}

// Commit writes the output set into dir as [WriteAll] does, from the
// spools and from sum, the run's summary dataset (report.BuildStream's:
// its Files make files.parquet and report.html's data-quality section;
// Output must be the flat layout without records). It may be called
// again after a failure, as the spools stay until Close.
func (s *Stream) Commit(sum *report.Dataset) error {
	if sum.Output.Partition || sum.Output.Records {
		return fmt.Errorf("report: a stream writes the flat layout without records")
	}
	files := make([]commit.File, 0, len(OutputFiles))
	for _, name := range OutputFiles {
		var write func(w io.Writer) error
		switch i := slices.IndexFunc(s.tables, func(t *spooledTable) bool { return t.file == name }); {
		case i >= 0:
			sp := s.tables[i].spool
			write = func(w io.Writer) error {
				r, err := sp.Contents()
				if err != nil {
					return err
				}
				return tables.WriteSpooled(w, s.meta, name, r)
			}
		case name == HTMLFile:
			write = func(w io.Writer) error {
				r, err := s.spool.Contents()
				if err != nil {
					return err
				}
				return s.html.Finish(w, sum, r)
			}
		default:
			write = func(w io.Writer) error { return tables.Write(w, sum, name) }
		}
		files = append(files, commit.File{Path: filepath.Join(s.dir, name), Write: write})
	}
	if err := writeOutputSet(s.dir, sum, files, func(files []commit.File, c *commitHook) error {
		// One file at a time: one Parquet writer and zstd encoder at a
		// time keep the run's peak low (docs/performance.md).
		return writeOutputsWithManifest(s.dir, files, sum, c, 1, s.room)
	}); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// Close removes the spools.
func (s *Stream) Close() error {
	var errs []error
	for _, t := range s.tables {
		errs = append(errs, t.spool.Remove())
	}
	if s.spool != nil {
		errs = append(errs, s.spool.Remove())
	}
	s.tables, s.spool = nil, nil
	return errors.Join(errs...)
}
