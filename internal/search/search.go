// Package search answers the map's search box: registered places by name and H3 cells by id
// for every map reader; for record-level roles also the LSOAs and police.uk street locations
// ("On or near …") of the imported incidents. A user of some local areas finds only the
// places and records of those areas. Results carry a geometry and a bounding box to
// move the map to, never a count, so that the answer discloses nothing the map does not.
package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/text"
)

// Kinds of result.
const (
	KindPlace  = "place"
	KindStreet = "street"
	KindLSOA   = "lsoa"
	KindCell   = "cell"
)

// MaxQueryLen is the longest query, in characters; MinQueryLen the shortest.
const (
	MaxQueryLen = 100
	MinQueryLen = 2
)

// perKind is how many results of each kind are answered.
const perKind = 10

// Result is one thing found.
type Result struct {
	Kind    string            `json:"kind"`
	Label   string            `json:"label"`
	Detail  string            `json:"detail,omitempty"`
	PlaceID int64             `json:"place_id,omitempty"`
	Cell    string            `json:"cell,omitempty"`
	BBox    [4]float64        `json:"bbox"` // west, south, east, north
	Geom    *geojson.Geometry `json:"geometry"`
}

// Store searches the database.
type Store struct {
	Pool *pgxpool.Pool
}

// Search finds q. Record-level readers also search the incidents' LSOAs and street locations,
// and that reading of the records is audit-logged with the query and how many were found.
func (s *Store) Search(ctx context.Context, q string, recordLevel bool) ([]Result, error) {
	q = strings.TrimSpace(q)
	if err := text.Check(q, MaxQueryLen, false); err != nil {
		return nil, apperr.Errorf(apperr.Invalid, "q: must be one line of at most %d characters: it %s", MaxQueryLen, err)
	}
	if len([]rune(q)) < MinQueryLen {
		return nil, apperr.Errorf(apperr.Invalid, "q: give at least %d characters", MinQueryLen)
	}
	out := []Result{}
	if c, err := geo.ParseCell(q); err == nil {
		poly := geo.CellBoundary(c)
		out = append(out, Result{Kind: KindCell, Label: c.String(), Detail: fmt.Sprintf("resolution %d", c.Resolution()),
			Cell: c.String(), BBox: bbox(poly.Bound()), Geom: geojson.NewGeometry(poly)})
	}
	places, err := s.places(ctx, q)
	if err != nil {
		return nil, err
	}
	out = append(out, places...)
	if !recordLevel {
		return out, nil
	}
	records, err := s.records(ctx, q)
	if err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, s.Pool, "search.records", "incidents", map[string]any{"q": q}, int64(len(records))); err != nil {
		return nil, err
	}
	return append(out, records...), nil
}

var wildcards = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// like is q as an ILIKE pattern matching it anywhere, its wildcards taken literally; prefix
// matches it at the start.
func like(q string) string   { return "%" + wildcards.Replace(q) + "%" }
func prefix(q string) string { return wildcards.Replace(q) + "%" }

// places finds the places the request sees by name.
func (s *Store) places(ctx context.Context, q string) ([]Result, error) {
	seen, areas := area.ViewerFrom(ctx).FilterThrough("place_local_areas", "place_id", "places.id", 4)
	rows, err := s.Pool.Query(ctx, `SELECT id, name, kind, geojson FROM places WHERE name ILIKE $1 AND `+seen+`
		ORDER BY (lower(name) = lower($2)) DESC, length(name), name LIMIT $3`, like(q), q, perKind, areas)
	if err != nil {
		return nil, fmt.Errorf("search places: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Result, error) {
		var r Result
		var raw []byte
		if err := row.Scan(&r.PlaceID, &r.Label, &r.Detail, &raw); err != nil {
			return r, fmt.Errorf("search places: %w", err)
		}
		g, err := geojson.UnmarshalGeometry(raw)
		if err != nil {
			return r, fmt.Errorf("search places: place %d's geometry: %w", r.PlaceID, err)
		}
		r.Kind, r.Geom, r.BBox = KindPlace, g, bbox(g.Geometry().Bound())
		return r, nil
	})
}

// records finds street locations and LSOAs in the records of the local areas the request sees;
// each is answered as the box around those records.
func (s *Store) records(ctx context.Context, q string) ([]Result, error) {
	seen, areas := area.ViewerFrom(ctx).Filter("local_area_id", 4)
	rows, err := s.Pool.Query(ctx, `
		(SELECT 'street', location, coalesce(lsoa_name, ''), min(lng), min(lat), max(lng), max(lat)
		   FROM incidents WHERE location ILIKE $1 AND `+seen+` GROUP BY location, lsoa_name ORDER BY location, lsoa_name LIMIT $3)
		UNION ALL
		(SELECT 'lsoa', lsoa_code, coalesce(lsoa_name, ''), min(lng), min(lat), max(lng), max(lat)
		   FROM incidents WHERE (lsoa_code ILIKE $2 OR lsoa_name ILIKE $1) AND `+seen+` GROUP BY lsoa_code, lsoa_name ORDER BY lsoa_code LIMIT $3)`,
		like(q), prefix(q), perKind, areas)
	if err != nil {
		return nil, fmt.Errorf("search records: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Result, error) {
		var r Result
		var b orb.Bound
		if err := row.Scan(&r.Kind, &r.Label, &r.Detail, &b.Min[0], &b.Min[1], &b.Max[0], &b.Max[1]); err != nil {
			return r, fmt.Errorf("search records: %w", err)
		}
		if b.Min == b.Max { // one anonymised map point
			r.Geom = geojson.NewGeometry(b.Center())
		} else {
			r.Geom = geojson.NewGeometry(b.ToPolygon())
		}
		r.BBox = bbox(b)
		return r, nil
	})
}

func bbox(b orb.Bound) [4]float64 {
	return [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
}
