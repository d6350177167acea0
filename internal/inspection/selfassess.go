package inspection

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/versioned"
)

// RAG ratings of a self-assessment.
var RAGs = []string{"red", "amber", "green"}

// Assessment is one version of a line's self-assessment (the partnership's "mini SEF"): what
// was written, with who wrote it and when.
type Assessment struct {
	Version int `json:"version"`
	NewAssessment
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
	// Lock the inspection so that two versions of one line cannot take the same number.
	return withHead(ctx, s, inspectionID, fmt.Sprintf("add self-assessment of %s", lineKey), true, "", func(tx pgx.Tx, h inspectionHead) (*LineAssessment, error) {
		if _, err := h.line(lineKey); err != nil {
			return nil, err
		}
		var version int
		if err := tx.QueryRow(ctx, `INSERT INTO self_assessments (inspection_id, line_key, narrative, rag, version, created_by)
			SELECT $1, $2, $3, $4, COALESCE(MAX(version), 0) + 1, $5 FROM self_assessments WHERE inspection_id = $1 AND line_key = $2
			RETURNING version`, inspectionID, lineKey, n.Narrative, n.RAG, actor(ctx)).Scan(&version); err != nil {
			return nil, err
		}
		return recorded(ctx, tx, "self_assessment.add", fmt.Sprintf("%s/self-assessment/%s", inspectionResource(inspectionID), lineKey),
			map[string]any{"rag": n.RAG, "version": version}, func() (*LineAssessment, error) { return lineAssessment(ctx, tx, h, lineKey) })
	})
}

// Assessments returns every line of the inspection's framework with its current
// self-assessment (nil when none yet); with history, every version of each.
func (s *Store) Assessments(ctx context.Context, inspectionID int64, history bool) ([]LineAssessment, error) {
	return inReadTx(ctx, s.pool, false, func(tx pgx.Tx) ([]LineAssessment, error) {
		h, err := head(ctx, tx, inspectionID)
		if err != nil {
			return nil, err
		}
		return assessments(ctx, tx, inspectionID, h.Lines, history, "")
	})
}

// Assessment returns one line's current self-assessment and its history.
func (s *Store) Assessment(ctx context.Context, inspectionID int64, lineKey string) (*LineAssessment, error) {
	return inReadTx(ctx, s.pool, false, func(tx pgx.Tx) (*LineAssessment, error) {
		h, err := head(ctx, tx, inspectionID)
		if err != nil {
			return nil, err
		}
		if _, err := h.line(lineKey); err != nil {
			return nil, err
		}
		return lineAssessment(ctx, tx, h, lineKey)
	})
}

// line returns the line of the inspection's framework with key (404 when there is none).
func (h inspectionHead) line(key string) (Line, error) {
	l, ok := line(h.Lines, key)
	if !ok {
		return l, apperr.Errorf(apperr.NotFound, "no line %q in the %s framework", key, h.Framework)
	}
	return l, nil
}

// lineAssessment reads one line of the inspection's framework with every version of its
// self-assessment.
func lineAssessment(ctx context.Context, q versioned.Querier, h inspectionHead, lineKey string) (*LineAssessment, error) {
	all, err := assessments(ctx, q, h.ID, h.Lines, true, lineKey)
	if err != nil {
		return nil, err
	}
	return &all[0], nil
}

// assessments lists the lines (only lineKey when not "") with their versions.
func assessments(ctx context.Context, q versioned.Querier, inspectionID int64, lines []Line, history bool, lineKey string) ([]LineAssessment, error) {
	type version struct {
		LineKey string
		Assessment
	}
	versions, err := collect(ctx, q, "load self-assessments", pgx.RowToStructByName[version], `SELECT line_key, version, narrative, rag,
		created_by, created_at FROM self_assessments WHERE inspection_id = $1 AND ($2 = '' OR line_key = $2) ORDER BY line_key, version DESC`,
		inspectionID, lineKey)
	if err != nil {
		return nil, err
	}
	byLine := map[string][]Assessment{}
	for _, v := range versions {
		byLine[v.LineKey] = append(byLine[v.LineKey], v.Assessment)
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
