package hotspot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/record"
)

// parentSQL is the SQL expression for the resolution-res parent of a stored resolution-15 cell
// in column col. An H3 index keeps its resolution in bits 52–55 and one 3-bit digit per
// resolution below; a parent has the resolution set and every finer digit set to 7 (as
// h3's cellToParent does), which on a bigint is two bit operations — so PostgreSQL groups
// millions of records by cell without a call into H3.
func parentSQL(col string, res int) string {
	clear := ^(int64(15) << 52)
	set := int64(res)<<52 | (int64(1)<<(3*(geo.StorageRes-res)) - 1)
	return fmt.Sprintf("((%s & %d) | %d)", col, clear, set)
}

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
	in := func(col string, vals []string) {
		if len(vals) > 0 {
			conds = append(conds, col+" = ANY("+arg(vals)+")")
		}
	}
	in(src.category, f.Categories)
	in("victim_age_band", f.AgeBands)
	in("setting", f.Settings)
	in("partner", f.Partners)
	return strings.Join(conds, " AND ")
}

// period resolves f's period: its dates, or the data's own first and last day. toEnd is the
// first instant after the period. ok is false when there are no records at all.
func (s *Service) period(ctx context.Context, f Filter) (from, to, toEnd time.Time, ok bool, err error) {
	from, to = f.From, f.To
	if from.IsZero() || to.IsZero() {
		src := sourceOf(f.Kind)
		var lo, hi *time.Time
		if err := s.pool.QueryRow(ctx, fmt.Sprintf(`SELECT min(%[1]s), max(%[1]s) FROM %[2]s`, src.at, src.table)).Scan(&lo, &hi); err != nil {
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
	toEnd = time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, record.London())
	return from, to, toEnd, !to.Before(from), nil
}

// Aggregate is one measure per cell of the study area's covering (zeros included).
type Aggregate struct {
	Cells []h3.Cell
	Count []int64   // incidents, or activity sessions
	Value []float64 // harm-weighted sum of incidents, or activity minutes
	Extra []int64   // activity: child contacts
	// Published is what a role without record-level access is shown: the count made only of
	// (resolution-9 cell, calendar month) groups of at least the threshold; -1 when the count is
	// suppressed. Nil for record-level roles.
	Published      []int64
	PublishedValue []float64
	From, To       time.Time
}

// aggregate counts f's records per cell of the covering at f.Res.
func (s *Service) aggregate(ctx context.Context, f Filter, restricted bool) (*Aggregate, *grid, error) {
	gr, err := s.grids.get(ctx, f.Res)
	if err != nil {
		return nil, nil, err
	}
	from, to, toEnd, ok, err := s.period(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	n := len(gr.cells)
	agg := &Aggregate{Cells: append([]h3.Cell(nil), gr.cells...), Count: make([]int64, n), Value: make([]float64, n),
		Extra: make([]int64, n), From: from, To: to}
	if restricted {
		agg.Published, agg.PublishedValue = make([]int64, n), make([]float64, n)
	}
	if !ok {
		return agg, gr, nil
	}
	var args []any
	where := f.where(from, toEnd, &args)
	src := sourceOf(f.Kind)
	measure := "sum(harm_weight)"
	extra := "0::bigint"
	if f.Kind == KindActivity {
		measure, extra = "sum(duration_minutes)::float8", "sum(contacts_children)::bigint"
	}
	var q string
	if restricted {
		// Published counts are built from (resolution-9 cell, month) groups of at least the
		// threshold, so that any difference between two nested queries is itself such a sum.
		args = append(args, s.threshold)
		q = fmt.Sprintf(`SELECT %[1]s AS cell, sum(n)::bigint, sum(v), sum(x)::bigint,
				coalesce(sum(n) FILTER (WHERE n >= $%[2]d), 0)::bigint, coalesce(sum(v) FILTER (WHERE n >= $%[2]d), 0)
			FROM (SELECT %[3]s AS c9, date_trunc('month', %[4]s, 'Europe/London') AS m, count(*) AS n, %[5]s AS v, %[6]s AS x
				FROM %[7]s WHERE %[8]s GROUP BY 1, 2) g
			GROUP BY 1`, parentSQL("c9", f.Res), len(args), parentSQL("h3_cell", MaxRestrictedRes), src.at, measure, extra, src.table, where)
	} else {
		q = fmt.Sprintf(`SELECT %s AS cell, count(*), %s, %s, 0::bigint, 0::float8 FROM %s WHERE %s GROUP BY 1`,
			parentSQL("h3_cell", f.Res), measure, extra, src.table, where)
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("aggregate %s at res %d: %w", f.Kind, f.Res, err)
	}
	defer rows.Close()
	for rows.Next() {
		var cell, count, x, pub int64
		var value, pubValue float64
		if err := rows.Scan(&cell, &count, &value, &x, &pub, &pubValue); err != nil {
			return nil, nil, fmt.Errorf("aggregate: %w", err)
		}
		c := h3.Cell(cell)
		i, known := gr.index[c]
		if !known {
			if !gr.accepts(c) {
				continue
			}
			i = len(agg.Cells)
			agg.Cells = append(agg.Cells, c)
			agg.Count, agg.Value, agg.Extra = append(agg.Count, 0), append(agg.Value, 0), append(agg.Extra, 0)
			if restricted {
				agg.Published, agg.PublishedValue = append(agg.Published, 0), append(agg.PublishedValue, 0)
			}
		}
		agg.Count[i], agg.Value[i], agg.Extra[i] = count, value, x
		if restricted {
			agg.Published[i], agg.PublishedValue[i] = pub, pubValue
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("aggregate: %w", err)
	}
	if restricted {
		s.suppress(agg)
	}
	return agg, gr, nil
}

// suppress marks published counts: a cell with records whose published count is below the
// threshold shows as suppressed (-1), never as a number and never as zero.
func (s *Service) suppress(agg *Aggregate) {
	for i, c := range agg.Count {
		if c > 0 && agg.Published[i] < int64(s.threshold) {
			agg.Published[i], agg.PublishedValue[i] = -1, 0
		}
	}
}

func cellOf(v int64) h3.Cell { return h3.Cell(v) }

// descendantRange is the range of stored resolution-15 cells under cell c: its resolution set
// to 15 and its finer digits from all 0 to all 7. A btree index answers it.
func descendantRange(c h3.Cell) (lo, hi int64) {
	res := c.Resolution()
	low := int64(1)<<(3*(geo.StorageRes-res)) - 1
	base := (int64(c) &^ (int64(15) << 52)) | int64(geo.StorageRes)<<52
	return base &^ low, base | low
}
