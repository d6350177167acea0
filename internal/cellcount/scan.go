package cellcount

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/uber/h3-go/v4"
)

// Query selects summed rows: days [From, To) and, per Keys column, the values kept (as SQL's
// col = ANY(values): a NULL never matches).
type Query struct {
	From, To int32
	Filters  map[string][]string
	// Keep, when set, keeps only the rows whose victim and suspect age bands it accepts ("" for
	// NULL): a rule across two columns, such as an age scope.
	Keep func(victim, suspect string) bool
	// NoAge, when set, marks the rows Sum counts apart in its noAge output.
	NoAge func(victim, suspect string) bool
	// Areas, when not nil, keeps only the rows of these local areas (a row of no area is kept
	// by nil alone).
	Areas []int64
	// ByArea splits Atoms' groups by local area as well.
	ByArea bool
}

// The key columns of the age bands, which Keep and NoAge read.
const (
	victimKey  = 1
	suspectKey = 2
)

// pairs is, for each victim and suspect code, whether f accepts them (nil when f is nil).
func (s *Snapshot) pairs(f func(victim, suspect string) bool) *[256][256]bool {
	if f == nil {
		return nil
	}
	val := func(d dict, c int) string {
		if c >= len(d.values) || d.values[c] == nil {
			return ""
		}
		return *d.values[c]
	}
	var t [256][256]bool
	for v := range s.dict[victimKey].values {
		for u := range s.dict[suspectKey].values {
			t[v][u] = f(val(s.dict[victimKey], v), val(s.dict[suspectKey], u))
		}
	}
	return &t
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

// rowFilter is a query's filters as code tables.
type rowFilter struct {
	cols  []int
	pass  [][256]bool
	keep  *[256][256]bool
	noAge *[256][256]bool
	area  *[256]bool // the local area codes kept; nil keeps every row
}

func (s *Snapshot) filterOf(q Query) rowFilter {
	cols, pass := s.masks(q)
	return rowFilter{cols: cols, pass: pass, keep: s.pairs(q.Keep), noAge: s.pairs(q.NoAge), area: s.areaMask(q.Areas)}
}

// areaMask is the codes of the local areas kept, or nil when every area present is kept.
func (s *Snapshot) areaMask(areas []int64) *[256]bool {
	if areas == nil {
		return nil
	}
	var m [256]bool
	for _, id := range areas {
		if c, ok := s.dict[areaCol].code[strconv.FormatInt(id, 10)]; ok {
			m[c] = true
		}
	}
	for c := range s.dict[areaCol].values {
		if !m[c] {
			return &m
		}
	}
	return nil
}

// narrows reports whether the filter drops any row.
func (r rowFilter) narrows() bool { return len(r.cols) > 0 || r.keep != nil || r.area != nil }

func (s *Snapshot) keeps(i int, r *rowFilter) bool {
	if r.keep != nil && !r.keep[s.key[victimKey][i]][s.key[suspectKey][i]] {
		return false
	}
	if r.area != nil && !r.area[s.key[areaCol][i]] {
		return false
	}
	return len(r.cols) == 0 || s.passes(i, r.cols, r.pass)
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
// slot 0. The rows q.NoAge marks are counted into noAge too (when not nil). It goes month by
// month: a whole month inside the period, without column filters and in one slot, is added
// from its dense per-cell totals (under the query's age rules, see dense); other days are read
// row by row.
func (x *Index) Sum(ctx context.Context, s *Snapshot, q Query, target, slot []int32, stride int, count []int64, value []float64, noAge []int64) error {
	r := s.filterOf(q)
	out := sumOut{target: target, slot: slot, stride: int32(stride), origin: q.From, count: count, value: value, noAge: noAge}
	if noAge == nil {
		r.noAge = nil
	}
	for d := q.From; d < q.To; {
		first, end := monthOf(d)
		blk := s.block(first)
		whole := blk != nil && first == d && end <= q.To
		if whole && sameSlot(slot, first-q.From, end-q.From) {
			t, err := x.dense(ctx, s, first, &r)
			if err != nil {
				return err
			}
			if t != nil {
				if err := x.step(ctx, len(t.count)); err != nil {
					return err
				}
				if slot == nil || slot[first-q.From] >= 0 {
					out.addTotals(t, first-q.From)
				}
				d = end
				continue
			}
		}
		if whole && len(r.cols) > 0 && r.cols[0] == 0 {
			// A whole month with a filter on the first key: only the rows of the kept codes.
			for c := range 256 {
				if !r.pass[0][c] {
					continue
				}
				start := int32(0)
				if c > 0 {
					start = blk.key0End[c-1]
				}
				rows := blk.byKey0[start:blk.key0End[c]]
				for b := 0; b < len(rows); b += block {
					if err := x.step(ctx, min(block, len(rows)-b)); err != nil {
						return err
					}
					for _, i := range rows[b:min(b+block, len(rows))] {
						s.sumRow(int(i), &r, &out)
					}
				}
			}
			d = end
			continue
		}
		stop := min(end, q.To)
		lo, hi := s.rowRange(d, stop)
		for b := lo; b < hi; b += block {
			if err := x.step(ctx, min(block, hi-b)); err != nil {
				return err
			}
			for i := b; i < min(b+block, hi); i++ {
				s.sumRow(i, &r, &out)
			}
		}
		d = stop
	}
	return nil
}

// sumOut is where Sum adds.
type sumOut struct {
	target, slot []int32
	stride       int32
	origin       int32
	count        []int64
	value        []float64
	noAge        []int64
}

// addTotals adds a whole month's per-cell totals, whose days start at offset day of the period.
func (o *sumOut) addTotals(t *totals, day int32) {
	off := int32(0)
	if o.slot != nil {
		off = o.slot[day] * o.stride
	}
	for c, n := range t.count {
		if tg := o.target[c]; n != 0 && tg >= 0 {
			o.count[tg+off] += int64(n)
			o.value[tg+off] += t.harm[c]
			if t.noAge != nil {
				o.noAge[tg+off] += int64(t.noAge[c])
			}
		}
	}
}

func (s *Snapshot) sumRow(i int, r *rowFilter, o *sumOut) {
	t := o.target[s.cell[i]]
	if t < 0 || (r.narrows() && !s.keeps(i, r)) {
		return
	}
	if o.slot != nil {
		sl := o.slot[s.day[i]-o.origin]
		if sl < 0 {
			return
		}
		t += sl * o.stride
	}
	o.count[t] += int64(s.n[i])
	o.value[t] += s.harm[i]
	if r.noAge != nil && r.noAge[s.key[victimKey][i]][s.key[suspectKey][i]] {
		o.noAge[t] += int64(s.n[i])
	}
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

// Atoms calls fn with the count of q's rows per (atom cell, London month) for every such group
// that has rows, month by month; per (atom cell, month, local area) when q.ByArea. atom maps
// each cell to its atom cell (0 to atoms-1).
func (x *Index) Atoms(ctx context.Context, s *Snapshot, q Query, atom []int32, atoms int, fn func(month time.Time, atomCell int32, n int64)) error {
	r := s.filterOf(q)
	r.noAge = nil // atoms are counts only
	// Each group is atom × areas + the area's code; without ByArea every row is in area 0.
	areas, areaOf := int32(1), func(int) int32 { return 0 }
	if q.ByArea {
		areas = int32(max(1, len(s.dict[areaCol].values)))
		areaOf = func(i int) int32 { return int32(s.key[areaCol][i]) }
	}
	sums := make([]int64, int32(atoms)*areas)
	var touched []int32
	add := func(g int32, n int64) {
		if sums[g] == 0 {
			touched = append(touched, g)
		}
		sums[g] += n
	}
	for d := q.From; d < q.To; {
		first, end := monthOf(d)
		stop := min(end, q.To)
		var t *totals
		if first == d && end <= q.To {
			var err error
			if t, err = x.dense(ctx, s, first, &r); err != nil {
				return err
			}
		}
		switch {
		case t != nil && !q.ByArea:
			if err := x.step(ctx, len(t.count)); err != nil {
				return err
			}
			for c, n := range t.count {
				if n != 0 {
					add(atom[c], int64(n))
				}
			}
		case t != nil:
			// A cell of one local area is its area's from the dense totals; the rows of cells
			// of several areas are read one by one.
			mixed := s.block(first).mixed
			if err := x.step(ctx, len(t.count)+len(mixed)); err != nil {
				return err
			}
			for c, n := range t.count {
				if a := s.cellArea[c]; n != 0 && a >= 0 {
					add(atom[c]*areas+int32(a), int64(n))
				}
			}
			for _, i := range mixed {
				if !r.narrows() || s.keeps(int(i), &r) {
					add(atom[s.cell[i]]*areas+areaOf(int(i)), int64(s.n[i]))
				}
			}
		default:
			lo, hi := s.rowRange(d, stop)
			for b := lo; b < hi; b += block {
				if err := x.step(ctx, min(block, hi-b)); err != nil {
					return err
				}
				for i := b; i < min(b+block, hi); i++ {
					if !r.narrows() || s.keeps(i, &r) {
						add(atom[s.cell[i]]*areas+areaOf(i), int64(s.n[i]))
					}
				}
			}
		}
		month := Epoch.AddDate(0, 0, int(first))
		for _, g := range touched {
			fn(month, g/areas, sums[g])
			sums[g] = 0
		}
		touched = touched[:0]
		d = stop
	}
	return nil
}
