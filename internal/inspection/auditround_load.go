package inspection

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/inspection/calendar"
)

// rounds loads the inspection's audit rounds (only round id when id > 0) with their cases,
// gradings and counts.
func rounds(ctx context.Context, tx pgx.Tx, inspectionID, id int64) ([]*AuditRound, error) {
	if _, err := head(ctx, tx, inspectionID); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT id, title, period_from, period_to, status, learning, completed_on, phase, version, created_at, updated_at
		FROM audit_rounds WHERE inspection_id = $1 AND ($2::bigint = 0 OR id = $2) ORDER BY period_from, id`, inspectionID, id)
	if err != nil {
		return nil, fmt.Errorf("load audit rounds: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*AuditRound, error) {
		a := &AuditRound{Cases: []*RoundCase{}, ByAgency: []AgencyGradings{}}
		var from, to time.Time
		var completed *time.Time
		err := r.Scan(&a.ID, &a.Title, &from, &to, &a.Status, &a.Learning, &completed, &a.Phase, &a.Version, &a.CreatedAt, &a.UpdatedAt)
		a.PeriodFrom, a.PeriodTo = calendar.DateOf(from), calendar.DateOf(to)
		if completed != nil {
			a.CompletedOn = calendar.DateOf(*completed)
		}
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("load audit rounds: %w", err)
	}
	if len(list) == 0 {
		return []*AuditRound{}, nil
	}
	byID := map[int64]*AuditRound{}
	ids := make([]int64, len(list))
	for i, a := range list {
		byID[a.ID], ids[i] = a, a.ID
	}
	rows, err = tx.Query(ctx, `SELECT id, round_id, reference, agencies FROM audit_round_cases WHERE round_id = ANY($1) ORDER BY id`, ids)
	if err != nil {
		return nil, fmt.Errorf("load audit round cases: %w", err)
	}
	cases := map[int64]*RoundCase{}
	caseRound := map[int64]int64{}
	for rows.Next() {
		c := &RoundCase{Gradings: []Grading{}}
		var rid int64
		if err := rows.Scan(&c.ID, &rid, &c.Reference, &c.Agencies); err != nil {
			rows.Close()
			return nil, fmt.Errorf("load audit round cases: %w", err)
		}
		cases[c.ID], caseRound[c.ID] = c, rid
		byID[rid].Cases = append(byID[rid].Cases, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load audit round cases: %w", err)
	}
	rows, err = tx.Query(ctx, `SELECT g.case_id, g.agency, g.status, g.grade, g.strengths, g.learning, g.updated_at
		FROM audit_gradings g JOIN audit_round_cases c ON c.id = g.case_id WHERE c.round_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("load audit gradings: %w", err)
	}
	done := map[int64]map[string]Grading{}
	for rows.Next() {
		var cid int64
		var g Grading
		if err := rows.Scan(&cid, &g.Agency, &g.Status, &g.Grade, &g.Strengths, &g.Learning, &g.UpdatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("load audit gradings: %w", err)
		}
		if done[cid] == nil {
			done[cid] = map[string]Grading{}
		}
		done[cid][g.Agency] = g
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load audit gradings: %w", err)
	}
	for _, a := range list {
		per := map[string]*AgencyGradings{}
		for _, c := range a.Cases {
			c.Complete = true
			for _, ag := range c.Agencies {
				g, ok := done[c.ID][ag]
				if !ok {
					g = Grading{Agency: ag, Status: "not_started"}
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
