package inspection

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/versioned"
)

// The case sample's limits: about 30 children for the theme, of whom inspectors select 5 to 7
// for the partnership's multi-agency audit.
const (
	MaxSample   = 30
	MinAudited  = 5
	MaxAudited  = 7
	maxAgencies = 12
)

// AuditStatuses are the states of one agency's audit of a child's case.
var AuditStatuses = []string{"not_started", "in_progress", "complete"}

// Child is one child of the case sample, by pseudonymous reference only.
type Child struct {
	ID                int64    `json:"id"`
	Reference         string   `json:"reference"`
	AgeAtNotification int      `json:"age_at_notification"`
	CareLeaver        bool     `json:"care_leaver"`
	Agencies          []string `json:"agencies"`
	SelectedForAudit  bool     `json:"selected_for_audit"`
	// Audits holds one audit per involved agency while the child is selected for audit.
	Audits        []CaseAudit `json:"audits"`
	AuditComplete bool        `json:"audit_complete"`
	versioned.Stamp
}

// CaseAudit is one agency's audit of a selected child's case: what it last recorded, and when.
type CaseAudit struct {
	Agency string `json:"agency"`
	AuditUpdate
	UpdatedAt *time.Time `json:"updated_at"`
}

// CaseSample is an inspection's sample of children with the audit counts.
type CaseSample struct {
	InspectionID int64    `json:"inspection_id"`
	Children     []*Child `json:"children"`
	Count        int      `json:"count"`
	Selected     int      `json:"selected_for_audit"`
	MaxChildren  int      `json:"max_children"`
	AuditMin     int      `json:"audit_min"`
	AuditMax     int      `json:"audit_max"`
	Warnings     []string `json:"warnings"`
}

// NewChild is the body of POST …/case-sample.
type NewChild struct {
	Reference         string `json:"reference"`
	AgeAtNotification *int   `json:"age_at_notification"`
	// CareLeaver marks a care leaver, admitted past 17 where the framework's lines name them.
	CareLeaver       bool     `json:"care_leaver"`
	Agencies         []string `json:"agencies"`
	SelectedForAudit bool     `json:"selected_for_audit"`
}

// ChildPatch changes a child of the sample; nil fields are left as they are.
type ChildPatch struct {
	AgeAtNotification *int      `json:"age_at_notification"`
	CareLeaver        *bool     `json:"care_leaver"`
	Agencies          *[]string `json:"agencies"`
	SelectedForAudit  *bool     `json:"selected_for_audit"`
}

// AuditUpdate is the body of PUT …/case-sample/{child}/audits/{agency}.
type AuditUpdate struct {
	Status   string `json:"status"`
	Findings string `json:"findings"`
}

// childKind reads the case sample in the order children were added, with their audits.
var childKind = kind[*Child]{name: "child", table: "case_sample", path: "case-sample", within: "'s case sample", list: children}

// roomForAudit refuses to select another child for audit when MaxAudited already are.
func roomForAudit(ctx context.Context, tx pgx.Tx, inspectionID int64) error {
	refs, err := selectedRefs(ctx, tx, inspectionID)
	if err != nil {
		return err
	}
	if len(refs) >= MaxAudited {
		return tooManySelected(refs)
	}
	return nil
}

// AddChild adds a child to the inspection's case sample: at most 30 children, at most 7 of
// them selected for audit.
func (s *Store) AddChild(ctx context.Context, inspectionID int64, n NewChild) (*Child, error) {
	if err := CheckReference(n.Reference); err != nil {
		return nil, err
	}
	if n.AgeAtNotification == nil {
		return nil, apperr.Errorf(apperr.Unprocessable, "age_at_notification is required")
	}
	if err := checkAgencies(n.Agencies); err != nil {
		return nil, err
	}
	return childKind.add(ctx, s, inspectionID, "case_sample.add", func(tx pgx.Tx) (int64, map[string]any, error) {
		// Lock the inspection: the counts below must hold when two children are added at once.
		h, err := notifiedHead(ctx, tx, inspectionID, true,
			"inspectors select the case sample after notification; audit children in a preparation audit round (…/audit-rounds) meanwhile")
		if err != nil {
			return 0, nil, err
		}
		if err := h.checkAge(*n.AgeAtNotification, n.CareLeaver); err != nil {
			return 0, nil, err
		}
		var count int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM case_sample WHERE inspection_id = $1`, inspectionID).Scan(&count); err != nil {
			return 0, nil, err
		}
		if count >= MaxSample {
			return 0, nil, apperr.Errorf(apperr.Unprocessable, "the case sample holds at most %d children, and has %d", MaxSample, count)
		}
		if n.SelectedForAudit {
			if err := roomForAudit(ctx, tx, inspectionID); err != nil {
				return 0, nil, err
			}
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO case_sample (inspection_id, reference, age_at_notification, agencies, selected_for_audit,
			created_by, updated_by, care_leaver) VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id`,
			inspectionID, n.Reference, *n.AgeAtNotification, n.Agencies, n.SelectedForAudit, actor(ctx), n.CareLeaver).Scan(&id)
		if postgres.IsUniqueViolation(err) {
			return 0, nil, apperr.Errorf(apperr.Conflict, "reference %s is already in the case sample", n.Reference)
		}
		// The audit log names the row, not the reference: the log outlives the sample.
		return id, map[string]any{"agencies": n.Agencies, "selected_for_audit": n.SelectedForAudit}, err
	})
}

// CaseSample returns the inspection's case sample, with a warning while fewer than 5 children
// are selected for audit.
func (s *Store) CaseSample(ctx context.Context, inspectionID int64) (*CaseSample, error) {
	return inReadTx(ctx, s.pool, true, func(tx pgx.Tx) (*CaseSample, error) { return caseSample(ctx, tx, inspectionID) })
}

func caseSample(ctx context.Context, tx pgx.Tx, inspectionID int64) (*CaseSample, error) {
	children, err := childKind.of(ctx, tx, inspectionID)
	if err != nil {
		return nil, err
	}
	cs := &CaseSample{InspectionID: inspectionID, Children: children, Count: len(children), MaxChildren: MaxSample,
		AuditMin: MinAudited, AuditMax: MaxAudited, Warnings: []string{}}
	for _, c := range children {
		if c.SelectedForAudit {
			cs.Selected++
		}
	}
	if cs.Selected < MinAudited {
		cs.Warnings = append(cs.Warnings, fmt.Sprintf("%d children are selected for audit; inspectors select %d to %d", cs.Selected, MinAudited, MaxAudited))
	}
	return cs, nil
}

// Child returns one child of the sample.
func (s *Store) Child(ctx context.Context, inspectionID, id int64) (*Child, error) {
	return childKind.read(ctx, s, false, inspectionID, id)
}

// children loads the sample (only child id when id > 0) with its audits.
func children(ctx context.Context, q versioned.Querier, inspectionID, id int64) ([]*Child, error) {
	list, err := collect(ctx, q, "load case sample", pgx.RowToAddrOfStructByNameLax[Child], `SELECT id, reference, age_at_notification,
		care_leaver, agencies, selected_for_audit, version, created_at, updated_at
		FROM case_sample WHERE inspection_id = $1 AND ($2::bigint = 0 OR id = $2) ORDER BY id`, inspectionID, id)
	if err != nil {
		return nil, err
	}
	cells, err := collect(ctx, q, "load case audits", func(r pgx.CollectableRow) (cell[int64, string, CaseAudit], error) {
		var c cell[int64, string, CaseAudit]
		err := r.Scan(&c.row, &c.v.Agency, &c.v.Status, &c.v.Findings, &c.v.UpdatedAt)
		c.col = c.v.Agency
		return c, err
	}, `SELECT a.case_id, a.agency, a.status, a.findings, a.updated_at FROM case_audits a
		JOIN case_sample c ON c.id = a.case_id WHERE c.inspection_id = $1 AND ($2::bigint = 0 OR c.id = $2)`, inspectionID, id)
	if err != nil {
		return nil, err
	}
	audits := table(cells)
	for _, c := range list {
		c.Agencies = orEmpty(c.Agencies)
		c.Audits = []CaseAudit{}
		if !c.SelectedForAudit {
			continue
		}
		c.AuditComplete = true
		for _, ag := range c.Agencies {
			a, ok := audits[c.ID][ag]
			if !ok {
				a = CaseAudit{Agency: ag, AuditUpdate: AuditUpdate{Status: "not_started"}}
			}
			c.AuditComplete = c.AuditComplete && a.Status == "complete"
			c.Audits = append(c.Audits, a)
		}
	}
	return list, nil
}

// UpdateChild applies p to a child of the sample at version. Selecting an eighth child for
// audit is refused; removing an agency removes its audit.
func (s *Store) UpdateChild(ctx context.Context, inspectionID, id int64, version int, p ChildPatch) (*Child, error) {
	if p.Agencies != nil {
		if err := checkAgencies(*p.Agencies); err != nil {
			return nil, err
		}
	}
	var h inspectionHead
	return childKind.change(ctx, s, inspectionID, id, version, "case_sample.update", func(tx pgx.Tx) (err error) {
		h, err = notifiedHead(ctx, tx, inspectionID, true, "")
		return err
	}, func(tx pgx.Tx) (map[string]any, error) {
		c, err := childKind.get(ctx, tx, inspectionID, id)
		if err != nil {
			return nil, err
		}
		if p.AgeAtNotification != nil || p.CareLeaver != nil {
			age, careLeaver := c.AgeAtNotification, c.CareLeaver
			if p.AgeAtNotification != nil {
				age = *p.AgeAtNotification
			}
			if p.CareLeaver != nil {
				careLeaver = *p.CareLeaver
			}
			if err := h.checkAge(age, careLeaver); err != nil {
				return nil, err
			}
		}
		if p.SelectedForAudit != nil && *p.SelectedForAudit && !c.SelectedForAudit {
			if err := roomForAudit(ctx, tx, inspectionID); err != nil {
				return nil, err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE case_sample SET age_at_notification = COALESCE($2, age_at_notification),
				agencies = COALESCE($3, agencies), selected_for_audit = COALESCE($4, selected_for_audit), care_leaver = COALESCE($6, care_leaver),
				version = version + 1, updated_at = now(), updated_by = $5 WHERE id = $1`,
			id, p.AgeAtNotification, p.Agencies, p.SelectedForAudit, actor(ctx), p.CareLeaver); err != nil {
			return nil, err
		}
		if p.Agencies != nil {
			if _, err := tx.Exec(ctx, `DELETE FROM case_audits WHERE case_id = $1 AND NOT agency = ANY($2)`, id, *p.Agencies); err != nil {
				return nil, err
			}
		}
		return map[string]any{"agencies": p.Agencies, "selected_for_audit": p.SelectedForAudit, "age_changed": p.AgeAtNotification != nil}, nil
	})
}

// DeleteChild removes a child, with its audits, from the sample.
func (s *Store) DeleteChild(ctx context.Context, inspectionID, id int64) error {
	return childKind.remove(ctx, s, inspectionID, id, "case_sample.delete", "", nil)
}

// SetAudit records one agency's audit of a selected child's case.
func (s *Store) SetAudit(ctx context.Context, inspectionID, id int64, agency string, u AuditUpdate) (*Child, error) {
	if err := oneOf("status", &u.Status, AuditStatuses); err != nil {
		return nil, err
	}
	if err := checkText("findings", u.Findings, 20000, false, true); err != nil {
		return nil, err
	}
	return inTx(ctx, s.pool, fmt.Sprintf("set %s audit of child %d", agency, id), func(tx pgx.Tx) (*Child, error) {
		c, err := childKind.get(ctx, tx, inspectionID, id)
		if err != nil {
			return nil, err
		}
		if !c.SelectedForAudit {
			return nil, apperr.Errorf(apperr.Unprocessable, "child %d is not selected for audit", id)
		}
		if err := involved(agency, c.Agencies, fmt.Sprintf("with child %d", id)); err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_audits (case_id, agency, status, findings, updated_by) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (case_id, agency) DO UPDATE SET status = EXCLUDED.status, findings = EXCLUDED.findings,
				updated_at = now(), updated_by = EXCLUDED.updated_by`, id, agency, u.Status, u.Findings, actor(ctx)); err != nil {
			return nil, err
		}
		return recorded(ctx, tx, "case_audit.set", childKind.resource(inspectionID, id)+"/audits/"+agency, map[string]any{"status": u.Status},
			func() (*Child, error) { return childKind.get(ctx, tx, inspectionID, id) })
	})
}
