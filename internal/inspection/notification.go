package inspection

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
)

// Notification is the body of POST …/notification: the day the inspectorates notified the
// partnership.
type Notification struct {
	NotifiedOn string `json:"notified_on"`
}

// RecordNotification turns a partnership's preparation into the notified inspection, at
// version: the notification date is checked as at creation, the status becomes "notified" and
// the timetable follows from the date. Everything prepared (evidence, self-assessment, Annex A
// progress, audit rounds, people, meetings and actions) stays on the record as it is.
func (s *Store) RecordNotification(ctx context.Context, id int64, version int, n Notification) (*Inspection, error) {
	if n.NotifiedOn == "" {
		return nil, apperr.Errorf(apperr.Unprocessable, "notified_on is required")
	}
	notified, err := checkNotification(n.NotifiedOn)
	if err != nil {
		return nil, err
	}
	return s.changeInspection(ctx, id, &version, fmt.Sprintf("record notification of inspection %d", id), "inspection.notify", "",
		func(tx pgx.Tx, on calendar.Date) (map[string]any, error) {
			if !on.IsZero() {
				return nil, apperr.Errorf(apperr.Conflict, "inspection %d was already notified on %s", id, on)
			}
			if notified.After(s.Today()) {
				return nil, apperr.Errorf(apperr.Unprocessable, "notified_on %s is in the future: record the notification once it is made", notified)
			}
			if _, err := tx.Exec(ctx, `UPDATE inspections SET notified_on = $2, status = 'notified', notification_recorded_at = now(),
			notification_recorded_by = $3, version = version + 1, updated_at = now(), updated_by = $3 WHERE id = $1`,
				id, notified.Time(), actor(ctx)); err != nil {
				return nil, err
			}
			carried, err := preparedCounts(ctx, tx, id)
			return map[string]any{"notified_on": notified.String(), "carried_over": carried}, err
		})
}

// preparedCounts counts what a record holds, for the audit log of its notification.
func preparedCounts(ctx context.Context, tx pgx.Tx, id int64) (map[string]int, error) {
	var ev, sa, rounds, actions int
	err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM evidence WHERE inspection_id = $1),
		(SELECT count(*) FROM self_assessments WHERE inspection_id = $1),
		(SELECT count(*) FROM audit_rounds WHERE inspection_id = $1),
		(SELECT count(*) FROM action_plan_items WHERE inspection_id = $1)`, id).Scan(&ev, &sa, &rounds, &actions)
	if err != nil {
		return nil, fmt.Errorf("count prepared records: %w", err)
	}
	return map[string]int{"evidence": ev, "self_assessment_versions": sa, "audit_rounds": rounds, "actions": actions}, nil
}
