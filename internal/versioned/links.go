package versioned

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/area"
)

// Link is one link table of a record: rows (Owner, Target) in Table tie the record to the
// records of another table, which Targets names.
type Link struct {
	Field   string // the input field that lists the ids, named in refusals
	Table   string // the link table, such as intervention_places
	Owner   string // its column holding the record's id
	Target  string // its column holding a linked id
	Targets string // the table the linked ids belong to
	// AreasOf, when set, names the table and column ("place_local_areas.place_id") that give
	// the local areas of a linked record: a user of some local areas may link only records of
	// theirs, and any other is refused as missing, as if it did not exist.
	AreasOf string
}

// Missing adds to r, under l's field, every one of ids that l's target table lacks.
func (l Link) Missing(ctx context.Context, q Querier, r *api.Refusal, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	visible, args := "true", []any{ids}
	if table, owner, ok := strings.Cut(l.AreasOf, "."); ok {
		var areas any
		visible, areas = area.ViewerFrom(ctx).FilterThrough(table, owner, "x", 2)
		args = append(args, areas)
	}
	rows, err := q.Query(ctx, `SELECT x FROM unnest($1::bigint[]) AS x WHERE x > 0
		AND NOT (EXISTS (SELECT 1 FROM `+l.Targets+` WHERE id = x) AND `+visible+`) ORDER BY x`, args...)
	if err != nil {
		return fmt.Errorf("look up %s: %w", l.Targets, err)
	}
	absent, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("look up %s: %w", l.Targets, err)
	}
	for _, id := range absent {
		r.Add(l.Field, "%d does not exist", id)
	}
	return nil
}

// Replace makes ids the record's links in l, removing any others.
func (l Link) Replace(ctx context.Context, tx Querier, id int64, ids []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM `+l.Table+` WHERE `+l.Owner+` = $1`, id); err != nil {
		return fmt.Errorf("unlink %s: %w", l.Field, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO `+l.Table+` (`+l.Owner+`, `+l.Target+`) SELECT $1, unnest($2::bigint[])`,
		id, NonNil(ids)); err != nil {
		return fmt.Errorf("link %s: %w", l.Field, err)
	}
	return nil
}

// NonNil returns s, or an empty slice when s is nil: a nil slice is sent as NULL, not '{}'.
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Links are a record's link tables.
type Links []Link

// Missing adds to r every id that its target table lacks, lists[i] being the ids of the i-th
// link.
func (ls Links) Missing(ctx context.Context, q Querier, r *api.Refusal, lists ...[]int64) error {
	for i, ids := range lists {
		if err := ls[i].Missing(ctx, q, r, ids); err != nil {
			return err
		}
	}
	return nil
}

// Replace makes lists[i] the record's links in the i-th link table, removing any others.
func (ls Links) Replace(ctx context.Context, tx Querier, id int64, lists ...[]int64) error {
	for i, ids := range lists {
		if err := ls[i].Replace(ctx, tx, id, ids); err != nil {
			return err
		}
	}
	return nil
}
