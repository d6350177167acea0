package incident_test

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// readAll reads r to the end, returning the rows, the row errors and the error that ended
// reading early (nil at io.EOF).
func readAll(t *testing.T, r record.Reader) (rows []record.Row, rowErrs []*record.RowError, fileErr error) {
	t.Helper()
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
			if len(row.Values) != len(incident.Columns) {
				t.Fatalf("line %d: %d values, want %d", row.Line, len(row.Values), len(incident.Columns))
			}
			rows = append(rows, row)
		}
	}
}

// mustTime parses an RFC 3339 time and returns it in Europe/London, as the readers do.
func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v.In(record.London())
}
