package versioned

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/audit"
)

// Beginner starts transactions: a pool.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Create runs insert (which writes a new record and returns its id) in a transaction of db,
// reads the record back and audit-logs action on resource(id) with the parameters params gives
// for it: what every creation of a versioned record does.
func (r Record[T]) Create(ctx context.Context, db Beginner, action string, resource func(int64) string,
	insert func(tx pgx.Tx) (int64, error), params func(T) map[string]any) (T, error) {
	var out T
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		id, err := insert(tx)
		if err != nil {
			return err
		}
		if out, err = r.Get(ctx, tx, id, false); err != nil {
			return err
		}
		return audit.Record(ctx, tx, action, resource(id), params(out), -1)
	})
	return out, err
}

// Change locks record id at version (412 when it has moved on) in a transaction of db, runs
// write on the current record, reads the record back and audit-logs action on resource with
// the parameters write returned and the new version: what every change of a versioned record
// does.
func (r Record[T]) Change(ctx context.Context, db Beginner, id int64, version int, action, resource string,
	write func(tx pgx.Tx, cur T) (map[string]any, error)) (T, error) {
	var out T
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		cur, err := r.Lock(ctx, tx, id, version)
		if err != nil {
			return err
		}
		params, err := write(tx, cur)
		if err != nil {
			return err
		}
		if out, err = r.Get(ctx, tx, id, false); err != nil {
			return err
		}
		if params == nil {
			params = map[string]any{}
		}
		params["version"] = r.Version(out)
		return audit.Record(ctx, tx, action, resource, params, -1)
	})
	return out, err
}
