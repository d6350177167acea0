package inspection

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
)

// Findings answers the letter's findings with a count of each kind.
func (h *Handler) Findings(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	list, err := h.Store.Findings(c.Request().Context(), id)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, k := range FindingKinds {
		counts[k] = 0
	}
	for _, f := range list {
		counts[f.Kind]++
	}
	return c.JSON(http.StatusOK, map[string]any{"inspection_id": id, "findings": list, "counts": counts})
}

// AddFinding records a finding ({"kind","text","lines"}).
func (h *Handler) AddFinding(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	var n NewFinding
	if err := decodeJSON(c, &n); err != nil {
		return err
	}
	f, err := h.Store.AddFinding(c.Request().Context(), id, n)
	if err != nil {
		return err
	}
	return created(c, "/api/v1/inspections/"+itoa(id)+"/findings/"+itoa(f.ID), f.Version, f)
}

// UpdateFinding changes a finding (If-Match required).
func (h *Handler) UpdateFinding(c echo.Context) error {
	id, fid, err := pathIDs(c, "finding")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var p FindingPatch
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	f, err := h.Store.UpdateFinding(c.Request().Context(), id, fid, version, p)
	if err != nil {
		return err
	}
	withETag(c, f.Version)
	return c.JSON(http.StatusOK, f)
}

// DeleteFinding removes a finding.
func (h *Handler) DeleteFinding(c echo.Context) error {
	id, fid, err := pathIDs(c, "finding")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteFinding(c.Request().Context(), id, fid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ActionPlan answers the action plan with counts by status and of late actions.
func (h *Handler) ActionPlan(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	list, err := h.Store.ActionPlan(c.Request().Context(), id)
	if err != nil {
		return err
	}
	counts := map[string]int{"late": 0}
	for _, s := range ActionStatuses {
		counts[s] = 0
	}
	for _, a := range list {
		counts[a.Status]++
		if a.Late {
			counts["late"]++
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"inspection_id": id, "actions": list, "counts": counts})
}

// AddAction adds an action to the plan.
func (h *Handler) AddAction(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	var n NewAction
	if err := decodeJSON(c, &n); err != nil {
		return err
	}
	a, err := h.Store.AddAction(c.Request().Context(), id, n)
	if err != nil {
		return err
	}
	return created(c, "/api/v1/inspections/"+itoa(id)+"/action-plan/"+itoa(a.ID), a.Version, a)
}

// UpdateAction changes an action (If-Match required).
func (h *Handler) UpdateAction(c echo.Context) error {
	id, aid, err := pathIDs(c, "action")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var p ActionPatch
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	a, err := h.Store.UpdateAction(c.Request().Context(), id, aid, version, p)
	if err != nil {
		return err
	}
	withETag(c, a.Version)
	return c.JSON(http.StatusOK, a)
}

// DeleteAction removes an action from the plan.
func (h *Handler) DeleteAction(c echo.Context) error {
	id, aid, err := pathIDs(c, "action")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteAction(c.Request().Context(), id, aid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
