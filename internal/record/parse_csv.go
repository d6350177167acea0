package record

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// CSVSpec describes the columns of one CSV format.
type CSVSpec struct {
	// Required columns must be in the header; Optional ones may be. Any other column is refused.
	// The order of columns in a file does not matter.
	Required, Optional []string
	// Lat and Lng name the coordinate columns (both in Required or Optional).
	Lat, Lng string
	// CheckHeader, when set, is called with the header before anything else; its error is
	// returned as it is (pii.CheckHeader goes here).
	CheckHeader func(cols []string) error
}

// CSVSource reads the rows of a CSV file; see NewCSVSource.
type CSVSource struct {
	r      *csv.Reader
	header []string
	latI   int
	lngI   int
	// unclosed is the line of a quoted field whose closing quote was missing, when that was
	// the last thing read: if the file ends right after it, the rest of the file was swallowed
	// into one field and the file is refused.
	unclosed int
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// NewCSVSource reads and checks the header of a CSV file (comma-separated, UTF-8 with or
// without a byte order mark, LF or CRLF line ends). A missing, unknown or repeated column is
// a *FileError naming the columns.
func NewCSVSource(r io.Reader, spec CSVSpec) (*CSVSource, error) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read() // FieldsPerRecord is 0, so the header sets it for every row
	if errors.Is(err, io.EOF) {
		return nil, &FileError{Reason: "the file is empty: it has no header line"}
	}
	if err != nil {
		return nil, &FileError{Reason: fmt.Sprintf("the header line cannot be read: %v", err)}
	}
	header = slices.Clone(header)
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	if spec.CheckHeader != nil {
		if err := spec.CheckHeader(header); err != nil {
			return nil, err
		}
	}
	if err := checkColumns(header, spec.Required, spec.Optional); err != nil {
		return nil, err
	}
	return &CSVSource{r: cr, header: header, latI: slices.Index(header, spec.Lat), lngI: slices.Index(header, spec.Lng)}, nil
}

// NewCSVReader returns a Reader of the CSV file r, laid out as spec says, that turns each row
// into a Row with parse; a bad header is a *FileError, returned before any row is read.
func NewCSVReader(r io.Reader, spec CSVSpec, parse func(RawRow) (Row, error)) (Reader, error) {
	src, err := NewCSVSource(r, spec)
	if err != nil {
		return nil, err
	}
	return NewReader(src, parse), nil
}

// checkColumns refuses repeated, unknown and missing columns, in that order.
func checkColumns(cols, required, optional []string) error {
	var dup, unknown, missing []string
	for i, c := range cols {
		switch {
		case slices.Contains(cols[:i], c):
			dup = append(dup, DisplayName(c))
		case !slices.Contains(required, c) && !slices.Contains(optional, c):
			unknown = append(unknown, DisplayName(c))
		}
	}
	for _, c := range required {
		if !slices.Contains(cols, c) {
			missing = append(missing, c)
		}
	}
	switch {
	case len(dup) > 0:
		return &FileError{Reason: "column appears more than once", Columns: dup}
	case len(unknown) > 0:
		return &FileError{Reason: "unknown column (expected " + strings.Join(append(slices.Clone(required), optional...), ", ") + ")", Columns: unknown}
	case len(missing) > 0:
		return &FileError{Reason: "required column missing", Columns: missing}
	}
	return nil
}

// Next returns the next row. A row with the wrong number of fields, a misplaced quote, a field
// that fails CheckText or bad coordinates is a *RowError, and reading goes on.
func (s *CSVSource) Next() (RawRow, error) {
	rec, err := s.r.Read()
	unclosed := s.unclosed
	s.unclosed = 0
	if errors.Is(err, io.EOF) {
		if unclosed > 0 {
			return RawRow{}, &FileError{Reason: fmt.Sprintf("the quoted field that starts on line %d runs to the end of the file: its closing quote is missing or misplaced", unclosed)}
		}
		return RawRow{}, io.EOF
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			return RawRow{Line: pe.StartLine}, &RowError{Line: pe.StartLine, Reason: fmt.Sprintf("%d fields, the header has %d", len(rec), len(s.header))}
		case errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote):
			if pe.Line > pe.StartLine {
				s.unclosed = pe.StartLine
			}
			return RawRow{Line: pe.StartLine}, &RowError{Line: pe.StartLine, Reason: fmt.Sprintf("misplaced quote at line %d, column %d (a quote inside a field must be doubled and the field quoted)", pe.Line, pe.Column)}
		}
	}
	if err != nil {
		return RawRow{}, &FileError{Reason: fmt.Sprintf("the file cannot be read: %v", err)}
	}
	line, _ := s.r.FieldPos(0)
	raw := RawRow{Line: line, Content: slices.Clone(rec), fields: make(map[string]string, len(rec))}
	for i, v := range rec {
		if err := CheckText(v); err != nil {
			return raw, raw.Errorf(s.header[i], "%v", err)
		}
		raw.fields[s.header[i]] = v
	}
	if s.latI >= 0 && s.lngI >= 0 {
		if err := setLocation(&raw, s.header[s.latI], rec[s.latI], s.header[s.lngI], rec[s.lngI]); err != nil {
			return raw, err
		}
	}
	return raw, nil
}
