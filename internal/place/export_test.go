package place

import "github.com/jackc/pgx/v5/pgxpool"

// Pool exposes the service's database to the tests.
func (s *Service) Pool() *pgxpool.Pool { return s.pool }
