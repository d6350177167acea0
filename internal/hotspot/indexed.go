package hotspot

import (
	"context"
	"time"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// Incident analyses at resolution 10 or coarser are summed from the cell index (see package
// cellcount), which holds every record's count and harm weight per resolution-10 cell, London
// day and filter column; the answers are those of the SQL over the records, which finer
// resolutions, activity records and filters on other columns still use.

// indexServes reports whether the cell index answers f, logging why not for incidents.
func (s *Service) indexServes(f Filter) bool {
	if f.Kind != KindIncidents || s.recordsOnly {
		return false
	}
	if f.Res > cellcount.Res {
		s.log.Info("analysis reads the records: resolution finer than the summed cells", "res", f.Res, "summed_res", cellcount.Res)
		return false
	}
	var cols []string
	for _, c := range f.columnFilters() {
		cols = append(cols, c.col)
	}
	if !cellcount.Serves(cols...) {
		s.log.Info("analysis reads the records: a filter on a column the cells are not summed by", "columns", cols)
		return false
	}
	return true
}

func (f Filter) indexQuery(from, toEnd time.Time) cellcount.Query {
	q := cellcount.Query{From: cellcount.DayOf(from), To: cellcount.DayOf(toEnd), Filters: map[string][]string{}}
	for _, c := range f.columnFilters() {
		q.Filters[c.col] = c.vals
	}
	// The age scope's rule, and the records that give no age (incident.NoAgeSQL), from the two
	// age bands the cells are summed by.
	if !f.AgeScope.IsAll() {
		q.Keep = f.AgeScope.Keeps
	}
	q.NoAge = incident.NoAge
	q.Areas, q.ByArea = f.Areas, f.perArea
	return q
}

// parentAt is c's parent at res (c itself at its own resolution).
func parentAt(c h3.Cell, res int) h3.Cell {
	if c.Resolution() == res {
		return c
	}
	return c.Parent(res)
}

// cellMap sends each summed cell to its output: its parent's place in the grid, an edge cell
// after the grid's (see accepts), or -1 when outside.
type cellMap struct {
	target []int32
	edges  []h3.Cell
}

func (gr *grid) cellMap(cells []h3.Cell, res int, withEdges bool) *cellMap {
	m := &cellMap{target: make([]int32, len(cells))}
	edge := map[h3.Cell]int32{}
	for i, c := range cells {
		p := parentAt(c, res)
		if j, ok := gr.index[p]; ok {
			m.target[i] = int32(j)
			continue
		}
		m.target[i] = -1
		if !withEdges {
			continue
		}
		if j, ok := edge[p]; ok {
			m.target[i] = j
		} else if gr.accepts(p) {
			j = int32(len(gr.cells) + len(m.edges))
			edge[p], m.target[i] = j, j
			m.edges = append(m.edges, p)
		}
	}
	return m
}

// atomCells sends each summed cell to its resolution-9 parent's place in a list of them: the
// cells of the atoms that viewers without record-level access are shown counts from.
type atomCells struct {
	atom  []int32
	cells []h3.Cell
}

func atomsOf(cells []h3.Cell) *atomCells {
	a := &atomCells{atom: make([]int32, len(cells))}
	at := map[h3.Cell]int32{}
	for i, c := range cells {
		p := parentAt(c, MaxRestrictedRes)
		j, ok := at[p]
		if !ok {
			j = int32(len(a.cells))
			at[p] = j
			a.cells = append(a.cells, p)
		}
		a.atom[i] = j
	}
	return a
}

type versionKey struct{}

// withVersion notes in ctx the data version a request has read, so that the index need not
// read it again.
func withVersion(ctx context.Context, version string) context.Context {
	return context.WithValue(ctx, versionKey{}, version)
}

// snapshot is the cell index at the request's data version, or the current one, and f's query
// over [from, toEnd) on it.
func (s *Service) snapshot(ctx context.Context, f Filter, from, toEnd time.Time) (*cellcount.Snapshot, cellcount.Query, error) {
	var snap *cellcount.Snapshot
	var err error
	if v, ok := ctx.Value(versionKey{}).(string); ok {
		snap, err = s.index.At(ctx, v)
	} else {
		snap, err = s.index.Load(ctx)
	}
	return snap, f.indexQuery(from, toEnd), err
}

// atomTargets are the snapshot's disclosure atoms (resolution-9 cells) and, kept per grid,
// where each goes in the grid at res (with cells beyond the grid's edge when withEdges).
func atomTargets(snap *cellcount.Snapshot, gr *grid, res int, withEdges bool) (*atomCells, *cellMap) {
	ac := snap.Cached(nil, "atoms", func(cells []h3.Cell) any { return atomsOf(cells) }).(*atomCells)
	kind := "atom-known"
	if withEdges {
		kind = "atom-targets"
	}
	m := snap.Cached(gr, kind, func([]h3.Cell) any { return gr.cellMap(ac.cells, res, withEdges) }).(*cellMap)
	return ac, m
}

// cellTargets is where each of the snapshot's cells goes in the grid at res (with cells beyond
// the grid's edge when withEdges), kept per grid.
func cellTargets(snap *cellcount.Snapshot, gr *grid, res int, withEdges bool) *cellMap {
	kind := "known"
	if withEdges {
		kind = "targets"
	}
	return snap.Cached(gr, kind, func(cells []h3.Cell) any { return gr.cellMap(cells, res, withEdges) }).(*cellMap)
}

// sumIndexed fills agg (sized to the grid) with f's records in [from, toEnd) from the index.
func (s *Service) sumIndexed(ctx context.Context, f Filter, v disclosure.Viewer, gr *grid, agg *Aggregate, from, toEnd time.Time) error {
	snap, q, err := s.snapshot(ctx, f, from, toEnd)
	if err != nil {
		return err
	}
	n := len(gr.cells)
	if v.Protected() {
		ac, m := atomTargets(snap, gr, f.Res, true)
		tallies := make([]disclosure.Tally, n+len(m.edges))
		err := s.index.Atoms(ctx, snap, q, ac.atom, len(ac.cells), func(_ time.Time, a int32, count int64) {
			if t := m.target[a]; t >= 0 {
				tallies[t] = tallies[t].Add(v.GridAtom(count))
			}
		})
		if err != nil {
			return err
		}
		copy(agg.Protected, tallies[:n])
		for e, c := range m.edges {
			if tallies[n+e] != (disclosure.Tally{}) {
				agg.Cells, agg.Protected = append(agg.Cells, c), append(agg.Protected, tallies[n+e])
				agg.Count, agg.Value, agg.Extra = append(agg.Count, 0), append(agg.Value, 0), append(agg.Extra, 0)
			}
		}
		return nil
	}
	m := cellTargets(snap, gr, f.Res, true)
	count, value, noAge := make([]int64, n+len(m.edges)), make([]float64, n+len(m.edges)), make([]int64, n+len(m.edges))
	if err := s.index.Sum(ctx, snap, q, m.target, nil, 0, count, value, noAge); err != nil {
		return err
	}
	copy(agg.Count, count[:n])
	copy(agg.Value, value[:n])
	for e, c := range m.edges {
		if count[n+e] > 0 {
			agg.Cells = append(agg.Cells, c)
			agg.Count, agg.Value, agg.Extra = append(agg.Count, count[n+e]), append(agg.Value, value[n+e]), append(agg.Extra, 0)
		}
	}
	for i := range count {
		agg.Records, agg.NoAge = agg.Records+count[i], agg.NoAge+noAge[i]
	}
	return nil
}

// cubeIndexed fills the space-time cube (slice × grid cell) of an emerging analysis from the
// index; slot gives a slice start's place by its Unix time.
func (s *Service) cubeIndexed(ctx context.Context, f Filter, o EmergingOptions, v disclosure.Viewer, gr *grid, cube [][]float64,
	from, toEnd time.Time, slot map[int64]int) error {
	snap, q, err := s.snapshot(ctx, f, from, toEnd)
	if err != nil {
		return err
	}
	n := len(gr.cells)
	if v.Protected() {
		ac, m := atomTargets(snap, gr, f.Res, false)
		return s.index.Atoms(ctx, snap, q, ac.atom, len(ac.cells), func(month time.Time, a int32, count int64) {
			start := binStart(o.Bin, time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, record.London()))
			t, ok := slot[start.Unix()]
			if i := m.target[a]; ok && i >= 0 {
				cube[t][i] += v.Estimate(v.GridAtom(count))
			}
		})
	}
	m := cellTargets(snap, gr, f.Res, false)
	days := make([]int32, q.To-q.From)
	for d := range days {
		t := from.AddDate(0, 0, d)
		days[d] = -1
		if i, ok := slot[binStart(o.Bin, t).Unix()]; ok {
			days[d] = int32(i)
		}
	}
	count, value := make([]int64, len(cube)*n), make([]float64, len(cube)*n)
	if err := s.index.Sum(ctx, snap, q, m.target, days, n, count, value, nil); err != nil {
		return err
	}
	for t := range cube {
		for i := range cube[t] {
			if o.Harm {
				cube[t][i] = value[t*n+i]
			} else {
				cube[t][i] = float64(count[t*n+i])
			}
		}
	}
	return nil
}
