package place

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
)

// Resolutions of the covering stored in place_cells: the analysis resolutions.
const (
	MinRes = 6
	MaxRes = 12
)

// MaxCells is the most cells a place's covering holds at one resolution: at resolution 12
// about 30 km² of area, at 9 about 10,000 km². A larger place keeps its covering at the
// resolutions that fit (6 up to the finest that does) and none at finer ones; its linkage is
// by geometry whatever its size.
const MaxCells = 100_000

// MaxAreaKm2 is the largest place, in square kilometres: more than twice the largest police
// force area of England and Wales, so that a larger one is a mistake (a boundary in the wrong
// coordinates, a country).
const MaxAreaKm2 = 25_000

// region is a place's extent as linkage sees it, with an index of its polygons when their
// boundary is long (see regionFor).
type region struct {
	geo.Extent
	index *geo.PolygonIndex
}

// regionOf returns the extent of geometry g with buffer metres around lines and points (none
// for a geometry without one).
func regionOf(g orb.Geometry, buffer float64) region {
	e, _ := geo.ExtentOf(g, buffer)
	return region{Extent: e}
}

// contains reports whether the point lat, lng belongs to the region (see geo.Extent.Contains),
// through its polygon index when it has one.
func (r region) contains(lat, lng float64) bool {
	if r.index != nil {
		return r.index.Contains(lat, lng)
	}
	return r.Contains(lat, lng)
}

// box is a latitude/longitude rectangle.
type box struct{ minLat, maxLat, minLng, maxLng float64 }

// bound returns a rectangle holding every point the region contains (geo.Extent.Bound).
func (r region) bound() box {
	b := r.Bound()
	return box{b.Min.Lat(), b.Max.Lat(), b.Min.Lon(), b.Max.Lon()}
}

// cover returns every cell at res meeting the region: geo.CoverMultiPolygon for polygons,
// geo.CoverLineBuffer for each line. A covering of more than MaxCells cells is a
// *geo.TooManyCellsError.
func (r region) cover(res int) ([]h3.Cell, error) {
	if len(r.Polys) > 0 {
		return geo.CoverMultiPolygon(r.Polys, res, MaxCells)
	}
	var cells []h3.Cell
	seen := map[h3.Cell]bool{}
	for _, ls := range r.Lines {
		got, err := geo.CoverLineBuffer(ls, r.Buffer, res, MaxCells)
		if err != nil {
			return nil, err
		}
		for _, c := range got {
			if !seen[c] {
				seen[c] = true
				cells = append(cells, c)
			}
		}
	}
	if len(cells) > MaxCells {
		return nil, &geo.TooManyCellsError{Res: res, Cells: len(cells), MaxCells: MaxCells}
	}
	return cells, nil
}

// checkSize refuses a region larger than MaxAreaKm2.
func (r region) checkSize() error {
	if len(r.Polys) == 0 {
		return nil
	}
	if km2 := geo.AreaM2(r.Polys) / 1e6; km2 > MaxAreaKm2 {
		return unprocessable("the place covers about %.0f km², more than the register's limit of %d km² (twice the largest police force area); check that its coordinates are longitude and latitude in WGS84 and that it is the place meant",
			km2, MaxAreaKm2)
	}
	return nil
}

// coverAll returns the region's coverings from MinRes up to the finest resolution at which the
// covering holds at most MaxCells cells; finer ones are nil. A region too large even at MinRes
// is refused.
func (r region) coverAll() (*covering, error) {
	if err := r.checkSize(); err != nil {
		return nil, err
	}
	var cv covering
	for res := MinRes; res <= MaxRes; res++ {
		cells, err := r.cover(res)
		var tooMany *geo.TooManyCellsError
		switch {
		case errors.As(err, &tooMany) && res > MinRes:
			return &cv, nil
		case errors.As(err, &tooMany):
			return nil, unprocessable("the place is too large for the register: it needs about %d H3 cells at resolution %d, more than the limit of %d",
				tooMany.Cells, res, MaxCells)
		case err != nil:
			return nil, fmt.Errorf("cover place at res %d: %w", res, err)
		}
		cv[res-MinRes] = cells
	}
	return &cv, nil
}

// Contains reports whether the point lat, lng belongs to the place: inside its polygon (a
// point on the outer boundary counts as inside) or within its buffer.
func (p *Place) Contains(lat, lng float64) bool {
	return regionOf(p.Geometry, p.BufferMetres).contains(lat, lng)
}

// Cells returns the place's covering at resolution res (MinRes to MaxRes): every H3 cell that
// meets the place, as stored in place_cells. A place too large for cells at res is an error
// naming the finest resolution it has.
func (p *Place) Cells(res int) ([]h3.Cell, error) {
	if res < MinRes || res > MaxRes {
		return nil, fmt.Errorf("resolution %d is outside %d..%d", res, MinRes, MaxRes)
	}
	r := regionOf(p.Geometry, p.BufferMetres)
	cells, err := r.cover(res)
	var tooMany *geo.TooManyCellsError
	if errors.As(err, &tooMany) {
		return nil, unprocessable("the place is too large for cells at resolution %d (about %d, more than %d); its cells are kept at resolutions %d to %d",
			res, tooMany.Cells, MaxCells, MinRes, max(MinRes, tooMany.Finest))
	}
	return cells, err
}
