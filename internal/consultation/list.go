package consultation

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
)

// Filter narrows List; nil fields do not filter.
type Filter struct {
	Place        *int64
	Intervention *int64
	Method       *string
	From, To     *time.Time // held_on, both inclusive
	Descending   bool       // by held_on; ties by id
	Limit        int
	Offset       int
}

// ParseFilter reads ?place=&intervention=&method=&from=&to=&sort=held_on|-held_on&limit=&offset=.
func ParseFilter(c echo.Context) (Filter, error) {
	f := Filter{Descending: true}
	for _, p := range []struct {
		name string
		dst  **int64
	}{{"place", &f.Place}, {"intervention", &f.Intervention}} {
		if v := c.QueryParam(p.name); v != "" {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				return f, apperr.Errorf(apperr.Invalid, "%s %q is not an id", p.name, v)
			}
			*p.dst = &id
		}
	}
	if v := c.QueryParam("method"); v != "" {
		if !slices.Contains(Methods, v) {
			return f, apperr.Errorf(apperr.Invalid, "method %q: want one of %s", v, strings.Join(Methods, ", "))
		}
		f.Method = &v
	}
	for _, p := range []struct {
		name string
		dst  **time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := c.QueryParam(p.name); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return f, apperr.Errorf(apperr.Invalid, "%s %q: want a date YYYY-MM-DD", p.name, v)
			}
			*p.dst = &t
		}
	}
	switch c.QueryParam("sort") {
	case "", "-held_on":
	case "held_on":
		f.Descending = false
	default:
		return f, apperr.Errorf(apperr.Invalid, "sort %q: want held_on or -held_on", c.QueryParam("sort"))
	}
	page, err := api.Paging(c)
	if err != nil {
		return f, err
	}
	f.Limit, f.Offset = page.Limit, page.Offset
	return f, nil
}

// List returns the consultations that match f, by date, and how many match in all.
func (s *Store) List(ctx context.Context, f Filter) ([]*Consultation, int, error) {
	f.Limit = api.Limit(f.Limit)
	dir := "ASC"
	if f.Descending {
		dir = "DESC"
	}
	seen, areas := area.ViewerFrom(ctx).FilterThrough("consultation_areas", "consultation_id", "c.id", 8)
	return consultations.List(ctx, s.pool, `SELECT `+columns+`, COUNT(*) OVER () FROM consultations c
		WHERE `+seen+` AND ($1::bigint IS NULL OR EXISTS (SELECT 1 FROM consultation_places p WHERE p.consultation_id = c.id AND p.place_id = $1))
		  AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM consultation_interventions i WHERE i.consultation_id = c.id AND i.intervention_id = $2))
		  AND ($3::text IS NULL OR c.method = $3)
		  AND ($4::date IS NULL OR c.held_on >= $4)
		  AND ($5::date IS NULL OR c.held_on <= $5)
		ORDER BY c.held_on `+dir+`, c.id `+dir+` LIMIT $6 OFFSET $7`,
		f.Place, f.Intervention, f.Method, f.From, f.To, f.Limit, f.Offset, areas)
}
