package inspection

import (
	"context"
	"slices"
	"strings"

	"github.com/placesafe/placesafe/internal/apperr"
)

// Who may move evidence between QA statuses. Contributors (partner) change only drafts'
// details; the VRP lead quality-assures or returns to draft; approval, and any change to
// approved evidence, is for admin and analyst, who run the inspection.
var qaMoves = map[[2]string][]string{
	{QADraft, QAQualityAssured}:    {"admin", "analyst", "vrp_lead"},
	{QAQualityAssured, QADraft}:    {"admin", "analyst", "vrp_lead"},
	{QAQualityAssured, QAApproved}: {"admin", "analyst"},
	{QAApproved, QAQualityAssured}: {"admin", "analyst"},
	{QAApproved, QADraft}:          {"admin", "analyst"},
}

// checkQAMove says why a user of role may not move evidence from one QA status to another
// (nil when they may): a move the library does not make is 422, one the role may not make 403.
func checkQAMove(role, from, to string) error {
	roles, ok := qaMoves[[2]string{from, to}]
	if !ok {
		return apperr.Errorf(apperr.Unprocessable, "evidence goes from %s to %s only through quality_assured", from, to)
	}
	if !slices.Contains(roles, role) {
		return apperr.Errorf(apperr.Forbidden, "the %s role may not move evidence from %s to %s (%s may)", role, from, to, strings.Join(roles, ", "))
	}
	return nil
}

// QAMoves lists, in QAStatuses order, the statuses a user of role may move evidence at status
// to: exactly the moves checkQAMove lets UpdateEvidence make, so that the dashboard offers
// those and no others without a copy of the rule.
func QAMoves(role, status string) []string {
	moves := []string{}
	for _, to := range QAStatuses {
		if to != status && checkQAMove(role, status, to) == nil {
			moves = append(moves, to)
		}
	}
	return moves
}

// evidenceFor is an evidence item as answered to one user: with the QA statuses they may
// move it to.
type evidenceFor struct {
	*Evidence
	QAMoves []string `json:"qa_moves"`
}

// forRole answers e to a user of role (nil stays nil).
func forRole(role string, e *Evidence) *evidenceFor {
	if e == nil {
		return nil
	}
	return &evidenceFor{Evidence: e, QAMoves: QAMoves(role, e.QAStatus)}
}

// listForRole answers each item of list to a user of role.
func listForRole(role string, list []*Evidence) []*evidenceFor {
	out := make([]*evidenceFor, len(list))
	for i, e := range list {
		out[i] = forRole(role, e)
	}
	return out
}

// readForRole turns a store read of one evidence item into one answered to a user of role.
func readForRole(role string, get func(ctx context.Context, inspectionID, id int64) (*Evidence, error)) func(ctx context.Context, inspectionID, id int64) (*evidenceFor, error) {
	return func(ctx context.Context, inspectionID, id int64) (*evidenceFor, error) {
		e, err := get(ctx, inspectionID, id)
		return forRole(role, e), err
	}
}
