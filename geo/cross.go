package geo

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Crosses reports whether an edge of g passes through the area's inside: it crosses an edge
// of one of the area's rings at a point inside both (a street or a place that passes through
// the area with no corner of either inside the other), or, meeting the rings only at corners
// or ends (a street along a square's diagonal), runs inside between two such contacts. Edges
// that only touch the area, or run along its edge, do not count: they meet the area's edge
// without entering it. Only the area's edges whose bounds meet g's bound are compared, and
// those swept by longitude against g's, so that a boundary of many thousand corners costs
// little against a place of a few thousand. Points have no edges and cross nothing.
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
	for i := range edges {
		edges[i].id = i
	}
	for _, poly := range a.mp {
		for _, ring := range poly {
			edges = appendEdges(edges, orb.LineString(closeRing(ring)), true, &b)
		}
	}
	crossed, contacts := sweepCrosses(edges)
	if crossed {
		return true
	}
	for _, c := range contacts {
		if a.runsInside(c) {
			return true
		}
	}
	return false
}

// sideEdge is an edge of the area (ofArea) or of the geometry (the id-th), with its bound.
type sideEdge struct {
	p, q   orb.Point
	b      orb.Bound
	ofArea bool
	id     int
}

// contact is an edge of the geometry and the places along it (0 at p, 1 at q) where it meets
// the area's rings without crossing them: at a corner of a ring, or at one of its own ends;
// and the stretches of it that run along a ring's edge.
type contact struct {
	e     sideEdge
	ts    []float64
	along [][2]float64
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
// Where none crosses, it returns the geometry's edges that meet the rings without crossing.
func sweepCrosses(edges []sideEdge) (bool, map[int]*contact) {
	slices.SortFunc(edges, func(x, y sideEdge) int { return cmp.Compare(x.b.Min[0], y.b.Min[0]) })
	var active [2][]sideEdge // of the geometry, of the area
	contacts := map[int]*contact{}
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
			if o.b.Max[1] < e.b.Min[1] || o.b.Min[1] > e.b.Max[1] {
				continue
			}
			if _, ok := crossing(e.p, e.q, o.p, o.q); ok {
				return true, nil
			}
			mine, theirs := e, o
			if e.ofArea {
				mine, theirs = o, e
			}
			if ts := meetings(mine, theirs); len(ts) > 0 {
				c := contacts[mine.id]
				if c == nil {
					c = &contact{e: mine}
					contacts[mine.id] = c
				}
				c.ts = append(c.ts, ts...)
				if orient(mine.p, mine.q, theirs.p) == 0 && orient(mine.p, mine.q, theirs.q) == 0 {
					// The ring's edge lies on the edge's line: the stretch they share is on the
					// ring, decided on the points given rather than on a computed middle.
					lo, hi := along(theirs.p, mine.p, mine.q), along(theirs.q, mine.p, mine.q)
					c.along = append(c.along, [2]float64{min(lo, hi), max(lo, hi)})
				}
			}
		}
		active[side(e)] = append(active[side(e)], e)
	}
	return false, contacts
}

// meetings are the places along the geometry's edge e (0 at e.p, 1 at e.q) where a corner of
// the ring's edge o lies on it, or where one of e's ends lies on o.
func meetings(e, o sideEdge) []float64 {
	var ts []float64
	for _, c := range []orb.Point{o.p, o.q} {
		if onSegment(c, e.p, e.q) {
			ts = append(ts, along(c, e.p, e.q))
		}
	}
	for t, c := range []orb.Point{e.p, e.q} {
		if onSegment(c, o.p, o.q) {
			ts = append(ts, float64(t))
		}
	}
	return ts
}

// runsInside reports whether a stretch of c's edge between two of its contacts (or a contact
// and an end) lies inside the area: it runs along no ring's edge and its middle is inside.
func (a Area) runsInside(c *contact) bool {
	ts := append([]float64{0, 1}, c.ts...)
	slices.Sort(ts)
	for i := 0; i+1 < len(ts); i++ {
		if ts[i+1] <= ts[i] {
			continue
		}
		t := (ts[i] + ts[i+1]) / 2
		if slices.ContainsFunc(c.along, func(s [2]float64) bool { return s[0] <= t && t <= s[1] }) {
			continue
		}
		m := orb.Point{c.e.p[0] + t*(c.e.q[0]-c.e.p[0]), c.e.p[1] + t*(c.e.q[1]-c.e.p[1])}
		if planar.MultiPolygonContains(a.mp, m) {
			return true
		}
	}
	return false
}

// CornerInside reports whether a corner of one of the area's rings lies inside shape and not
// on its edge: a ward-sized place holds a small area whole, while two areas that share an edge
// hold none of each other's corners. Only the corners within shape's bound are tested, so that
// an area of many thousand corners costs little.
func (a Area) CornerInside(shape orb.MultiPolygon) bool {
	b := shape.Bound()
	if len(a.mp) == 0 || !a.bound.Intersects(b) {
		return false
	}
	for _, poly := range a.mp {
		for _, ring := range poly {
			for _, c := range ring {
				if b.Contains(c) && planar.MultiPolygonContains(shape, c) && !onEdge(shape, c) {
					return true
				}
			}
		}
	}
	return false
}

// onEdge reports whether c lies on an edge of one of shape's rings.
func onEdge(shape orb.MultiPolygon, c orb.Point) bool {
	for _, poly := range shape {
		for _, ring := range poly {
			ring = closeRing(ring)
			for i := 0; i+1 < len(ring); i++ {
				if onSegment(c, ring[i], ring[i+1]) {
					return true
				}
			}
		}
	}
	return false
}

// onSegment reports whether c lies on the segment ab, its ends included.
func onSegment(c, a, b orb.Point) bool { return orient(a, b, c) == 0 && inBox(a, b, c) }

// along is where c, a point of the segment ab, lies along it: 0 at a, 1 at b.
func along(c, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	if dx == 0 && dy == 0 {
		return 0
	}
	return ((c[0]-a[0])*dx + (c[1]-a[1])*dy) / (dx*dx + dy*dy)
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
