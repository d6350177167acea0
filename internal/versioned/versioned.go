// Package versioned holds what every store of versioned records shares: reading a record (for
// an update, locked), refusing a change made against another version than the current one (the
// If-Match check, 412), the acting user for created_by and updated_by, and link tables.
package versioned

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
)

// Querier is a pool or a transaction.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Record describes one kind of versioned record to the kit.
type Record[T any] struct {
	Name    string                           // what the record is called in errors: "intervention"
	Select  string                           // selects the record whose id is $1
	Scan    func(pgx.Row, ...any) (T, error) // reads the columns Select names
	Version func(T) int                      // the record's current version
}

// Get reads record id from q. With lock the row stays locked for an update until q's
// transaction ends. A missing row is 404.
func (r Record[T]) Get(ctx context.Context, q Querier, id int64, lock bool) (T, error) {
	return Get(ctx, q, r.Select, lock, r.Scan, r.Name, id)
}

// Lock reads record id for an update in tx, refusing (412) a change made against another
// version than its current one.
func (r Record[T]) Lock(ctx context.Context, tx Querier, id int64, version int) (T, error) {
	v, err := r.Get(ctx, tx, id, true)
	if err != nil {
		return v, err
	}
	return v, Check(fmt.Sprintf("%s %d", r.Name, id), r.Version(v), version)
}

// Get reads record id of what ("saved analysis") with scan from the row that sql selects, sql
// taking the id as $1. With lock the row stays locked for an update until q's transaction
// ends. A missing row is 404.
func Get[T any](ctx context.Context, q Querier, sql string, lock bool, scan func(pgx.Row, ...any) (T, error), what string, id int64) (T, error) {
	if lock {
		sql += ` FOR UPDATE`
	}
	v, err := scan(q.QueryRow(ctx, sql, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return v, apperr.Errorf(apperr.NotFound, "no %s %d", what, id)
	}
	if err != nil {
		return v, fmt.Errorf("get %s %d: %w", what, id, err)
	}
	return v, nil
}

// LockVersion locks row id of table in tx and refuses a change made against another version than its
// current one: 404 when it is missing, 412 when it has moved on. what names the record in
// the errors ("inspection 3"); table is a constant of the caller, never user input.
func LockVersion(ctx context.Context, tx Querier, table string, id int64, version int, what string) error {
	return Row{Table: table, Where: "id = $1", Args: []any{id}, What: what,
		Missing: apperr.Errorf(apperr.NotFound, "no %s", what)}.Lock(ctx, tx, version, "")
}

// Row names one versioned row to lock: the row of Table that Where selects with Args (Table and
// Where are constants of the caller, never user input). What names it in the errors ("finding
// 3"); Missing is the error when there is no such row (a 404).
type Row struct {
	Table, Where string
	Args         []any
	What         string
	Missing      error
}

// Lock locks the row for an update in tx, reading the further columns cols (", status") into
// dest, and refuses a change made against another version than the current one (412).
func (r Row) Lock(ctx context.Context, tx Querier, version int, cols string, dest ...any) error {
	current, err := r.Current(ctx, tx, cols, dest...)
	if err != nil {
		return err
	}
	return Check(r.What, current, version)
}

// Current locks the row for an update in tx and returns its version, reading the further
// columns cols into dest: for a change whose version check is optional.
func (r Row) Current(ctx context.Context, tx Querier, cols string, dest ...any) (int, error) {
	var current int
	err := tx.QueryRow(ctx, `SELECT version`+cols+` FROM `+r.Table+` WHERE `+r.Where+` FOR UPDATE`, r.Args...).
		Scan(append([]any{&current}, dest...)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, r.Missing
	}
	if err != nil {
		return 0, fmt.Errorf("lock %s: %w", r.What, err)
	}
	return current, nil
}

// Check refuses (412) a change made against version sent of a record now at version current;
// what names the record ("intervention 3").
func Check(what string, current, sent int) error {
	if current == sent {
		return nil
	}
	return apperr.Errorf(apperr.PreconditionFailed,
		"%s has changed: it is at version %d (ETag %s), not %d; fetch it again and reapply your change",
		what, current, api.ETag(current), sent)
}

// Actor is the signed-in user's id for created_by and updated_by columns, or nil (NULL) for
// the system.
func Actor(ctx context.Context) *int64 { return audit.ActorFrom(ctx).ID() }

// Copy returns a pointer to a copy of *p, or nil for nil: the current input a patch is laid
// over holds copies, so that decoding into it leaves the record as it was.
func Copy[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// Patch lays the JSON object patch over in (a pointer to the record's current input) and
// returns the names of the members it held, for the audit log. Laying the patch over the
// current values, rather than reading it into pointers, keeps null (clear the field) apart
// from a missing member (keep it).
func Patch(patch []byte, in any) ([]string, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(patch, &members); err != nil || members == nil {
		return nil, apperr.Errorf(apperr.Invalid, "the body must be a JSON object of the fields to change")
	}
	if err := api.DecodeJSON(patch, in); err != nil {
		return nil, err
	}
	fields := make([]string, 0, len(members))
	for k := range members {
		fields = append(fields, k)
	}
	return fields, nil
}

// Stamp is what a versioned record carries after its own fields: its version (its ETag) and
// when it was created and last changed. Embedded last, it keeps those members last in the
// record's JSON.
type Stamp struct {
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}
