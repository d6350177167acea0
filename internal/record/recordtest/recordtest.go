// Package recordtest reads record readers to the end and checks their rows and refusals, for
// the tests of the packages that define readers (incident, activity).
package recordtest

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/record"
)

// ReadAll reads r to the end, returning the rows, the row errors and the error that ended
// reading early (nil at io.EOF). With columns > 0 every row must have that many values.
func ReadAll(tb testing.TB, r record.Reader, columns int) (rows []record.Row, rowErrs []*record.RowError, err error) {
	tb.Helper()
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return rows, rowErrs, nil
		}
		var re *record.RowError
		switch {
		case errors.As(err, &re):
			rowErrs = append(rowErrs, re)
		case err != nil:
			return rows, rowErrs, err
		default:
			if columns > 0 && len(row.Values) != columns {
				tb.Fatalf("line %d: %d values, want %d", row.Line, len(row.Values), columns)
			}
			rows = append(rows, row)
		}
	}
}

// Read opens a reader on in and reads it to the end as ReadAll does, failing the test when the
// reader refuses the file at once.
func Read(tb testing.TB, newReader NewReader, in string, columns int) (rows []record.Row, rowErrs []*record.RowError, err error) {
	tb.Helper()
	r, err := newReader(strings.NewReader(in))
	if err != nil {
		tb.Fatal(err)
	}
	return ReadAll(tb, r, columns)
}

// ReadOne reads in, which must give exactly one row and no error, and returns that row.
func ReadOne(tb testing.TB, newReader NewReader, in string, columns int) record.Row {
	tb.Helper()
	rows, rowErrs, fileErr := Read(tb, newReader, in, columns)
	if len(rows) != 1 || len(rowErrs) != 0 || fileErr != nil {
		tb.Fatalf("rows %v, row errors %v, file error %v", rows, rowErrs, fileErr)
	}
	return rows[0]
}

// ReadCSVFile reads the CSV file at path whole, header row included, failing the test when it
// cannot: the tests read the real files independently of the readers they check.
func ReadCSVFile(tb testing.TB, path string) [][]string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	return rows
}

// LondonTime parses an RFC 3339 time and returns it in Europe/London, as the readers do.
func LondonTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatal(err)
	}
	return v.In(record.London())
}

// NewReader makes a reader of a file.
type NewReader func(io.Reader) (record.Reader, error)

// GoodRow is a test case's name, a line that a reader reads, and the values and skip reason
// of the row it gives.
type GoodRow struct {
	Name, Line string
	Values     []any
	Skip       string
}

// CheckRows reads header and each line: the line must give one row, on line 2, with the case's
// values and skip reason, a location exactly when it is not skipped, and contentFields fields of
// content. With columns > 0 the row must have that many values.
func CheckRows(t *testing.T, newReader NewReader, header string, columns, contentFields int, tests []GoodRow) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			row := ReadOne(t, newReader, header+tt.Line+"\n", columns)
			if row.Line != 2 || row.SkipReason != tt.Skip || row.HasLocation != (tt.Skip == "") {
				t.Errorf("line %d, skip %q, has location %v; want line 2, skip %q", row.Line, row.SkipReason, row.HasLocation, tt.Skip)
			}
			if !reflect.DeepEqual(row.Values, tt.Values) {
				t.Errorf("values\n got %#v\nwant %#v", row.Values, tt.Values)
			}
			if len(row.Content) != contentFields {
				t.Errorf("content %q has %d fields, want %d", row.Content, len(row.Content), contentFields)
			}
		})
	}
}

// BadRow is a test case's name, a line that a reader refuses, and the column the refusal
// names ("" for the row as a whole).
type BadRow [3]string

// CheckBadRows reads header, each bad line and then good: the bad line must be the one row
// error, on line 2 and naming its column, and reading must go on to line 3. With columns > 0
// the good row must have that many values.
func CheckBadRows(t *testing.T, newReader NewReader, header, good string, columns int, tests []BadRow) {
	t.Helper()
	for _, tt := range tests {
		name, line, column := tt[0], tt[1], tt[2]
		t.Run(name, func(t *testing.T) {
			rows, rowErrs, fileErr := Read(t, newReader, header+line+"\n"+good+"\n", columns)
			if fileErr != nil || len(rowErrs) != 1 || rowErrs[0].Line != 2 || rowErrs[0].Column != column {
				t.Fatalf("row errors %v, error %v; want one on line 2, column %q", rowErrs, fileErr, column)
			}
			if len(rows) != 1 || rows[0].Line != 3 {
				t.Errorf("reading did not go on to line 3: rows %v", rows)
			}
		})
	}
}

// BadHeader is a file start that a reader refuses whole, with the reason and the columns named.
type BadHeader struct {
	Name, Header, Reason string
	Columns              []string
}

// CheckBadHeaders opens a reader on each header and checks the file error it gives.
func CheckBadHeaders(t *testing.T, newReader NewReader, tests []BadHeader) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := newReader(strings.NewReader(tt.Header))
			var fe *record.FileError
			if !errors.As(err, &fe) || fe.Reason != tt.Reason || !reflect.DeepEqual(fe.Columns, tt.Columns) {
				t.Errorf("error = %#v, want FileError %q %q", err, tt.Reason, tt.Columns)
			}
		})
	}
}
