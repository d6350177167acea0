package place_test

import (
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
)

type importAnswer struct {
	Created int     `json:"created"`
	Places  []int64 `json:"places"`
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// list returns every place, sorted by name.
func (e *env) list(t *testing.T, query string) []feature {
	t.Helper()
	var fc struct {
		Features []feature `json:"features"`
	}
	e.must(t, http.StatusOK, "partner", http.MethodGet, "/api/v1/places?limit=200&"+query, "", &fc)
	return fc.Features
}

// TestImportOSMGreenspace imports the 13 OpenStreetMap green spaces of the City: as parks
// with ?kind=park, refused as a whole without it (only one carries leisure=park), and refused
// the second time (their OSM ids are registered).
func TestImportOSMGreenspace(t *testing.T) {
	e := newEnv(t)
	body := mustRead(t, "city-of-london-greenspace-osm.geojson")

	var refused apiError
	e.must(t, http.StatusUnprocessableEntity, "analyst", http.MethodPost, "/api/v1/places/import", body, &refused)
	if len(refused.Error.Details) != 12 || !strings.Contains(refused.Error.Message, "12 of 13 features are refused") {
		t.Fatalf("without kind: %q with %d details, want 12 of 13 refused (only feature 6 has leisure=park)", refused.Error.Message, len(refused.Error.Details))
	}
	for _, d := range refused.Error.Details {
		if d.Feature == 6 || !strings.Contains(d.Reason, "no kind") {
			t.Errorf("detail %v: want every feature but 6 refused for having no kind", d)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM places`); n != 0 {
		t.Fatalf("%d places after a refused import, want none", n)
	}

	var got importAnswer
	e.must(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/places/import?kind=park", body, &got)
	if got.Created != 13 || len(got.Places) != 13 {
		t.Fatalf("created %d places %v, want 13", got.Created, got.Places)
	}
	places := e.list(t, "kind=park")
	names := map[string]feature{}
	for _, p := range places {
		names[p.Properties.Name] = p
	}
	for _, want := range []string{"Artillery Ground", "City of London School Top Playground",
		"Lincoln's Inn Fields Netball and Tennis Courts", "Bazalgette Embankment", "Unnamed park (OSM 29099582)"} {
		if _, ok := names[want]; !ok {
			t.Errorf("no place named %q among %d parks", want, len(places))
		}
	}
	if p := names["Artillery Ground"]; p.Properties.OSMID != "23263997" || p.Properties.Source != "OpenStreetMap" || p.Properties.BufferMetres != 0 {
		t.Errorf("Artillery Ground: osm_id %q, source %q, buffer %v; want 23263997, OpenStreetMap, 0",
			p.Properties.OSMID, p.Properties.Source, p.Properties.BufferMetres)
	}
	if n := e.count(t, `SELECT count(DISTINCT (place_id, res)) FROM place_cells`); n != 13*7 {
		t.Errorf("%d (place, resolution) pairs with cells, want 13 × 7", n)
	}
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'place.import' AND row_count = 13`); n != 1 {
		t.Errorf("%d audit lines for the import, want 1", n)
	}

	e.must(t, http.StatusUnprocessableEntity, "analyst", http.MethodPost, "/api/v1/places/import?kind=park", body, &refused)
	if len(refused.Error.Details) != 13 || !strings.Contains(refused.Error.Details[0].Reason, "already registered as place") {
		t.Errorf("second import: %q, %v; want all 13 refused as already registered", refused.Error.Message, refused.Error.Details)
	}
	if n := e.count(t, `SELECT count(*) FROM places`); n != 13 {
		t.Errorf("%d places after the refused second import, want 13", n)
	}
}

// TestImportTownCentresAsShoppingCentres imports the GLA town-centre boundaries, named by
// their sitename, and refuses the whole file when one feature is bad.
func TestImportTownCentresAsShoppingCentres(t *testing.T) {
	e := newEnv(t)
	body := mustRead(t, "city-of-london-town-centres.geojson")

	// Feature 3 (Fleet Street) loses the last position of its ring: the ring no longer closes.
	parts := strings.SplitAfter(body, `{"type": "Feature"`)
	if len(parts) != 7 {
		t.Fatalf("%d parts, want the 6 features after the header", len(parts))
	}
	f3 := parts[3]
	end := strings.LastIndex(f3, "]]]")
	last := strings.LastIndex(f3[:end], ", [")
	broken := strings.Join(parts[:3], "") + f3[:last] + f3[end+1:] + strings.Join(parts[4:], "")
	var refused apiError
	e.must(t, http.StatusUnprocessableEntity, "analyst", http.MethodPost, "/api/v1/places/import?kind=shopping_centre&name_property=sitename", broken, &refused)
	if len(refused.Error.Details) != 1 || refused.Error.Details[0].Feature != 3 ||
		!strings.Contains(refused.Error.Details[0].Reason, "ring is not closed") {
		t.Fatalf("one bad feature: %q %v, want feature 3 refused as an unclosed ring", refused.Error.Message, refused.Error.Details)
	}
	if n := e.count(t, `SELECT count(*) FROM places`) + e.count(t, `SELECT count(*) FROM place_cells`); n != 0 {
		t.Fatalf("%d rows stored after a refused import, want none", n)
	}

	var got importAnswer
	e.must(t, http.StatusCreated, "admin", http.MethodPost, "/api/v1/places/import?kind=shopping_centre&name_property=sitename", body, &got)
	if got.Created != 6 {
		t.Fatalf("created %d, want 6", got.Created)
	}
	var names []string
	for _, p := range e.list(t, "") {
		names = append(names, p.Properties.Name)
		if p.Properties.Kind != "shopping_centre" || p.Properties.Source != "GeoJSON import" {
			t.Errorf("%s: kind %s, source %q; want shopping_centre from a GeoJSON import", p.Properties.Name, p.Properties.Kind, p.Properties.Source)
		}
	}
	want := []string{"Barbican", "Cheapside", "Fleet Street", "Leadenhall Market", "Liverpool Street", "Moorgate"}
	if !slices.Equal(names, want) {
		t.Errorf("names %v, want %v", names, want)
	}
}

// TestImportMapsOSMTags: without ?kind= each feature's kind comes from its tags, in the
// exports' three shapes (plain properties, osmtogeojson's tags, ogr2ogr's other_tags).
func TestImportMapsOSMTags(t *testing.T) {
	e := newEnv(t)
	poly := `{"type":"Polygon","coordinates":[[[-0.0990,51.5130],[-0.0980,51.5130],[-0.0980,51.5140],[-0.0990,51.5130]]]}`
	line := `{"type":"LineString","coordinates":[[-0.0960,51.5150],[-0.0940,51.5150]]}`
	point := `{"type":"Point","coordinates":[-0.0823,51.5178]}`
	feat := func(id, geometry, props string) string {
		return `{"type":"Feature","id":"` + id + `","geometry":` + geometry + `,"properties":{` + props + `}}`
	}
	fc := `{"type":"FeatureCollection","features":[` + strings.Join([]string{
		feat("way/1", poly, `"leisure":"park","name":"Finsbury Circus"`),
		feat("way/2", poly, `"shop":"mall","name":"One New Change"`),
		feat("way/3", line, `"highway":"primary","name":"Cheapside"`),
		feat("node/4", point, `"@id":"node/4","tags":{"railway":"station","name":"Liverpool Street"}`),
		feat("way/5", poly, `"other_tags":"\"amenity\"=>\"school\",\"name:en\"=>\"x\"","name":"City of London School"`),
		feat("node/6", point, `"public_transport":"station","name":"Bank"`),
	}, ",") + `]}`
	var got importAnswer
	e.must(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/places/import?buffer_metres=20", fc, &got)
	want := map[string][2]any{
		"Finsbury Circus": {"park", 0.0}, "One New Change": {"shopping_centre", 0.0}, "Cheapside": {"street", 20.0},
		"Liverpool Street": {"transport_hub", 20.0}, "City of London School": {"school_vicinity", 0.0}, "Bank": {"transport_hub", 20.0},
	}
	places := e.list(t, "")
	if len(places) != len(want) {
		t.Fatalf("%d places, want %d", len(places), len(want))
	}
	for _, p := range places {
		w := want[p.Properties.Name]
		if p.Properties.Kind != w[0] || p.Properties.BufferMetres != w[1] {
			t.Errorf("%s: kind %s buffer %v, want %v %v", p.Properties.Name, p.Properties.Kind, p.Properties.BufferMetres, w[0], w[1])
		}
	}

	// A highway drawn as an area is not a street, and an untagged feature has no kind.
	bad := `{"type":"FeatureCollection","features":[` + feat("way/7", poly, `"highway":"pedestrian"`) + "," +
		feat("way/8", line, `"highway":"residential","name":"Wood Street"`) + "," + feat("way/9", poly, `"name":"Somewhere"`) + `]}`
	var refused apiError
	e.must(t, http.StatusUnprocessableEntity, "analyst", http.MethodPost, "/api/v1/places/import", bad, &refused)
	if len(refused.Error.Details) != 2 || refused.Error.Details[0].Feature != 1 || refused.Error.Details[1].Feature != 3 {
		t.Errorf("details %v, want features 1 and 3 refused", refused.Error.Details)
	}

	for _, tt := range []struct{ name, query, body string }{
		{"not a collection", "", `{"type":"Feature","geometry":` + point + `,"properties":{}}`},
		{"no features", "", `{"type":"FeatureCollection","features":[]}`},
		{"BNG collection", "?kind=park", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:27700"}},"features":[]}`},
	} {
		if rec := e.do(t, "analyst", http.MethodPost, "/api/v1/places/import"+tt.query, tt.body); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s, want 422", tt.name, rec.Code, rec.Body)
		}
	}
	if rec := e.do(t, "analyst", http.MethodPost, "/api/v1/places/import?kind=forest", fc); rec.Code != http.StatusBadRequest {
		t.Errorf("unknown kind: %d, want 400", rec.Code)
	}
	if rec := e.do(t, "analyst", http.MethodPost, "/api/v1/places/import?buffer_metres=501", fc); rec.Code != http.StatusBadRequest {
		t.Errorf("buffer of 501 m: %d, want 400", rec.Code)
	}
}
