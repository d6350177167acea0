package inspection

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
)

// RecordNotification turns a preparation into the notified inspection ({"notified_on"},
// If-Match required) and answers it with its timetable.
func (h *Handler) RecordNotification(c echo.Context) error {
	return changeWith(c, h.Store.RecordNotification)
}

// Readiness answers the inspection's readiness by strand and by agency.
func (h *Handler) Readiness(c echo.Context) error { return answer(c, h.Store.Readiness) }

// Rounds answers the inspection's audit rounds, earliest first.
func (h *Handler) Rounds(c echo.Context) error {
	return listing(c, "audit_rounds", h.Store.Rounds, func([]*AuditRound) map[string]any { return map[string]any{"grades": Grades} })
}

// AddRound opens an audit round ({"title","period_from","period_to"}).
func (h *Handler) AddRound(c echo.Context) error { return h.rounds().Add(c) }

// Round answers one audit round.
func (h *Handler) Round(c echo.Context) error { return h.rounds().Get(c) }

// UpdateRound changes a round's title, learning or status (If-Match required).
func (h *Handler) UpdateRound(c echo.Context) error { return h.rounds().Update(c) }

// AddRoundCase adds a child's case to a round by pseudonymous reference ({"reference","agencies"}).
func (h *Handler) AddRoundCase(c echo.Context) error {
	ids, r, err := changePart(c, func(ctx context.Context, ids []int64, n NewRoundCase) (*AuditRound, error) {
		return h.Store.AddRoundCase(ctx, ids[0], ids[1], n)
	}, "round")
	if err != nil {
		return err
	}
	return api.Created(c, "/api/v1/inspections/"+itoa(ids[0])+"/audit-rounds/"+itoa(r.ID), r.Version, r)
}

// SetGrading records an agency's grading of its practice in a case
// ({"status","grade","strengths","learning"}).
func (h *Handler) SetGrading(c echo.Context) error {
	return setPart(c, func(ctx context.Context, ids []int64, u GradingUpdate) (*AuditRound, error) {
		return h.Store.SetGrading(ctx, ids[0], ids[1], ids[2], c.Param("agency"), u)
	}, "round", "case")
}

// rounds serves the audit rounds of an inspection.
func (h *Handler) rounds() routes[NewRound, RoundPatch, *AuditRound] {
	return routes[NewRound, RoundPatch, *AuditRound]{path: "audit-rounds", param: "round", decode: decodeJSON,
		add: h.Store.AddRound, get: h.Store.Round, update: h.Store.UpdateRound}
}
