package demo

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

func TestBoundaryShape(t *testing.T) {
	b := mustDefault(t)
	if len(b.Boundary) != 1 {
		t.Fatalf("boundary has %d rings, want 1", len(b.Boundary))
	}
	ring := b.Boundary[0]
	bound := ring.Bound()
	width := geo.Distance(orb.Point{bound.Min[0], bound.Center()[1]}, orb.Point{bound.Max[0], bound.Center()[1]})
	height := geo.Distance(orb.Point{bound.Center()[0], bound.Min[1]}, orb.Point{bound.Center()[0], bound.Max[1]})
	tests := []struct {
		name string
		ok   bool
		info any
	}{
		{"ring is closed", ring.Closed(), ring[len(ring)-1]},
		{"ring has enough vertices to look irregular", len(ring) > 40, len(ring)},
		{"outer ring is counter-clockwise", ring.Orientation() == orb.CCW, ring.Orientation()},
		{"ring does not cross itself", !selfIntersects(ring), nil},
		{"roughly 6 km wide", width > 4500 && width < 7500, width},
		{"roughly 5 km high", height > 3500 && height < 6500, height},
		{"lies in England's rough extent", bound.Min[0] > -8.65 && bound.Max[0] < 1.77 && bound.Min[1] > 49.86 && bound.Max[1] < 60.86, bound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Errorf("failed (%v)", tt.info)
			}
		})
	}
}

// selfIntersects reports whether any two non-adjacent edges of a closed ring touch.
func selfIntersects(r orb.Ring) bool {
	n := len(r) - 1
	for i := range n {
		for j := i + 2; j < n; j++ {
			if i == 0 && j == n-1 {
				continue // they share the closing vertex
			}
			if segmentsTouch(r[i], r[i+1], r[j], r[j+1]) {
				return true
			}
		}
	}
	return false
}

// segmentsTouch reports whether segments p1–p2 and p3–p4 intersect.
func segmentsTouch(p1, p2, p3, p4 orb.Point) bool {
	cross := func(a, b, c orb.Point) float64 {
		return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	}
	d1, d2 := cross(p3, p4, p1), cross(p3, p4, p2)
	d3, d4 := cross(p1, p2, p3), cross(p1, p2, p4)
	return (d1 > 0) != (d2 > 0) && (d3 > 0) != (d4 > 0)
}

func TestPlacesLieInsideTheBoundary(t *testing.T) {
	b := mustDefault(t)
	counts := map[Kind]int{}
	for _, p := range b.Places {
		counts[p.Kind]++
		t.Run(p.Name, func(t *testing.T) {
			var pts []orb.Point
			switch g := p.Geometry.(type) {
			case orb.Polygon:
				if p.Kind == KindStreet {
					t.Errorf("street drawn as a polygon")
				}
				if !g[0].Closed() || g[0].Orientation() != orb.CCW {
					t.Errorf("polygon ring closed=%v orientation=%v", g[0].Closed(), g[0].Orientation())
				}
				pts = g[0]
			case orb.LineString:
				if p.Kind != KindStreet || p.BufferMetres <= 0 {
					t.Errorf("line for kind %s with buffer %v", p.Kind, p.BufferMetres)
				}
				pts = g
			default:
				t.Fatalf("geometry %T", g)
			}
			for _, q := range pts {
				if !planar.PolygonContains(b.Boundary, q) {
					t.Errorf("vertex %v outside the boundary", q)
				}
			}
		})
	}
	want := map[Kind]int{KindPark: 4, KindStreet: 4, KindShoppingCentre: 1, KindTransportHub: 1, KindSchoolVicinity: 2}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%d places of kind %s, want %d", counts[k], k, n)
		}
	}
}

func TestWriteBoundaryGeoJSON(t *testing.T) {
	b := mustDefault(t)
	var buf bytes.Buffer
	if err := b.WriteBoundaryGeoJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) {
		t.Fatal("output is not JSON")
	}
	fc, err := geojson.UnmarshalFeatureCollection(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 1 {
		t.Fatalf("%d features, want 1", len(fc.Features))
	}
	f := fc.Features[0]
	if got := f.Properties.MustString("name", ""); got != Name {
		t.Errorf("name = %q, want %q", got, Name)
	}
	if poly, ok := f.Geometry.(orb.Polygon); !ok || !poly[0].Equal(b.Boundary[0]) {
		t.Errorf("geometry %T does not match the boundary", f.Geometry)
	}
}
