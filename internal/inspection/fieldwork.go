package inspection

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
)

// LogKinds are the entries of the fieldwork week's daily log.
var LogKinds = []string{"emerging_theme", "strength", "concern", "feedback", "request"}

// LogEntry is one entry of the daily log kept during fieldwork: an emerging theme, a strength
// or concern inspectors raised, feedback given, or a request for information.
type LogEntry struct {
	ID        int64         `json:"id"`
	Day       calendar.Date `json:"day"`
	Kind      string        `json:"kind"`
	Text      string        `json:"text"`
	Lines     []string      `json:"lines"`
	CreatedAt time.Time     `json:"created_at"`
}

// NewLogEntry is the body of POST …/fieldwork/log.
type NewLogEntry struct {
	Day   string   `json:"day"`
	Kind  string   `json:"kind"`
	Text  string   `json:"text"`
	Lines []string `json:"lines"`
}

// FieldworkDay is one day of the fieldwork week with its sessions and log.
type FieldworkDay struct {
	Date     calendar.Date `json:"date"`
	Sessions []*Meeting    `json:"sessions"`
	Log      []LogEntry    `json:"log"`
}

// Fieldwork is the fieldwork week's schedule (the week 3 sessions and the feedback) and its
// daily log; empty, with a note, until the inspection is notified.
type Fieldwork struct {
	InspectionID int64          `json:"inspection_id"`
	Start        calendar.Date  `json:"start"`
	End          calendar.Date  `json:"end"`
	Days         []FieldworkDay `json:"days"`
	// Other holds log entries and sessions dated outside the fieldwork days.
	Other FieldworkDay `json:"other"`
	Note  string       `json:"note,omitempty"`
}

// effectiveDate is a milestone's actual date when recorded, else its due date.
func effectiveDate(in *Inspection, key string) calendar.Date {
	m := in.Milestone(key)
	if m == nil {
		return calendar.Date{}
	}
	if !m.Actual.IsZero() {
		return m.Actual
	}
	return m.Due
}

// Fieldwork returns the fieldwork week's schedule and daily log.
func (s *Store) Fieldwork(ctx context.Context, inspectionID int64) (*Fieldwork, error) {
	return consistentRead(ctx, s.pool, fmt.Sprintf("fieldwork of inspection %d", inspectionID), func(tx pgx.Tx) (*Fieldwork, error) {
		in, err := s.get(ctx, tx, inspectionID)
		if err != nil {
			return nil, err
		}
		fw := &Fieldwork{InspectionID: inspectionID, Days: []FieldworkDay{}, Other: FieldworkDay{Sessions: []*Meeting{}, Log: []LogEntry{}}}
		if in.NotifiedOn.IsZero() {
			fw.Note = "the fieldwork week is set by the notification: it starts 10 working days after it"
			return fw, nil
		}
		fw.Start, fw.End = effectiveDate(in, MilestoneFieldworkStart), effectiveDate(in, MilestoneFieldworkEnd)
		for d := fw.Start; !d.IsZero() && !d.After(fw.End); {
			fw.Days = append(fw.Days, FieldworkDay{Date: d, Sessions: []*Meeting{}, Log: []LogEntry{}})
			if d, err = calendar.AddWorkingDays(d, 1); err != nil {
				break
			}
		}
		day := func(d calendar.Date) *FieldworkDay {
			for i := range fw.Days {
				if fw.Days[i].Date == d {
					return &fw.Days[i]
				}
			}
			return &fw.Other
		}
		ms, err := s.meetings(ctx, tx, inspectionID, 0, MeetingFilter{})
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if m.Kind == "fieldwork" || m.Kind == "feedback" {
				d := day(m.HeldOn)
				d.Sessions = append(d.Sessions, m)
			}
		}
		log, err := fieldworkLog(ctx, tx, inspectionID)
		if err != nil {
			return nil, err
		}
		for _, e := range log {
			d := day(e.Day)
			d.Log = append(d.Log, e)
		}
		return fw, nil
	})
}

// logKind describes the entries of the daily log, which are added and removed, never changed.
var logKind = kind[LogEntry]{name: "fieldwork log entry", table: "fieldwork_log", path: "fieldwork/log"}

func fieldworkLog(ctx context.Context, tx pgx.Tx, inspectionID int64) ([]LogEntry, error) {
	return collect(ctx, tx, "load fieldwork log", func(r pgx.CollectableRow) (LogEntry, error) {
		var e LogEntry
		var day time.Time
		err := r.Scan(&e.ID, &day, &e.Kind, &e.Text, &e.Lines, &e.CreatedAt)
		e.Day, e.Lines = calendar.DateOf(day), orEmpty(e.Lines)
		return e, err
	}, `SELECT id, day, kind, text, line_keys, created_at FROM fieldwork_log WHERE inspection_id = $1 ORDER BY day, id`, inspectionID)
}

// AddLogEntry adds an entry to the daily log of a notified inspection.
func (s *Store) AddLogEntry(ctx context.Context, inspectionID int64, n NewLogEntry) (*LogEntry, error) {
	if err := oneOf("kind", &n.Kind, LogKinds); err != nil {
		return nil, err
	}
	if err := checkFreeText("text", n.Text, 4000, true); err != nil {
		return nil, err
	}
	day, err := parseDay("day", n.Day)
	if err != nil {
		return nil, err
	}
	return withHead(ctx, s, inspectionID, fmt.Sprintf("add fieldwork log entry to inspection %d", inspectionID), false, "the fieldwork log starts with the notification", func(tx pgx.Tx, h inspectionHead) (*LogEntry, error) {
		if day.Before(h.NotifiedOn) {
			return nil, apperr.Errorf(apperr.Unprocessable, "day %s is before the notification on %s", day, h.NotifiedOn)
		}
		if err := h.checkLines(n.Lines); err != nil {
			return nil, err
		}
		e := &LogEntry{Day: day, Kind: n.Kind, Text: strings.TrimSpace(n.Text), Lines: orEmpty(n.Lines), CreatedAt: s.Now()}
		if err := tx.QueryRow(ctx, `INSERT INTO fieldwork_log (inspection_id, day, kind, text, line_keys, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			inspectionID, day.Time(), n.Kind, e.Text, e.Lines, actor(ctx)).Scan(&e.ID); err != nil {
			return nil, err
		}
		return recorded(ctx, tx, "fieldwork_log.add", logKind.resource(inspectionID, e.ID), map[string]any{"day": day.String(), "kind": n.Kind},
			func() (*LogEntry, error) { return e, nil })
	})
}

// DeleteLogEntry removes an entry from the daily log.
func (s *Store) DeleteLogEntry(ctx context.Context, inspectionID, id int64) error {
	return logKind.remove(ctx, s, inspectionID, id, "fieldwork_log.delete", "", nil)
}
