// Package place holds the places register: the parks, streets, shopping centres, transport
// hubs and school surroundings that partners watch, with their geometry and the H3 cells that
// cover them, and the profile of the incidents and activity linked to each.
//
// # Geometry
//
// A place is a GeoJSON Polygon or MultiPolygon (an area), a LineString or MultiLineString (a
// street, with a buffer: its half-width in metres, more than 0 and at most 500, default 15) or
// a Point (a station entrance, say, with a buffer that is its radius, default 100 m). Any kind
// may take any of these shapes; the buffer belongs to lines and points only. Geometry is
// validated as the study area is (closed rings, no self-intersection, WGS84 ranges, a crs
// member other than WGS84 refused) and stored as given. On every create and update the place's
// covering is stored in place_cells: every H3 cell at resolutions 6 to 12 that meets the
// polygon or the buffer, not only those whose centre is inside, so that a small place or a
// narrow street always has cells. A place of any size up to MaxAreaKm2 is accepted (a
// neighbourhood, a ward, a local authority, a county); a large one keeps its covering at the
// resolutions where it holds at most MaxCells cells (a 40 km² neighbourhood up to resolution
// 11, a 2,000 km² county up to 9) and none at finer ones.
//
// # Linkage
//
// An incident or activity record belongs to a place when its point lies inside the polygon
// (a point on the outer boundary counts as inside, one on the edge of a hole as outside: orb's
// planar rule) or within the buffer of the line or point, measured as geo.WithinBuffer
// measures it (the boundary of the buffer counts as inside). Candidates are found in SQL by a
// bounding box padded by the buffer; the decision is made exactly in Go, for a polygon with a
// long boundary through a geo.PolygonIndex, which gives the same decisions faster.
//
// # Import from OpenStreetMap
//
// POST /api/v1/places/import takes a GeoJSON FeatureCollection as OpenStreetMap exports give
// it (overpass turbo, osmtogeojson, ogr2ogr's other_tags). With ?kind= every feature is of that
// kind; without it each feature's kind comes from its tags, the first that applies:
//
//	leisure=park                               park
//	shop=mall                                  shopping_centre
//	highway=* on a LineString/MultiLineString  street
//	public_transport=station, railway=station  transport_hub
//	amenity=school                             school_vicinity
//
// A feature with none of them is refused. The name comes from ?name_property= (default
// "name", read from the properties or the tags); a feature without one is named "Unnamed <kind>" with its OSM id or feature number.
// The OSM id is the feature's id, or its "@id", "osm_id" or "osm_way_id" property; a feature
// whose OSM id is already registered is refused, so that a file is not imported twice. The
// import is all or nothing.
package place

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/text"
)

// Kinds of place.
const (
	KindPark           = "park"
	KindStreet         = "street"
	KindShoppingCentre = "shopping_centre"
	KindTransportHub   = "transport_hub"
	KindSchoolVicinity = "school_vicinity"
	KindOther          = "other"
	// Areas that partnerships report by, beside H3 cells.
	KindWard           = "ward"
	KindNeighbourhood  = "neighbourhood" // a police neighbourhood (safer neighbourhood team area)
	KindLocalAuthority = "local_authority"
)

// Kinds lists every kind of place.
var Kinds = []string{KindPark, KindStreet, KindShoppingCentre, KindTransportHub, KindSchoolVicinity, KindOther,
	KindWard, KindNeighbourhood, KindLocalAuthority}

// Buffers of lines and points, in metres.
const (
	DefaultLineBuffer  = 15.0  // a street's half-width when none is given
	DefaultPointBuffer = 100.0 // a point's radius when none is given
	MaxBuffer          = 500.0
)

// Lengths of text fields, in characters.
const (
	MaxNameLen  = 200
	MaxOwnerLen = 200
	MaxNotesLen = 4000
	MaxIDLen    = 200 // source and osm_id
)

// Place is one place of the register.
type Place struct {
	ID           int64
	Kind         string
	Name         string
	Geometry     orb.Geometry // orb.Polygon, MultiPolygon, LineString, MultiLineString or Point
	BufferMetres float64      // lines and points; 0 for areas
	Owner        string       // owner or manager
	Notes        string
	Source       string // where it came from: "OpenStreetMap", "GeoJSON import", "demo", ...
	OSMID        string
	Version      int
	CreatedBy    *int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// LocalAreas are the local areas the place lies in, from its geometry.
	LocalAreas []int64
}

// buffered reports whether g is a line or a point, which take a buffer.
func buffered(g orb.Geometry) bool {
	switch g.(type) {
	case orb.LineString, orb.MultiLineString, orb.Point:
		return true
	}
	return false
}

// defaultBuffer is the buffer a line or point gets when none is given.
func defaultBuffer(g orb.Geometry) float64 {
	if _, ok := g.(orb.Point); ok {
		return DefaultPointBuffer
	}
	return DefaultLineBuffer
}

// settle gives a line or point its default buffer when it has none, and an area none; it
// returns the refusal of a buffer out of range or on an area. given says whether the caller
// set the buffer.
func (p *Place) settle(given bool) error {
	if !buffered(p.Geometry) {
		if given && p.BufferMetres != 0 {
			return fmt.Errorf("buffer_metres applies to lines and points only; this place is a %s", p.Geometry.GeoJSONType())
		}
		p.BufferMetres = 0
		return nil
	}
	if !given {
		p.BufferMetres = defaultBuffer(p.Geometry)
	}
	if !(p.BufferMetres > 0 && p.BufferMetres <= MaxBuffer) {
		return fmt.Errorf("buffer_metres %v is out of range: a %s needs a buffer of more than 0 and at most %v metres",
			p.BufferMetres, p.Geometry.GeoJSONType(), MaxBuffer)
	}
	return nil
}

// CheckKind refuses (400) a kind of place that is not one of Kinds, naming them.
func CheckKind(kind string) error {
	if !slices.Contains(Kinds, kind) {
		return apperr.Errorf(apperr.Invalid, "kind %q is unknown: want one of %s", kind, strings.Join(Kinds, ", "))
	}
	return nil
}

// validate checks the place's fields (not its geometry, which parsing has validated).
func (p *Place) validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if !slices.Contains(Kinds, p.Kind) {
		return fmt.Errorf("kind %q is unknown: want one of %s", p.Kind, strings.Join(Kinds, ", "))
	}
	if p.Name == "" {
		return fmt.Errorf("name is required")
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"name", p.Name, MaxNameLen}, {"owner", p.Owner, MaxOwnerLen}, {"source", p.Source, MaxIDLen}, {"osm_id", p.OSMID, MaxIDLen}} {
		if err := checkText(f.name, f.v, f.max, false); err != nil {
			return err
		}
	}
	return checkText("notes", p.Notes, MaxNotesLen, true)
}

// checkText refuses text that is too long, not UTF-8 or holds control characters (notes may
// hold line breaks and tabs).
func checkText(name, v string, max int, multiline bool) error {
	if err := text.Check(v, max, multiline); err != nil {
		return fmt.Errorf("%s %w", name, err)
	}
	return nil
}

// unprocessable wraps a refusal of the content as a 422.
func unprocessable(format string, args ...any) error {
	return apperr.Errorf(apperr.Unprocessable, format, args...)
}
