package inspection

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/versioned"
)

// FindingKinds are what a JTAI letter sets out: strengths, areas for improvement and, where
// needed, areas for priority action.
var FindingKinds = []string{"strength", "area_for_improvement", "area_for_priority_action"}

// Finding is one finding of the inspection's letter.
type Finding struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Text      string    `json:"text"`
	Lines     []string  `json:"lines"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// NewFinding is the body of POST …/findings.
type NewFinding struct {
	Kind  string   `json:"kind"`
	Text  string   `json:"text"`
	Lines []string `json:"lines"`
}

// FindingPatch changes a finding; nil fields are left as they are.
type FindingPatch struct {
	Kind  *string   `json:"kind"`
	Text  *string   `json:"text"`
	Lines *[]string `json:"lines"`
}

func checkFinding(h inspectionHead, kind, text *string, lines *[]string) error {
	if kind != nil && !slices.Contains(FindingKinds, *kind) {
		return apperr.Errorf(apperr.Unprocessable, "kind %q: want one of %s", *kind, strings.Join(FindingKinds, ", "))
	}
	if text != nil {
		if err := checkText("text", *text, 20000, true, true); err != nil {
			return err
		}
	}
	if lines != nil {
		return h.checkLines(*lines)
	}
	return nil
}

func findingResource(inspectionID, id int64) string {
	return fmt.Sprintf("%s/findings/%d", inspectionResource(inspectionID), id)
}

// AddFinding records a finding of the letter.
func (s *Store) AddFinding(ctx context.Context, inspectionID int64, n NewFinding) (*Finding, error) {
	return inTx(ctx, s.pool, fmt.Sprintf("add finding to inspection %d", inspectionID), func(tx pgx.Tx) (*Finding, error) {
		h, err := head(ctx, tx, inspectionID)
		if err != nil {
			return nil, err
		}
		if err := checkFinding(h, &n.Kind, &n.Text, &n.Lines); err != nil {
			return nil, err
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO findings (inspection_id, kind, text, line_keys, created_by, updated_by)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, inspectionID, n.Kind, n.Text, orEmpty(n.Lines), actor(ctx)).Scan(&id); err != nil {
			return nil, err
		}
		return recorded(ctx, tx, "finding.add", findingResource(inspectionID, id), map[string]any{"kind": n.Kind}, func() (*Finding, error) { return finding(ctx, tx, inspectionID, id) })
	})
}

const findingColumns = `id, kind, text, line_keys, version, created_at, updated_at`

func scanFinding(r pgx.CollectableRow) (*Finding, error) {
	f := &Finding{}
	err := r.Scan(&f.ID, &f.Kind, &f.Text, &f.Lines, &f.Version, &f.CreatedAt, &f.UpdatedAt)
	f.Lines = orEmpty(f.Lines)
	return f, err
}

func finding(ctx context.Context, q versioned.Querier, inspectionID, id int64) (*Finding, error) {
	rows, err := q.Query(ctx, `SELECT `+findingColumns+` FROM findings WHERE inspection_id = $1 AND id = $2`, inspectionID, id)
	if err != nil {
		return nil, err
	}
	f, err := pgx.CollectExactlyOneRow(rows, scanFinding)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "inspection %d has no finding %d", inspectionID, id)
	}
	return f, err
}

// Findings returns the letter's findings: strengths first, then areas for improvement, then
// areas for priority action, each in the order recorded.
func (s *Store) Findings(ctx context.Context, inspectionID int64) ([]*Finding, error) {
	return inReadTx(ctx, s.pool, false, func(tx pgx.Tx) ([]*Finding, error) { return findings(ctx, tx, inspectionID) })
}

func findings(ctx context.Context, tx pgx.Tx, inspectionID int64) ([]*Finding, error) {
	if _, err := head(ctx, tx, inspectionID); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT `+findingColumns+` FROM findings WHERE inspection_id = $1
		ORDER BY array_position(ARRAY['strength', 'area_for_improvement', 'area_for_priority_action'], kind), id`, inspectionID)
	if err != nil {
		return nil, fmt.Errorf("list findings: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanFinding)
	if err != nil {
		return nil, fmt.Errorf("list findings: %w", err)
	}
	return orEmpty(list), nil
}

// UpdateFinding applies p to a finding at version.
func (s *Store) UpdateFinding(ctx context.Context, inspectionID, id int64, version int, p FindingPatch) (*Finding, error) {
	return inTx(ctx, s.pool, fmt.Sprintf("update finding %d", id), func(tx pgx.Tx) (*Finding, error) {
		h, err := head(ctx, tx, inspectionID)
		if err != nil {
			return nil, err
		}
		if err := checkFinding(h, p.Kind, p.Text, p.Lines); err != nil {
			return nil, err
		}
		if err := lockChild(ctx, tx, "findings", inspectionID, id, version, fmt.Sprintf("finding %d", id)); err != nil {
			return nil, err
		}
		var lines any
		if p.Lines != nil {
			lines = orEmpty(*p.Lines)
		}
		if _, err := tx.Exec(ctx, `UPDATE findings SET kind = COALESCE($2, kind), text = COALESCE($3, text),
			line_keys = COALESCE($4, line_keys), version = version + 1, updated_at = now(), updated_by = $5 WHERE id = $1`,
			id, p.Kind, p.Text, lines, actor(ctx)); err != nil {
			return nil, err
		}
		return recorded(ctx, tx, "finding.update", findingResource(inspectionID, id), map[string]any{"kind": p.Kind}, func() (*Finding, error) { return finding(ctx, tx, inspectionID, id) })
	})
}

// lockChild locks row id of table (which has inspection_id and version columns) and checks it
// is the inspection's and at version. table is one of this package's constants.
func lockChild(ctx context.Context, tx pgx.Tx, table string, inspectionID, id int64, version int, what string) error {
	var current int
	err := tx.QueryRow(ctx, `SELECT version FROM `+table+` WHERE inspection_id = $1 AND id = $2 FOR UPDATE`, inspectionID, id).Scan(&current)
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.Errorf(apperr.NotFound, "inspection %d has no %s", inspectionID, what)
	}
	if err != nil {
		return fmt.Errorf("lock %s: %w", what, err)
	}
	if current != version {
		return stale(what, current, version)
	}
	return nil
}

// deleteChildRow deletes row id of table belonging to the inspection, audit-logged.
func (s *Store) deleteChildRow(ctx context.Context, table, action, resource string, inspectionID, id int64, what string) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE inspection_id = $1 AND id = $2`, inspectionID, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return apperr.Errorf(apperr.NotFound, "inspection %d has no %s", inspectionID, what)
		}
		return audit.Record(ctx, tx, action, resource, nil, -1)
	})
	if err != nil {
		return fmt.Errorf("delete %s: %w", what, err)
	}
	return nil
}

// DeleteFinding removes a finding; actions that answered it keep their text and lose the link.
func (s *Store) DeleteFinding(ctx context.Context, inspectionID, id int64) error {
	return s.deleteChildRow(ctx, "findings", "finding.delete", findingResource(inspectionID, id), inspectionID, id, fmt.Sprintf("finding %d", id))
}
