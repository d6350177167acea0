package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/analysis"
	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/ogc"
)

// ogcRoutes registers OGC API – Features at /ogc. Each fixed collection has routes of its own,
// with the roles of the /api/v1 route it mirrors (hot spots and cells for the map's readers);
// saved analyses are collections "analysis-{id}", read as GET /api/v1/analyses/{id}/result is.
// Clients authenticate as on the API: a bearer token in the Authorization header.
func (s *Server) ogcRoutes() {
	mapReaders := partnership.roles
	fixed := s.ogcCollections(mapReaders)
	h := &ogc.Handler{Title: "placesafe", Extent: s.studyAreaBound,
		Description: "Hot spots, cells, places, interventions, the study area and saved analyses, with the disclosure protection of the caller's role.",
		Collections: func(ctx context.Context, role string) ([]*ogc.Collection, error) {
			var out []*ogc.Collection
			for _, c := range fixed {
				if c.roles == nil || slices.Contains(c.roles, role) {
					out = append(out, c.Collection)
				}
			}
			list, err := api.ReadAll(func(p api.Page) ([]*analysis.Analysis, int, error) {
				return s.Analyses.List(ctx, analysis.Filter{Limit: p.Limit, Offset: p.Offset}, role)
			})
			if err != nil {
				return nil, err
			}
			for _, a := range list {
				if !a.Withheld(role) { // its items would be refused: not a collection for this role
					out = append(out, s.analysisCollection(a))
				}
			}
			return out, nil
		}}
	body := s.cfg.MaxBodyBytes
	get := func(path string, h echo.HandlerFunc, a access) { s.add(http.MethodGet, ogc.Base+path, h, a, body) }

	get("", h.Landing, signedIn)
	get("/conformance", h.ConformanceClasses, signedIn)
	get("/api", h.API, signedIn)
	get("/collections", h.List, signedIn)
	for _, c := range fixed {
		a := signedIn
		if c.roles != nil {
			a = only(c.roles...)
		}
		p := "/collections/" + c.ID
		get(p, h.Collection(c.Collection), a)
		get(p+"/items", h.Items(c.Collection), a)
		get(p+"/items/:featureId", h.Item(c.Collection), a)
	}
	saved := func(serve func(*ogc.Collection) echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			col, err := s.savedAnalysisCollection(c)
			if err != nil {
				return err
			}
			return serve(col)(c)
		}
	}
	get("/collections/:collectionId", saved(h.Collection), signedIn)
	get("/collections/:collectionId/items", saved(h.Items), signedIn)
	get("/collections/:collectionId/items/:featureId", saved(h.Item), signedIn)
}

// savedAnalysisCollection finds the saved analysis a collection id names, as the caller may
// read it (analysis.Service.Get refuses an analysis kept for record-level roles, or saved under
// an earlier disclosure rule, to the others).
func (s *Server) savedAnalysisCollection(c echo.Context) (*ogc.Collection, error) {
	raw := c.Param("collectionId")
	id, err := strconv.ParseInt(strings.TrimPrefix(raw, analysisPrefix), 10, 64)
	if !strings.HasPrefix(raw, analysisPrefix) || err != nil || id <= 0 {
		return nil, apperr.Errorf(apperr.NotFound, "no collection %q", raw)
	}
	a, err := s.Analyses.Get(c.Request().Context(), id, auth.CurrentUser(c).Role)
	if err != nil {
		return nil, err
	}
	col := s.analysisCollection(a)
	// Get has checked the role and logged the view; its result serves this request.
	col.Load = func(context.Context, ogc.Request) (*ogc.Features, error) { return cellFeatures(a.Result) }
	return col, nil
}
