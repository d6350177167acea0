package activity_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/activity"
	"github.com/placesafe/placesafe/internal/pii"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/record/recordtest"
)

const header = "source_ref,started_at,duration_minutes,activity_type,partner,lat,lng,contacts_children\n"

func TestCSVReaderRows(t *testing.T) {
	recordtest.CheckRows(t, activity.NewCSVReader, header, len(activity.Columns), 8, []recordtest.GoodRow{
		{Name: "patrol", Line: "p1,2024-07-05 19:00,120,patrol,City of London Police,51.515,-0.09,12",
			Values: []any{"p1", recordtest.LondonTime(t, "2024-07-05T18:00:00Z"), int32(120), "patrol", "City of London Police", int32(12)}},
		{Name: "blank source_ref, no location, zero contacts", Line: ",2024-01-05T16:30:00Z,1,detached_youth_work,Youth Service,,,0",
			Values: []any{nil, recordtest.LondonTime(t, "2024-01-05T16:30:00Z"), int32(1), "detached_youth_work", "Youth Service", int32(0)}, Skip: "no location"},
		{Name: "DST gap reads as GMT, maximums", Line: "p3,2024-03-31 01:15,1440,knife_sweep,Police,51.5,-0.1,10000",
			Values: []any{"p3", recordtest.LondonTime(t, "2024-03-31T01:15:00Z"), int32(1440), "knife_sweep", "Police", int32(10000)}},
		{Name: "DST overlap reads as the first", Line: "p4,2024-10-27 01:15,30,safe_haven,Council,51.5,-0.1,3",
			Values: []any{"p4", recordtest.LondonTime(t, "2024-10-27T00:15:00Z"), int32(30), "safe_haven", "Council", int32(3)}},
	})
}

func TestCSVReaderBadRows(t *testing.T) {
	good := "ok,2024-07-05 19:00,60,patrol,Police,51.5,-0.1,4"
	recordtest.CheckBadRows(t, activity.NewCSVReader, header, good, 0, []recordtest.BadRow{
		{"date without time", "x,2024-07-05,60,patrol,Police,51.5,-0.1,4", "started_at"},
		{"month", "x,2024-07,60,patrol,Police,51.5,-0.1,4", "started_at"},
		{"not a time", "x,tomorrow,60,patrol,Police,51.5,-0.1,4", "started_at"},
		{"blank started_at", "x,,60,patrol,Police,51.5,-0.1,4", "started_at"},
		{"zero duration", "x,2024-07-05 19:00,0,patrol,Police,51.5,-0.1,4", "duration_minutes"},
		{"duration over a day", "x,2024-07-05 19:00,1441,patrol,Police,51.5,-0.1,4", "duration_minutes"},
		{"fractional duration", "x,2024-07-05 19:00,1.5,patrol,Police,51.5,-0.1,4", "duration_minutes"},
		{"huge duration", "x,2024-07-05 19:00,99999999999,patrol,Police,51.5,-0.1,4", "duration_minutes"},
		{"blank duration", "x,2024-07-05 19:00,,patrol,Police,51.5,-0.1,4", "duration_minutes"},
		{"unknown type", "x,2024-07-05 19:00,60,stop_and_search,Police,51.5,-0.1,4", "activity_type"},
		{"blank partner", "x,2024-07-05 19:00,60,patrol,,51.5,-0.1,4", "partner"},
		{"long partner", "x,2024-07-05 19:00,60,patrol," + strings.Repeat("p", 129) + ",51.5,-0.1,4", "partner"},
		{"negative contacts", "x,2024-07-05 19:00,60,patrol,Police,51.5,-0.1,-1", "contacts_children"},
		{"too many contacts", "x,2024-07-05 19:00,60,patrol,Police,51.5,-0.1,10001", "contacts_children"},
		{"blank contacts", "x,2024-07-05 19:00,60,patrol,Police,51.5,-0.1,", "contacts_children"},
		{"latitude only", "x,2024-07-05 19:00,60,patrol,Police,51.5,,4", "lng"},
		{"bad latitude", "x,2024-07-05 19:00,60,patrol,Police,51°30',-0.1,4", "lat"},
		{"control character", "x,2024-07-05 19:00,60,patrol,Pol\x00ice,51.5,-0.1,4", "partner"},
		{"overlong field", strings.Repeat("x", 300) + ",2024-07-05 19:00,60,patrol,Police,51.5,-0.1,4", "source_ref"},
		{"short row", "x,2024-07-05 19:00", ""},
		{"bare quote", `x,2024-07-05 19:00,60,patrol,"Police" Team,51.5,-0.1,4`, ""},
	})
}

func TestCSVReaderHeader(t *testing.T) {
	recordtest.CheckBadHeaders(t, activity.NewCSVReader, []recordtest.BadHeader{
		{Name: "personal data", Header: "source_ref,started_at,duration_minutes,activity_type,partner,lat,lng,contacts_children,officer_email,child_name",
			Reason: pii.Reason, Columns: []string{"officer_email", "child_name"}},
		{Name: "unknown column", Header: "source_ref,started_at,duration_minutes,activity_type,partner,lat,lng,contacts_children,notes",
			Reason: "unknown column (expected source_ref, started_at, duration_minutes, activity_type, partner, lat, lng, contacts_children)", Columns: []string{"notes"}},
		{Name: "missing column", Header: "source_ref,started_at,activity_type,partner,lat,lng",
			Reason: "required column missing", Columns: []string{"duration_minutes", "contacts_children"}},
		{Name: "empty file", Header: "",
			Reason: "the file is empty: it has no header line", Columns: nil},
	})
	// BOM, CRLF and any column order.
	in := "\xef\xbb\xbfcontacts_children,lng,lat,partner,activity_type,duration_minutes,started_at,source_ref\r\n5,-0.1,51.5,Police,outreach,45,2024-07-05 19:00,a\r\n"
	rows, rowErrs, other := recordtest.Read(t, activity.NewCSVReader, in, 0)
	if len(rows) != 1 || len(rowErrs) != 0 || other != nil || rows[0].Values[5] != int32(5) || rows[0].Content[0] != "5" {
		t.Errorf("rows %+v, errors %v %v", rows, rowErrs, other)
	}
}

func TestGeoJSONReader(t *testing.T) {
	in := `{"type":"FeatureCollection","features":[
		{"type":"Feature","geometry":{"type":"Point","coordinates":[-0.09,51.515]},
		 "properties":{"source_ref":"a1","started_at":"2024-07-05 19:00","duration_minutes":90,"activity_type":"outreach","partner":"St Mungo's","contacts_children":7}},
		{"type":"Feature","geometry":null,
		 "properties":{"started_at":"2024-07-05T19:00:00+01:00","duration_minutes":"90","activity_type":"school_session","partner":"Council","contacts_children":0}},
		{"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[[-0.09,51.515]]},"properties":{}},
		{"type":"Feature","geometry":{"type":"Point","coordinates":[-0.09,51.515]},
		 "properties":{"started_at":"2024-07-05 19:00","duration_minutes":90.5,"activity_type":"outreach","partner":"X","contacts_children":1}}
	]}`
	rows, rowErrs, other := recordtest.Read(t, activity.NewGeoJSONReader, in, 0)
	if other != nil || len(rows) != 2 {
		t.Fatalf("rows %v, error %v", rows, other)
	}
	want := record.Row{
		Line: 1, Lat: 51.515, Lng: -0.09, HasLocation: true,
		Content: []string{"activity_type=outreach", "contacts_children=7", "duration_minutes=90", "partner=St Mungo's",
			"source_ref=a1", "started_at=2024-07-05 19:00", "coordinates=[-0.09,51.515]"},
		Values: []any{"a1", recordtest.LondonTime(t, "2024-07-05T18:00:00Z"), int32(90), "outreach", "St Mungo's", int32(7)},
	}
	if !reflect.DeepEqual(rows[0], want) {
		t.Errorf("feature 1\n got %#v\nwant %#v", rows[0], want)
	}
	if rows[1].Line != 2 || rows[1].Values[0] != nil || rows[1].SkipReason != record.SkipNoLocation {
		t.Errorf("feature 2 = %+v", rows[1])
	}
	if len(rowErrs) != 2 || rowErrs[0].Line != 3 || rowErrs[0].Column != "geometry" || rowErrs[1].Line != 4 || rowErrs[1].Column != "duration_minutes" {
		t.Errorf("row errors %v", rowErrs)
	}
	_, err := activity.NewGeoJSONReader(strings.NewReader(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"Mobile":"07700 900000"}}]}`))
	var fe *record.FileError
	if !errors.As(err, &fe) || fe.Reason != pii.Reason {
		t.Errorf("personal data: error = %v", err)
	}
}
