package intervention

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
)

// Filter narrows List; nil fields do not filter.
type Filter struct {
	Status       *string
	ReviewStatus *string
	Methodology  *string
	Agency       *string // lead or partner
	Place        *int64
	Q            *string // the title contains it, ignoring case
	// Sort is a column of sortColumns, "-" first for descending; default "-updated_at".
	Sort   string
	Limit  int
	Offset int
}

var sortColumns = map[string]string{"title": "i.title", "start_date": "i.start_date", "updated_at": "i.updated_at"}

// ParseFilter reads ?status=&review_status=&methodology=&agency=&place=&q=&sort=&limit=&offset=.
func ParseFilter(c echo.Context) (Filter, error) {
	f, err := ParseFilterValues(c.QueryParams())
	if err != nil {
		return f, err
	}
	page, err := api.Paging(c)
	if err != nil {
		return f, err
	}
	f.Limit, f.Offset = page.Limit, page.Offset
	return f, nil
}

// ParseFilterValues reads the filter's fields but not its paging from query parameters.
func ParseFilterValues(q url.Values) (Filter, error) {
	var f Filter
	for _, p := range []struct {
		name    string
		dst     **string
		allowed []string
	}{{"status", &f.Status, Statuses}, {"review_status", &f.ReviewStatus, ReviewStates},
		{"methodology", &f.Methodology, Methodologies}, {"agency", &f.Agency, AgencyList}} {
		if v := q.Get(p.name); v != "" {
			if !slices.Contains(p.allowed, v) {
				return f, apperr.Errorf(apperr.Invalid, "%s %q: want one of %s", p.name, v, strings.Join(p.allowed, ", "))
			}
			*p.dst = &v
		}
	}
	if v := q.Get("place"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return f, apperr.Errorf(apperr.Invalid, "place %q is not a place id", v)
		}
		f.Place = &id
	}
	if v := strings.TrimSpace(q.Get("q")); v != "" {
		if len(v) > MaxTitleLen {
			return f, apperr.Errorf(apperr.Invalid, "q is longer than %d characters", MaxTitleLen)
		}
		f.Q = &v
	}
	f.Sort = q.Get("sort")
	if f.Sort == "" {
		f.Sort = "-updated_at"
	}
	if _, ok := sortColumns[strings.TrimPrefix(f.Sort, "-")]; !ok {
		return f, apperr.Errorf(apperr.Invalid, "sort %q: want title, start_date or updated_at, with - before it for descending", f.Sort)
	}
	return f, nil
}

// List returns the interventions that match f, in f's order, and how many match in all.
func (s *Store) List(ctx context.Context, f Filter) ([]*Intervention, int, error) {
	f.Limit = api.Limit(f.Limit)
	if f.Sort == "" {
		f.Sort = "-updated_at"
	}
	col, ok := sortColumns[strings.TrimPrefix(f.Sort, "-")]
	if !ok {
		return nil, 0, apperr.Errorf(apperr.Invalid, "sort %q is not a sort order", f.Sort)
	}
	dir := "ASC"
	if strings.HasPrefix(f.Sort, "-") {
		dir = "DESC"
	}
	var like *string
	if f.Q != nil {
		l := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(*f.Q) + "%"
		like = &l
	}
	// The column and direction come from sortColumns and the two constants above, never
	// from the request.
	seen, areas := area.ViewerFrom(ctx).FilterThrough("intervention_areas", "intervention_id", "i.id", 9)
	return interventions.List(ctx, s.pool, `SELECT `+columns+`, COUNT(*) OVER () FROM interventions i
		WHERE `+seen+` AND ($1::text IS NULL OR i.status = $1)
		  AND ($2::text IS NULL OR i.review_status = $2)
		  AND ($3::text IS NULL OR i.methodology = $3)
		  AND ($4::text IS NULL OR i.lead_agency = $4 OR $4 = ANY (i.partner_agencies))
		  AND ($5::bigint IS NULL OR EXISTS (SELECT 1 FROM intervention_places p WHERE p.intervention_id = i.id AND p.place_id = $5))
		  AND ($6::text IS NULL OR i.title ILIKE $6)
		ORDER BY `+col+` `+dir+` NULLS LAST, i.id `+dir+`
		LIMIT $7 OFFSET $8`, f.Status, f.ReviewStatus, f.Methodology, f.Agency, f.Place, like, f.Limit, f.Offset, areas)
}

// placeRow is a place as the GeoJSON output shows it.
type placeRow struct {
	ID           int64
	Name, Kind   string
	Raw          []byte
	BufferMetres float64
}

// placesOf reads the places of the interventions ids from the register, by intervention.
func (s *Store) placesOf(ctx context.Context, ids []int64) (map[int64][]placeRow, error) {
	rows, err := s.pool.Query(ctx, `SELECT ip.intervention_id, p.id, p.name, p.kind, p.geojson, p.buffer_metres
		FROM intervention_places ip JOIN places p ON p.id = ip.place_id
		WHERE ip.intervention_id = ANY($1) ORDER BY ip.intervention_id, p.id`, ids)
	if err != nil {
		return nil, fmt.Errorf("load places of interventions: %w", err)
	}
	out := map[int64][]placeRow{}
	var iid int64
	var p placeRow
	_, err = pgx.ForEachRow(rows, []any{&iid, &p.ID, &p.Name, &p.Kind, &p.Raw, &p.BufferMetres}, func() error {
		out[iid] = append(out[iid], placeRow{ID: p.ID, Name: p.Name, Kind: p.Kind, Raw: slices.Clone(p.Raw), BufferMetres: p.BufferMetres})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load places of interventions: %w", err)
	}
	return out, nil
}
