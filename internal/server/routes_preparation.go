package server

import (
	"net/http"

	"github.com/placesafe/placesafe/internal/inspection"
)

// preparationRoutes registers what a partnership does before and around its inspection: the
// JTAI lead (admin, analyst) records the notification and keeps the rolling practice audits
// (children's case references are record-level data); everyone who contributes sees readiness.
func (s *Server) preparationRoutes(h *inspection.Handler, runners, contributors, readers access) {
	add := s.add
	body := s.cfg.MaxBodyBytes
	add(http.MethodPost, "/api/v1/inspections/:id/notification", h.RecordNotification, runners, body)
	add(http.MethodGet, "/api/v1/inspections/:id/readiness", h.Readiness, contributors, body)

	add(http.MethodGet, "/api/v1/inspections/:id/audit-rounds", h.Rounds, runners, body)
	add(http.MethodPost, "/api/v1/inspections/:id/audit-rounds", h.AddRound, runners, body)
	add(http.MethodGet, "/api/v1/inspections/:id/audit-rounds/:round", h.Round, runners, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/audit-rounds/:round", h.UpdateRound, runners, body)
	add(http.MethodPost, "/api/v1/inspections/:id/audit-rounds/:round/cases", h.AddRoundCase, runners, body)
	add(http.MethodPut, "/api/v1/inspections/:id/audit-rounds/:round/cases/:case/gradings/:agency", h.SetGrading, runners, body)
}
