package geo

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// mustCityOfLondon parses testdata/city-of-london-boundary.geojson, the ONS/GLA boundary of
// the City of London (E09000001): a FeatureCollection of one Polygon with 28 corners.
func mustCityOfLondon(tb testing.TB) Area {
	tb.Helper()
	data, err := os.ReadFile("testdata/city-of-london-boundary.geojson")
	if err != nil {
		tb.Fatal(err)
	}
	a, err := ParseBoundary(data)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func TestCityOfLondonContains(t *testing.T) {
	city := mustCityOfLondon(t)
	checkPoints(t, "Contains", city.Contains, []pointCase[bool]{
		{"St Paul's Cathedral", 51.5138, -0.0984, true},
		{"Bank of England", 51.5142, -0.0885, true},
		{"Liverpool Street station", 51.5178, -0.0823, true},
		{"a corner of the boundary itself (boundary counts as inside)", 51.51075491312684, -0.111574365209696, true},
		{"Camden", 51.5390, -0.1426, false},
		{"Tower of London (Tower Hamlets, just south-east of the City)", 51.5081, -0.0759, false},
		{"Southwark Cathedral (across the river)", 51.5061, -0.0897, false},
		{"Manchester", 53.4808, -2.2426, false},
		{"St Paul's with latitude and longitude swapped", -0.0984, 51.5138, false},
	})
}

func TestCityOfLondonBound(t *testing.T) {
	// The extreme coordinates read off the file by hand.
	want := orb.Bound{
		Min: orb.Point{-0.113821030335869, 51.507788978616496},
		Max: orb.Point{-0.072749284447853, 51.523321267618215},
	}
	if got := mustCityOfLondon(t).Bound(); got != want {
		t.Errorf("Bound() = %v, want %v", got, want)
	}
}

func TestUKArea(t *testing.T) {
	uk := UKArea()
	if want := (orb.Bound{Min: orb.Point{-8.65, 49.86}, Max: orb.Point{1.77, 60.86}}); uk.Bound() != want {
		t.Errorf("Bound() = %v, want %v", uk.Bound(), want)
	}
	checkPoints(t, "Contains", uk.Contains, []pointCase[bool]{
		{"London", 51.5074, -0.1278, true},
		{"Belfast", 54.5973, -5.9301, true},
		{"Lerwick, Shetland", 60.1546, -1.1494, true},
		{"St Mary's, Isles of Scilly", 49.9146, -6.3119, true},
		{"Lowestoft, the most easterly town", 52.4811, 1.7534, true},
		{"Paris", 48.8566, 2.3522, false},
		{"Gibraltar (overseas territory)", 36.1408, -5.3536, false},
		{"Stanley, Falkland Islands (overseas territory)", -51.6977, -57.8517, false},
		{"London swapped", -0.1278, 51.5074, false},
	})
}

func TestZeroAreaContainsNothing(t *testing.T) {
	if (Area{}).Contains(0, 0) {
		t.Error("zero Area contains 0, 0")
	}
}

func TestMultiPolygonIsACopy(t *testing.T) {
	city := mustCityOfLondon(t)
	mp := city.MultiPolygon()
	mp[0][0][0] = orb.Point{100, 10}
	if !city.Contains(51.5138, -0.0984) || city.MultiPolygon()[0][0][0] == (orb.Point{100, 10}) {
		t.Error("changing the returned MultiPolygon changed the Area")
	}
}

// square is a closed unit-ish square near the City, as GeoJSON ring text.
const square = `[[-0.1,51.5],[-0.09,51.5],[-0.09,51.51],[-0.1,51.51],[-0.1,51.5]]`

// farSquare is a closed square in Manchester, as GeoJSON ring text.
const farSquare = `[[-2.25,53.47],[-2.23,53.47],[-2.23,53.49],[-2.25,53.49],[-2.25,53.47]]`

func TestParseBoundaryAccepts(t *testing.T) {
	tests := []struct {
		name     string
		json     string
		polygons int
	}{
		{"Polygon", `{"type":"Polygon","coordinates":[` + square + `]}`, 1},
		{"Polygon with altitudes", `{"type":"Polygon","coordinates":[[[-0.1,51.5,10],[-0.09,51.5,10],[-0.09,51.51,12],[-0.1,51.5,10]]]}`, 1},
		{"MultiPolygon", `{"type":"MultiPolygon","coordinates":[[` + square + `],[` + farSquare + `]]}`, 2},
		{"Feature", `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[` + square + `]}}`, 1},
		{"FeatureCollection merged", `{"type":"FeatureCollection","features":[
			{"type":"Feature","geometry":{"type":"Polygon","coordinates":[` + square + `]}},
			{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[` + farSquare + `],[` + square + `]]}}]}`, 3},
		{"crs CRS84", `{"type":"Polygon","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"coordinates":[` + square + `]}`, 1},
		{"crs EPSG:4326", `{"type":"Polygon","crs":{"type":"name","properties":{"name":"EPSG:4326"}},"coordinates":[` + square + `]}`, 1},
		{"crs urn EPSG::4326", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4326"}},"features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[` + square + `]}}]}`, 1},
		{"crs null", `{"type":"Polygon","crs":null,"coordinates":[` + square + `]}`, 1},
		{"ring touching itself at one vertex", `{"type":"Polygon","coordinates":[[[0,0],[2,0],[1,1],[2,2],[0,2],[1,1],[0,0]]]}`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseBoundary([]byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			if got := len(a.MultiPolygon()); got != tt.polygons {
				t.Errorf("got %d polygons, want %d", got, tt.polygons)
			}
		})
	}
}

func TestParseBoundaryHole(t *testing.T) {
	hole := `[[-0.097,51.503],[-0.093,51.503],[-0.093,51.507],[-0.097,51.507],[-0.097,51.503]]`
	a, err := ParseBoundary([]byte(`{"type":"Polygon","coordinates":[` + square + `,` + hole + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	if a.Contains(51.505, -0.095) {
		t.Error("a point in the hole is inside")
	}
	if !a.Contains(51.501, -0.099) {
		t.Error("a point between the hole and the outer ring is outside")
	}
}

func TestParseBoundaryRefuses(t *testing.T) {
	poly := func(rings string) string { return `{"type":"Polygon","coordinates":[` + rings + `]}` }
	tests := []struct {
		name   string
		json   string
		path   string
		reason string // a fragment of the reason
	}{
		{"not JSON", `{"type":`, "", "not valid JSON"},
		{"JSON array", `[1,2]`, "", "not a GeoJSON object"},
		{"no type", `{"coordinates":[` + square + `]}`, "", "no type member"},
		{"Point", `{"type":"Point","coordinates":[-0.1,51.5]}`, "", `geometry type "Point" is not accepted`},
		{"GeometryCollection", `{"type":"GeometryCollection","geometries":[]}`, "", `"GeometryCollection" is not accepted`},
		{"LineString in feature 1", `{"type":"FeatureCollection","features":[
			{"type":"Feature","geometry":{"type":"Polygon","coordinates":[` + square + `]}},
			{"type":"Feature","geometry":{"type":"LineString","coordinates":[[-0.1,51.5],[-0.09,51.5]]}}]}`,
			"features[1].geometry", `"LineString" is not accepted`},
		{"collection member that is not a Feature", `{"type":"FeatureCollection","features":[` + poly(square) + `]}`,
			"features[0]", `expected a Feature, found type "Polygon"`},
		{"crs British National Grid", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[]}`,
			"crs", "British National Grid"},
		{"crs Web Mercator on a geometry", `{"type":"Feature","geometry":{"type":"Polygon","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"coordinates":[` + square + `]}}`,
			"geometry.crs", `crs "EPSG:3857" is not WGS84`},
		{"crs link", `{"type":"Polygon","crs":{"type":"link","properties":{"href":"http://example.com/crs"}},"coordinates":[` + square + `]}`,
			"crs", `crs of type "link" is not supported`},
		{"empty FeatureCollection", `{"type":"FeatureCollection","features":[]}`, "", "empty geometry"},
		{"FeatureCollection without features", `{"type":"FeatureCollection"}`, "", "no features member"},
		{"Feature with null geometry", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null}]}`,
			"features[0].geometry", "empty geometry"},
		{"Polygon without coordinates", `{"type":"Polygon"}`, "", "empty geometry"},
		{"Polygon with no rings", `{"type":"Polygon","coordinates":[]}`, "coordinates", "empty geometry"},
		{"MultiPolygon with no polygons", `{"type":"MultiPolygon","coordinates":[]}`, "coordinates", "empty geometry"},
		{"ring enclosing no area", poly(`[[0,0],[1,0],[2,0],[0,0]]`), "coordinates[0]", "encloses no area"},
		{"unclosed ring", poly(`[[-0.1,51.5],[-0.09,51.5],[-0.09,51.51],[-0.1,51.51]]`),
			"coordinates[0]", "not closed: the last position (vertex 3)"},
		{"ring of 3 positions", poly(`[[-0.1,51.5],[-0.09,51.5],[-0.1,51.5]]`), "coordinates[0]", "ring has 3 positions"},
		{"longitude out of range at vertex 2", poly(`[[-0.1,51.5],[-0.09,51.5],[200,51.51],[-0.1,51.5]]`),
			"coordinates[0][2]", "longitude 200 is outside -180..180"},
		{"latitude out of range at vertex 1", poly(`[[-0.1,51.5],[-0.09,-95],[-0.09,51.51],[-0.1,51.5]]`),
			"coordinates[0][1]", "latitude -95 is outside -90..90"},
		{"British National Grid eastings and northings", poly(`[[532000,181000],[533000,181000],[533000,182000],[532000,181000]]`),
			"coordinates[0][0]", "looks like projected coordinates such as British National Grid"},
		{"position of one number", poly(`[[-0.1],[-0.09,51.5],[-0.09,51.51],[-0.1,51.5]]`), "coordinates[0][0]", "a position must be"},
		{"position with a string", poly(`[[-0.1,"51.5"],[-0.09,51.5],[-0.09,51.51],[-0.1,51.5]]`), "coordinates[0][0]", "must be numbers"},
		{"position with null", poly(`[[-0.1,51.5],[null,51.5],[-0.09,51.51],[-0.1,51.5]]`), "coordinates[0][1]", "must be numbers"},
		{"bow tie", poly(`[[0,0],[1,1],[1,0],[0,1],[0,0]]`),
			"coordinates[0]", "the edge from vertex 0 to 1 crosses the edge from vertex 2 to 3 near longitude 0.500000, latitude 0.500000"},
		{"hole crossing itself in feature 1", `{"type":"FeatureCollection","features":[
			{"type":"Feature","geometry":{"type":"Polygon","coordinates":[` + square + `]}},
			{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[3,3],[3,1],[1,3],[1,1]]]}}]}`,
			"features[1].geometry.coordinates[1]", "crosses itself"},
		{"second polygon of a MultiPolygon unclosed", `{"type":"MultiPolygon","coordinates":[[` + square + `],[[[0,0],[1,0],[1,1],[0,1]]]]}`,
			"coordinates[1][0]", "not closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseBoundary([]byte(tt.json))
			var ge *GeometryError
			if !errors.As(err, &ge) {
				t.Fatalf("error = %v, want a *GeometryError", err)
			}
			if ge.Path != tt.path {
				t.Errorf("Path = %q, want %q", ge.Path, tt.path)
			}
			if !strings.Contains(ge.Reason, tt.reason) {
				t.Errorf("Reason = %q, want it to contain %q", ge.Reason, tt.reason)
			}
		})
	}
}

func TestGeometryErrorMessage(t *testing.T) {
	tests := []struct {
		err  GeometryError
		want string
	}{
		{GeometryError{Reason: "not valid JSON"}, "boundary: not valid JSON"},
		{GeometryError{Path: "features[2].geometry.coordinates[0]", Reason: "ring is not closed"},
			"boundary: features[2].geometry.coordinates[0]: ring is not closed"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// bruteSelfIntersection tests every pair of non-adjacent edges: the plain O(n²) reference.
func bruteSelfIntersection(r orb.Ring) bool {
	n := len(r) - 1
	for a := 0; a < n; a++ {
		for b := a + 2; b < n; b++ {
			if a == 0 && b == n-1 {
				continue
			}
			if _, ok := crossing(r[a], r[a+1], r[b], r[b+1]); ok {
				return true
			}
		}
	}
	return false
}

func TestSelfIntersectionAgreesWithBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		n := 4 + rng.IntN(12)
		r := make(orb.Ring, n, n+1)
		for i := range r {
			r[i] = orb.Point{float64(rng.IntN(20)), float64(rng.IntN(20))}
		}
		r = append(r, r[0])
		_, _, _, got := selfIntersection(r)
		if want := bruteSelfIntersection(r); got != want {
			t.Fatalf("trial %d: sweep found %v, brute force %v, for ring %v", trial, got, want, r)
		}
	}
}

// circle returns a closed ring of n vertices around St Paul's.
func circle(n int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		r = append(r, orb.Point{-0.0984 + 0.01*math.Cos(a), 51.5138 + 0.01*math.Sin(a)})
	}
	return append(r, r[0])
}

func TestSelfIntersectionLargeRing(t *testing.T) {
	if _, _, _, found := selfIntersection(circle(5000)); found {
		t.Error("a 5000-vertex circle reported as crossing itself")
	}
}

func BenchmarkSelfIntersection5000(b *testing.B) {
	r := circle(5000)
	for b.Loop() {
		selfIntersection(r)
	}
}
