package inspection

import (
	"github.com/labstack/echo/v4"
)

// Findings answers the letter's findings with a count of each kind.
func (h *Handler) Findings(c echo.Context) error {
	return listing(c, "findings", h.Store.Findings, func(list []*Finding) map[string]any {
		counts := map[string]int{}
		for _, k := range FindingKinds {
			counts[k] = 0
		}
		for _, f := range list {
			counts[f.Kind]++
		}
		return map[string]any{"counts": counts}
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
