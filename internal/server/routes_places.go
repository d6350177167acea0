package server

import (
	"net/http"

	"github.com/placesafe/placesafe/internal/place"
)

// placeRoutes registers the places register's routes. Every signed-in role reads the register
// (inspectors included: where interventions happen is evidence); admins and analysts change
// it; a place's profile carries incident counts, so it goes to the map's readers, with
// suppressed counts for roles without record-level access.
func (s *Server) placeRoutes() {
	h := &place.Handler{Service: s.Places}
	body := s.cfg.MaxBodyBytes

	s.add(http.MethodGet, "/api/v1/places", h.List, signedIn, body)
	s.add(http.MethodPost, "/api/v1/places", h.Create, recordLevel, body)
	s.add(http.MethodPost, "/api/v1/places/import", h.Import, recordLevel, s.cfg.MaxUploadBytes)
	s.add(http.MethodGet, "/api/v1/places/:id", h.Get, signedIn, body)
	s.add(http.MethodPatch, "/api/v1/places/:id", h.Update, recordLevel, body)
	s.add(http.MethodDelete, "/api/v1/places/:id", h.Delete, recordLevel, body)
	s.add(http.MethodGet, "/api/v1/places/:id/profile", h.Profile, partnership, body)
	s.add(http.MethodGet, "/api/v1/places/summary", h.Summary, partnership, body)
	// The local areas the user sees, side by side over a period (the VRU comparison).
	s.add(http.MethodGet, "/api/v1/local-areas/comparison", h.Compare, partnership, body)
}
