package geo

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paulmach/orb"
)

// ShapeTypes are the GeoJSON geometry types ParseShape accepts.
var ShapeTypes = []string{"Polygon", "MultiPolygon", "LineString", "MultiLineString", "Point"}

// CheckCRS refuses a GeoJSON crs member (raw, found at path) that names anything other than
// WGS84 longitude/latitude; an absent or null member passes. The fault is a *GeometryError.
func CheckCRS(raw json.RawMessage, path string) error {
	return checkCRS(raw, path)
}

// ParseShape reads one GeoJSON geometry object in WGS84 longitude/latitude: a Polygon or
// MultiPolygon (validated as ParseBoundary validates a boundary: closed rings, no
// self-intersection, coordinates in range), a LineString or MultiLineString (at least two
// positions per line, not all the same), or a Point. It returns an orb.Polygon,
// orb.MultiPolygon, orb.LineString, orb.MultiLineString or orb.Point, as given. path locates
// the object in a larger document ("" at the root) in the *GeometryError of any fault.
func ParseShape(raw json.RawMessage, path string) (orb.Geometry, error) {
	if isNull(raw) {
		return nil, &GeometryError{Path: path, Reason: "empty geometry: there is no geometry"}
	}
	var o object
	if err := json.Unmarshal(raw, &o); err != nil {
		if syn := (*json.SyntaxError)(nil); errors.As(err, &syn) {
			return nil, &GeometryError{Path: path, Reason: fmt.Sprintf("not valid JSON (at byte %d): %v", syn.Offset, err)}
		}
		return nil, &GeometryError{Path: path, Reason: "not a GeoJSON geometry object: " + err.Error()}
	}
	switch o.Type {
	case "Polygon", "MultiPolygon":
		mp, err := parseGeometry(o, path)
		if err != nil {
			return nil, err
		}
		if o.Type == "Polygon" {
			return mp[0], nil
		}
		return mp, nil
	case "LineString", "MultiLineString", "Point":
	case "":
		return nil, &GeometryError{Path: path, Reason: "no type member: a geometry must be a GeoJSON Polygon, MultiPolygon, LineString, MultiLineString or Point"}
	default:
		return nil, &GeometryError{Path: path, Reason: fmt.Sprintf(
			"geometry type %q is not accepted: want a Polygon, MultiPolygon, LineString, MultiLineString or Point", o.Type)}
	}
	if err := checkCRS(o.CRS, path); err != nil {
		return nil, err
	}
	if isNull(o.Coordinates) {
		return nil, &GeometryError{Path: path, Reason: fmt.Sprintf("empty geometry: the %s has no coordinates", o.Type)}
	}
	cpath := join(path, "coordinates")
	var coords any
	if err := json.Unmarshal(o.Coordinates, &coords); err != nil {
		return nil, &GeometryError{Path: cpath, Reason: "coordinates are not valid: " + err.Error()}
	}
	switch o.Type {
	case "Point":
		return positionFrom(coords, cpath)
	case "LineString":
		return lineFrom(coords, cpath)
	}
	lines, err := arrayFrom(coords, cpath, "MultiLineString coordinates must be an array of lines",
		"empty geometry: the MultiLineString has no lines", lineFrom)
	if err != nil {
		return nil, err
	}
	return orb.MultiLineString(lines), nil
}

// lineFrom validates decoded GeoJSON LineString coordinates found at path: at least two
// positions, each in WGS84 range, not all the same.
func lineFrom(v any, path string) (orb.LineString, error) {
	positions, err := arrayFrom(v, path, "a line must be an array of positions", "", positionFrom)
	if err != nil {
		return nil, err
	}
	ls := orb.LineString(positions)
	if len(ls) < 2 {
		return nil, &GeometryError{Path: path, Reason: fmt.Sprintf("line has %d position(s): a line needs at least 2", len(ls))}
	}
	for _, p := range ls[1:] {
		if p != ls[0] {
			return ls, nil
		}
	}
	return nil, &GeometryError{Path: path, Reason: "empty geometry: every position of the line is the same, so it has no length"}
}
