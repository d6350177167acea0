package server

import (
	"context"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
)

// owned are the resources that belong to local areas and are named by id in a path, with the
// SQL that reads the local areas of record $1 (no row: there is no such record). Every route
// under one of these paths answers 404 to a user who sees none of the record's areas, as it
// does for a record that does not exist, before its handler runs: a route added under these
// paths is guarded without a word in its handler.
var owned = []struct {
	prefix, noun, areas string
}{
	{"/api/v1/inspections/:id", "inspection", `SELECT array_remove(ARRAY[local_area_id], NULL) FROM inspections WHERE id = $1`},
	{"/api/v1/places/:id", "place", `SELECT coalesce((SELECT array_agg(local_area_id) FROM place_local_areas WHERE place_id = p.id), '{}')
		FROM places p WHERE p.id = $1`},
	{"/api/v1/interventions/:id", "intervention", `SELECT coalesce((SELECT array_agg(local_area_id) FROM intervention_areas WHERE intervention_id = i.id), '{}')
		FROM interventions i WHERE i.id = $1`},
}

// areaGuard returns the guard of the route at path, or nil when the path names no owned record.
func (s *Server) areaGuard(path string) echo.MiddlewareFunc {
	for _, o := range owned {
		if path != o.prefix && !strings.HasPrefix(path, o.prefix+"/") {
			continue
		}
		return func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				ctx := c.Request().Context()
				v := area.ViewerFrom(ctx)
				if v.All {
					return next(c)
				}
				id, err := strconv.ParseInt(c.Param("id"), 10, 64)
				if err != nil {
					return next(c) // the handler refuses a malformed id
				}
				if ok, err := s.sees(ctx, v, o.areas, id); err != nil || !ok {
					if err != nil {
						return err
					}
					return apperr.Errorf(apperr.NotFound, "no %s %d", o.noun, id)
				}
				return next(c)
			}
		}
	}
	return nil
}

// sees reports whether v sees record id, whose local areas query reads.
func (s *Server) sees(ctx context.Context, v area.Viewer, query string, id int64) (bool, error) {
	var areas []int64
	rows, err := s.db.Pool.Query(ctx, query, id)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	if err := rows.Scan(&areas); err != nil {
		return false, err
	}
	return v.SeesAny(areas), rows.Err()
}
