package intervention

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/placesafe/placesafe/geo"
)

// Shape is a place's extent as linkage sees it: polygons, or lines and points with a buffer.
type Shape struct {
	polys  orb.MultiPolygon
	lines  []orb.LineString
	buffer float64
}

// NewShape returns the extent of a place's geometry: a Polygon or MultiPolygon as it is, a
// LineString, MultiLineString or Point widened by buffer metres.
func NewShape(g orb.Geometry, buffer float64) (Shape, error) {
	switch g := g.(type) {
	case orb.Polygon:
		return Shape{polys: orb.MultiPolygon{g}}, nil
	case orb.MultiPolygon:
		return Shape{polys: g}, nil
	case orb.LineString:
		return Shape{lines: []orb.LineString{g}, buffer: buffer}, nil
	case orb.MultiLineString:
		return Shape{lines: g, buffer: buffer}, nil
	case orb.Point:
		return Shape{lines: []orb.LineString{{g}}, buffer: buffer}, nil
	}
	return Shape{}, fmt.Errorf("a place of geometry type %T has no extent", g)
}

// parseShape reads a place's stored GeoJSON: a geometry object (as the places register
// stores it) or a Feature holding one.
func parseShape(raw []byte, buffer float64) (Shape, orb.Geometry, error) {
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil || g.Coordinates == nil {
		f, ferr := geojson.UnmarshalFeature(raw)
		if ferr != nil || f.Geometry == nil {
			return Shape{}, nil, fmt.Errorf("stored place geometry does not parse: %v", err)
		}
		s, err := NewShape(f.Geometry, buffer)
		return s, f.Geometry, err
	}
	s, err := NewShape(g.Coordinates, buffer)
	return s, g.Coordinates, err
}

// Contains reports whether the point lat, lng belongs to the place: inside a polygon (orb's
// planar rule: a point on the outer boundary counts as inside, one on the edge of a hole as
// outside) or within buffer metres of a line or point, the buffer's edge included
// (geo.WithinBuffer).
func (s Shape) Contains(lat, lng float64) bool {
	if len(s.polys) > 0 {
		return planar.MultiPolygonContains(s.polys, orb.Point{lng, lat})
	}
	for _, ls := range s.lines {
		if geo.WithinBuffer(ls, s.buffer, lat, lng) {
			return true
		}
	}
	return false
}

// Bound returns a box holding every point the shape contains: the geometry's bounding box
// widened by the buffer with a margin (10% and 2 m) for the difference between geo's local
// projection and plain degrees. SQL uses it to find candidates; Contains decides.
func (s Shape) Bound() orb.Bound {
	var b orb.Bound
	if len(s.polys) > 0 {
		b = s.polys.Bound()
	} else {
		b = orb.MultiLineString(s.lines).Bound()
	}
	pad := s.buffer*1.1 + 2
	maxLat := math.Min(89, math.Max(math.Abs(b.Min.Lat()), math.Abs(b.Max.Lat())))
	dLat := pad / 111_320
	dLng := pad / (111_320 * math.Cos(maxLat*math.Pi/180))
	return orb.Bound{Min: orb.Point{b.Min.Lon() - dLng, b.Min.Lat() - dLat}, Max: orb.Point{b.Max.Lon() + dLng, b.Max.Lat() + dLat}}
}
