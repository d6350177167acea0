package intervention

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/versioned"
)

// period returns the intervention's span in London time: from the start of its start date to
// the end of its end date (open-ended without one).
func (it *Intervention) period() (Period, error) {
	var p Period
	start, err := time.ParseInLocation(time.DateOnly, it.StartDate, record.London())
	if err != nil {
		return p, fmt.Errorf("intervention %d start date %q: %w", it.ID, it.StartDate, err)
	}
	p.From = start
	if it.EndDate != nil {
		end, err := time.ParseInLocation(time.DateOnly, *it.EndDate, record.London())
		if err != nil {
			return p, fmt.Errorf("intervention %d end date %q: %w", it.ID, *it.EndDate, err)
		}
		p.To = end.AddDate(0, 0, 1)
	}
	return p, nil
}

// shapes loads the extents of places from the register.
func shapes(ctx context.Context, q versioned.Querier, ids []int64) ([]Shape, error) {
	rows, err := q.Query(ctx, `SELECT id, geojson, buffer_metres FROM places WHERE id = ANY($1) ORDER BY id`, ids)
	if err != nil {
		return nil, fmt.Errorf("load places: %w", err)
	}
	defer rows.Close()
	var out []Shape
	for rows.Next() {
		var id int64
		var raw []byte
		var buffer float64
		if err := rows.Scan(&id, &raw, &buffer); err != nil {
			return nil, fmt.Errorf("load places: %w", err)
		}
		s, _, err := parseShape(raw, buffer)
		if err != nil {
			return nil, fmt.Errorf("place %d: %w", id, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Dosage computes the activity dosage of it: the activity records of its agencies' partners
// (ActivityPartners) within its places and period (CountDosage). Candidates are read from the
// database by partner, period and the places' bounding boxes; the place test is exact.
// Viewers without record-level access get whole calendar months, so that moving a date by a
// day changes nothing they see, and counts by the disclosure rule (see newDosage).
func (s *Store) Dosage(ctx context.Context, it *Intervention, v disclosure.Viewer) (*Dosage, error) {
	period, err := it.period()
	if err != nil {
		return nil, err
	}
	if v.Protected() {
		period = period.wholeMonths()
	}
	places, err := shapes(ctx, s.pool, it.Places)
	if err != nil {
		return nil, err
	}
	partners := ActivityPartners(it.Agencies)
	var acts []Activity
	if len(places) > 0 && len(partners) > 0 {
		b := places[0].Bound()
		for _, p := range places[1:] {
			b = b.Union(p.Bound())
		}
		if acts, err = candidates(ctx, s.pool, partners, period, b); err != nil {
			return nil, fmt.Errorf("dosage of intervention %d: %w", it.ID, err)
		}
	}
	d := newDosage(DosageByMonth(places, partners, period, acts), v)
	d.From, d.ActivityPartners, d.Places = period.From.Format(time.DateOnly), partners, len(places)
	d.Definition = "activity sessions by the intervention's agencies in its places from its start to its end (or to date)"
	if !period.To.IsZero() {
		to := period.To.AddDate(0, 0, -1).Format(time.DateOnly)
		d.To = &to
	}
	return &d, nil
}

// candidates reads the activity records of partners in period whose point lies in box b, of
// the local areas the request sees (an intervention astride a boundary counts, for a user of one
// side, that side's sessions alone).
func candidates(ctx context.Context, q versioned.Querier, partners []string, period Period, b orb.Bound) ([]Activity, error) {
	var to *time.Time
	if !period.To.IsZero() {
		to = &period.To
	}
	seen, areas := area.ViewerFrom(ctx).Filter("local_area_id", 8)
	rows, err := q.Query(ctx, `SELECT started_at, partner, duration_minutes, contacts_children, lat, lng, `+area.AtomColumn+`
		FROM activities
		WHERE partner = ANY($1) AND started_at >= $2 AND ($3::timestamptz IS NULL OR started_at < $3)
		  AND lat BETWEEN $4 AND $5 AND lng BETWEEN $6 AND $7 AND `+seen,
		partners, period.From, to, b.Min.Lat(), b.Max.Lat(), b.Min.Lon(), b.Max.Lon(), areas)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Activity, error) {
		var a Activity
		err := r.Scan(&a.StartedAt, &a.Partner, &a.DurationMinutes, &a.ContactsChildren, &a.Lat, &a.Lng, &a.LocalArea)
		return a, err
	})
}
