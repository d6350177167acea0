package area

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/geo"
)

// BenchmarkTouched times placing 2,000 places of 40 corners (circles about 600 m across, many
// astride a boundary) among eight neighbouring local areas of 5,000 corners each, as a redraw
// places every place: one op is the whole set.
func BenchmarkTouched(b *testing.B) {
	const perSide = 1250 // corners per side of an area: 5,000 a boundary
	var regions geo.Regions
	for i := range 8 {
		x0, y0 := -0.4+float64(i%4)*0.1, 51.4+float64(i/4)*0.1
		var ring orb.Ring
		side := func(ax, ay, bx, by float64) {
			for k := range perSide {
				t := float64(k) / perSide
				ring = append(ring, orb.Point{ax + t*(bx-ax), ay + t*(by-ay)})
			}
		}
		side(x0, y0, x0+0.1, y0)
		side(x0+0.1, y0, x0+0.1, y0+0.1)
		side(x0+0.1, y0+0.1, x0, y0+0.1)
		side(x0, y0+0.1, x0, y0)
		ring = append(ring, ring[0])
		data, err := json.Marshal(geojson.NewGeometry(orb.Polygon{ring}))
		if err != nil {
			b.Fatal(err)
		}
		a, err := geo.ParseBoundary(data)
		if err != nil {
			b.Fatal(err)
		}
		regions = append(regions, geo.Region{ID: int64(i + 1), Area: a})
	}
	rng := rand.New(rand.NewPCG(5, 8))
	places := make([]orb.Polygon, 2000)
	for i := range places {
		cx, cy := -0.4+rng.Float64()*0.4, 51.4+rng.Float64()*0.2
		if i%2 == 0 { // on an edge between areas
			cx = -0.3 + float64(rng.IntN(3))*0.1
		}
		var ring orb.Ring
		for k := range 40 {
			a := 2 * math.Pi * float64(k) / 40
			ring = append(ring, orb.Point{cx + 0.0045*math.Cos(a), cy + 0.0027*math.Sin(a)})
		}
		places[i] = orb.Polygon{append(ring, ring[0])}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, p := range places {
			Touched(regions, p)
		}
	}
}
