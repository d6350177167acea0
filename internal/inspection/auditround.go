package inspection

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/versioned"
)

// Grades an agency gives its own practice in a child's case, in a preparation audit round
// (the grades multi-agency audit tools use; a JTAI letter itself has no grades).
var Grades = []string{"outstanding", "good", "requires_improvement", "inadequate"}

// RoundEvery is how often partnerships audit practice on the current theme: each time the
// inspectorates announce new themes, every six months.
const RoundEvery = 6 // months

// maxRoundCases bounds a round's sample, as the inspectors' list of children is bounded.
const maxRoundCases = MaxSample

// AuditRound is one round of the partnership's rolling practice audits.
type AuditRound struct {
	ID         int64         `json:"id"`
	Title      string        `json:"title"`
	PeriodFrom calendar.Date `json:"period_from"`
	PeriodTo   calendar.Date `json:"period_to"`
	// Status is "open" while agencies grade, "complete" once the round's learning is agreed.
	Status      string        `json:"status"`
	Learning    string        `json:"learning"`
	CompletedOn calendar.Date `json:"completed_on"`
	Cases       []*RoundCase  `json:"cases"`
	// Gradings counts the gradings the round needs (one per case and involved agency) and
	// Complete those done.
	Gradings int              `json:"gradings"`
	Complete int              `json:"complete"`
	ByAgency []AgencyGradings `json:"by_agency"`
	// Phase says whether the round was held while preparing or after notification.
	Phase string `json:"phase"`
	versioned.Stamp
}

// RoundCase is one child's case in an audit round, by pseudonymous reference, with the
// agencies' gradings.
type RoundCase struct {
	ID int64 `json:"id"`
	NewRoundCase
	Gradings []Grading `json:"gradings"`
	Complete bool      `json:"complete"`
}

// Grading is one agency's audit of its practice in a case: what it last recorded, and when.
type Grading struct {
	Agency string `json:"agency"`
	GradingUpdate
	UpdatedAt *time.Time `json:"updated_at"`
}

// AgencyGradings is one agency's part of a round: gradings needed, done, and the grades given.
type AgencyGradings struct {
	Agency   string         `json:"agency"`
	Gradings int            `json:"gradings"`
	Complete int            `json:"complete"`
	Grades   map[string]int `json:"grades"`
}

// NewRound is the body of POST …/audit-rounds.
type NewRound struct {
	Title      string `json:"title"`
	PeriodFrom string `json:"period_from"`
	PeriodTo   string `json:"period_to"`
}

// RoundPatch changes a round; nil fields are left as they are. Status "complete" needs every
// grading done; "open" reopens a completed round.
type RoundPatch struct {
	Title    *string `json:"title"`
	Learning *string `json:"learning"`
	Status   *string `json:"status"`
}

// NewRoundCase is the body of POST …/audit-rounds/{round}/cases.
type NewRoundCase struct {
	Reference string   `json:"reference"`
	Agencies  []string `json:"agencies"`
}

// GradingUpdate is the body of PUT …/cases/{case}/gradings/{agency}.
type GradingUpdate struct {
	Status    string  `json:"status"`
	Grade     *string `json:"grade"`
	Strengths string  `json:"strengths"`
	Learning  string  `json:"learning"`
}

// roundKind reads audit rounds, earliest first, with their cases, gradings and counts.
var roundKind = kind[*AuditRound]{name: "audit round", table: "audit_rounds", path: "audit-rounds", list: rounds}

// AddRound opens an audit round over the period of practice it looks at.
func (s *Store) AddRound(ctx context.Context, inspectionID int64, n NewRound) (*AuditRound, error) {
	if err := checkText("title", n.Title, 200, true, false); err != nil {
		return nil, err
	}
	from, err := parseDay("period_from", n.PeriodFrom)
	if err != nil {
		return nil, err
	}
	to, err := parseDay("period_to", n.PeriodTo)
	if err != nil {
		return nil, err
	}
	if to.Before(from) {
		return nil, apperr.Errorf(apperr.Unprocessable, "period_to %s is before period_from %s", to, from)
	}
	return roundKind.add(ctx, s, inspectionID, "audit_round.add", func(tx pgx.Tx) (int64, map[string]any, error) {
		h, err := head(ctx, tx, inspectionID)
		if err != nil {
			return 0, nil, err
		}
		phase := PhaseInspection
		if h.preparing() {
			phase = PhasePreparation
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO audit_rounds (inspection_id, title, period_from, period_to, phase, created_by, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, inspectionID, strings.TrimSpace(n.Title), from.Time(), to.Time(), phase, actor(ctx)).Scan(&id)
		return id, map[string]any{"period_from": from.String(), "period_to": to.String()}, err
	})
}

// Rounds returns the inspection's audit rounds, earliest first: the history of its audits,
// from preparation to the inspection.
func (s *Store) Rounds(ctx context.Context, inspectionID int64) ([]*AuditRound, error) {
	return inReadTx(ctx, s.pool, true, func(tx pgx.Tx) ([]*AuditRound, error) { return rounds(ctx, tx, inspectionID, 0) })
}

// Round returns one audit round with its cases and gradings.
func (s *Store) Round(ctx context.Context, inspectionID, id int64) (*AuditRound, error) {
	return roundKind.read(ctx, s, true, inspectionID, id)
}

// UpdateRound applies p to a round at version.
func (s *Store) UpdateRound(ctx context.Context, inspectionID, id int64, version int, p RoundPatch) (*AuditRound, error) {
	if err := firstError(optText("title", p.Title, 200, true, false), optFreeText("learning", p.Learning, 20000, false)); err != nil {
		return nil, err
	}
	if p.Status != nil && *p.Status != "open" && *p.Status != "complete" {
		return nil, apperr.Errorf(apperr.Unprocessable, "status %q: want open or complete", *p.Status)
	}
	return roundKind.change(ctx, s, inspectionID, id, version, "audit_round.update", nil, func(tx pgx.Tx) (map[string]any, error) {
		if p.Status != nil && *p.Status == "complete" {
			r, err := roundKind.get(ctx, tx, inspectionID, id)
			if err != nil {
				return nil, err
			}
			if len(r.Cases) == 0 || r.Complete < r.Gradings {
				return nil, apperr.Errorf(apperr.Unprocessable, "audit round %d has %d of %d gradings complete over %d cases: complete every grading before the round",
					id, r.Complete, r.Gradings, len(r.Cases))
			}
		}
		_, err := tx.Exec(ctx, `UPDATE audit_rounds SET title = COALESCE($2, title), learning = COALESCE($3, learning),
				status = COALESCE($4, status),
				completed_on = CASE WHEN COALESCE($4, status) = 'complete' THEN COALESCE(completed_on, $5) END,
				version = version + 1, updated_at = now(), updated_by = $6 WHERE id = $1`,
			id, p.Title, p.Learning, p.Status, s.Today().Time(), actor(ctx))
		return map[string]any{"status": p.Status}, err
	})
}

// changeOpenRound runs write, which changes the cases or gradings of an open round of the
// inspection and returns the audit parameters, in a transaction (what names the change in
// errors); moves the round's version on, audit-logs action on the changed part at path under
// the round, and answers the round as read back.
func (s *Store) changeOpenRound(ctx context.Context, inspectionID, id int64, what, action string, path func() string,
	write func(tx pgx.Tx) (map[string]any, error)) (*AuditRound, error) {
	return inTx(ctx, s.pool, what, func(tx pgx.Tx) (*AuditRound, error) {
		var status string
		if _, err := roundKind.row(inspectionID, id).Current(ctx, tx, ", status", &status); err != nil {
			return nil, err
		}
		if status == "complete" {
			return nil, apperr.Errorf(apperr.Conflict, "audit round %d is complete; reopen it (status open) to change it", id)
		}
		params, err := write(tx)
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `UPDATE audit_rounds SET version = version + 1, updated_at = now(), updated_by = $2 WHERE id = $1`, id, actor(ctx)); err != nil {
			return nil, err
		}
		return recorded(ctx, tx, action, roundKind.resource(inspectionID, id)+path(), params, func() (*AuditRound, error) {
			return roundKind.get(ctx, tx, inspectionID, id)
		})
	})
}

// AddRoundCase adds a child's case to an open round by pseudonymous reference, with the
// agencies involved (each grades its own practice).
func (s *Store) AddRoundCase(ctx context.Context, inspectionID, roundID int64, n NewRoundCase) (*AuditRound, error) {
	if err := CheckReference(n.Reference); err != nil {
		return nil, err
	}
	if err := checkAgencies(n.Agencies); err != nil {
		return nil, err
	}
	var id int64
	return s.changeOpenRound(ctx, inspectionID, roundID, fmt.Sprintf("add case to audit round %d", roundID), "audit_round.case_add",
		func() string { return fmt.Sprintf("/cases/%d", id) }, // the audit log names the row, not the reference
		func(tx pgx.Tx) (map[string]any, error) {
			var count int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM audit_round_cases WHERE round_id = $1`, roundID).Scan(&count); err != nil {
				return nil, err
			}
			if count >= maxRoundCases {
				return nil, apperr.Errorf(apperr.Unprocessable, "an audit round holds at most %d cases, and this one has %d", maxRoundCases, count)
			}
			err := tx.QueryRow(ctx, `INSERT INTO audit_round_cases (round_id, reference, agencies, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
				roundID, n.Reference, n.Agencies, actor(ctx)).Scan(&id)
			if postgres.IsUniqueViolation(err) {
				return nil, apperr.Errorf(apperr.Conflict, "reference %s is already in audit round %d", n.Reference, roundID)
			}
			return map[string]any{"agencies": n.Agencies}, err
		})
}

// SetGrading records one agency's audit of its practice in a case of an open round. A
// complete grading needs a grade.
func (s *Store) SetGrading(ctx context.Context, inspectionID, roundID, caseID int64, agency string, u GradingUpdate) (*AuditRound, error) {
	if err := oneOf("status", &u.Status, AuditStatuses); err != nil {
		return nil, err
	}
	if err := oneOf("grade", u.Grade, Grades); err != nil {
		return nil, err
	}
	if u.Status == "complete" && u.Grade == nil {
		return nil, apperr.Errorf(apperr.Unprocessable, "a complete grading needs a grade (%s)", strings.Join(Grades, ", "))
	}
	for field, v := range map[string]string{"strengths": u.Strengths, "learning": u.Learning} {
		if err := checkFreeText(field, v, 20000, false); err != nil {
			return nil, err
		}
	}
	return s.changeOpenRound(ctx, inspectionID, roundID, fmt.Sprintf("set %s grading of case %d", agency, caseID), "audit_round.grading",
		func() string { return fmt.Sprintf("/cases/%d/gradings/%s", caseID, agency) },
		func(tx pgx.Tx) (map[string]any, error) {
			var agencies []string
			err := tx.QueryRow(ctx, `SELECT agencies FROM audit_round_cases WHERE round_id = $1 AND id = $2`, roundID, caseID).Scan(&agencies)
			if errors.Is(err, pgx.ErrNoRows) {
				return nil, apperr.Errorf(apperr.NotFound, "audit round %d has no case %d", roundID, caseID)
			}
			if err != nil {
				return nil, err
			}
			if err := involved(agency, agencies, fmt.Sprintf("in case %d", caseID)); err != nil {
				return nil, err
			}
			_, err = tx.Exec(ctx, `INSERT INTO audit_gradings (case_id, agency, status, grade, strengths, learning, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id, agency) DO UPDATE SET status = EXCLUDED.status, grade = EXCLUDED.grade,
				strengths = EXCLUDED.strengths, learning = EXCLUDED.learning, updated_at = now(), updated_by = EXCLUDED.updated_by`,
				caseID, agency, u.Status, u.Grade, u.Strengths, u.Learning, actor(ctx))
			return map[string]any{"status": u.Status, "grade": u.Grade}, err
		})
}
