package incident_test

import (
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/pii"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/record/recordtest"
)

const csvHeader = "source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight\n"

func TestCSVReaderReadsTheChildsInvolvement(t *testing.T) {
	header := "source_ref,occurred_at,time_precision,category,victim_age_band,lat,lng,involvement\n"
	rows, rowErrs, fileErr := recordtest.Read(t, incident.NewCSVReader, header+
		"a,2024-05-01,day,robbery,14-17,51.5,-0.1,both\n"+
		"b,2024-05-01,day,robbery,14-17,51.5,-0.1,\n"+
		"c,2024-05-01,day,robbery,14-17,51.5,-0.1,witness\n", len(incident.Columns))
	if fileErr != nil || len(rows) != 2 || len(rowErrs) != 1 {
		t.Fatalf("rows %v, row errors %v, file error %v", rows, rowErrs, fileErr)
	}
	last := slices.Index(incident.Columns, "involvement")
	if last < 0 || rows[0].Values[last] != "both" || rows[1].Values[last] != nil {
		t.Errorf("involvement values %v and %v, want both and NULL", rows[0].Values[last], rows[1].Values[last])
	}
	if re := rowErrs[0]; re.Line != 4 || re.Column != "involvement" {
		t.Errorf("row error %v, want line 4 naming involvement", rowErrs[0])
	}
}

func TestCSVReaderRows(t *testing.T) {
	recordtest.CheckRows(t, incident.NewCSVReader, csvHeader, len(incident.Columns), 10, []recordtest.GoodRow{
		{Name: "exact local time, default weight", Line: "r1,2024-05-01 14:30,exact,robbery,14-17,18-24,51.515,-0.09,street,",
			Values: []any{"r1", recordtest.LondonTime(t, "2024-05-01T13:30:00Z"), "exact", "robbery", nil, "14-17", "18-24", "street", 365.0, nil, nil, nil, nil}},
		{Name: "day, own weight, blanks are NULL", Line: "r2,2024-05-01,day,homicide,10-13,,51.5,-0.1,,1000",
			Values: []any{"r2", recordtest.LondonTime(t, "2024-04-30T23:00:00Z"), "day", "homicide", nil, "10-13", nil, nil, 1000.0, nil, nil, nil, nil}},
		{Name: "month, no location", Line: "r3,2024-05,month,sexual_offence,0-9,unknown,,,park,",
			Values: []any{"r3", recordtest.LondonTime(t, "2024-04-30T23:00:00Z"), "month", "sexual_offence", nil, "0-9", "unknown", "park", 1002.55, nil, nil, nil, nil}, Skip: "no location"},
		{Name: "DST gap reads as GMT", Line: "r4,2024-03-31 01:30,exact,violence_with_injury,14-17,,51.5,-0.1,transport,",
			Values: []any{"r4", recordtest.LondonTime(t, "2024-03-31T01:30:00Z"), "exact", "violence_with_injury", nil, "14-17", nil, "transport", 365.0, nil, nil, nil, nil}},
		{Name: "DST overlap reads as the first (BST)", Line: "r5,2024-10-27 01:00,hour,violence_without_injury,14-17,,51.5,-0.1,,",
			Values: []any{"r5", recordtest.LondonTime(t, "2024-10-27T00:00:00Z"), "hour", "violence_without_injury", nil, "14-17", nil, nil, 10.0, nil, nil, nil, nil}},
		{Name: "RFC 3339 on the hour, spaces trimmed, zero weight", Line: "r6, 2024-06-01T20:00:00+01:00 ,hour,drugs,18-24,25+,51.5,-0.1,school_vicinity,0",
			Values: []any{"r6", recordtest.LondonTime(t, "2024-06-01T19:00:00Z"), "hour", "drugs", nil, "18-24", "25+", "school_vicinity", 0.0, nil, nil, nil, nil}},
		{Name: "quoted fields", Line: `"r,7","2024-06-01 20:15:30",exact,other,unknown,,"51.5","-0.1",other,2.5`,
			Values: []any{"r,7", recordtest.LondonTime(t, "2024-06-01T19:15:30Z"), "exact", "other", nil, "unknown", nil, "other", 2.5, nil, nil, nil, nil}},
	})
}

func TestCSVReaderBadRows(t *testing.T) {
	good := "ok,2024-05-01 14:30,exact,robbery,14-17,,51.5,-0.1,,"
	recordtest.CheckBadRows(t, incident.NewCSVReader, csvHeader, good, 0, []recordtest.BadRow{
		{"blank source_ref", ",2024-05-01 14:30,exact,robbery,14-17,,51.5,-0.1,,", "source_ref"},
		{"not a time", "x,31/01/2024,day,robbery,14-17,,51.5,-0.1,,", "occurred_at"},
		{"impossible date", "x,2024-02-30,day,robbery,14-17,,51.5,-0.1,,", "occurred_at"},
		{"month with precision exact", "x,2024-05,exact,robbery,14-17,,51.5,-0.1,,", "time_precision"},
		{"date with precision exact", "x,2024-05-01,exact,robbery,14-17,,51.5,-0.1,,", "time_precision"},
		{"time with precision day", "x,2024-05-01 14:30,day,robbery,14-17,,51.5,-0.1,,", "time_precision"},
		{"half past with precision hour", "x,2024-05-01 14:30,hour,robbery,14-17,,51.5,-0.1,,", "time_precision"},
		{"date with precision month", "x,2024-05-01,month,robbery,14-17,,51.5,-0.1,,", "time_precision"},
		{"unknown precision", "x,2024-05-01 14:30,minute,robbery,14-17,,51.5,-0.1,,", "time_precision"},
		{"blank precision", "x,2024-05-01 14:30,,robbery,14-17,,51.5,-0.1,,", "time_precision"},
		{"unknown category", "x,2024-05-01 14:30,exact,knife_crime,14-17,,51.5,-0.1,,", "category"},
		{"police.uk name as category", "x,2024-05-01 14:30,exact,Robbery,14-17,,51.5,-0.1,,", "category"},
		{"blank victim age band", "x,2024-05-01 14:30,exact,robbery,,,51.5,-0.1,,", "victim_age_band"},
		{"exact age", "x,2024-05-01 14:30,exact,robbery,15,,51.5,-0.1,,", "victim_age_band"},
		{"bad suspect age band", "x,2024-05-01 14:30,exact,robbery,14-17,adult,51.5,-0.1,,", "suspect_age_band"},
		{"unknown setting", "x,2024-05-01 14:30,exact,robbery,14-17,,51.5,-0.1,nightclub,", "setting"},
		{"negative weight", "x,2024-05-01 14:30,exact,robbery,14-17,,51.5,-0.1,,-1", "harm_weight"},
		{"weight not a number", "x,2024-05-01 14:30,exact,robbery,14-17,,51.5,-0.1,,high", "harm_weight"},
		{"weight NaN", "x,2024-05-01 14:30,exact,robbery,14-17,,51.5,-0.1,,NaN", "harm_weight"},
		{"weight too large", "x,2024-05-01 14:30,exact,robbery,14-17,,51.5,-0.1,,99999", "harm_weight"},
		{"latitude only", "x,2024-05-01 14:30,exact,robbery,14-17,,51.5,,,", "lng"},
		{"longitude only", "x,2024-05-01 14:30,exact,robbery,14-17,,,-0.1,,", "lat"},
		{"latitude not a number", "x,2024-05-01 14:30,exact,robbery,14-17,,N51.5,-0.1,,", "lat"},
		{"control character", "x\x07,2024-05-01 14:30,exact,robbery,14-17,,51.5,-0.1,,", "source_ref"},
		{"overlong field", strings.Repeat("x", 257) + ",2024-05-01 14:30,exact,robbery,14-17,,51.5,-0.1,,", "source_ref"},
		{"not UTF-8", "x,2024-05-01 14:30,exact,robbery,14-17,,51.5,-0.1,caf\xe9,", "setting"},
		{"short row", "x,2024-05-01 14:30,exact,robbery", ""},
		{"long row", good + ",extra", ""},
		{"bare quote", `x"y,2024-05-01 14:30,exact,robbery,14-17,,51.5,-0.1,,`, ""},
	})
}

func TestCSVReaderHeader(t *testing.T) {
	recordtest.CheckBadHeaders(t, func(r io.Reader) (record.Reader, error) {
		return incident.NewCSVReader(io.MultiReader(r, strings.NewReader("\n")))
	}, []recordtest.BadHeader{
		{Name: "personal data", Header: "source_ref,occurred_at,time_precision,category,victim_age_band,lat,lng,child_name,Date of Birth",
			Reason: pii.Reason, Columns: []string{"child_name", "Date of Birth"}},
		{Name: "unknown column", Header: "source_ref,occurred_at,time_precision,category,victim_age_band,lat,lng,notes",
			Reason: "unknown column (expected source_ref, occurred_at, time_precision, category, victim_age_band, lat, lng, suspect_age_band, setting, harm_weight, involvement)", Columns: []string{"notes"}},
		{Name: "missing column", Header: "source_ref,occurred_at,category,victim_age_band,lat",
			Reason: "required column missing", Columns: []string{"time_precision", "lng"}},
		{Name: "police.uk file", Header: "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context",
			Reason: "unknown column (expected source_ref, occurred_at, time_precision, category, victim_age_band, lat, lng, suspect_age_band, setting, harm_weight, involvement)", Columns: []string{"Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"}},
	})
	// The optional columns may be left out, in any order.
	rows, rowErrs, fileErr := recordtest.Read(t, incident.NewCSVReader,
		"lng,lat,victim_age_band,category,time_precision,occurred_at,source_ref\n-0.1,51.5,14-17,robbery,day,2024-05-01,a\n", len(incident.Columns))
	if len(rows) != 1 || len(rowErrs) != 0 || fileErr != nil || rows[0].Values[6] != nil || rows[0].Values[8] != 365.0 {
		t.Errorf("rows %v, errors %v %v", rows, rowErrs, fileErr)
	}
	if want := []string{"-0.1", "51.5", "14-17", "robbery", "day", "2024-05-01", "a"}; !reflect.DeepEqual(rows[0].Content, want) {
		t.Errorf("content %q, want file order %q", rows[0].Content, want)
	}
}

func TestCSVReaderBOMAndCRLF(t *testing.T) {
	in := "\xef\xbb\xbf" + strings.ReplaceAll(csvHeader+"a,2024-05-01,day,robbery,14-17,,51.5,-0.1,,\n", "\n", "\r\n")
	rows, rowErrs, fileErr := recordtest.Read(t, incident.NewCSVReader, in, len(incident.Columns))
	if len(rows) != 1 || len(rowErrs) != 0 || fileErr != nil {
		t.Fatalf("rows %v, errors %v %v", rows, rowErrs, fileErr)
	}
	if rows[0].Values[0] != "a" || rows[0].Content[9] != "" {
		t.Errorf("row %+v", rows[0])
	}
}
