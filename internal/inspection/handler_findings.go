package inspection

import (
	"slices"

	"github.com/labstack/echo/v4"
)

// Findings answers the letter's findings with a count of each kind.
func (h *Handler) Findings(c echo.Context) error {
	return listing(c, "findings", h.Store.Findings, func(list []*Finding) map[string]any {
		return map[string]any{"counts": countBy(list, FindingKinds, func(f *Finding) string { return f.Kind })}
	})
}

// AddFinding records a finding ({"kind","text","lines"}).
func (h *Handler) AddFinding(c echo.Context) error {
	return addRecord(c, "findings", decodeJSON, h.Store.AddFinding)
}

// UpdateFinding changes a finding (If-Match required).
func (h *Handler) UpdateFinding(c echo.Context) error {
	return updateRecord(c, "finding", decodeJSON, h.Store.UpdateFinding)
}

// DeleteFinding removes a finding.
func (h *Handler) DeleteFinding(c echo.Context) error {
	return deleteRecord(c, "finding", h.Store.DeleteFinding)
}

// ActionPlan answers the action plan with counts by status and of late actions.
func (h *Handler) ActionPlan(c echo.Context) error {
	return listing(c, "actions", h.Store.ActionPlan, func(list []*Action) map[string]any {
		counts := countBy(list, ActionStatuses, func(a *Action) string { return a.Status })
		counts["late"] = len(slices.DeleteFunc(slices.Clone(list), func(a *Action) bool { return !a.Late }))
		return map[string]any{"counts": counts}
	})
}

// AddAction adds an action to the plan.
func (h *Handler) AddAction(c echo.Context) error {
	return addRecord(c, "action-plan", decodeJSON, h.Store.AddAction)
}

// UpdateAction changes an action (If-Match required).
func (h *Handler) UpdateAction(c echo.Context) error {
	return updateRecord(c, "action", decodeJSON, h.Store.UpdateAction)
}

// DeleteAction removes an action from the plan.
func (h *Handler) DeleteAction(c echo.Context) error {
	return deleteRecord(c, "action", h.Store.DeleteAction)
}
