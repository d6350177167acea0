package inspection

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
	"github.com/placesafe/placesafe/internal/versioned"
)

// MeetingKinds are the meetings of a JTAI: the partnership's preparation group, and after
// notification the set-up discussion, the kick-off, the fieldwork sessions and the feedback.
var MeetingKinds = []string{"preparation_group", "set_up", "kick_off", "fieldwork", "feedback", "other"}

// notifiedKinds are the meetings that happen only once the inspection is notified.
var notifiedKinds = []string{"set_up", "kick_off", "fieldwork", "feedback"}

// FieldworkActivities are what a fieldwork session is: meetings with practitioners, managers,
// leaders, children and families, observation of practice, case tracking, or the inspection
// team's own meeting.
var FieldworkActivities = []string{"practitioners", "managers", "leaders", "children_and_families", "observation", "case_tracking", "inspection_team"}

// Meeting is one meeting with the agencies attending, its decisions and the actions it gave
// the action plan.
type Meeting struct {
	ID       int64         `json:"id"`
	Kind     string        `json:"kind"`
	Activity string        `json:"activity"`
	Title    string        `json:"title"`
	HeldOn   calendar.Date `json:"held_on"`
	// StartsAt is the local time "HH:MM", or "" when not set.
	StartsAt    string    `json:"starts_at"`
	Location    string    `json:"location"`
	Agencies    []string  `json:"agencies"`
	AttendeeIDs []int64   `json:"attendee_ids"`
	Notes       string    `json:"notes"`
	Decisions   []string  `json:"decisions"`
	Actions     []*Action `json:"actions"`
	versioned.Stamp
}

// MeetingInput is the body of POST …/meetings and PATCH …/meetings/{meeting}; on PATCH nil
// fields are left as they are, Decisions replaces the list and Actions adds to the plan.
type MeetingInput struct {
	Kind        *string     `json:"kind"`
	Activity    *string     `json:"activity"`
	Title       *string     `json:"title"`
	HeldOn      *string     `json:"held_on"`
	StartsAt    *string     `json:"starts_at"`
	Location    *string     `json:"location"`
	Agencies    *[]string   `json:"agencies"`
	AttendeeIDs *[]int64    `json:"attendee_ids"`
	Notes       *string     `json:"notes"`
	Decisions   *[]string   `json:"decisions"`
	Actions     []NewAction `json:"actions"`
}

var clock = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

// check validates the input (create: the required fields are there) and returns the date and
// the due dates of its new actions.
func (m *MeetingInput) check(create bool) (held any, dues []any, err error) {
	if create && (m.Kind == nil || m.Title == nil || m.HeldOn == nil) {
		return nil, nil, apperr.Errorf(apperr.Unprocessable, "kind, title and held_on are required")
	}
	if err := firstError(oneOf("kind", m.Kind, MeetingKinds), oneOf("activity", nonEmpty(m.Activity), FieldworkActivities),
		optText("title", m.Title, 200, true, false),
		optMatch(m.StartsAt, clock, func(v string) error { return apperr.Errorf(apperr.Unprocessable, "starts_at %q: want HH:MM", v) }),
		optFreeText("location", m.Location, 200, false)); err != nil {
		return nil, nil, err
	}
	if m.Agencies != nil {
		for _, a := range *m.Agencies {
			if err := checkAgency("agencies", a); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := optFreeText("notes", m.Notes, 20000, false); err != nil {
		return nil, nil, err
	}
	if m.Decisions != nil {
		if len(*m.Decisions) > 50 {
			return nil, nil, apperr.Errorf(apperr.Unprocessable, "decisions: at most 50")
		}
		for i, d := range *m.Decisions {
			if err := checkFreeText(fmt.Sprintf("decisions[%d]", i), d, 2000, true); err != nil {
				return nil, nil, err
			}
		}
	}
	if len(m.Actions) > 50 {
		return nil, nil, apperr.Errorf(apperr.Unprocessable, "actions: at most 50 at once")
	}
	if held, err = parseDate("held_on", m.HeldOn); err != nil {
		return nil, nil, err
	}
	dues = make([]any, len(m.Actions))
	for i := range m.Actions {
		if dues[i], err = checkNewAction(&m.Actions[i], true); err != nil {
			return nil, nil, prefixed(fmt.Sprintf("actions[%d]", i), err)
		}
	}
	return held, dues, nil
}

// prefixed says which part of a body an error is about.
func prefixed(field string, err error) error {
	var e *apperr.Error
	if errors.As(err, &e) {
		return apperr.Errorf(e.Code, "%s: %s", field, e.Message)
	}
	return err
}

// checkAttendees refuses attendee ids that are not people of the inspection.
func checkAttendees(ctx context.Context, tx pgx.Tx, inspectionID int64, ids *[]int64) error {
	if ids == nil || len(*ids) == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(DISTINCT id) FROM inspection_people WHERE inspection_id = $1 AND id = ANY($2)`, inspectionID, *ids).Scan(&n); err != nil {
		return err
	}
	if n != len(*ids) {
		return apperr.Errorf(apperr.Unprocessable, "attendee_ids: every attendee must be a person of inspection %d, given once (GET …/people)", inspectionID)
	}
	return nil
}

// checkPhase refuses a meeting of a kind that happens after notification while the inspection
// is being prepared, and attendees who are not its people.
func checkPhase(ctx context.Context, tx pgx.Tx, inspectionID int64, in MeetingInput) error {
	h, err := head(ctx, tx, inspectionID)
	if err != nil {
		return err
	}
	if in.Kind != nil && h.preparing() && slices.Contains(notifiedKinds, *in.Kind) {
		return apperr.Errorf(apperr.Unprocessable, "a %s meeting happens after notification; inspection %d is being prepared", *in.Kind, inspectionID)
	}
	return checkAttendees(ctx, tx, inspectionID, in.AttendeeIDs)
}

// AddMeeting records a meeting with its decisions and actions, in one transaction.
func (s *Store) AddMeeting(ctx context.Context, inspectionID int64, in MeetingInput) (*Meeting, error) {
	held, dues, err := in.check(true)
	if err != nil {
		return nil, err
	}
	return s.meetingsOf(MeetingFilter{}).add(ctx, s, inspectionID, "meeting.add", func(tx pgx.Tx) (int64, map[string]any, error) {
		if err := checkPhase(ctx, tx, inspectionID, in); err != nil {
			return 0, nil, err
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO meetings (inspection_id, kind, activity, title, held_on, starts_at, location, agencies,
			attendee_ids, notes, created_by, updated_by) VALUES ($1, $2, COALESCE($3, ''), $4, $5, NULLIF(COALESCE($6, ''), '')::time,
			COALESCE($7, ''), COALESCE($8, '{}'::text[]), COALESCE($9, '{}'::bigint[]), COALESCE($10, ''), $11, $11) RETURNING id`,
			inspectionID, *in.Kind, in.Activity, strings.TrimSpace(*in.Title), held, in.StartsAt, in.Location, in.Agencies, in.AttendeeIDs,
			in.Notes, actor(ctx)).Scan(&id); err != nil {
			return 0, nil, err
		}
		return id, map[string]any{"kind": *in.Kind, "held_on": *in.HeldOn, "agencies": in.Agencies, "actions": len(in.Actions)},
			s.writeMeetingParts(ctx, tx, inspectionID, id, in, dues)
	})
}

// writeMeetingParts replaces a meeting's decisions (when given) and adds its new actions.
func (s *Store) writeMeetingParts(ctx context.Context, tx pgx.Tx, inspectionID, id int64, in MeetingInput, dues []any) error {
	if in.Decisions != nil {
		if _, err := tx.Exec(ctx, `DELETE FROM meeting_decisions WHERE meeting_id = $1`, id); err != nil {
			return err
		}
		for i, d := range *in.Decisions {
			if _, err := tx.Exec(ctx, `INSERT INTO meeting_decisions (meeting_id, position, text) VALUES ($1, $2, $3)`, id, i+1, strings.TrimSpace(d)); err != nil {
				return err
			}
		}
	}
	for i, a := range in.Actions {
		actionID, params, err := s.insertAction(ctx, tx, inspectionID, a, dues[i], &id)
		if err != nil {
			return err
		}
		if err := s.actions().logged(ctx, tx, "action.add", inspectionID, actionID, params); err != nil {
			return err
		}
	}
	return nil
}

// UpdateMeeting applies in to a meeting at version.
func (s *Store) UpdateMeeting(ctx context.Context, inspectionID, id int64, version int, in MeetingInput) (*Meeting, error) {
	held, dues, err := in.check(false)
	if err != nil {
		return nil, err
	}
	return s.meetingsOf(MeetingFilter{}).change(ctx, s, inspectionID, id, version, "meeting.update", nil, func(tx pgx.Tx) (map[string]any, error) {
		if err := checkPhase(ctx, tx, inspectionID, in); err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `UPDATE meetings SET kind = COALESCE($2, kind), activity = COALESCE($3, activity), title = COALESCE($4, title),
			held_on = COALESCE($5, held_on), starts_at = CASE WHEN $6::text IS NULL THEN starts_at ELSE NULLIF($6, '')::time END,
			location = COALESCE($7, location), agencies = COALESCE($8, agencies), attendee_ids = COALESCE($9, attendee_ids),
			notes = COALESCE($10, notes), version = version + 1, updated_at = now(), updated_by = $11 WHERE id = $1`,
			id, in.Kind, in.Activity, in.Title, held, in.StartsAt, in.Location, in.Agencies, in.AttendeeIDs, in.Notes, actor(ctx)); err != nil {
			return nil, err
		}
		return map[string]any{"kind": in.Kind, "held_on": in.HeldOn, "actions": len(in.Actions)},
			s.writeMeetingParts(ctx, tx, inspectionID, id, in, dues)
	})
}

// DeleteMeeting removes a meeting and its decisions; its actions stay in the plan.
func (s *Store) DeleteMeeting(ctx context.Context, inspectionID, id int64) error {
	return s.meetingsOf(MeetingFilter{}).remove(ctx, s, inspectionID, id, "meeting.delete", "", nil)
}
