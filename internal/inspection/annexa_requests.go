package inspection

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
	"github.com/placesafe/placesafe/internal/versioned"
)

// jtaiLeads are the roles that run an inspection for the partnership.
var jtaiLeads = []string{"admin", "analyst"}

// NewExceptional is the body of POST …/annex-a: information inspectors ask for in exceptional
// circumstances, when it is necessary and not already in Annex A.
type NewExceptional struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Necessity   string `json:"necessity"`
	OwnerAgency string `json:"owner_agency"`
	DueOn       string `json:"due_on"`
}

// AddExceptional adds an exceptional-circumstances request to a notified inspection's
// checklist, with its own due date.
func (s *Store) AddExceptional(ctx context.Context, inspectionID int64, n NewExceptional) (*AnnexAItem, error) {
	if err := checkText("title", n.Title, 200, true, false); err != nil {
		return nil, err
	}
	if err := checkFreeText("description", n.Description, 2000, false); err != nil {
		return nil, err
	}
	if strings.TrimSpace(n.Necessity) == "" {
		return nil, apperr.Errorf(apperr.Unprocessable, "necessity is required: say why the information is necessary and not already in Annex A")
	}
	if err := checkFreeText("necessity", n.Necessity, 2000, false); err != nil {
		return nil, err
	}
	if err := checkAgency("owner_agency", n.OwnerAgency); err != nil {
		return nil, err
	}
	due, err := parseDay("due_on", n.DueOn)
	if err != nil {
		return nil, err
	}
	return withHead(ctx, s, inspectionID, fmt.Sprintf("add exceptional request to inspection %d", inspectionID), true, "exceptional requests are made by inspectors during the inspection", func(tx pgx.Tx, h inspectionHead) (*AnnexAItem, error) {
		today := s.Today()
		if due.Before(today) {
			return nil, apperr.Errorf(apperr.Unprocessable, "due_on %s is before today, %s, when the request is recorded", due, today)
		}
		var n0, pos int
		if err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE exceptional), COALESCE(max(position), 0) FROM annex_a_items WHERE inspection_id = $1`,
			inspectionID).Scan(&n0, &pos); err != nil {
			return nil, err
		}
		key := fmt.Sprintf("exceptional_%d", n0+1)
		if _, err := tx.Exec(ctx, `INSERT INTO annex_a_items (inspection_id, key, position, title, description, owner_agency, due_unit, due_amount,
			due_on, exceptional, necessity, requested_on, updated_by) VALUES ($1, $2, $3, $4, $5, $6, 'working_days', 0, $7, true, $8, $9, $10)`,
			inspectionID, key, pos+1, strings.TrimSpace(n.Title), n.Description, n.OwnerAgency, due.Time(), n.Necessity, today.Time(), actor(ctx)); err != nil {
			return nil, err
		}
		return recorded(ctx, tx, "annex_a.exceptional", annexAResource(inspectionID, key), map[string]any{"owner_agency": n.OwnerAgency, "due_on": due.String()},
			func() (*AnnexAItem, error) { return s.annexAItem(ctx, tx, h, key) })
	})
}

// DryRun is a check of the Annex A checklist's completeness as if the inspection were notified
// on AssumedNotifiedOn: an item is ready when it is submitted or has quality-assured or approved
// evidence linked (filed ready for submission); the others are missing.
type DryRun struct {
	ID                int64            `json:"id"`
	AssumedNotifiedOn calendar.Date    `json:"assumed_notified_on"`
	Items             int              `json:"items"`
	Ready             int              `json:"ready"`
	Missing           []MissingItem    `json:"missing"`
	ByAgency          []DryRunByAgency `json:"by_agency"`
	RunAt             time.Time        `json:"run_at"`
	RunBy             *int64           `json:"run_by"`
}

// MissingItem is an Annex A item a dry run found not ready, with when it would be due.
type MissingItem struct {
	Key         string        `json:"key"`
	Title       string        `json:"title"`
	OwnerAgency string        `json:"owner_agency"`
	DueOn       calendar.Date `json:"due_on"`
	Reason      string        `json:"reason"`
}

// DryRunByAgency counts one agency's missing items.
type DryRunByAgency struct {
	Agency  string `json:"agency"`
	Missing int    `json:"missing"`
}

// NewDryRun is the body of POST …/annex-a/dry-runs; without a date the dry run assumes a
// notification on the next Monday that is a working day.
type NewDryRun struct {
	AssumedNotifiedOn string `json:"assumed_notified_on"`
}

// nextNotificationDay is the first Monday after today that is a working day.
func nextNotificationDay(today calendar.Date) calendar.Date {
	d := today.AddDays(1)
	for i := 0; i < 60; i++ {
		if ok, err := calendar.IsWorkingDay(d); err == nil && ok && d.Weekday() == time.Monday {
			return d
		}
		d = d.AddDays(1)
	}
	return today
}

// RunDryRun checks the checklist's completeness, records the result and returns it.
func (s *Store) RunDryRun(ctx context.Context, inspectionID int64, n NewDryRun) (*DryRun, error) {
	assumed := nextNotificationDay(s.Today())
	if n.AssumedNotifiedOn != "" {
		d, err := checkNotification(n.AssumedNotifiedOn)
		if err != nil {
			return nil, err
		}
		assumed = d
	}
	return withHead(ctx, s, inspectionID, fmt.Sprintf("dry run of inspection %d's Annex A", inspectionID), false, "", func(tx pgx.Tx, h inspectionHead) (*DryRun, error) {
		if !h.preparing() {
			assumed = h.NotifiedOn
		}
		requests, err := s.annexRequests(ctx, tx, inspectionHead{ID: h.ID, Framework: h.Framework, NotifiedOn: assumed})
		if err != nil {
			return nil, err
		}
		r := &DryRun{AssumedNotifiedOn: assumed, Missing: []MissingItem{}}
		for _, it := range requests {
			r.Items++
			switch {
			case it.ready:
				r.Ready++
			case len(it.EvidenceIDs) > 0:
				r.Missing = append(r.Missing, MissingItem{it.Key, it.Title, it.OwnerAgency, it.DueOn, "its evidence is not yet quality-assured"})
			default:
				r.Missing = append(r.Missing, MissingItem{it.Key, it.Title, it.OwnerAgency, it.DueOn, "no evidence filed"})
			}
		}
		missing, err := json.Marshal(r.Missing)
		if err != nil {
			return nil, err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO annex_a_dry_runs (inspection_id, assumed_notified_on, items, ready, missing, run_by)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, run_at, run_by`, inspectionID, assumed.Time(), r.Items, r.Ready, missing, actor(ctx)).Scan(&r.ID, &r.RunAt, &r.RunBy); err != nil {
			return nil, err
		}
		r.ByAgency = missingByAgency(r.Missing)
		return recorded(ctx, tx, "annex_a.dry_run", dryRunKind.resource(inspectionID, r.ID),
			map[string]any{"assumed_notified_on": assumed.String(), "items": r.Items, "ready": r.Ready}, func() (*DryRun, error) { return r, nil })
	})
}

func missingByAgency(missing []MissingItem) []DryRunByAgency {
	count := map[string]int{}
	for _, m := range missing {
		count[m.OwnerAgency]++
	}
	out := []DryRunByAgency{}
	for _, ag := range Agencies {
		if n := count[ag.Key]; n > 0 {
			out = append(out, DryRunByAgency{ag.Key, n})
		}
	}
	return out
}

// dryRunKind reads the recorded dry runs, the latest 50, newest first.
var dryRunKind = kind[*DryRun]{name: "dry run", table: "annex_a_dry_runs", path: "annex-a/dry-runs",
	list: func(ctx context.Context, q versioned.Querier, inspectionID, id int64) ([]*DryRun, error) {
		return collect(ctx, q, "list Annex A dry runs", func(r pgx.CollectableRow) (*DryRun, error) {
			d := &DryRun{}
			var assumed time.Time
			var missing []byte
			if err := r.Scan(&d.ID, &assumed, &d.Items, &d.Ready, &missing, &d.RunAt, &d.RunBy); err != nil {
				return nil, err
			}
			d.AssumedNotifiedOn = calendar.DateOf(assumed)
			if err := json.Unmarshal(missing, &d.Missing); err != nil {
				return nil, err
			}
			d.ByAgency = missingByAgency(d.Missing)
			return d, nil
		}, `SELECT id, assumed_notified_on, items, ready, missing, run_at, run_by FROM annex_a_dry_runs
			WHERE inspection_id = $1 AND ($2::bigint = 0 OR id = $2) ORDER BY id DESC LIMIT 50`, inspectionID, id)
	}}

// DryRuns returns the inspection's recorded dry runs, newest first.
func (s *Store) DryRuns(ctx context.Context, inspectionID int64) ([]*DryRun, error) {
	return dryRunKind.all(ctx, s, false, inspectionID)
}
