package area

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// AtomColumn returns the SQL expression that names the local area of a record's disclosure
// atom: its local_area_id (0 for none) where the deployment has several local areas, so that a
// place or target astride a boundary publishes one atom per side and narrowing a request to
// one area takes away whole published atoms; and 0 where it has one or none, so that the
// atoms of a single-area deployment are unchanged.
func AtomColumn(ctx context.Context, pool *pgxpool.Pool) (string, error) {
	var several bool
	if err := pool.QueryRow(ctx, `SELECT count(*) > 1 FROM local_areas`).Scan(&several); err != nil {
		return "", fmt.Errorf("count local areas: %w", err)
	}
	if several {
		return "coalesce(local_area_id, 0)", nil
	}
	return "0::bigint", nil
}
