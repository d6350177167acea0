package ingest

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
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

	read    atomic.Int64 // read by the progress report while the import runs
	staged  int64
	skipped int64
	skips   []Skip
	byWhy   map[string]int64
	errs    []*record.RowError
	nErrs   int64
	fatal   error

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

func (s *rowSource) skip(line int, why string) {
	s.skipped++
	s.byWhy[why]++
	if len(s.skips) < MaxReported {
		s.skips = append(s.skips, Skip{Line: line, Reason: why})
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
			s.read.Add(1)
			s.bad(rowErr)
			continue
		}
		if err != nil {
			s.fatal = err
			return nil, false
		}
		s.read.Add(1)
		switch {
		case row.SkipReason != "":
			s.skip(row.Line, row.SkipReason)
			continue
		case !row.HasLocation:
			s.skip(row.Line, ReasonNoLocation)
			continue
		case !geo.ValidLatLng(row.Lat, row.Lng):
			// Counted by the check too: a file of such rows is refused saying what it looks like.
			s.check.Add(row.Lat, row.Lng)
			s.bad(&record.RowError{Line: row.Line, Column: "lat",
				Reason: fmt.Sprintf("coordinates %v, %v are not a latitude and longitude in degrees", row.Lat, row.Lng)})
			continue
		case !s.check.Add(row.Lat, row.Lng):
			s.skip(row.Line, ReasonOutsideArea)
			continue
		}
		cell, err := geo.CellAt(row.Lat, row.Lng, geo.StorageRes)
		if err != nil {
			s.bad(&record.RowError{Line: row.Line, Column: "lat", Reason: err.Error()})
			continue
		}
		if s.nErrs > 0 {
			continue
		}
		s.staged++
		vals := make([]any, 0, len(row.Values)+5)
		vals = append(vals, int64(row.Line), contentHash(s.kind, s.format, row.Content))
		vals = append(vals, row.Values...)
		return append(vals, row.Lat, row.Lng, int64(cell)), true
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
