package inspection

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// LineCoverage is how well one line of enquiry is evidenced.
type LineCoverage struct {
	Line Line `json:"line"`
	// Evidence counts the line's evidence by QA status.
	Evidence map[string]int `json:"evidence"`
	// RAG is the line's current self-assessment rating ("" when none).
	RAG string `json:"rag"`
}

// Gaps is the gap analysis of an inspection: the lines of enquiry with no approved evidence.
type Gaps struct {
	InspectionID int64          `json:"inspection_id"`
	Framework    string         `json:"framework"`
	Lines        int            `json:"lines"`
	Covered      int            `json:"covered"`
	Gaps         []LineCoverage `json:"gaps"`
}

// Gaps returns the framework's lines that have no approved evidence, each with what evidence
// it does have (draft or quality-assured) and its self-assessment rating.
func (s *Store) Gaps(ctx context.Context, inspectionID int64) (*Gaps, error) {
	return inReadTx(ctx, s.pool, true, func(tx pgx.Tx) (*Gaps, error) { return gaps(ctx, tx, inspectionID) })
}

func gaps(ctx context.Context, tx pgx.Tx, inspectionID int64) (*Gaps, error) {
	h, err := head(ctx, tx, inspectionID)
	if err != nil {
		return nil, err
	}
	cells, err := collect(ctx, tx, "gap analysis", func(r pgx.CollectableRow) (cell[string, string, int], error) {
		var c cell[string, string, int]
		return c, r.Scan(&c.row, &c.col, &c.v)
	}, `SELECT l.line_key, e.qa_status, count(*) FROM evidence e JOIN evidence_lines l ON l.evidence_id = e.id
		WHERE e.inspection_id = $1 GROUP BY 1, 2`, inspectionID)
	if err != nil {
		return nil, err
	}
	counts := table(cells)
	sa, err := assessments(ctx, tx, inspectionID, h.Lines, false, "")
	if err != nil {
		return nil, err
	}
	g := &Gaps{InspectionID: inspectionID, Framework: h.Framework, Gaps: []LineCoverage{}}
	for _, la := range sa {
		g.Lines++
		c := counts[la.Line.Key]
		if c[QAApproved] > 0 {
			g.Covered++
			continue
		}
		lc := LineCoverage{Line: la.Line, Evidence: map[string]int{}}
		for _, st := range QAStatuses {
			lc.Evidence[st] = c[st]
		}
		if la.Current != nil {
			lc.RAG = la.Current.RAG
		}
		g.Gaps = append(g.Gaps, lc)
	}
	return g, nil
}
