package intervention

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/internal/area"
)

// FeatureCollection returns the interventions as GeoJSON: one Feature each, whose geometry is
// a GeometryCollection of its places' geometries as the register holds them (polygons, and
// the centre lines of streets, whose buffer_metres the place list gives), and whose properties
// are the intervention's fields with its places' ids, names and kinds. An intervention is
// drawn at the places the request sees: one of two local areas is drawn to a user of one of
// them at its places there.
func (s *Store) FeatureCollection(ctx context.Context, list []*Intervention) (*geojson.FeatureCollection, error) {
	ids := make([]int64, len(list))
	for i, it := range list {
		ids[i] = it.ID
	}
	places, err := s.placesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	if err := s.keepSeenPlaces(ctx, places); err != nil {
		return nil, err
	}
	fc := geojson.NewFeatureCollection()
	for _, it := range list {
		var geoms orb.Collection
		described := []map[string]any{}
		for _, p := range places[it.ID] {
			_, g, err := parseShape(p.Raw, p.BufferMetres)
			if err != nil {
				return nil, fmt.Errorf("intervention %d, place %d: %w", it.ID, p.ID, err)
			}
			geoms = append(geoms, g)
			described = append(described, map[string]any{"id": p.ID, "name": p.Name, "kind": p.Kind, "buffer_metres": p.BufferMetres})
		}
		f := &geojson.Feature{Type: "Feature", ID: it.ID, Properties: geojson.Properties{}}
		if len(geoms) > 0 {
			f.Geometry = geoms
		}
		props, err := properties(it)
		if err != nil {
			return nil, err
		}
		for k, v := range props {
			f.Properties[k] = v
		}
		f.Properties["place_details"] = described
		fc.Append(f)
	}
	return fc, nil
}

// keepSeenPlaces drops from places those of local areas the request does not see.
func (s *Store) keepSeenPlaces(ctx context.Context, places map[int64][]placeRow) error {
	v := area.ViewerFrom(ctx)
	if v.All {
		return nil
	}
	var ids []int64
	for _, ps := range places {
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
	}
	seen, areas := v.FilterThrough("place_local_areas", "place_id", "places.id", 2)
	rows, err := s.pool.Query(ctx, `SELECT id FROM places WHERE id = ANY($1) AND `+seen, ids, areas)
	if err != nil {
		return fmt.Errorf("places of interventions seen: %w", err)
	}
	visible, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("places of interventions seen: %w", err)
	}
	for id, ps := range places {
		places[id] = slices.DeleteFunc(ps, func(p placeRow) bool { return !slices.Contains(visible, p.ID) })
	}
	return nil
}

// properties returns the intervention's JSON fields as a map.
func properties(it *Intervention) (map[string]any, error) {
	b, err := json.Marshal(it)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // keep the cost's two decimal places
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}
