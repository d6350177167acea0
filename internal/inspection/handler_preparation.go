package inspection

import (
	"net/http"

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
func (h *Handler) AddRound(c echo.Context) error {
	return addRecord(c, "audit-rounds", decodeJSON, h.Store.AddRound)
}

// Round answers one audit round.
func (h *Handler) Round(c echo.Context) error { return getRecord(c, "round", h.Store.Round) }

// UpdateRound changes a round's title, learning or status (If-Match required).
func (h *Handler) UpdateRound(c echo.Context) error {
	return updateRecord(c, "round", decodeJSON, h.Store.UpdateRound)
}

// AddRoundCase adds a child's case to a round by pseudonymous reference ({"reference","agencies"}).
func (h *Handler) AddRoundCase(c echo.Context) error {
	id, r, err := changePart(c, "round", h.Store.AddRoundCase)
	if err != nil {
		return err
	}
	return api.Created(c, "/api/v1/inspections/"+itoa(id)+"/audit-rounds/"+itoa(r.ID), r.Version, r)
}

// SetGrading records an agency's grading of its practice in a case
// ({"status","grade","strengths","learning"}).
func (h *Handler) SetGrading(c echo.Context) error {
	id, rid, err := pathIDs(c, "round")
	if err != nil {
		return err
	}
	cid, err := api.PathID(c, "case")
	if err != nil {
		return err
	}
	var u GradingUpdate
	if err := decodeJSON(c, &u); err != nil {
		return err
	}
	r, err := h.Store.SetGrading(c.Request().Context(), id, rid, cid, c.Param("agency"), u)
	if err != nil {
		return err
	}
	return answerRecord(c, http.StatusOK, r)
}
