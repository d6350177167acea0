package server

import (
	"context"
	"slices"
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
	{"/api/v1/consultations/:id", "consultation", `SELECT coalesce((SELECT array_agg(local_area_id) FROM consultation_areas WHERE consultation_id = c.id), '{}')
		FROM consultations c WHERE c.id = $1`},
	{"/api/v1/interventions/:id", "intervention", `SELECT coalesce((SELECT array_agg(local_area_id) FROM intervention_areas WHERE intervention_id = i.id), '{}')
		FROM interventions i WHERE i.id = $1`},
}

// areaAware are the routes that answer a user of some local areas with only what those areas
// hold, or that hold nothing of any area: exact paths, and subtrees ending in "/". Every other
// route reads the whole deployment (the imports) and is for users of the whole deployment only, so that a route is closed to a user of some areas until it is made to
// answer for their areas alone. An evidence pack and its export hold the inspected local area
// alone; the workbook of a table and the log of a dashboard export read nothing: they are made
// of what the dashboard was already answered for the user's areas.
var areaAware = []string{
	"/api/v1/openapi.json", "/api/v1/ui-config", "/api/v1/labels", "/api/v1/data-version",
	"/api/v1/auth/", "/api/v1/tokens", "/api/v1/tokens/", "/api/v1/users", "/api/v1/users/", "/api/v1/audit",
	"/api/v1/study-area", "/api/v1/local-areas", "/api/v1/local-areas/", basemapPrefix + "/",
	"/api/v1/frameworks", "/api/v1/frameworks/", "/api/v1/annex-a-templates/",
	"/api/v1/inspections", "/api/v1/inspections/",
	"/api/v1/places", "/api/v1/places/import", "/api/v1/places/:id",
	"/api/v1/interventions", "/api/v1/interventions/:id", "/api/v1/interventions/:id/submit",
	"/api/v1/interventions/:id/return", "/api/v1/interventions/:id/approve", "/api/v1/interventions/:id/reviews",
	"/api/v1/consultations", "/api/v1/consultations/:id",
	"/api/v1/cells", "/api/v1/cells/", "/api/v1/hotspots", "/api/v1/hotspots/", "/api/v1/tiles/", "/ogc", "/ogc/",
	"/api/v1/places/summary", "/api/v1/places/:id/profile", "/api/v1/places/:id/surveys",
	"/api/v1/interventions.geojson", "/api/v1/interventions/:id/evaluation", "/api/v1/interventions/:id/evaluation.svg",
	"/api/v1/evaluations", "/api/v1/search", "/api/v1/analyses", "/api/v1/analyses/",
	"/api/v1/exports/", "/api/v1/workbooks/table", "/api/v1/audit/exports",
}

// forAreas reports whether the route at path answers users of some local areas.
func forAreas(path string) bool {
	return slices.ContainsFunc(areaAware, func(p string) bool {
		return p == path || (strings.HasSuffix(p, "/") && strings.HasPrefix(path, p))
	})
}

// wholeDeploymentOnly refuses a user of some local areas, saying why the route at path is the
// whole deployment's.
func wholeDeploymentOnly(path string) echo.MiddlewareFunc {
	why := "it reads every local area"
	if path == "/api/v1/imports" || strings.HasPrefix(path, "/api/v1/imports/") {
		why = "an import spans every local area, each record landing in the area that contains it"
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !area.ViewerFrom(c.Request().Context()).All {
				// The detail names the header, so that a client which narrowed the request to one
				// area (the dashboard's area switcher) can say to choose every area instead.
				return apperr.WithDetails(apperr.Forbidden, "this is open to users of the whole deployment only: "+why,
					[]any{map[string]string{"field": area.Header, "reason": "the request views some local areas, not the whole deployment"}})
			}
			return next(c)
		}
	}
}

// areaGuard returns what keeps the route at path to a user's local areas: 403 for a route of
// the whole deployment, 404 for a record of another area, nothing for other routes.
func (s *Server) areaGuard(path string) echo.MiddlewareFunc {
	if !forAreas(path) {
		return wholeDeploymentOnly(path)
	}
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
