package geo

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paulmach/orb"
)

// object holds the members of any GeoJSON object that a boundary may use.
type object struct {
	Type        string            `json:"type"`
	Coordinates json.RawMessage   `json:"coordinates"`
	Geometry    json.RawMessage   `json:"geometry"`
	Features    []json.RawMessage `json:"features"`
	CRS         json.RawMessage   `json:"crs"`
}

// wgs84Names are the crs names accepted as WGS84 longitude/latitude.
var wgs84Names = []string{
	"urn:ogc:def:crs:OGC:1.3:CRS84",
	"EPSG:4326",
	"urn:ogc:def:crs:EPSG::4326",
}

// parseRoot dispatches on the type of the top-level object.
func parseRoot(o object) (orb.MultiPolygon, error) {
	switch o.Type {
	case "FeatureCollection":
		return parseCollection(o)
	case "Feature":
		return parseFeature(o, "")
	default:
		return parseGeometry(o, "")
	}
}

// parseCollection merges the geometries of every feature of a FeatureCollection.
func parseCollection(o object) (orb.MultiPolygon, error) {
	if err := checkCRS(o.CRS, ""); err != nil {
		return nil, err
	}
	if o.Features == nil {
		return nil, &GeometryError{Reason: "FeatureCollection has no features member"}
	}
	if len(o.Features) == 0 {
		return nil, &GeometryError{Reason: "empty geometry: FeatureCollection has no features"}
	}
	var mp orb.MultiPolygon
	for i, raw := range o.Features {
		path := fmt.Sprintf("features[%d]", i)
		f, err := decodeObject(raw, path)
		if err != nil {
			return nil, err
		}
		if f.Type != "Feature" {
			return nil, &GeometryError{Path: path, Reason: fmt.Sprintf("expected a Feature, found type %q", f.Type)}
		}
		got, err := parseFeature(f, path)
		if err != nil {
			return nil, err
		}
		mp = append(mp, got...)
	}
	return mp, nil
}

// parseFeature reads the geometry of a Feature.
func parseFeature(o object, path string) (orb.MultiPolygon, error) {
	if err := checkCRS(o.CRS, path); err != nil {
		return nil, err
	}
	gpath := join(path, "geometry")
	if isNull(o.Geometry) {
		return nil, &GeometryError{Path: gpath, Reason: "empty geometry: the feature has no geometry"}
	}
	g, err := decodeObject(o.Geometry, gpath)
	if err != nil {
		return nil, err
	}
	return parseGeometry(g, gpath)
}

// parseGeometry reads a Polygon or MultiPolygon geometry object.
func parseGeometry(o object, path string) (orb.MultiPolygon, error) {
	if o.Type != "Polygon" && o.Type != "MultiPolygon" {
		reason := fmt.Sprintf("geometry type %q is not accepted: a boundary must be a Polygon or MultiPolygon", o.Type)
		if o.Type == "" {
			reason = "no type member: a boundary must be a GeoJSON Polygon or MultiPolygon"
		}
		return nil, &GeometryError{Path: path, Reason: reason}
	}
	if err := checkCRS(o.CRS, path); err != nil {
		return nil, err
	}
	cpath := join(path, "coordinates")
	if isNull(o.Coordinates) {
		return nil, &GeometryError{Path: path, Reason: fmt.Sprintf("empty geometry: the %s has no coordinates", o.Type)}
	}
	var coords any
	if err := json.Unmarshal(o.Coordinates, &coords); err != nil {
		return nil, &GeometryError{Path: cpath, Reason: "coordinates are not valid: " + err.Error()}
	}
	if o.Type == "Polygon" {
		p, err := polygonFrom(coords, cpath)
		if err != nil {
			return nil, err
		}
		return orb.MultiPolygon{p}, nil
	}
	polys, err := arrayFrom(coords, cpath, "MultiPolygon coordinates must be an array of polygons",
		"empty geometry: the MultiPolygon has no polygons", polygonFrom)
	if err != nil {
		return nil, err
	}
	return orb.MultiPolygon(polys), nil
}

// checkCRS refuses a crs member that names anything other than WGS84 longitude/latitude.
func checkCRS(raw json.RawMessage, path string) error {
	if isNull(raw) {
		return nil
	}
	path = join(path, "crs")
	var crs struct {
		Type       string `json:"type"`
		Properties struct {
			Name string `json:"name"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &crs); err != nil {
		return &GeometryError{Path: path, Reason: "crs member is not valid: " + err.Error()}
	}
	if crs.Type != "name" {
		return &GeometryError{Path: path, Reason: fmt.Sprintf(
			"crs of type %q is not supported: give WGS84 longitude/latitude with no crs member", crs.Type)}
	}
	name := strings.TrimSpace(crs.Properties.Name)
	for _, ok := range wgs84Names {
		if strings.EqualFold(name, ok) {
			return nil
		}
	}
	what := fmt.Sprintf("crs %q is not WGS84", name)
	if strings.HasSuffix(name, "27700") {
		what = fmt.Sprintf("crs %q is British National Grid, not WGS84", name)
	}
	return &GeometryError{Path: path, Reason: what +
		": convert the boundary to WGS84 longitude/latitude (EPSG:4326) and omit the crs member"}
}

// decodeObject decodes raw as a GeoJSON object found at path.
func decodeObject(raw json.RawMessage, path string) (object, error) {
	var o object
	if err := json.Unmarshal(raw, &o); err != nil {
		return object{}, &GeometryError{Path: path, Reason: "not a GeoJSON object: " + err.Error()}
	}
	return o, nil
}

// isNull reports whether a member is absent or null.
func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// join appends a member name to a path.
func join(path, member string) string {
	if path == "" {
		return member
	}
	return path + "." + member
}
