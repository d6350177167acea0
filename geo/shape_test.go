package geo

import (
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestParseShapeAccepts(t *testing.T) {
	tests := []struct {
		name, json string
		want       orb.Geometry
	}{
		{"polygon stays a polygon", `{"type":"Polygon","coordinates":[[[0,51],[0.001,51],[0.001,51.001],[0,51]]]}`,
			orb.Polygon{{{0, 51}, {0.001, 51}, {0.001, 51.001}, {0, 51}}}},
		{"multipolygon", `{"type":"MultiPolygon","coordinates":[[[[0,51],[0.001,51],[0.001,51.001],[0,51]]]]}`,
			orb.MultiPolygon{{{{0, 51}, {0.001, 51}, {0.001, 51.001}, {0, 51}}}}},
		{"line", `{"type":"LineString","coordinates":[[-0.1,51.5],[-0.099,51.5]]}`,
			orb.LineString{{-0.1, 51.5}, {-0.099, 51.5}}},
		{"line with a repeated position", `{"type":"LineString","coordinates":[[-0.1,51.5],[-0.1,51.5],[-0.099,51.5]]}`,
			orb.LineString{{-0.1, 51.5}, {-0.1, 51.5}, {-0.099, 51.5}}},
		{"multiline", `{"type":"MultiLineString","coordinates":[[[-0.1,51.5],[-0.099,51.5]],[[-0.1,51.6],[-0.1,51.61]]]}`,
			orb.MultiLineString{{{-0.1, 51.5}, {-0.099, 51.5}}, {{-0.1, 51.6}, {-0.1, 51.61}}}},
		{"point", `{"type":"Point","coordinates":[-0.0823,51.5178]}`, orb.Point{-0.0823, 51.5178}},
		{"point with WGS84 crs", `{"type":"Point","coordinates":[-0.0823,51.5178],"crs":{"type":"name","properties":{"name":"EPSG:4326"}}}`,
			orb.Point{-0.0823, 51.5178}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseShape([]byte(tt.json), "")
			if err != nil {
				t.Fatal(err)
			}
			if !orb.Equal(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestParseShapeRefuses(t *testing.T) {
	tests := []struct {
		name, json, path, reason string
	}{
		{"no geometry", `null`, "geometry", "empty geometry"},
		{"geometry collection", `{"type":"GeometryCollection","geometries":[]}`, "geometry", `"GeometryCollection" is not accepted`},
		{"no type", `{"coordinates":[0,51]}`, "geometry", "no type member"},
		{"unclosed ring", `{"type":"Polygon","coordinates":[[[0,51],[0.001,51],[0.001,51.001],[0,51.001]]]}`,
			"geometry.coordinates[0]", "ring is not closed"},
		{"bow tie", `{"type":"Polygon","coordinates":[[[0,51],[0.001,51.001],[0.001,51],[0,51.001],[0,51]]]}`,
			"geometry.coordinates[0]", "ring crosses itself"},
		{"line of one position", `{"type":"LineString","coordinates":[[0,51]]}`, "geometry.coordinates", "at least 2"},
		{"line of one place", `{"type":"LineString","coordinates":[[0,51],[0,51]]}`, "geometry.coordinates", "no length"},
		{"line out of range", `{"type":"LineString","coordinates":[[0,51],[0,91]]}`, "geometry.coordinates[1]", "latitude 91 is outside"},
		{"line in BNG", `{"type":"LineString","coordinates":[[532000,181000],[532100,181000]]}`, "geometry.coordinates[0]", "British National Grid"},
		{"empty multiline", `{"type":"MultiLineString","coordinates":[]}`, "geometry.coordinates", "no lines"},
		{"bad second line", `{"type":"MultiLineString","coordinates":[[[0,51],[0,51.1]],[[0,51]]]}`, "geometry.coordinates[1]", "at least 2"},
		{"point without coordinates", `{"type":"Point"}`, "geometry", "no coordinates"},
		{"point of one number", `{"type":"Point","coordinates":[0]}`, "geometry.coordinates", "longitude and latitude"},
		{"point longitude out of range", `{"type":"Point","coordinates":[181,51]}`, "geometry.coordinates", "longitude 181 is outside"},
		{"BNG crs", `{"type":"Point","coordinates":[0,51],"crs":{"type":"name","properties":{"name":"EPSG:27700"}}}`,
			"geometry.crs", "British National Grid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseShape([]byte(tt.json), "geometry")
			var ge *GeometryError
			if !errors.As(err, &ge) {
				t.Fatalf("error %v, want a *GeometryError", err)
			}
			if ge.Path != tt.path || !strings.Contains(ge.Reason, tt.reason) {
				t.Errorf("got %q at %q, want a reason containing %q at %q", ge.Reason, ge.Path, tt.reason, tt.path)
			}
		})
	}
}
