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
func (h *Handler) AddFinding(c echo.Context) error { return h.findings().Add(c) }

// UpdateFinding changes a finding (If-Match required).
func (h *Handler) UpdateFinding(c echo.Context) error { return h.findings().Update(c) }

// DeleteFinding removes a finding.
func (h *Handler) DeleteFinding(c echo.Context) error { return h.findings().Delete(c) }

// ActionPlan answers the action plan with counts by status and of late actions.
func (h *Handler) ActionPlan(c echo.Context) error {
	return listing(c, "actions", h.Store.ActionPlan, func(list []*Action) map[string]any {
		counts := countBy(list, ActionStatuses, func(a *Action) string { return a.Status })
		counts["late"] = len(slices.DeleteFunc(slices.Clone(list), func(a *Action) bool { return !a.Late }))
		return map[string]any{"counts": counts}
	})
}

// AddAction adds an action to the plan.
func (h *Handler) AddAction(c echo.Context) error { return h.actions().Add(c) }

// UpdateAction changes an action (If-Match required).
func (h *Handler) UpdateAction(c echo.Context) error { return h.actions().Update(c) }

// DeleteAction removes an action from the plan.
func (h *Handler) DeleteAction(c echo.Context) error { return h.actions().Delete(c) }

// findings serves the findings of an inspection's letter.
func (h *Handler) findings() routes[NewFinding, FindingPatch, *Finding] {
	return routes[NewFinding, FindingPatch, *Finding]{path: "findings", param: "finding", decode: decodeJSON,
		add: h.Store.AddFinding, update: h.Store.UpdateFinding, remove: h.Store.DeleteFinding}
}

// actions serves the actions of an inspection's plan.
func (h *Handler) actions() routes[NewAction, ActionPatch, *Action] {
	return routes[NewAction, ActionPatch, *Action]{path: "action-plan", param: "action", decode: decodeJSON,
		add: h.Store.AddAction, update: h.Store.UpdateAction, remove: h.Store.DeleteAction}
}
