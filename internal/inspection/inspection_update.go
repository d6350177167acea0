package inspection

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
	"github.com/placesafe/placesafe/internal/versioned"
)

// InspectionPatch changes an inspection; nil fields are left as they are.
type InspectionPatch struct {
	LocalArea                *string `json:"local_area"`
	Status                   *string `json:"status"`
	WrittenStatementRequired *bool   `json:"written_statement_required"`
	// WrittenStatementDays adjusts the written statement's due date (working days after
	// publication); WrittenStatementBasis says why (the date the letter sets, for example).
	WrittenStatementDays  *int    `json:"written_statement_days"`
	WrittenStatementBasis *string `json:"written_statement_basis"`
}

// Update applies p to inspection id at version (412 when it has changed since).
func (s *Store) Update(ctx context.Context, id int64, version int, p InspectionPatch) (*Inspection, error) {
	if err := optText("local_area", p.LocalArea, 200, true, false); err != nil {
		return nil, err
	}
	if p.WrittenStatementDays != nil && (*p.WrittenStatementDays < 1 || *p.WrittenStatementDays > 260) {
		return nil, apperr.Errorf(apperr.Unprocessable, "written_statement_days %d: want 1 to 260 working days after publication", *p.WrittenStatementDays)
	}
	if p.WrittenStatementDays != nil && (p.WrittenStatementBasis == nil || strings.TrimSpace(*p.WrittenStatementBasis) == "") {
		return nil, apperr.Errorf(apperr.Unprocessable, "written_statement_basis is required with written_statement_days: say where the figure comes from")
	}
	if err := optText("written_statement_basis", p.WrittenStatementBasis, 2000, false, true); err != nil {
		return nil, err
	}
	if p.Status != nil && (!slices.Contains(Statuses, *p.Status) || *p.Status == StatusPreparing) {
		return nil, apperr.Errorf(apperr.Unprocessable, "status %q: want one of %s (a record leaves preparation only when its notification is recorded)",
			*p.Status, strings.Join(Statuses[1:], ", "))
	}
	return s.changeInspection(ctx, id, &version, fmt.Sprintf("update inspection %d", id), "inspection.update", "",
		func(tx pgx.Tx, notified calendar.Date) (map[string]any, error) {
			if p.Status != nil && notified.IsZero() {
				return nil, apperr.Errorf(apperr.Unprocessable, "inspection %d is being prepared: record its notification (POST …/notification) before changing its status", id)
			}
			_, err := tx.Exec(ctx, `UPDATE inspections SET local_area = COALESCE($2, local_area), status = COALESCE($3, status),
			written_statement_required = COALESCE($4, written_statement_required),
			written_statement_days = COALESCE($6, written_statement_days), written_statement_basis = COALESCE($7, written_statement_basis),
			version = version + 1, updated_at = now(), updated_by = $5 WHERE id = $1`,
				id, p.LocalArea, p.Status, p.WrittenStatementRequired, actor(ctx), p.WrittenStatementDays, p.WrittenStatementBasis)
			return map[string]any{"local_area": p.LocalArea, "status": p.Status, "written_statement_required": p.WrittenStatementRequired,
				"written_statement_days": p.WrittenStatementDays}, err
		})
}

// changeInspection runs write, which changes inspection id and returns the audit parameters,
// in a transaction (what names the change in errors), with the inspection locked at version
// (nil: whatever its version) and its notification date (zero while preparing); then
// audit-logs action on the inspection (or its part at path sub) and answers it as read back.
func (s *Store) changeInspection(ctx context.Context, id int64, version *int, what, action, sub string,
	write func(tx pgx.Tx, notified calendar.Date) (map[string]any, error)) (*Inspection, error) {
	return inTx(ctx, s.pool, what, func(tx pgx.Tx) (*Inspection, error) {
		row := versioned.Row{Table: "inspections", Where: "id = $1", Args: []any{id}, What: fmt.Sprintf("inspection %d", id),
			Missing: apperr.Errorf(apperr.NotFound, "no inspection %d", id)}
		current, err := row.Current(ctx, tx, "")
		if err != nil {
			return nil, err
		}
		if version != nil {
			if err := versioned.Check(row.What, current, *version); err != nil {
				return nil, err
			}
		}
		h, err := head(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		params, err := write(tx, h.NotifiedOn)
		if err != nil {
			return nil, err
		}
		return recorded(ctx, tx, action, inspectionResource(id)+sub, params, func() (*Inspection, error) { return s.get(ctx, tx, id) })
	})
}

// SetMilestone records (or, with a zero date, clears) the actual date of a milestone, and
// returns the inspection with the milestones after it recomputed. version, when not nil, must
// be the inspection's current version.
func (s *Store) SetMilestone(ctx context.Context, id int64, key string, actual calendar.Date, version *int) (*Inspection, error) {
	if !validMilestone(key) {
		return nil, apperr.Errorf(apperr.NotFound, "no milestone %q; the milestones are %s", key, strings.Join(MilestoneKeys(), ", "))
	}
	if key == MilestoneNotification {
		return nil, apperr.Errorf(apperr.Unprocessable, "the notification milestone is the inspection's notified_on date; it has no separate actual date")
	}
	return s.changeInspection(ctx, id, version, fmt.Sprintf("set milestone %s of inspection %d", key, id), "inspection.milestone", "/milestones/"+key,
		func(tx pgx.Tx, notified calendar.Date) (map[string]any, error) {
			if notified.IsZero() {
				return nil, apperr.Errorf(apperr.Unprocessable, "inspection %d is being prepared and has no timetable until its notification is recorded", id)
			}
			if !actual.IsZero() && actual.Before(notified) {
				return nil, apperr.Errorf(apperr.Unprocessable, "actual %s of %s is before the notification on %s", actual, key, notified)
			}
			var err error
			if actual.IsZero() {
				_, err = tx.Exec(ctx, `DELETE FROM inspection_milestones WHERE inspection_id = $1 AND key = $2`, id, key)
			} else {
				_, err = tx.Exec(ctx, `INSERT INTO inspection_milestones (inspection_id, key, actual, recorded_by) VALUES ($1, $2, $3, $4)
				ON CONFLICT (inspection_id, key) DO UPDATE SET actual = EXCLUDED.actual, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
					id, key, actual.Time(), actor(ctx))
			}
			if err != nil {
				return nil, err
			}
			if _, err := tx.Exec(ctx, `UPDATE inspections SET version = version + 1, updated_at = now(), updated_by = $2 WHERE id = $1`, id, actor(ctx)); err != nil {
				return nil, err
			}
			var v any
			if !actual.IsZero() {
				v = actual.String()
			}
			return map[string]any{"actual": v}, nil
		})
}
