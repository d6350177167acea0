package analysis

import (
	"context"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/auth"
)

// Handler serves the saved analyses API.
type Handler struct{ Service *Service }

// Create runs and saves the analysis in the body: 201 with the saved analysis and its result.
func (h *Handler) Create(c echo.Context) error {
	var in Input
	if err := api.Bind(c, &in); err != nil {
		return err
	}
	a, err := h.Service.Save(c.Request().Context(), in, auth.CurrentUser(c).Role)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, fmt.Sprintf("/api/v1/analyses/%d", a.ID))
	return c.JSON(http.StatusCreated, a)
}

// List answers saved analyses newest first, without results (?kind=&limit=&offset=).
func (h *Handler) List(c echo.Context) error {
	var f Filter
	if v := c.QueryParam("kind"); v != "" {
		if _, ok := paramNames[v]; !ok {
			return apperr.Errorf(apperr.Invalid, "kind %q: want hotspots or emerging", v)
		}
		f.Kind = &v
	}
	page, err := api.Paging(c)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = page.Limit, page.Offset
	list, total, err := h.Service.List(c.Request().Context(), f, auth.CurrentUser(c).Role)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.List("analyses", list, total, api.Page{Limit: f.Limit, Offset: f.Offset}))
}

// Get answers one saved analysis with its result as stored.
func (h *Handler) Get(c echo.Context) error {
	a, err := h.get(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

// Result answers only the stored GeoJSON of a saved analysis.
func (h *Handler) Result(c echo.Context) error {
	a, err := h.get(c)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/geo+json", a.Result)
}

func (h *Handler) get(c echo.Context) (*Analysis, error) {
	return api.WithID(c, "id", func(ctx context.Context, id int64) (*Analysis, error) {
		return h.Service.Get(ctx, id, auth.CurrentUser(c).Role)
	})
}

// DataVersion answers the data the map shows now (?kind=incidents|activity, default
// incidents): import ids and the study area's last change, no counts.
func (h *Handler) DataVersion(c echo.Context) error {
	kind := c.QueryParam("kind")
	if kind == "" {
		kind = "incidents"
	}
	dv, err := h.Service.DataVersion(c.Request().Context(), kind)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dv)
}
