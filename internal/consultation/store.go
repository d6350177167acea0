package consultation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
)

// Store keeps consultations and their links to places and interventions.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// querier is the pool or a transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

const columns = `c.id, c.held_on, c.method, c.children_count, c.age_min, c.age_max, c.adults_count, c.run_by,
	c.what_was_said, c.what_changed, c.version, c.created_by, c.created_at, c.updated_at,
	ARRAY(SELECT place_id FROM consultation_places WHERE consultation_id = c.id ORDER BY place_id),
	ARRAY(SELECT intervention_id FROM consultation_interventions WHERE consultation_id = c.id ORDER BY intervention_id)`

func scan(row pgx.Row, extra ...any) (*Consultation, error) {
	c := &Consultation{}
	var held time.Time
	dst := append([]any{&c.ID, &held, &c.Method, &c.ChildrenCount, &c.AgeMin, &c.AgeMax, &c.AdultsCount, &c.RunBy,
		&c.WhatWasSaid, &c.WhatChanged, &c.Version, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt,
		&c.Places, &c.Interventions}, extra...)
	if err := row.Scan(dst...); err != nil {
		return nil, err
	}
	c.HeldOn = held.Format(time.DateOnly)
	return c, nil
}

func get(ctx context.Context, q querier, id int64, lock bool) (*Consultation, error) {
	sql := `SELECT ` + columns + ` FROM consultations c WHERE c.id = $1`
	if lock {
		sql += ` FOR UPDATE`
	}
	c, err := scan(q.QueryRow(ctx, sql, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "no consultation %d", id)
	}
	if err != nil {
		return nil, fmt.Errorf("get consultation %d: %w", id, err)
	}
	return c, nil
}

// Get returns one consultation.
func (s *Store) Get(ctx context.Context, id int64) (*Consultation, error) {
	return get(ctx, s.pool, id, false)
}

// Create validates in and stores it at version 1, audit-logged.
func (s *Store) Create(ctx context.Context, in Input) (*Consultation, error) {
	var c *Consultation
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := validateAll(ctx, tx, &in); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO consultations (held_on, method, children_count, age_min, age_max,
				adults_count, run_by, what_was_said, what_changed, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			in.HeldOn, in.Method, in.ChildrenCount, in.AgeMin, in.AgeMax, in.AdultsCount, in.RunBy,
			in.WhatWasSaid, in.WhatChanged, actorID(ctx)).Scan(&id); err != nil {
			return err
		}
		if err := writeLinks(ctx, tx, id, in); err != nil {
			return err
		}
		var err error
		if c, err = get(ctx, tx, id, false); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "consultation.create", resource(id), map[string]any{
			"held_on": in.HeldOn, "method": in.Method, "places": c.Places, "interventions": c.Interventions}, -1)
	})
	if err != nil {
		return nil, fmt.Errorf("create consultation: %w", err)
	}
	return c, nil
}

// Update lays the JSON object patch over consultation id's current fields (a member present
// replaces the field, null clears an age, an absent member keeps it) and stores the result as
// the next version, audit-logged. version is the version the change was made against: any
// other is refused with 412 and nothing changes.
func (s *Store) Update(ctx context.Context, id int64, version int, patch []byte) (*Consultation, error) {
	var c *Consultation
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := get(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := checkVersion(cur, version); err != nil {
			return err
		}
		var members map[string]json.RawMessage
		if err := json.Unmarshal(patch, &members); err != nil || members == nil {
			return apperr.Errorf(apperr.Invalid, "the body must be a JSON object of the fields to change")
		}
		in := cur.input()
		if err := api.DecodeJSON(patch, &in); err != nil {
			return err
		}
		if err := validateAll(ctx, tx, &in); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE consultations SET held_on = $2, method = $3, children_count = $4,
				age_min = $5, age_max = $6, adults_count = $7, run_by = $8, what_was_said = $9, what_changed = $10,
				version = version + 1, updated_at = now()
			WHERE id = $1`, id, in.HeldOn, in.Method, in.ChildrenCount, in.AgeMin, in.AgeMax, in.AdultsCount,
			in.RunBy, in.WhatWasSaid, in.WhatChanged); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM consultation_places WHERE consultation_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM consultation_interventions WHERE consultation_id = $1`, id); err != nil {
			return err
		}
		if err := writeLinks(ctx, tx, id, in); err != nil {
			return err
		}
		if c, err = get(ctx, tx, id, false); err != nil {
			return err
		}
		fields := make([]string, 0, len(members))
		for k := range members {
			fields = append(fields, k)
		}
		return audit.Record(ctx, tx, "consultation.update", resource(id), map[string]any{"fields": fields, "version": c.Version}, -1)
	})
	if err != nil {
		return nil, fmt.Errorf("update consultation %d: %w", id, err)
	}
	return c, nil
}

// Delete removes consultation id, made against version (412 otherwise), audit-logged.
func (s *Store) Delete(ctx context.Context, id int64, version int) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := get(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := checkVersion(cur, version); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM consultations WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "consultation.delete", resource(id), map[string]any{
			"held_on": cur.HeldOn, "method": cur.Method, "version": cur.Version}, -1)
	})
	if err != nil {
		return fmt.Errorf("delete consultation %d: %w", id, err)
	}
	return nil
}

func checkVersion(cur *Consultation, version int) error {
	if cur.Version != version {
		return apperr.Errorf(apperr.PreconditionFailed,
			"consultation %d has changed: it is at version %d (ETag \"%d\"), not %d; fetch it again and reapply your change",
			cur.ID, cur.Version, cur.Version, version)
	}
	return nil
}

// validateAll checks in, including that its places and interventions exist.
func validateAll(ctx context.Context, q querier, in *Input) error {
	r := in.validate(today())
	for _, l := range []struct {
		field, table string
		ids          []int64
	}{{"places", "places", in.Places}, {"interventions", "interventions", in.Interventions}} {
		if len(l.ids) == 0 {
			continue
		}
		rows, err := q.Query(ctx, `SELECT x FROM unnest($1::bigint[]) AS x WHERE x > 0 AND NOT EXISTS (SELECT 1 FROM `+l.table+` WHERE id = x) ORDER BY x`, l.ids)
		if err != nil {
			return fmt.Errorf("look up %s: %w", l.table, err)
		}
		absent, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("look up %s: %w", l.table, err)
		}
		for _, id := range absent {
			r.Add(l.field, "%d does not exist", id)
		}
	}
	return r.Err("consultation")
}

func writeLinks(ctx context.Context, tx pgx.Tx, id int64, in Input) error {
	if _, err := tx.Exec(ctx, `INSERT INTO consultation_places (consultation_id, place_id) SELECT $1, unnest($2::bigint[])`, id, nonNil(in.Places)); err != nil {
		return fmt.Errorf("link places: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO consultation_interventions (consultation_id, intervention_id) SELECT $1, unnest($2::bigint[])`, id, nonNil(in.Interventions)); err != nil {
		return fmt.Errorf("link interventions: %w", err)
	}
	return nil
}

func actorID(ctx context.Context) *int64 {
	if id := audit.ActorFrom(ctx).UserID; id != 0 {
		return &id
	}
	return nil
}

func resource(id int64) string { return "consultations/" + strconv.FormatInt(id, 10) }

func nonNil(s []int64) []int64 {
	if s == nil {
		return []int64{}
	}
	return s
}
