package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

// TestAGeometryCrossesAnAreaOnlyWhereEdgesCrossInsideBoth: worked by hand on the square
// 0..2 × 0..2 and on the square 0..4 × 0..4 with the hole 1..3 × 1..3.
func TestAGeometryCrossesAnAreaOnlyWhereEdgesCrossInsideBoth(t *testing.T) {
	// A triangle of slanted edges at full precision, whose points between corners are not exact
	// in floating point.
	slanted := newArea(orb.MultiPolygon{{{{-0.10900805701273142, 51.45168804691963}, {-0.172465385421375, 51.47154100238055}, {-0.18889254596170885, 51.42835285143894}, {-0.10900805701273142, 51.45168804691963}}}})
	square := newArea(orb.MultiPolygon{{{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}}})
	holed := newArea(orb.MultiPolygon{{
		{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}},
		{{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}},
	}})
	for _, c := range []struct {
		name string
		area Area
		g    orb.Geometry
		want bool
	}{
		{"a line through the square, both ends outside: crosses x=0 and x=2 at y=1", square, orb.LineString{{-1, 1}, {3, 1}}, true},
		{"a short line across the long bottom edge at (1, 0)", square, orb.LineString{{1, -0.1}, {1, 0.1}}, true},
		{"a rectangle across the square like a plus sign: crosses y=0 and y=2 at x=0.5 and x=1.5", square,
			orb.Polygon{{{0.5, -1}, {1.5, -1}, {1.5, 3}, {0.5, 3}, {0.5, -1}}}, true},
		{"the second line of two crossing the right edge at (2, 1)", square,
			orb.MultiLineString{{{5, 5}, {6, 6}}, {{1, 1}, {3, 1}}}, true},
		{"a zigzag from the left whose last edge crosses the top edge at (1, 2)", square,
			orb.LineString{{-3, 3}, {-2, 2.5}, {-1, 3}, {1, 3}, {1, 1.5}}, true},
		{"a zigzag from the left over the top edge, crossing nothing", square,
			orb.LineString{{-3, 3}, {-2, 2.5}, {-1, 3}, {1, 3}, {1, 2.5}, {3, 2.5}}, false},
		{"a line from the hole into the area: crosses the hole's edge y=1 at (2, 1)", holed, orb.LineString{{2, 2}, {2, 0.5}}, true},
		{"a line ending on the left edge at (0, 1)", square, orb.LineString{{-1, 1}, {0, 1}}, false},
		{"a line along the bottom edge", square, orb.LineString{{-1, 0}, {3, 0}}, false},
		{"a line passing 0.5 above the square", square, orb.LineString{{-1, 2.5}, {3, 2.5}}, false},
		{"a line wholly inside the square", square, orb.LineString{{0.5, 0.5}, {1.5, 1.5}}, false},
		{"a line wholly inside the hole", holed, orb.LineString{{1.5, 1.5}, {2.5, 2.5}}, false},
		{"a point on the edge", square, orb.Point{1, 0}, false},
		{"a street along the triangle's first slanted edge, corner to corner", slanted, orb.LineString{{-0.10900805701273142, 51.45168804691963}, {-0.172465385421375, 51.47154100238055}}, false},
		{"a street along the triangle's second slanted edge, corner to corner", slanted, orb.LineString{{-0.172465385421375, 51.47154100238055}, {-0.18889254596170885, 51.42835285143894}}, false},
		{"a street along the triangle's third slanted edge, corner to corner", slanted, orb.LineString{{-0.18889254596170885, 51.42835285143894}, {-0.10900805701273142, 51.45168804691963}}, false},
		{"a place outside the triangle sharing its first edge", slanted,
			orb.Polygon{{{-0.10900805701273142, 51.45168804691963}, {-0.172465385421375, 51.47154100238055}, {-0.12, 51.5}, {-0.10900805701273142, 51.45168804691963}}}, false},
		{"a street from the triangle's first corner across it", slanted, orb.LineString{{-0.10900805701273142, 51.45168804691963}, {-0.2, 51.44}}, true},
		{"a street from the triangle's first corner ending inside it", slanted, orb.LineString{{-0.10900805701273142, 51.45168804691963}, {-0.15, 51.45}}, true},
		{"a line along the diagonal, through two corners: inside between them", square, orb.LineString{{-1, -1}, {3, 3}}, true},
		{"a line through the corner (2, 0) into the square, ending inside", square, orb.LineString{{3, -1}, {1.5, 0.5}}, true},
		{"a line from the bottom edge at (1, 0) to the top edge at (1, 2), ends on the rings", square, orb.LineString{{1, 0}, {1, 2}}, true},
		{"a line touching the corner (2, 2) from outside and leaving", square, orb.LineString{{3, 1}, {2, 2}, {3, 3}}, false},
		{"a line along the bottom edge from corner to corner", square, orb.LineString{{0, 0}, {2, 0}}, false},
		{"a line along the hole's edge, which is the area's edge", holed, orb.LineString{{1, 1}, {3, 1}}, false},
		{"a line from the hole's corner (1, 1) to the outer corner (0, 0), inside between them", holed, orb.LineString{{1, 1}, {0, 0}}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.area.Crosses(c.g); got != c.want {
				t.Errorf("Crosses = %v, want %v", got, c.want)
			}
		})
	}
}

// TestACornerInsideAPlaceIsOneNotOnItsEdge: a place that holds an area whole holds its corners;
// two shapes that share an edge hold none of each other's corners, though the corners lie on
// the edge, where a containment test counts them in. Worked by hand on the square 0..2 × 0..2
// and the triangle above.
func TestACornerInsideAPlaceIsOneNotOnItsEdge(t *testing.T) {
	square := newArea(orb.MultiPolygon{{{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}}})
	slanted := newArea(orb.MultiPolygon{{{{-0.10900805701273142, 51.45168804691963}, {-0.172465385421375, 51.47154100238055}, {-0.18889254596170885, 51.42835285143894}, {-0.10900805701273142, 51.45168804691963}}}})
	for _, c := range []struct {
		name  string
		area  Area
		shape orb.MultiPolygon
		want  bool
	}{
		{"a place holding the square whole", square, orb.MultiPolygon{{{{-1, -1}, {3, -1}, {3, 3}, {-1, 3}, {-1, -1}}}}, true},
		{"a place over the square's corner (2, 2)", square, orb.MultiPolygon{{{{1, 1}, {3, 1}, {3, 3}, {1, 3}, {1, 1}}}}, true},
		{"a place beside the square sharing its right edge", square, orb.MultiPolygon{{{{2, 0}, {4, 0}, {4, 2}, {2, 2}, {2, 0}}}}, false},
		{"a taller place beside the square, its corners on the place's edge", square, orb.MultiPolygon{{{{2, -1}, {4, -1}, {4, 3}, {2, 3}, {2, -1}}}}, false},
		{"a place beside the triangle sharing its first slanted edge", slanted,
			orb.MultiPolygon{{{{-0.10900805701273142, 51.45168804691963}, {-0.172465385421375, 51.47154100238055}, {-0.12, 51.5}, {-0.10900805701273142, 51.45168804691963}}}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.area.CornerInside(c.shape); got != c.want {
				t.Errorf("CornerInside = %v, want %v", got, c.want)
			}
		})
	}
}
