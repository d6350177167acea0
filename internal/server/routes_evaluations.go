package server

import (
	"net/http"

	"github.com/placesafe/placesafe/internal/evaluation"
)

// evaluationRoutes registers outcome evaluations and the survey measures beside them.
// Everyone who reads interventions may read their evaluation (small counts suppressed below
// record-level access); ad hoc evaluations are for map readers; surveys are recorded by
// analysts.
func (s *Server) evaluationRoutes() {
	h := &evaluation.Handler{Service: s.Evaluation, Audit: s.db.Pool}
	s.Evaluation.Areas = s.Area.ImportRegions
	body := s.cfg.MaxBodyBytes
	s.add(http.MethodPost, "/api/v1/evaluations", h.Create, partnership, body)
	s.add(http.MethodGet, "/api/v1/interventions/:id/evaluation", h.Intervention, everyRole, body)
	s.add(http.MethodGet, "/api/v1/interventions/:id/evaluation.svg", h.InterventionSVG, everyRole, body)
	s.add(http.MethodGet, "/api/v1/places/:id/surveys", h.ListSurveys, everyRole, body)
	s.add(http.MethodPost, "/api/v1/places/:id/surveys", h.AddSurvey, recordLevel, body)
}
