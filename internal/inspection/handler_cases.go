package inspection

import (
	"context"

	"github.com/labstack/echo/v4"
)

// CaseSample answers an inspection's case sample with its audits.
func (h *Handler) CaseSample(c echo.Context) error { return answer(c, h.Store.CaseSample) }

// AddChild adds a child to the case sample by pseudonymous reference.
func (h *Handler) AddChild(c echo.Context) error { return h.children().Add(c) }

// UpdateChild changes a child's age, agencies or selection for audit (If-Match required).
func (h *Handler) UpdateChild(c echo.Context) error { return h.children().Update(c) }

// DeleteChild removes a child from the case sample.
func (h *Handler) DeleteChild(c echo.Context) error { return h.children().Delete(c) }

// SetAudit records one agency's audit of a selected child ({"status","findings"}).
func (h *Handler) SetAudit(c echo.Context) error {
	return setPart(c, func(ctx context.Context, ids []int64, u AuditUpdate) (*Child, error) {
		return h.Store.SetAudit(ctx, ids[0], ids[1], c.Param("agency"), u)
	}, "child")
}

// children serves the children of an inspection's case sample.
func (h *Handler) children() routes[NewChild, ChildPatch, *Child] {
	return routes[NewChild, ChildPatch, *Child]{path: "case-sample", param: "child", decode: decodeJSON,
		add: h.Store.AddChild, update: h.Store.UpdateChild, remove: h.Store.DeleteChild}
}
