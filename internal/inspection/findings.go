package inspection

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/versioned"
)

// FindingKinds are what a JTAI letter sets out: strengths, areas for improvement and, where
// needed, areas for priority action.
var FindingKinds = []string{"strength", "area_for_improvement", "area_for_priority_action"}

// Finding is one finding of the inspection's letter: its kind, text and lines as last recorded.
type Finding struct {
	ID int64 `json:"id"`
	NewFinding
	versioned.Stamp
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
	if err := firstError(oneOf("kind", kind, FindingKinds), optText("text", text, 20000, true, true)); err != nil {
		return err
	}
	if lines != nil {
		return h.checkLines(*lines)
	}
	return nil
}

// findingKind reads findings: strengths first, then areas for improvement, then areas for
// priority action, each in the order recorded.
var findingKind = kind[*Finding]{name: "finding", table: "findings", path: "findings",
	list: func(ctx context.Context, q versioned.Querier, inspectionID, id int64) ([]*Finding, error) {
		list, err := collect(ctx, q, "list findings", pgx.RowToAddrOfStructByName[Finding], `SELECT id, kind, text, line_keys AS lines,
			version, created_at, updated_at FROM findings WHERE inspection_id = $1 AND ($2::bigint = 0 OR id = $2)
			ORDER BY array_position(ARRAY['strength', 'area_for_improvement', 'area_for_priority_action'], kind), id`, inspectionID, id)
		for _, f := range list {
			f.Lines = orEmpty(f.Lines)
		}
		return list, err
	}}

// AddFinding records a finding of the letter.
func (s *Store) AddFinding(ctx context.Context, inspectionID int64, n NewFinding) (*Finding, error) {
	return findingKind.add(ctx, s, inspectionID, "finding.add", func(tx pgx.Tx) (int64, map[string]any, error) {
		h, err := head(ctx, tx, inspectionID)
		if err != nil {
			return 0, nil, err
		}
		if err := checkFinding(h, &n.Kind, &n.Text, &n.Lines); err != nil {
			return 0, nil, err
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO findings (inspection_id, kind, text, line_keys, created_by, updated_by)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, inspectionID, n.Kind, n.Text, orEmpty(n.Lines), actor(ctx)).Scan(&id)
		return id, map[string]any{"kind": n.Kind}, err
	})
}

// Findings returns the letter's findings: strengths first, then areas for improvement, then
// areas for priority action, each in the order recorded.
func (s *Store) Findings(ctx context.Context, inspectionID int64) ([]*Finding, error) {
	return findingKind.all(ctx, s, false, inspectionID)
}

// UpdateFinding applies p to a finding at version.
func (s *Store) UpdateFinding(ctx context.Context, inspectionID, id int64, version int, p FindingPatch) (*Finding, error) {
	return findingKind.change(ctx, s, inspectionID, id, version, "finding.update", func(tx pgx.Tx) error {
		h, err := head(ctx, tx, inspectionID)
		if err != nil {
			return err
		}
		return checkFinding(h, p.Kind, p.Text, p.Lines)
	}, func(tx pgx.Tx) (map[string]any, error) {
		var lines any
		if p.Lines != nil {
			lines = orEmpty(*p.Lines)
		}
		_, err := tx.Exec(ctx, `UPDATE findings SET kind = COALESCE($2, kind), text = COALESCE($3, text),
			line_keys = COALESCE($4, line_keys), version = version + 1, updated_at = now(), updated_by = $5 WHERE id = $1`,
			id, p.Kind, p.Text, lines, actor(ctx))
		return map[string]any{"kind": p.Kind}, err
	})
}

// DeleteFinding removes a finding; actions that answered it keep their text and lose the link.
func (s *Store) DeleteFinding(ctx context.Context, inspectionID, id int64) error {
	return findingKind.remove(ctx, s, inspectionID, id, "finding.delete", "", nil)
}
