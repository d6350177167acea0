package intervention

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/versioned"
)

// Store keeps interventions, their links to places and saved analyses, and their review history.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// links are an intervention's link tables, in the order Missing and Replace take their ids:
// places, analyses, then the local areas named.
var links = versioned.Links{
	{Field: "places", Table: "intervention_places", Owner: "intervention_id", Target: "place_id", Targets: "places", AreasOf: "place_local_areas.place_id"},
	{Field: "analyses", Table: "intervention_analyses", Owner: "intervention_id", Target: "analysis_id", Targets: "saved_analyses"},
	{Field: "local_areas", Table: "intervention_local_areas", Owner: "intervention_id", Target: "local_area_id", Targets: "local_areas"},
}

// localAreasLink is the index in links of the local areas named.
const localAreasLink = 2

const columns = `i.id, i.title, i.aim, i.methodology, i.mechanism, i.lead_agency, i.partner_agencies,
	i.start_date, i.end_date, i.status, i.cost_pence, i.intended_outcomes, i.review_status, i.review_comment,
	i.version, i.created_by, i.updated_by, i.created_at, i.updated_at,
	ARRAY(SELECT place_id FROM intervention_places WHERE intervention_id = i.id ORDER BY place_id),
	ARRAY(SELECT analysis_id FROM intervention_analyses WHERE intervention_id = i.id ORDER BY analysis_id),
	ARRAY(SELECT local_area_id FROM intervention_local_areas WHERE intervention_id = i.id ORDER BY local_area_id),
	ARRAY(SELECT local_area_id FROM intervention_areas WHERE intervention_id = i.id ORDER BY local_area_id)`

func scan(row pgx.Row, extra ...any) (*Intervention, error) {
	it := &Intervention{}
	var start, end *time.Time
	var cost *int64
	dst := append([]any{&it.ID, &it.Title, &it.Aim, &it.Methodology, &it.Mechanism, &it.LeadAgency, &it.Partners,
		&start, &end, &it.Status, &cost, &it.IntendedOutcomes, &it.ReviewStatus, &it.ReviewComment,
		&it.Version, &it.CreatedBy, &it.UpdatedBy, &it.CreatedAt, &it.UpdatedAt, &it.Places, &it.Analyses, &it.LocalAreas, &it.Serves}, extra...)
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

// interventions reads, locks, validates and writes interventions with the versioned-record kit.
var interventions = versioned.Form[*Intervention, Input]{
	Record: versioned.Record[*Intervention]{Name: "intervention", Select: `SELECT ` + columns + ` FROM interventions i WHERE i.id = $1`,
		Scan: scan, Version: func(v *Intervention) int { return v.Version }},
	Path: "interventions", Links: links, Input: (*Intervention).input, Check: (*Input).validate,
	Linked: func(in *Input) [][]int64 { return [][]int64{in.Places, in.Analyses, in.LocalAreas} },
	Placed: versioned.InAreas("intervention_areas", "intervention_id", links[localAreasLink],
		func(in *Input) *[]int64 { return &in.LocalAreas }),
}

// Get returns one intervention (without its dosage; see Dosage).
func (s *Store) Get(ctx context.Context, id int64) (*Intervention, error) {
	return interventions.Get(ctx, s.pool, id, false)
}

// Create validates in and stores it as a draft at version 1, audit-logged.
func (s *Store) Create(ctx context.Context, in Input) (*Intervention, error) {
	return interventions.Create(ctx, s.pool, in, func(tx pgx.Tx, in *Input) (int64, error) {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO interventions (title, aim, methodology, mechanism, lead_agency,
				partner_agencies, start_date, end_date, status, cost_pence, intended_outcomes, created_by, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			in.Title, in.Aim, in.Methodology, in.Mechanism, in.LeadAgency, versioned.NonNil(in.Partners), in.StartDate,
			in.EndDate, in.Status, in.Cost, in.IntendedOutcomes, versioned.Actor(ctx)).Scan(&id)
		return id, err
	}, func(_ *Intervention, in *Input) map[string]any {
		return map[string]any{"title": in.Title, "methodology": in.Methodology, "places": in.Places, "analyses": in.Analyses}
	})
}

// Update lays the JSON object patch over intervention id's current fields (a member present
// replaces the field, null clears end_date or cost, an absent member keeps it) and stores the
// result as the next version, audit-logged. version is the version the change was made
// against: any other is refused with 412 and nothing changes. Only a draft or a returned
// intervention can be edited (409 otherwise).
func (s *Store) Update(ctx context.Context, id int64, version int, patch []byte) (*Intervention, error) {
	return interventions.Update(ctx, s.pool, id, version, patch, func(cur *Intervention) error {
		if cur.ReviewStatus != ReviewDraft && cur.ReviewStatus != ReviewReturned {
			return apperr.Errorf(apperr.Conflict, "intervention %d is %s; only a draft or returned intervention can be edited", id, cur.ReviewStatus)
		}
		return nil
	}, func(tx pgx.Tx, in *Input) error {
		_, err := tx.Exec(ctx, `UPDATE interventions SET title = $2, aim = $3, methodology = $4, mechanism = $5,
				lead_agency = $6, partner_agencies = $7, start_date = $8, end_date = $9, status = $10, cost_pence = $11,
				intended_outcomes = $12, version = version + 1, updated_at = now(), updated_by = $13
			WHERE id = $1`, id, in.Title, in.Aim, in.Methodology, in.Mechanism, in.LeadAgency, versioned.NonNil(in.Partners),
			in.StartDate, in.EndDate, in.Status, in.Cost, in.IntendedOutcomes, versioned.Actor(ctx))
		return err
	})
}
