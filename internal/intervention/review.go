package intervention

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/versioned"
)

// The VRP review: an author writes a draft and submits it; a reviewer returns it with a
// comment or approves it; a returned intervention is edited and submitted again.
//
//	draft ──submit──▶ submitted ──approve──▶ approved
//	                   │      ▲
//	              return│      │submit
//	                   ▼      │
//	                  returned ┘  (edited in between)
//
// Authors create, edit and submit; analysts and partners both edit drafts, so the
// partner role, read-only elsewhere, writes here. Reviewers (the VRP lead) approve and return,
// and do not author: the two lists meet only in admin. Inspectors read.

// Authors may create, edit and submit interventions.
var Authors = []string{auth.RoleAdmin, auth.RoleAnalyst, auth.RolePartner}

// Reviewers may approve and return submitted interventions.
var Reviewers = []string{auth.RoleAdmin, auth.RoleVRPLead}

// Review actions.
const (
	ActionSubmit  = "submit"
	ActionReturn  = "return"
	ActionApprove = "approve"
)

// transition is one review action: the states it leaves, the state it reaches, who may take it.
type transition struct {
	from         []string
	to           string
	roles        []string
	needsComment bool
}

var transitions = map[string]transition{
	ActionSubmit:  {from: []string{ReviewDraft, ReviewReturned}, to: ReviewSubmitted, roles: Authors},
	ActionReturn:  {from: []string{ReviewSubmitted}, to: ReviewReturned, roles: Reviewers, needsComment: true},
	ActionApprove: {from: []string{ReviewSubmitted}, to: ReviewApproved, roles: Reviewers},
}

// Review is one step of an intervention's review history.
type Review struct {
	ID         int64     `json:"id"`
	FromStatus string    `json:"from_status"`
	ToStatus   string    `json:"to_status"`
	Comment    string    `json:"comment"`
	ByUser     *int64    `json:"by_user"`
	ByEmail    string    `json:"by_email"`
	At         time.Time `json:"at"`
}

// Transition takes the review action on intervention id for a caller of role: version is the
// version the caller saw (412 otherwise); an action the current state does not allow is 409,
// naming the state. The step is kept in the history, the version moves on, and it is
// audit-logged, all in one transaction. comment is required to return.
func (s *Store) Transition(ctx context.Context, id int64, version int, action, role, comment string) (*Intervention, error) {
	t, ok := transitions[action]
	if !ok {
		return nil, apperr.Errorf(apperr.Invalid, "review action %q: want submit, return or approve", action)
	}
	if !slices.Contains(t.roles, role) {
		return nil, apperr.Errorf(apperr.Forbidden, "the %s role may not %s an intervention", role, action)
	}
	comment = strings.TrimSpace(comment)
	var r api.Refusal
	r.Text("comment", comment, MaxTextLen, true)
	if t.needsComment && comment == "" {
		r.Add("comment", "is required to return an intervention: say what must change")
	}
	if err := r.Err("review"); err != nil {
		return nil, err
	}
	it, err := interventions.Change(ctx, s.pool, id, version, "intervention."+action, interventions.Resource(id), func(tx pgx.Tx, cur *Intervention) (map[string]any, error) {
		if !slices.Contains(t.from, cur.ReviewStatus) {
			return nil, apperr.Errorf(apperr.Conflict, "intervention %d is %s; %s applies only to an intervention that is %s",
				id, cur.ReviewStatus, action, strings.Join(t.from, " or "))
		}
		if action == ActionSubmit {
			if err := readyToSubmit(cur); err != nil {
				return nil, err
			}
		}
		actor := audit.ActorFrom(ctx)
		if _, err := tx.Exec(ctx, `UPDATE interventions SET review_status = $2, review_comment = $3,
				version = version + 1, updated_at = now(), updated_by = $4 WHERE id = $1`,
			id, t.to, comment, versioned.Actor(ctx)); err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO intervention_reviews (intervention_id, from_status, to_status, comment, by_user, by_email)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, cur.ReviewStatus, t.to, comment, versioned.Actor(ctx), actor.Email); err != nil {
			return nil, err
		}
		return map[string]any{"from": cur.ReviewStatus, "to": t.to, "comment": comment}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s intervention %d: %w", action, id, err)
	}
	return it, nil
}

// readyToSubmit refuses to put an intervention before the reviewer without the answers the
// inspectors ask for: how it is meant to work and what it should change.
func readyToSubmit(it *Intervention) error {
	var r api.Refusal
	if it.Mechanism == "" {
		r.Add("mechanism", "is required before review: say how the intervention is meant to work")
	}
	if it.IntendedOutcomes == "" {
		r.Add("intended_outcomes", "is required before review: say what should change, and how you will know")
	}
	return r.Err("submission")
}

// Reviews returns intervention id's review history, oldest first.
func (s *Store) Reviews(ctx context.Context, id int64) ([]Review, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT id, from_status, to_status, comment, by_user, by_email, at
		FROM intervention_reviews WHERE intervention_id = $1 ORDER BY at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("list reviews of intervention %d: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Review, error) {
		var v Review
		err := r.Scan(&v.ID, &v.FromStatus, &v.ToStatus, &v.Comment, &v.ByUser, &v.ByEmail, &v.At)
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("list reviews of intervention %d: %w", id, err)
	}
	return versioned.NonNil(out), nil
}
