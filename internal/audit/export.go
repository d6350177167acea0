package audit

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/text"
)

// ExportKinds are the files the dashboard makes from what the map shows.
var ExportKinds = []string{"map_png", "table_csv", "table_xlsx", "map_print"}

// ExportEvent is the body of POST /api/v1/audit/exports: what the dashboard is about to export.
type ExportEvent struct {
	Kind  string `json:"kind"`
	Layer string `json:"layer"` // the API request the map's layer came from
	Rows  int64  `json:"rows"`
}

// RecordExport audit-logs an export the dashboard makes in the browser from data the API
// published to the user (action "map.export"), with the local areas the request viewed (what
// the map showed was theirs alone); the dashboard makes the file only once this
// has answered 204, so that every export is in the log.
func (h *Handler) RecordExport(c echo.Context) error {
	var e ExportEvent
	if err := api.Bind(c, &e); err != nil {
		return err
	}
	if !slices.Contains(ExportKinds, e.Kind) {
		return apperr.Errorf(apperr.Unprocessable, "kind %q: want one of %s", e.Kind, strings.Join(ExportKinds, ", "))
	}
	if err := text.Check(e.Layer, 2000, false); err != nil || e.Layer == "" {
		return apperr.Errorf(apperr.Unprocessable, "layer: the layer's request, one line of at most 2000 characters")
	}
	if e.Rows < 0 {
		return apperr.Errorf(apperr.Unprocessable, "rows: %d is negative", e.Rows)
	}
	ctx := c.Request().Context()
	params := map[string]any{"kind": e.Kind, "local_areas": Coverage(h.Areas(ctx))}
	if err := Record(ctx, h.Store.pool, "map.export", e.Layer, params, e.Rows); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// Coverage is how an export's entry records the local areas it covers (params "local_areas"):
// "all" for the whole deployment, or the ids of the areas, so that the log tells whose data
// left the service.
func Coverage(all bool, areas []int64) any {
	if all {
		return "all"
	}
	return slices.Sorted(slices.Values(areas))
}
