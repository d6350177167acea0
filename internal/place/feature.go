package place

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
)

// Fields are a place's editable properties as the API reads them; nil means not given.
type Fields struct {
	Kind         *string  `json:"kind"`
	Name         *string  `json:"name"`
	Owner        *string  `json:"owner"`
	Notes        *string  `json:"notes"`
	BufferMetres *float64 `json:"buffer_metres"`
	Source       *string  `json:"source"`
	OSMID        *string  `json:"osm_id"`
}

// Patch is a change to a place: the fields given, and a new geometry when Geometry is not
// empty.
type Patch struct {
	Fields
	Geometry json.RawMessage
}

// featureIn is a GeoJSON Feature as the API and imports read it.
type featureIn struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
	CRS        json.RawMessage `json:"crs"`
}

// decodeStrict decodes data into v, refusing members v does not have.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("there is more after the JSON value")
	}
	return nil
}

// ParseFeature reads a place from a GeoJSON Feature whose properties hold kind, name and
// optionally owner, notes, buffer_metres, source and osm_id. Faults are 400 (not JSON) or
// 422 (refused content, naming the problem and where it is).
func ParseFeature(data []byte) (*Place, error) {
	var f featureIn
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, apperr.Errorf(apperr.Invalid, "the body is not a JSON object: %v", err)
	}
	if f.Type != "Feature" {
		return nil, unprocessable("the body must be a GeoJSON Feature (type %q given) with the place's geometry and properties kind, name, owner, notes, buffer_metres", f.Type)
	}
	var fl Fields
	if len(f.Properties) > 0 && string(f.Properties) != "null" {
		if err := decodeStrict(f.Properties, &fl); err != nil {
			return nil, unprocessable("properties: %v (known: kind, name, owner, notes, buffer_metres, source, osm_id)", err)
		}
	}
	if err := geo.CheckCRS(f.CRS, "crs"); err != nil {
		return nil, geometryError(err, "")
	}
	g, err := geo.ParseShape(f.Geometry, "geometry")
	if err != nil {
		return nil, geometryError(err, "")
	}
	p := &Place{Geometry: g}
	p.apply(fl)
	if err := p.check(fl.BufferMetres != nil); err != nil {
		return nil, unprocessable("%v", err)
	}
	return p, nil
}

// apply sets the fields given.
func (p *Place) apply(f Fields) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&p.Kind, f.Kind)
	set(&p.Name, f.Name)
	set(&p.Owner, f.Owner)
	set(&p.Notes, f.Notes)
	set(&p.Source, f.Source)
	set(&p.OSMID, f.OSMID)
	if f.BufferMetres != nil {
		p.BufferMetres = *f.BufferMetres
	}
}

// check validates the fields and settles the buffer.
func (p *Place) check(bufferGiven bool) error {
	if err := p.validate(); err != nil {
		return err
	}
	return p.settle(bufferGiven)
}

// ParsePatch reads a change: a JSON object of the fields to change (kind, name, owner, notes,
// buffer_metres, source, osm_id, geometry), or a GeoJSON Feature whose properties hold them and
// whose geometry, when present, replaces the place's.
func ParsePatch(data []byte) (*Patch, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, apperr.Errorf(apperr.Invalid, "the body is empty: send a JSON object of the fields to change")
	}
	var probe struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, apperr.Errorf(apperr.Invalid, "the body is not a JSON object: %v", err)
	}
	p := &Patch{}
	if probe.Type == "Feature" {
		var f featureIn
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, apperr.Errorf(apperr.Invalid, "the body is not a GeoJSON Feature: %v", err)
		}
		if len(f.Properties) > 0 && string(f.Properties) != "null" {
			if err := decodeStrict(f.Properties, &p.Fields); err != nil {
				return nil, unprocessable("properties: %v (known: kind, name, owner, notes, buffer_metres, source, osm_id)", err)
			}
		}
		if err := geo.CheckCRS(f.CRS, "crs"); err != nil {
			return nil, geometryError(err, "")
		}
		if string(f.Geometry) != "null" {
			p.Geometry = f.Geometry
		}
		return p, nil
	}
	var body struct {
		Fields
		Geometry json.RawMessage `json:"geometry"`
	}
	if err := decodeStrict(data, &body); err != nil {
		return nil, unprocessable("%v (known: kind, name, owner, notes, buffer_metres, source, osm_id, geometry)", err)
	}
	p.Fields, p.Geometry = body.Fields, body.Geometry
	if string(p.Geometry) == "null" {
		p.Geometry = nil
	}
	return p, nil
}

// geometryError turns a *geo.GeometryError into a 422 naming the problem and where it is;
// feature names the feature ("" for a request body of one).
func geometryError(err error, feature string) error {
	var ge *geo.GeometryError
	if !errors.As(err, &ge) {
		return err
	}
	msg := "geometry refused"
	if feature != "" {
		msg += " (" + feature + ")"
	}
	where := ge.Path
	if where == "" {
		where = "geometry"
	}
	return apperr.WithDetails(apperr.Unprocessable, fmt.Sprintf("%s: %s: %s", msg, where, ge.Reason),
		[]any{map[string]any{"path": where, "reason": ge.Reason}})
}

// Feature returns the place as a GeoJSON Feature: id, and properties kind, name, owner,
// notes, buffer_metres, source, osm_id, version, created_at, updated_at and local_areas.
func (p *Place) Feature() *geojson.Feature {
	f := geojson.NewFeature(p.Geometry)
	f.ID = p.ID
	f.Properties = geojson.Properties{
		"kind": p.Kind, "name": p.Name, "owner": p.Owner, "notes": p.Notes,
		"buffer_metres": p.BufferMetres, "source": p.Source, "osm_id": p.OSMID, "version": p.Version,
		"created_at": p.CreatedAt, "updated_at": p.UpdatedAt, "local_areas": p.LocalAreas,
	}
	return f
}

// ETag is the entity tag of the place's current version, e.g. "3".
func (p *Place) ETag() string { return api.ETag(p.Version) }
