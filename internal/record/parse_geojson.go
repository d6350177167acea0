package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// GeoJSONSpec describes the properties of one GeoJSON format.
type GeoJSONSpec struct {
	// Columns are the property names a feature may have; any other is refused. A property that
	// is absent or null reads as blank.
	Columns []string
	// CheckHeader, when set, is called with each feature's property names (sorted) before
	// anything else; its error is returned as it is (pii.CheckHeader goes here).
	CheckHeader func(cols []string) error
}

// GeoJSONSource reads the Point features of a GeoJSON FeatureCollection one at a time, so that
// memory does not grow with the number of features; see NewGeoJSONSource.
type GeoJSONSource struct {
	dec     *json.Decoder
	spec    GeoJSONSpec
	n       int // features read so far
	sawType bool
	done    bool
	// first is the first feature, read by NewGeoJSONSource to check its property names.
	first    *RawRow
	firstErr error
}

// NewGeoJSONSource reads a FeatureCollection up to its first feature and checks that feature's
// property names as a CSV header is checked. A "crs" member naming anything other than WGS84
// longitude/latitude is a *FileError (GeoJSON, RFC 7946, is WGS84 without one).
func NewGeoJSONSource(r io.Reader, spec GeoJSONSpec) (*GeoJSONSource, error) {
	s := &GeoJSONSource{dec: json.NewDecoder(r), spec: spec}
	if tok, err := s.dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, &FileError{Reason: "not a GeoJSON FeatureCollection: the file is not a JSON object"}
	}
	found, err := s.members()
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, &FileError{Reason: "not a GeoJSON FeatureCollection: no \"features\" member"}
	}
	raw, err := s.readFeature()
	var rowErr *RowError
	if err != nil && !errors.Is(err, io.EOF) && !errors.As(err, &rowErr) {
		return nil, err
	}
	s.first, s.firstErr = &raw, err
	return s, nil
}

// NewGeoJSONReader returns a Reader of the GeoJSON FeatureCollection r, laid out as spec says,
// that turns each feature into a Row with parse; the first feature's property names are
// checked before it returns.
func NewGeoJSONReader(r io.Reader, spec GeoJSONSpec, parse func(RawRow) (Row, error)) (Reader, error) {
	src, err := NewGeoJSONSource(r, spec)
	if err != nil {
		return nil, err
	}
	return NewReader(src, parse), nil
}

// members reads members of the top-level object until it enters the "features" array
// (true) or reaches the end of the object (false).
func (s *GeoJSONSource) members() (bool, error) {
	for s.dec.More() {
		tok, err := s.dec.Token()
		if err != nil {
			return false, jsonFileError(err)
		}
		switch tok {
		case "type":
			var t string
			if err := s.dec.Decode(&t); err != nil || t != "FeatureCollection" {
				return false, &FileError{Reason: "not a GeoJSON FeatureCollection: its \"type\" is not \"FeatureCollection\""}
			}
			s.sawType = true
		case "crs":
			var crs json.RawMessage
			if err := s.dec.Decode(&crs); err != nil {
				return false, jsonFileError(err)
			}
			if err := checkCRS(crs); err != nil {
				return false, err
			}
		case "features":
			if s.n > 0 || s.done {
				return false, &FileError{Reason: "the \"features\" member appears more than once"}
			}
			if tok, err := s.dec.Token(); err != nil || tok != json.Delim('[') {
				return false, &FileError{Reason: "\"features\" is not an array"}
			}
			return true, nil
		default: // "bbox" and foreign members are skipped
			var skip json.RawMessage
			if err := s.dec.Decode(&skip); err != nil {
				return false, jsonFileError(err)
			}
		}
	}
	if _, err := s.dec.Token(); err != nil { // the closing '}'
		return false, jsonFileError(err)
	}
	if _, err := s.dec.Token(); !errors.Is(err, io.EOF) {
		return false, &FileError{Reason: "there is more data after the end of the FeatureCollection"}
	}
	return false, nil
}

func jsonFileError(err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return &FileError{Reason: fmt.Sprintf("the file is not valid JSON: %v", err)}
}

// wgs84 are the lowercased CRS names that mean WGS84 longitude/latitude. EPSG:4326 formally
// has latitude first, but in GeoJSON files it is written with longitude first, as here.
var wgs84 = []string{
	"urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:ogc::crs84", "crs84", "ogc:crs84",
	"epsg:4326", "urn:ogc:def:crs:epsg::4326", "urn:ogc:def:crs:epsg:4326",
	"http://www.opengis.net/def/crs/ogc/1.3/crs84", "http://www.opengis.net/def/crs/epsg/0/4326",
}

func checkCRS(raw json.RawMessage) error {
	if string(bytes.TrimSpace(raw)) == "null" {
		return nil
	}
	var crs struct {
		Type       string `json:"type"`
		Properties struct {
			Name string `json:"name"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &crs); err == nil && crs.Type == "name" &&
		slices.Contains(wgs84, strings.ToLower(strings.TrimSpace(crs.Properties.Name))) {
		return nil
	}
	name := crs.Properties.Name
	if name == "" {
		name = string(raw)
	}
	return &FileError{Reason: fmt.Sprintf("the coordinate reference system is not WGS84 longitude/latitude (%s): convert the file to WGS84 (EPSG:4326)", DisplayName(name))}
}

// Next returns the next feature. A feature that is not a Point Feature, has a property that is
// not a string, number or null, fails CheckText or has bad coordinates is a *RowError, and
// reading goes on. A property name that CheckHeader refuses or that is unknown is a *FileError.
func (s *GeoJSONSource) Next() (RawRow, error) {
	if s.first != nil {
		raw, err := *s.first, s.firstErr
		s.first, s.firstErr = nil, nil
		return raw, err
	}
	return s.readFeature()
}

type geoFeature struct {
	Type       string          `json:"type"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
}

func (s *GeoJSONSource) readFeature() (RawRow, error) {
	if s.done {
		return RawRow{}, io.EOF
	}
	if !s.dec.More() {
		if _, err := s.dec.Token(); err != nil { // the closing ']'
			return RawRow{}, jsonFileError(err)
		}
		s.done = true
		if _, err := s.members(); err != nil {
			return RawRow{}, err
		}
		if !s.sawType {
			return RawRow{}, &FileError{Reason: "not a GeoJSON FeatureCollection: no \"type\" member"}
		}
		return RawRow{}, io.EOF
	}
	s.n++
	raw := RawRow{Line: s.n}
	var f geoFeature
	if err := s.dec.Decode(&f); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) { // the value was read whole, so reading can go on
			return raw, raw.Errorf("", "not a GeoJSON Feature object")
		}
		return raw, jsonFileError(err)
	}
	return s.feature(raw, f)
}

func (s *GeoJSONSource) feature(raw RawRow, f geoFeature) (RawRow, error) {
	props := map[string]json.RawMessage{}
	if p := bytes.TrimSpace(f.Properties); len(p) > 0 && string(p) != "null" {
		if err := json.Unmarshal(p, &props); err != nil {
			return raw, raw.Errorf("properties", "\"properties\" is not a JSON object")
		}
	}
	keys := slices.Sorted(maps.Keys(props))
	if s.spec.CheckHeader != nil {
		if err := s.spec.CheckHeader(keys); err != nil {
			return raw, err
		}
	}
	if err := checkColumns(keys, nil, s.spec.Columns); err != nil {
		return raw, err
	}
	if f.Type != "Feature" {
		return raw, raw.Errorf("type", "the feature's \"type\" is %q, not \"Feature\"", f.Type)
	}
	raw.fields = make(map[string]string, len(keys))
	raw.Content = make([]string, 0, len(keys)+1)
	for _, k := range keys {
		v, ok := propertyText(props[k])
		if !ok {
			return raw, raw.Errorf(k, "must be a string, a number or null")
		}
		if err := CheckText(v); err != nil {
			return raw, raw.Errorf(k, "%v", err)
		}
		raw.fields[k] = v
		raw.Content = append(raw.Content, k+"="+v)
	}
	coords, err := s.geometry(&raw, f.Geometry)
	raw.Content = append(raw.Content, "coordinates="+coords)
	if err != nil {
		return raw, err
	}
	return raw, nil
}

// propertyText returns a property value as text: a string as it is, a number as written,
// null as blank. Other values are refused.
func propertyText(m json.RawMessage) (string, bool) {
	m = bytes.TrimSpace(m)
	switch {
	case len(m) == 0 || string(m) == "null":
		return "", true
	case m[0] == '"':
		var s string
		err := json.Unmarshal(m, &s)
		return s, err == nil
	case m[0] == '-' || '0' <= m[0] && m[0] <= '9':
		return string(m), true
	}
	return "", false
}

// geometry sets the location of raw from a Point geometry and returns its coordinates as
// compact JSON text. A null geometry or an empty Point means no location.
func (s *GeoJSONSource) geometry(raw *RawRow, g json.RawMessage) (string, *RowError) {
	g = bytes.TrimSpace(g)
	if len(g) == 0 || string(g) == "null" {
		return "", nil
	}
	var geom struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(g, &geom); err != nil {
		return "", raw.Errorf("geometry", "not a GeoJSON geometry object")
	}
	var text bytes.Buffer
	if json.Compact(&text, geom.Coordinates) != nil {
		text.Reset()
	}
	if geom.Type != "Point" {
		return text.String(), raw.Errorf("geometry", "the geometry is a %s; only Point features can be imported", DisplayName(geom.Type))
	}
	var c []json.Number
	if err := json.Unmarshal(geom.Coordinates, &c); err != nil || len(c) == 1 || len(c) > 3 {
		return text.String(), raw.Errorf("geometry", "Point coordinates must be [longitude, latitude]")
	}
	if len(c) == 0 { // an empty Point
		return text.String(), nil
	}
	return text.String(), setLocation(raw, "geometry", c[1].String(), "geometry", c[0].String())
}
