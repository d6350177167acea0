package inspection

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
)

// Fieldwork answers the fieldwork week's schedule and daily log.
func (h *Handler) Fieldwork(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	fw, err := h.Store.Fieldwork(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, fw)
}

// AddLogEntry adds an entry to the daily log ({"day","kind","text","lines"}).
func (h *Handler) AddLogEntry(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	var n NewLogEntry
	if err := decodeJSON(c, &n); err != nil {
		return err
	}
	e, err := h.Store.AddLogEntry(c.Request().Context(), id, n)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/inspections/"+itoa(id)+"/fieldwork")
	return c.JSON(http.StatusCreated, e)
}

// DeleteLogEntry removes an entry from the daily log.
func (h *Handler) DeleteLogEntry(c echo.Context) error {
	id, eid, err := pathIDs(c, "entry")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteLogEntry(c.Request().Context(), id, eid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// AccuracyLog answers the factual-accuracy comments with the DCS's deadline.
func (h *Handler) AccuracyLog(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	l, err := h.Store.AccuracyLog(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l)
}

// AddComment logs a comment on the draft letter ({"paragraph","agency","comment"}).
func (h *Handler) AddComment(c echo.Context) error {
	return addRecord(c, "accuracy-comments", decodeJSON, h.Store.AddComment)
}

// UpdateComment changes a comment's text, status or response (If-Match required).
func (h *Handler) UpdateComment(c echo.Context) error {
	return updateRecord(c, "comment", decodeJSON, h.Store.UpdateComment)
}
