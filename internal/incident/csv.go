package incident

import (
	"io"

	"github.com/placesafe/placesafe/internal/pii"
	"github.com/placesafe/placesafe/internal/record"
)

// The placesafe incident CSV header. Columns may come in any order; suspect_age_band, setting,
// harm_weight and involvement may be left out, which is the same as leaving them blank.
var (
	csvRequired = []string{"source_ref", "occurred_at", "time_precision", "category", "victim_age_band", "lat", "lng"}
	csvOptional = []string{"suspect_age_band", "setting", "harm_weight", "involvement"}
)

// NewCSVReader reads a placesafe incident CSV file:
//
//	source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight,involvement
//
// source_ref, occurred_at, time_precision, category and victim_age_band are required in every
// row; occurred_at is read as record.ParseTime says; lat and lng are WGS84 decimal degrees, both
// blank for a row with no location (counted and skipped, SkipReason "no location"); a blank
// harm_weight takes DefaultHarmWeight of the category; involvement, where the partnership
// records it, is the child's part in the incident (victim, perpetrator or both). Every category is imported: the scope
// applies to police.uk files, which hold every kind of crime.
//
// The header is checked first by pii.CheckHeader; a bad header is a *record.FileError.
func NewCSVReader(r io.Reader) (record.Reader, error) {
	return record.NewCSVReader(r, record.CSVSpec{Required: csvRequired, Optional: csvOptional, Lat: "lat", Lng: "lng",
		CheckHeader: pii.CheckHeader}, placesafeRow)
}
