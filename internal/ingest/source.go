package ingest

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/record"
)

// Reasons for skipping a row that the pipeline itself decides.
const (
	ReasonNoLocation  = "no location"
	ReasonOutsideArea = "outside the study area"
)

// rowSource feeds CopyFrom from the file's reader, so that memory does not grow with the file:
// it keeps counts, the first MaxReported skips and bad rows, and nothing per row. Reading and
// checking run in a goroutine of their own, a few batches ahead of COPY, so that parsing and
// sending use both cores.
type rowSource struct {
	r      record.Reader
	kind   string
	format string
	check  *geo.CoordinateCheck
	// regions are the local areas a row is placed in; none when the deployment has none.
	regions geo.Regions

	read    atomic.Int64 // read by the progress report while the import runs
	staged  int64
	skipped int64
	skips   []Skip
	byWhy   map[string]int64
	errs    []*record.RowError
	nErrs   int64
	fatal   error

	// For an archive: the reader of its street files, their names and counts by file number,
	// and a copy of the counts for progress reports, refreshed as each file starts.
	archive  *archiveReader
	names    []string
	counts   []fileCount
	lastFile int
	mu       sync.Mutex
	live     []FileReport
	reports  []FileReport // every file of the archive, street files in file-number order

	batches chan [][]any // filled by produce; closed when the file ends
	quit    chan struct{}
	done    chan struct{}
	cur     [][]any
	pos     int
}

// batchRows is how many rows go to COPY at a time; batchesAhead how many batches reading may
// run ahead. Together they bound the memory an import holds.
const (
	batchRows    = 512
	batchesAhead = 4
)

func newRowSource(r record.Reader, kind, format string, check *geo.CoordinateCheck) *rowSource {
	return &rowSource{r: r, kind: kind, format: format, check: check, byWhy: map[string]int64{}}
}

// fileCount counts the rows of one file of an archive.
type fileCount struct{ read, staged, skipped int64 }

// newArchiveSource returns a rowSource over the street files of an archive, read by a.
func newArchiveSource(a *archiveReader, kind, format string, check *geo.CoordinateCheck) *rowSource {
	s := newRowSource(a, kind, format, check)
	s.archive, s.counts, s.lastFile = a, make([]fileCount, len(a.files)), -1
	for _, f := range a.files {
		s.names = append(s.names, f.Name)
	}
	return s
}

// file returns the number of the file the last row read came from (0 for a single file),
// refreshing the progress copy when a new file has started.
func (s *rowSource) file() int {
	if s.archive == nil {
		return 0
	}
	f := s.archive.current()
	if f != s.lastFile {
		s.lastFile = f
		s.publish()
	}
	return f
}

// publish copies the counts of the files started so far for progress reports.
func (s *rowSource) publish() {
	live := make([]FileReport, 0, s.lastFile+1)
	for i := 0; i <= s.lastFile && i < len(s.counts); i++ {
		c := s.counts[i]
		live = append(live, FileReport{Name: s.names[i], RowsRead: c.read, RowsSkipped: c.skipped, Status: StatusRunning})
	}
	s.mu.Lock()
	s.live = live
	s.mu.Unlock()
}

// progress returns the archive's files read so far, or nil for a single file.
func (s *rowSource) progress() []FileReport {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.live)
}

// fileName returns the name of file f of an archive, or "" for a single file.
func (s *rowSource) fileName(f int) string {
	if s.archive == nil {
		return ""
	}
	return s.names[f]
}

func (s *rowSource) skip(f, line int, why string) {
	s.skipped++
	s.byWhy[why]++
	if s.counts != nil {
		s.counts[f].skipped++
	}
	if len(s.skips) < MaxReported {
		s.skips = append(s.skips, Skip{File: s.fileName(f), Line: line, Reason: why})
	}
}

func (s *rowSource) bad(e *record.RowError) {
	s.nErrs++
	if len(s.errs) < MaxReported {
		s.errs = append(s.errs, e)
	}
}

// start begins reading the file in the background.
func (s *rowSource) start() {
	s.batches = make(chan [][]any, batchesAhead)
	s.quit = make(chan struct{})
	s.done = make(chan struct{})
	go s.produce()
}

// stop ends the background reading (when COPY stopped early) and waits for it: after stop the
// counts are final and safe to read.
func (s *rowSource) stop() {
	close(s.quit)
	<-s.done
}

func (s *rowSource) produce() {
	// done closes before batches, so that once Next has seen the end, Err sees done.
	defer close(s.batches)
	defer close(s.done)
	batch := make([][]any, 0, batchRows)
	for {
		vals, ok := s.readRow()
		if ok {
			batch = append(batch, vals)
		}
		if len(batch) == batchRows || (!ok && len(batch) > 0) {
			select {
			case s.batches <- batch:
			case <-s.quit:
				return
			}
			batch = make([][]any, 0, batchRows)
		}
		if !ok {
			return
		}
	}
}

// Next moves to the next staged row, for CopyFrom.
func (s *rowSource) Next() bool {
	s.pos++
	for s.pos >= len(s.cur) {
		b, ok := <-s.batches
		if !ok {
			return false
		}
		s.cur, s.pos = b, 0
	}
	return true
}

// Values returns the current row's values, for CopyFrom.
func (s *rowSource) Values() ([]any, error) { return s.cur[s.pos], nil }

// Err is read by CopyFrom during the copy as well as at its end, so it must not wait: until
// reading has finished there is no error to report.
func (s *rowSource) Err() error {
	select {
	case <-s.done:
		return s.fatal
	default:
		return nil
	}
}

// readRow reads until it has a row to stage. Once a bad row is seen nothing more is staged
// (the file will be refused) but reading goes on, to report every bad row.
func (s *rowSource) readRow() ([]any, bool) {
	for {
		row, err := s.r.Next()
		if errors.Is(err, io.EOF) {
			return nil, false
		}
		var rowErr *record.RowError
		if errors.As(err, &rowErr) {
			s.count(s.file())
			s.bad(rowErr)
			continue
		}
		if err != nil {
			s.fatal = err
			return nil, false
		}
		f := s.file()
		s.count(f)
		switch {
		case row.SkipReason != "":
			s.skip(f, row.Line, row.SkipReason)
			continue
		case !row.HasLocation:
			s.skip(f, row.Line, ReasonNoLocation)
			continue
		case !geo.ValidLatLng(row.Lat, row.Lng):
			// Counted by the check too: a file of such rows is refused saying what it looks like.
			s.check.Add(row.Lat, row.Lng)
			s.bad(&record.RowError{File: s.fileName(f), Line: row.Line, Column: "lat",
				Reason: fmt.Sprintf("coordinates %v, %v are not a latitude and longitude in degrees", row.Lat, row.Lng)})
			continue
		case !s.check.Add(row.Lat, row.Lng):
			s.skip(f, row.Line, ReasonOutsideArea)
			continue
		}
		cell, err := geo.CellAt(row.Lat, row.Lng, geo.StorageRes)
		if err != nil {
			s.bad(&record.RowError{File: s.fileName(f), Line: row.Line, Column: "lat", Reason: err.Error()})
			continue
		}
		if s.nErrs > 0 {
			continue
		}
		s.staged++
		if s.counts != nil {
			s.counts[f].staged++
		}
		vals := make([]any, 0, len(row.Values)+7)
		vals = append(vals, int32(f), int64(row.Line), contentHash(s.kind, s.format, row.Content))
		vals = append(vals, row.Values...)
		return append(vals, row.Lat, row.Lng, int64(cell), s.localArea(row.Lat, row.Lng)), true
	}
}

// localArea is the id of the local area a row inside the study area belongs to, or nil (NULL)
// when the deployment has no local areas. With one, the coordinate check has placed it already.
func (s *rowSource) localArea(lat, lng float64) any {
	switch len(s.regions) {
	case 0:
		return nil
	case 1:
		return s.regions[0].ID
	}
	if id, ok := s.regions.Locate(lat, lng); ok {
		return id
	}
	// Unreachable: the check has found the row inside the union of the regions.
	return nil
}

// count counts a row read from file f.
func (s *rowSource) count(f int) {
	s.read.Add(1)
	if s.counts != nil {
		s.counts[f].read++
	}
}

// contentHash identifies a row's content within its kind and format; each field is length-
// prefixed so that no two different rows can join to the same bytes. The occurrence number
// among identical rows is added in SQL (see moveSQL), which keeps memory flat here.
func contentHash(kind, format string, content []string) []byte {
	h := sha256.New()
	var n [8]byte
	for _, f := range append([]string{kind, format}, content...) {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return h.Sum(nil)
}

// fileRefusal turns what the reader and the coordinate check found into the error that refuses
// the file, or nil when it may land.
func (s *rowSource) fileRefusal() error {
	// A file with no rows (a header alone, an empty FeatureCollection) is most likely the wrong
	// file or a failed export; landing it would only change the data version.
	if s.read.Load() == 0 {
		return &refusal{msg: "the file has no rows (a header alone, or no features); nothing was imported"}
	}
	// What the coordinates look like comes first: it explains the bad rows too.
	if d, counts := s.check.Verdict(); d != geo.LooksFine {
		if d == geo.LooksElsewhere {
			return &refusal{msg: fmt.Sprintf("only %d of %d located rows lie inside the study area, fewer than 1 in %v: %s; "+
				"check that the file and the study area are of the same place; the file was not imported",
				counts.Inside, counts.Total, math.Round(1/geo.MinInsideShare), d)}
		}
		return &refusal{msg: fmt.Sprintf("%d of %d located rows are unusable: %s; the file was not imported",
			counts.Unusable(), counts.Total, d)}
	}
	if s.nErrs > 0 {
		details := make([]any, len(s.errs))
		for i, e := range s.errs {
			details[i] = e
		}
		msg := fmt.Sprintf("%d bad rows; the file was not imported", s.nErrs)
		if s.nErrs > int64(len(s.errs)) {
			msg += fmt.Sprintf(" (the first %d are listed)", len(s.errs))
		}
		return &refusal{msg: msg, details: details}
	}
	return nil
}

// refusal is a file refused for its content (422).
type refusal struct {
	msg     string
	details []any
}

func (r *refusal) Error() string { return r.msg }

// fileReports returns the archive's files with their final counts, given the rows imported by
// file number; nil for a single file.
func (s *rowSource) fileReports(imported map[int]int64) []FileReport {
	if s.archive == nil {
		return nil
	}
	out := slices.Clone(s.reports)
	f := 0
	for i := range out {
		if out[i].Status != FileImported {
			continue
		}
		c := s.counts[f]
		out[i].RowsRead, out[i].RowsSkipped = c.read, c.skipped
		out[i].RowsImported, out[i].RowsDuplicate = imported[f], c.staged-imported[f]
		f++
	}
	return out
}
