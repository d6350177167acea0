package inspection

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
	"github.com/placesafe/placesafe/internal/versioned"
)

// Statuses an inspection moves through. "preparing" is the record before notification; only
// recording the notification leaves it. The others are set by hand (the timetable does not
// set them).
var Statuses = []string{StatusPreparing, "notified", "fieldwork", "reporting", "published", "closed"}

// StatusPreparing is the status of a partnership's record before the inspection is notified.
const StatusPreparing = "preparing"

// Phases of an inspection record: preparation before notification, the inspection after.
const (
	PhasePreparation = "preparation"
	PhaseInspection  = "inspection"
)

// Inspection is one JTAI of the local area, with its timetable: from the day the partnership
// starts preparing (no notification date, no timetable) to the action plan after the letter.
type Inspection struct {
	ID             int64  `json:"id"`
	Framework      string `json:"framework"`
	FrameworkTitle string `json:"framework_title"`
	// FrameworkVersion is the version of the framework's lines the inspection was recorded
	// under; Inspectorates are that version's.
	FrameworkVersion int      `json:"framework_version"`
	Inspectorates    []string `json:"inspectorates"`
	LocalArea        string   `json:"local_area"`
	// LocalAreaID is the local area of the deployment inspected (null only in a deployment
	// without local areas); its users see the inspection.
	LocalAreaID *int64 `json:"local_area_id"`
	// NotifiedOn is null while the partnership prepares.
	NotifiedOn calendar.Date `json:"notified_on"`
	Status     string        `json:"status"`
	// Phase is "preparation" before notification and "inspection" after.
	Phase string `json:"phase"`
	// NotificationRecordedAt is when the notification was recorded on a record that was
	// prepared before it (null for one created already notified, and while preparing).
	NotificationRecordedAt *time.Time `json:"notification_recorded_at"`
	// WrittenStatementRequired is null until the letter says whether a written statement of
	// proposed action is required.
	WrittenStatementRequired *bool `json:"written_statement_required"`
	// WrittenStatementDays is how many working days after publication the written statement is
	// due (70 by default), with the basis of that figure; both can be adjusted.
	WrittenStatementDays  int         `json:"written_statement_days"`
	WrittenStatementBasis string      `json:"written_statement_basis"`
	Milestones            []Milestone `json:"milestones"`
	// Warnings are things to check that did not stop the inspection being recorded, such as
	// a notification on a weekday other than Monday.
	Warnings []string `json:"warnings"`
	// Calendar names the bank-holiday table the working days are counted over.
	Calendar  string    `json:"calendar"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	CreatedBy *int64    `json:"created_by"`
}

// Milestone returns the milestone with key (nil when there is none).
func (in *Inspection) Milestone(key string) *Milestone {
	for i := range in.Milestones {
		if in.Milestones[i].Key == key {
			return &in.Milestones[i]
		}
	}
	return nil
}

// NewInspection is the body of POST /api/v1/inspections. Without notified_on the record is a
// partnership's preparation (status "preparing").
type NewInspection struct {
	Framework string `json:"framework"`
	LocalArea string `json:"local_area"`
	// LocalAreaID is the local area inspected: required in a deployment of several local areas
	// unless the user sees only one.
	LocalAreaID *int64 `json:"local_area_id"`
	NotifiedOn  string `json:"notified_on"`
}

// checkNotification reads a notification date, refusing one that is not a working day.
func checkNotification(v string) (calendar.Date, error) {
	notified, err := parseDay("notified_on", v)
	if err != nil {
		return notified, err
	}
	if _, refusal := NotificationCheck(notified); refusal != "" {
		return notified, apperr.Errorf(apperr.Unprocessable, "%s", refusal)
	}
	return notified, nil
}

// Create records an inspection: a notified one (refusing a notification date that is not a
// working day) or, without notified_on, a partnership's preparation. Either way it copies its
// framework's Annex A template into its checklist.
func (s *Store) Create(ctx context.Context, n NewInspection) (*Inspection, error) {
	if err := checkText("local_area", n.LocalArea, 200, true, false); err != nil {
		return nil, err
	}
	var notified any
	status := StatusPreparing
	if n.NotifiedOn != "" {
		d, err := checkNotification(n.NotifiedOn)
		if err != nil {
			return nil, err
		}
		notified, status = d.Time(), "notified"
	}
	return inTx(ctx, s.pool, "create inspection", func(tx pgx.Tx) (*Inspection, error) {
		f, err := frameworkOf(ctx, tx, n.Framework)
		if apperr.Code(err) == apperr.NotFound {
			keys, err := frameworkKeys(ctx, tx)
			if err != nil {
				return nil, fmt.Errorf("list frameworks: %w", err)
			}
			return nil, oneOf("framework", &n.Framework, keys)
		}
		if err != nil {
			return nil, err
		}
		areaID, err := inspectedArea(ctx, tx, n.LocalAreaID)
		if err != nil {
			return nil, err
		}
		// The inspection keeps the framework's current version, and its written statement
		// default with the basis, which the JTAI lead may adjust.
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO inspections (framework, framework_version, local_area, notified_on, status, created_by, updated_by,
			written_statement_days, written_statement_basis, local_area_id) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9) RETURNING id`,
			n.Framework, f.Version, strings.TrimSpace(n.LocalArea), notified, status, actor(ctx), f.WrittenStatementDays, f.WrittenStatementBasis, areaID).Scan(&id); err != nil {
			return nil, err
		}
		items, err := copyTemplate(ctx, tx, id, n.Framework)
		if err != nil {
			return nil, err
		}
		return recorded(ctx, tx, "inspection.create", inspectionResource(id), map[string]any{
			"framework": n.Framework, "local_area": n.LocalArea, "local_area_id": areaID, "notified_on": n.NotifiedOn, "status": status, "annex_a_items": items},
			func() (*Inspection, error) { return s.get(ctx, tx, id) })
	})
}

func inspectionResource(id int64) string { return "inspections/" + strconv.FormatInt(id, 10) }

// inspectionSelect reads inspections (alias i) with their framework version (f); callers add
// WHERE, ORDER and LIMIT.
const inspectionSelect = `SELECT i.id, i.framework, i.local_area, i.notified_on, i.status, i.written_statement_required, i.version,
	i.created_at, i.updated_at, i.created_by, i.notification_recorded_at, f.title, i.framework_version, f.inspectorates,
	i.written_statement_days, i.written_statement_basis, i.local_area_id`

func scanInspection(row pgx.Row, extra ...any) (*Inspection, error) {
	in := &Inspection{}
	var notified *time.Time
	if err := row.Scan(append([]any{&in.ID, &in.Framework, &in.LocalArea, &notified, &in.Status,
		&in.WrittenStatementRequired, &in.Version, &in.CreatedAt, &in.UpdatedAt, &in.CreatedBy, &in.NotificationRecordedAt,
		&in.FrameworkTitle, &in.FrameworkVersion, &in.Inspectorates, &in.WrittenStatementDays, &in.WrittenStatementBasis, &in.LocalAreaID}, extra...)...); err != nil {
		return nil, err
	}
	in.Phase = PhasePreparation
	if notified != nil {
		in.NotifiedOn, in.Phase = calendar.DateOf(*notified), PhaseInspection
	}
	in.Calendar = calendar.Source
	return in, nil
}

// finish adds the milestones (from the recorded actual dates) and warnings to inspections.
func (s *Store) finish(ctx context.Context, q versioned.Querier, ins ...*Inspection) error {
	if len(ins) == 0 {
		return nil
	}
	ids := make([]int64, len(ins))
	for i, in := range ins {
		ids[i] = in.ID
	}
	cells, err := collect(ctx, q, "load milestones", func(r pgx.CollectableRow) (cell[int64, string, calendar.Date], error) {
		var c cell[int64, string, calendar.Date]
		var at time.Time
		err := r.Scan(&c.row, &c.col, &at)
		c.v = calendar.DateOf(at)
		return c, err
	}, `SELECT inspection_id, key, actual FROM inspection_milestones WHERE inspection_id = ANY($1)`, ids)
	if err != nil {
		return err
	}
	actuals := table(cells)
	today := s.Today()
	for _, in := range ins {
		if in.NotifiedOn.IsZero() { // preparing: no timetable until the notification
			in.Milestones, in.Warnings = []Milestone{}, []string{}
			continue
		}
		in.Milestones = TimetableWith(in.NotifiedOn, actuals[in.ID], in.WrittenStatementRequired, today, in.WrittenStatementDays)
		in.Warnings, _ = NotificationCheck(in.NotifiedOn) // a refused date was refused when it was recorded
		in.Warnings = orEmpty(in.Warnings)
		for _, m := range in.Milestones {
			if m.Error != "" && !strings.Contains(m.Error, "has no date") {
				in.Warnings = append(in.Warnings, m.Key+" "+m.Error)
			}
		}
	}
	return nil
}

// Get returns an inspection with its timetable.
func (s *Store) Get(ctx context.Context, id int64) (*Inspection, error) {
	return s.get(ctx, s.pool, id)
}

func (s *Store) get(ctx context.Context, q versioned.Querier, id int64) (*Inspection, error) {
	in, err := versioned.Get(ctx, q, inspectionSelect+` FROM inspections i
		JOIN frameworks f ON f.key = i.framework AND f.version = i.framework_version WHERE i.id = $1`, false, scanInspection, "inspection", id)
	if err != nil {
		return nil, err
	}
	return in, s.finish(ctx, q, in)
}

// Filter narrows List; nil fields do not filter.
type Filter struct {
	Framework *string
	Status    *string
	Limit     int
	Offset    int
}

// List returns inspections, most recently notified first, and the total that match.
func (s *Store) List(ctx context.Context, f Filter) ([]*Inspection, int, error) {
	f.Limit = api.Limit(f.Limit)
	seen, areas := area.ViewerFrom(ctx).Filter("i.local_area_id", 5)
	list, total, err := versioned.Counted(ctx, s.pool, "list inspections", scanInspection,
		inspectionSelect+`, COUNT(*) OVER () FROM inspections i
		JOIN frameworks f ON f.key = i.framework AND f.version = i.framework_version
		WHERE ($1::text IS NULL OR i.framework = $1) AND ($2::text IS NULL OR i.status = $2) AND `+seen+`
		ORDER BY i.notified_on DESC NULLS LAST, i.id DESC LIMIT $3 OFFSET $4`, f.Framework, f.Status, f.Limit, f.Offset, areas)
	if err != nil {
		return nil, 0, err
	}
	return list, total, s.finish(ctx, s.pool, list...)
}
