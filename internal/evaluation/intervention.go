package evaluation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/outcome"
)

// DefaultMonths is the length of the default pre and post periods either side of a start date.
const DefaultMonths = 12

// DefaultBufferRings is the default displacement buffer of an intervention: two rings of
// resolution-10 cells, about 230 m round its places — displaced offending mostly moves a short
// way (Guerette & Bowers 2009 found it rare and local).
const DefaultBufferRings = 2

// InterventionEvaluation is an intervention's evaluation with its EMMIE fields and the survey
// measures of its places.
type InterventionEvaluation struct {
	InterventionID int64    `json:"intervention_id"`
	Title          string   `json:"title"`
	StartDate      string   `json:"start_date"`
	Result         *Result  `json:"evaluation"`
	EMMIE          EMMIE    `json:"emmie"`
	Surveys        []Survey `json:"surveys"`
}

// EMMIE are the fields of the What Works Centre for Crime Reduction's EMMIE framework.
type EMMIE struct {
	Effect                        string   `json:"effect"`
	Mechanism                     string   `json:"mechanism"`
	Moderators                    string   `json:"moderators"`
	Implementation                string   `json:"implementation"`
	Economic                      string   `json:"economic"`
	CostPence                     *int64   `json:"cost_pence"`
	CostPerIncidentPreventedPence *float64 `json:"cost_per_incident_prevented_pence"`
}

type interventionRow struct {
	id         int64
	title      string
	mechanism  string
	start, end *time.Time
	cost       *int64
	places     []int64
}

// loadIntervention loads intervention id with those of its places the request sees: a user of
// some local areas evaluates the intervention where it works in theirs.
func (s *Service) loadIntervention(ctx context.Context, id int64) (*interventionRow, error) {
	r := &interventionRow{id: id}
	seen, areas := area.ViewerFrom(ctx).FilterThrough("place_local_areas", "place_id", "ip.place_id", 2)
	err := s.pool.QueryRow(ctx, `SELECT title, mechanism, start_date, end_date, cost_pence,
			coalesce((SELECT array_agg(place_id ORDER BY place_id) FROM intervention_places ip WHERE intervention_id = i.id AND `+seen+`), '{}')
		FROM interventions i WHERE id = $1`, id, areas).Scan(&r.title, &r.mechanism, &r.start, &r.end, &r.cost, &r.places)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "no intervention %d", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load intervention %d: %w", id, err)
	}
	return r, nil
}

// InterventionRequest builds the default evaluation request of an intervention: its places as
// the target, DefaultBufferRings rings of cells as the buffer, a matched control, and periods of up to
// DefaultMonths either side of its start (the post period ends at the intervention's end or at
// the last day of data, whichever is first, and the pre period has the same length). For a
// viewer without record-level access the data end only as the last day of their last month: the
// day of the latest record is a record-level fact.
func (s *Service) InterventionRequest(ctx context.Context, id int64, v disclosure.Viewer) (*Request, []string, *interventionRow, error) {
	iv, err := s.loadIntervention(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if iv.start == nil {
		return nil, nil, iv, apperr.Errorf(apperr.Unprocessable, "intervention %d has no start date to evaluate from", id)
	}
	if len(iv.places) == 0 {
		return nil, nil, iv, apperr.Errorf(apperr.Unprocessable, "intervention %d has no places to evaluate", id)
	}
	end, ok, err := s.dataEnd(ctx)
	if err != nil {
		return nil, nil, iv, err
	}
	if v.Protected() {
		end = time.Date(end.Year(), end.Month()+1, 0, 0, 0, 0, 0, record.London())
	}
	start := time.Date(iv.start.Year(), iv.start.Month(), iv.start.Day(), 0, 0, 0, 0, record.London())
	if !ok || !end.After(start) {
		return nil, nil, iv, apperr.Errorf(apperr.Unprocessable, "there are no incidents after the intervention's start (%s) to evaluate", start.Format(time.DateOnly))
	}
	var notes []string
	postTo := start.AddDate(0, DefaultMonths, -1)
	if iv.end != nil {
		if e := time.Date(iv.end.Year(), iv.end.Month(), iv.end.Day(), 0, 0, 0, 0, record.London()); e.Before(postTo) {
			postTo = e
		}
	}
	if end.Before(postTo) {
		postTo = end
		notes = append(notes, fmt.Sprintf("the post period is shortened to end on %s, the last day of data (the intervention is still running or the data stop early); the pre period is shortened to match", end.Format(time.DateOnly)))
	}
	days := int(postTo.Sub(start).Hours()/24+0.5) + 1
	preFrom := start.AddDate(0, 0, -days)
	req := &Request{Target: AreaSpec{Places: iv.places}, Buffer: BufferSpec{Rings: DefaultBufferRings}, Control: ControlSpec{Suggest: true},
		Pre:  Period{From: preFrom.Format(time.DateOnly), To: start.AddDate(0, 0, -1).Format(time.DateOnly)},
		Post: Period{From: start.Format(time.DateOnly), To: postTo.Format(time.DateOnly)}}
	return req, notes, iv, nil
}

// EvaluateIntervention evaluates an intervention with its default request.
func (s *Service) EvaluateIntervention(ctx context.Context, id int64, v disclosure.Viewer) (*InterventionEvaluation, error) {
	req, notes, iv, err := s.InterventionRequest(ctx, id, v)
	if err != nil {
		return nil, err
	}
	res, err := s.Evaluate(ctx, req, v)
	if err != nil {
		return nil, err
	}
	res.Notes = append(notes, res.Notes...)
	out := &InterventionEvaluation{InterventionID: id, Title: iv.title, StartDate: iv.start.Format(time.DateOnly), Result: res}
	out.EMMIE = EMMIE{Effect: res.Statement, Mechanism: iv.mechanism, Moderators: "not recorded: the contexts in which the mechanism works are for the evaluator to add",
		CostPence: iv.cost}
	if out.EMMIE.Mechanism == "" {
		out.EMMIE.Mechanism = "not recorded"
	}
	out.EMMIE.Implementation, err = s.implementation(ctx, iv, req, v)
	if err != nil {
		return nil, err
	}
	out.EMMIE.Economic = "no cost recorded"
	if iv.cost != nil && res.TotalNetEffect != nil {
		c, err := outcome.CostPerIncidentPrevented(*iv.cost, *res.TotalNetEffect)
		if err != nil {
			return nil, err
		}
		if c.Defined {
			out.EMMIE.CostPerIncidentPreventedPence = ptr(c.Pence)
			out.EMMIE.Economic = fmt.Sprintf("£%.0f per incident prevented (cost £%.0f, total net effect %.1f incidents)", c.Pence/100, float64(*iv.cost)/100, *res.TotalNetEffect)
		} else {
			out.EMMIE.Economic = fmt.Sprintf("cost £%.0f; no incidents were prevented by the total net effect, so no cost per incident", float64(*iv.cost)/100)
		}
	}
	if out.Surveys, err = s.Surveys(ctx, iv.places, v); err != nil {
		return nil, err
	}
	return out, nil
}

// implementation describes the activity recorded in the target area during the post period.
// Viewers without record-level access get the sessions as the sum of published atoms (a month
// of one local area's activity) and no minutes or contacts. A large place counts in its finest
// stored cells. Only the activity of the local areas the request sees counts.
func (s *Service) implementation(ctx context.Context, iv *interventionRow, req *Request, v disclosure.Viewer) (string, error) {
	inPlaces, args, err := finestCellsSQL(ctx, s.pool, iv.places, "a.h3_cell", 3)
	if err != nil {
		return "", err
	}
	seen, areas := area.ViewerFrom(ctx).Filter("a.local_area_id", 3+len(args))
	rows, err := s.pool.Query(ctx, `SELECT count(*), coalesce(sum(duration_minutes), 0)::bigint, coalesce(sum(contacts_children), 0)::bigint
		FROM activities a WHERE a.started_at >= $1::date AND a.started_at < $2::date + 1 AND `+inPlaces+` AND `+seen+`
		GROUP BY date_trunc('month', a.started_at, 'Europe/London'), `+area.AtomColumn,
		append(append([]any{req.Post.From, req.Post.To}, args...), areas)...)
	if err != nil {
		return "", fmt.Errorf("activity dosage: %w", err)
	}
	defer rows.Close()
	var sessions disclosure.Tally
	var minutes, contacts int64
	for rows.Next() {
		var n, m, k int64
		if err := rows.Scan(&n, &m, &k); err != nil {
			return "", fmt.Errorf("activity dosage: %w", err)
		}
		sessions, minutes, contacts = sessions.Add(v.AreaAtom(n)), minutes+m, contacts+k
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("activity dosage: %w", err)
	}
	n := v.Publish(sessions).Label
	if v.Protected() {
		return fmt.Sprintf("%s recorded activity sessions in the cells of the intervention's places during the post period (%s to %s)", n, req.Post.From, req.Post.To), nil
	}
	return fmt.Sprintf("%s recorded activity sessions (%d hours, %d contacts with children) in the cells of the intervention's places during the post period (%s to %s)",
		n, minutes/60, contacts, req.Post.From, req.Post.To), nil
}
