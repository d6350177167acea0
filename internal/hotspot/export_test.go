package hotspot

import (
	"context"

	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/disclosure"
)

// ParentInSQL evaluates cellcount.ParentSQL in PostgreSQL, for the tests.
func (s *Service) ParentInSQL(ctx context.Context, cell int64, res int, out *int64) error {
	return s.pool.QueryRow(ctx, "SELECT "+cellcount.ParentSQL("$1::bigint", res), cell).Scan(out)
}

// CountAll counts the incidents, for the tests.
func (s *Service) CountAll(ctx context.Context, out *int64) error {
	return s.pool.QueryRow(ctx, "SELECT count(*) FROM incidents").Scan(out)
}

// RecordsOnly is a copy of the service whose analyses all read the records, without a cache.
func (s *Service) RecordsOnly() *Service {
	c := *s
	c.recordsOnly, c.cache = true, newAggCache(DefaultAggregateCache)
	return &c
}

// AggregateUncached is the aggregate of f as viewer v sees it, without the cache.
func (s *Service) AggregateUncached(ctx context.Context, f Filter, v disclosure.Viewer) (*Aggregate, error) {
	agg, _, err := s.aggregate(ctx, f, v)
	return agg, err
}

// SetPace slows the cell index's scans (see cellcount.Index.Pace).
func (s *Service) SetPace(f func(context.Context)) { s.index.Pace = f }

// AggregateScoped is the aggregate of f for viewer v and the request ctx (its local areas), as
// the map routes resolve it, without the cache.
func (s *Service) AggregateScoped(ctx context.Context, f Filter, v disclosure.Viewer) (*Aggregate, error) {
	f, err := s.scoped(ctx, f, v)
	if err != nil {
		return nil, err
	}
	agg, _, err := s.aggregate(ctx, f, v)
	return agg, err
}
