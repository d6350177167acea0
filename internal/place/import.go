package place

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
)

// ImportOptions are the parameters of an import.
type ImportOptions struct {
	Kind         string  // every feature's kind; "" takes it from each feature's OSM tags
	NameProperty string  // the property holding the name (default "name")
	BufferMetres float64 // the buffer of line and point features; 0 gives them the defaults
	Source       string  // default "OpenStreetMap" for features with an OSM id, else "GeoJSON import"
}

// MaxImportFeatures is the most features one import takes.
const MaxImportFeatures = 10_000

// maxReported is the most refused features an answer lists.
const maxReported = 1000

// FeatureError is one refused feature of an import.
type FeatureError struct {
	Feature int    `json:"feature"` // 1-based, in the order of the file
	Path    string `json:"path,omitempty"`
	Reason  string `json:"reason"`
}

// collection is a GeoJSON FeatureCollection as imports read it.
type collection struct {
	Type     string            `json:"type"`
	Features []json.RawMessage `json:"features"`
	CRS      json.RawMessage   `json:"crs"`
}

// Import registers every feature of a GeoJSON FeatureCollection as a place, all or nothing:
// when any feature is refused nothing is stored and the 422 lists every refused feature.
// It returns the new places' ids in the order of the file.
func (s *Service) Import(ctx context.Context, data []byte, o ImportOptions) ([]int64, error) {
	if o.Kind != "" {
		if err := CheckKind(o.Kind); err != nil {
			return nil, err
		}
	}
	if o.NameProperty == "" {
		o.NameProperty = "name"
	}
	if o.BufferMetres != 0 && !(o.BufferMetres > 0 && o.BufferMetres <= MaxBuffer) {
		return nil, apperr.Errorf(apperr.Invalid, "buffer_metres %v: want more than 0 and at most %v", o.BufferMetres, MaxBuffer)
	}
	var fc collection
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, unprocessable("the body is not a GeoJSON FeatureCollection: %v", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, unprocessable("the body must be a GeoJSON FeatureCollection, not type %q", fc.Type)
	}
	if err := geo.CheckCRS(fc.CRS, "crs"); err != nil {
		return nil, geometryError(err, "the FeatureCollection")
	}
	switch n := len(fc.Features); {
	case n == 0:
		return nil, unprocessable("the FeatureCollection has no features")
	case n > MaxImportFeatures:
		return nil, unprocessable("the FeatureCollection has %d features, more than the %d one import takes", n, MaxImportFeatures)
	}
	places := make([]*Place, 0, len(fc.Features))
	covers := make([]*covering, 0, len(fc.Features))
	var bad []FeatureError
	osmFeature := map[string]int{}
	for i, raw := range fc.Features {
		p, ferr := importFeature(raw, i+1, o)
		var cv *covering
		if ferr == nil {
			var err error
			if cv, err = coverPlace(p); err != nil {
				ferr = &FeatureError{Feature: i + 1, Path: "geometry", Reason: message(err)}
			}
		}
		if ferr == nil && p.OSMID != "" {
			if first, dup := osmFeature[p.OSMID]; dup {
				ferr = &FeatureError{Feature: i + 1, Reason: fmt.Sprintf("OSM id %s is also feature %d of this file", p.OSMID, first)}
			} else {
				osmFeature[p.OSMID] = i + 1
			}
		}
		if ferr != nil {
			bad = append(bad, *ferr)
			continue
		}
		places, covers = append(places, p), append(covers, cv)
	}
	existing, err := s.registeredOSMIDs(ctx, places)
	if err != nil {
		return nil, err
	}
	for _, p := range places {
		if id, ok := existing[p.OSMID]; ok {
			bad = append(bad, FeatureError{Feature: osmFeature[p.OSMID], Reason: fmt.Sprintf("OSM id %s is already registered as place %d", p.OSMID, id)})
		}
	}
	if len(bad) > 0 {
		slices.SortStableFunc(bad, func(a, b FeatureError) int { return a.Feature - b.Feature })
		details := make([]any, 0, min(len(bad), maxReported))
		for _, b := range bad[:min(len(bad), maxReported)] {
			details = append(details, b)
		}
		return nil, apperr.WithDetails(apperr.Unprocessable, fmt.Sprintf(
			"%d of %d features are refused (the first: feature %d: %s); nothing was imported",
			len(bad), len(fc.Features), bad[0].Feature, bad[0].Reason), details)
	}
	ids := make([]int64, len(places))
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The local areas are read once for the whole file.
		regions, err := s.regions(ctx, tx)
		if err != nil {
			return err
		}
		for i, p := range places {
			if err := s.insert(ctx, tx, p, covers[i], regions); err != nil {
				return fmt.Errorf("feature %d: %w", i+1, err)
			}
			ids[i] = p.ID
		}
		return audit.Record(ctx, tx, "place.import", "places", map[string]any{"kind": o.Kind, "name_property": o.NameProperty,
			"buffer_metres": o.BufferMetres, "features": len(places), "places": ids}, int64(len(places)))
	})
	if err != nil {
		return nil, fmt.Errorf("import places: %w", err)
	}
	return ids, nil
}

// registeredOSMIDs returns the places already registered under the OSM ids of places.
func (s *Service) registeredOSMIDs(ctx context.Context, places []*Place) (map[string]int64, error) {
	var ids []string
	for _, p := range places {
		if p.OSMID != "" {
			ids = append(ids, p.OSMID)
		}
	}
	out := map[string]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT osm_id, min(id) FROM places WHERE osm_id = ANY($1) GROUP BY osm_id`, ids)
	if err != nil {
		return nil, fmt.Errorf("registered OSM ids: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var osm string
		var id int64
		if err := rows.Scan(&osm, &id); err != nil {
			return nil, err
		}
		out[osm] = id
	}
	return out, rows.Err()
}

// importFeature reads feature number n (1-based) of an import.
func importFeature(raw json.RawMessage, n int, o ImportOptions) (*Place, *FeatureError) {
	fail := func(path, format string, args ...any) (*Place, *FeatureError) {
		return nil, &FeatureError{Feature: n, Path: path, Reason: fmt.Sprintf(format, args...)}
	}
	var f featureIn
	if err := json.Unmarshal(raw, &f); err != nil {
		return fail("", "not a GeoJSON Feature: %v", err)
	}
	if f.Type != "Feature" {
		return fail("", "expected a Feature, found type %q", f.Type)
	}
	var props map[string]any
	if len(f.Properties) > 0 {
		if err := json.Unmarshal(f.Properties, &props); err != nil {
			return fail("properties", "properties must be a JSON object: %v", err)
		}
	}
	err := geo.CheckCRS(f.CRS, "crs")
	var shape orb.Geometry
	if err == nil {
		shape, err = geo.ParseShape(f.Geometry, "geometry")
	}
	if err != nil {
		var ge *geo.GeometryError
		if errors.As(err, &ge) {
			return fail(ge.Path, "%s", ge.Reason)
		}
		return fail("geometry", "%v", err)
	}
	tags := tagsOf(props)
	p := &Place{Kind: o.Kind, Geometry: shape, Source: o.Source, OSMID: osmID(f.ID, props)}
	if p.Kind == "" {
		if p.Kind = kindFromTags(tags, shape); p.Kind == "" {
			return fail("properties", "no kind: the feature has none of the tags leisure=park, shop=mall, highway=* (on a line), public_transport=station, railway=station, amenity=school; give ?kind= to import it")
		}
	}
	p.Name = propertyText(props[o.NameProperty])
	if p.Name == "" {
		p.Name = tags[o.NameProperty]
	}
	if p.Name == "" {
		label := fmt.Sprintf("feature %d", n)
		if p.OSMID != "" {
			label = "OSM " + p.OSMID
		}
		p.Name = fmt.Sprintf("Unnamed %s (%s)", strings.ReplaceAll(p.Kind, "_", " "), label)
	}
	if p.Source == "" {
		p.Source = "GeoJSON import"
		if p.OSMID != "" {
			p.Source = "OpenStreetMap"
		}
	}
	given := o.BufferMetres > 0 && buffered(shape)
	if given {
		p.BufferMetres = o.BufferMetres
	}
	if err := p.check(given); err != nil {
		return fail("properties", "%v", err)
	}
	return p, nil
}

// kindFromTags maps OpenStreetMap tags to a kind of place (see the package documentation), or
// "" when none applies.
func kindFromTags(tags map[string]string, g orb.Geometry) string {
	_, line := g.(orb.LineString)
	_, multi := g.(orb.MultiLineString)
	switch {
	case tags["leisure"] == "park":
		return KindPark
	case tags["shop"] == "mall":
		return KindShoppingCentre
	case tags["highway"] != "" && (line || multi):
		return KindStreet
	case tags["public_transport"] == "station" || tags["railway"] == "station":
		return KindTransportHub
	case tags["amenity"] == "school":
		return KindSchoolVicinity
	}
	return ""
}

// otherTag matches one key=>value pair of ogr2ogr's other_tags (an hstore literal).
var otherTag = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"`)

// tagsOf collects a feature's OSM tags: its string properties, those of a nested "tags"
// object (osmtogeojson) and those packed in "other_tags" (ogr2ogr).
func tagsOf(props map[string]any) map[string]string {
	tags := map[string]string{}
	add := func(m map[string]any) {
		for k, v := range m {
			if s, ok := v.(string); ok && s != "" {
				tags[k] = s
			}
		}
	}
	if nested, ok := props["tags"].(map[string]any); ok {
		add(nested)
	}
	if other, ok := props["other_tags"].(string); ok {
		for _, m := range otherTag.FindAllStringSubmatch(other, -1) {
			tags[m[1]] = m[2]
		}
	}
	add(props)
	return tags
}

// osmID is the feature's OpenStreetMap id: its id member, or its "@id", "osm_id" or
// "osm_way_id" property; "" when it has none.
func osmID(id json.RawMessage, props map[string]any) string {
	if s := propertyText(rawValue(id)); s != "" {
		return s
	}
	for _, k := range []string{"@id", "osm_id", "osm_way_id"} {
		if s := propertyText(props[k]); s != "" {
			return s
		}
	}
	return ""
}

func rawValue(raw json.RawMessage) any {
	var v any
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &v) // raw is a value of a document already decoded whole
	}
	return v
}

// propertyText renders a string or number property as text ("" for anything else).
func propertyText(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// message is the user-facing message of err.
func message(err error) string {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	return err.Error()
}
