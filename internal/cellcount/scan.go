package cellcount

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/uber/h3-go/v4"
)

// Query selects summed rows: days [From, To) and, per Keys column, the values kept (as SQL's
// col = ANY(values): a NULL never matches).
type Query struct {
	From, To int32
	Filters  map[string][]string
}

// Serves reports whether the index can answer filters on these columns.
func Serves(cols ...string) bool {
	for _, c := range cols {
		if !slices.Contains(Keys, c) {
			return false
		}
	}
	return true
}

// block is how many rows a scan reads between looks at its context.
const block = 1 << 16

// Cells are the resolution-Res cells of the snapshot, by id.
func (s *Snapshot) Cells() []h3.Cell { return s.cells }

type targetKey struct {
	owner any
	kind  string
}

// Cached returns build(cells) once per snapshot, owner and kind: per-cell maps from the
// snapshot's cells to a request's outputs.
func (s *Snapshot) Cached(owner any, kind string, build func(cells []h3.Cell) any) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.targets == nil {
		s.targets = map[targetKey]any{}
	}
	k := targetKey{owner, kind}
	if v, ok := s.targets[k]; ok {
		return v
	}
	v := build(s.cells)
	s.targets[k] = v
	return v
}

// rowRange is the positions of days [from, to).
func (s *Snapshot) rowRange(from, to int32) (int, int) {
	lo := sort.Search(len(s.day), func(i int) bool { return s.day[i] >= from })
	hi := sort.Search(len(s.day), func(i int) bool { return s.day[i] >= to })
	return lo, hi
}

// masks gives, per key column with a filter, which codes pass.
func (s *Snapshot) masks(q Query) (cols []int, pass [][256]bool) {
	for k, name := range Keys {
		vals, ok := q.Filters[name]
		if !ok || len(vals) == 0 {
			continue
		}
		var m [256]bool
		for _, v := range vals {
			if c, ok := s.dict[k].code[v]; ok {
				m[c] = true
			}
		}
		cols, pass = append(cols, k), append(pass, m)
	}
	return cols, pass
}

func (s *Snapshot) passes(i int, cols []int, pass [][256]bool) bool {
	for j, k := range cols {
		if !pass[j][s.key[k][i]] {
			return false
		}
	}
	return true
}

// step reports the end of a block to the context: an ended request stops the scan.
func (x *Index) step(ctx context.Context, rows int) error {
	x.scanned.Add(int64(rows))
	if x.Pace != nil {
		x.Pace(ctx)
	}
	if err := ctx.Err(); err != nil {
		x.stopped.Add(1)
		return err
	}
	return nil
}

// monthOf is the first day of the calendar month holding day d, and the first day after it.
func monthOf(d int32) (first, end int32) {
	t := Epoch.AddDate(0, 0, int(d))
	m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	return DayOf(m), DayOf(m.AddDate(0, 1, 0))
}

// Sum adds the count and harm of q's rows into count and value at slot[day-q.From]*stride +
// target[cell]; a negative target or slot leaves the row out, and a nil slot puts every day in
// slot 0. It goes month by month: a whole month inside the period, without filters and in one
// slot, is added from its dense per-cell totals; other days are read row by row.
func (x *Index) Sum(ctx context.Context, s *Snapshot, q Query, target, slot []int32, stride int, count []int64, value []float64) error {
	cols, pass := s.masks(q)
	for d := q.From; d < q.To; {
		first, end := monthOf(d)
		if blk := s.block(first); blk != nil && len(cols) == 0 && first == d && end <= q.To && sameSlot(slot, first-q.From, end-q.From) {
			if err := x.step(ctx, len(blk.count)); err != nil {
				return err
			}
			off := int32(0)
			if slot != nil {
				if off = slot[first-q.From]; off < 0 {
					d = end
					continue
				}
				off *= int32(stride)
			}
			for c, n := range blk.count {
				if t := target[c]; n != 0 && t >= 0 {
					count[t+off] += int64(n)
					value[t+off] += blk.harm[c]
				}
			}
			d = end
			continue
		}
		stop := min(end, q.To)
		if blk := s.block(first); blk != nil && len(cols) > 0 && cols[0] == 0 && first == d && end <= q.To {
			// A whole month with a filter on the first key: only the rows of the kept codes.
			for c := range 256 {
				if !pass[0][c] {
					continue
				}
				start := int32(0)
				if c > 0 {
					start = blk.key0End[c-1]
				}
				if err := x.sumList(ctx, s, blk.byKey0[start:blk.key0End[c]], q.From, cols, pass, target, slot, stride, count, value); err != nil {
					return err
				}
			}
			d = end
			continue
		}
		if err := x.sumRows(ctx, s, d, stop, q.From, cols, pass, target, slot, stride, count, value); err != nil {
			return err
		}
		d = stop
	}
	return nil
}

// sumList is sumRows over the listed row positions.
func (x *Index) sumList(ctx context.Context, s *Snapshot, rows []int32, origin int32, cols []int, pass [][256]bool,
	target, slot []int32, stride int, count []int64, value []float64) error {
	for b := 0; b < len(rows); b += block {
		if err := x.step(ctx, min(block, len(rows)-b)); err != nil {
			return err
		}
		for _, i := range rows[b:min(b+block, len(rows))] {
			t := target[s.cell[i]]
			if t < 0 || !s.passes(int(i), cols, pass) {
				continue
			}
			if slot != nil {
				sl := slot[s.day[i]-origin]
				if sl < 0 {
					continue
				}
				t += sl * int32(stride)
			}
			count[t] += int64(s.n[i])
			value[t] += s.harm[i]
		}
	}
	return nil
}

// sameSlot reports whether days [from, to) of slot (offsets from the period's start) all go to
// one slot.
func sameSlot(slot []int32, from, to int32) bool {
	if slot == nil {
		return true
	}
	for i := from + 1; i < to; i++ {
		if slot[i] != slot[from] {
			return false
		}
	}
	return true
}

func (x *Index) sumRows(ctx context.Context, s *Snapshot, from, to, origin int32, cols []int, pass [][256]bool,
	target, slot []int32, stride int, count []int64, value []float64) error {
	lo, hi := s.rowRange(from, to)
	for b := lo; b < hi; b += block {
		if err := x.step(ctx, min(block, hi-b)); err != nil {
			return err
		}
		for i := b; i < min(b+block, hi); i++ {
			t := target[s.cell[i]]
			if t < 0 || (len(cols) > 0 && !s.passes(i, cols, pass)) {
				continue
			}
			if slot != nil {
				sl := slot[s.day[i]-origin]
				if sl < 0 {
					continue
				}
				t += sl * int32(stride)
			}
			count[t] += int64(s.n[i])
			value[t] += s.harm[i]
		}
	}
	return nil
}

// Atoms calls fn with the count of q's rows per (atom cell, London month) for every such group
// that has rows, month by month. atom maps each cell to its atom cell (0 to atoms-1).
func (x *Index) Atoms(ctx context.Context, s *Snapshot, q Query, atom []int32, atoms int, fn func(month time.Time, atomCell int32, n int64)) error {
	cols, pass := s.masks(q)
	sums := make([]int64, atoms)
	var touched []int32
	add := func(a int32, n int64) {
		if sums[a] == 0 {
			touched = append(touched, a)
		}
		sums[a] += n
	}
	for d := q.From; d < q.To; {
		first, end := monthOf(d)
		stop := min(end, q.To)
		if blk := s.block(first); blk != nil && len(cols) == 0 && first == d && end <= q.To {
			if err := x.step(ctx, len(blk.count)); err != nil {
				return err
			}
			for c, n := range blk.count {
				if n != 0 {
					add(atom[c], int64(n))
				}
			}
		} else {
			lo, hi := s.rowRange(d, stop)
			for b := lo; b < hi; b += block {
				if err := x.step(ctx, min(block, hi-b)); err != nil {
					return err
				}
				for i := b; i < min(b+block, hi); i++ {
					if len(cols) == 0 || s.passes(i, cols, pass) {
						add(atom[s.cell[i]], int64(s.n[i]))
					}
				}
			}
		}
		month := Epoch.AddDate(0, 0, int(first))
		for _, a := range touched {
			fn(month, a, sums[a])
			sums[a] = 0
		}
		touched = touched[:0]
		d = stop
	}
	return nil
}
