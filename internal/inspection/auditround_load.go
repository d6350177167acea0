package inspection

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/inspection/calendar"
	"github.com/placesafe/placesafe/internal/versioned"
)

// rounds loads the inspection's audit rounds (only round id when id > 0) with their cases,
// gradings and counts.
func rounds(ctx context.Context, tx versioned.Querier, inspectionID, id int64) ([]*AuditRound, error) {
	if _, err := head(ctx, tx, inspectionID); err != nil {
		return nil, err
	}
	list, err := collect(ctx, tx, "load audit rounds", func(r pgx.CollectableRow) (*AuditRound, error) {
		a := &AuditRound{Cases: []*RoundCase{}, ByAgency: []AgencyGradings{}}
		var from, to time.Time
		var completed *time.Time
		err := r.Scan(&a.ID, &a.Title, &from, &to, &a.Status, &a.Learning, &completed, &a.Phase, &a.Version, &a.CreatedAt, &a.UpdatedAt)
		a.PeriodFrom, a.PeriodTo = calendar.DateOf(from), calendar.DateOf(to)
		if completed != nil {
			a.CompletedOn = calendar.DateOf(*completed)
		}
		return a, err
	}, `SELECT id, title, period_from, period_to, status, learning, completed_on, phase, version, created_at, updated_at
		FROM audit_rounds WHERE inspection_id = $1 AND ($2::bigint = 0 OR id = $2) ORDER BY period_from, id`, inspectionID, id)
	if err != nil {
		return nil, err
	}
	byID, ids := indexed(list, func(a *AuditRound) int64 { return a.ID })
	type roundCase struct {
		RoundCase
		RoundID int64
	}
	cs, err := collect(ctx, tx, "load audit round cases", pgx.RowToStructByNameLax[roundCase],
		`SELECT id, round_id, reference, agencies FROM audit_round_cases WHERE round_id = ANY($1) ORDER BY id`, ids)
	if err != nil {
		return nil, err
	}
	for _, rc := range cs {
		c := &rc.RoundCase
		c.Gradings = []Grading{}
		byID[rc.RoundID].Cases = append(byID[rc.RoundID].Cases, c)
	}
	gradings, err := collect(ctx, tx, "load audit gradings", func(r pgx.CollectableRow) (cell[int64, string, Grading], error) {
		var c cell[int64, string, Grading]
		err := r.Scan(&c.row, &c.v.Agency, &c.v.Status, &c.v.Grade, &c.v.Strengths, &c.v.Learning, &c.v.UpdatedAt)
		c.col = c.v.Agency
		return c, err
	}, `SELECT g.case_id, g.agency, g.status, g.grade, g.strengths, g.learning, g.updated_at
		FROM audit_gradings g JOIN audit_round_cases c ON c.id = g.case_id WHERE c.round_id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	done := table(gradings)
	for _, a := range list {
		per := map[string]*AgencyGradings{}
		for _, c := range a.Cases {
			c.Complete = true
			for _, ag := range c.Agencies {
				g, ok := done[c.ID][ag]
				if !ok {
					g = Grading{Agency: ag, GradingUpdate: GradingUpdate{Status: "not_started"}}
				}
				c.Gradings = append(c.Gradings, g)
				p := per[ag]
				if p == nil {
					p = &AgencyGradings{Agency: ag, Grades: map[string]int{}}
					per[ag] = p
				}
				p.Gradings++
				a.Gradings++
				if g.Status == "complete" {
					p.Complete++
					a.Complete++
					p.Grades[*g.Grade]++
				} else {
					c.Complete = false
				}
			}
		}
		for _, ag := range Agencies {
			if p := per[ag.Key]; p != nil {
				a.ByAgency = append(a.ByAgency, *p)
			}
		}
	}
	return list, nil
}
