package area

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
)

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

// Put replaces the study area with the GeoJSON in the body (?name= names it), answering it
// with what the new boundary moved, as a change of a local area is answered.
func (h *Handler) Put(c echo.Context) error {
	body, err := api.ReadBody(c)
	if err != nil {
		return err
	}
	sa, pl, err := h.Store.Set(c.Request().Context(), c.QueryParam("name"), body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, pl.with(sa.Feature()))
}

// Locals lists the local areas the user sees (without their boundaries).
func (h *Handler) Locals(c echo.Context) error {
	locals, err := h.Store.Locals(c.Request().Context())
	if err != nil {
		return err
	}
	v := ViewerFrom(c.Request().Context())
	seen := []*LocalArea{}
	for _, l := range locals {
		if v.Sees(l.ID) {
			seen = append(seen, l)
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"local_areas": seen})
}

// Local answers one local area as a GeoJSON Feature, its version as the ETag.
func (h *Handler) Local(c echo.Context) error {
	l, err := api.WithID(c, "id", func(ctx context.Context, id int64) (*LocalArea, error) {
		if !ViewerFrom(ctx).Sees(id) {
			return nil, notFound(id)
		}
		return h.Store.Local(ctx, id)
	})
	if err != nil {
		return err
	}
	return api.JSONVersion(c, http.StatusOK, l.Version, l.Feature())
}

// AddLocal adds a local area.
func (h *Handler) AddLocal(c echo.Context) error {
	var n NewLocalArea
	if err := api.Bind(c, &n); err != nil {
		return err
	}
	l, pl, err := h.Store.AddLocal(c.Request().Context(), n)
	if err != nil {
		return err
	}
	return api.Created(c, "/api/v1/"+localResource(l.ID), l.Version, pl.with(l.Feature()))
}

// ChangeLocal changes a local area (If-Match: its version).
func (h *Handler) ChangeLocal(c echo.Context) error {
	id, version, err := api.Versioned(c, "id")
	if err != nil {
		return err
	}
	var p LocalAreaPatch
	if err := api.Bind(c, &p); err != nil {
		return err
	}
	l, pl, err := h.Store.ChangeLocal(c.Request().Context(), id, version, p)
	if err != nil {
		return err
	}
	return api.JSONVersion(c, http.StatusOK, l.Version, pl.with(l.Feature()))
}

// DeleteLocal removes a local area and answers what the placement of its records and places
// among the others did.
func (h *Handler) DeleteLocal(c echo.Context) error {
	pl, err := api.WithID(c, "id", h.Store.DeleteLocal)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, pl)
}

// Feature returns the local area as a GeoJSON Feature.
func (l *LocalArea) Feature() *geojson.Feature {
	f := geojson.NewFeature(l.Area.MultiPolygon())
	f.ID = l.ID
	f.Properties["name"] = l.Name
	f.Properties["ons_code"] = l.ONSCode
	f.Properties["version"] = l.Version
	f.Properties["updated_at"] = l.UpdatedAt
	return f
}

// with adds what the placement did to a local area's Feature, as its members moved, outside
// and note; a change that placed nothing adds nothing.
func (pl *Placement) with(f *geojson.Feature) *geojson.Feature {
	if pl == nil {
		return f
	}
	f.ExtraMembers = geojson.Properties{"moved": pl.Moved, "outside": pl.Outside}
	if pl.Note != "" {
		f.ExtraMembers["note"] = pl.Note
	}
	return f
}
