package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Extent is a place's extent as linkage sees it: polygons, or lines (a point is a line of one
// position) widened by Buffer metres.
type Extent struct {
	Polys  orb.MultiPolygon
	Lines  []orb.LineString
	Buffer float64
}

// ExtentOf returns the extent of geometry g: a Polygon or MultiPolygon as it is, a LineString,
// MultiLineString or Point widened by buffer metres. ok is false for any other geometry, which
// has no extent.
func ExtentOf(g orb.Geometry, buffer float64) (e Extent, ok bool) {
	switch g := g.(type) {
	case orb.Polygon:
		return Extent{Polys: orb.MultiPolygon{g}}, true
	case orb.MultiPolygon:
		return Extent{Polys: g}, true
	case orb.LineString:
		return Extent{Lines: []orb.LineString{g}, Buffer: buffer}, true
	case orb.MultiLineString:
		return Extent{Lines: g, Buffer: buffer}, true
	case orb.Point:
		return Extent{Lines: []orb.LineString{{g}}, Buffer: buffer}, true
	}
	return Extent{}, false
}

// Contains reports whether the point lat, lng belongs to the extent: inside a polygon (orb's
// planar rule: a point on the outer boundary counts as inside, one on the edge of a hole as
// outside) or within Buffer metres of a line or point, the buffer's edge included
// (WithinBuffer).
func (e Extent) Contains(lat, lng float64) bool {
	if len(e.Polys) > 0 {
		return planar.MultiPolygonContains(e.Polys, orb.Point{lng, lat})
	}
	for _, ls := range e.Lines {
		if WithinBuffer(ls, e.Buffer, lat, lng) {
			return true
		}
	}
	return false
}

// Bound returns a box holding every point the extent contains: the geometry's bounding box
// widened by the buffer, with a margin (10% and 2 m) that covers the difference between the
// local projection of WithinBuffer and plain degrees. Queries use it to find candidates;
// Contains decides.
func (e Extent) Bound() orb.Bound {
	var b orb.Bound
	if len(e.Polys) > 0 {
		b = e.Polys.Bound()
	} else {
		b = orb.MultiLineString(e.Lines).Bound()
	}
	pad := e.Buffer*1.1 + 2
	maxLat := math.Min(89, math.Max(math.Abs(b.Min.Lat()), math.Abs(b.Max.Lat()))+pad/metresPerDegree+0.01)
	dLat := pad / metresPerDegree
	dLng := pad / (metresPerDegree * math.Cos(maxLat*math.Pi/180))
	return orb.Bound{Min: orb.Point{b.Min.Lon() - dLng, b.Min.Lat() - dLat}, Max: orb.Point{b.Max.Lon() + dLng, b.Max.Lat() + dLat}}
}
