package hotspot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// source names the table and columns of a kind of record.
type source struct {
	table, at, category string
}

func sourceOf(kind string) source {
	if kind == KindActivity {
		return source{"activities", "started_at", "activity_type"}
	}
	return source{"incidents", "occurred_at", "category"}
}

// where returns the SQL condition for f's lists and period [from, toEnd), appending arguments.
func (f Filter) where(from, toEnd time.Time, args *[]any) string {
	src := sourceOf(f.Kind)
	arg := func(v any) string {
		*args = append(*args, v)
		return fmt.Sprintf("$%d", len(*args))
	}
	conds := []string{src.at + " >= " + arg(from), src.at + " < " + arg(toEnd)}
	for _, c := range f.columnFilters() {
		conds = append(conds, c.col+" = ANY("+arg(c.vals)+")")
	}
	if f.Kind == KindIncidents {
		if c := f.AgeScope.SQL(); c != "" {
			conds = append(conds, c)
		}
	}
	if f.Areas != nil {
		conds = append(conds, "local_area_id = ANY("+arg(f.Areas)+")")
	}
	return strings.Join(conds, " AND ")
}

// atomGroups is what a protected viewer's atoms are grouped by besides their cell and month:
// the local area too when f splits them by area.
func (f Filter) atomGroups() string {
	if f.perArea {
		return ", local_area_id"
	}
	return ""
}

// columnFilter keeps the records whose column col holds one of vals.
type columnFilter struct {
	col  string
	vals []string
}

// columnFilters are f's lists as the record columns they filter.
func (f Filter) columnFilters() []columnFilter {
	var out []columnFilter
	add := func(col string, vals []string) {
		if len(vals) > 0 {
			out = append(out, columnFilter{col, vals})
		}
	}
	add(sourceOf(f.Kind).category, f.Categories)
	add("victim_age_band", f.AgeBands)
	add("setting", f.Settings)
	add("partner", f.Partners)
	return out
}

// period resolves f's period: its dates, or the data's own first and last day. toEnd is the
// first instant after the period. ok is false when there are no records at all.
// Viewers without record-level access get whole calendar months: the data's own first and last
// day are record-level facts, and a part month would cut an atom.
func (s *Service) period(ctx context.Context, f Filter, v disclosure.Viewer) (from, to, toEnd time.Time, ok bool, err error) {
	from, to = f.From, f.To
	if from.IsZero() || to.IsZero() {
		src := sourceOf(f.Kind)
		var lo, hi *time.Time
		q, args := fmt.Sprintf(`SELECT min(%[1]s), max(%[1]s) FROM %[2]s`, src.at, src.table), []any{}
		if f.Areas != nil {
			q, args = q+` WHERE local_area_id = ANY($1)`, append(args, f.Areas)
		}
		if err := s.pool.QueryRow(ctx, q, args...).Scan(&lo, &hi); err != nil {
			return from, to, toEnd, false, fmt.Errorf("data span: %w", err)
		}
		if lo == nil {
			return from, to, toEnd, false, nil
		}
		day := func(t time.Time) time.Time {
			t = t.In(record.London())
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, record.London())
		}
		if from.IsZero() {
			from = day(*lo)
		}
		if to.IsZero() {
			to = day(*hi)
		}
	}
	if v.Protected() {
		from = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, record.London())
		to = time.Date(to.Year(), to.Month()+1, 0, 0, 0, 0, 0, record.London())
	}
	toEnd = record.DayAfter(to)
	return from, to, toEnd, !to.Before(from), nil
}

// Aggregate is one measure per cell of the study area's covering (zeros included).
type Aggregate struct {
	Cells []h3.Cell
	Count []int64   // incidents, or activity sessions (record-level viewers only)
	Value []float64 // harm-weighted sum of incidents, or activity minutes (record-level viewers only)
	Extra []int64   // activity: child contacts (record-level viewers only)
	// Protected holds, for viewers without record-level access, each cell's count as the sum of
	// its published (resolution-9 cell, month) atoms; the raw measures are then left at zero so
	// that nothing built from this aggregate can show them. Nil for record-level viewers.
	Protected []disclosure.Tally
	Viewer    disclosure.Viewer
	From, To  time.Time
	grid      *grid // the covering it was counted on
	// Records and NoAge are how many incidents the aggregate holds and how many of them give no
	// age at all (record-level viewers only: they state the scope's reach).
	Records, NoAge int64
}

// ScopeStatement states the age scope of the aggregate's records, with the numbers only for a
// viewer with record-level access.
func (a *Aggregate) ScopeStatement(f Filter) string {
	if f.Kind != KindIncidents {
		return ""
	}
	return f.AgeScope.Statement(a.NoAge, a.Records, a.Protected == nil)
}

// Published is cell i's count as the aggregate's viewer may see it.
func (a *Aggregate) Published(i int) disclosure.Count {
	if a.Protected != nil {
		return a.Viewer.Publish(a.Protected[i])
	}
	return a.Viewer.Publish(a.Viewer.Exact(a.Count[i]))
}

// Measure is the value statistics use for cell i: the raw count (or harm-weighted value) for
// record-level viewers, the estimate from the published atoms otherwise.
func (a *Aggregate) Measure(i int, harm bool) float64 {
	switch {
	case a.Protected != nil:
		return a.Viewer.Estimate(a.Protected[i])
	case harm:
		return a.Value[i]
	}
	return float64(a.Count[i])
}

// Empty reports whether cell i has no records.
func (a *Aggregate) Empty(i int) bool {
	if a.Protected != nil {
		return a.Protected[i] == (disclosure.Tally{})
	}
	return a.Count[i] == 0
}

// aggregate counts f's records per cell of the covering at f.Res, as viewer v may see them.
func (s *Service) aggregate(ctx context.Context, f Filter, v disclosure.Viewer) (*Aggregate, *grid, error) {
	gr, err := s.grids.get(ctx, f.Res, f.Areas)
	if err != nil {
		return nil, nil, err
	}
	from, to, toEnd, ok, err := s.period(ctx, f, v)
	if err != nil {
		return nil, nil, err
	}
	n := len(gr.cells)
	agg := &Aggregate{Cells: append([]h3.Cell(nil), gr.cells...), Count: make([]int64, n), Value: make([]float64, n),
		Extra: make([]int64, n), From: from, To: to, Viewer: v, grid: gr}
	if v.Protected() {
		agg.Protected = make([]disclosure.Tally, n)
	}
	if !ok {
		return agg, gr, nil
	}
	if s.indexServes(f) {
		if err := s.sumIndexed(ctx, f, v, gr, agg, from, toEnd); err != nil {
			return nil, nil, fmt.Errorf("aggregate %s at res %d: %w", f.Kind, f.Res, err)
		}
		return agg, gr, nil
	}
	var args []any
	where := f.where(from, toEnd, &args)
	src := sourceOf(f.Kind)
	measure := "sum(harm_weight)"
	extra, noAge := "0::bigint", "count(*) FILTER (WHERE "+incident.NoAgeSQL+")"
	if f.Kind == KindActivity {
		measure, extra, noAge = "sum(duration_minutes)::float8", "sum(contacts_children)::bigint", "0::bigint"
	}
	var q string
	if v.Protected() {
		// Only atoms leave the database for these viewers: each cell's count is built from
		// its (resolution-9 cell, month) groups by the disclosure rule. Each record's London
		// month is stored as it lands (column month). A resolution-9 parent has its 18 lowest
		// bits set (the digits of resolutions 10 to 15), so the month (below 2^18) can stand in
		// them and the atoms are grouped by one bigint key; OR-ing the bits back gives the cell.
		// Split by local area, a cell's atom comes once per month and area.
		const low = 1<<18 - 1
		q = fmt.Sprintf(`SELECT %[1]s AS cell, n FROM (SELECT (%[2]s & %[3]d) | month AS key, count(*) AS n FROM %[4]s WHERE %[5]s
			GROUP BY 1%[6]s) g`,
			cellcount.ParentSQL(fmt.Sprintf("(key | %d)", low), f.Res), cellcount.ParentSQL("h3_cell", MaxRestrictedRes), int64(^low), src.table, where, f.atomGroups())
	} else {
		q = fmt.Sprintf(`SELECT %s AS cell, count(*), %s, %s, %s FROM %s WHERE %s GROUP BY 1`,
			cellcount.ParentSQL("h3_cell", f.Res), measure, extra, noAge, src.table, where)
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("aggregate %s at res %d: %w", f.Kind, f.Res, err)
	}
	defer rows.Close()
	edge := map[h3.Cell]int{} // cells the data add beyond the covering (see accepts)
	for rows.Next() {
		var cell, count, x, none int64
		var value float64
		dest := []any{&cell, &count, &value, &x, &none}
		if v.Protected() {
			dest = dest[:2]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, fmt.Errorf("aggregate: %w", err)
		}
		c := h3.Cell(cell)
		i, known := gr.index[c]
		if !known {
			i, known = edge[c]
		}
		if !known {
			if !gr.accepts(c) {
				continue
			}
			i = len(agg.Cells)
			edge[c] = i // a protected viewer's rows are atoms: a cell comes once per month
			agg.Cells = append(agg.Cells, c)
			agg.Count, agg.Value, agg.Extra = append(agg.Count, 0), append(agg.Value, 0), append(agg.Extra, 0)
			if v.Protected() {
				agg.Protected = append(agg.Protected, disclosure.Tally{})
			}
		}
		if v.Protected() {
			agg.Protected[i] = agg.Protected[i].Add(v.GridAtom(count))
			continue
		}
		agg.Count[i], agg.Value[i], agg.Extra[i] = count, value, x
		agg.Records, agg.NoAge = agg.Records+count, agg.NoAge+none
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("aggregate: %w", err)
	}
	return agg, gr, nil
}

func cellOf(v int64) h3.Cell { return h3.Cell(v) }
