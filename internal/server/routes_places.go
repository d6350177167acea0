package server

// placeRoutes registers the places register's routes.
func (s *Server) placeRoutes() {
}
