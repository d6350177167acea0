package area

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/geo"
)

// TestPlacesBelongToTheLocalAreasTheyTouch: the local areas of a place, hand-drawn. West and
// East share the edge lng −0.2; Little is a rectangle of about 210 m by 220 m inside West.
func TestPlacesBelongToTheLocalAreasTheyTouch(t *testing.T) {
	box := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
	}
	boundary := func(p orb.Polygon) geo.Area {
		b, err := json.Marshal(geojson.NewGeometry(p))
		if err != nil {
			t.Fatal(err)
		}
		a, err := geo.ParseBoundary(b)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	regions := geo.Regions{
		{ID: 1, Area: boundary(box(-0.3, 51.4, -0.2, 51.5))},
		{ID: 2, Area: boundary(box(-0.2, 51.4, -0.1, 51.5))},
		{ID: 3, Area: boundary(box(-0.281, 51.451, -0.278, 51.453))},
	}
	for _, c := range []struct {
		name  string
		place orb.Geometry
		want  []int64
	}{
		{"a bus stop in East", orb.Point{-0.15, 51.45}, []int64{2}},
		{"a park astride the boundary", box(-0.21, 51.44, -0.19, 51.45), []int64{1, 2}},
		{"a street from West into East", orb.LineString{{-0.25, 51.45}, {-0.15, 51.45}}, []int64{1, 2}},
		{"a ward-sized place of about 52 km² in West holding Little whole", box(-0.295, 51.41, -0.21, 51.49), []int64{1, 3}},
		{"a place over Little's east half, none of its own corners inside Little", box(-0.2795, 51.44, -0.27, 51.46), []int64{1, 3}},
		{"a street across Little with both ends in West", orb.LineString{{-0.285, 51.452}, {-0.275, 51.452}}, []int64{1, 3}},
		{"a place crossing Little like a plus sign, no corner of either inside the other", box(-0.2795, 51.45, -0.2785, 51.454), []int64{1, 3}},
		{"a street passing about 55 m north of Little, crossing nothing", orb.LineString{{-0.285, 51.4535}, {-0.275, 51.4535}}, []int64{1}},
		{"a ward in West whose east edge is East's west edge, East's corners on it", box(-0.25, 51.4, -0.2, 51.5), []int64{1}},
		{"a street along the edge West and East share, corner to corner", orb.LineString{{-0.2, 51.4}, {-0.2, 51.5}}, []int64{1}},
		{"a place outside every area", orb.Point{0.5, 52}, []int64{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Touched(regions, c.place); !slices.Equal(got, c.want) {
				t.Errorf("local areas %v, want %v", got, c.want)
			}
		})
	}
}
