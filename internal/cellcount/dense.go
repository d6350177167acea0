package cellcount

import (
	"context"
	"sync"
)

// A request under an age scope keeps only some age-band pairs, a request of some local areas
// keeps only their rows, and map requests count the records without age apart: none can use a
// month's totals of every row. The totals of each such rule are built once per snapshot, on
// first use, from the rows of the months that have dense totals, so that every later request
// under the rule adds whole months as cheaply as an unscoped one.

type scopedMonths struct {
	mu     sync.Mutex
	months map[int32]*totals // nil until built
}

// ruleKey names what r's age rule, no-age rule and local areas decide for the codes present.
func (s *Snapshot) ruleKey(r *rowFilter) string {
	nv, ns := len(s.dict[victimKey].values), len(s.dict[suspectKey].values)
	b := make([]byte, 0, 3+2*nv*ns+len(s.dict[areaCol].values))
	if r.area != nil {
		b = append(b, 'a')
		for c := range s.dict[areaCol].values {
			if r.area[c] {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		}
	}
	for _, t := range []*[256][256]bool{r.keep, r.noAge} {
		if t == nil {
			b = append(b, 'n')
			continue
		}
		b = append(b, 't')
		for v := range nv {
			for u := range ns {
				if t[v][u] {
					b = append(b, 1)
				} else {
					b = append(b, 0)
				}
			}
		}
	}
	return string(b)
}

// dense is the whole month starting on day first as per-cell totals under r's age rules, or
// nil when the month has none (too few rows) or r filters on a column.
func (x *Index) dense(ctx context.Context, s *Snapshot, first int32, r *rowFilter) (*totals, error) {
	blk := s.block(first)
	if blk == nil || len(r.cols) > 0 {
		return nil, nil
	}
	if r.keep == nil && r.noAge == nil && r.area == nil {
		return &blk.totals, nil
	}
	months, err := x.ruled(ctx, s, r)
	if err != nil {
		return nil, err
	}
	return months[first], nil
}

// ruled builds (once per snapshot and rule) the dense totals of the rows r keeps, with those
// r.noAge marks counted apart. An ended request stops the build and leaves it to the next.
func (x *Index) ruled(ctx context.Context, s *Snapshot, r *rowFilter) (map[int32]*totals, error) {
	key := s.ruleKey(r)
	s.mu.Lock()
	if s.scopes == nil {
		s.scopes = map[string]*scopedMonths{}
	}
	e := s.scopes[key]
	if e == nil {
		e = &scopedMonths{}
		s.scopes[key] = e
	}
	s.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.months != nil {
		return e.months, nil
	}
	months := make(map[int32]*totals, len(s.months))
	for first := range s.months {
		_, end := monthOf(first)
		lo, hi := s.rowRange(first, end)
		t := &totals{count: make([]int32, len(s.cells)), harm: make([]float64, len(s.cells))}
		if r.noAge != nil {
			t.noAge = make([]int32, len(s.cells))
		}
		for b := lo; b < hi; b += block {
			if err := x.step(ctx, min(block, hi-b)); err != nil {
				return nil, err
			}
			for i := b; i < min(b+block, hi); i++ {
				v, u := s.key[victimKey][i], s.key[suspectKey][i]
				if r.keep != nil && !r.keep[v][u] || r.area != nil && !r.area[s.key[areaCol][i]] {
					continue
				}
				c := s.cell[i]
				t.count[c] += s.n[i]
				t.harm[c] += s.harm[i]
				if r.noAge != nil && r.noAge[v][u] {
					t.noAge[c] += s.n[i]
				}
			}
		}
		months[first] = t
	}
	e.months = months
	return months, nil
}
