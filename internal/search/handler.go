package search

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/auth"
)

// Handler serves GET /api/v1/search.
type Handler struct {
	Store *Store
}

// Search answers ?q= with {"results": [...]}: cells, then places, then (record-level roles)
// street locations and LSOAs.
func (h *Handler) Search(c echo.Context) error {
	results, err := h.Store.Search(c.Request().Context(), c.QueryParam("q"), auth.RecordLevel(auth.CurrentUser(c).Role))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"results": results})
}
