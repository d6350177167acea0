package export

import (
	"encoding/json"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// featureCollection marshals features as a FeatureCollection; orb writes properties with
// sorted keys, so the bytes depend only on the features.
func featureCollection(features []*geojson.Feature) ([]byte, error) {
	fc := geojson.NewFeatureCollection()
	fc.Features = append(fc.Features, features...)
	return json.Marshal(fc)
}

// polygons returns the polygons of a geometry (none for lines and points).
func polygons(g orb.Geometry) []orb.Polygon {
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{g}
	case orb.MultiPolygon:
		return g
	case orb.Collection:
		var out []orb.Polygon
		for _, x := range g {
			out = append(out, polygons(x)...)
		}
		return out
	}
	return nil
}
