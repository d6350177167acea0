package place

import (
	"context"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// AreaComparison is one local area's incidents over the period, with its rate per 1,000
// children where the partnership has supplied the population.
type AreaComparison struct {
	area.LocalAreaRef
	Incidents disclosure.Count `json:"incidents"`
	// Children is the area's population aged 0 to 17 in PopulationYear: the latest year
	// supplied up to the year the period ends in; null when none is.
	Children       *int64 `json:"children"`
	PopulationYear *int   `json:"population_year"`
	// Per1000Children is the published count per 1,000 children over the period (a range's
	// middle for a protected count).
	Per1000Children *float64 `json:"per_1000_children"`
}

// Comparison sets the local areas side by side over one period.
type Comparison struct {
	From           string           `json:"from"`
	To             string           `json:"to"`
	Definition     string           `json:"definition"`
	Suppression    string           `json:"suppression,omitempty"`
	Scope          string           `json:"scope"`
	ScopeStatement string           `json:"scope_statement"`
	Areas          []AreaComparison `json:"areas"`
}

// Compare counts the incidents of each local area the request sees over the period: each record
// counts in the local area it was placed in at import. Viewers without record-level access get
// whole months, and each (local area, month) published as an area atom of the disclosure rule.
func (s *Service) Compare(ctx context.Context, o SummaryOptions) (*Comparison, error) {
	from, to, ok, err := s.summaryPeriod(ctx, &o)
	if err != nil {
		return nil, err
	}
	out := &Comparison{From: dateString(from), To: dateString(to), Areas: []AreaComparison{},
		Definition: "incidents placed in each local area (the one that contains their location) in the period; " +
			"rates per 1,000 children aged 0 to 17 from the population figures the partnership supplied",
		Suppression: s.suppression(o.Viewer), Scope: o.AgeScope.Name, ScopeStatement: o.AgeScope.Statement(0, 0, false)}
	seen, areas := area.ViewerFrom(ctx).Filter("a.id", 2)
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.name, a.ons_code, p.year, p.children FROM local_areas a
		LEFT JOIN LATERAL (SELECT year, children FROM local_area_population WHERE local_area_id = a.id AND year <= $1
			ORDER BY year DESC LIMIT 1) p ON true
		WHERE `+seen+` ORDER BY a.name, a.id`, to.Year(), areas)
	if err != nil {
		return nil, fmt.Errorf("compare local areas: %w", err)
	}
	index := map[int64]int{}
	for rows.Next() {
		var a AreaComparison
		if err := rows.Scan(&a.ID, &a.Name, &a.ONSCode, &a.PopulationYear, &a.Children); err != nil {
			rows.Close()
			return nil, fmt.Errorf("compare local areas: %w", err)
		}
		index[a.ID] = len(out.Areas)
		out.Areas = append(out.Areas, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("compare local areas: %w", err)
	}
	monthly := newAreaMonths(len(out.Areas))
	var counted int64
	if ok && len(out.Areas) > 0 {
		rows, err := s.pool.Query(ctx, `SELECT local_area_id, month, count(*) FROM incidents
			WHERE occurred_at >= $1 AND occurred_at < $2 AND local_area_id = ANY($3)`+and(o.AgeScope.SQL())+`
			GROUP BY 1, 2`, from, record.DayAfter(to), slices.Collect(maps.Keys(index)))
		if err != nil {
			return nil, fmt.Errorf("count incidents by local area: %w", err)
		}
		for rows.Next() {
			var id, n int64
			var month int32
			if err := rows.Scan(&id, &month, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("count incidents by local area: %w", err)
			}
			monthly[index[id]][areaMonth{month: month}] += n // the area is the local area itself
			counted += n
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("count incidents by local area: %w", err)
		}
	}
	for i := range out.Areas {
		a := &out.Areas[i]
		a.Incidents = monthly.publish(o.Viewer, i)
		if a.Children != nil {
			rate := math.Round(a.Incidents.Value()/float64(*a.Children)*1000*100) / 100
			a.Per1000Children = &rate
		}
	}
	params := map[string]any{"from": out.From, "to": out.To, "role": o.Viewer.Role(), "areas": len(out.Areas)}
	if err := s.recordView(ctx, o.Viewer, "local_areas.compare", "local-areas/comparison", params, counted); err != nil {
		return nil, err
	}
	return out, nil
}

// Compare answers GET /local-areas/comparison?from=&to=&scope=: the local areas the user sees,
// side by side.
func (h *Handler) Compare(c echo.Context) error {
	o := SummaryOptions{Viewer: h.Service.hotspots.Policy().For(auth.CurrentUser(c).Role),
		AgeScope: incident.AgeScope{Name: c.QueryParam("scope")}}
	var err error
	if o.From, o.To, err = periodParams(c); err != nil {
		return err
	}
	cmp, err := h.Service.Compare(c.Request().Context(), o)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cmp)
}
