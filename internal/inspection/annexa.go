package inspection

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/versioned"
)

// Annex A item statuses.
var AnnexAStatuses = []string{"not_started", "in_progress", "submitted"}

// Kinds of item on the checklist: the inspectorates' Annex A requests, requests added in
// exceptional circumstances during the inspection, and placesafe's own places-and-spaces
// evidence, shown beside Annex A and never counted in it.
const (
	ItemRequest     = "annex_a"
	ItemExceptional = "exceptional"
	ItemPlacesafe   = "placesafe_evidence"
)

// AnnexAItem is one item of an inspection's Annex A checklist: the framework's template item
// the inspection was given when it was created (an exceptional request has the same fields),
// with its kind, position, due date and progress. The JTAI lead may give it another owner.
type AnnexAItem struct {
	ID int64 `json:"id"`
	TemplateItem
	Kind     string `json:"kind"`
	Position int    `json:"position"`
	// DueOn is the day it is due; DueAt the moment, for items due in hours.
	DueOn    calendar.Date `json:"due_on"`
	DueAt    *time.Time    `json:"due_at,omitempty"`
	DueError string        `json:"due_error,omitempty"`
	// DueSet is true when the JTAI lead set the due date (or, for an exceptional request, the
	// inspectors did) rather than the template's working days after notification.
	DueSet bool `json:"due_set"`
	// Necessity says why an exceptional request is necessary and not already in Annex A.
	Necessity   string        `json:"necessity,omitempty"`
	RequestedOn calendar.Date `json:"requested_on"`
	Status      string        `json:"status"`
	Note        string        `json:"note"`
	SubmittedAt *time.Time    `json:"submitted_at"`
	EvidenceIDs []int64       `json:"evidence_ids"`
	// Late: not submitted and its due date has passed. SubmittedLate: submitted after it.
	Late          bool      `json:"late"`
	SubmittedLate bool      `json:"submitted_late"`
	Version       int       `json:"version"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// countsAsAnnexA reports whether the item is part of the inspectorates' information request:
// placesafe's own places-and-spaces evidence items (filled from its data) are shown beside
// Annex A, never counted in it.
func (it AnnexAItem) countsAsAnnexA() bool { return it.Kind != ItemPlacesafe }

// AgencyProgress counts one agency's Annex A items by status.
type AgencyProgress struct {
	Agency     string `json:"agency"`
	Items      int    `json:"items"`
	NotStarted int    `json:"not_started"`
	InProgress int    `json:"in_progress"`
	Submitted  int    `json:"submitted"`
	Late       int    `json:"late"`
	// PercentSubmitted is Submitted / Items × 100, rounded down.
	PercentSubmitted int `json:"percent_submitted"`
}

func (p *AgencyProgress) add(it AnnexAItem) {
	p.Items++
	switch it.Status {
	case "not_started":
		p.NotStarted++
	case "in_progress":
		p.InProgress++
	case "submitted":
		p.Submitted++
	}
	if it.Late {
		p.Late++
	}
	p.PercentSubmitted = p.Submitted * 100 / p.Items
}

// AnnexA is an inspection's checklist with progress by agency. ByAgency and Total count the
// Annex A requests (exceptional ones included); PlacesafeEvidence counts placesafe's own items.
type AnnexA struct {
	InspectionID      int64            `json:"inspection_id"`
	Framework         string           `json:"framework"`
	NotifiedOn        calendar.Date    `json:"notified_on"`
	Items             []AnnexAItem     `json:"items"`
	ByAgency          []AgencyProgress `json:"by_agency"`
	Total             AgencyProgress   `json:"total"`
	PlacesafeEvidence int              `json:"placesafe_evidence"`
}

// AnnexA returns the inspection's checklist, each item with its due date, and progress by agency.
func (s *Store) AnnexA(ctx context.Context, inspectionID int64) (*AnnexA, error) {
	return inReadTx(ctx, s.pool, true, func(tx pgx.Tx) (*AnnexA, error) { return s.annexA(ctx, tx, inspectionID) })
}

func (s *Store) annexA(ctx context.Context, tx pgx.Tx, inspectionID int64) (*AnnexA, error) {
	h, err := head(ctx, tx, inspectionID)
	if err != nil {
		return nil, err
	}
	items, err := s.annexAItems(ctx, tx, h, "")
	if err != nil {
		return nil, err
	}
	a := &AnnexA{InspectionID: h.ID, Framework: h.Framework, NotifiedOn: h.NotifiedOn, Items: items, Total: AgencyProgress{Agency: "all"}}
	by := map[string]*AgencyProgress{}
	for _, it := range items {
		if !it.countsAsAnnexA() {
			a.PlacesafeEvidence++
			continue
		}
		p := by[it.OwnerAgency]
		if p == nil {
			p = &AgencyProgress{Agency: it.OwnerAgency}
			by[it.OwnerAgency] = p
		}
		p.add(it)
		a.Total.add(it)
	}
	for _, ag := range Agencies { // in the agencies' order
		if p := by[ag.Key]; p != nil {
			a.ByAgency = append(a.ByAgency, *p)
		}
	}
	a.ByAgency = orEmpty(a.ByAgency)
	return a, nil
}

func (s *Store) annexAItems(ctx context.Context, tx pgx.Tx, h inspectionHead, key string) ([]AnnexAItem, error) {
	rows, err := tx.Query(ctx, `SELECT i.id, i.key, i.position, i.title, i.description, i.owner_agency, i.due_unit, i.due_amount,
			i.fills_from, i.line_keys, i.status, i.note, i.submitted_at, i.version, i.updated_at, i.due_on, i.exceptional, i.necessity, i.requested_on,
			COALESCE(array_agg(e.evidence_id ORDER BY e.evidence_id) FILTER (WHERE e.evidence_id IS NOT NULL), '{}')
		FROM annex_a_items i LEFT JOIN annex_a_evidence e ON e.item_id = i.id
		WHERE i.inspection_id = $1 AND ($2 = '' OR i.key = $2)
		GROUP BY i.id ORDER BY i.position, i.id`, h.ID, key)
	if err != nil {
		return nil, fmt.Errorf("load Annex A of inspection %d: %w", h.ID, err)
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (AnnexAItem, error) {
		var it AnnexAItem
		var dueOn, requested *time.Time
		var exceptional bool
		err := r.Scan(&it.ID, &it.Key, &it.Position, &it.Title, &it.Description, &it.OwnerAgency, &it.Due.Unit, &it.Due.Amount,
			&it.FillsFrom, &it.Lines, &it.Status, &it.Note, &it.SubmittedAt, &it.Version, &it.UpdatedAt, &dueOn, &exceptional, &it.Necessity,
			&requested, &it.EvidenceIDs)
		it.Kind = ItemRequest
		switch {
		case exceptional:
			it.Kind = ItemExceptional
		case it.FillsFrom != "":
			it.Kind = ItemPlacesafe
		}
		if dueOn != nil {
			it.DueOn, it.DueSet = calendar.DateOf(*dueOn), true
		}
		if requested != nil {
			it.RequestedOn = calendar.DateOf(*requested)
		}
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("load Annex A of inspection %d: %w", h.ID, err)
	}
	now := s.Now()
	for i := range items {
		items[i].Lines = orEmpty(items[i].Lines)
		items[i].EvidenceIDs = orEmpty(items[i].EvidenceIDs)
		dueItem(&items[i], h.NotifiedOn, now)
	}
	return orEmpty(items), nil
}

// dueItem works out when an item is due and whether it is late: only once its due date (or
// hour) has passed and it is not submitted. placesafe's own evidence items have no due date.
func dueItem(it *AnnexAItem, notified calendar.Date, now time.Time) {
	if it.Kind == ItemPlacesafe || notified.IsZero() && !it.DueSet { // nothing is due until the notification
		return
	}
	var deadline time.Time
	switch {
	case it.DueSet:
		deadline = it.DueOn.AddDays(1).In(record.London()) // due by the end of the day
	case it.Due.Unit == DueHours:
		at := notified.In(record.London()).Add(time.Duration(NotificationHour+it.Due.Amount) * time.Hour)
		it.DueAt, it.DueOn, deadline = &at, calendar.DateOf(at.In(record.London())), at
	default:
		d, err := calendar.AddWorkingDays(notified, it.Due.Amount)
		if err != nil {
			it.DueError = err.Error()
			return
		}
		it.DueOn, deadline = d, d.AddDays(1).In(record.London()) // due by the end of the day
	}
	if it.Status == "submitted" {
		it.SubmittedLate = it.SubmittedAt != nil && it.SubmittedAt.After(deadline)
		return
	}
	it.Late = now.After(deadline)
}

// AnnexAPatch changes an Annex A item; nil fields are left as they are. The owner and the due
// date are the JTAI lead's to set (admin, analyst); due_on "" returns to the template's due.
type AnnexAPatch struct {
	Status      *string  `json:"status"`
	Note        *string  `json:"note"`
	OwnerAgency *string  `json:"owner_agency"`
	DueOn       *string  `json:"due_on"`
	EvidenceIDs *[]int64 `json:"evidence_ids"` // replaces the item's evidence links
}

// UpdateAnnexAItem applies p to the inspection's item key at version, for a user with role:
// only the JTAI lead (admin, analyst) changes an item's owner or due date.
func (s *Store) UpdateAnnexAItem(ctx context.Context, inspectionID int64, key string, version int, role string, p AnnexAPatch) (*AnnexAItem, error) {
	if (p.OwnerAgency != nil || p.DueOn != nil) && !slices.Contains(jtaiLeads, role) {
		return nil, apperr.Errorf(apperr.Forbidden, "only the JTAI lead (admin or analyst) changes an Annex A item's owner or due date")
	}
	clearDue := p.DueOn != nil && *p.DueOn == ""
	dueOn, err := parseDate("due_on", nonEmpty(p.DueOn))
	if err != nil {
		return nil, err
	}
	if err := firstError(oneOf("status", p.Status, AnnexAStatuses), optText("note", p.Note, 4000, false, true),
		optAgency("owner_agency", p.OwnerAgency)); err != nil {
		return nil, err
	}
	return inTx(ctx, s.pool, fmt.Sprintf("update Annex A item %s of inspection %d", key, inspectionID), func(tx pgx.Tx) (*AnnexAItem, error) {
		h, err := head(ctx, tx, inspectionID)
		if err != nil {
			return nil, err
		}
		var id int64
		var status string
		var exceptional bool
		if err := (versioned.Row{Table: "annex_a_items", Where: "inspection_id = $1 AND key = $2", Args: []any{inspectionID, key},
			What: fmt.Sprintf("Annex A item %q", key), Missing: apperr.Errorf(apperr.NotFound, "inspection %d has no Annex A item %q", inspectionID, key)}).
			Lock(ctx, tx, version, ", id, status, exceptional", &id, &status, &exceptional); err != nil {
			return nil, err
		}
		if clearDue && exceptional {
			return nil, apperr.Errorf(apperr.Unprocessable, "an exceptional request keeps its own due date; set another date instead")
		}
		if p.EvidenceIDs != nil {
			if err := linkEvidence(ctx, tx, inspectionID, id, *p.EvidenceIDs); err != nil {
				return nil, err
			}
		}
		// submitted_at records when the item first became submitted (by the store's clock); leaving
		// that status clears it.
		if _, err := tx.Exec(ctx, `UPDATE annex_a_items SET status = COALESCE($2, status), note = COALESCE($3, note),
				owner_agency = COALESCE($4, owner_agency),
				due_on = CASE WHEN $8 THEN NULL ELSE COALESCE($7, due_on) END,
				submitted_at = CASE WHEN COALESCE($2, status) <> 'submitted' THEN NULL
					WHEN status = 'submitted' THEN submitted_at ELSE $6 END,
				version = version + 1, updated_at = now(), updated_by = $5 WHERE id = $1`,
			id, p.Status, p.Note, p.OwnerAgency, actor(ctx), s.Now(), dueOn, clearDue); err != nil {
			return nil, err
		}
		return recorded(ctx, tx, "annex_a.update", annexAResource(inspectionID, key), map[string]any{"from_status": status, "status": p.Status,
			"owner_agency": p.OwnerAgency, "due_on": p.DueOn, "evidence_ids": p.EvidenceIDs}, func() (*AnnexAItem, error) { return s.annexAItem(ctx, tx, h, key) })
	})
}

// annexAResource names item key of the inspection's Annex A in the audit log.
func annexAResource(inspectionID int64, key string) string {
	return fmt.Sprintf("%s/annex-a/%s", inspectionResource(inspectionID), key)
}

// annexAItem reads item key of the inspection's Annex A.
func (s *Store) annexAItem(ctx context.Context, tx pgx.Tx, h inspectionHead, key string) (*AnnexAItem, error) {
	items, err := s.annexAItems(ctx, tx, h, key)
	if err != nil {
		return nil, err
	}
	return &items[0], nil
}

// linkEvidence replaces an item's evidence links; every id must be evidence of the inspection.
func linkEvidence(ctx context.Context, tx pgx.Tx, inspectionID, itemID int64, ids []int64) error {
	if len(ids) > 500 {
		return apperr.Errorf(apperr.Unprocessable, "at most 500 evidence links per item")
	}
	var found []int64
	rows, err := tx.Query(ctx, `SELECT id FROM evidence WHERE inspection_id = $1 AND id = ANY($2)`, inspectionID, ids)
	if err != nil {
		return err
	}
	if found, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return err
	}
	for _, id := range ids {
		if !slices.Contains(found, id) {
			return apperr.Errorf(apperr.Unprocessable, "evidence %d is not in inspection %d's evidence library", id, inspectionID)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM annex_a_evidence WHERE item_id = $1`, itemID); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO annex_a_evidence (item_id, evidence_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, itemID, ids)
	return err
}
