package place_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/place"
)

// wobbly returns a polygon of n corners around (lat, lng) at a radius varying between 0.8 and
// 1.2 times r metres (five lobes), so of about 1.02πr² — an irregular outline like a ward's or
// a county's — with a round hole of radius hole metres at its centre when hole > 0.
func wobbly(lat, lng, r float64, n int, hole float64) orb.Polygon {
	ring := func(radius func(a float64) float64, reverse bool) orb.Ring {
		var out orb.Ring
		for i := range n {
			a := 2 * math.Pi * float64(i) / float64(n)
			if reverse {
				a = -a
			}
			d := radius(a)
			out = append(out, orb.Point{
				round6(lng + d*math.Cos(a)/(111320*math.Cos(lat*math.Pi/180))),
				round6(lat + d*math.Sin(a)/111320)})
		}
		return append(out, out[0])
	}
	poly := orb.Polygon{ring(func(a float64) float64 { return r * (1 + 0.2*math.Sin(5*a)) }, false)}
	if hole > 0 {
		poly = append(poly, ring(func(float64) float64 { return hole }, true))
	}
	return poly
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func polygonGeoJSON(p orb.Polygon) string {
	var rings []string
	for _, r := range p {
		var pts []string
		for _, pt := range r {
			pts = append(pts, fmt.Sprintf("[%.6f,%.6f]", pt[0], pt[1]))
		}
		rings = append(rings, "["+strings.Join(pts, ",")+"]")
	}
	return `{"type":"Polygon","coordinates":[` + strings.Join(rings, ",") + `]}`
}

// scatter returns n points, as the CSV will carry them (6 decimals), spread evenly over the
// bounding box of p widened by a fifth on every side.
func scatter(rng *rand.Rand, p orb.Polygon, n int) []orb.Point {
	b := p.Bound()
	dx, dy := (b.Max[0]-b.Min[0])/5, (b.Max[1]-b.Min[1])/5
	out := make([]orb.Point, n)
	for i := range out {
		out[i] = orb.Point{round6(b.Min[0] - dx + rng.Float64()*(b.Max[0]-b.Min[0]+2*dx)),
			round6(b.Min[1] - dy + rng.Float64()*(b.Max[1]-b.Min[1]+2*dy))}
	}
	return out
}

// TestLargePlacesLinkAndProfileExactly imports a 40 km² police neighbourhood and a 2,000 km²
// area with a hole as places, imports incidents scattered over and around them, and checks that the
// linked records and the profile's total are exactly the points inside each polygon as
// counted here with orb's planar rule (the place's linkage goes through its H3 polygon index);
// each keeps cells at the resolutions that fit.
func TestLargePlacesLinkAndProfileExactly(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// A study area taking in the places and the points around them (about 9,000 km²).
	if _, _, err := e.srv.Area.Set(ctx, "South East", []byte(`{"type":"Polygon","coordinates":[[[-0.95,51.0],[0.35,51.0],[0.35,51.9],[-0.95,51.9],[-0.95,51.0]]]}`)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		poly      orb.Polygon
		km2       float64
		finestRes int
		incidents int
	}{
		{"neighbourhood", wobbly(51.52, -0.10, 3533, 300, 0), 40, 11, 3000},
		{"county", wobbly(51.45, -0.30, 25020, 720, 4000), 2000 - 50.3, 9, 3000},
	}
	rng := rand.New(rand.NewPCG(12, 2024))
	var csv strings.Builder
	csv.WriteString("source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight\n")
	points := make([][]orb.Point, len(tests))
	for i, tt := range tests {
		if got := geo.AreaM2(orb.MultiPolygon{tt.poly}) / 1e6; math.Abs(got-tt.km2) > 0.02*tt.km2 {
			t.Fatalf("%s: the test polygon covers %.1f km², want about %.0f", tt.name, got, tt.km2)
		}
		points[i] = scatter(rng, tt.poly, tt.incidents)
		for j, p := range points[i] {
			fmt.Fprintf(&csv, "%s-%d,2024-%02d-10 21:00,exact,robbery,14-17,,%.6f,%.6f,street,\n", tt.name, j, 1+j%12, p[1], p[0])
		}
	}
	e.importRecords(t, ingest.KindIncidents, csv.String())

	// Both registered by one places import, as a partnership's boundary file would be.
	var features []string
	for _, tt := range tests {
		features = append(features, `{"type":"Feature","geometry":`+polygonGeoJSON(tt.poly)+`,"properties":{"name":"`+tt.name+`"}}`)
	}
	started := time.Now()
	var imported importAnswer
	e.must(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/places/import?kind=other",
		`{"type":"FeatureCollection","features":[`+strings.Join(features, ",")+`]}`, &imported)
	t.Logf("both places imported in %v", time.Since(started))
	if len(imported.Places) != len(tests) {
		t.Fatalf("imported places %v, want %d", imported.Places, len(tests))
	}

	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := feature{ID: imported.Places[i]}
			want, near := 0, 0
			for j, pts := range points {
				for _, p := range pts {
					if planar.PolygonContains(tt.poly, p) {
						want++
						if j == i {
							near++
						}
					}
				}
			}
			if near == 0 || near == len(points[i]) {
				t.Fatalf("%d of %d points inside: the test needs points on both sides", near, len(points[i]))
			}
			started = time.Now()
			linked, err := e.srv.Places.Linked(ctx, f.ID, place.RecordIncidents, time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s linked in %v", tt.name, time.Since(started))
			if len(linked) != want {
				t.Errorf("%d incidents linked, want the %d points inside the polygon", len(linked), want)
			}
			if !e.srv.Places.Indexed(f.ID) {
				t.Error("a boundary of hundreds of corners was not linked through a polygon index")
			}

			var pr struct {
				Incidents struct {
					Total struct {
						N *int64 `json:"count"`
					} `json:"total"`
				} `json:"incidents"`
				Cells     []json.RawMessage `json:"cells"`
				CellsNote string            `json:"cells_note"`
			}
			path := fmt.Sprintf("/api/v1/places/%d/profile?from=2024-01-01&to=2024-12-31&res=9", f.ID)
			e.must(t, http.StatusOK, "analyst", http.MethodGet, path, "", &pr)
			if pr.Incidents.Total.N == nil || *pr.Incidents.Total.N != int64(want) {
				t.Errorf("profile total %v, want %d", pr.Incidents.Total, want)
			}
			if len(pr.Cells) == 0 {
				t.Errorf("profile at res 9 has no cells: %s", pr.CellsNote)
			}

			// Cells are kept up to the finest resolution that fits, none finer.
			if got := e.count(t, `SELECT max(res) FROM place_cells WHERE place_id = $1`, f.ID); got != tt.finestRes {
				t.Errorf("cells kept up to resolution %d, want %d", got, tt.finestRes)
			}
			if tt.finestRes < place.MaxRes {
				path := fmt.Sprintf("/api/v1/places/%d/profile?res=%d", f.ID, tt.finestRes+1)
				e.must(t, http.StatusOK, "analyst", http.MethodGet, path, "", &pr)
				if !strings.Contains(pr.CellsNote, "too large for hot spot cells at resolution "+strconv.Itoa(tt.finestRes+1)) {
					t.Errorf("profile at a finer resolution: cells note %q, want it to say the place is too large", pr.CellsNote)
				}
			}
		})
	}
}

// TestPlaceSizeLimits accepts a county of 5,000 km² and refuses a shape larger than any
// police force area, saying why.
func TestPlaceSizeLimits(t *testing.T) {
	e := newEnv(t)
	county := wobbly(52.2, -1.2, 39560, 360, 0) // about 5,015 km²
	if got := geo.AreaM2(orb.MultiPolygon{county}) / 1e6; got < 5000 {
		t.Fatalf("the test county covers %.0f km², want at least 5,000", got)
	}
	f := e.create(t, "other", "County", polygonGeoJSON(county))
	if n := e.count(t, `SELECT count(*) FROM place_cells WHERE place_id = $1 AND res = 9`, f.ID); n == 0 {
		t.Error("a 5,000 km² county has no cells at resolution 9")
	}
	var ae apiError
	country := wobbly(52.5, -1.5, 120000, 120, 0) // about 46,000 km²
	e.must(t, http.StatusUnprocessableEntity, "analyst", http.MethodPost, "/api/v1/places", placeBody("other", "Country", polygonGeoJSON(country)), &ae)
	if !strings.Contains(ae.Error.Message, "more than the register's limit of 25000 km²") {
		t.Errorf("refusal %q, want it to name the limit", ae.Error.Message)
	}
}
