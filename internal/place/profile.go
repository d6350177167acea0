package place

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// ProfileOptions are the parameters of a place's profile.
type ProfileOptions struct {
	From, To time.Time         // inclusive London dates; zero: the first or last day of the data
	Res      int               // resolution of the Gi* cells (default 9)
	K        int               // Gi* neighbourhood rings (default 1)
	Viewer   disclosure.Viewer // who will see the profile
	// AgeScope is the incidents' age scope; the zero value is the deployment's SYV scope.
	AgeScope incident.AgeScope
}

// Ref names a place.
type Ref struct {
	ID   int64  `json:"id"`
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// CellStatus is the Gi* status of one of the place's cells over the period.
type CellStatus struct {
	Cell  string  `json:"cell"`
	Res   int     `json:"res"`
	GiZ   float64 `json:"gi_z"`
	GiP   float64 `json:"gi_p"`
	GiBin int     `json:"gi_bin"`
}

// InterventionRef is an intervention at the place.
type InterventionRef struct {
	ID           int64   `json:"id"`
	Title        string  `json:"title"`
	Status       string  `json:"status"`
	ReviewStatus string  `json:"review_status"`
	StartDate    *string `json:"start_date"`
	EndDate      *string `json:"end_date"`
}

// ConsultationRef is a consultation about the place.
type ConsultationRef struct {
	ID     int64  `json:"id"`
	HeldOn string `json:"held_on"`
	Method string `json:"method"`
}

// Profile is what is known of a place over a period.
type Profile struct {
	Place            Ref               `json:"place"`
	From             string            `json:"from"`
	To               string            `json:"to"`
	SuppressedCounts bool              `json:"suppressed_counts"`
	Suppression      string            `json:"suppression,omitempty"`
	Incidents        IncidentProfile   `json:"incidents"`
	Activity         Dosage            `json:"activity"`
	Cells            []CellStatus      `json:"cells"`
	CellsNote        string            `json:"cells_note,omitempty"`
	Interventions    []InterventionRef `json:"interventions"`
	Consultations    []ConsultationRef `json:"consultations"`
	Note             string            `json:"note,omitempty"`
	// Scope and ScopeStatement state the incidents' age scope (see incident.AgeScope).
	Scope          string `json:"scope"`
	ScopeStatement string `json:"scope_statement"`
}

// Profile returns the incidents and activity linked to place id over the period, the Gi*
// status of its cells, and its interventions and consultations. Roles without record-level
// access get whole calendar months, suppressed counts and no breakdowns; the views of
// record-level roles are audit-logged with the number of records shown.
func (s *Service) Profile(ctx context.Context, id int64, o ProfileOptions) (*Profile, error) {
	if o.Res == 0 {
		o.Res = hotspot.DefaultRes
	}
	if o.K == 0 {
		o.K = 1
	}
	if o.Res < hotspot.MinRes || o.Res > hotspot.MaxRes {
		return nil, apperr.Errorf(apperr.Invalid, "res %d is out of range: analysis resolutions are %d to %d", o.Res, hotspot.MinRes, hotspot.MaxRes)
	}
	if o.Viewer.Protected() && o.Res > hotspot.MaxRestrictedRes {
		return nil, apperr.Errorf(apperr.Forbidden, "roles without record-level access see resolutions %d to %d; res %d is finer", hotspot.MinRes, hotspot.MaxRestrictedRes, o.Res)
	}
	var err error
	if o.AgeScope, err = s.hotspots.AgeScope(o.AgeScope.Name, o.Viewer); err != nil {
		return nil, err
	}
	p, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	from, to, ok, err := s.period(ctx, o)
	if err != nil {
		return nil, err
	}
	pr := &Profile{Place: Ref{p.ID, p.Kind, p.Name}, From: dateString(from), To: dateString(to), SuppressedCounts: o.Viewer.Protected(),
		Cells: []CellStatus{}, Incidents: IncidentProfile{Monthly: []Count{}, Total: Count{Count: o.Viewer.Publish(disclosure.Tally{})}},
		Activity: Dosage{Monthly: []ActivityMonth{}, Sessions: Count{Count: o.Viewer.Publish(disclosure.Tally{})}},
		Scope:    o.AgeScope.Name, ScopeStatement: o.AgeScope.Statement(0, 0, false)}
	if o.Viewer.Protected() {
		t := o.Viewer.Threshold()
		pr.Suppression = fmt.Sprintf("each month's count is shown as <%d when it is 1 to %d and otherwise rounded to the nearest %d; totals are the sums of the months shown (a range where they include months below %d)", t, t-1, t, t)
		pr.Note = "breakdowns by category, age band and time, minutes and child contacts are shown to roles with record-level access only"
	}
	var seen int64
	if ok {
		toEnd := record.DayAfter(to)
		r := s.regionFor(p)
		inc, act, err := s.tally(ctx, r, from, toEnd, o.AgeScope)
		if err != nil {
			return nil, err
		}
		if !o.Viewer.Protected() {
			pr.ScopeStatement = o.AgeScope.Statement(inc.noAge, inc.total, true)
		}
		keys := months(from, to)
		pr.Incidents, pr.Activity = inc.profile(o.Viewer, keys), act.dosage(o.Viewer, keys)
		seen = inc.total + act.total
		if err := s.cellStatus(ctx, pr, p.ID, from, to, o); err != nil {
			return nil, err
		}
	}
	if err := s.links(ctx, pr); err != nil {
		return nil, err
	}
	params := map[string]any{"from": pr.From, "to": pr.To, "res": o.Res, "k": o.K, "role": o.Viewer.Role(), "scope": o.AgeScope.Name}
	if err := s.recordView(ctx, o.Viewer, "place.profile.view", fmt.Sprintf("places/%d", id), params, seen); err != nil {
		return nil, err
	}
	return pr, nil
}

// recordView logs a view with the number of records it showed; a protected viewer's view is an
// aggregate one, logged as the query and not as records shown.
func (s *Service) recordView(ctx context.Context, v disclosure.Viewer, action, target string, params map[string]any, seen int64) error {
	if v.Protected() {
		seen = 0
	}
	return audit.Record(ctx, s.pool, action, target, params, seen)
}

// period resolves the profile's period: the dates given, or the first and last day of the
// records (incidents and activity) of the local areas the request sees; whole calendar months
// for restricted roles. ok is false when there is no period (no records at all, or to before
// from).
func (s *Service) period(ctx context.Context, o ProfileOptions) (from, to time.Time, ok bool, err error) {
	from, to = o.From, o.To
	if from.IsZero() || to.IsZero() {
		var lo, hi *time.Time
		seen, areas := area.ViewerFrom(ctx).Filter("local_area_id", 1)
		if err := s.pool.QueryRow(ctx, `SELECT least((SELECT min(occurred_at) FROM incidents WHERE `+seen+`), (SELECT min(started_at) FROM activities WHERE `+seen+`)),
			greatest((SELECT max(occurred_at) FROM incidents WHERE `+seen+`), (SELECT max(started_at) FROM activities WHERE `+seen+`))`, areas).Scan(&lo, &hi); err != nil {
			return from, to, false, fmt.Errorf("data span: %w", err)
		}
		if lo == nil {
			return from, to, false, nil
		}
		if from.IsZero() {
			from = day(*lo)
		}
		if to.IsZero() {
			to = day(*hi)
		}
	}
	if o.Viewer.Protected() {
		from = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, record.London())
		to = time.Date(to.Year(), to.Month()+1, 0, 0, 0, 0, 0, record.London())
	}
	return from, to, !to.Before(from), nil
}

// day is the London calendar day of t, at midnight.
func day(t time.Time) time.Time {
	t = t.In(record.London())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, record.London())
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// tally counts the incidents and activity records in r over [from, toEnd).
func (s *Service) tally(ctx context.Context, r region, from, toEnd time.Time, scope incident.AgeScope) (*incidentTally, *activityTally, error) {
	inc, act := newIncidentTally(), newActivityTally()
	var at time.Time
	var la int64
	var precision, category string
	var band *string
	var noAge bool
	err := s.eachLinked(ctx, r, RecordIncidents, from, toEnd, scope.SQL(), "occurred_at, "+area.AtomColumn+", time_precision, category, victim_age_band, "+incident.NoAgeSQL,
		[]any{&at, &la, &precision, &category, &band, &noAge}, func() error {
			inc.add(at, la, precision, category, band)
			if noAge {
				inc.noAge++
			}
			return nil
		})
	if err != nil {
		return nil, nil, err
	}
	var minutes, contacts int64
	err = s.eachLinked(ctx, r, RecordActivity, from, toEnd, "", "started_at, "+area.AtomColumn+", duration_minutes::bigint, contacts_children::bigint",
		[]any{&at, &la, &minutes, &contacts}, func() error {
			act.add(at, la, minutes, contacts)
			return nil
		})
	if err != nil {
		return nil, nil, err
	}
	return inc, act, nil
}

// cellStatus fills the Gi* status, over the period, of the place's cells at o.Res, as the map
// computes it for the viewer.
func (s *Service) cellStatus(ctx context.Context, pr *Profile, id int64, from, to time.Time, o ProfileOptions) error {
	rows, err := s.pool.Query(ctx, `SELECT h3_cell FROM place_cells WHERE place_id = $1 AND res = $2 ORDER BY h3_cell`, id, o.Res)
	if err != nil {
		return fmt.Errorf("place %d cells: %w", id, err)
	}
	cells, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("place %d cells: %w", id, err)
	}
	if len(cells) == 0 {
		var finest *int16
		if err := s.pool.QueryRow(ctx, `SELECT max(res) FROM place_cells WHERE place_id = $1`, id).Scan(&finest); err != nil {
			return fmt.Errorf("place %d cells: %w", id, err)
		}
		if finest != nil && int(*finest) < o.Res {
			pr.CellsNote = fmt.Sprintf("the place is too large for hot spot cells at resolution %d (more than %d); its cells are kept up to resolution %d: ask for res=%d or coarser",
				o.Res, MaxCells, *finest, *finest)
			return nil
		}
	}
	hs, err := s.hotspots.Hotspots(ctx, hotspot.Filter{Kind: hotspot.KindIncidents, Res: o.Res, From: from, To: to, AgeScope: o.AgeScope},
		hotspot.GiOptions{K: o.K, Kernel: geo.KernelUniform, FDR: true}, o.Viewer)
	switch apperr.Code(err) {
	case apperr.PreconditionFailed:
		pr.CellsNote = "no study area is set, so there is no hot spot analysis"
		return nil
	case apperr.Invalid: // the study area needs too many cells at this resolution
		pr.CellsNote = message(err)
		return nil
	}
	if err != nil {
		return err
	}
	index := make(map[h3.Cell]int, len(hs.Cells))
	for i, c := range hs.Cells {
		index[c] = i
	}
	outside := 0
	for _, v := range cells {
		i, ok := index[h3.Cell(v)]
		if !ok {
			outside++
			continue
		}
		pr.Cells = append(pr.Cells, CellStatus{Cell: h3.Cell(v).String(), Res: o.Res, GiZ: hs.Z[i], GiP: hs.P[i], GiBin: hs.Bin[i]})
	}
	pr.CellsNote = fmt.Sprintf("Getis-Ord Gi* of incident counts at resolution %d, k=%d, uniform weights, FDR-corrected bins", o.Res, o.K)
	if outside > 0 {
		where := "the study area"
		if !area.ViewerFrom(ctx).All {
			where = "the local areas you view"
		}
		pr.CellsNote += "; " + strconv.Itoa(outside) + " of the place's cells lie outside " + where + " and have no statistic"
	}
	return nil
}

// links fills the interventions and consultations linked to the place that the request sees.
func (s *Service) links(ctx context.Context, pr *Profile) error {
	v := area.ViewerFrom(ctx)
	seen, areas := v.FilterThrough("intervention_areas", "intervention_id", "i.id", 2)
	rows, err := s.pool.Query(ctx, `SELECT i.id, i.title, i.status, i.review_status, to_char(i.start_date, 'YYYY-MM-DD'), to_char(i.end_date, 'YYYY-MM-DD')
		FROM intervention_places ip JOIN interventions i ON i.id = ip.intervention_id
		WHERE ip.place_id = $1 AND `+seen+` ORDER BY i.start_date NULLS LAST, i.id`, pr.Place.ID, areas)
	if err != nil {
		return fmt.Errorf("place %d interventions: %w", pr.Place.ID, err)
	}
	if pr.Interventions, err = pgx.CollectRows(rows, pgx.RowToStructByPos[InterventionRef]); err != nil {
		return fmt.Errorf("place %d interventions: %w", pr.Place.ID, err)
	}
	seen, areas = v.FilterThrough("consultation_areas", "consultation_id", "c.id", 2)
	rows, err = s.pool.Query(ctx, `SELECT c.id, to_char(c.held_on, 'YYYY-MM-DD'), c.method
		FROM consultation_places cp JOIN consultations c ON c.id = cp.consultation_id
		WHERE cp.place_id = $1 AND `+seen+` ORDER BY c.held_on, c.id`, pr.Place.ID, areas)
	if err != nil {
		return fmt.Errorf("place %d consultations: %w", pr.Place.ID, err)
	}
	if pr.Consultations, err = pgx.CollectRows(rows, pgx.RowToStructByPos[ConsultationRef]); err != nil {
		return fmt.Errorf("place %d consultations: %w", pr.Place.ID, err)
	}
	if pr.Interventions == nil {
		pr.Interventions = []InterventionRef{}
	}
	if pr.Consultations == nil {
		pr.Consultations = []ConsultationRef{}
	}
	return nil
}
