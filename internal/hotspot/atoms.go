package hotspot

import (
	"context"
	"fmt"
	"time"

	"github.com/uber/h3-go/v4"

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
