package activity

import (
	"io"

	"github.com/placesafe/placesafe/internal/pii"
	"github.com/placesafe/placesafe/internal/record"
)

// csvColumns is the activity CSV header; columns may come in any order.
var csvColumns = []string{"source_ref", "started_at", "duration_minutes", "activity_type", "partner", "lat", "lng", "contacts_children"}

// NewCSVReader reads a placesafe activity CSV file:
//
//	source_ref,started_at,duration_minutes,activity_type,partner,lat,lng,contacts_children
//
// source_ref may be blank. started_at is an RFC 3339 time or a Europe/London wall-clock time
// (record.ParseTime; a date alone is refused); duration_minutes is 1 to 1440; activity_type is
// one of Types; partner is the organisation that did it (required); contacts_children is the
// number of children spoken to, 0 to 10000. lat and lng are WGS84 decimal degrees, both blank
// for a row with no location (counted and skipped, SkipReason "no location").
//
// The header is checked first by pii.CheckHeader; a bad header is a *record.FileError.
func NewCSVReader(r io.Reader) (record.Reader, error) {
	return record.NewCSVReader(r, record.CSVSpec{Required: csvColumns, Lat: "lat", Lng: "lng", CheckHeader: pii.CheckHeader}, activityRow)
}
