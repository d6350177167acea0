package place

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
)

// Kinds of record a place links to.
const (
	RecordIncidents = "incidents"
	RecordActivity  = "activity"
)

// recordSource names the table and time column of a kind of record.
func recordSource(kind string) (table, at string, err error) {
	switch kind {
	case RecordIncidents:
		return "incidents", "occurred_at", nil
	case RecordActivity:
		return "activities", "started_at", nil
	}
	return "", "", apperr.Errorf(apperr.Invalid, "record kind %q: want incidents or activity", kind)
}

// eachLinked scans, into dst, every record of kind that lies in r, whose time is in
// [from, toEnd) (a zero bound does not limit) and that meets the SQL condition cond (none when
// blank), and calls fn after each. Records are selected in SQL by r's padded bounding box and
// decided exactly by r.contains; only those of the local areas the request sees are read.
func (s *Service) eachLinked(ctx context.Context, r region, kind string, from, toEnd time.Time, cond, cols string, dst []any, fn func() error) error {
	table, at, err := recordSource(kind)
	if err != nil {
		return err
	}
	b := r.bound()
	var lo, hi *time.Time
	if !from.IsZero() {
		lo = &from
	}
	if !toEnd.IsZero() {
		hi = &toEnd
	}
	seen, areas := area.ViewerFrom(ctx).Filter("local_area_id", 7)
	rows, err := s.pool.Query(ctx, fmt.Sprintf(`SELECT lat, lng, %[1]s FROM %[2]s
		WHERE lat BETWEEN $1 AND $2 AND lng BETWEEN $3 AND $4
		  AND ($5::timestamptz IS NULL OR %[3]s >= $5) AND ($6::timestamptz IS NULL OR %[3]s < $6) AND %[5]s%[4]s`, cols, table, at, and(cond), seen),
		b.minLat, b.maxLat, b.minLng, b.maxLng, lo, hi, areas)
	if err != nil {
		return fmt.Errorf("%s near the place: %w", kind, err)
	}
	defer rows.Close()
	var lat, lng float64
	scan := append([]any{&lat, &lng}, dst...)
	for rows.Next() {
		if err := rows.Scan(scan...); err != nil {
			return fmt.Errorf("%s near the place: %w", kind, err)
		}
		if !r.contains(lat, lng) {
			continue
		}
		if err := fn(); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s near the place: %w", kind, err)
	}
	return nil
}

// Linked returns the ids, ascending, of the records of kind (RecordIncidents or
// RecordActivity) that belong to place id and whose time is in [from, toEnd); a zero bound
// does not limit. A record belongs to a place when it lies inside its polygon (the outer
// boundary counts as inside) or within its buffer (boundary included).
func (s *Service) Linked(ctx context.Context, id int64, kind string, from, toEnd time.Time) ([]int64, error) {
	p, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	var rid int64
	ids := []int64{}
	err = s.eachLinked(ctx, s.regionFor(p), kind, from, toEnd, "", "id", []any{&rid}, func() error {
		ids = append(ids, rid)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(ids)
	return ids, nil
}

// and is " AND cond", or "" for a blank condition.
func and(cond string) string {
	if cond == "" {
		return ""
	}
	return " AND " + cond
}
