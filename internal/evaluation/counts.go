package evaluation

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/uber/h3-go/v4"

	localArea "github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/outcome"
)

// Area names.
const (
	AreaTarget  = "target"
	AreaBuffer  = "buffer"
	AreaControl = "control"
)

// Month is one month of the three areas' series.
type Month struct {
	Month   string  `json:"month"`
	Period  string  `json:"period"` // pre, post, or between (a gap between the periods)
	Target  float64 `json:"target"`
	Buffer  float64 `json:"buffer"`
	Control float64 `json:"control"`
	Partial bool    `json:"partial,omitempty"` // the period covers only part of the month
	// byLocalArea[area] are the area's events of the month by local area (see
	// area.AtomColumn): the disclosure atoms protected viewers are shown.
	byLocalArea map[string]map[int64]int64
}

// Counts are the events of the three areas in the two periods, as counts and as harm-weighted
// tallies, and their monthly series.
type Counts struct {
	Events  map[string]*outcome.PrePost
	Harm    map[string]*outcome.PrePost
	Monthly []Month
	// PreMonths[area] and PostMonths[area] are the event counts of each month a period touches,
	// in order, for the difference-in-differences.
	PreMonths, PostMonths map[string][]float64
}

// count reads the incidents of the areas in pre and post, of the local areas the request sees.
// A record counts in its cell's resolution-res parent, as on the map; categories narrow it.
func count(ctx context.Context, pool *pgxpool.Pool, a *Areas, pre, post span, categories []string, scope incident.AgeScope) (*Counts, error) {
	area := map[h3.Cell]string{}
	var all []h3.Cell
	for name, set := range map[string][]h3.Cell{AreaTarget: a.Target, AreaBuffer: a.Buffer, AreaControl: a.Control} {
		for _, c := range set {
			area[c] = name
			all = append(all, c)
		}
	}
	seen, areas := localArea.ViewerFrom(ctx).Filter("local_area_id", 5)
	args, cat := narrow([]any{pre.from, pre.end, post.from, post.end, areas}, categories, scope)
	// The first time condition spans both periods, so that the index on (h3_cell, occurred_at)
	// bounds each cell's records of them in one range; the second leaves out a gap between them.
	rows, err := pool.Query(ctx, fmt.Sprintf(`SELECT %[1]s, date_trunc('month', occurred_at, 'Europe/London'),
			occurred_at >= $3, %[5]s, count(*), sum(harm_weight), sum(harm_weight * harm_weight)
		FROM incidents
		WHERE %[2]s AND occurred_at >= least($1::timestamptz, $3) AND occurred_at < greatest($2::timestamptz, $4)
			AND ((occurred_at >= $1 AND occurred_at < $2) OR (occurred_at >= $3 AND occurred_at < $4)) AND %[4]s%[3]s
		GROUP BY 1, 2, 3, 4`, cellcount.ParentSQL("h3_cell", a.Res), cellcount.InSQL("h3_cell", all), cat, seen, localArea.AtomColumn),
		// The text names this request's cells: prepared once, not kept in the statement cache.
		append([]any{pgx.QueryExecModeDescribeExec}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("count evaluation areas: %w", err)
	}
	defer rows.Close()
	c := &Counts{Events: map[string]*outcome.PrePost{}, Harm: map[string]*outcome.PrePost{}}
	for _, n := range []string{AreaTarget, AreaBuffer, AreaControl} {
		c.Events[n], c.Harm[n] = &outcome.PrePost{}, &outcome.PrePost{}
	}
	type key struct {
		month string
		post  bool
	}
	monthly := map[key]map[string]float64{}
	parts := map[key]map[string]map[int64]int64{}
	for rows.Next() {
		var cell, la int64
		var m time.Time
		var isPost bool
		var n int64
		var harm, harm2 float64
		if err := rows.Scan(&cell, &m, &isPost, &la, &n, &harm, &harm2); err != nil {
			return nil, fmt.Errorf("count evaluation areas: %w", err)
		}
		name, ok := area[h3.Cell(cell)]
		if !ok {
			return nil, fmt.Errorf("count evaluation areas: a record in cell %s lies in none of the areas at resolution %d", h3.Cell(cell), a.Res)
		}
		ev, hw := c.Events[name], c.Harm[name]
		add := func(t *outcome.Tally, sum, sq float64) {
			t.Sum, t.SumSq, t.Events = t.Sum+sum, t.SumSq+sq, t.Events+int(n)
		}
		if isPost {
			add(&ev.Post, float64(n), float64(n))
			add(&hw.Post, harm, harm2)
		} else {
			add(&ev.Pre, float64(n), float64(n))
			add(&hw.Pre, harm, harm2)
		}
		k := key{record.Month(m), isPost}
		if monthly[k] == nil {
			monthly[k], parts[k] = map[string]float64{}, map[string]map[int64]int64{}
		}
		monthly[k][name] += float64(n)
		if parts[k][name] == nil {
			parts[k][name] = map[int64]int64{}
		}
		parts[k][name][la] += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count evaluation areas: %w", err)
	}
	c.PreMonths, c.PostMonths = map[string][]float64{}, map[string][]float64{}
	for _, p := range []struct {
		s    span
		post bool
		into map[string][]float64
	}{{pre, false, c.PreMonths}, {post, true, c.PostMonths}} {
		label := "pre"
		if p.post {
			label = "post"
		}
		for m := time.Date(p.s.from.Year(), p.s.from.Month(), 1, 0, 0, 0, 0, record.London()); m.Before(p.s.end); m = m.AddDate(0, 1, 0) {
			k := key{record.Month(m), p.post}
			v := monthly[k]
			partial := m.Before(p.s.from) || m.AddDate(0, 1, 0).After(p.s.end)
			c.Monthly = append(c.Monthly, Month{Month: record.Month(m), Period: label,
				Target: v[AreaTarget], Buffer: v[AreaBuffer], Control: v[AreaControl], Partial: partial, byLocalArea: parts[k]})
			for _, n := range []string{AreaTarget, AreaBuffer, AreaControl} {
				p.into[n] = append(p.into[n], v[n])
			}
		}
	}
	return c, nil
}

// narrow adds to a count's query arguments args the conditions that narrow it to categories
// (when any are given) and to the age scope: it returns the arguments and the SQL to append
// to the WHERE clause ("" when nothing narrows).
func narrow(args []any, categories []string, scope incident.AgeScope) ([]any, string) {
	cond := ""
	if len(categories) > 0 {
		args = append(args, categories)
		cond = fmt.Sprintf(" AND category = ANY($%d)", len(args))
	}
	if c := scope.SQL(); c != "" {
		cond += " AND " + c
	}
	return args, cond
}
