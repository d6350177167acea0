package geo

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/uber/h3-go/v4"
)

// TooManyCellsError refuses a covering that would hold more cells than the caller allows, and
// names the finest resolution whose covering is estimated to fit.
type TooManyCellsError struct {
	Res      int // the resolution asked for
	Cells    int // cells the covering would hold at Res (an estimate when refused before computing)
	MaxCells int // the caller's limit
	Finest   int // the finest resolution estimated to fit; -1 when none does
}

// Error says how many cells were needed, the limit, and which resolution to use instead.
func (e *TooManyCellsError) Error() string {
	msg := fmt.Sprintf("covering at h3 resolution %d needs about %d cells, more than the limit of %d",
		e.Res, e.Cells, e.MaxCells)
	if e.Finest < 0 {
		return msg + "; no resolution fits"
	}
	return msg + fmt.Sprintf("; resolution %d is the finest that fits", e.Finest)
}

// CoverMultiPolygon returns, sorted and without duplicates, every H3 cell at resolution res
// (0–15) whose hexagon intersects mp, holes excluded, counting a shared boundary as
// intersecting. Unlike h3.PolygonToCells, which keeps only cells whose centre is inside, it
// includes every cell along the edge, so that each point of mp lies in a returned cell and a
// polygon smaller than one cell still gets the cell(s) it touches.
//
// Cell edges are taken as straight lines in longitude/latitude, as are the polygon's; H3's
// edges are great-circle arcs, which differ from those lines by under 1 cm at resolution 8
// and finer in Britain (about 4 cm at 7, 0.3 m at 6, 2.5 m at 5, more at coarser ones).
// Cells that contain a point of a polygon edge are always returned whatever that difference.
// Polygons crossing the antimeridian are not supported.
//
// When the covering is estimated (from the area and perimeter of mp) or found to hold more
// than maxCells cells, CoverMultiPolygon returns a *TooManyCellsError naming the finest
// resolution that fits; see FinestResolutionWithin.
func CoverMultiPolygon(mp orb.MultiPolygon, res int, maxCells int) ([]h3.Cell, error) {
	if res < 0 || res > MaxRes {
		return nil, fmt.Errorf("h3 resolution %d is outside 0..%d", res, MaxRes)
	}
	if maxCells < 1 {
		return nil, fmt.Errorf("cell limit %d must be at least 1", maxCells)
	}
	if err := checkMultiPolygon(mp); err != nil {
		return nil, err
	}
	area, perimeter := polygonMeasures(mp)
	if est := estimatePolygonCells(area, perimeter, mp.Bound().Center(), res); est > float64(maxCells) {
		return nil, &TooManyCellsError{Res: res, Cells: clampInt(est), MaxCells: maxCells,
			Finest: FinestResolutionWithin(mp, maxCells)}
	}

	c := coverer{res: res, spacing: sampleSpacing(mp.Bound().Center(), res),
		out: make(map[h3.Cell]struct{}), hexes: make(map[h3.Cell]orb.Ring)}
	for _, p := range mp {
		c.polygon(p)
	}
	if len(c.out) > maxCells {
		return nil, &TooManyCellsError{Res: res, Cells: len(c.out), MaxCells: maxCells,
			Finest: min(FinestResolutionWithin(mp, maxCells), res-1)}
	}
	return sortedCells(c.out), nil
}

// FinestResolutionWithin returns the finest resolution (0–15) at which the covering of mp is
// estimated to hold at most maxCells cells, or -1 when none does or mp is empty. See
// estimatePolygonCells for the estimate.
func FinestResolutionWithin(mp orb.MultiPolygon, maxCells int) int {
	if len(mp) == 0 || maxCells < 1 {
		return -1
	}
	area, perimeter := polygonMeasures(mp)
	centre := mp.Bound().Center()
	return finestWithin(maxCells, func(res int) float64 {
		return estimatePolygonCells(area, perimeter, centre, res)
	})
}

// finestWithin returns the finest resolution whose estimated cell count is at most maxCells,
// or -1.
func finestWithin(maxCells int, estimate func(res int) float64) int {
	for res := MaxRes; res >= 0; res-- {
		if estimate(res) <= float64(maxCells) {
			return res
		}
	}
	return -1
}

// estimatePolygonCells estimates the number of cells at res meeting a shape of the given area
// (m²) and perimeter (m) around centre. A cell meets the shape only if its centre lies within
// one circumradius R of it, and cell centres are spread one per cell area, so the count is
// about the area of the shape widened by R, at most area + perimeter×R + πR², over the cell
// area. It slightly exceeds the typical count; a margin of 10% and one cell covers the
// scatter of small shapes.
func estimatePolygonCells(area, perimeter float64, centre orb.Point, res int) float64 {
	cellArea, r := localCell(centre, res)
	return 1.1*(area+perimeter*r+math.Pi*r*r)/cellArea + 1
}

// AreaM2 returns the area of mp in square metres, holes taken out, measured in a local
// projection centred on its bounding box (within about 1% for a shape 200 km across).
func AreaM2(mp orb.MultiPolygon) float64 {
	area, _ := polygonMeasures(mp)
	return area
}

// polygonMeasures returns the area (holes taken out) and the length of all rings of mp, in
// square metres and metres, in a local projection centred on its bounding box.
func polygonMeasures(mp orb.MultiPolygon) (area, perimeter float64) {
	pr := newLocalProjection(mp.Bound())
	for _, p := range mp {
		for i, r := range p {
			r = closeRing(r)
			a := 0.0
			for j := 0; j+1 < len(r); j++ {
				p1, p2 := pr.project(r[j]), pr.project(r[j+1])
				a += p1[0]*p2[1] - p2[0]*p1[1]
				perimeter += planar.Distance(p1, p2)
			}
			if i == 0 {
				area += math.Abs(a) / 2
			} else {
				area -= math.Abs(a) / 2
			}
		}
	}
	return math.Max(area, 0), perimeter
}

// localCell returns the area in square metres of the cell at res containing p, and the edge
// length of a regular hexagon of that area.
func localCell(p orb.Point, res int) (area, edge float64) {
	c := h3.LatLngToCell(PointToLatLng(p), res)
	area = h3.HexagonAreaAvgM2(res)
	if c.IsValid() {
		area = h3.CellAreaM2(c)
	}
	return area, math.Sqrt(2 * area / (3 * math.Sqrt(3)))
}

// sampleSpacing is the distance in metres between points sampled along an edge near p at res:
// a third of the smaller of the local and the average edge length, so that any point of the
// edge lies within the 1-ring of the cell of the nearest sample with a wide margin (leaving the
// 1-ring takes at least about 0.87 edge lengths), allowing for the variation of H3 cell sizes.
func sampleSpacing(p orb.Point, res int) float64 {
	_, edge := localCell(p, res)
	return math.Min(edge, h3.HexagonEdgeLengthAvgM(res)) / 3
}

// checkMultiPolygon refuses an empty multipolygon, rings with fewer than three corners, and
// coordinates outside WGS84 range.
func checkMultiPolygon(mp orb.MultiPolygon) error {
	if len(mp) == 0 {
		return errors.New("cannot cover an empty multipolygon")
	}
	for i, p := range mp {
		if len(p) == 0 {
			return fmt.Errorf("polygon %d has no rings", i)
		}
		for j, r := range p {
			if n := len(closeRing(r)); n < 4 {
				return fmt.Errorf("polygon %d ring %d has %d distinct positions: a ring needs at least 3", i, j, n-1)
			}
			for k, pt := range r {
				if !ValidLatLng(pt.Lat(), pt.Lon()) {
					return fmt.Errorf("polygon %d ring %d position %d: longitude %v, latitude %v is outside -180..180, -90..90",
						i, j, k, pt.Lon(), pt.Lat())
				}
			}
		}
	}
	return nil
}

// closeRing returns r with its first position repeated at the end if it was not already.
func closeRing(r orb.Ring) orb.Ring {
	if len(r) == 0 || r[0] == r[len(r)-1] {
		return r
	}
	return append(r[:len(r):len(r)], r[0])
}

// coverer accumulates the covering of one multipolygon at one resolution.
type coverer struct {
	res     int
	spacing float64              // metres between samples along an edge
	out     map[h3.Cell]struct{} // cells found so far
	hexes   map[h3.Cell]orb.Ring // boundaries of tested cells, so each is fetched once
	edges   map[h3.Cell]struct{} // when not nil, also the cells meeting a ring
}

// polygon adds the cells whose centre is inside p (from h3.PolygonToCells) and the cells
// meeting any of its rings. Together these are all the cells meeting p: a cell meeting p
// either crosses a ring, or holds the whole of p, or lies wholly inside p with its centre.
func (c *coverer) polygon(p orb.Polygon) {
	gp := h3.GeoPolygon{GeoLoop: geoLoop(p[0])}
	for _, hole := range p[1:] {
		gp.Holes = append(gp.Holes, geoLoop(hole))
	}
	for _, cell := range h3.PolygonToCells(gp, c.res) {
		if cell.IsValid() {
			c.out[cell] = struct{}{}
		}
	}
	for _, r := range p {
		r = closeRing(r)
		for i := 0; i+1 < len(r); i++ {
			c.edge(r[i], r[i+1])
		}
	}
}

// edge adds the cells meeting the segment ab: the cells of points sampled along it, which
// hold a point of it, and those of their neighbours that the segment reaches.
func (c *coverer) edge(a, b orb.Point) {
	n := max(1, int(math.Ceil(segmentMetres(a, b)/c.spacing)))
	var last h3.Cell
	for k := 0; k <= n; k++ {
		t := float64(k) / float64(n)
		q := orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
		cell := h3.LatLngToCell(PointToLatLng(q), c.res)
		if !cell.IsValid() || cell == last {
			continue
		}
		last = cell
		c.add(cell, true)
		for _, nb := range h3.GridDisk(cell, 1) {
			if !nb.IsValid() {
				continue
			}
			if _, done := c.out[nb]; done && c.edges == nil {
				continue
			}
			if _, done := c.edges[nb]; done {
				continue
			}
			if segmentMeetsRing(a, b, c.hexagon(nb)) {
				c.add(nb, true)
			}
		}
	}
}

// add records cell as meeting the polygon, and as meeting a ring when onEdge.
func (c *coverer) add(cell h3.Cell, onEdge bool) {
	c.out[cell] = struct{}{}
	if onEdge && c.edges != nil {
		c.edges[cell] = struct{}{}
	}
}

// hexagon returns the closed boundary of cell, fetching it from h3 only once.
func (c *coverer) hexagon(cell h3.Cell) orb.Ring {
	r, ok := c.hexes[cell]
	if !ok {
		r = CellBoundary(cell)[0]
		c.hexes[cell] = r
	}
	return r
}

// geoLoop converts a ring to an h3 loop, without the repeated closing position.
func geoLoop(r orb.Ring) h3.GeoLoop {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		r = r[:len(r)-1]
	}
	loop := make(h3.GeoLoop, len(r))
	for i, p := range r {
		loop[i] = PointToLatLng(p)
	}
	return loop
}

// segmentMeetsRing reports whether the segment ab and the area enclosed by the closed ring r
// have a point in common, boundary included.
func segmentMeetsRing(a, b orb.Point, r orb.Ring) bool {
	if planar.RingContains(r, a) || planar.RingContains(r, b) {
		return true
	}
	for i := 0; i+1 < len(r); i++ {
		if segmentsMeet(a, b, r[i], r[i+1]) {
			return true
		}
	}
	return false
}

// segmentsMeet reports whether the closed segments p1p2 and q1q2 have a point in common,
// touching and overlapping included.
func segmentsMeet(p1, p2, q1, q2 orb.Point) bool {
	d1, d2 := orient(q1, q2, p1), orient(q1, q2, p2)
	d3, d4 := orient(p1, p2, q1), orient(p1, p2, q2)
	if opposite(d1, d2) && opposite(d3, d4) {
		return true
	}
	return d1 == 0 && inBox(q1, q2, p1) || d2 == 0 && inBox(q1, q2, p2) ||
		d3 == 0 && inBox(p1, p2, q1) || d4 == 0 && inBox(p1, p2, q2)
}

// inBox reports whether p lies in the bounding box of a and b; for p collinear with a and b,
// whether it lies on the segment ab.
func inBox(a, b, p orb.Point) bool {
	return p[0] >= math.Min(a[0], b[0]) && p[0] <= math.Max(a[0], b[0]) &&
		p[1] >= math.Min(a[1], b[1]) && p[1] <= math.Max(a[1], b[1])
}

// sortedCells returns the keys of set in ascending order.
func sortedCells(set map[h3.Cell]struct{}) []h3.Cell {
	cells := make([]h3.Cell, 0, len(set))
	for c := range set {
		cells = append(cells, c)
	}
	slices.Sort(cells)
	return cells
}

// clampInt converts a non-negative estimate to an int, saturating at math.MaxInt.
func clampInt(x float64) int {
	if x >= math.MaxInt {
		return math.MaxInt
	}
	return int(math.Ceil(x))
}
