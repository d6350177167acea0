package server

import (
	"net/http"

	"github.com/placesafe/placesafe/internal/export"
)

// PackBuilder builds evidence packs from the server's own role-aware services; the CLI uses
// it too.
func (s *Server) PackBuilder() *export.Builder {
	return &export.Builder{Services: export.Services{Pool: s.db.Pool, Layers: s.Layers, Places: s.Places,
		Interventions: s.Interventions, Consultations: s.Consultations, Analyses: s.Analyses, Evaluation: s.Evaluation,
		Inspections: s.Inspections, Area: s.Area, Imports: s.Imports, Policy: s.Policy}}
}

// exportRoutes registers the evidence pack routes. Everyone who reads an inspection may build
// its pack, for their own role: roles below record-level access (the inspector among them)
// get suppressed counts in every file. A pack holds the inspected local area alone, whoever
// asks. An export is read and downloaded by its requester (or an admin) while they view every
// local area it covers; the service says "not found" to anyone else.
func (s *Server) exportRoutes() {
	h := &export.Handler{Service: s.Exports}
	body := s.cfg.MaxBodyBytes
	s.add(http.MethodPost, "/api/v1/inspections/:id/evidence-pack", h.Start, everyRole, body)
	s.add(http.MethodGet, "/api/v1/exports/:id", h.Get, everyRole, body)
	s.addDownload("/api/v1/exports/:id/download", h.Download, everyRole)
}
