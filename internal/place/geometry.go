package place

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
)

// Resolutions of the covering stored in place_cells: the analysis resolutions.
const (
	MinRes = 6
	MaxRes = 12
)

// MaxCells is the most cells a place may need at one resolution (at resolution 12 about 30 km²
// of area, or 300 km of street with a 15 m buffer); a larger place is refused.
const MaxCells = 100_000

// region is a place's extent as linkage sees it: polygons, or lines (a point is a line of
// one position) with a buffer.
type region struct {
	polys  orb.MultiPolygon
	lines  []orb.LineString
	buffer float64
}

// regionOf returns the extent of geometry g with buffer metres around lines and points.
func regionOf(g orb.Geometry, buffer float64) region {
	switch g := g.(type) {
	case orb.Polygon:
		return region{polys: orb.MultiPolygon{g}}
	case orb.MultiPolygon:
		return region{polys: g}
	case orb.LineString:
		return region{lines: []orb.LineString{g}, buffer: buffer}
	case orb.MultiLineString:
		return region{lines: g, buffer: buffer}
	case orb.Point:
		return region{lines: []orb.LineString{{g}}, buffer: buffer}
	}
	return region{}
}

// contains reports whether the point lat, lng belongs to the region: inside a polygon (on the
// outer boundary counts as inside, on the edge of a hole as outside) or within the buffer of
// a line, boundary included.
func (r region) contains(lat, lng float64) bool {
	if len(r.polys) > 0 {
		return planar.MultiPolygonContains(r.polys, orb.Point{lng, lat})
	}
	for _, ls := range r.lines {
		if geo.WithinBuffer(ls, r.buffer, lat, lng) {
			return true
		}
	}
	return false
}

// box is a latitude/longitude rectangle.
type box struct{ minLat, maxLat, minLng, maxLng float64 }

// bound returns a rectangle holding every point the region contains: the geometry's bounding
// box widened by the buffer, with a margin (10% and 2 m) that covers the difference between
// geo's local projection and the degrees used here.
func (r region) bound() box {
	var b orb.Bound
	if len(r.polys) > 0 {
		b = r.polys.Bound()
	} else {
		b = orb.MultiLineString(r.lines).Bound()
	}
	pad := r.buffer*1.1 + 2
	maxLat := math.Min(89, math.Max(math.Abs(b.Min.Lat()), math.Abs(b.Max.Lat()))+pad/111320+0.01)
	dLat := pad / 111320
	dLng := pad / (111320 * math.Cos(maxLat*math.Pi/180))
	return box{b.Min.Lat() - dLat, b.Max.Lat() + dLat, b.Min.Lon() - dLng, b.Max.Lon() + dLng}
}

// cover returns every cell at res meeting the region: geo.CoverMultiPolygon for polygons,
// geo.CoverLineBuffer for each line.
func (r region) cover(res int) ([]h3.Cell, error) {
	var cells []h3.Cell
	var err error
	if len(r.polys) > 0 {
		cells, err = geo.CoverMultiPolygon(r.polys, res, MaxCells)
	} else {
		seen := map[h3.Cell]bool{}
		for _, ls := range r.lines {
			var got []h3.Cell
			if got, err = geo.CoverLineBuffer(ls, r.buffer, res, MaxCells); err != nil {
				break
			}
			for _, c := range got {
				if !seen[c] {
					seen[c] = true
					cells = append(cells, c)
				}
			}
		}
		if err == nil && len(cells) > MaxCells {
			err = &geo.TooManyCellsError{Res: res, Cells: len(cells), MaxCells: MaxCells}
		}
	}
	var tooMany *geo.TooManyCellsError
	if errors.As(err, &tooMany) {
		return nil, unprocessable("the place is too large for the register: it needs about %d H3 cells at resolution %d, more than the limit of %d",
			tooMany.Cells, res, MaxCells)
	}
	if err != nil {
		return nil, fmt.Errorf("cover place at res %d: %w", res, err)
	}
	return cells, nil
}

// Contains reports whether the point lat, lng belongs to the place: inside its polygon (a
// point on the outer boundary counts as inside) or within its buffer.
func (p *Place) Contains(lat, lng float64) bool {
	return regionOf(p.Geometry, p.BufferMetres).contains(lat, lng)
}

// Cells returns the place's covering at resolution res (MinRes to MaxRes): every H3 cell that
// meets the place, as stored in place_cells.
func (p *Place) Cells(res int) ([]h3.Cell, error) {
	if res < MinRes || res > MaxRes {
		return nil, fmt.Errorf("resolution %d is outside %d..%d", res, MinRes, MaxRes)
	}
	return regionOf(p.Geometry, p.BufferMetres).cover(res)
}
