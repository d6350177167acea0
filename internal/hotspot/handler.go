package hotspot

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/auth"
)

// DefaultRes is the resolution of a map when none is asked for (cells of about 0.1 km²).
const DefaultRes = 9

// Handler serves the cell, hot spot and emerging hot spot layers, and one cell's detail.
type Handler struct {
	*Layers
}

func (h *Handler) serve(c echo.Context, layer string) error {
	b, err := h.GeoJSON(c.Request().Context(), layer, c.QueryParams(), auth.CurrentUser(c).Role)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/geo+json", b)
}

// Cells answers the aggregated layer as a GeoJSON FeatureCollection of hexagons.
func (h *Handler) Cells(c echo.Context) error { return h.serve(c, LayerCells) }

// Hotspots answers Getis–Ord Gi* per cell as a GeoJSON FeatureCollection.
func (h *Handler) Hotspots(c echo.Context) error { return h.serve(c, LayerHotspots) }

// Emerging answers the emerging hot spot category per cell as a GeoJSON FeatureCollection.
func (h *Handler) Emerging(c echo.Context) error { return h.serve(c, LayerEmerging) }

// Cell answers one cell's monthly series and breakdowns.
func (h *Handler) Cell(c echo.Context) error {
	cell, err := geo.ParseCell(c.Param("cell"))
	if err != nil {
		return apperr.Errorf(apperr.Invalid, "cell %q is not an H3 cell index", c.Param("cell"))
	}
	if r := cell.Resolution(); r < MinRes || r > MaxRes {
		return apperr.Errorf(apperr.Invalid, "cell %s has resolution %d; analysis resolutions are %d to %d", cell, r, MinRes, MaxRes)
	}
	q := c.QueryParams()
	q.Set("res", itoa(cell.Resolution()))
	f, v, err := h.Service.filterFor(q, auth.CurrentUser(c).Role)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := h.Service.Cell(ctx, cell, f, v)
	if err != nil {
		return err
	}
	var n int64
	if d.Total.N != nil && !v.Protected() {
		n = *d.Total.N
	}
	p := auditParams(ctx, f)
	p["cell"] = d.Cell
	if err := audit.Record(ctx, h.Audit, "cell.view", "cells/"+d.Cell, p, n); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}
