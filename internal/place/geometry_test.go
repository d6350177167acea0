package place_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// A square of about 70 m by 110 m round St Paul's churchyard.
const square = `{"type":"Polygon","coordinates":[[[-0.0990,51.5130],[-0.0980,51.5130],[-0.0980,51.5140],[-0.0990,51.5140],[-0.0990,51.5130]]]}`

// TestGeometryErrorsNameTheProblem: every refused geometry answers 422 with a message that
// names the problem and where it is, and nothing is stored.
func TestGeometryErrorsNameTheProblem(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, body string
		want       []string // all in the message
	}{
		{"unclosed ring", placeBody("park", "Open", `{"type":"Polygon","coordinates":[[[-0.099,51.513],[-0.098,51.513],[-0.098,51.514],[-0.099,51.514]]]}`),
			[]string{"geometry.coordinates[0]", "ring is not closed"}},
		{"self-intersection", placeBody("park", "Bow tie", `{"type":"Polygon","coordinates":[[[-0.099,51.513],[-0.098,51.514],[-0.098,51.513],[-0.099,51.514],[-0.099,51.513]]]}`),
			[]string{"geometry.coordinates[0]", "crosses itself"}},
		{"British National Grid crs", `{"type":"Feature","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"geometry":` + square + `,"properties":{"kind":"park","name":"BNG"}}`,
			[]string{"crs", "British National Grid, not WGS84"}},
		{"crs on the geometry", placeBody("park", "BNG", `{"type":"Point","coordinates":[532000,181000],"crs":{"type":"name","properties":{"name":"EPSG:27700"}}}`),
			[]string{"geometry.crs", "not WGS84"}},
		{"eastings and northings", placeBody("park", "BNG", `{"type":"Polygon","coordinates":[[[532000,181000],[532100,181000],[532100,181100],[532000,181000]]]}`),
			[]string{"geometry.coordinates[0][0]", "projected coordinates"}},
		{"latitude out of range", placeBody("street", "Far north", `{"type":"LineString","coordinates":[[-0.099,51.513],[-0.099,95]]}`),
			[]string{"geometry.coordinates[1]", "latitude 95 is outside -90..90"}},
		{"no geometry", placeBody("park", "Nowhere", `null`), []string{"geometry", "empty geometry"}},
		{"polygon without rings", placeBody("park", "Nowhere", `{"type":"Polygon","coordinates":[]}`), []string{"empty geometry", "no rings"}},
		{"line without length", placeBody("street", "Stub", `{"type":"LineString","coordinates":[[-0.099,51.513],[-0.099,51.513]]}`),
			[]string{"geometry.coordinates", "no length"}},
		{"wrong type", placeBody("park", "Mixed", `{"type":"GeometryCollection","geometries":[]}`),
			[]string{"geometry", `"GeometryCollection" is not accepted`}},
		{"a FeatureCollection where a Feature is wanted", `{"type":"FeatureCollection","features":[]}`, []string{"must be a GeoJSON Feature"}},
		{"buffer too wide", placeBody("street", "Wide", `{"type":"LineString","coordinates":[[-0.099,51.513],[-0.098,51.513]]}`, `"buffer_metres":600`),
			[]string{"buffer_metres 600 is out of range", "at most 500"}},
		{"buffer of zero", placeBody("street", "Thin", `{"type":"LineString","coordinates":[[-0.099,51.513],[-0.098,51.513]]}`, `"buffer_metres":0`),
			[]string{"buffer_metres 0 is out of range"}},
		{"buffer on an area", placeBody("park", "Padded", square, `"buffer_metres":10`), []string{"buffer_metres applies to lines and points only"}},
		{"unknown kind", placeBody("car_park", "P", square), []string{`kind "car_park" is unknown`}},
		{"no name", placeBody("park", " ", square), []string{"name is required"}},
		{"unknown property", placeBody("park", "P", square, `"owner_name":"x"`), []string{`unknown field "owner_name"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got apiError
			e.must(t, http.StatusUnprocessableEntity, "analyst", http.MethodPost, "/api/v1/places", tt.body, &got)
			for _, w := range tt.want {
				if !strings.Contains(got.Error.Message, w) {
					t.Errorf("message %q does not contain %q", got.Error.Message, w)
				}
			}
		})
	}
	if n := e.count(t, `SELECT count(*) FROM places`); n != 0 {
		t.Errorf("%d places stored after refusals, want 0", n)
	}
	if rec := e.do(t, "analyst", http.MethodPost, "/api/v1/places", `{not json`); rec.Code != http.StatusBadRequest {
		t.Errorf("a body that is not JSON = %d, want 400", rec.Code)
	}
}

// TestShapesAndBuffers: each shape is accepted with its default buffer, and stored as given.
func TestShapesAndBuffers(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, kind, geometry string
		extra                []string
		wantBuffer           float64
	}{
		{"polygon", "park", square, nil, 0},
		{"multipolygon", "school_vicinity", `{"type":"MultiPolygon","coordinates":[` + polygonCoords(square) + `]}`, nil, 0},
		{"street, default buffer", "street", `{"type":"LineString","coordinates":[[-0.0960,51.5150],[-0.0940,51.5150]]}`, nil, 15},
		{"street, own buffer", "street", `{"type":"MultiLineString","coordinates":[[[-0.0960,51.5150],[-0.0940,51.5150]],[[-0.0950,51.5145],[-0.0950,51.5155]]]}`,
			[]string{`"buffer_metres":25`}, 25},
		{"station, default buffer", "transport_hub", `{"type":"Point","coordinates":[-0.0823,51.5178]}`, nil, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := e.create(t, tt.kind, tt.name, tt.geometry, tt.extra...)
			if f.Properties.BufferMetres != tt.wantBuffer || f.Properties.Kind != tt.kind || f.Properties.Version != 1 {
				t.Errorf("kind %s, buffer %v, version %d; want %s, %v, 1", f.Properties.Kind, f.Properties.BufferMetres, f.Properties.Version, tt.kind, tt.wantBuffer)
			}
			var want, got any
			_ = json.Unmarshal([]byte(tt.geometry), &want)
			_ = json.Unmarshal(f.Geometry, &got)
			if !jsonEqual(want, got) {
				t.Errorf("geometry %s, want %s", f.Geometry, tt.geometry)
			}
		})
	}
}

func polygonCoords(polygon string) string {
	var g struct {
		Coordinates json.RawMessage `json:"coordinates"`
	}
	_ = json.Unmarshal([]byte(polygon), &g)
	return string(g.Coordinates)
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
