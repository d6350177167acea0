package hotspot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
)

// grid is the study area's covering at one resolution: every cell that intersects the
// boundary, sorted, with each cell's index.
type grid struct {
	cells []h3.Cell
	index map[h3.Cell]int

	mu         sync.Mutex
	neighbours map[string][][]geo.Neighbour // by k and kernel

	geomOnce sync.Once
	geomBuf  []byte // every cell's GeoJSON Polygon, one after another
	geomEnd  []int  // where each cell's ends in geomBuf
}

// indexOf is cell c's place in the covering; a nil grid holds none.
func (gr *grid) indexOf(c h3.Cell) (int, bool) {
	if gr == nil {
		return 0, false
	}
	i, ok := gr.index[c]
	return i, ok
}

// StudyCells returns the whole study area's covering at res: every cell that intersects it.
func (s *Service) StudyCells(ctx context.Context, res int) ([]h3.Cell, error) {
	gr, err := s.grids.get(ctx, res, nil)
	if err != nil {
		return nil, err
	}
	return gr.cells, nil
}

// grids caches coverings by study-area version, local areas and resolution: a covering at
// res 12 takes tens of milliseconds, and the areas change rarely.
type grids struct {
	areas *area.Store
	mu    sync.Mutex
	by    map[gridKey]*grid
}

type gridKey struct {
	version time.Time
	areas   string // the local areas covered, "" for the whole study area
	res     int
}

// get is the covering at res of the local areas listed (nil: the whole study area), which
// are the study area's (see viewedAreas).
func (g *grids) get(ctx context.Context, res int, areas []int64) (*grid, error) {
	sa, err := g.areas.Get(ctx)
	if err != nil {
		return nil, err
	}
	if sa == nil {
		return nil, apperr.Errorf(apperr.PreconditionFailed, "no study area is set: an admin sets one with PUT /api/v1/study-area or `placesafe area set FILE`")
	}
	key := gridKey{version: sa.UpdatedAt, res: res}
	var rs geo.Regions
	if areas != nil {
		for _, l := range sa.Locals {
			if slices.Contains(areas, l.ID) {
				rs = append(rs, geo.Region{ID: l.ID, Area: l.Area})
			}
		}
		if len(rs) == 0 {
			return nil, apperr.Errorf(apperr.NotFound, "none of the local areas you see is in the deployment")
		}
		key.areas = fmt.Sprint(areas)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if gr, ok := g.by[key]; ok {
		return gr, nil
	}
	bound := sa.Area
	if areas != nil {
		bound = rs.Union()
	}
	cells, err := geo.CoverMultiPolygon(bound.MultiPolygon(), res, MaxCells)
	var tooMany *geo.TooManyCellsError
	if errors.As(err, &tooMany) {
		return nil, apperr.Errorf(apperr.Invalid, "the study area needs about %d cells at resolution %d, more than the limit of %d; use resolution %d or coarser",
			tooMany.Cells, res, MaxCells, tooMany.Finest)
	}
	if err != nil {
		return nil, fmt.Errorf("cover study area at res %d: %w", res, err)
	}
	gr := &grid{cells: cells, index: make(map[h3.Cell]int, len(cells)), neighbours: map[string][][]geo.Neighbour{}}
	for i, c := range cells {
		gr.index[c] = i
	}
	for k := range g.by { // keep only the current area's coverings
		if k.version != sa.UpdatedAt {
			delete(g.by, k)
		}
	}
	g.by[key] = gr
	return gr, nil
}

// neighboursFor returns (and caches) the grid's Gi* neighbour lists.
func (gr *grid) neighboursFor(k int, kern geo.Kernel) ([][]geo.Neighbour, error) {
	key := fmt.Sprintf("%d/%s", k, kern)
	gr.mu.Lock()
	defer gr.mu.Unlock()
	if nb, ok := gr.neighbours[key]; ok {
		return nb, nil
	}
	nb, err := geo.CellNeighbours(gr.cells, k, kern)
	if err != nil {
		return nil, err
	}
	gr.neighbours[key] = nb
	return nb, nil
}

// accepts reports whether a cell found in the data belongs in the result. A record inside the
// boundary is counted in the parent (at the analysis resolution) of its stored resolution-15
// cell; H3's parents do not nest exactly, so within a metre of a cell edge that parent can be a
// grid neighbour of the covering rather than a member. Such a cell joins the result so that no
// record is lost; a cell farther away holds records outside the current study area (imported
// under an earlier boundary) and is left out.
func (gr *grid) accepts(c h3.Cell) bool {
	if _, ok := gr.index[c]; ok {
		return true
	}
	for _, n := range c.GridDisk(1) {
		if _, ok := gr.index[n]; ok {
			return true
		}
	}
	return false
}
