package hotspot

import (
	"context"
	"fmt"
	"time"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/disclosure"
)

// MonthlyAtoms calls fn with each (resolution-9 cell, London month) atom of f's records that
// protected viewer v is shown, split by local area as the map splits them (fn then sees a cell's
// month once per area): the atoms every map output for v is summed from, over the same local
// areas, age scope and whole months. The cell index answers where it serves f.
func (s *Service) MonthlyAtoms(ctx context.Context, f Filter, v disclosure.Viewer, fn func(month time.Time, cell h3.Cell, t disclosure.Tally)) error {
	f, err := s.scoped(ctx, f, v)
	if err != nil {
		return err
	}
	from, _, toEnd, ok, err := s.period(ctx, f, v)
	if err != nil || !ok {
		return err
	}
	if s.indexServes(f) {
		snap, q, err := s.snapshot(ctx, f, from, toEnd)
		if err != nil {
			return err
		}
		ac := snap.Cached(nil, "atoms", func(cells []h3.Cell) any { return atomsOf(cells) }).(*atomCells)
		return s.index.Atoms(ctx, snap, q, ac.atom, len(ac.cells), func(month time.Time, a int32, n int64) {
			fn(month, ac.cells[a], v.GridAtom(n))
		})
	}
	var args []any
	rows, err := s.pool.Query(ctx, `SELECT c9, make_timestamptz(month / 12, month % 12 + 1, 1, 0, 0, 0, 'Europe/London'), n
		FROM (`+f.atomsSQL(from, toEnd, &args)+`) g`, args...)
	if err != nil {
		return fmt.Errorf("monthly atoms: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cell, n int64
		var month time.Time
		if err := rows.Scan(&cell, &month, &n); err != nil {
			return fmt.Errorf("monthly atoms: %w", err)
		}
		fn(month, cellOf(cell), v.GridAtom(n))
	}
	return rows.Err()
}

// atomsSQL selects f's records in [from, toEnd) as a protected viewer's atoms: c9 (the
// resolution-9 cell), month (the stored London month, months since year 0, which spares a
// time-zone conversion per row) and n, the atom's count; args gathers its parameters.
func (f Filter) atomsSQL(from, toEnd time.Time, args *[]any) string {
	where := f.where(from, toEnd, args)
	return fmt.Sprintf(`SELECT %s AS c9, month, count(*) AS n FROM %s WHERE %s GROUP BY 1, 2%s`,
		cellcount.ParentSQL("h3_cell", MaxRestrictedRes), sourceOf(f.Kind).table, where, f.atomGroups())
}

// MonthlyCounts returns each of cells' (of resolution f.Res) exact counts of f's records in
// each London month that f.From to f.To touches, in order, over the local areas the request
// sees: the series an analyst's matched control is chosen on. They are exact, so v must have
// record-level access (MonthlyAtoms is what a protected viewer is shown). Of f.AgeScope only
// the name counts: it is resolved again as every map request's is. The cell index answers
// where it serves f (a whole month from its per-cell totals when no category is given);
// otherwise the records. With no records to take a period from, the map is empty.
func (s *Service) MonthlyCounts(ctx context.Context, f Filter, v disclosure.Viewer, cells []h3.Cell) (map[h3.Cell][]float64, error) {
	if v.Protected() {
		return nil, apperr.Errorf(apperr.Forbidden, "monthly counts: exact counts are for roles with record-level access")
	}
	f, err := s.scoped(ctx, f, v)
	if err != nil {
		return nil, fmt.Errorf("monthly counts: %w", err)
	}
	from, to, toEnd, ok, err := s.period(ctx, f, v)
	if err != nil {
		return nil, fmt.Errorf("monthly counts: %w", err)
	}
	if !ok {
		return map[h3.Cell][]float64{}, nil
	}
	months := (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1
	monthOf := func(t time.Time) int { return (t.Year()-from.Year())*12 + int(t.Month()-from.Month()) }
	out := make(map[h3.Cell][]float64, len(cells))
	place := make(map[h3.Cell]int32, len(cells))
	for _, c := range cells {
		if _, dup := place[c]; !dup {
			place[c] = int32(len(place))
			out[c] = make([]float64, months)
		}
	}
	if len(place) == 0 {
		return out, nil
	}
	if s.indexServes(f) {
		snap, q, err := s.snapshot(ctx, f, from, toEnd)
		if err != nil {
			return nil, fmt.Errorf("monthly counts: %w", err)
		}
		target := make([]int32, len(snap.Cells()))
		for i, c := range snap.Cells() {
			target[i] = -1
			if j, in := place[parentAt(c, f.Res)]; in {
				target[i] = j
			}
		}
		days := make([]int32, q.To-q.From)
		for d := range days {
			days[d] = int32(monthOf(from.AddDate(0, 0, d)))
		}
		n := len(place)
		count := make([]int64, months*n)
		if err := s.index.Sum(ctx, snap, q, target, days, n, count, make([]float64, months*n), nil); err != nil {
			return nil, fmt.Errorf("monthly counts: %w", err)
		}
		for c, j := range place {
			for m := range months {
				out[c][m] = float64(count[m*n+int(j)])
			}
		}
		return out, nil
	}
	ids := make([]int64, 0, len(place))
	for c := range place {
		ids = append(ids, int64(c))
	}
	var args []any
	where := f.where(from, toEnd, &args)
	args = append(args, ids)
	src := sourceOf(f.Kind)
	rows, err := s.pool.Query(ctx, fmt.Sprintf(`SELECT %[1]s, date_trunc('month', %[2]s, 'Europe/London'), count(*)
		FROM %[3]s WHERE %[4]s AND %[1]s = ANY($%[5]d) GROUP BY 1, 2`, cellcount.ParentSQL("h3_cell", f.Res), src.at, src.table, where, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("monthly counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cell, n int64
		var month time.Time
		if err := rows.Scan(&cell, &month, &n); err != nil {
			return nil, fmt.Errorf("monthly counts: %w", err)
		}
		if m := monthOf(month.In(from.Location())); m >= 0 && m < months {
			out[cellOf(cell)][m] += float64(n)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("monthly counts: %w", err)
	}
	return out, nil
}
