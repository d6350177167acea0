package record_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/record"
)

var geoSpec = record.GeoJSONSpec{Columns: []string{"id", "note", "n"}}

func fc(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

func TestGeoJSONSourceFeatures(t *testing.T) {
	point := `{"type":"Feature","geometry":{"type":"Point","coordinates":[-0.1, 51.5]},"properties":{"note":"x","id":"a"}}`
	tests := []sourceCase{
		{
			name: "content is sorted properties then coordinates",
			in:   fc(point),
			want: []result{{Line: 1, Content: []string{"id=a", "note=x", "coordinates=[-0.1,51.5]"}, Loc: "51.5,-0.1"}},
		},
		{
			name: "members in any order, crs WGS84, bbox and foreign members skipped",
			in: `{"bbox":[0,0,1,1],"features":[` + point + `],"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},` +
				`"type":"FeatureCollection","name":{"deep":[1,2,{"x":null}]}}`,
			want: []result{{Line: 1, Content: []string{"id=a", "note=x", "coordinates=[-0.1,51.5]"}, Loc: "51.5,-0.1"}},
		},
		{
			name: "empty collection",
			in:   fc(),
		},
		{
			name: "null geometry, null properties, empty point, altitude",
			in: fc(`{"type":"Feature","geometry":null,"properties":null}`,
				`{"type":"Feature","geometry":{"type":"Point","coordinates":[]},"properties":{"id":null,"n":12.5}}`,
				`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2,30]},"properties":{}}`),
			want: []result{
				{Line: 1, Content: []string{"coordinates="}, Loc: "none"},
				{Line: 2, Content: []string{"id=", "n=12.5", "coordinates=[]"}, Loc: "none"},
				{Line: 3, Content: []string{"coordinates=[1,2,30]"}, Loc: "2,1"},
			},
		},
		{
			name: "bad features are row errors and reading goes on",
			in: fc(`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{}}`,
				`{"type":"Feature","geometry":{"type":"Point","coordinates":[0]},"properties":{}}`,
				`{"type":"Feature","geometry":{"type":"Point","coordinates":[200,0]},"properties":{}}`,
				`{"type":"Feature","geometry":{"type":"Point","coordinates":[0,"x"]},"properties":{}}`,
				`{"type":"Feature","geometry":"nowhere","properties":{}}`,
				`{"type":"Feature","geometry":null,"properties":{"note":true}}`,
				`{"type":"Feature","geometry":null,"properties":{"note":{"a":1}}}`,
				`{"type":"Feature","geometry":null,"properties":{"note":"a\u0007b"}}`,
				`{"type":"Feature","geometry":null,"properties":[1]}`,
				`{"type":"Feature","geometry":null,"properties":{"note":"`+strings.Repeat("y", 300)+`"}}`,
				`{"type":"Thing","geometry":null,"properties":{}}`,
				`{"type":7}`,
				`[1,2]`,
				`"text"`,
				`{"type":"Feature","geometry":null,"properties":{"id":"ok"}}`),
			want: []result{
				{Line: 1, Err: "row:1:geometry"}, {Line: 2, Err: "row:2:geometry"},
				{Line: 3, Content: []string{"coordinates=[200,0]"}, Loc: "0,200"}, // range is the pipeline's check
				{Line: 4, Err: "row:4:geometry"}, {Line: 5, Err: "row:5:geometry"}, {Line: 6, Err: "row:6:note"},
				{Line: 7, Err: "row:7:note"}, {Line: 8, Err: "row:8:note"}, {Line: 9, Err: "row:9:properties"},
				{Line: 10, Err: "row:10:note"}, {Line: 11, Err: "row:11:type"}, {Line: 12, Err: "row:12:"},
				{Line: 13, Err: "row:13:"}, {Line: 14, Err: "row:14:"},
				{Line: 15, Content: []string{"id=ok", "coordinates="}, Loc: "none"},
			},
		},
		{
			name: "unknown property in a later feature ends the file",
			in:   fc(point, `{"type":"Feature","geometry":null,"properties":{"colour":"red"}}`, point),
			want: []result{{Line: 1, Content: []string{"id=a", "note=x", "coordinates=[-0.1,51.5]"}, Loc: "51.5,-0.1"}, {Err: "file"}},
		},
		{
			name: "crs after the features ends the file",
			in:   `{"type":"FeatureCollection","features":[` + point + `],"crs":{"type":"name","properties":{"name":"EPSG:27700"}}}`,
			want: []result{{Line: 1, Content: []string{"id=a", "note=x", "coordinates=[-0.1,51.5]"}, Loc: "51.5,-0.1"}, {Err: "file"}},
		},
		{
			name: "truncated file",
			in:   `{"type":"FeatureCollection","features":[` + point + `,{"type":"Feat`,
			want: []result{{Line: 1, Content: []string{"id=a", "note=x", "coordinates=[-0.1,51.5]"}, Loc: "51.5,-0.1"}, {Err: "file"}},
		},
		{
			name: "no type member after a feature",
			in:   `{"features":[` + point + `]}`,
			want: []result{{Line: 1, Content: []string{"id=a", "note=x", "coordinates=[-0.1,51.5]"}, Loc: "51.5,-0.1"}, {Err: "file"}},
		},
		{
			name: "trailing data after a feature",
			in:   fc(point) + `{}`,
			want: []result{{Line: 1, Content: []string{"id=a", "note=x", "coordinates=[-0.1,51.5]"}, Loc: "51.5,-0.1"}, {Err: "file"}},
		},
	}
	checkSources(t, func(r io.Reader) (record.RawSource, error) { return record.NewGeoJSONSource(r, geoSpec) }, tests)
}

func TestGeoJSONSourceRefused(t *testing.T) {
	spec := geoSpec
	spec.CheckHeader = refuseSecret
	checkRefusals(t, "NewGeoJSONSource", func(r io.Reader) (record.RawSource, error) { return record.NewGeoJSONSource(r, spec) }, false, []refusal{
		{"not JSON", `hello`, "not a GeoJSON FeatureCollection: the file is not a JSON object", nil},
		{"array", `[]`, "not a GeoJSON FeatureCollection: the file is not a JSON object", nil},
		{"empty", ``, "not a GeoJSON FeatureCollection: the file is not a JSON object", nil},
		{"a Feature", `{"type":"Feature","geometry":null,"properties":{}}`, `not a GeoJSON FeatureCollection: its "type" is not "FeatureCollection"`, nil},
		{"no features", `{"type":"FeatureCollection"}`, `not a GeoJSON FeatureCollection: no "features" member`, nil},
		{"features not array", `{"type":"FeatureCollection","features":{}}`, `"features" is not an array`, nil},
		{"British National Grid", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[]}`,
			"the coordinate reference system is not WGS84 longitude/latitude (urn:ogc:def:crs:EPSG::27700): convert the file to WGS84 (EPSG:4326)", nil},
		{"linked crs", `{"type":"FeatureCollection","crs":{"type":"link","properties":{"href":"http://x"}},"features":[]}`, "", nil},
		{"first feature checked", fc(`{"type":"Feature","geometry":null,"properties":{"secret":"x","id":"a"}}`), "refused", nil},
		{"first feature unknown property", fc(`{"type":"Feature","geometry":null,"properties":{"colour":"x"}}`), "unknown column (expected id, note, n)", nil},
		{"no type member", `{"features":[]}`, `not a GeoJSON FeatureCollection: no "type" member`, nil},
		{"trailing data", fc() + `{}`, "there is more data after the end of the FeatureCollection", nil},
		{"features twice", `{"type":"FeatureCollection","features":[],"features":[]}`, `the "features" member appears more than once`, nil},
		{"syntax error in first feature", `{"type":"FeatureCollection","features":[{"type":}]}`, "", nil},
	})
	for _, name := range []string{"EPSG:4326", "urn:ogc:def:crs:OGC::CRS84", "urn:ogc:def:crs:EPSG::4326"} {
		in := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"` + name + `"}},"features":[]}`
		if _, err := record.NewGeoJSONSource(strings.NewReader(in), spec); err != nil {
			t.Errorf("crs %s refused: %v", name, err)
		}
	}
}

// endlessFeatures produces a FeatureCollection of n features as it is read, counting the bytes.
type endlessFeatures struct {
	n, made int
	buf     []byte
	read    int64
}

func (e *endlessFeatures) Read(p []byte) (int, error) {
	for len(e.buf) == 0 {
		switch {
		case e.made == 0:
			e.buf = []byte(`{"type":"FeatureCollection","features":[`)
		case e.made <= e.n: // feature number e.made
			e.buf = fmt.Appendf(nil, `{"type":"Feature","geometry":{"type":"Point","coordinates":[-0.09,51.51]},"properties":{"id":"%d","note":"%s"}}`,
				e.made, strings.Repeat("n", 200))
			if e.made < e.n {
				e.buf = append(e.buf, ',')
			}
		case e.made == e.n+1:
			e.buf = []byte(`]}`)
		default:
			return 0, io.EOF
		}
		e.made++
	}
	k := copy(p, e.buf)
	e.buf = e.buf[k:]
	e.read += int64(k)
	return k, nil
}

// TestGeoJSONSourceStreams checks that features are read one at a time: after ten features of
// a 20,000-feature (about 6 MB) collection, only a few kilobytes have been read.
func TestGeoJSONSourceStreams(t *testing.T) {
	e := &endlessFeatures{n: 20000}
	src, err := record.NewGeoJSONSource(e, geoSpec)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 10; i++ {
		raw, err := src.Next()
		if err != nil || raw.Line != i || raw.Get("id") != fmt.Sprint(i) {
			t.Fatalf("feature %d = %+v, %v", i, raw, err)
		}
	}
	if e.read > 64<<10 {
		t.Errorf("read %d bytes for 10 features, want under 64 KiB", e.read)
	}
	n := 10
	for {
		_, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != e.n {
		t.Errorf("read %d features, want %d", n, e.n)
	}
}
