package inspection

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Template answers a framework's Annex A template.
func (h *Handler) Template(c echo.Context) error {
	t, err := h.Store.Template(c.Request().Context(), c.Param("framework"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

// SetTemplate replaces a framework's Annex A template ({"items":[…]}); inspections created
// afterwards copy it.
func (h *Handler) SetTemplate(c echo.Context) error {
	framework := c.Param("framework")
	var body struct {
		Items []TemplateItem `json:"items"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	t, err := h.Store.SetTemplate(c.Request().Context(), framework, body.Items)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

// AnnexA answers an inspection's Annex A checklist with progress by agency.
func (h *Handler) AnnexA(c echo.Context) error { return answer(c, h.Store.AnnexA) }

// UpdateAnnexAItem changes an item's status, note, owner or evidence links (If-Match required).
func (h *Handler) UpdateAnnexAItem(c echo.Context) error {
	return changeWith(c, func(ctx context.Context, id int64, version int, p AnnexAPatch) (*AnnexAItem, error) {
		return h.Store.UpdateAnnexAItem(ctx, id, c.Param("item"), version, role(c), p)
	})
}

// AddExceptional adds an exceptional-circumstances request with its own due date
// ({"title","description","necessity","owner_agency","due_on"}).
func (h *Handler) AddExceptional(c echo.Context) error {
	return addTo(c, decodeJSON, h.Store.AddExceptional, func(it *AnnexAItem) string { return "/annex-a/" + it.Key })
}

// RunDryRun checks the checklist's completeness and records the result
// ({"assumed_notified_on"} optional).
func (h *Handler) RunDryRun(c echo.Context) error {
	return addTo(c, decodeJSON, h.Store.RunDryRun, func(*DryRun) string { return "/annex-a/dry-runs" })
}

// DryRuns answers the recorded dry runs, newest first.
func (h *Handler) DryRuns(c echo.Context) error { return listing(c, "dry_runs", h.Store.DryRuns, nil) }
