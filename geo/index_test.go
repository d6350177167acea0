package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/uber/h3-go/v4"
)

// jagged returns a ring of n corners round (lat, lng) whose radius wanders between about 0.75
// and 1.25 times r metres over lobes of several sizes, like a ward's or a county's boundary.
func jagged(rng *rand.Rand, lat, lng, r float64, n int, reverse bool) orb.Ring {
	var ring orb.Ring
	p1, p2 := rng.Float64()*2*math.Pi, rng.Float64()*2*math.Pi
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		if reverse {
			a = -a
		}
		d := r * (1 + 0.15*math.Sin(7*a) + 0.06*math.Sin(31*a+p1) + 0.03*math.Sin(97*a+p2) + 0.002*(rng.Float64()*2-1))
		ring = append(ring, orb.Point{lng + d*math.Cos(a)/(111320*math.Cos(lat*math.Pi/180)), lat + d*math.Sin(a)/111320})
	}
	return append(ring, ring[0])
}

// testCounty is a multipolygon of about 1,800 km²: a jagged outline of 3,000 corners with a
// hole, and an island.
func testCounty(rng *rand.Rand) orb.MultiPolygon {
	return orb.MultiPolygon{
		{jagged(rng, 51.5, -1.0, 24000, 3000, false), jagged(rng, 51.5, -1.0, 3000, 200, true)},
		{jagged(rng, 51.5, -0.55, 2000, 100, false)},
	}
}

// probes are n random points over mp's bounding box, then every corner and edge midpoint of its
// rings, where the boundary rules matter.
func probes(rng *rand.Rand, mp orb.MultiPolygon, n int) []orb.Point {
	var pts []orb.Point
	b := mp.Bound()
	for range n {
		pts = append(pts, orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])})
	}
	for _, p := range mp {
		for _, r := range p {
			for i := 0; i+1 < len(r); i++ {
				pts = append(pts, r[i], orb.Point{(r[i][0] + r[i+1][0]) / 2, (r[i][1] + r[i+1][1]) / 2})
			}
		}
	}
	return pts
}

// TestPolygonIndexAgreesWithPlanar checks the index against planar.MultiPolygonContains on
// random points over the county's bounding box and on every corner and edge midpoint, where
// the boundary rules matter.
func TestPolygonIndexAgreesWithPlanar(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	mp := testCounty(rng)
	idx, err := NewPolygonIndex(mp, 12, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	pts := probes(rng, mp, 20_000)
	inside, decidedByCell := 0, 0
	for _, p := range pts {
		want := planar.MultiPolygonContains(mp, p)
		if got := idx.Contains(p.Lat(), p.Lon()); got != want {
			t.Fatalf("point %v: index says %v, planar %v", p, got, want)
		}
		if want {
			inside++
		}
		if _, near := idx.band[h3LatLngCell(p, idx.res)]; !near {
			decidedByCell++
		}
	}
	t.Logf("resolution %d: %d of %d points inside; %d decided by their cell alone", idx.Res(), inside, len(pts), decidedByCell)
	if decidedByCell < len(pts)/2 {
		t.Errorf("only %d of %d points decided by their cell: the band is too wide to help", decidedByCell, len(pts))
	}
}

func BenchmarkPolygonContainsCounty(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	mp := testCounty(rng)
	bd := mp.Bound()
	pts := make([]orb.Point, 4096)
	for i := range pts {
		pts[i] = orb.Point{bd.Min[0] + rng.Float64()*(bd.Max[0]-bd.Min[0]), bd.Min[1] + rng.Float64()*(bd.Max[1]-bd.Min[1])}
	}
	b.Run("planar", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			p := pts[i%len(pts)]
			planar.MultiPolygonContains(mp, p)
		}
	})
	idx, err := NewPolygonIndex(mp, 12, 100_000)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("index", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			p := pts[i%len(pts)]
			idx.Contains(p.Lat(), p.Lon())
		}
	})
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			if _, err := NewPolygonIndex(mp, 12, 100_000); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// h3LatLngCell returns the cell of p at res.
func h3LatLngCell(p orb.Point, res int) h3.Cell {
	c, _ := CellAt(p.Lat(), p.Lon(), res)
	return c
}

// TestAnAreaOfManyCornersIsLocatedThroughItsIndex: a study area with the county's 3,300
// corners answers Contains through its polygon index, exactly as the rings do, on random points
// and on every corner and edge midpoint; an area of a few corners walks its rings.
func TestAnAreaOfManyCornersIsLocatedThroughItsIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	mp := testCounty(rng)
	county := newArea(mp)
	for _, p := range probes(rng, mp, 5_000) {
		if got, want := county.Contains(p.Lat(), p.Lon()), planar.MultiPolygonContains(mp, p); got != want {
			t.Fatalf("point %v: the area says %v, its rings %v", p, got, want)
		}
	}
	if county.indexed() == nil {
		t.Error("an area of 3,300 corners was not indexed")
	}
	if small := newArea(orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}); small.indexed() != nil {
		t.Error("an area of five corners was indexed")
	}
}
