package geo

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
)

// Crosses reports whether an edge of g crosses an edge of one of the area's rings at a point
// inside both: a street or a place that passes through the area with no corner of either
// inside the other. Edges that only touch, or run along one another, do not count: they meet
// the area's edge without entering it. Only the area's edges whose bounds meet g's bound are
// compared, and those swept by longitude against g's, so that a boundary of many thousand
// corners costs little against a place of a few thousand. Points have no edges and cross
// nothing.
func (a Area) Crosses(g orb.Geometry) bool {
	b := g.Bound()
	if len(a.mp) == 0 || !a.bound.Intersects(b) {
		return false
	}
	var edges []sideEdge
	for _, l := range edgesOf(g, nil) {
		edges = appendEdges(edges, l, false, nil)
	}
	if len(edges) == 0 {
		return false
	}
	for _, poly := range a.mp {
		for _, ring := range poly {
			edges = appendEdges(edges, orb.LineString(closeRing(ring)), true, &b)
		}
	}
	return sweepCrosses(edges)
}

// sideEdge is an edge of the area (ofArea) or of the geometry, with its bound.
type sideEdge struct {
	p, q   orb.Point
	b      orb.Bound
	ofArea bool
}

// appendEdges appends the edges of l to out; when within is not nil, only those whose bounds
// meet it.
func appendEdges(out []sideEdge, l orb.LineString, ofArea bool, within *orb.Bound) []sideEdge {
	for i := 0; i+1 < len(l); i++ {
		e := sideEdge{p: l[i], q: l[i+1], b: orb.Bound{Min: l[i], Max: l[i]}.Extend(l[i+1]), ofArea: ofArea}
		if within == nil || within.Intersects(e.b) {
			out = append(out, e)
		}
	}
	return out
}

// sweepCrosses reports whether an edge of the area crosses an edge of the geometry, sweeping
// the edges in order of their least longitude: each is compared only with the other side's
// edges whose longitude ranges still reach it, and of those only where latitude ranges meet.
func sweepCrosses(edges []sideEdge) bool {
	slices.SortFunc(edges, func(x, y sideEdge) int { return cmp.Compare(x.b.Min[0], y.b.Min[0]) })
	var active [2][]sideEdge // of the geometry, of the area
	side := func(e sideEdge) int {
		if e.ofArea {
			return 1
		}
		return 0
	}
	for _, e := range edges {
		for s := range active {
			active[s] = slices.DeleteFunc(active[s], func(o sideEdge) bool { return o.b.Max[0] < e.b.Min[0] })
		}
		for _, o := range active[1-side(e)] {
			if o.b.Max[1] >= e.b.Min[1] && o.b.Min[1] <= e.b.Max[1] {
				if _, ok := crossing(e.p, e.q, o.p, o.q); ok {
					return true
				}
			}
		}
		active[side(e)] = append(active[side(e)], e)
	}
	return false
}

// edgesOf appends to out the paths whose consecutive points are the edges of g: its lines,
// and its rings closed.
func edgesOf(g orb.Geometry, out []orb.LineString) []orb.LineString {
	switch g := g.(type) {
	case orb.LineString:
		out = append(out, g)
	case orb.MultiLineString:
		out = append(out, g...)
	case orb.Ring:
		out = append(out, orb.LineString(closeRing(g)))
	case orb.Polygon:
		for _, r := range g {
			out = edgesOf(r, out)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			out = edgesOf(p, out)
		}
	case orb.Collection:
		for _, part := range g {
			out = edgesOf(part, out)
		}
	case orb.Bound:
		out = edgesOf(g.ToPolygon(), out)
	}
	return out
}
