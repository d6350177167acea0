package incident

import (
	"fmt"
	"io"

	"github.com/placesafe/placesafe/internal/pii"
	"github.com/placesafe/placesafe/internal/record"
)

// policeUKHeader is the header of a police.uk street-level crime file, as published by
// data.police.uk ("YYYY-MM-force-street.csv").
var policeUKHeader = []string{
	"Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
	"LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
}

// NewPoliceUKReader reads a police.uk street-level crime file as published (a UTF-8 byte order
// mark and CRLF line ends are fine). For each row: source_ref is the Crime ID (nil when blank,
// as for anti-social behaviour); occurred_at is 00:00 Europe/London on the first day of Month,
// with precision "month"; category is PoliceUKCategory of the Crime type, kept as
// source_category; the victim age band is "unknown" and suspect and setting are nil (police.uk
// does not publish them); harm_weight is DefaultHarmWeight; lsoa_code, lsoa_name and location are the LSOA code and
// name and the anonymised street location ("On or near …").
//
// A row whose category is not in scope s has SkipReason "category out of scope (<Crime type>)";
// otherwise a row without coordinates has SkipReason "no location". Rows identical in every
// column are all returned: police.uk snaps separate crimes to the same anonymous map point.
// An unknown Crime type is a *record.RowError. The zero Scope is ScopeSYV.
func NewPoliceUKReader(r io.Reader, s Scope) (record.Reader, error) {
	s, err := ParseScope(string(s))
	if err != nil {
		return nil, err
	}
	return record.NewCSVReader(r, record.CSVSpec{Required: policeUKHeader, Lat: "Latitude", Lng: "Longitude",
		CheckHeader: pii.CheckHeader}, func(raw record.RawRow) (record.Row, error) {
		return policeUKRow(raw, s)
	})
}

func policeUKRow(raw record.RawRow, s Scope) (record.Row, error) {
	row := raw.Row()
	month, err := record.ParseTime(raw.Get("Month"))
	if err != nil || month.Form != record.MonthOnly {
		return row, raw.Errorf("Month", "%q is not a month (YYYY-MM)", raw.Get("Month"))
	}
	crimeType := raw.Get("Crime type")
	cat, ok := PoliceUKCategory(crimeType)
	if !ok {
		return row, raw.Errorf("Crime type", "%q is not a police.uk crime type", crimeType)
	}
	lsoa := raw.Get("LSOA code")
	if lsoa != "" && !isLSOACode(lsoa) {
		return row, raw.Errorf("LSOA code", "%q is not an LSOA code (E01 or W01 and six digits)", lsoa)
	}
	weight, _ := DefaultHarmWeight(cat)
	row.Values = []any{orNil(raw.Get("Crime ID")), month.Time, PrecisionMonth, cat, crimeType, "unknown", nil, nil, weight, orNil(lsoa), nil,
		orNil(raw.Get("LSOA name")), orNil(raw.Get("Location"))}
	if !InScope(cat, s) {
		row.SkipReason = fmt.Sprintf("category out of scope (%s)", crimeType)
	}
	return row, nil
}

// isLSOACode reports whether s looks like an ONS LSOA code for England (E01…) or Wales (W01…).
func isLSOACode(s string) bool {
	if len(s) != 9 || (s[0] != 'E' && s[0] != 'W') || s[1:3] != "01" {
		return false
	}
	for _, c := range s[3:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
