// Package incident reads files of anonymised incidents of serious violence affecting children:
// the placesafe CSV and GeoJSON formats, and police.uk street-level crime files. It only parses:
// the import pipeline checks the study area, assigns H3 cells, de-duplicates and stores.
package incident

import (
	"fmt"

	"github.com/placesafe/placesafe/internal/record"
)

// Columns are the incident table columns that record.Row.Values holds, in order. Their Go
// types: string or nil, time.Time, string, string, string or nil, string or nil, string or
// nil, string or nil, float64, then four strings or nil (LSOA code, involvement, LSOA name, street location).
var Columns = []string{
	"source_ref", "occurred_at", "time_precision", "category", "source_category",
	"victim_age_band", "suspect_age_band", "setting", "harm_weight", "lsoa_code", "involvement", "lsoa_name", "location",
}

// The time precisions: how exactly occurred_at is known.
const (
	PrecisionExact = "exact" // to the minute or better
	PrecisionHour  = "hour"  // within the hour written, HH:00
	PrecisionDay   = "day"   // within the day, written YYYY-MM-DD
	PrecisionMonth = "month" // within the month, written YYYY-MM
)

// Precisions lists the time precisions.
var Precisions = []string{PrecisionExact, PrecisionHour, PrecisionDay, PrecisionMonth}

// AgeBands lists the age bands of victims and suspects, in years.
var AgeBands = []string{"0-9", "10-13", "14-17", "18-24", "25+", "unknown"}

// Settings lists the kinds of place an incident happened in: street (a road, pavement or
// alley), park (parks, green spaces, playgrounds), transport (stations, stops, buses, trains),
// school_vicinity (a school gate or the route to and from school; not inside a school),
// shopping (shops, shopping centres, high streets), residential (estates, stairwells, the
// outside of homes), other. A setting is optional.
var Settings = []string{"street", "park", "transport", "school_vicinity", "shopping", "residential", "other"}

// MaxHarmWeight is the largest harm weight a file may give, in days (100 years).
const MaxHarmWeight = 36500

// placesafeRow turns a row of the placesafe CSV or GeoJSON format into a Row.
func placesafeRow(raw record.RawRow) (record.Row, error) {
	row := raw.Row()
	ref := raw.Get("source_ref")
	if ref == "" {
		return row, raw.Errorf("source_ref", "required")
	}
	at, prec, err := occurred(raw)
	if err != nil {
		return row, err
	}
	var cat, victim, suspect, setting, involvement string
	for _, c := range []struct {
		dst       *string
		col, what string
		values    []string
		blank     bool // the column may be left blank
	}{
		{&cat, "category", "a category", Categories, false},
		{&victim, "victim_age_band", "an age band", AgeBands, false},
		{&suspect, "suspect_age_band", "an age band", AgeBands, true},
		{&setting, "setting", "a setting", Settings, true},
		{&involvement, "involvement", "an involvement", Involvements, true},
	} {
		if *c.dst, err = raw.Choice(c.col, c.what, c.values, c.blank); err != nil {
			return row, err
		}
	}
	weight, _ := DefaultHarmWeight(cat)
	if s := raw.Get("harm_weight"); s != "" {
		if weight, err = record.ParseDecimal(s); err != nil || weight < 0 || weight > MaxHarmWeight {
			return row, raw.Errorf("harm_weight", "%q is not a number of days from 0 to %d (leave it blank for the default)", s, MaxHarmWeight)
		}
	}
	row.Values = []any{ref, at.Time, prec, cat, nil, victim, orNil(suspect), orNil(setting), weight, nil, orNil(involvement), nil, nil}
	return row, nil
}

// occurred reads occurred_at and time_precision and checks that they agree: exact and hour
// need a time of day (hour on the hour), day a date, month a month.
func occurred(raw record.RawRow) (record.ParsedTime, string, error) {
	at, err := record.ParseTime(raw.Get("occurred_at"))
	if err != nil {
		return at, "", raw.Errorf("occurred_at", "%v", err)
	}
	prec := raw.Get("time_precision")
	var ok bool
	switch prec {
	case PrecisionExact:
		ok = at.Form == record.TimeOfDay
	case PrecisionHour:
		ok = at.Form == record.TimeOfDay && at.WholeHour
	case PrecisionDay:
		ok = at.Form == record.DateOnly
	case PrecisionMonth:
		ok = at.Form == record.MonthOnly
	default:
		return at, "", raw.Errorf("time_precision", "%q is not a time precision (one of %v)", prec, Precisions)
	}
	if !ok {
		return at, "", raw.Errorf("time_precision", "%q does not fit occurred_at %q (%s)", prec, raw.Get("occurred_at"), precisionHint)
	}
	return at, prec, nil
}

var precisionHint = fmt.Sprintf("%s and %s need a date and time, %s on the hour; %s needs YYYY-MM-DD; %s needs YYYY-MM",
	PrecisionExact, PrecisionHour, PrecisionHour, PrecisionDay, PrecisionMonth)

// orNil returns s, or nil (SQL NULL) when s is blank.
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
