package ingest

import (
	"fmt"
	"net/http"
	"os"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
)

// Handler serves the import API.
type Handler struct {
	Service *Service
	// SpoolDir holds uploads of wait=false imports until the background run reads them; the
	// service owns it (CleanSpool empties it on start).
	SpoolDir string
}

// Create imports the request body: 201 with the report when wait is true (the default), or
// 202 at once with the import id when wait=false.
func (h *Handler) Create(c echo.Context) error {
	o := Options{Kind: c.QueryParam("kind"), Format: c.QueryParam("format"), Scope: c.QueryParam("scope"),
		Filename: c.QueryParam("filename")}
	if o.Format == "" {
		o.Format = FormatPlacesafe
	}
	wait := true
	if v := c.QueryParam("wait"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return apperr.Errorf(apperr.Invalid, "wait %q: want true or false", v)
		}
		wait = b
	}
	if err := o.Validate(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if wait {
		id, err := h.Service.Create(ctx, &o)
		if err != nil {
			return err
		}
		rep, err := h.Service.Run(ctx, id, o, c.Request().Body)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, rep)
	}
	path, err := spoolUpload(h.SpoolDir, c.Request().Body)
	if err != nil {
		return err
	}
	id, err := h.Service.Create(ctx, &o)
	if err != nil {
		os.Remove(path) // the spool directory is the service's own: a file left there is harmless
		return err
	}
	h.Service.RunInBackground(ctx, id, o, path)
	c.Response().Header().Set(echo.HeaderLocation, fmt.Sprintf("/api/v1/imports/%d", id))
	return c.JSON(http.StatusAccepted, map[string]any{"import_id": id, "status": StatusRunning})
}

// Get reports one import.
func (h *Handler) Get(c echo.Context) error {
	r, err := api.WithID(c, "id", h.Service.Get)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

// List lists imports, newest first (?kind=&status=&limit=&offset=).
func (h *Handler) List(c echo.Context) error {
	var f Filter
	f.Kind = api.Optional(c, "kind")
	f.Status = api.Optional(c, "status")
	page, err := api.Paging(c)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = page.Limit, page.Offset
	list, total, err := h.Service.List(c.Request().Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*Report{}
	}
	return c.JSON(http.StatusOK, api.List("imports", list, total, api.Page{Limit: f.Limit, Offset: f.Offset}))
}

// Delete withdraws an import.
func (h *Handler) Delete(c echo.Context) error {
	r, err := api.WithID(c, "id", h.Service.Withdraw)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}
