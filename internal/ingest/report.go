// Package ingest runs imports of anonymised incident and activity files: it streams a file
// through its format's reader, checks every row against the study area, bulk-loads the rows
// into a staging table with COPY and moves them into the real table in one transaction, so
// that a file lands whole or not at all.
package ingest

import (
	"time"

	"github.com/placesafe/placesafe/internal/record"
)

// Kinds of record.
const (
	KindIncidents = "incidents"
	KindActivity  = "activity"
)

// Formats of file.
const (
	FormatPlacesafe = "placesafe"
	FormatPoliceUK  = "policeuk"
	FormatGeoJSON   = "geojson"
)

// Statuses of an import.
const (
	StatusRunning   = "running"
	StatusDone      = "done"
	StatusRejected  = "rejected"
	StatusFailed    = "failed"
	StatusWithdrawn = "withdrawn"
)

// MaxReported caps the bad rows and the skipped rows listed in a report; the counts are exact.
const MaxReported = 1000

// Options say what a file is.
type Options struct {
	Kind     string
	Format   string
	Scope    string // "syv" (default) or "all": police.uk categories imported
	Filename string
}

// Skip is one row counted but not imported.
type Skip struct {
	File   string `json:"file,omitempty"` // the file of an archive the row is in
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// Statuses of a file of an archive.
const (
	FileImported = "imported"
	FileIgnored  = "ignored"
)

// FileReport is one file of an archive: a street-level crime file imported (its counts add up
// as an import's do) or another file ignored, with the reason.
type FileReport struct {
	Name          string `json:"name"`
	RowsRead      int64  `json:"rows_read"`
	RowsImported  int64  `json:"rows_imported"`
	RowsDuplicate int64  `json:"rows_duplicate"`
	RowsSkipped   int64  `json:"rows_skipped"`
	Status        string `json:"status"`
	Reason        string `json:"reason,omitempty"`
}

// Report is an import's state and counts. For a landed import
// RowsRead = RowsImported + RowsSkipped + RowsDuplicate.
type Report struct {
	ImportID        int64            `json:"import_id"`
	Kind            string           `json:"kind"`
	Format          string           `json:"format"`
	Scope           string           `json:"scope"`
	Filename        string           `json:"filename"`
	Status          string           `json:"status"`
	RowsRead        int64            `json:"rows_read"`
	RowsImported    int64            `json:"rows_imported"`
	RowsDuplicate   int64            `json:"rows_duplicate"`
	RowsSkipped     int64            `json:"rows_skipped"`
	Skipped         []Skip           `json:"skipped"`
	SkippedByReason map[string]int64 `json:"skipped_by_reason"`
	// Files lists the files of a police.uk archive; the counts above are the sums over its
	// street-level crime files. Empty for a single file.
	Files       []FileReport       `json:"files,omitempty"`
	Errors      []*record.RowError `json:"errors,omitempty"`
	Message     string             `json:"message,omitempty"`
	CreatedBy   *int64             `json:"created_by"`
	CreatedAt   time.Time          `json:"created_at"`
	FinishedAt  *time.Time         `json:"finished_at"`
	WithdrawnAt *time.Time         `json:"withdrawn_at,omitempty"`
}
