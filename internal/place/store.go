package place

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/versioned"
)

// Service keeps the places register and profiles places.
type Service struct {
	pool     *pgxpool.Pool
	hotspots *hotspot.Service
	indexes  indexCache
	// Areas gives the deployment's local areas, which places are placed in (nil: none).
	Areas func(context.Context) (geo.Regions, error)
}

// NewService returns a Service; hotspots gives profiles the Gi* status of a place's cells and
// the disclosure policy.
func NewService(pool *pgxpool.Pool, hotspots *hotspot.Service) *Service {
	return &Service{pool: pool, hotspots: hotspots}
}

const placeColumns = `id, kind, name, geojson, buffer_metres, owner, notes, source, osm_id, version, created_by, created_at, updated_at,
	coalesce((SELECT array_agg(local_area_id ORDER BY local_area_id) FROM place_local_areas WHERE place_id = places.id), '{}')`

func scanPlace(row pgx.Row, extra ...any) (*Place, error) {
	p := &Place{}
	var raw []byte
	dst := append([]any{&p.ID, &p.Kind, &p.Name, &raw, &p.BufferMetres, &p.Owner, &p.Notes, &p.Source, &p.OSMID,
		&p.Version, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt, &p.LocalAreas}, extra...)
	if err := row.Scan(dst...); err != nil {
		return nil, err
	}
	g, err := geo.ParseShape(raw, "")
	if err != nil {
		return nil, fmt.Errorf("stored geometry of place %d no longer parses: %w", p.ID, err)
	}
	p.Geometry = g
	return p, nil
}

// covering is a place's cells at each resolution MinRes..MaxRes; nil at the resolutions too
// fine for a large place.
type covering [MaxRes - MinRes + 1][]h3.Cell

// coverPlace computes the covering of p.
func coverPlace(p *Place) (*covering, error) {
	return regionOf(p.Geometry, p.BufferMetres).coverAll()
}

// writeCells replaces the place's rows in place_cells.
func writeCells(ctx context.Context, tx pgx.Tx, id int64, cv *covering) error {
	if _, err := tx.Exec(ctx, `DELETE FROM place_cells WHERE place_id = $1`, id); err != nil {
		return err
	}
	var rows [][]any
	for i, cells := range cv {
		for _, c := range cells {
			rows = append(rows, []any{id, int16(MinRes + i), int64(c)})
		}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"place_cells"}, []string{"place_id", "res", "h3_cell"}, pgx.CopyFromRows(rows))
	return err
}

// insert adds p, its covering and its local areas of regions in tx, setting p's id, version
// and times.
func (s *Service) insert(ctx context.Context, tx pgx.Tx, p *Place, cv *covering, regions geo.Regions) error {
	g, err := json.Marshal(geojson.NewGeometry(p.Geometry))
	if err != nil {
		return err
	}
	if err := tx.QueryRow(ctx, `INSERT INTO places (kind, name, geojson, buffer_metres, owner, notes, source, osm_id, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, version, created_by, created_at, updated_at`,
		p.Kind, p.Name, g, p.BufferMetres, p.Owner, p.Notes, p.Source, p.OSMID, versioned.Actor(ctx)).
		Scan(&p.ID, &p.Version, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return err
	}
	if err := s.writeAreas(ctx, tx, p, regions); err != nil {
		return err
	}
	return writeCells(ctx, tx, p.ID, cv)
}

// describe gives the place as audit-log parameters.
func (p *Place) describe() map[string]any {
	return map[string]any{"kind": p.Kind, "name": p.Name, "geometry": p.Geometry.GeoJSONType(),
		"buffer_metres": p.BufferMetres, "source": p.Source, "osm_id": p.OSMID}
}

// Create validates p, stores it with its covering and audit-logs it, in one transaction.
func (s *Service) Create(ctx context.Context, p *Place) error {
	if err := p.check(p.BufferMetres != 0); err != nil {
		return unprocessable("%v", err)
	}
	cv, err := coverPlace(p)
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		regions, err := s.regions(ctx, tx)
		if err != nil {
			return err
		}
		if err := s.insert(ctx, tx, p, cv, regions); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "place.create", fmt.Sprintf("places/%d", p.ID), p.describe(), 1)
	})
	if err != nil {
		return fmt.Errorf("create place %q: %w", p.Name, err)
	}
	return nil
}

// Get returns place id.
func (s *Service) Get(ctx context.Context, id int64) (*Place, error) {
	return placeRecord.Get(ctx, s.pool, id, false)
}

// Filter narrows List; nil fields do not filter.
type Filter struct {
	Kind   *string
	Q      *string // the name contains it, ignoring case
	Sort   string  // name (default), -name, created_at, -created_at or kind
	Limit  int
	Offset int
}

// Sorts are the orders List takes.
var sorts = map[string]string{
	"":            "lower(name), id",
	"name":        "lower(name), id",
	"-name":       "lower(name) DESC, id DESC",
	"created_at":  "created_at, id",
	"-created_at": "created_at DESC, id DESC",
	"kind":        "kind, lower(name), id",
}

// SortNames lists the values of Filter.Sort.
var SortNames = []string{"name", "-name", "created_at", "-created_at", "kind"}

// List returns a page of places and the total that match f.
func (s *Service) List(ctx context.Context, f Filter) ([]*Place, int, error) {
	order, ok := sorts[f.Sort]
	if !ok {
		return nil, 0, apperr.Errorf(apperr.Invalid, "sort %q: want one of %s", f.Sort, strings.Join(SortNames, ", "))
	}
	f.Limit = api.Limit(f.Limit)
	seen, areas := area.ViewerFrom(ctx).FilterThrough("place_local_areas", "place_id", "places.id", 5)
	rows, err := s.pool.Query(ctx, `SELECT `+placeColumns+`, COUNT(*) OVER () FROM places
		WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR strpos(lower(name), lower($2)) > 0) AND `+seen+`
		ORDER BY `+order+` LIMIT $3 OFFSET $4`, f.Kind, f.Q, f.Limit, f.Offset, areas)
	if err != nil {
		return nil, 0, fmt.Errorf("list places: %w", err)
	}
	total := 0
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*Place, error) {
		return scanPlace(r, &total)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list places: %w", err)
	}
	if len(out) == 0 && f.Offset > 0 { // the window is past the end: say how many there are
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM places WHERE ($1::text IS NULL OR kind = $1)
			AND ($2::text IS NULL OR strpos(lower(name), lower($2)) > 0) AND `+strings.ReplaceAll(seen, "$5", "$3"), f.Kind, f.Q, areas).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count places: %w", err)
		}
	}
	return out, total, nil
}

// placeRecord reads and locks places with the versioned-record kit.
var placeRecord = versioned.Record[*Place]{Name: "place", Select: `SELECT ` + placeColumns + ` FROM places WHERE id = $1`,
	Scan: scanPlace, Version: func(p *Place) int { return p.Version }}

// Update applies patch to place id if it is still at version, recomputing its covering when
// the geometry or buffer changes, and bumps the version; audit-logged.
func (s *Service) Update(ctx context.Context, id int64, version int, patch *Patch) (*Place, error) {
	var newGeom orb.Geometry
	if len(patch.Geometry) > 0 {
		g, err := geo.ParseShape(patch.Geometry, "geometry")
		if err != nil {
			return nil, geometryError(err, "")
		}
		newGeom = g
	}
	var out *Place
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The local areas are held before the place, as a redraw of them holds them before
		// it writes the places' areas.
		regions, err := s.regions(ctx, tx)
		if err != nil {
			return err
		}
		p, err := placeRecord.Lock(ctx, tx, id, version)
		if err != nil {
			return err
		}
		oldGeom, oldBuffer := p.Geometry, p.BufferMetres
		p.apply(patch.Fields)
		if newGeom != nil {
			p.Geometry = newGeom
		}
		keep := patch.BufferMetres == nil && buffered(oldGeom) && buffered(p.Geometry)
		if err := p.check(patch.BufferMetres != nil || keep); err != nil {
			return unprocessable("%v", err)
		}
		if newGeom != nil || p.BufferMetres != oldBuffer {
			cv, err := coverPlace(p)
			if err != nil {
				return err
			}
			if err := writeCells(ctx, tx, id, cv); err != nil {
				return err
			}
			if err := s.writeAreas(ctx, tx, p, regions); err != nil {
				return err
			}
		}
		g, err := json.Marshal(geojson.NewGeometry(p.Geometry))
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `UPDATE places SET kind = $2, name = $3, geojson = $4, buffer_metres = $5, owner = $6,
			notes = $7, source = $8, osm_id = $9, version = version + 1, updated_at = now()
			WHERE id = $1 RETURNING version, updated_at`, id, p.Kind, p.Name, g, p.BufferMetres, p.Owner, p.Notes, p.Source, p.OSMID).
			Scan(&p.Version, &p.UpdatedAt); err != nil {
			return err
		}
		params := p.describe()
		params["from_version"], params["geometry_changed"] = version, newGeom != nil
		out = p
		return audit.Record(ctx, tx, "place.update", fmt.Sprintf("places/%d", id), params, 1)
	})
	if err != nil {
		return nil, fmt.Errorf("update place %d: %w", id, err)
	}
	return out, nil
}

// Delete removes place id if it is still at version and no intervention or consultation is
// linked to it (unlink them first: the evidence trail must not lose a place silently);
// audit-logged.
func (s *Service) Delete(ctx context.Context, id int64, version int) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := placeRecord.Lock(ctx, tx, id, version)
		if err != nil {
			return err
		}
		var interventions, consultations []int64
		if err := tx.QueryRow(ctx, `SELECT
			coalesce((SELECT array_agg(intervention_id ORDER BY intervention_id) FROM intervention_places WHERE place_id = $1), '{}'),
			coalesce((SELECT array_agg(consultation_id ORDER BY consultation_id) FROM consultation_places WHERE place_id = $1), '{}')`, id).
			Scan(&interventions, &consultations); err != nil {
			return err
		}
		if len(interventions)+len(consultations) > 0 {
			return apperr.Errorf(apperr.Conflict, "place %d is linked to interventions %v and consultations %v; unlink it from them first",
				id, interventions, consultations)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM places WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "place.delete", fmt.Sprintf("places/%d", id), p.describe(), 1)
	})
	if err != nil {
		return fmt.Errorf("delete place %d: %w", id, err)
	}
	return nil
}

// RegisterVersion names the register as it is now: it changes when a place is added, changed
// or removed (map tiles of places use it as their ETag).
func (s *Service) RegisterVersion(ctx context.Context) (string, error) {
	var n, versions int64
	var latest *time.Time
	if err := s.pool.QueryRow(ctx, `SELECT count(*), coalesce(sum(version), 0), max(updated_at) FROM places`).Scan(&n, &versions, &latest); err != nil {
		return "", fmt.Errorf("places register version: %w", err)
	}
	v := fmt.Sprintf("places/%d/%d", n, versions)
	if latest != nil {
		v += "/" + latest.UTC().Format(time.RFC3339Nano)
	}
	return v, nil
}
