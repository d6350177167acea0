package place

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/audit"
)

// RegisterNew registers the places whose names are not yet in the register, in one
// transaction audit-logged as one import from source, and returns the ids of those it added,
// in order: registering the same places twice adds nothing.
func (s *Service) RegisterNew(ctx context.Context, places []*Place, source string) ([]int64, error) {
	var todo []*Place
	var covers []*covering
	for _, p := range places {
		if err := p.check(buffered(p.Geometry) && p.BufferMetres != 0); err != nil {
			return nil, fmt.Errorf("place %q: %w", p.Name, err)
		}
		cv, err := coverPlace(p)
		if err != nil {
			return nil, fmt.Errorf("place %q: %w", p.Name, err)
		}
		todo, covers = append(todo, p), append(covers, cv)
	}
	var ids []int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		regions, err := s.regions(ctx, tx)
		if err != nil {
			return err
		}
		for i, p := range todo {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM places WHERE name = $1)`, p.Name).Scan(&exists); err != nil {
				return err
			}
			if exists {
				continue
			}
			if err := s.insert(ctx, tx, p, covers[i], regions); err != nil {
				return fmt.Errorf("place %q: %w", p.Name, err)
			}
			ids = append(ids, p.ID)
		}
		return audit.Record(ctx, tx, "place.import", "places", map[string]any{"source": source, "places": ids}, int64(len(ids)))
	})
	if err != nil {
		return nil, fmt.Errorf("register %s places: %w", source, err)
	}
	return ids, nil
}
