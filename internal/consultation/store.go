package consultation

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/versioned"
)

// Store keeps consultations and their links to places and interventions.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// links are a consultation's link tables, in the order Missing and Replace take their ids:
// places, interventions, then the local areas named.
var links = versioned.Links{
	{Field: "places", Table: "consultation_places", Owner: "consultation_id", Target: "place_id", Targets: "places", AreasOf: "place_local_areas.place_id"},
	{Field: "interventions", Table: "consultation_interventions", Owner: "consultation_id", Target: "intervention_id", Targets: "interventions", AreasOf: "intervention_areas.intervention_id"},
	{Field: "local_areas", Table: "consultation_local_areas", Owner: "consultation_id", Target: "local_area_id", Targets: "local_areas"},
}

const columns = `c.id, c.held_on, c.method, c.children_count, c.age_min, c.age_max, c.adults_count, c.run_by,
	c.what_was_said, c.what_changed, c.version, c.created_by, c.created_at, c.updated_at,
	ARRAY(SELECT place_id FROM consultation_places WHERE consultation_id = c.id ORDER BY place_id),
	ARRAY(SELECT intervention_id FROM consultation_interventions WHERE consultation_id = c.id ORDER BY intervention_id),
	ARRAY(SELECT local_area_id FROM consultation_local_areas WHERE consultation_id = c.id ORDER BY local_area_id),
	ARRAY(SELECT local_area_id FROM consultation_areas WHERE consultation_id = c.id ORDER BY local_area_id)`

func scan(row pgx.Row, extra ...any) (*Consultation, error) {
	c := &Consultation{}
	var held time.Time
	dst := append([]any{&c.ID, &held, &c.Method, &c.ChildrenCount, &c.AgeMin, &c.AgeMax, &c.AdultsCount, &c.RunBy,
		&c.WhatWasSaid, &c.WhatChanged, &c.Version, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt,
		&c.Places, &c.Interventions, &c.LocalAreas, &c.Serves}, extra...)
	if err := row.Scan(dst...); err != nil {
		return nil, err
	}
	c.HeldOn = held.Format(time.DateOnly)
	return c, nil
}

// consultations reads, locks, validates and writes consultations with the versioned-record kit.
var consultations = versioned.Form[*Consultation, Input]{
	Record: versioned.Record[*Consultation]{Name: "consultation", Select: `SELECT ` + columns + ` FROM consultations c WHERE c.id = $1`,
		Scan: scan, Version: func(v *Consultation) int { return v.Version }},
	Path: "consultations", Links: links, Input: (*Consultation).input,
	Linked: func(in *Input) [][]int64 { return [][]int64{in.Places, in.Interventions, in.LocalAreas} },
	Check:  func(in *Input) api.Refusal { return in.validate(today()) },
	Placed: versioned.InAreas("consultation_areas", "consultation_id", links[2], func(in *Input) *[]int64 { return &in.LocalAreas }),
}

// Get returns one consultation.
func (s *Store) Get(ctx context.Context, id int64) (*Consultation, error) {
	return consultations.Get(ctx, s.pool, id, false)
}

// Create validates in and stores it at version 1, audit-logged.
func (s *Store) Create(ctx context.Context, in Input) (*Consultation, error) {
	return consultations.Create(ctx, s.pool, in, func(tx pgx.Tx, in *Input) (int64, error) {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO consultations (held_on, method, children_count, age_min, age_max,
				adults_count, run_by, what_was_said, what_changed, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			in.HeldOn, in.Method, in.ChildrenCount, in.AgeMin, in.AgeMax, in.AdultsCount, in.RunBy,
			in.WhatWasSaid, in.WhatChanged, versioned.Actor(ctx)).Scan(&id)
		return id, err
	}, func(c *Consultation, in *Input) map[string]any {
		return map[string]any{"held_on": in.HeldOn, "method": in.Method, "places": c.Places, "interventions": c.Interventions}
	})
}

// Update lays the JSON object patch over consultation id's current fields (a member present
// replaces the field, null clears an age, an absent member keeps it) and stores the result as
// the next version, audit-logged. version is the version the change was made against: any
// other is refused with 412 and nothing changes.
func (s *Store) Update(ctx context.Context, id int64, version int, patch []byte) (*Consultation, error) {
	return consultations.Update(ctx, s.pool, id, version, patch, nil, func(tx pgx.Tx, in *Input) error {
		_, err := tx.Exec(ctx, `UPDATE consultations SET held_on = $2, method = $3, children_count = $4,
				age_min = $5, age_max = $6, adults_count = $7, run_by = $8, what_was_said = $9, what_changed = $10,
				version = version + 1, updated_at = now()
			WHERE id = $1`, id, in.HeldOn, in.Method, in.ChildrenCount, in.AgeMin, in.AgeMax, in.AdultsCount,
			in.RunBy, in.WhatWasSaid, in.WhatChanged)
		return err
	})
}

// Delete removes consultation id, made against version (412 otherwise), audit-logged.
func (s *Store) Delete(ctx context.Context, id int64, version int) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := consultations.Lock(ctx, tx, id, version)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM consultations WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "consultation.delete", consultations.Resource(id), map[string]any{
			"held_on": cur.HeldOn, "method": cur.Method, "version": cur.Version}, -1)
	})
	if err != nil {
		return fmt.Errorf("delete consultation %d: %w", id, err)
	}
	return nil
}
