package inspection

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
)

// MeetingFilter narrows Meetings; zero fields do not filter.
type MeetingFilter struct {
	Kind     string
	From, To calendar.Date
}

// Meetings returns the inspection's meetings by date and time, each with its decisions and actions.
func (s *Store) Meetings(ctx context.Context, inspectionID int64, f MeetingFilter) ([]*Meeting, error) {
	return inReadTx(ctx, s.pool, true, func(tx pgx.Tx) ([]*Meeting, error) {
		if _, err := head(ctx, tx, inspectionID); err != nil {
			return nil, err
		}
		return s.meetings(ctx, tx, inspectionID, 0, f)
	})
}

// Meeting returns one meeting.
func (s *Store) Meeting(ctx context.Context, inspectionID, id int64) (*Meeting, error) {
	return inReadTx(ctx, s.pool, true, func(tx pgx.Tx) (*Meeting, error) { return s.meeting(ctx, tx, inspectionID, id) })
}

func (s *Store) meeting(ctx context.Context, tx pgx.Tx, inspectionID, id int64) (*Meeting, error) {
	list, err := s.meetings(ctx, tx, inspectionID, id, MeetingFilter{})
	return only(list, err, apperr.Errorf(apperr.NotFound, "inspection %d has no meeting %d", inspectionID, id))
}

func dateOrNil(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time()
}

func (s *Store) meetings(ctx context.Context, tx pgx.Tx, inspectionID, id int64, f MeetingFilter) ([]*Meeting, error) {
	rows, err := tx.Query(ctx, `SELECT id, kind, activity, title, held_on, COALESCE(to_char(starts_at, 'HH24:MI'), ''), location, agencies,
			attendee_ids, notes, version, created_at, updated_at
		FROM meetings WHERE inspection_id = $1 AND ($2::bigint = 0 OR id = $2) AND ($3 = '' OR kind = $3)
			AND ($4::date IS NULL OR held_on >= $4) AND ($5::date IS NULL OR held_on <= $5)
		ORDER BY held_on, starts_at NULLS FIRST, id`, inspectionID, id, f.Kind, dateOrNil(f.From), dateOrNil(f.To))
	if err != nil {
		return nil, fmt.Errorf("load meetings: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*Meeting, error) {
		m := &Meeting{Decisions: []string{}, Actions: []*Action{}}
		var held time.Time
		err := r.Scan(&m.ID, &m.Kind, &m.Activity, &m.Title, &held, &m.StartsAt, &m.Location, &m.Agencies, &m.AttendeeIDs, &m.Notes,
			&m.Version, &m.CreatedAt, &m.UpdatedAt)
		m.HeldOn = calendar.DateOf(held)
		m.Agencies, m.AttendeeIDs = orEmpty(m.Agencies), orEmpty(m.AttendeeIDs)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("load meetings: %w", err)
	}
	if len(list) == 0 {
		return []*Meeting{}, nil
	}
	byID := map[int64]*Meeting{}
	ids := make([]int64, len(list))
	for i, m := range list {
		byID[m.ID], ids[i] = m, m.ID
	}
	rows, err = tx.Query(ctx, `SELECT meeting_id, text FROM meeting_decisions WHERE meeting_id = ANY($1) ORDER BY meeting_id, position`, ids)
	if err != nil {
		return nil, fmt.Errorf("load decisions: %w", err)
	}
	for rows.Next() {
		var mid int64
		var text string
		if err := rows.Scan(&mid, &text); err != nil {
			rows.Close()
			return nil, fmt.Errorf("load decisions: %w", err)
		}
		byID[mid].Decisions = append(byID[mid].Decisions, text)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load decisions: %w", err)
	}
	rows, err = tx.Query(ctx, `SELECT `+actionColumns+` FROM action_plan_items WHERE meeting_id = ANY($1) ORDER BY due_on, id`, ids)
	if err != nil {
		return nil, fmt.Errorf("load meeting actions: %w", err)
	}
	actions, err := pgx.CollectRows(rows, s.scanAction(s.Today()))
	if err != nil {
		return nil, fmt.Errorf("load meeting actions: %w", err)
	}
	for _, a := range actions {
		byID[*a.MeetingID].Actions = append(byID[*a.MeetingID].Actions, a)
	}
	return list, nil
}
