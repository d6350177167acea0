package inspection

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/versioned"
)

// RAG ratings of a self-assessment.
var RAGs = []string{"red", "amber", "green"}

// Assessment is one version of a line's self-assessment (the partnership's "mini SEF").
type Assessment struct {
	Version   int       `json:"version"`
	Narrative string    `json:"narrative"`
	RAG       string    `json:"rag"`
	CreatedBy *int64    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// LineAssessment is a line of enquiry with its current self-assessment and, when asked for,
// every earlier version (newest first).
type LineAssessment struct {
	Line     Line         `json:"line"`
	Current  *Assessment  `json:"current"`
	Versions int          `json:"versions"`
	History  []Assessment `json:"history,omitempty"`
}

// NewAssessment is the body of POST …/self-assessment/{line}.
type NewAssessment struct {
	Narrative string `json:"narrative"`
	RAG       string `json:"rag"`
}

// AddAssessment records a new version of a line's self-assessment.
func (s *Store) AddAssessment(ctx context.Context, inspectionID int64, lineKey string, n NewAssessment) (*LineAssessment, error) {
	if err := checkText("narrative", n.Narrative, 20000, true, true); err != nil {
		return nil, err
	}
	if !slices.Contains(RAGs, n.RAG) {
		return nil, apperr.Errorf(apperr.Unprocessable, "rag %q: want red, amber or green", n.RAG)
	}
	var out *LineAssessment
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Lock the inspection so that two versions of one line cannot take the same number.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM inspections WHERE id = $1 FOR UPDATE`, inspectionID); err != nil {
			return err
		}
		h, err := head(ctx, tx, inspectionID)
		if err != nil {
			return err
		}
		l, ok := line(h.Lines, lineKey)
		if !ok {
			return apperr.Errorf(apperr.NotFound, "no line %q in the %s framework", lineKey, h.Framework)
		}
		var version int
		if err := tx.QueryRow(ctx, `INSERT INTO self_assessments (inspection_id, line_key, narrative, rag, version, created_by)
			SELECT $1, $2, $3, $4, COALESCE(MAX(version), 0) + 1, $5 FROM self_assessments WHERE inspection_id = $1 AND line_key = $2
			RETURNING version`, inspectionID, lineKey, n.Narrative, n.RAG, actor(ctx)).Scan(&version); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, "self_assessment.add", fmt.Sprintf("%s/self-assessment/%s", inspectionResource(inspectionID), lineKey),
			map[string]any{"rag": n.RAG, "version": version}, -1); err != nil {
			return err
		}
		all, err := assessments(ctx, tx, inspectionID, h.Lines, true, lineKey)
		if err != nil {
			return err
		}
		all[0].Line = l
		out = &all[0]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("add self-assessment of %s: %w", lineKey, err)
	}
	return out, nil
}

// Assessments returns every line of the inspection's framework with its current
// self-assessment (nil when none yet); with history, every version of each.
func (s *Store) Assessments(ctx context.Context, inspectionID int64, history bool) ([]LineAssessment, error) {
	var out []LineAssessment
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		h, err := head(ctx, tx, inspectionID)
		if err != nil {
			return err
		}
		out, err = assessments(ctx, tx, inspectionID, h.Lines, history, "")
		return err
	})
	return out, err
}

// Assessment returns one line's current self-assessment and its history.
func (s *Store) Assessment(ctx context.Context, inspectionID int64, lineKey string) (*LineAssessment, error) {
	var out *LineAssessment
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		h, err := head(ctx, tx, inspectionID)
		if err != nil {
			return err
		}
		if _, ok := line(h.Lines, lineKey); !ok {
			return apperr.Errorf(apperr.NotFound, "no line %q in the %s framework", lineKey, h.Framework)
		}
		all, err := assessments(ctx, tx, inspectionID, h.Lines, true, lineKey)
		if err != nil {
			return err
		}
		out = &all[0]
		return nil
	})
	return out, err
}

// assessments lists the lines (only lineKey when not "") with their versions.
func assessments(ctx context.Context, q versioned.Querier, inspectionID int64, lines []Line, history bool, lineKey string) ([]LineAssessment, error) {
	rows, err := q.Query(ctx, `SELECT line_key, version, narrative, rag, created_by, created_at FROM self_assessments
		WHERE inspection_id = $1 AND ($2 = '' OR line_key = $2) ORDER BY line_key, version DESC`, inspectionID, lineKey)
	if err != nil {
		return nil, fmt.Errorf("load self-assessments: %w", err)
	}
	byLine := map[string][]Assessment{}
	for rows.Next() {
		var key string
		var a Assessment
		if err := rows.Scan(&key, &a.Version, &a.Narrative, &a.RAG, &a.CreatedBy, &a.CreatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("load self-assessments: %w", err)
		}
		byLine[key] = append(byLine[key], a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load self-assessments: %w", err)
	}
	var out []LineAssessment
	for _, l := range lines {
		if lineKey != "" && l.Key != lineKey {
			continue
		}
		versions := byLine[l.Key]
		la := LineAssessment{Line: l, Versions: len(versions)}
		if len(versions) > 0 {
			la.Current = &versions[0]
			if history {
				la.History = versions
			}
		}
		if history && la.History == nil {
			la.History = []Assessment{}
		}
		out = append(out, la)
	}
	return out, nil
}
