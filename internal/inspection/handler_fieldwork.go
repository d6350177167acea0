package inspection

import (
	"github.com/labstack/echo/v4"
)

// Fieldwork answers the fieldwork week's schedule and daily log.
func (h *Handler) Fieldwork(c echo.Context) error { return answer(c, h.Store.Fieldwork) }

// AddLogEntry adds an entry to the daily log ({"day","kind","text","lines"}).
func (h *Handler) AddLogEntry(c echo.Context) error {
	return addTo(c, decodeJSON, h.Store.AddLogEntry, func(*LogEntry) string { return "/fieldwork" })
}

// DeleteLogEntry removes an entry from the daily log.
func (h *Handler) DeleteLogEntry(c echo.Context) error {
	return deleteRecord(c, "entry", h.Store.DeleteLogEntry)
}

// AccuracyLog answers the factual-accuracy comments with the DCS's deadline.
func (h *Handler) AccuracyLog(c echo.Context) error { return answer(c, h.Store.AccuracyLog) }

// AddComment logs a comment on the draft letter ({"paragraph","agency","comment"}).
func (h *Handler) AddComment(c echo.Context) error { return h.comments().Add(c) }

// UpdateComment changes a comment's text, status or response (If-Match required).
func (h *Handler) UpdateComment(c echo.Context) error { return h.comments().Update(c) }

// comments serves the factual-accuracy comments of an inspection.
func (h *Handler) comments() routes[AccuracyInput, AccuracyInput, *AccuracyComment] {
	return routes[AccuracyInput, AccuracyInput, *AccuracyComment]{path: "accuracy-comments", param: "comment", decode: decodeJSON,
		add: h.Store.AddComment, update: h.Store.UpdateComment}
}
