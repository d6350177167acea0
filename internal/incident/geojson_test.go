package incident_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/pii"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/record/recordtest"
)

func collection(features ...string) string {
	return `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[` +
		strings.Join(features, ",\n") + `]}`
}

const robberyFeature = `{"type":"Feature","geometry":{"type":"Point","coordinates":[-0.09, 51.515]},
	"properties":{"source_ref":"g1","occurred_at":"2024-05-01 14:30","time_precision":"exact","category":"robbery",
	"victim_age_band":"14-17","suspect_age_band":"18-24","setting":"street","harm_weight":null}}`

func TestGeoJSONReader(t *testing.T) {
	rows, rowErrs, fileErr := recordtest.Read(t, incident.NewGeoJSONReader, collection(
		robberyFeature,
		`{"type":"Feature","geometry":null,"properties":{"source_ref":"g2","occurred_at":"2024-05","time_precision":"month",
			"category":"homicide","victim_age_band":"10-13","harm_weight":4000}}`,
		`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"source_ref":"g3"}}`,
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[-0.09,51.515]},"properties":{"source_ref":"g4","occurred_at":"2024-05",
			"time_precision":"exact","category":"robbery","victim_age_band":"14-17"}}`,
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[-0.09,51.515]},"properties":{"source_ref":"g5","occurred_at":"2024-05-01",
			"time_precision":"day","category":"robbery","victim_age_band":"14-17","setting":"a\u202Eb"}}`,
	), len(incident.Columns))
	if fileErr != nil {
		t.Fatal(fileErr)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	want := record.Row{
		Line: 1, Lat: 51.515, Lng: -0.09, HasLocation: true,
		Content: []string{"category=robbery", "harm_weight=", "occurred_at=2024-05-01 14:30", "setting=street", "source_ref=g1",
			"suspect_age_band=18-24", "time_precision=exact", "victim_age_band=14-17", "coordinates=[-0.09,51.515]"},
		Values: []any{"g1", recordtest.LondonTime(t, "2024-05-01T13:30:00Z"), "exact", "robbery", nil, "14-17", "18-24", "street", 365.0, nil, nil, nil, nil},
	}
	if !reflect.DeepEqual(rows[0], want) {
		t.Errorf("feature 1\n got %#v\nwant %#v", rows[0], want)
	}
	if rows[1].Line != 2 || rows[1].HasLocation || rows[1].SkipReason != record.SkipNoLocation || rows[1].Values[8] != 4000.0 {
		t.Errorf("feature 2 = %+v", rows[1])
	}
	var got []string
	for _, e := range rowErrs {
		got = append(got, e.Error())
	}
	wantErrs := []string{
		"line 3, column geometry: the geometry is a Polygon; only Point features can be imported",
		`line 4, column time_precision: "exact" does not fit occurred_at "2024-05" (exact and hour need a date and time, hour on the hour; day needs YYYY-MM-DD; month needs YYYY-MM)`,
		"line 5, column setting: holds the control character U+202E",
	}
	if !reflect.DeepEqual(got, wantErrs) {
		t.Errorf("row errors\n got %q\nwant %q", got, wantErrs)
	}
}

func TestGeoJSONReaderSameValuesAsCSV(t *testing.T) {
	g, err := incident.NewGeoJSONReader(strings.NewReader(collection(robberyFeature)))
	if err != nil {
		t.Fatal(err)
	}
	c, err := incident.NewCSVReader(strings.NewReader(csvHeader + "g1,2024-05-01 14:30,exact,robbery,14-17,18-24,51.515,-0.09,street,\n"))
	if err != nil {
		t.Fatal(err)
	}
	gr, err1 := g.Next()
	cr, err2 := c.Next()
	if err1 != nil || err2 != nil || !reflect.DeepEqual(gr.Values, cr.Values) || gr.Lat != cr.Lat || gr.Lng != cr.Lng {
		t.Errorf("GeoJSON %+v %v\nCSV     %+v %v", gr, err1, cr, err2)
	}
}

func TestGeoJSONReaderRefused(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		reason string
	}{
		{"British National Grid", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:27700"}},"features":[]}`,
			"the coordinate reference system is not WGS84 longitude/latitude (EPSG:27700): convert the file to WGS84 (EPSG:4326)"},
		{"personal data", collection(`{"type":"Feature","geometry":null,"properties":{"source_ref":"a","child_name":"x","postcode":"SW1A 1AA"}}`),
			pii.Reason},
		{"lat and lng as properties", collection(`{"type":"Feature","geometry":null,"properties":{"source_ref":"a","lat":51.5,"lng":-0.1}}`),
			"unknown column (expected source_ref, occurred_at, time_precision, category, victim_age_band, suspect_age_band, setting, harm_weight, involvement)"},
		{"not GeoJSON", `source_ref,occurred_at`, "not a GeoJSON FeatureCollection: the file is not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := incident.NewGeoJSONReader(strings.NewReader(tt.in))
			var fe *record.FileError
			if !errors.As(err, &fe) || fe.Reason != tt.reason {
				t.Errorf("error = %v, want FileError %q", err, tt.reason)
			}
		})
	}
	// Personal data in a later feature ends the file when it is read.
	rows, _, fileErr := recordtest.Read(t, incident.NewGeoJSONReader, collection(robberyFeature,
		`{"type":"Feature","geometry":null,"properties":{"source_ref":"a","DOB":"2010-01-01"}}`), len(incident.Columns))
	var fe *record.FileError
	if len(rows) != 1 || !errors.As(fileErr, &fe) || !reflect.DeepEqual(fe.Columns, []string{"DOB"}) {
		t.Errorf("rows %d, file error %v", len(rows), fileErr)
	}
}
