package server

import (
	"net/http"

	"github.com/placesafe/placesafe/internal/analysis"
	"github.com/placesafe/placesafe/internal/consultation"
	"github.com/placesafe/placesafe/internal/intervention"
)

// interventionRoutes registers the routes of interventions, consultations, saved analyses and
// the VRP review.
func (s *Server) interventionRoutes() {
	ivH := &intervention.Handler{Store: s.Interventions, Policy: s.Policy}
	consH := &consultation.Handler{Store: s.Consultations, Policy: s.Policy}
	anH := &analysis.Handler{Service: s.Analyses}
	add := s.add
	body := s.cfg.MaxBodyBytes
	// Everyone reads interventions, consultations and the intelligence behind them: the
	// inspectors' questions are about exactly these. Authors (admin, analyst, partner) write
	// interventions; reviewers (admin, vrp_lead) approve or return them.
	authors := only(intervention.Authors...)
	reviewers := only(intervention.Reviewers...)
	// Consultations are recorded by whoever ran or heard them (partnership), the VRP included.

	// Interventions and their VRP review.
	add(http.MethodGet, "/api/v1/interventions", ivH.List, signedIn, body)
	add(http.MethodGet, "/api/v1/interventions.geojson", ivH.GeoJSON, signedIn, body)
	add(http.MethodPost, "/api/v1/interventions", ivH.Create, authors, body)
	add(http.MethodGet, "/api/v1/interventions/:id", ivH.Get, signedIn, body)
	add(http.MethodPatch, "/api/v1/interventions/:id", ivH.Update, authors, body)
	add(http.MethodPost, "/api/v1/interventions/:id/submit", ivH.Submit, authors, body)
	add(http.MethodPost, "/api/v1/interventions/:id/return", ivH.Return, reviewers, body)
	add(http.MethodPost, "/api/v1/interventions/:id/approve", ivH.Approve, reviewers, body)
	add(http.MethodGet, "/api/v1/interventions/:id/reviews", ivH.Reviews, signedIn, body)

	// Consultation and engagement.
	add(http.MethodGet, "/api/v1/consultations", consH.List, signedIn, body)
	add(http.MethodPost, "/api/v1/consultations", consH.Create, partnership, body)
	add(http.MethodGet, "/api/v1/consultations/:id", consH.Get, signedIn, body)
	add(http.MethodPatch, "/api/v1/consultations/:id", consH.Update, partnership, body)
	add(http.MethodDelete, "/api/v1/consultations/:id", consH.Delete, partnership, body)

	// Saved analyses: the intelligence behind decisions.
	add(http.MethodGet, "/api/v1/analyses", anH.List, signedIn, body)
	add(http.MethodPost, "/api/v1/analyses", anH.Create, recordLevel, body)
	add(http.MethodGet, "/api/v1/analyses/:id", anH.Get, signedIn, body)
	add(http.MethodGet, "/api/v1/analyses/:id/result", anH.Result, signedIn, body)
	// The data the map shows now, named on exported maps: import ids, no counts.
	add(http.MethodGet, "/api/v1/data-version", anH.DataVersion, partnership, body)
}
