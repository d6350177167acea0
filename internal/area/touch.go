package area

import (
	"slices"

	"github.com/paulmach/orb"

	"github.com/placesafe/placesafe/geo"
)

// Touched returns the local areas of regions that geometry g lies in, in id order: each that
// holds one of its points (a park on a boundary belongs to both sides), for an area geometry
// each local area with a corner inside it (a ward-sized place may hold a small area whole),
// and each local area that an edge of g crosses (a street through a small area with both ends
// outside it, or two rectangles crossing like a plus sign). Places belong to the local areas
// their geometry touches.
func Touched(regions geo.Regions, g orb.Geometry) []int64 {
	ids := []int64{}
	add := func(id int64) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	visit(g, func(p orb.Point) {
		if id, ok := regions.Locate(p.Lat(), p.Lon()); ok {
			add(id)
		}
	})
	var shape orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		shape = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		shape = g
	}
	b := g.Bound()
	for _, r := range regions {
		if slices.Contains(ids, r.ID) || !r.Area.Bound().Intersects(b) {
			continue
		}
		if len(shape) > 0 && r.Area.CornerInside(shape) || r.Area.Crosses(g) {
			add(r.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// visit calls f with every point of g.
func visit(g orb.Geometry, f func(orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		f(g)
	case orb.MultiPoint:
		visitEach(g, f)
	case orb.LineString:
		visitEach(g, f)
	case orb.Ring:
		visitEach(g, f)
	case orb.MultiLineString:
		visitEach(g, f)
	case orb.Polygon:
		visitEach(g, f)
	case orb.MultiPolygon:
		visitEach(g, f)
	case orb.Collection:
		visitEach(g, f)
	case orb.Bound:
		visit(g.ToPolygon(), f)
	}
}

// visitEach visits every part of a geometry made of parts.
func visitEach[G orb.Geometry](parts []G, f func(orb.Point)) {
	for _, g := range parts {
		visit(g, f)
	}
}
