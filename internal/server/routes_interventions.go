package server

// interventionRoutes registers the routes of interventions, consultations, saved analyses and
// the VRP review.
func (s *Server) interventionRoutes() {
}
