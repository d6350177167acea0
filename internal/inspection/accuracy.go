package inspection

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
	"github.com/placesafe/placesafe/internal/versioned"
)

// CommentStatuses are the states of a factual-accuracy comment: drafted by an agency, agreed
// by the partnership, submitted to the inspectorates by the DCS, or withdrawn.
var CommentStatuses = []string{"draft", "agreed", "submitted", "withdrawn"}

// AccuracyComment is one comment on the draft letter's factual accuracy.
type AccuracyComment struct {
	ID int64 `json:"id"`
	// Paragraph says where in the draft letter ("paragraph 12", "page 3, second bullet").
	Paragraph string `json:"paragraph"`
	Agency    string `json:"agency"`
	Comment   string `json:"comment"`
	Status    string `json:"status"`
	Response  string `json:"response"`
	versioned.Stamp
}

// AccuracyInput is the body of POST …/accuracy-comments and PATCH …/{comment}; on PATCH nil
// fields are left as they are.
type AccuracyInput struct {
	Paragraph *string `json:"paragraph"`
	Agency    *string `json:"agency"`
	Comment   *string `json:"comment"`
	Status    *string `json:"status"`
	Response  *string `json:"response"`
}

// AccuracyLog is the factual-accuracy comments log with its deadline: the DCS has 9 working
// days from the draft letter to bring together the partnership's comments.
type AccuracyLog struct {
	InspectionID int64         `json:"inspection_id"`
	DraftLetter  calendar.Date `json:"draft_letter"`
	Deadline     calendar.Date `json:"deadline"`
	WorkingDays  int           `json:"working_days"`
	// WorkingDaysLeft counts the working days from today to the deadline (0 on the day, null
	// before the draft or without a deadline); Overdue once the deadline has passed.
	WorkingDaysLeft *int               `json:"working_days_left"`
	Overdue         bool               `json:"overdue"`
	Counts          map[string]int     `json:"counts"`
	Comments        []*AccuracyComment `json:"comments"`
}

func (in AccuracyInput) check(create bool) error {
	if create && (in.Paragraph == nil || in.Agency == nil || in.Comment == nil) {
		return apperr.Errorf(apperr.Unprocessable, "paragraph, agency and comment are required")
	}
	return firstError(optText("paragraph", in.Paragraph, 200, true, false), optAgency("agency", in.Agency),
		optFreeText("comment", in.Comment, 8000, true), optFreeText("response", in.Response, 8000, false),
		oneOf("status", in.Status, CommentStatuses))
}

// commentKind reads accuracy comments in the order logged.
var commentKind = kind[*AccuracyComment]{name: "accuracy comment", table: "accuracy_comments", path: "accuracy-comments",
	list: func(ctx context.Context, q versioned.Querier, inspectionID, id int64) ([]*AccuracyComment, error) {
		return collect(ctx, q, "load accuracy comments", pgx.RowToAddrOfStructByName[AccuracyComment], `SELECT id, paragraph, agency,
			comment, status, response, version, created_at, updated_at FROM accuracy_comments
			WHERE inspection_id = $1 AND ($2::bigint = 0 OR id = $2) ORDER BY id`, inspectionID, id)
	}}

// AccuracyLog returns the comments log with the deadline as of today.
func (s *Store) AccuracyLog(ctx context.Context, inspectionID int64) (*AccuracyLog, error) {
	return consistentRead(ctx, s.pool, fmt.Sprintf("accuracy comments of inspection %d", inspectionID), func(tx pgx.Tx) (*AccuracyLog, error) {
		in, err := s.get(ctx, tx, inspectionID)
		if err != nil {
			return nil, err
		}
		l := &AccuracyLog{InspectionID: inspectionID, WorkingDays: 9, Counts: map[string]int{}}
		for _, st := range CommentStatuses {
			l.Counts[st] = 0
		}
		if l.Comments, err = commentKind.list(ctx, tx, inspectionID, 0); err != nil {
			return nil, err
		}
		for _, c := range l.Comments {
			l.Counts[c.Status]++
		}
		if !in.NotifiedOn.IsZero() {
			l.DraftLetter = effectiveDate(in, MilestoneDraftLetter)
			if m := in.Milestone(MilestonePartnershipComments); m != nil {
				l.Deadline = m.Due
			}
		}
		today := s.Today()
		if !l.Deadline.IsZero() && !today.Before(l.DraftLetter) {
			l.Overdue = l.Deadline.Before(today)
			if !l.Overdue {
				n := workingDaysUntil(today, l.Deadline)
				l.WorkingDaysLeft = &n
			}
		}
		return l, nil
	})
}

// workingDaysUntil counts the working days after from up to and including to.
func workingDaysUntil(from, to calendar.Date) int {
	n := 0
	for d := from; d.Before(to); n++ {
		next, err := calendar.AddWorkingDays(d, 1)
		if err != nil || next.After(to) {
			break
		}
		d = next
	}
	return n
}

// AddComment logs a comment on the draft letter of a notified inspection.
func (s *Store) AddComment(ctx context.Context, inspectionID int64, in AccuracyInput) (*AccuracyComment, error) {
	if err := in.check(true); err != nil {
		return nil, err
	}
	return commentKind.add(ctx, s, inspectionID, "accuracy_comment.add", func(tx pgx.Tx) (int64, map[string]any, error) {
		if _, err := notifiedHead(ctx, tx, inspectionID, false, "there is no draft letter to comment on"); err != nil {
			return 0, nil, err
		}
		status := "draft"
		if in.Status != nil {
			status = *in.Status
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO accuracy_comments (inspection_id, paragraph, agency, comment, status, response, created_by, updated_by)
			VALUES ($1, $2, $3, $4, $5, COALESCE($6, ''), $7, $7) RETURNING id`, inspectionID, strings.TrimSpace(*in.Paragraph), *in.Agency,
			*in.Comment, status, in.Response, actor(ctx)).Scan(&id)
		return id, map[string]any{"agency": *in.Agency, "status": status}, err
	})
}

// UpdateComment applies in to a comment at version.
func (s *Store) UpdateComment(ctx context.Context, inspectionID, id int64, version int, in AccuracyInput) (*AccuracyComment, error) {
	if err := in.check(false); err != nil {
		return nil, err
	}
	return commentKind.change(ctx, s, inspectionID, id, version, "accuracy_comment.update", nil, func(tx pgx.Tx) (map[string]any, error) {
		_, err := tx.Exec(ctx, `UPDATE accuracy_comments SET paragraph = COALESCE($2, paragraph), agency = COALESCE($3, agency),
			comment = COALESCE($4, comment), status = COALESCE($5, status), response = COALESCE($6, response),
			version = version + 1, updated_at = now(), updated_by = $7 WHERE id = $1`,
			id, in.Paragraph, in.Agency, in.Comment, in.Status, in.Response, actor(ctx))
		return map[string]any{"status": in.Status}, err
	})
}
