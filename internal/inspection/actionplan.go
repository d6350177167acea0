package inspection

import (
	"context"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
	"github.com/placesafe/placesafe/internal/versioned"
)

// ActionStatuses are the states of an action of the plan.
var ActionStatuses = []string{"not_started", "in_progress", "complete"}

// ActionSources say where an action came from: the letter's findings, preparation, an audit
// round or a meeting.
var ActionSources = []string{"finding", "preparation", "audit", "meeting"}

// Action is one action of the partnership's plan: in preparation, from audits and meetings,
// and in response to the letter.
type Action struct {
	ID           int64  `json:"id"`
	Source       string `json:"source"`
	FindingID    *int64 `json:"finding_id"`
	AuditRoundID *int64 `json:"audit_round_id"`
	MeetingID    *int64 `json:"meeting_id"`
	Action       string `json:"action"`
	OwnerAgency  string `json:"owner_agency"`
	// Owner is the post responsible (e.g. "Head of Youth Justice").
	Owner        string        `json:"owner"`
	DueOn        calendar.Date `json:"due_on"`
	Status       string        `json:"status"`
	CompletedOn  calendar.Date `json:"completed_on"`
	ProgressNote string        `json:"progress_note"`
	// Late: completed after its due date, or not complete and due before today.
	Late bool `json:"late"`
	versioned.Stamp
}

// NewAction is the body of POST …/action-plan. Source defaults to "finding" when a finding
// is named, "audit" when an audit round is, and "preparation" otherwise.
type NewAction struct {
	Source       string `json:"source"`
	FindingID    *int64 `json:"finding_id"`
	AuditRoundID *int64 `json:"audit_round_id"`
	Action       string `json:"action"`
	OwnerAgency  string `json:"owner_agency"`
	Owner        string `json:"owner"`
	DueOn        string `json:"due_on"`
	Status       string `json:"status"`
	ProgressNote string `json:"progress_note"`
}

// ActionPatch changes an action; nil fields are left as they are.
type ActionPatch struct {
	FindingID    *int64  `json:"finding_id"`
	Action       *string `json:"action"`
	OwnerAgency  *string `json:"owner_agency"`
	Owner        *string `json:"owner"`
	DueOn        *string `json:"due_on"`
	Status       *string `json:"status"`
	CompletedOn  *string `json:"completed_on"`
	ProgressNote *string `json:"progress_note"`
}

// parseDay reads the date v of field, refusing (422) one that is not YYYY-MM-DD.
func parseDay(field, v string) (calendar.Date, error) {
	d, err := calendar.Parse(v)
	if err != nil {
		return d, apperr.Errorf(apperr.Unprocessable, "%s: %v", field, err)
	}
	return d, nil
}

// parseDate is parseDay for a field given as a pointer, as the column's value: nil (NULL)
// when not given.
func parseDate(field string, v *string) (any, error) {
	if v == nil {
		return nil, nil
	}
	d, err := parseDay(field, *v)
	if err != nil {
		return nil, err
	}
	return d.Time(), nil
}

func checkAction(p ActionPatch) error {
	return firstError(optText("action", p.Action, 4000, true, true), optAgency("owner_agency", p.OwnerAgency),
		optText("owner", p.Owner, 200, false, false), oneOf("status", p.Status, ActionStatuses),
		optText("progress_note", p.ProgressNote, 4000, false, true))
}

// checkRoundID and checkFindingID refuse (422) a link to an audit round or a finding that is
// not the inspection's; a nil id links nothing.
func checkRoundID(ctx context.Context, tx pgx.Tx, inspectionID int64, id *int64) error {
	return checkOwnID(ctx, tx, "audit_rounds", "audit_round_id", "an audit round", inspectionID, id)
}

func checkFindingID(ctx context.Context, tx pgx.Tx, inspectionID int64, id *int64) error {
	return checkOwnID(ctx, tx, "findings", "finding_id", "a finding", inspectionID, id)
}

// checkOwnID refuses id unless it is a row of table (a constant of the caller) under the
// inspection; field and what name it in the refusal.
func checkOwnID(ctx context.Context, tx pgx.Tx, table, field, what string, inspectionID int64, id *int64) error {
	if id == nil {
		return nil
	}
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+` WHERE inspection_id = $1 AND id = $2)`, inspectionID, *id).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return apperr.Errorf(apperr.Unprocessable, "%s %d is not %s of inspection %d", field, *id, what, inspectionID)
	}
	return nil
}

// AddAction adds an action to the plan.
func (s *Store) AddAction(ctx context.Context, inspectionID int64, n NewAction) (*Action, error) {
	due, err := checkNewAction(&n, false)
	if err != nil {
		return nil, err
	}
	return s.actions().add(ctx, s, inspectionID, "action.add", func(tx pgx.Tx) (int64, map[string]any, error) {
		if _, err := head(ctx, tx, inspectionID); err != nil {
			return 0, nil, err
		}
		return s.insertAction(ctx, tx, inspectionID, n, due, nil)
	})
}

// checkNewAction fills n's defaults, checks it and returns its due date. A meeting's actions
// (fromMeeting) have the source "meeting"; others may not claim it.
func checkNewAction(n *NewAction, fromMeeting bool) (any, error) {
	if n.Status == "" {
		n.Status = "not_started"
	}
	switch {
	case fromMeeting:
		n.Source = "meeting"
	case n.Source != "":
	case n.FindingID != nil:
		n.Source = "finding"
	case n.AuditRoundID != nil:
		n.Source = "audit"
	default:
		n.Source = "preparation"
	}
	if !slices.Contains(ActionSources, n.Source) || n.Source == "meeting" && !fromMeeting {
		return nil, apperr.Errorf(apperr.Unprocessable, "source %q: want finding, preparation or audit (a meeting's actions are recorded with the meeting)", n.Source)
	}
	p := ActionPatch{Action: &n.Action, OwnerAgency: &n.OwnerAgency, Owner: &n.Owner, Status: &n.Status, ProgressNote: &n.ProgressNote}
	if err := checkAction(p); err != nil {
		return nil, err
	}
	if err := checkFreeText("action", n.Action, 4000, false); err != nil {
		return nil, err
	}
	if n.DueOn == "" {
		return nil, apperr.Errorf(apperr.Unprocessable, "due_on is required")
	}
	return parseDate("due_on", &n.DueOn)
}

// insertAction adds a checked action to the plan and returns its id and the parameters its
// "action.add" audit entry records.
func (s *Store) insertAction(ctx context.Context, tx pgx.Tx, inspectionID int64, n NewAction, due any, meetingID *int64) (int64, map[string]any, error) {
	if err := checkFindingID(ctx, tx, inspectionID, n.FindingID); err != nil {
		return 0, nil, err
	}
	if err := checkRoundID(ctx, tx, inspectionID, n.AuditRoundID); err != nil {
		return 0, nil, err
	}
	var completed any
	if n.Status == "complete" {
		completed = s.Today().Time()
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO action_plan_items (inspection_id, finding_id, action, owner_agency, owner, due_on, status,
			completed_on, progress_note, created_by, updated_by, source, audit_round_id, meeting_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13) RETURNING id`,
		inspectionID, n.FindingID, n.Action, n.OwnerAgency, n.Owner, due, n.Status, completed, n.ProgressNote, actor(ctx),
		n.Source, n.AuditRoundID, meetingID).Scan(&id); err != nil {
		return 0, nil, err
	}
	return id, map[string]any{
		"owner_agency": n.OwnerAgency, "due_on": n.DueOn, "status": n.Status, "source": n.Source, "finding_id": n.FindingID,
		"audit_round_id": n.AuditRoundID, "meeting_id": meetingID}, nil
}

const actionColumns = `id, source, finding_id, audit_round_id, meeting_id, action, owner_agency, owner, due_on, status, completed_on,
	progress_note, version, created_at, updated_at`

func (s *Store) scanAction(today calendar.Date) pgx.RowToFunc[*Action] {
	return func(r pgx.CollectableRow) (*Action, error) {
		a := &Action{}
		var due time.Time
		var completed *time.Time
		if err := r.Scan(&a.ID, &a.Source, &a.FindingID, &a.AuditRoundID, &a.MeetingID, &a.Action, &a.OwnerAgency, &a.Owner, &due, &a.Status, &completed, &a.ProgressNote,
			&a.Version, &a.CreatedAt, &a.UpdatedAt); err != nil {
			return nil, err
		}
		a.DueOn = calendar.DateOf(due)
		if completed != nil {
			a.CompletedOn = calendar.DateOf(*completed)
		}
		if a.Status == "complete" {
			a.Late = !a.CompletedOn.IsZero() && a.CompletedOn.After(a.DueOn)
		} else {
			a.Late = a.DueOn.Before(today)
		}
		return a, nil
	}
}

// actions reads the plan's actions by due date, late as of the store's today.
func (s *Store) actions() kind[*Action] {
	return kind[*Action]{name: "action", table: "action_plan_items", path: "action-plan",
		list: func(ctx context.Context, q versioned.Querier, inspectionID, id int64) ([]*Action, error) {
			return collect(ctx, q, "list action plan", s.scanAction(s.Today()), `SELECT `+actionColumns+` FROM action_plan_items
				WHERE inspection_id = $1 AND ($2::bigint = 0 OR id = $2) ORDER BY due_on, id`, inspectionID, id)
		}}
}

// ActionPlan returns the plan's actions by due date.
func (s *Store) ActionPlan(ctx context.Context, inspectionID int64) ([]*Action, error) {
	return s.actions().all(ctx, s, false, inspectionID)
}

// UpdateAction applies p to an action at version. Completing an action without a
// completed_on records today; leaving "complete" clears it.
func (s *Store) UpdateAction(ctx context.Context, inspectionID, id int64, version int, p ActionPatch) (*Action, error) {
	if err := checkAction(p); err != nil {
		return nil, err
	}
	due, err := parseDate("due_on", p.DueOn)
	if err != nil {
		return nil, err
	}
	completed, err := parseDate("completed_on", p.CompletedOn)
	if err != nil {
		return nil, err
	}
	return s.actions().change(ctx, s, inspectionID, id, version, "action.update", func(tx pgx.Tx) error {
		_, err := head(ctx, tx, inspectionID)
		return err
	}, func(tx pgx.Tx) (map[string]any, error) {
		if err := checkFindingID(ctx, tx, inspectionID, p.FindingID); err != nil {
			return nil, err
		}
		_, err := tx.Exec(ctx, `UPDATE action_plan_items SET finding_id = COALESCE($2, finding_id), action = COALESCE($3, action),
				owner_agency = COALESCE($4, owner_agency), owner = COALESCE($5, owner), due_on = COALESCE($6, due_on),
				status = COALESCE($7, status), progress_note = COALESCE($9, progress_note),
				completed_on = CASE WHEN COALESCE($7, status) <> 'complete' THEN NULL
					ELSE COALESCE($8, completed_on, $10) END,
				version = version + 1, updated_at = now(), updated_by = $11 WHERE id = $1`,
			id, p.FindingID, p.Action, p.OwnerAgency, p.Owner, due, p.Status, completed, p.ProgressNote, s.Today().Time(), actor(ctx))
		return map[string]any{"status": p.Status, "due_on": p.DueOn, "owner_agency": p.OwnerAgency}, err
	})
}

// DeleteAction removes an action from the plan.
func (s *Store) DeleteAction(ctx context.Context, inspectionID, id int64) error {
	return s.actions().remove(ctx, s, inspectionID, id, "action.delete", "", nil)
}
