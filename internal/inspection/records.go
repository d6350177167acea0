package inspection

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/versioned"
)

// The records kept under an inspection (findings, actions, people, meetings, the case sample,
// accuracy comments, audit rounds, evidence) are listed, read, locked, added, changed and
// removed the same way: always within their inspection, every change audit-logged in its
// transaction and answered as read back. A kind describes one of them to this kit.

// kind describes one kind of record kept under an inspection.
type kind[T any] struct {
	name  string // what one is called in errors and the audit log: "finding"
	table string // its table, with id, inspection_id and version columns; a constant
	path  string // its path under the inspection's resource: "findings"
	// within, when set, says where in the inspection a missing record was looked for
	// ("'s case sample").
	within string
	// list reads the inspection's records, only record id when id > 0.
	list func(ctx context.Context, q versioned.Querier, inspectionID, id int64) ([]T, error)
}

// collect runs sql with args on q and scans every row with scan: an empty list, never nil,
// when there are none. what names the list in errors ("load people").
func collect[T any](ctx context.Context, q versioned.Querier, what string, scan pgx.RowToFunc[T], sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	list, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return orEmpty(list), nil
}

// resource names record id of the inspection in the audit log.
func (k kind[T]) resource(inspectionID, id int64) string {
	return fmt.Sprintf("%s/%s/%d", inspectionResource(inspectionID), k.path, id)
}

// missing is the 404 for a record the inspection does not have.
func (k kind[T]) missing(inspectionID, id int64) error {
	return apperr.Errorf(apperr.NotFound, "inspection %d%s has no %s %d", inspectionID, k.within, k.name, id)
}

// row is record id of the inspection, to lock.
func (k kind[T]) row(inspectionID, id int64) versioned.Row {
	return versioned.Row{Table: k.table, Where: "inspection_id = $1 AND id = $2", Args: []any{inspectionID, id},
		What: fmt.Sprintf("%s %d", k.name, id), Missing: k.missing(inspectionID, id)}
}

// get reads record id of the inspection (404 when it has none).
func (k kind[T]) get(ctx context.Context, q versioned.Querier, inspectionID, id int64) (T, error) {
	list, err := k.list(ctx, q, inspectionID, id)
	return only(list, err, k.missing(inspectionID, id))
}

// read reads record id of the inspection in a read-only transaction (see inReadTx).
func (k kind[T]) read(ctx context.Context, s *Store, consistent bool, inspectionID, id int64) (T, error) {
	return inReadTx(ctx, s.pool, consistent, func(tx pgx.Tx) (T, error) { return k.get(ctx, tx, inspectionID, id) })
}

// all lists the records of the inspection (404 when there is no such inspection) in a
// read-only transaction (see inReadTx).
func (k kind[T]) all(ctx context.Context, s *Store, consistent bool, inspectionID int64) ([]T, error) {
	return inReadTx(ctx, s.pool, consistent, func(tx pgx.Tx) ([]T, error) { return k.of(ctx, tx, inspectionID) })
}

// of lists the records of the inspection (404 when there is no such inspection).
func (k kind[T]) of(ctx context.Context, q versioned.Querier, inspectionID int64) ([]T, error) {
	if _, err := head(ctx, q, inspectionID); err != nil {
		return nil, err
	}
	return k.list(ctx, q, inspectionID, 0)
}

// lock locks record id of the inspection for a change made against version (404 when the
// inspection has no such record, 412 when it has moved on).
func (k kind[T]) lock(ctx context.Context, tx pgx.Tx, inspectionID, id int64, version int) error {
	return k.row(inspectionID, id).Lock(ctx, tx, version, "")
}

// add runs insert, which writes a record of the inspection and returns its id and the audit
// parameters, in a transaction; audit-logs action on the record and answers it as read back.
func (k kind[T]) add(ctx context.Context, s *Store, inspectionID int64, action string,
	insert func(tx pgx.Tx) (int64, map[string]any, error)) (T, error) {
	return inTx(ctx, s.pool, fmt.Sprintf("add %s to inspection %d", k.name, inspectionID), func(tx pgx.Tx) (T, error) {
		id, params, err := insert(tx)
		if err != nil {
			var zero T
			return zero, err
		}
		return k.recorded(ctx, tx, action, inspectionID, id, params)
	})
}

// change runs, in a transaction: before (when not nil: the checks that come first), the lock
// of record id at version, and write, which changes the record and returns the audit
// parameters; then it audit-logs action on the record and answers it as read back.
func (k kind[T]) change(ctx context.Context, s *Store, inspectionID, id int64, version int, action string,
	before func(tx pgx.Tx) error, write func(tx pgx.Tx) (map[string]any, error)) (T, error) {
	return inTx(ctx, s.pool, fmt.Sprintf("update %s %d", k.name, id), func(tx pgx.Tx) (T, error) {
		var zero T
		if before != nil {
			if err := before(tx); err != nil {
				return zero, err
			}
		}
		if err := k.lock(ctx, tx, inspectionID, id, version); err != nil {
			return zero, err
		}
		params, err := write(tx)
		if err != nil {
			return zero, err
		}
		return k.recorded(ctx, tx, action, inspectionID, id, params)
	})
}

// logged audit-logs action on record id of the inspection with params in tx.
func (k kind[T]) logged(ctx context.Context, tx pgx.Tx, action string, inspectionID, id int64, params map[string]any) error {
	return audit.Record(ctx, tx, action, k.resource(inspectionID, id), params, -1)
}

// recorded audit-logs action on record id with params in tx and answers the record as read back.
func (k kind[T]) recorded(ctx context.Context, tx pgx.Tx, action string, inspectionID, id int64, params map[string]any) (T, error) {
	if err := k.logged(ctx, tx, action, inspectionID, id, params); err != nil {
		var zero T
		return zero, err
	}
	return k.get(ctx, tx, inspectionID, id)
}

// remove deletes record id of the inspection, audit-logged as action (404 when it has none).
// returning (", title") names columns of the deleted row to read into dest, and params, when
// not nil, gives the audit parameters from them.
func (k kind[T]) remove(ctx context.Context, s *Store, inspectionID, id int64, action, returning string,
	params func() map[string]any, dest ...any) error {
	r := k.row(inspectionID, id)
	_, err := inTx(ctx, s.pool, "delete "+r.What, func(tx pgx.Tx) (struct{}, error) {
		var gone int64
		err := tx.QueryRow(ctx, `DELETE FROM `+k.table+` WHERE `+r.Where+` RETURNING id`+returning, r.Args...).
			Scan(append([]any{&gone}, dest...)...)
		if errors.Is(err, pgx.ErrNoRows) {
			return struct{}{}, r.Missing
		}
		if err != nil {
			return struct{}{}, err
		}
		var p map[string]any
		if params != nil {
			p = params()
		}
		return recorded(ctx, tx, action, k.resource(inspectionID, id), p, func() (struct{}, error) { return struct{}{}, nil })
	})
	return err
}

// indexed indexes records by id, and lists their ids in order.
func indexed[T any](list []T, id func(T) int64) (map[int64]T, []int64) {
	byID := make(map[int64]T, len(list))
	ids := make([]int64, len(list))
	for i, v := range list {
		byID[id(v)], ids[i] = v, id(v)
	}
	return byID, ids
}

// cell is one value of a table read row by row: an agency's audit of a child's case (by case
// and agency), the evidence of a line at a QA status (by line and status).
type cell[R, C comparable, V any] struct {
	row R
	col C
	v   V
}

// table arranges cells by row and then by column.
func table[R, C comparable, V any](cells []cell[R, C, V]) map[R]map[C]V {
	out := map[R]map[C]V{}
	for _, c := range cells {
		if out[c.row] == nil {
			out[c.row] = map[C]V{}
		}
		out[c.row][c.col] = c.v
	}
	return out
}
