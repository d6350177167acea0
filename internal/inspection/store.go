package inspection

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/text"
	"github.com/placesafe/placesafe/internal/versioned"
)

// Store keeps inspections and everything recorded for them. Each public method owns its
// transaction; every change is audit-logged in the same transaction.
type Store struct {
	pool *pgxpool.Pool
	// Now is the clock (time.Now unless a test sets it); "today" is its date in London.
	Now func() time.Time
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool, Now: time.Now} }

// Today is the store's current date in London.
func (s *Store) Today() calendar.Date { return calendar.DateOf(s.Now().In(record.London())) }

// actor is the signed-in user for created_by/updated_by columns (NULL for the system), under
// the name this package's stores use.
var actor = versioned.Actor

// inspectionHead is what most changes need to know about their inspection: its framework at
// the version it was recorded under, with that version's lines and age scope.
type inspectionHead struct {
	ID         int64
	Framework  string
	Version    int
	NotifiedOn calendar.Date // zero while preparing
	Lines      []Line
	ages       Framework
}

// preparing reports whether the inspection has not been notified yet.
func (h inspectionHead) preparing() bool { return h.NotifiedOn.IsZero() }

// head loads the inspection's framework and notification date, locking nothing.
func head(ctx context.Context, q versioned.Querier, id int64) (inspectionHead, error) {
	h := inspectionHead{ID: id}
	var notified *time.Time
	err := q.QueryRow(ctx, `SELECT i.framework, i.framework_version, i.notified_on, f.min_age, f.max_age, f.care_leaver_max_age
		FROM inspections i JOIN frameworks f ON f.key = i.framework AND f.version = i.framework_version WHERE i.id = $1`, id).Scan(
		&h.Framework, &h.Version, &notified, &h.ages.MinAge, &h.ages.MaxAge, &h.ages.CareLeaverMaxAge)
	if errors.Is(err, pgx.ErrNoRows) {
		return h, apperr.Errorf(apperr.NotFound, "no inspection %d", id)
	}
	if err != nil {
		return h, fmt.Errorf("load inspection %d: %w", id, err)
	}
	if notified != nil { // the zero Date while the partnership prepares
		h.NotifiedOn = calendar.DateOf(*notified)
	}
	h.Lines, err = frameworkLines(ctx, q, h.Framework, h.Version)
	return h, err
}

// notifiedHead loads the inspection's head, locking the inspection first with lock (so that
// counts over its records hold until the transaction ends), and refuses (422) a change that
// waits for the notification while the inspection is being prepared; why says what waits.
func notifiedHead(ctx context.Context, tx pgx.Tx, id int64, lock bool, why string) (inspectionHead, error) {
	if lock {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM inspections WHERE id = $1 FOR UPDATE`, id); err != nil {
			return inspectionHead{}, err
		}
	}
	h, err := head(ctx, tx, id)
	if err == nil && why != "" && h.preparing() {
		err = apperr.Errorf(apperr.Unprocessable, "inspection %d is being prepared: %s", id, why)
	}
	return h, err
}

// withHead runs do in a transaction of the store (what names it in errors) with the
// inspection's head, locked and refused while preparing as notifiedHead says.
func withHead[T any](ctx context.Context, s *Store, inspectionID int64, what string, lock bool, why string,
	do func(tx pgx.Tx, h inspectionHead) (T, error)) (T, error) {
	return inTx(ctx, s.pool, what, func(tx pgx.Tx) (T, error) {
		h, err := notifiedHead(ctx, tx, inspectionID, lock, why)
		if err != nil {
			var zero T
			return zero, err
		}
		return do(tx, h)
	})
}

// checkLines refuses line keys that are not lines of the inspection's framework, and repeats.
func (h inspectionHead) checkLines(keys []string) error {
	return checkLines(h.Framework, h.Lines, keys)
}

// Head returns the framework and notification date of inspection id (404 when missing).
func (s *Store) Head(ctx context.Context, id int64) (framework string, notified calendar.Date, err error) {
	h, err := inReadTx(ctx, s.pool, false, func(tx pgx.Tx) (inspectionHead, error) { return head(ctx, tx, id) })
	return h.Framework, h.NotifiedOn, err
}

// checkLines refuses line keys that are not among lines (of framework), and repeats.
func checkLines(framework string, lines []Line, keys []string) error {
	seen := map[string]bool{}
	for _, k := range keys {
		if _, ok := line(lines, k); !ok {
			return apperr.Errorf(apperr.Unprocessable, "line %q is not a line of enquiry of the %s framework (GET /api/v1/frameworks/%s/lines lists them)", k, framework, framework)
		}
		if seen[k] {
			return apperr.Errorf(apperr.Unprocessable, "line %q is given twice", k)
		}
		seen[k] = true
	}
	return nil
}

// checkAgency refuses an agency key placesafe does not know.
func checkAgency(field, key string) error { return oneOf(field, &key, agencyKeys()) }

// oneOf refuses v as field unless it is one of allowed; nil is not refused.
func oneOf(field string, v *string, allowed []string) error {
	if v != nil && !slices.Contains(allowed, *v) {
		return apperr.Errorf(apperr.Unprocessable, "%s %q: want one of %s", field, *v, strings.Join(allowed, ", "))
	}
	return nil
}

// checkText refuses text that text.Check refuses (control characters other than newlines and
// tabs in long text, invalid UTF-8, more than max characters); required text must not be blank.
func checkText(field, v string, max int, required, multiline bool) error {
	if required && strings.TrimSpace(v) == "" {
		return apperr.Errorf(apperr.Unprocessable, "%s is required", field)
	}
	if err := text.Check(v, max, multiline); err != nil {
		return apperr.Errorf(apperr.Unprocessable, "%s %s", field, err)
	}
	return nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// inReadTx runs read in a read-only transaction of pool; with consistent, at repeatable read,
// so that the queries read makes see one state of the database.
func inReadTx[T any](ctx context.Context, pool *pgxpool.Pool, consistent bool, read func(tx pgx.Tx) (T, error)) (T, error) {
	opts := pgx.TxOptions{AccessMode: pgx.ReadOnly}
	if consistent {
		opts.IsoLevel = pgx.RepeatableRead
	}
	var out T
	err := pgx.BeginTxFunc(ctx, pool, opts, func(tx pgx.Tx) error {
		var err error
		out, err = read(tx)
		return err
	})
	return out, err
}

// consistentRead is inReadTx at repeatable read for an answer drawn from many of an
// inspection's records; an error says what failed ("readiness of inspection 3").
func consistentRead[T any](ctx context.Context, pool *pgxpool.Pool, what string, read func(tx pgx.Tx) (T, error)) (T, error) {
	v, err := inReadTx(ctx, pool, true, read)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// only returns the one record a list read for a single id holds, or notFound when it holds none.
func only[T any](list []T, err error, notFound error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if len(list) == 0 {
		return zero, notFound
	}
	return list[0], nil
}

// inTx runs write in a transaction of pool and returns what it wrote; an error says what
// failed ("update finding 3").
func inTx[T any](ctx context.Context, pool *pgxpool.Pool, what string, write func(tx pgx.Tx) (T, error)) (T, error) {
	var out T
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var err error
		out, err = write(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// recorded audit-logs action on resource in tx, then returns the record as get reads it
// after the change.
func recorded[T any](ctx context.Context, tx pgx.Tx, action, resource string, params map[string]any, get func() (T, error)) (T, error) {
	return recordedRows(ctx, tx, action, resource, params, -1, get)
}

// recordedRows is recorded for a change of many rows, counted in the audit log.
func recordedRows[T any](ctx context.Context, tx pgx.Tx, action, resource string, params map[string]any, rows int64, get func() (T, error)) (T, error) {
	if err := audit.Record(ctx, tx, action, resource, params, rows); err != nil {
		var zero T
		return zero, err
	}
	return get()
}
