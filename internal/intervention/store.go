package intervention

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

// Store keeps interventions, their links to places and saved analyses, and their review history.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// querier is the pool or a transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

const columns = `i.id, i.title, i.aim, i.methodology, i.mechanism, i.lead_agency, i.partner_agencies,
	i.start_date, i.end_date, i.status, i.cost_pence, i.intended_outcomes, i.review_status, i.review_comment,
	i.version, i.created_by, i.updated_by, i.created_at, i.updated_at,
	ARRAY(SELECT place_id FROM intervention_places WHERE intervention_id = i.id ORDER BY place_id),
	ARRAY(SELECT analysis_id FROM intervention_analyses WHERE intervention_id = i.id ORDER BY analysis_id)`

func scan(row pgx.Row, extra ...any) (*Intervention, error) {
	it := &Intervention{}
	var start, end *time.Time
	var cost *int64
	dst := append([]any{&it.ID, &it.Title, &it.Aim, &it.Methodology, &it.Mechanism, &it.LeadAgency, &it.Partners,
		&start, &end, &it.Status, &cost, &it.IntendedOutcomes, &it.ReviewStatus, &it.ReviewComment,
		&it.Version, &it.CreatedBy, &it.UpdatedBy, &it.CreatedAt, &it.UpdatedAt, &it.Places, &it.Analyses}, extra...)
	if err := row.Scan(dst...); err != nil {
		return nil, err
	}
	if start != nil {
		it.StartDate = start.Format(time.DateOnly)
	}
	if end != nil {
		s := end.Format(time.DateOnly)
		it.EndDate = &s
	}
	if cost != nil {
		p := Pounds(*cost)
		it.Cost = &p
	}
	if it.Partners == nil {
		it.Partners = []string{}
	}
	it.fillAgencies()
	return it, nil
}

// get reads one intervention; lock takes a row lock for an update in q's transaction.
func get(ctx context.Context, q querier, id int64, lock bool) (*Intervention, error) {
	sql := `SELECT ` + columns + ` FROM interventions i WHERE i.id = $1`
	if lock {
		sql += ` FOR UPDATE`
	}
	it, err := scan(q.QueryRow(ctx, sql, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "no intervention %d", id)
	}
	if err != nil {
		return nil, fmt.Errorf("get intervention %d: %w", id, err)
	}
	return it, nil
}

// Get returns one intervention (without its dosage; see Dosage).
func (s *Store) Get(ctx context.Context, id int64) (*Intervention, error) {
	return get(ctx, s.pool, id, false)
}

// Create validates in and stores it as a draft at version 1, audit-logged.
func (s *Store) Create(ctx context.Context, in Input) (*Intervention, error) {
	var it *Intervention
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := validateAll(ctx, tx, &in); err != nil {
			return err
		}
		uid := actorID(ctx)
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO interventions (title, aim, methodology, mechanism, lead_agency,
				partner_agencies, start_date, end_date, status, cost_pence, intended_outcomes, created_by, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			in.Title, in.Aim, in.Methodology, in.Mechanism, in.LeadAgency, nonNil(in.Partners), in.StartDate,
			in.EndDate, in.Status, in.Cost, in.IntendedOutcomes, uid).Scan(&id); err != nil {
			return err
		}
		if err := writeLinks(ctx, tx, id, in); err != nil {
			return err
		}
		var err error
		if it, err = get(ctx, tx, id, false); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "intervention.create", resource(id), map[string]any{
			"title": in.Title, "methodology": in.Methodology, "places": in.Places, "analyses": in.Analyses}, -1)
	})
	if err != nil {
		return nil, fmt.Errorf("create intervention %q: %w", in.Title, err)
	}
	return it, nil
}

// Update lays the JSON object patch over intervention id's current fields (a member present
// replaces the field, null clears end_date or cost, an absent member keeps it) and stores the
// result as the next version, audit-logged. version is the version the change was made
// against: any other is refused with 412 and nothing changes. Only a draft or a returned
// intervention can be edited (409 otherwise).
//
// The patch is laid over the current Input rather than read into a struct of pointers so that
// "end_date": null (clear it) and a missing end_date (keep it) stay different.
func (s *Store) Update(ctx context.Context, id int64, version int, patch []byte) (*Intervention, error) {
	var it *Intervention
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := get(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := checkVersion(cur, version); err != nil {
			return err
		}
		if cur.ReviewStatus != ReviewDraft && cur.ReviewStatus != ReviewReturned {
			return apperr.Errorf(apperr.Conflict, "intervention %d is %s; only a draft or returned intervention can be edited", id, cur.ReviewStatus)
		}
		in := cur.input()
		fields, err := decodePatch(patch, &in)
		if err != nil {
			return err
		}
		if err := validateAll(ctx, tx, &in); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE interventions SET title = $2, aim = $3, methodology = $4, mechanism = $5,
				lead_agency = $6, partner_agencies = $7, start_date = $8, end_date = $9, status = $10, cost_pence = $11,
				intended_outcomes = $12, version = version + 1, updated_at = now(), updated_by = $13
			WHERE id = $1`, id, in.Title, in.Aim, in.Methodology, in.Mechanism, in.LeadAgency, nonNil(in.Partners),
			in.StartDate, in.EndDate, in.Status, in.Cost, in.IntendedOutcomes, actorID(ctx)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM intervention_places WHERE intervention_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM intervention_analyses WHERE intervention_id = $1`, id); err != nil {
			return err
		}
		if err := writeLinks(ctx, tx, id, in); err != nil {
			return err
		}
		if it, err = get(ctx, tx, id, false); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "intervention.update", resource(id), map[string]any{
			"fields": fields, "version": it.Version}, -1)
	})
	if err != nil {
		return nil, fmt.Errorf("update intervention %d: %w", id, err)
	}
	return it, nil
}

// checkVersion refuses a change made against another version than the current one.
func checkVersion(cur *Intervention, version int) error {
	if cur.Version != version {
		return apperr.Errorf(apperr.PreconditionFailed,
			"intervention %d has changed: it is at version %d (ETag \"%d\"), not %d; fetch it again and reapply your change",
			cur.ID, cur.Version, cur.Version, version)
	}
	return nil
}

// decodePatch lays the JSON object patch over in and returns the names of the members it held.
func decodePatch(patch []byte, in *Input) ([]string, error) {
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

// validateAll checks in, including that its places and analyses exist.
func validateAll(ctx context.Context, q querier, in *Input) error {
	r := in.validate()
	if err := missing(ctx, q, &r, "places", "places", in.Places); err != nil {
		return err
	}
	if err := missing(ctx, q, &r, "analyses", "saved_analyses", in.Analyses); err != nil {
		return err
	}
	return r.Err("intervention")
}

// missing adds to r every id of ids that table lacks.
func missing(ctx context.Context, q querier, r *api.Refusal, field, table string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := q.Query(ctx, `SELECT x FROM unnest($1::bigint[]) AS x WHERE x > 0 AND NOT EXISTS (SELECT 1 FROM `+table+` WHERE id = x) ORDER BY x`, ids)
	if err != nil {
		return fmt.Errorf("look up %s: %w", table, err)
	}
	absent, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("look up %s: %w", table, err)
	}
	for _, id := range absent {
		r.Add(field, "%d does not exist", id)
	}
	return nil
}

func writeLinks(ctx context.Context, tx pgx.Tx, id int64, in Input) error {
	if _, err := tx.Exec(ctx, `INSERT INTO intervention_places (intervention_id, place_id) SELECT $1, unnest($2::bigint[])`, id, nonNil(in.Places)); err != nil {
		return fmt.Errorf("link places: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO intervention_analyses (intervention_id, analysis_id) SELECT $1, unnest($2::bigint[])`, id, nonNil(in.Analyses)); err != nil {
		return fmt.Errorf("link analyses: %w", err)
	}
	return nil
}

// actorID is the acting user for created_by and updated_by, or nil for the system.
func actorID(ctx context.Context) *int64 {
	if id := audit.ActorFrom(ctx).UserID; id != 0 {
		return &id
	}
	return nil
}

func resource(id int64) string { return "interventions/" + strconv.FormatInt(id, 10) }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
