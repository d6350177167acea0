package versioned

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/api"
)

// Form describes to the kit a versioned record that a client writes as an input of type I
// (the body of POST, and laid over the current values, of PATCH) naming records of other
// tables through link tables: consultations and interventions.
type Form[T, I any] struct {
	Record[T]
	Path   string                  // its collection in the audit log: "interventions"
	Links  Links                   // its link tables
	Linked func(in *I) [][]int64   // the ids in, in the order of Links
	Input  func(T) I               // the record's current input, copies that a patch leaves as they were
	Check  func(in *I) api.Refusal // checks the fields that need no database; it may trim them
	// Placed, when set, runs after every write with the links in place (the local areas an
	// intervention serves).
	Placed func(ctx context.Context, tx pgx.Tx, id int64, in *I) error
}

// Resource names record id in the audit log: "interventions/3".
func (f Form[T, I]) Resource(id int64) string { return f.Path + "/" + strconv.FormatInt(id, 10) }

// valid checks in (Check may trim it), including that the records it links exist.
func (f Form[T, I]) valid(ctx context.Context, q Querier, in *I) error {
	r := f.Check(in)
	if err := f.Links.Missing(ctx, q, &r, f.Linked(in)...); err != nil {
		return err
	}
	return r.Err(f.Name)
}

// linked makes the ids in record id's links, removing any others, then runs Placed.
func (f Form[T, I]) linked(ctx context.Context, tx pgx.Tx, id int64, in *I) error {
	if err := f.Links.Replace(ctx, tx, id, f.Linked(in)...); err != nil {
		return err
	}
	if f.Placed == nil {
		return nil
	}
	return f.Placed(ctx, tx, id, in)
}

// Create validates in and stores it with insert (which writes the record's row and returns
// its id) and its links, audit-logged as "<name>.create" with the parameters params gives.
func (f Form[T, I]) Create(ctx context.Context, db Beginner, in I, insert func(tx pgx.Tx, in *I) (int64, error),
	params func(v T, in *I) map[string]any) (T, error) {
	v, err := f.Record.Create(ctx, db, f.Name+".create", f.Resource, func(tx pgx.Tx) (int64, error) {
		if err := f.valid(ctx, tx, &in); err != nil {
			return 0, err
		}
		id, err := insert(tx, &in)
		if err != nil {
			return 0, err
		}
		return id, f.linked(ctx, tx, id, &in)
	}, func(v T) map[string]any { return params(v, &in) })
	if err != nil {
		var none T
		return none, fmt.Errorf("create %s: %w", f.Name, err)
	}
	return v, nil
}

// Update lays the JSON object patch over record id's current input (a member present replaces
// the field, null clears it, an absent member keeps it), validates the result and stores it
// with update (which writes the record's row at the next version) and its links,
// audit-logged as "<name>.update" with the members changed. version is the version the
// change was made against: any other is refused with 412 and nothing changes. editable, when
// set, refuses a change to the record as it is.
func (f Form[T, I]) Update(ctx context.Context, db Beginner, id int64, version int, patch []byte,
	editable func(cur T) error, update func(tx pgx.Tx, in *I) error) (T, error) {
	v, err := f.Change(ctx, db, id, version, f.Name+".update", f.Resource(id), func(tx pgx.Tx, cur T) (map[string]any, error) {
		if editable != nil {
			if err := editable(cur); err != nil {
				return nil, err
			}
		}
		in := f.Input(cur)
		fields, err := Patch(patch, &in)
		if err != nil {
			return nil, err
		}
		if err := f.valid(ctx, tx, &in); err != nil {
			return nil, err
		}
		if err := update(tx, &in); err != nil {
			return nil, err
		}
		return map[string]any{"fields": fields}, f.linked(ctx, tx, id, &in)
	})
	if err != nil {
		var none T
		return none, fmt.Errorf("update %s %d: %w", f.Name, id, err)
	}
	return v, nil
}

// List runs sql, which selects the record's columns and then COUNT(*) OVER (), with args on
// q, and answers the records and how many match in all.
func (r Record[T]) List(ctx context.Context, q Querier, sql string, args ...any) ([]T, int, error) {
	return Counted(ctx, q, "list "+r.Name+"s", r.Scan, sql, args...)
}

// Counted runs sql, whose rows end with COUNT(*) OVER (), with args on q and reads every row
// with scan, the count into its last argument: it answers the rows (an empty list, never nil,
// when there are none) and how many match in all. what names the list in errors ("list
// evidence").
func Counted[T any](ctx context.Context, q Querier, what string, scan func(pgx.Row, ...any) (T, error),
	sql string, args ...any) ([]T, int, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", what, err)
	}
	total := 0
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (T, error) { return scan(row, &total) })
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", what, err)
	}
	return out, total, nil
}
