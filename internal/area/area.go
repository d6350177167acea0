// Package area holds the study area: the one boundary (a WGS84 Polygon or MultiPolygon) inside
// which records are imported and analysed. Until one is set, the United Kingdom's bounding box
// stands in for it.
package area

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
)

// StudyArea is the stored boundary.
type StudyArea struct {
	Name      string
	Area      geo.Area
	UpdatedAt time.Time
}

// Store keeps the study area. Every map request, import and evaluation reads it, and it
// changes rarely: the parsed boundary is kept and read again only when its updated_at moves
// (in this process or another).
type Store struct {
	pool *pgxpool.Pool

	mu     sync.Mutex
	cached *StudyArea
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Get returns the study area, or nil when none is set. The result is shared: do not modify it.
func (s *Store) Get(ctx context.Context) (*StudyArea, error) {
	var updated time.Time
	err := s.pool.QueryRow(ctx, `SELECT updated_at FROM study_area WHERE id = 1`).Scan(&updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load study area: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cached != nil && s.cached.UpdatedAt.Equal(updated) {
		return s.cached, nil
	}
	var raw []byte
	sa := &StudyArea{}
	err = s.pool.QueryRow(ctx, `SELECT name, geojson, updated_at FROM study_area WHERE id = 1`).Scan(&sa.Name, &raw, &sa.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load study area: %w", err)
	}
	if sa.Area, err = geo.ParseBoundary(raw); err != nil {
		return nil, fmt.Errorf("stored study area no longer parses: %w", err)
	}
	s.cached = sa
	return sa, nil
}

// ImportArea returns the area imports check coordinates against: the study area, or the UK's
// bounding box when none is set.
func (s *Store) ImportArea(ctx context.Context) (geo.Area, error) {
	sa, err := s.Get(ctx)
	if err != nil {
		return geo.Area{}, err
	}
	if sa == nil {
		return geo.UKArea(), nil
	}
	return sa.Area, nil
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

// Set validates a GeoJSON boundary and stores it as the study area, audit-logged.
func (s *Store) Set(ctx context.Context, name string, data []byte) (*StudyArea, error) {
	a, err := geo.ParseBoundary(data)
	if err != nil {
		return nil, apperr.Errorf(apperr.Unprocessable, "study area boundary refused: %v", err)
	}
	if len(name) > 200 {
		return nil, apperr.Errorf(apperr.Invalid, "study area name is longer than 200 characters")
	}
	if err := checkSize(a); err != nil {
		return nil, err
	}
	// Store the normalised geometry, not the upload: one MultiPolygon, no foreign members.
	norm, err := json.Marshal(geojson.NewGeometry(a.MultiPolygon()))
	if err != nil {
		return nil, fmt.Errorf("encode study area: %w", err)
	}
	uid := audit.ActorFrom(ctx).UserID
	sa := &StudyArea{Name: name, Area: a}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var by any
		if uid != 0 {
			by = uid
		}
		if err := tx.QueryRow(ctx, `INSERT INTO study_area (id, name, geojson, updated_by) VALUES (1, $1, $2, $3)
			ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, geojson = EXCLUDED.geojson,
				updated_at = now(), updated_by = EXCLUDED.updated_by
			RETURNING updated_at`, name, norm, by).Scan(&sa.UpdatedAt); err != nil {
			return err
		}
		b := a.Bound()
		return audit.Record(ctx, tx, "study_area.set", "study-area", map[string]any{
			"name": name, "polygons": len(a.MultiPolygon()), "bbox": []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}, -1)
	})
	if err != nil {
		return nil, fmt.Errorf("set study area: %w", err)
	}
	return sa, nil
}

// Feature returns the study area as a GeoJSON Feature.
func (sa *StudyArea) Feature() *geojson.Feature {
	f := geojson.NewFeature(sa.Area.MultiPolygon())
	f.Properties["name"] = sa.Name
	f.Properties["updated_at"] = sa.UpdatedAt
	return f
}

// Handler serves the study area.
type Handler struct{ Store *Store }

// Get answers the study area as a GeoJSON Feature, or 404 when none is set.
func (h *Handler) Get(c echo.Context) error {
	sa, err := h.Store.Get(c.Request().Context())
	if err != nil {
		return err
	}
	if sa == nil {
		return apperr.Errorf(apperr.NotFound, "no study area is set; an admin sets one with PUT /api/v1/study-area or `placesafe area set FILE`")
	}
	return c.JSON(http.StatusOK, sa.Feature())
}

// Put replaces the study area with the GeoJSON in the body (?name= names it).
func (h *Handler) Put(c echo.Context) error {
	body, err := api.ReadBody(c)
	if err != nil {
		return err
	}
	sa, err := h.Store.Set(c.Request().Context(), c.QueryParam("name"), body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sa.Feature())
}
