package server

import (
	"net/http"

	"github.com/placesafe/placesafe/internal/inspection"
)

// preparationRoutes registers what a partnership does before and around its inspection: the
// JTAI lead (admin, analyst) records the notification, keeps the rolling practice audits
// (children's case references are record-level data), the people, the meetings with their
// decisions and actions, and the fieldwork log. Everyone who contributes sees readiness, the
// people, meetings and fieldwork schedule, and adds factual-accuracy comments; the JTAI lead
// agrees and submits them.
func (s *Server) preparationRoutes(h *inspection.Handler) {
	add := s.add
	body := s.cfg.MaxBodyBytes
	add(http.MethodPost, "/api/v1/inspections/:id/notification", h.RecordNotification, recordLevel, body)
	add(http.MethodGet, "/api/v1/inspections/:id/readiness", h.Readiness, partnership, body)

	add(http.MethodGet, "/api/v1/inspections/:id/audit-rounds", h.Rounds, recordLevel, body)
	add(http.MethodPost, "/api/v1/inspections/:id/audit-rounds", h.AddRound, recordLevel, body)
	add(http.MethodGet, "/api/v1/inspections/:id/audit-rounds/:round", h.Round, recordLevel, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/audit-rounds/:round", h.UpdateRound, recordLevel, body)
	add(http.MethodPost, "/api/v1/inspections/:id/audit-rounds/:round/cases", h.AddRoundCase, recordLevel, body)
	add(http.MethodPut, "/api/v1/inspections/:id/audit-rounds/:round/cases/:case/gradings/:agency", h.SetGrading, recordLevel, body)

	add(http.MethodGet, "/api/v1/inspections/:id/people", h.People, partnership, body)
	add(http.MethodPost, "/api/v1/inspections/:id/people", h.AddPerson, recordLevel, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/people/:person", h.UpdatePerson, recordLevel, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/people/:person", h.DeletePerson, recordLevel, body)

	add(http.MethodGet, "/api/v1/inspections/:id/meetings", h.Meetings, partnership, body)
	add(http.MethodPost, "/api/v1/inspections/:id/meetings", h.AddMeeting, recordLevel, body)
	add(http.MethodGet, "/api/v1/inspections/:id/meetings/:meeting", h.Meeting, partnership, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/meetings/:meeting", h.UpdateMeeting, recordLevel, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/meetings/:meeting", h.DeleteMeeting, recordLevel, body)

	add(http.MethodGet, "/api/v1/inspections/:id/fieldwork", h.Fieldwork, partnership, body)
	add(http.MethodPost, "/api/v1/inspections/:id/fieldwork/log", h.AddLogEntry, recordLevel, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/fieldwork/log/:entry", h.DeleteLogEntry, recordLevel, body)

	add(http.MethodGet, "/api/v1/inspections/:id/accuracy-comments", h.AccuracyLog, partnership, body)
	add(http.MethodPost, "/api/v1/inspections/:id/accuracy-comments", h.AddComment, partnership, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/accuracy-comments/:comment", h.UpdateComment, recordLevel, body)
}
