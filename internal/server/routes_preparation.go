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

	add(http.MethodGet, "/api/v1/inspections/:id/people", h.People, contributors, body)
	add(http.MethodPost, "/api/v1/inspections/:id/people", h.AddPerson, runners, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/people/:person", h.UpdatePerson, runners, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/people/:person", h.DeletePerson, runners, body)

	add(http.MethodGet, "/api/v1/inspections/:id/meetings", h.Meetings, contributors, body)
	add(http.MethodPost, "/api/v1/inspections/:id/meetings", h.AddMeeting, runners, body)
	add(http.MethodGet, "/api/v1/inspections/:id/meetings/:meeting", h.Meeting, contributors, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/meetings/:meeting", h.UpdateMeeting, runners, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/meetings/:meeting", h.DeleteMeeting, runners, body)

	add(http.MethodGet, "/api/v1/inspections/:id/fieldwork", h.Fieldwork, contributors, body)
	add(http.MethodPost, "/api/v1/inspections/:id/fieldwork/log", h.AddLogEntry, runners, body)
	add(http.MethodDelete, "/api/v1/inspections/:id/fieldwork/log/:entry", h.DeleteLogEntry, runners, body)

	add(http.MethodGet, "/api/v1/inspections/:id/accuracy-comments", h.AccuracyLog, contributors, body)
	add(http.MethodPost, "/api/v1/inspections/:id/accuracy-comments", h.AddComment, contributors, body)
	add(http.MethodPatch, "/api/v1/inspections/:id/accuracy-comments/:comment", h.UpdateComment, runners, body)
}
