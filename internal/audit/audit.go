// Package audit holds the append-only audit log: who did what, when, with which parameters and
// how many rows. Code only ever inserts into it; the database refuses UPDATE and DELETE.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/placesafe/placesafe/internal/api"
)

// Actor is who a request acts for; the auth middleware puts it in the request's context.
type Actor struct {
	UserID    int64
	Email     string
	RequestID string
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or a zero Actor (the system: CLI, start-up jobs).
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// ID is the actor's user id for created_by and updated_by columns, or nil (NULL) for the system.
func (a Actor) ID() *int64 {
	if a.UserID == 0 {
		return nil
	}
	return &a.UserID
}

// Entry is one line of the audit log.
type Entry struct {
	ID        int64          `json:"id"`
	At        time.Time      `json:"at"`
	UserID    *int64         `json:"user_id"`
	UserEmail string         `json:"user_email"`
	Action    string         `json:"action"`
	Resource  string         `json:"resource"`
	Params    map[string]any `json:"params"`
	RowCount  *int64         `json:"row_count"`
	RequestID string         `json:"request_id"`
}

// Execer is what Record writes through: the pool, or a transaction so that the audit line
// lands with the change it describes.
type Execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// Record appends one entry for the actor in ctx. rows < 0 records no row count.
func Record(ctx context.Context, db Execer, action, resource string, params map[string]any, rows int64) error {
	a := ActorFrom(ctx)
	if params == nil {
		params = map[string]any{}
	}
	p, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("audit %s: encode params: %w", action, err)
	}
	var uid, rc any
	if a.UserID != 0 {
		uid = a.UserID
	}
	if rows >= 0 {
		rc = rows
	}
	_, err = db.Exec(ctx, `INSERT INTO audit_log (user_id, user_email, action, resource, params, row_count, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, uid, a.Email, action, resource, p, rc, a.RequestID)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// Filter narrows List; nil fields do not filter.
type Filter struct {
	Action *string // exact action, or a prefix ending in "." (e.g. "import.")
	UserID *int64
	From   *time.Time // inclusive
	To     *time.Time // exclusive
	Limit  int
	Offset int
}

// Store reads the audit log.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// List returns entries newest first, and the total that match f.
func (s *Store) List(ctx context.Context, f Filter) ([]Entry, int, error) {
	f.Limit = api.Limit(f.Limit)
	var prefix any
	if f.Action != nil {
		prefix = *f.Action
	}
	rows, err := s.pool.Query(ctx, `SELECT id, at, user_id, user_email, action, resource, params, row_count, request_id,
			COUNT(*) OVER ()
		FROM audit_log
		WHERE ($1::text IS NULL OR action = $1 OR (right($1, 1) = '.' AND starts_with(action, $1)))
		  AND ($2::bigint IS NULL OR user_id = $2)
		  AND ($3::timestamptz IS NULL OR at >= $3)
		  AND ($4::timestamptz IS NULL OR at < $4)
		ORDER BY id DESC LIMIT $5 OFFSET $6`, prefix, f.UserID, f.From, f.To, f.Limit, f.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list audit log: %w", err)
	}
	total := 0
	entries, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Entry, error) {
		var e Entry
		err := r.Scan(&e.ID, &e.At, &e.UserID, &e.UserEmail, &e.Action, &e.Resource, &e.Params, &e.RowCount, &e.RequestID, &total)
		return e, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list audit log: %w", err)
	}
	return entries, total, nil
}
