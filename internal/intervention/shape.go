package intervention

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/geo"
)

// Shape is a place's extent as linkage sees it: polygons, or lines and points with a buffer.
// Contains says whether a point belongs to it; Bound gives the box that holds it.
type Shape struct{ geo.Extent }

// NewShape returns the extent of a place's geometry: a Polygon or MultiPolygon as it is, a
// LineString, MultiLineString or Point widened by buffer metres.
func NewShape(g orb.Geometry, buffer float64) (Shape, error) {
	e, ok := geo.ExtentOf(g, buffer)
	if !ok {
		return Shape{}, fmt.Errorf("a place of geometry type %T has no extent", g)
	}
	return Shape{e}, nil
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
