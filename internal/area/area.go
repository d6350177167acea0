// Package area holds the deployment's local areas (the local authorities a partnership or a
// Violence Reduction Unit serves, each a WGS84 Polygon or MultiPolygon) and the study area they
// make together, inside which records are imported and analysed. Until one is set, the United
// Kingdom's bounding box stands in for the study area.
package area

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
)

// StudyArea is the union of the local areas.
type StudyArea struct {
	Name      string
	Area      geo.Area
	UpdatedAt time.Time
	// Locals are the local areas in id order.
	Locals []*LocalArea
}

// Regions returns the local areas as regions of geo, for locating points.
func (sa *StudyArea) Regions() geo.Regions {
	rs := make(geo.Regions, len(sa.Locals))
	for i, l := range sa.Locals {
		rs[i] = geo.Region{ID: l.ID, Area: l.Area}
	}
	return rs
}

// Store keeps the local areas. Every map request, import and evaluation reads them, and they
// change rarely: the parsed boundaries are kept and read again only when the table changes
// (in this process or another).
type Store struct {
	pool *pgxpool.Pool

	mu     sync.Mutex
	key    string
	cached *StudyArea
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Get returns the study area, or nil when no local area is set. The result is shared: do not
// modify it.
func (s *Store) Get(ctx context.Context) (*StudyArea, error) {
	// Any insert, change or deletion moves one of these.
	var key string
	err := s.pool.QueryRow(ctx, `SELECT count(*) || '/' || coalesce(max(id), 0) || '/' || coalesce(max(updated_at)::text, '') || '/' || coalesce(sum(version), 0)
		FROM local_areas`).Scan(&key)
	if err != nil {
		return nil, fmt.Errorf("load study area: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.key == key {
		return s.cached, nil
	}
	locals, err := load(ctx, s.pool)
	if err != nil {
		return nil, err
	}
	s.key, s.cached = key, nil
	if len(locals) > 0 {
		s.cached = union(locals)
	}
	return s.cached, nil
}

// union makes the study area of locals.
func union(locals []*LocalArea) *StudyArea {
	sa := &StudyArea{Locals: locals}
	names := make([]string, len(locals))
	for i, l := range locals {
		names[i] = l.Name
		if l.UpdatedAt.After(sa.UpdatedAt) {
			sa.UpdatedAt = l.UpdatedAt
		}
	}
	sa.Name = strings.Join(names, ", ")
	sa.Area = sa.Regions().Union()
	return sa
}

// ImportRegions returns the local areas imports place records in, or none when no local area
// is set (records are then checked against the UK's bounding box and belong to no area).
func (s *Store) ImportRegions(ctx context.Context) (geo.Regions, error) {
	sa, err := s.Get(ctx)
	if err != nil || sa == nil {
		return nil, err
	}
	return sa.Regions(), nil
}

// Bounds on a study area: every map request covers it with cells and every import tests points
// against it, so its corners and its extent bound the work of both. The largest English
// county is about 8,000 km²; an Ordnance Survey boundary of a London borough has a few
// thousand corners.
const (
	MaxVertices = 200_000
	MaxAreaKM2  = 10_000
)

// checkSize refuses a boundary beyond MaxVertices or MaxAreaKM2.
func checkSize(a geo.Area) error {
	n := 0
	for _, p := range a.MultiPolygon() {
		for _, r := range p {
			n += len(r)
		}
	}
	if n > MaxVertices {
		return apperr.Errorf(apperr.Invalid, "the study area boundary has %d corners, more than the limit of %d: simplify it", n, MaxVertices)
	}
	if km2 := geo.AreaM2(a.MultiPolygon()) / 1e6; km2 > MaxAreaKM2 {
		return apperr.Errorf(apperr.Invalid, "the study area covers %.0f km², more than the limit of %d km²", km2, MaxAreaKM2)
	}
	return nil
}

// Set validates a GeoJSON boundary and stores it as the study area of a deployment of one local
// area: the first boundary set makes the local area, a later one replaces it. A deployment of
// several local areas changes each on its own (ChangeLocal). The placement says what the new
// boundary moved in or out of the area (nil when a rename leaves the boundary as it was).
func (s *Store) Set(ctx context.Context, name string, data []byte) (*StudyArea, *Placement, error) {
	sa, err := s.Get(ctx)
	if err != nil {
		return nil, nil, err
	}
	var rename *string
	if name != "" {
		rename = &name
	}
	var pl *Placement
	switch {
	case sa == nil:
		if name == "" {
			name = "Study area"
		}
		_, pl, err = s.AddLocal(ctx, NewLocalArea{Name: name, Boundary: data})
	case len(sa.Locals) == 1:
		l := sa.Locals[0]
		_, pl, err = s.ChangeLocal(ctx, l.ID, l.Version, LocalAreaPatch{Name: rename, Boundary: data})
	default:
		return nil, nil, apperr.Errorf(apperr.Conflict, "the deployment has %d local areas: change one with PUT /api/v1/local-areas/{id}", len(sa.Locals))
	}
	if err != nil {
		return nil, nil, err
	}
	sa, err = s.Get(ctx)
	return sa, pl, err
}

// Feature returns the study area as a GeoJSON Feature.
func (sa *StudyArea) Feature() *geojson.Feature {
	f := geojson.NewFeature(sa.Area.MultiPolygon())
	f.Properties["name"] = sa.Name
	f.Properties["updated_at"] = sa.UpdatedAt
	ids := make([]int64, len(sa.Locals))
	for i, l := range sa.Locals {
		ids[i] = l.ID
	}
	f.Properties["local_areas"] = ids
	return f
}
