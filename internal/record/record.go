// Package record holds what every import format produces: one parsed row of an anonymised
// incident or activity file, and the errors a row or a whole file can carry.
package record

import (
	"fmt"
	"strings"
)

// Row is one parsed data row, ready to be checked against the study area and staged.
type Row struct {
	// Line is the 1-based line of the row in a CSV file (the header is line 1), or the
	// 1-based feature number in a GeoJSON FeatureCollection.
	Line int
	// Lat and Lng are the numbers as read, meant as WGS84 degrees; meaningful only when
	// HasLocation is true. Their range is checked by the import pipeline, not the reader.
	Lat, Lng    float64
	HasLocation bool
	// SkipReason, when not empty, says why this row is counted but not imported
	// (for example "no location" or "category out of scope").
	SkipReason string
	// Content is the row's canonical content: every source column as read, in file order.
	// The import pipeline hashes it (with the kind, the format and the row's occurrence
	// number among identical rows) into the de-duplication key.
	Content []string
	// Values are the typed values for the target table's columns, in the order the format
	// declares (see incident.Columns and activity.Columns); nil stands for NULL.
	Values []any
}

// Reader streams the rows of one file.
// Next returns io.EOF after the last row. It returns a *RowError for a bad row, after which
// reading goes on with the next row; any other error ends the file (for example a
// *FileError for a missing column or a personal-data column).
type Reader interface {
	Next() (Row, error)
}

// RowError is a problem with one row that makes the whole file be refused.
type RowError struct {
	// File names the file of an archive the row is in; empty for a single file.
	File   string `json:"file,omitempty"`
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

func (e *RowError) Error() string {
	where := fmt.Sprintf("line %d", e.Line)
	if e.File != "" {
		where = e.File + ", " + where
	}
	if e.Column == "" {
		return fmt.Sprintf("%s: %s", where, e.Reason)
	}
	return fmt.Sprintf("%s, column %s: %s", where, e.Column, e.Reason)
}

// FileError is a problem with the file as a whole (its header, its structure, a column that
// looks like personal data). The file is refused.
type FileError struct {
	Reason string
	// Columns names the columns concerned, when there are any.
	Columns []string
}

func (e *FileError) Error() string {
	if len(e.Columns) == 0 {
		return e.Reason
	}
	return fmt.Sprintf("%s: %s", e.Reason, strings.Join(e.Columns, ", "))
}
