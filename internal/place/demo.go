package place

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/demo"
)

// CreateDemo registers the demo borough's places (demo.Borough.Places) in one transaction,
// audit-logged, and returns their ids in order. A place whose name is already registered is
// left alone, so that loading the demo twice adds nothing.
func (s *Service) CreateDemo(ctx context.Context, places []demo.Place) ([]int64, error) {
	var todo []*Place
	var covers []*covering
	for _, d := range places {
		p := &Place{Kind: string(d.Kind), Name: d.Name, Geometry: d.Geometry, BufferMetres: d.BufferMetres,
			Source: "demo", Notes: "fictional place of the demo borough"}
		if err := p.check(buffered(p.Geometry) && p.BufferMetres != 0); err != nil {
			return nil, fmt.Errorf("demo place %q: %w", d.Name, err)
		}
		cv, err := coverPlace(p)
		if err != nil {
			return nil, fmt.Errorf("demo place %q: %w", d.Name, err)
		}
		todo, covers = append(todo, p), append(covers, cv)
	}
	var ids []int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for i, p := range todo {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM places WHERE name = $1)`, p.Name).Scan(&exists); err != nil {
				return err
			}
			if exists {
				continue
			}
			if err := insert(ctx, tx, p, covers[i]); err != nil {
				return fmt.Errorf("demo place %q: %w", p.Name, err)
			}
			ids = append(ids, p.ID)
		}
		return audit.Record(ctx, tx, "place.import", "places", map[string]any{"source": "demo", "places": ids}, int64(len(ids)))
	})
	if err != nil {
		return nil, fmt.Errorf("register demo places: %w", err)
	}
	return ids, nil
}
