package inspection

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Snapshot is everything recorded for an inspection, read in one consistent transaction: what
// an evidence pack or a report is built from. It holds evidence metadata, not document bytes
// (EvidenceContent reads those, audit-logged).
type Snapshot struct {
	TakenAt     time.Time        `json:"taken_at"`
	Inspection  *Inspection      `json:"inspection"`
	Lines       []Line           `json:"lines"`
	Evidence    []*Evidence      `json:"evidence"`
	Assessments []LineAssessment `json:"self_assessment"`
	Gaps        *Gaps            `json:"gaps"`
	AnnexA      *AnnexA          `json:"annex_a"`
	// CaseSample is nil unless asked for: it holds children's case references, which only
	// record-level roles see.
	CaseSample *CaseSample `json:"case_sample,omitempty"`
	// CaseSummary counts the case sample, without references, for every role's pack.
	CaseSummary CaseSummary `json:"case_summary"`
	Findings    []*Finding  `json:"findings"`
	ActionPlan  []*Action   `json:"action_plan"`
	// The preparation and the notified week: who leads, the meetings with their decisions, the
	// rolling audit rounds (their cases carry the children's pseudonymous references) and the
	// readiness they add up to.
	People      []*Person     `json:"people"`
	Meetings    []*Meeting    `json:"meetings"`
	AuditRounds []*AuditRound `json:"audit_rounds"`
	Readiness   *Readiness    `json:"readiness"`
}

// Snapshot reads inspection id whole. withCaseSample adds the case sample.
func (s *Store) Snapshot(ctx context.Context, id int64, withCaseSample bool) (*Snapshot, error) {
	snap := &Snapshot{TakenAt: s.Now().UTC()}
	return consistentRead(ctx, s.pool, fmt.Sprintf("snapshot of inspection %d", id), func(tx pgx.Tx) (*Snapshot, error) {
		var err error
		if snap.Inspection, err = s.get(ctx, tx, id); err != nil {
			return nil, err
		}
		h, err := head(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		snap.Lines = h.Lines
		if snap.Evidence, _, err = listEvidence(ctx, tx, id, EvidenceFilter{}); err != nil {
			return nil, err
		}
		if snap.Assessments, err = assessments(ctx, tx, id, h.Lines, true, ""); err != nil {
			return nil, err
		}
		if snap.Gaps, err = gaps(ctx, tx, id); err != nil {
			return nil, err
		}
		if snap.AnnexA, err = s.annexA(ctx, tx, id); err != nil {
			return nil, err
		}
		cs, err := caseSample(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		snap.CaseSummary = cs.summary()
		if withCaseSample {
			snap.CaseSample = cs
		}
		if snap.Findings, err = findingKind.of(ctx, tx, id); err != nil {
			return nil, err
		}
		if snap.ActionPlan, err = s.actions().of(ctx, tx, id); err != nil {
			return nil, err
		}
		if snap.People, err = personKind.list(ctx, tx, id, 0); err != nil {
			return nil, err
		}
		if snap.Meetings, err = s.meetings(ctx, tx, id, 0, MeetingFilter{}); err != nil {
			return nil, err
		}
		if snap.AuditRounds, err = rounds(ctx, tx, id, 0); err != nil {
			return nil, err
		}
		snap.Readiness, err = s.readiness(ctx, tx, id)
		return snap, err
	})
}

// CaseSummary counts an inspection's case sample: children on it, selected for audit, and
// selected with every involved agency's audit complete.
type CaseSummary struct {
	Children      int `json:"children"`
	Selected      int `json:"selected_for_audit"`
	AuditComplete int `json:"audit_complete"`
}

func (cs *CaseSample) summary() CaseSummary {
	out := CaseSummary{Children: cs.Count, Selected: cs.Selected}
	for _, c := range cs.Children {
		if c.SelectedForAudit && c.AuditComplete {
			out.AuditComplete++
		}
	}
	return out
}
