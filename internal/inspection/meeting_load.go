package inspection

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/inspection/calendar"
	"github.com/placesafe/placesafe/internal/versioned"
)

// MeetingFilter narrows Meetings; zero fields do not filter.
type MeetingFilter struct {
	Kind     string
	From, To calendar.Date
}

// meetingsOf reads the meetings f lets through by date and time, each with its decisions and
// actions.
func (s *Store) meetingsOf(f MeetingFilter) kind[*Meeting] {
	return kind[*Meeting]{name: "meeting", table: "meetings", path: "meetings",
		list: func(ctx context.Context, q versioned.Querier, inspectionID, id int64) ([]*Meeting, error) {
			return s.meetings(ctx, q, inspectionID, id, f)
		}}
}

// Meetings returns the inspection's meetings by date and time, each with its decisions and actions.
func (s *Store) Meetings(ctx context.Context, inspectionID int64, f MeetingFilter) ([]*Meeting, error) {
	return s.meetingsOf(f).all(ctx, s, true, inspectionID)
}

// Meeting returns one meeting.
func (s *Store) Meeting(ctx context.Context, inspectionID, id int64) (*Meeting, error) {
	return s.meetingsOf(MeetingFilter{}).read(ctx, s, true, inspectionID, id)
}

func dateOrNil(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time()
}

func (s *Store) meetings(ctx context.Context, tx versioned.Querier, inspectionID, id int64, f MeetingFilter) ([]*Meeting, error) {
	list, err := collect(ctx, tx, "load meetings", func(r pgx.CollectableRow) (*Meeting, error) {
		m := &Meeting{Decisions: []string{}, Actions: []*Action{}}
		var held time.Time
		err := r.Scan(&m.ID, &m.Kind, &m.Activity, &m.Title, &held, &m.StartsAt, &m.Location, &m.Agencies, &m.AttendeeIDs, &m.Notes,
			&m.Version, &m.CreatedAt, &m.UpdatedAt)
		m.HeldOn = calendar.DateOf(held)
		m.Agencies, m.AttendeeIDs = orEmpty(m.Agencies), orEmpty(m.AttendeeIDs)
		return m, err
	}, `SELECT id, kind, activity, title, held_on, COALESCE(to_char(starts_at, 'HH24:MI'), ''), location, agencies,
			attendee_ids, notes, version, created_at, updated_at
		FROM meetings WHERE inspection_id = $1 AND ($2::bigint = 0 OR id = $2) AND ($3 = '' OR kind = $3)
			AND ($4::date IS NULL OR held_on >= $4) AND ($5::date IS NULL OR held_on <= $5)
		ORDER BY held_on, starts_at NULLS FIRST, id`, inspectionID, id, f.Kind, dateOrNil(f.From), dateOrNil(f.To))
	if err != nil {
		return nil, err
	}
	byID, ids := indexed(list, func(m *Meeting) int64 { return m.ID })
	type decision struct {
		MeetingID int64
		Text      string
	}
	decisions, err := collect(ctx, tx, "load decisions", pgx.RowToStructByName[decision],
		`SELECT meeting_id, text FROM meeting_decisions WHERE meeting_id = ANY($1) ORDER BY meeting_id, position`, ids)
	if err != nil {
		return nil, err
	}
	for _, d := range decisions {
		byID[d.MeetingID].Decisions = append(byID[d.MeetingID].Decisions, d.Text)
	}
	actions, err := collect(ctx, tx, "load meeting actions", s.scanAction(s.Today()),
		`SELECT `+actionColumns+` FROM action_plan_items WHERE meeting_id = ANY($1) ORDER BY due_on, id`, ids)
	if err != nil {
		return nil, err
	}
	for _, a := range actions {
		byID[*a.MeetingID].Actions = append(byID[*a.MeetingID].Actions, a)
	}
	return list, nil
}
