package hotspot

import "context"

// ParentInSQL evaluates parentSQL in PostgreSQL, for the tests.
func (s *Service) ParentInSQL(ctx context.Context, cell int64, res int, out *int64) error {
	return s.pool.QueryRow(ctx, "SELECT "+parentSQL("$1::bigint", res), cell).Scan(out)
}

// CountAll counts the incidents, for the tests.
func (s *Service) CountAll(ctx context.Context, out *int64) error {
	return s.pool.QueryRow(ctx, "SELECT count(*) FROM incidents").Scan(out)
}
