package place

import (
	"sync"

	"github.com/placesafe/placesafe/geo"
)

// Linkage of a place with a long boundary goes through a geo.PolygonIndex, which decides most
// points by their H3 cell and walks the rings only near the boundary; the decisions are those
// of the polygon itself. Indexes are kept for the places used last, by version.
const (
	indexMinCorners = 256     // fewer corners: walking the rings is as cheap as the index
	indexMaxCells   = 100_000 // cells of an index at most (a few MB)
	indexesKept     = 8
)

// indexCache keeps the indexes of recently linked places.
type indexCache struct {
	mu      sync.Mutex
	entries map[int64]indexEntry
}

type indexEntry struct {
	version int
	idx     *geo.PolygonIndex
}

// regionFor returns the extent of p for linkage, with an index of its polygons when their
// boundary is long.
func (s *Service) regionFor(p *Place) region {
	r := regionOf(p.Geometry, p.BufferMetres)
	if len(r.Polys) == 0 || corners(r) < indexMinCorners {
		return r
	}
	c := &s.indexes
	c.mu.Lock()
	e, ok := c.entries[p.ID]
	c.mu.Unlock()
	if ok && e.version == p.Version {
		r.index = e.idx
		return r
	}
	idx, err := geo.NewPolygonIndex(r.Polys, MaxRes, indexMaxCells)
	if err != nil { // the rings are walked instead: slower, never wrong
		return r
	}
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[int64]indexEntry{}
	}
	if len(c.entries) >= indexesKept {
		for id := range c.entries { // any one: places are linked far less often than indexed
			delete(c.entries, id)
			break
		}
	}
	c.entries[p.ID] = indexEntry{version: p.Version, idx: idx}
	c.mu.Unlock()
	r.index = idx
	return r
}

// corners counts the positions of the region's rings.
func corners(r region) int {
	n := 0
	for _, p := range r.Polys {
		for _, ring := range p {
			n += len(ring)
		}
	}
	return n
}
