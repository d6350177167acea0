package place

import "github.com/jackc/pgx/v5/pgxpool"

// Pool exposes the service's database to the tests.
func (s *Service) Pool() *pgxpool.Pool { return s.pool }

// Indexed reports whether linkage of place id last went through a polygon index.
func (s *Service) Indexed(id int64) bool {
	s.indexes.mu.Lock()
	defer s.indexes.mu.Unlock()
	_, ok := s.indexes.entries[id]
	return ok
}
