package geo

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/uber/h3-go/v4"
)

// PolygonIndex decides whether points lie in a multipolygon as planar.MultiPolygonContains
// does (a point on the outer boundary inside, on the edge of a hole outside), but for most
// points by the H3 cell they fall in rather than by walking every ring: cheap for a large
// place with a long, detailed boundary such as a ward's or a county's.
//
// At its resolution, the cells meeting a ring (as CoverMultiPolygon finds them) and their
// neighbours form a band along the boundary. A point in a band cell is decided exactly by
// planar.MultiPolygonContains. A point in a cell of the covering outside the band is inside,
// and one in a cell neither in the covering nor in the band is outside: were it not, the
// straight line from it to its cell's centre would cross a ring inside that cell or, allowing
// for the centimetres by which H3's cell edges and straight lines in degrees differ, in a
// neighbouring one, and either would be a band cell.
type PolygonIndex struct {
	mp     orb.MultiPolygon
	res    int
	inside map[h3.Cell]struct{}
	band   map[h3.Cell]struct{}
}

// NewPolygonIndex indexes mp at the finest resolution, no finer than maxRes, at which its
// covering is estimated to hold at most maxCells cells.
func NewPolygonIndex(mp orb.MultiPolygon, maxRes, maxCells int) (*PolygonIndex, error) {
	if err := checkMultiPolygon(mp); err != nil {
		return nil, err
	}
	res := min(FinestResolutionWithin(mp, maxCells), maxRes)
	if res < 0 {
		return nil, fmt.Errorf("no resolution covers the polygon in %d cells", maxCells)
	}
	c := coverer{res: res, spacing: sampleSpacing(mp.Bound().Center(), res), out: map[h3.Cell]struct{}{},
		hexes: map[h3.Cell]orb.Ring{}, edges: map[h3.Cell]struct{}{}}
	for _, p := range mp {
		c.polygon(p)
	}
	band := make(map[h3.Cell]struct{}, 7*len(c.edges))
	for e := range c.edges {
		for _, nb := range h3.GridDisk(e, 1) {
			band[nb] = struct{}{}
		}
	}
	inside := make(map[h3.Cell]struct{}, len(c.out))
	for cell := range c.out {
		if _, near := band[cell]; !near {
			inside[cell] = struct{}{}
		}
	}
	return &PolygonIndex{mp: mp, res: res, inside: inside, band: band}, nil
}

// Res returns the resolution of the index's cells.
func (x *PolygonIndex) Res() int { return x.res }

// Contains reports whether the point lat, lng lies in the multipolygon, boundary rules as
// planar.MultiPolygonContains.
func (x *PolygonIndex) Contains(lat, lng float64) bool {
	if !ValidLatLng(lat, lng) {
		return false
	}
	cell := h3.LatLngToCell(h3.LatLng{Lat: lat, Lng: lng}, x.res)
	if _, near := x.band[cell]; near || !cell.IsValid() {
		return planar.MultiPolygonContains(x.mp, orb.Point{lng, lat})
	}
	_, in := x.inside[cell]
	return in
}
