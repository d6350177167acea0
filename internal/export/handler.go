package export

import (
	"bytes"
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/auth"
)

// Handler serves evidence pack exports.
type Handler struct{ Service *Service }

// Start begins a build of the inspection's evidence pack for the caller's role
// (POST /api/v1/inspections/{id}/evidence-pack): 202 with the export's id and a Location to poll.
// A body {"copy_for": "inspector", "shared_with": "…"} from an admin or analyst builds the copy
// to share instead.
func (h *Handler) Start(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	body, err := api.ReadBody(c)
	if err != nil {
		return err
	}
	var share *Share
	if len(bytes.TrimSpace(body)) > 0 {
		share = &Share{}
		if err := api.DecodeJSON(body, share); err != nil {
			return err
		}
	}
	j, err := h.Service.Start(c.Request().Context(), id, auth.CurrentUser(c), share)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, j.Resource())
	return c.JSON(http.StatusAccepted, j)
}

// Get answers an export's status and progress (GET /api/v1/exports/{id}).
func (h *Handler) Get(c echo.Context) error {
	j, err := api.WithID(c, "id", func(ctx context.Context, id int64) (*Job, error) {
		return h.Service.Get(ctx, id, auth.CurrentUser(c))
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}

// Download answers a done export's ZIP (GET /api/v1/exports/{id}/download), audit-logged;
// 409 while it runs or when it failed.
func (h *Handler) Download(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	j, content, err := h.Service.Content(c.Request().Context(), id, auth.CurrentUser(c))
	if err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentDisposition, `attachment; filename="`+j.Filename+`"`)
	hd.Set("X-Content-SHA256", j.SHA256)
	hd.Set(echo.HeaderContentLength, strconv.Itoa(len(content)))
	hd.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "application/zip", content)
}
