package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// layer is a map layer as hotspot.Handler.Layer renders it, its features in cell order.
type layer struct {
	raw      []byte // the FeatureCollection with its features sorted by id
	meta     map[string]any
	features []*geojson.Feature
}

// parseLayer reads a rendered layer and sorts its features by id, keeping each feature's bytes
// as rendered: the saved layer is what the map shows, in an order that does not depend on how
// the database happened to return the cells.
func parseLayer(b []byte) (*layer, error) {
	var fc struct {
		Meta     json.RawMessage   `json:"meta"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("read layer: %w", err)
	}
	l := &layer{}
	if err := json.Unmarshal(fc.Meta, &l.meta); err != nil {
		return nil, fmt.Errorf("read layer meta: %w", err)
	}
	type item struct {
		id  string
		raw json.RawMessage
		f   *geojson.Feature
	}
	items := make([]item, 0, len(fc.Features))
	for _, raw := range fc.Features {
		f, err := geojson.UnmarshalFeature(raw)
		if err != nil {
			return nil, fmt.Errorf("read layer feature: %w", err)
		}
		items = append(items, item{fmt.Sprint(f.ID), raw, f})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].id < items[j].id })
	var buf bytes.Buffer
	buf.WriteString(`{"type":"FeatureCollection","meta":`)
	buf.Write(fc.Meta)
	buf.WriteString(`,"features":[`)
	for i, it := range items {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(it.raw)
		l.features = append(l.features, it.f)
	}
	buf.WriteString("]}")
	l.raw = buf.Bytes()
	return l, nil
}

// featureCollection marshals features as a FeatureCollection; orb writes properties with
// sorted keys, so the bytes depend only on the features.
func featureCollection(features []*geojson.Feature) ([]byte, error) {
	fc := geojson.NewFeatureCollection()
	fc.Features = append(fc.Features, features...)
	return json.Marshal(fc)
}

// num reads a numeric property; ok is false when it is missing or null.
func num(p geojson.Properties, key string) (float64, bool) {
	v, ok := p[key].(float64)
	return v, ok
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
