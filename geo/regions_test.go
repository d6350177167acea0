package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

// box is the area lng x0..x1, lat y0..y1.
func box(x0, y0, x1, y1 float64) Area {
	return newArea(orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}})
}

func TestRegionsLocateAndUnion(t *testing.T) {
	// Two boroughs side by side sharing the edge lng = 0.1, and a third apart from them.
	rs := Regions{{ID: 7, Area: box(0, 51, 0.1, 51.1)}, {ID: 9, Area: box(0.1, 51, 0.2, 51.1)},
		{ID: 12, Area: box(1, 52, 1.1, 52.1)}}
	u := rs.Union()
	for _, c := range []struct {
		name     string
		lat, lng float64
		want     int64
		found    bool
	}{
		{"inside the first", 51.05, 0.05, 7, true},
		{"inside the second", 51.05, 0.15, 9, true},
		{"inside the one apart", 52.05, 1.05, 12, true},
		{"on the shared edge belongs to the first", 51.05, 0.1, 7, true},
		{"between them and the one apart", 51.5, 0.5, 0, false},
		{"outside all", 50, -1, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			id, ok := rs.Locate(c.lat, c.lng)
			if id != c.want || ok != c.found {
				t.Errorf("Locate = %d, %v; want %d, %v", id, ok, c.want, c.found)
			}
			if in := u.Contains(c.lat, c.lng); in != c.found {
				t.Errorf("Union().Contains = %v; want %v", in, c.found)
			}
		})
	}
	if got := len(u.MultiPolygon()); got != 3 {
		t.Errorf("union has %d polygons, want 3", got)
	}
	if b := u.Bound(); b.Min != (orb.Point{0, 51}) || b.Max != (orb.Point{1.1, 52.1}) {
		t.Errorf("union bound = %v, want [0 51]–[1.1 52.1]", b)
	}
}

func TestNoRegionsLocateNothing(t *testing.T) {
	if _, ok := (Regions{}).Locate(51.5, -0.1); ok {
		t.Error("an empty set of regions located a point")
	}
	if (Regions{}).Union().Contains(51.5, -0.1) {
		t.Error("the union of no regions contains a point")
	}
}
