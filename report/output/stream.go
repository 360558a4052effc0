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
// Each table (but files.parquet) is written by its Parquet writer
// (tables.Stream) into the table's temporary output file, created by
// [NewStream] and named as the commit names them (".NAME.tmp-…", removed
// by the next run when a run is killed); report.html's athlete sections
// (html.Stream) go to a spool named alike, since the page's head needs
// the whole run. [Stream.Commit] then closes the table writers, writes
// files.parquet and report.html, and commits the set as WriteAll does
// (every file complete under its temporary name before any is renamed
// into place, manifest.json last); the files are byte for byte WriteAll's
// for the dataset the athletes make up.
//
// A write that fails for a full disk, during the run or at the commit,
// calls the room function given to NewStream once and is tried again
// (commit.Room). Call [Stream.Close] in every case: it removes what is
// left of the temporary files.
type Stream struct {
	dir    string
	room   *commit.Room
	tables []*streamTable // tables.Files but files.parquet, in order
	html   *html.Stream
	spool  *commit.Temp // report.html's athlete sections
}

// streamTable is a streamed table and its temporary file.
type streamTable struct {
	file   string
	stream *tables.Stream
	temp   *commit.Temp
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
	s := &Stream{dir: dir}
	if room != nil {
		s.room = commit.NewRoom(room)
	}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	meta := &report.Dataset{Version: version, Generated: generated}
	for _, name := range tables.Files {
		if name == tables.FilesFile {
			continue
		}
		tmp, err := commit.CreateTemp(filepath.Join(dir, name), hooks, s.room)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		t := &streamTable{file: name, temp: tmp}
		s.tables = append(s.tables, t)
		if t.stream, err = tables.NewStream(tmp, meta, name); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	if s.spool, err = commit.CreateTemp(filepath.Join(dir, HTMLFile), hooks, s.room); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	s.html = html.NewStream(s.spool)
	return s, nil
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

// Commit completes the output set in dir as [WriteAll] writes it: the
// tables are closed into their temporary files, files.parquet and
// report.html written from sum, the run's summary dataset
// (report.BuildStream's: its Files make files.parquet and report.html's
// data-quality section; Output must be the flat layout without records),
// and the set committed, manifest.json last. It can be called once: on
// failure, the temporary files are removed.
func (s *Stream) Commit(sum *report.Dataset) error {
	if sum.Output.Partition || sum.Output.Records {
		return fmt.Errorf("report: a stream writes the flat layout without records")
	}
	if s.tables == nil {
		return fmt.Errorf("report: the stream is closed or committed")
	}
	// The set commits the tables' temporary files or removes them.
	defer func() { s.tables = nil }()
	files := make([]commit.File, 0, len(OutputFiles))
	for _, name := range OutputFiles {
		f := commit.File{Path: filepath.Join(s.dir, name)}
		switch i := slices.IndexFunc(s.tables, func(t *streamTable) bool { return t.file == name }); {
		case i >= 0:
			t := s.tables[i]
			f.Temp = t.temp
			f.Write = func(io.Writer) error { return t.stream.Close() }
		case name == HTMLFile:
			f.Write = func(w io.Writer) error {
				r, err := s.spool.Contents()
				if err != nil {
					return err
				}
				return s.html.Finish(w, sum, r)
			}
		default:
			f.Write = func(w io.Writer) error { return tables.Write(w, sum, name) }
		}
		files = append(files, f)
	}
	if err := writeOutputSet(s.dir, sum, files, func(files []commit.File, c *commitHook) error {
		return writeOutputsWithManifest(s.dir, files, sum, c, 0, s.room)
	}); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// Close removes the temporary files left: every one after a failure,
// report.html's spool after a commit.
func (s *Stream) Close() error {
	var errs []error
	for _, t := range s.tables {
		errs = append(errs, t.temp.Remove())
	}
	if s.spool != nil {
		errs = append(errs, s.spool.Remove())
	}
	s.tables, s.spool = nil, nil
	return errors.Join(errs...)
}
